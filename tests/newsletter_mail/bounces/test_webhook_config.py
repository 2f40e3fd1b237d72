"""The webhooks' configuration: keys from the environment, refused with one clear reason when unusable."""

import pytest
from provider_signing import sendgrid_key_pair

from service_voices.newsletter_mail.bounces.webhooks import WebhookConfig, WebhookConfigError


def test_keys_come_from_the_environment_and_settings_from_the_site(tmp_path):
    _, public = sendgrid_key_pair()
    config = WebhookConfig.from_settings(
        {"NEWSLETTER_SNS_TOPIC_ARNS": "arn:aws:sns:eu-west-1:1:topic", "NEWSLETTER_SOFT_BOUNCE_LIMIT": 2},
        {"NEWSLETTER_MAILGUN_SIGNING_KEY": " key-1 ", "NEWSLETTER_SENDGRID_PUBLIC_KEY": public},
        db_path=tmp_path / "newsletter.db")
    assert config.sns_topics == ("arn:aws:sns:eu-west-1:1:topic",)
    assert (config.mailgun_key, config.sendgrid_public_key, config.soft_limit, config.soft_issues) == (
        "key-1", public, 2, 5)
    assert config.postmark_user == "" and config.max_age == 300


@pytest.mark.parametrize(("settings", "environ", "named"), [
    ({}, {"NEWSLETTER_SENDGRID_PUBLIC_KEY": "not a key"}, "NEWSLETTER_SENDGRID_PUBLIC_KEY"),
    ({}, {"NEWSLETTER_POSTMARK_USER": "postmark"}, "NEWSLETTER_POSTMARK_PASSWORD"),
    ({"NEWSLETTER_SNS_HOST_PATTERN": "sns.(["}, {}, "NEWSLETTER_SNS_HOST_PATTERN"),
    ({"NEWSLETTER_SOFT_BOUNCE_LIMIT": 6}, {}, "NEWSLETTER_SOFT_BOUNCE_LIMIT"),
    ({"NEWSLETTER_WEBHOOK_MAX_AGE": "five minutes"}, {}, "NEWSLETTER_WEBHOOK_MAX_AGE"),
])
def test_unusable_configuration_is_refused_with_the_name(tmp_path, settings, environ, named):
    with pytest.raises(WebhookConfigError, match=named):
        WebhookConfig.from_settings(settings, environ, db_path=tmp_path / "newsletter.db")

"""The webhooks' settings: keys and passwords from the environment, the rest from the site's settings."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ...settings import DEFAULTS, database_path, setting

MAILGUN_KEY_ENV = "NEWSLETTER_MAILGUN_SIGNING_KEY"
SENDGRID_KEY_ENV = "NEWSLETTER_SENDGRID_PUBLIC_KEY"
POSTMARK_USER_ENV = "NEWSLETTER_POSTMARK_USER"
POSTMARK_PASSWORD_ENV = "NEWSLETTER_POSTMARK_PASSWORD"
POSTMARK_PATH_ENV = "NEWSLETTER_POSTMARK_PATH_SECRET"


class WebhookConfigError(ValueError):
    """A webhook setting or key cannot be used; the message names it."""


@dataclass(frozen=True)
class WebhookConfig:
    """A provider whose key (or topic list) is empty is switched off: its endpoint answers 404."""

    db_path: Path
    soft_limit: int = DEFAULTS["NEWSLETTER_SOFT_BOUNCE_LIMIT"]
    soft_issues: int = DEFAULTS["NEWSLETTER_SOFT_BOUNCE_ISSUES"]
    sns_topics: tuple[str, ...] = ()
    sns_host_pattern: str = DEFAULTS["NEWSLETTER_SNS_HOST_PATTERN"]
    max_age: int = DEFAULTS["NEWSLETTER_WEBHOOK_MAX_AGE"]
    mailgun_key: str = ""
    sendgrid_public_key: str = ""
    postmark_user: str = ""
    postmark_password: str = ""
    postmark_path_secret: str = ""

    @classmethod
    def from_settings(cls, settings: Mapping, environ: Mapping | None = None,
                      db_path: Path | None = None) -> WebhookConfig:
        environ = os.environ if environ is None else environ
        topics = setting(settings, "NEWSLETTER_SNS_TOPIC_ARNS")
        pattern = setting(settings, "NEWSLETTER_SNS_HOST_PATTERN")
        try:
            re.compile(pattern)
        except re.error as error:
            raise WebhookConfigError(f"NEWSLETTER_SNS_HOST_PATTERN is not a regular expression: {error}") from None
        try:
            soft_limit = int(setting(settings, "NEWSLETTER_SOFT_BOUNCE_LIMIT"))
            soft_issues = int(setting(settings, "NEWSLETTER_SOFT_BOUNCE_ISSUES"))
            max_age = int(setting(settings, "NEWSLETTER_WEBHOOK_MAX_AGE"))
        except (TypeError, ValueError):
            raise WebhookConfigError("NEWSLETTER_SOFT_BOUNCE_LIMIT, NEWSLETTER_SOFT_BOUNCE_ISSUES and "
                                     "NEWSLETTER_WEBHOOK_MAX_AGE must be whole numbers") from None
        config = cls(
            db_path=db_path or database_path(dict(settings)),
            soft_limit=soft_limit,
            soft_issues=soft_issues,
            sns_topics=(topics,) if isinstance(topics, str) else tuple(topics),
            sns_host_pattern=pattern,
            max_age=max_age,
            mailgun_key=environ.get(MAILGUN_KEY_ENV, "").strip(),
            sendgrid_public_key=environ.get(SENDGRID_KEY_ENV, "").strip(),
            postmark_user=environ.get(POSTMARK_USER_ENV, ""),
            postmark_password=environ.get(POSTMARK_PASSWORD_ENV, ""),
            postmark_path_secret=environ.get(POSTMARK_PATH_ENV, "").strip(),
        )
        if not 1 <= config.soft_limit <= config.soft_issues:
            raise WebhookConfigError("NEWSLETTER_SOFT_BOUNCE_LIMIT must be at least 1 and at most "
                                     "NEWSLETTER_SOFT_BOUNCE_ISSUES")
        if bool(config.postmark_user) != bool(config.postmark_password):
            raise WebhookConfigError(f"set both {POSTMARK_USER_ENV} and {POSTMARK_PASSWORD_ENV}, or neither")
        if config.sendgrid_public_key:
            from .sendgrid import PublicKeyError, load_public_key

            try:
                load_public_key(config.sendgrid_public_key)
            except PublicKeyError as error:
                raise WebhookConfigError(str(error)) from None
        return config

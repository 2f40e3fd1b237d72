"""What the newsletter's build side and its mail side agree on.

The plugins (``plugins/newsletter``, ``plugins/newsletter_signup``) and the mail
application (``service_voices.newsletter_mail``) both read these settings and form
fields; their defaults live here once, so one line in pelicanconf.py changes both.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from service_voices.settings import project_path

# The folder, beside the output folder, that holds each issue's mail files when
# NEWSLETTER_MAIL_PATH is empty. Never inside the output: it is not for the public.
MAIL_FOLDER_NAME = "newsletter-mail"

SHARED_DEFAULTS = {
    "NEWSLETTER_FROM": "Service Voices <newsletter@service-voices.example>",
    # Public base URL of the subscription service (no trailing slash needed). Empty
    # means no sign-up form on the site, and sending refuses to run without it.
    "NEWSLETTER_SERVICE_URL": "",
    # Where a sign-up is sent after the form: relative to SITEURL, or absolute.
    "NEWSLETTER_SIGNUP_THANKS_URL": "newsletter-thanks/",
    # Words of the sign-up form, in the site's footer and on the service's own page.
    "NEWSLETTER_SIGNUP_HEADING": "Get the monthly newsletter",
    "NEWSLETTER_SIGNUP_TEXT": "One email a month with the new posts. Unsubscribe with one click.",
    "NEWSLETTER_SIGNUP_BUTTON": "Subscribe",
    "NEWSLETTER_SIGNUP_ASK_NAME": True,
    # Where the build writes what sending needs (message.eml, issue.json, the email's
    # HTML and text). Empty: newsletter-mail/ beside the output folder. A relative
    # path is taken from the project root. The build refuses a place inside the output.
    "NEWSLETTER_MAIL_PATH": "",
    # The files sending reads, relative to the mail folder ({slug} is the slug).
    "NEWSLETTER_MESSAGE_SAVE_AS": "{slug}/message.eml",
    "NEWSLETTER_ISSUE_JSON_SAVE_AS": "{slug}/issue.json",
    # Required by anti-spam law in many countries; printed in every email footer, and
    # the sender's preflight looks for it in both parts.
    "NEWSLETTER_POSTAL_ADDRESS": "Service Voices, 12 Example Street, Springfield 00000",
    # Gmail clips a message body at about 102 KB: the build warns at this size and the
    # sender refuses it.
    "NEWSLETTER_EMAIL_MAX_BYTES": 100 * 1024,
}

# The fields the sign-up form and the service agree on. The honeypot is a text field
# people never see; bots that fill every field give themselves away.
FIELD_EMAIL = "email"
FIELD_NAME = "name"
FIELD_HONEYPOT = "website"


def default_mail_folder(output: str | Path) -> Path:
    """The mail folder that goes with an output folder when NEWSLETTER_MAIL_PATH is empty."""
    return project_path(output).parent / MAIL_FOLDER_NAME


def mail_folder(settings: Mapping, output: str | Path | None = None) -> Path:
    """Where the build writes, and sending reads, each issue's mail files."""
    configured = settings.get("NEWSLETTER_MAIL_PATH")
    if configured:
        return project_path(configured)
    return default_mail_folder(output or settings.get("OUTPUT_PATH") or "output")


def mail_folder_problem(mail: Path, output: Path) -> str | None:
    """Why ``mail`` cannot hold the mail files of a site built into ``output``, or None."""
    mail, output = Path(mail).resolve(), Path(output).resolve()
    if mail == output or output in mail.parents:
        return (f"NEWSLETTER_MAIL_PATH ({mail}) is inside the output folder {output}, which is published; "
                "the mail files carry per-recipient placeholders and must stay out of it")
    if mail in output.parents:
        return (f"NEWSLETTER_MAIL_PATH ({mail}) holds the output folder {output}; "
                "give the mail files a folder of their own")
    return None

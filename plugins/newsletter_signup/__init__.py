"""The newsletter sign-up form in the site's footer.

The form posts to the subscription service (service_voices.newsletter_mail.service),
which runs apart from any build. This plugin hands the NEWSLETTER_SIGNUP_* settings
and NEWSLETTER_SERVICE_URL to the theme, and warns about a form that would lead
nowhere (no thank-you page, an http service behind an https site).
"""

from .wiring import register

__all__ = ["register"]

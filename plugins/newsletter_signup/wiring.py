import logging

from pelican import signals

from .settings import DEFAULTS, setting

log = logging.getLogger(__name__)


def expose_settings(pelican):
    """Templates can use every NEWSLETTER_SIGNUP_* setting even when pelicanconf.py leaves it out."""
    settings = pelican.settings
    for name, value in DEFAULTS.items():
        settings.setdefault(name, value)
    service_url = setting(settings, "NEWSLETTER_SERVICE_URL")
    if settings.get("SITEURL", "").startswith("https://") and service_url.startswith("http://"):
        log.warning("NEWSLETTER_SERVICE_URL %s is not https: browsers warn before sending the sign-up "
                    "form from an https page to it", service_url)


def check_thanks_page(generator):
    """Warn when the form would send people to a thank-you page the site does not have."""
    settings = generator.settings
    if not setting(settings, "NEWSLETTER_SERVICE_URL"):
        return
    target = setting(settings, "NEWSLETTER_SIGNUP_THANKS_URL")
    if "://" in target:
        return
    wanted = target.strip("/")
    pages = list(generator.pages) + list(getattr(generator, "hidden_pages", []))
    if not any(page.url.strip("/") == wanted for page in pages):
        log.warning("NEWSLETTER_SIGNUP_THANKS_URL: no page has the URL %r; add one to content/pages/ "
                    "(Status: hidden keeps it out of the menu)", target)


def register():
    signals.initialized.connect(expose_settings)
    signals.page_generator_finalized.connect(check_thanks_page)

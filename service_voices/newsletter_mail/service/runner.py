"""Start the subscription service with uvicorn, configured from the site's settings.

``invoke subscriptions`` calls ``serve()``; tests and the load benchmark run
``python -m service_voices.newsletter_mail.service.runner``.
"""

from __future__ import annotations

import argparse
import logging
import os
import sqlite3
import sys

from service_voices.responses.config import responses_config
from service_voices.settings import SettingsFileMissing, load_settings, parse_overrides

from ..settings import DatabasePlacementError, database_path, setting

log = logging.getLogger(__name__)

KEEP_ALIVE_SECONDS = 75


class ConfigError(ValueError):
    """The service cannot start with these settings; the message says what to change."""


def read_site_settings(settings_file: str | os.PathLike, overrides: dict | None = None) -> dict:
    try:
        return load_settings(settings_file, overrides)
    except SettingsFileMissing as error:
        raise ConfigError(str(error)) from None


def load_config(settings: dict, environ=None, port: int | None = None):
    """A ServiceConfig from the site's settings and the environment, or ConfigError."""
    from ..settings import secret as read_secret
    from .app import ServiceConfig
    from .mail import SmtpConfig, SmtpConfigError

    environ = os.environ if environ is None else environ
    secret = read_secret(environ)
    if not secret:
        raise ConfigError("NEWSLETTER_SECRET is not set; export the same secret the sending tasks use")
    try:
        smtp = SmtpConfig.from_env(environ, timeout=30)
    except SmtpConfigError as error:
        raise ConfigError(str(error)) from None
    site_url = settings.get("SITEURL", "").rstrip("/")
    service_url = setting(settings, "NEWSLETTER_SERVICE_URL").rstrip("/")
    if not service_url:
        # Enough to try the service locally; the live site sets the public URL.
        service_url = f"http://127.0.0.1:{port or setting(settings, 'NEWSLETTER_SIGNUP_PORT')}"
        log.warning("NEWSLETTER_SERVICE_URL is empty; confirmation links will point at %s", service_url)
    thanks = setting(settings, "NEWSLETTER_SIGNUP_THANKS_URL")
    if "://" not in thanks:
        thanks = f"{site_url}/{thanks.lstrip('/')}"
    try:
        db_path = database_path(settings)
    except DatabasePlacementError as error:
        raise ConfigError(str(error)) from None
    static = f"{site_url}/{settings.get('THEME_STATIC_DIR', 'theme')}/css"
    from ..bounces.webhooks import WebhookConfig, WebhookConfigError

    try:
        webhooks = WebhookConfig.from_settings(settings, environ, db_path)
    except WebhookConfigError as error:
        raise ConfigError(str(error)) from None
    try:
        responses = responses_config(settings, service_url)
    except ValueError as error:
        raise ConfigError(str(error)) from None
    limits = {}
    for name in ("CLIENT_LIMIT", "EMAIL_LIMIT", "LIMIT_WINDOW"):
        value = setting(settings, f"NEWSLETTER_SIGNUP_{name}")
        if not isinstance(value, int) or value < 0:
            raise ConfigError(f"NEWSLETTER_SIGNUP_{name} must be a whole number >= 0, not {value!r}")
        limits[name.lower()] = value
    return ServiceConfig(
        db_path=db_path,
        secret=secret,
        service_url=service_url,
        site_url=site_url,
        site_name=settings.get("SITENAME", "the site"),
        thanks_url=thanks,
        from_address=setting(settings, "NEWSLETTER_FROM"),
        confirm_max_age=int(setting(settings, "NEWSLETTER_CONFIRM_MAX_AGE")),
        smtp=smtp,
        stylesheets=(f"{static}/site.css", f"{static}/newsletter-signup.css"),
        form_intro=setting(settings, "NEWSLETTER_SIGNUP_TEXT"),
        form_button=setting(settings, "NEWSLETTER_SIGNUP_BUTTON"),
        ask_name=bool(setting(settings, "NEWSLETTER_SIGNUP_ASK_NAME")),
        webhooks=webhooks,
        responses=responses,
        **limits,
    )


def serve(settings_file: str = "pelicanconf.py", host: str = "127.0.0.1", port: int | None = None,
          overrides: dict | None = None, forwarded_allow_ips: str = "127.0.0.1", access_log: bool = True) -> None:
    """Run until stopped. Raises ConfigError before listening when the settings are unusable."""
    import uvicorn

    from .app import create_app

    settings = read_site_settings(settings_file, overrides)
    port = int(port or setting(settings, "NEWSLETTER_SIGNUP_PORT"))
    config = load_config(settings, port=port)
    try:
        app = create_app(config)
    except (OSError, sqlite3.Error) as error:
        raise ConfigError(f"{config.db_path}: cannot open the subscriber database ({error})") from None
    # One worker: the rate limiter counts in this process's memory. proxy_headers
    # takes the client address from X-Forwarded-For, but only from the proxies named.
    # Idle connections are kept longer than proxies and clients keep theirs (nginx:
    # 60 s), so the server is never the one closing a connection just as a request
    # is sent on it; with uvicorn's 5 s a client under load saw the odd reset.
    uvicorn.run(app, host=host, port=port, workers=1, proxy_headers=True,
                forwarded_allow_ips=forwarded_allow_ips, server_header=False,
                timeout_keep_alive=KEEP_ALIVE_SECONDS, access_log=access_log, log_level="info")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the newsletter subscription service.")
    parser.add_argument("--settings", default="pelicanconf.py")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=None)
    parser.add_argument("--forwarded-allow-ips", default="127.0.0.1",
                        help="proxies whose X-Forwarded-For is believed (comma-separated)")
    parser.add_argument("--no-access-log", action="store_true")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=JSON",
                        help="override a setting, e.g. --set NEWSLETTER_DB='\"/tmp/x.db\"'")
    args = parser.parse_args(argv)
    overrides = parse_overrides(args.set)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s: %(message)s")
    try:
        serve(args.settings, args.host, args.port, overrides, args.forwarded_allow_ips,
              access_log=not args.no_access_log)
    except ConfigError as error:
        print(f"ERROR: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())

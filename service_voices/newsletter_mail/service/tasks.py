"""``invoke subscriptions``: run the subscription service locally."""

from __future__ import annotations

import logging

from invoke import Exit, task


@task(help={
    "port": "port to listen on (default NEWSLETTER_SIGNUP_PORT, 8025)",
    "host": "address to listen on; keep 127.0.0.1 and put a reverse proxy in front",
    "settings": "settings file to read SITEURL and the NEWSLETTER_* values from (default pelicanconf.py)",
    "forwarded_allow_ips": "proxies whose X-Forwarded-For header is believed (default 127.0.0.1)",
})
def subscriptions(c, port=0, host="127.0.0.1", settings="pelicanconf.py", forwarded_allow_ips="127.0.0.1"):
    """Run the subscription service (sign-up, confirm, one-click unsubscribe) with uvicorn."""
    from .runner import ConfigError, serve

    logging.basicConfig(level=logging.INFO, format="%(levelname)s: %(message)s")
    try:
        serve(settings, host, port or None, forwarded_allow_ips=forwarded_allow_ips)
    except ConfigError as error:
        raise Exit(f"Cannot start the subscription service: {error}", code=2) from None

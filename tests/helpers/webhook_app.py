"""The webhook routes mounted in a small Starlette app of the tests, served by uvicorn on 127.0.0.1.

The subscription service mounts the same ``routes(config)`` at /webhooks; here they
stand alone, configured as the service configures them: from a settings file
(WEBHOOK_TEST_SETTINGS) and the environment (the providers' keys, SSL_CERT_FILE).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from processes import stop
from smtp_sink import free_port
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Mount, Route

from service_voices.newsletter_mail.bounces.webhooks import WebhookConfig, routes
from service_voices.settings import load_settings

HELPERS = Path(__file__).resolve().parent
ROOT = HELPERS.parents[1]


async def _health(request):
    return PlainTextResponse("ok")


def create_app() -> Starlette:
    settings = load_settings(os.environ["WEBHOOK_TEST_SETTINGS"])
    config = WebhookConfig.from_settings(settings, os.environ)
    return Starlette(routes=[Route("/healthz", _health), Mount("/webhooks", routes=routes(config))])


@contextmanager
def running_webhooks(settings_file: Path, env: dict[str, str], log_path: Path) -> Iterator[str]:
    """The app in its own uvicorn process; yields its base URL."""
    port = free_port()
    environ = {**os.environ, **env, "WEBHOOK_TEST_SETTINGS": str(settings_file)}
    command = [sys.executable, "-m", "uvicorn", "--factory", "webhook_app:create_app", "--app-dir", str(HELPERS),
               "--host", "127.0.0.1", "--port", str(port), "--no-access-log"]
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=environ, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the webhook app exited: {log_path.read_text()}")
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"the webhook app did not start: {log_path.read_text()}") from None
                time.sleep(0.1)
        yield url
    finally:
        stop(process)

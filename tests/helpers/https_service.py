"""The real subscription service behind HTTPS on 127.0.0.1, as the README deploys it behind a proxy.

The service itself speaks plain HTTP on loopback; in production nginx terminates
TLS in front of it. Here a small TLS-terminating proxy (asyncio, a certificate made
by openssl for ``localhost``) plays nginx's part. Processes that should trust the
certificate get ``SSL_CERT_FILE`` pointing at it (``HttpsService.env``), which
Python's default TLS context honours.
"""

from __future__ import annotations

import asyncio
import ssl
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from signup_support import free_port, running_service


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A certificate and key for ``localhost`` and 127.0.0.1, valid for two days."""
    folder.mkdir(parents=True, exist_ok=True)
    cert, key = folder / "localhost.pem", folder / "localhost.key"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-keyout", str(key), "-out", str(cert), "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
                   check=True, capture_output=True)
    return cert, key


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        writer.close()


@contextmanager
def tls_proxy(target_port: int, cert: Path, key: Path, port: int | None = None) -> Iterator[int]:
    """Accept TLS on a loopback port and forward the plain bytes to ``target_port``; yields the port."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    loop = asyncio.new_event_loop()
    port = port or free_port()

    async def handle(client_reader, client_writer):
        try:
            server_reader, server_writer = await asyncio.open_connection("127.0.0.1", target_port)
        except OSError:
            client_writer.close()
            return
        await asyncio.gather(_pipe(client_reader, server_writer), _pipe(server_reader, client_writer))

    server = loop.run_until_complete(asyncio.start_server(handle, "127.0.0.1", port, ssl=context))
    thread = threading.Thread(target=loop.run_forever, name="tls-proxy", daemon=True)
    thread.start()
    try:
        yield port
    finally:
        loop.call_soon_threadsafe(server.close)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)


@dataclass
class HttpsService:
    url: str
    certificate: Path

    @property
    def env(self) -> dict[str, str]:
        return {"SSL_CERT_FILE": str(self.certificate)}


@contextmanager
def https_service(folder: Path, **settings) -> Iterator[HttpsService]:
    """The real subscription service, reached at https://localhost:<port>."""
    cert, key = self_signed_certificate(folder / "tls")
    port = free_port()
    url = f"https://localhost:{port}"
    settings.setdefault("NEWSLETTER_SERVICE_URL", url)
    with running_service(folder / "service", free_port(), **settings) as service:
        service_port = int(service.url.rsplit(":", 1)[1])
        with tls_proxy(service_port, cert, key, port):
            yield HttpsService(url, cert)

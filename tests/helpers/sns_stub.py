"""A stand-in for SNS's own HTTPS endpoints on 127.0.0.1: the signing certificate and the
subscription-confirmation link, served over TLS with a certificate from the test CA.

    with SnsStub(ca) as sns:
        sns.cert_url            # https://127.0.0.1:<port>/SimpleNotificationService-test.pem
        sns.subscribe_url("t")  # https://127.0.0.1:<port>/confirm?Token=t
        sns.confirmed           # tokens whose link was fetched
"""

from __future__ import annotations

import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from tls_certs import Issued, issue

CERT_PATH = "/SimpleNotificationService-test.pem"


class SnsStub:
    def __init__(self, ca: Issued, folder: Path):
        self.signer = issue(ca, "sns.test signing", hosts=())
        self.confirmed: list[str] = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                parts = urlsplit(self.path)
                if parts.path == CERT_PATH:
                    body = stub.signer.cert_pem
                elif parts.path == "/confirm":
                    stub.confirmed.append(parse_qs(parts.query).get("Token", [""])[0])
                    body = b"<ConfirmSubscriptionResponse/>"
                else:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        cert, key = issue(ca, "127.0.0.1").write(folder, "sns-stub")
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert, key)
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.base = f"https://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def cert_url(self) -> str:
        return self.base + CERT_PATH

    def subscribe_url(self, token: str) -> str:
        return f"{self.base}/confirm?Action=ConfirmSubscription&Token={token}"

    def __enter__(self) -> SnsStub:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

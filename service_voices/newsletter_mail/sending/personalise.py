"""Per-recipient message bytes: the template's body plus fresh headers and links."""

from __future__ import annotations

import itertools
import secrets
import time
from email.utils import formatdate, parseaddr

from service_voices.newsletter_mail.subscribers.tokens import make_token

from ..settings import DKIM_HEADERS
from .message import MessageTemplate, Recipient, address_header


class DkimSigner:
    def __init__(self, selector: str, domain: str, private_key: bytes):
        self.selector = selector.encode("ascii")
        self.domain = domain.encode("ascii")
        self.private_key = private_key
        import dkim  # only when signing: dkimpy loads a DNS resolver at import

        self._sign = dkim.sign

    def sign(self, message: bytes) -> bytes:
        # dkimpy's default list leaves out List-Unsubscribe-Post, which RFC 8058
        # needs signed; name every header that matters explicitly.
        return self._sign(message, self.selector, self.domain, self.private_key,
                         include_headers=list(DKIM_HEADERS), linesep=b"\r\n") + message


class Personaliser:
    """Turns one prepared template into each recipient's message."""

    def __init__(self, template: MessageTemplate, issue: str, service_url: str, secret: str,
                 unsubscribe_mailto: str = "", signer: DkimSigner | None = None):
        self.template = template
        self.issue = issue
        self.unsubscribe_base = f"{service_url.rstrip('/')}/unsubscribe?token="
        self.secret = secret
        self.mailto = f", <mailto:{unsubscribe_mailto}?subject=unsubscribe>" if unsubscribe_mailto else ""
        self.signer = signer
        self.domain = parseaddr(template.sender)[1].rpartition("@")[2] or "localhost"
        # One random run id plus a counter gives unique Message-IDs without a
        # random draw per message (next() on a count is safe across the sending threads).
        self.run_id = secrets.token_hex(6)
        self.counter = itertools.count(1)
        self.issued_at = int(time.time())
        self._date_second = -1
        self._date = ""

    def unsubscribe_url(self, email: str) -> str:
        return self.unsubscribe_base + make_token(self.secret, email, "unsubscribe", self.issued_at)

    def _now_header(self) -> str:
        second = int(time.time())
        if second != self._date_second:
            self._date_second, self._date = second, formatdate(second, usegmt=True)
        return self._date

    def message_for(self, recipient: Recipient) -> bytes:
        url = self.unsubscribe_url(recipient.email)
        headers = (
            f"To: {address_header(recipient)}\r\n"
            f"Date: {self._now_header()}\r\n"
            f"Message-ID: <{self.issue}.{self.run_id}.{next(self.counter)}@{self.domain}>\r\n"
            f"List-Unsubscribe: <{url}>{self.mailto}\r\n"
            "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"
        ).encode()
        message = self.template.render(recipient, url, headers)
        return self.signer.sign(message) if self.signer else message

"""The bounce mailbox over IMAP, always over TLS, configured from the environment like SMTP.

IMAP_HOST, IMAP_PORT (993 for ssl, 143 for starttls), IMAP_USER, IMAP_PASSWORD and
IMAP_TLS (``ssl``, the default, or ``starttls``). Certificates are checked against
the system's trust store; a private CA can be added with SSL_CERT_FILE.

Messages are fetched with BODY.PEEK, so reading marks nothing as seen. A processed
message is moved to NEWSLETTER_BOUNCE_PROCESSED_FOLDER (created when missing), with
MOVE where the server has it, otherwise COPY and delete; one that cannot be read
stays where it is, unread.
"""

from __future__ import annotations

import imaplib
import re
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from .mailboxes import Item, MailboxError

TLS_MODES = ("ssl", "starttls")


class ImapConfigError(ValueError):
    """The IMAP_* variables are missing or wrong; the message says which."""


@dataclass
class ImapConfig:
    host: str
    port: int
    user: str
    password: str
    tls: str = "ssl"
    folder: str = "INBOX"
    timeout: float = 60

    @classmethod
    def from_env(cls, environ, folder: str = "INBOX") -> ImapConfig:
        host = environ.get("IMAP_HOST", "").strip()
        user = environ.get("IMAP_USER", "")
        password = environ.get("IMAP_PASSWORD", "")
        if not host:
            raise ImapConfigError("IMAP_HOST is not set; export IMAP_HOST, IMAP_USER, IMAP_PASSWORD (and IMAP_PORT, "
                                  "IMAP_TLS) to read the bounce mailbox over IMAP")
        if not user or not password:
            raise ImapConfigError("IMAP_USER and IMAP_PASSWORD must both be set")
        tls = environ.get("IMAP_TLS", "ssl").strip().lower() or "ssl"
        if tls not in TLS_MODES:
            raise ImapConfigError(f"IMAP_TLS is {tls!r}; use ssl or starttls (IMAP without TLS would send the "
                                  "password in the clear)")
        try:
            port = int(environ.get("IMAP_PORT", "") or (993 if tls == "ssl" else 143))
        except ValueError:
            raise ImapConfigError(f"IMAP_PORT is {environ.get('IMAP_PORT')!r}, not a port number") from None
        return cls(host, port, user, password, tls, folder)


def _said(error: Exception) -> str:
    """imaplib's errors carry the server's bytes; show its words."""
    said = error.args[0] if error.args and isinstance(error, imaplib.IMAP4.error) else error
    return said.decode("utf-8", "replace") if isinstance(said, bytes) else str(said)


@contextmanager
def _server_errors() -> Iterator[None]:
    """A dropped connection or a protocol error mid-run, as one MailboxError."""
    try:
        yield
    except (OSError, imaplib.IMAP4.error) as error:
        raise MailboxError(f"the IMAP connection failed: {_said(error)}") from None


def _quoted(name: str) -> str:
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _ok(answer: tuple, what: str) -> list:
    kind, data = answer
    if kind != "OK":
        detail = b" ".join(part for part in data if isinstance(part, bytes)).decode("utf-8", "replace")
        raise MailboxError(f"the IMAP server refused to {what}: {detail}")
    return data


class ImapSource:
    origin = "imap"

    def __init__(self, config: ImapConfig, processed_folder: str = "Processed"):
        self.config = config
        self.processed_folder = processed_folder
        self.where = f"IMAP folder {config.folder} on {config.host}:{config.port} ({config.user})"
        context = ssl.create_default_context()
        try:
            if config.tls == "ssl":
                self.client = imaplib.IMAP4_SSL(config.host, config.port, ssl_context=context,
                                                timeout=config.timeout)
            else:
                self.client = imaplib.IMAP4(config.host, config.port, timeout=config.timeout)
                self.client.starttls(ssl_context=context)
        except (OSError, imaplib.IMAP4.error) as error:
            raise MailboxError(f"cannot connect to {config.host}:{config.port} ({config.tls}): {_said(error)}"
                               ) from None
        try:
            self.client.login(config.user, config.password)
        except imaplib.IMAP4.error as error:
            self.client.shutdown()
            raise MailboxError(f"the IMAP server at {config.host} refused the login of IMAP_USER: {_said(error)}"
                               ) from None
        try:
            with _server_errors():
                self.capabilities = {name.upper() for name in _ok(self.client.capability(), "list its capabilities")[0]
                                     .decode("ascii", "replace").split()}
                _ok(self.client.select(_quoted(config.folder)), f"open the folder {config.folder!r}")
        except MailboxError:
            self.client.shutdown()
            raise
        self.deleted = False
        self.folder_ready = False

    def items(self) -> Iterator[Item]:
        with _server_errors():
            found = _ok(self.client.uid("SEARCH", None, "UNDELETED"), "search the folder")
        for uid in (found[0] or b"").split():
            with _server_errors():
                data = _ok(self.client.uid("FETCH", uid, "(BODY.PEEK[])"), f"fetch message UID {uid.decode()}")
            raw = next((part[1] for part in data if isinstance(part, tuple) and len(part) == 2), None)
            if raw is not None:
                yield Item(f"UID {uid.decode()}", raw, uid)

    def _ensure_folder(self) -> None:
        if self.folder_ready:
            return
        kind, data = self.client.create(_quoted(self.processed_folder))
        # NO [ALREADYEXISTS] (RFC 5530) or a plain NO: the folder is there already.
        if kind != "OK" and not re.search(rb"exist", b" ".join(d for d in data if isinstance(d, bytes)), re.I):
            raise MailboxError(f"cannot create the IMAP folder {self.processed_folder!r}")
        self.folder_ready = True

    def done(self, item: Item) -> None:
        with _server_errors():
            self._ensure_folder()
            target = _quoted(self.processed_folder)
            if "MOVE" in self.capabilities:
                _ok(self.client.uid("MOVE", item.handle, target), f"move {item.label} to {self.processed_folder}")
                return
            _ok(self.client.uid("COPY", item.handle, target), f"copy {item.label} to {self.processed_folder}")
            _ok(self.client.uid("STORE", item.handle, "+FLAGS.SILENT", r"(\Deleted \Seen)"), f"delete {item.label}")
            self.deleted = True

    def close(self) -> None:
        try:
            if self.deleted:
                self.client.expunge()
            self.client.logout()
        except (OSError, imaplib.IMAP4.error):
            self.client.shutdown()

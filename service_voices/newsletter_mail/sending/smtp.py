"""One SMTP connection that reports every message's fate as a reply code.

smtplib raises a different exception for each stage; the sending loop only needs
to know whether the server accepted the message (250), wants it later (4xx),
refuses it for good (5xx), or whether the connection went away, and then whether the
message was already complete on the wire (``in_doubt``: it may have arrived) or not
(it cannot have: the server only takes a message at its final ".").

Timeouts follow RFC 5321 section 4.5.3.2: minutes for each command's reply, and
the longest wait for the reply after the final "." (the server may be delivering).
"""

from __future__ import annotations

import re
import select
import smtplib
import ssl
from contextlib import contextmanager
from dataclasses import dataclass

TLS_MODES = ("none", "starttls", "ssl")
_LEADING_DOT = re.compile(rb"(?m)^\.")
# RFC 5321 4.5.3.2: 5 minutes for the greeting and the replies to MAIL, RCPT and
# DATA; 10 minutes for the reply after the final ".".
COMMAND_TIMEOUT = 300
DATA_TIMEOUT = 600
# Replies that mean "too much from you right now" rather than anything about the
# recipient: the sender slows down instead of counting them against the message.
THROTTLE_CODES = (421, 454)
_THROTTLE_TEXT = re.compile(r"too many (connections|sessions|concurrent)|rate limit|slow down", re.IGNORECASE)


def is_throttle(code: int, text: str) -> bool:
    return code in THROTTLE_CODES or (400 <= code < 500 and bool(_THROTTLE_TEXT.search(text)))


def _terminated(data: bytes) -> bytes:
    # Dot-stuffing (RFC 5321 4.5.2). Lines starting with a dot are rare, and a plain
    # search is far cheaper than running the regex over every message.
    body = _LEADING_DOT.sub(b"..", data) if data.startswith(b".") or b"\n." in data else data
    if not body.endswith(b"\r\n"):
        body += b"\r\n"
    return body + b".\r\n"


class ConfigError(ValueError):
    """The SMTP settings in the environment are missing or wrong."""


class ConnectionLost(Exception):
    """The connection failed mid-transaction; ``SmtpConnection.in_doubt`` says whether the message may have arrived."""


@dataclass
class SmtpConfig:
    host: str
    port: int
    user: str = ""
    password: str = ""
    tls: str = "starttls"
    timeout: float = COMMAND_TIMEOUT
    data_timeout: float = DATA_TIMEOUT

    @classmethod
    def from_env(cls, environ, timeout: float = COMMAND_TIMEOUT, data_timeout: float = DATA_TIMEOUT) -> SmtpConfig:
        host = environ.get("SMTP_HOST", "").strip()
        if not host:
            raise ConfigError("SMTP_HOST is not set; export SMTP_HOST, SMTP_PORT, SMTP_USER, SMTP_PASSWORD "
                              "and SMTP_TLS (none, starttls or ssl) before sending")
        tls = environ.get("SMTP_TLS", "starttls").strip().lower() or "starttls"
        if tls not in TLS_MODES:
            raise ConfigError(f"SMTP_TLS is {tls!r}; use one of: {', '.join(TLS_MODES)}")
        default_port = {"none": 25, "starttls": 587, "ssl": 465}[tls]
        try:
            port = int(environ.get("SMTP_PORT", "") or default_port)
        except ValueError:
            raise ConfigError(f"SMTP_PORT is {environ.get('SMTP_PORT')!r}, not a port number") from None
        user = environ.get("SMTP_USER", "")
        password = environ.get("SMTP_PASSWORD", "")
        if user and not password:
            raise ConfigError("SMTP_USER is set but SMTP_PASSWORD is not")
        return cls(host, port, user, password, tls, timeout, data_timeout)

    @property
    def where(self) -> str:
        return f"{self.host}:{self.port} ({self.tls})"


@dataclass
class Reply:
    stage: str  # "mail", "rcpt" or "data"
    code: int
    text: str

    @property
    def accepted(self) -> bool:
        return self.stage == "data" and self.code == 250

    @property
    def throttle(self) -> bool:
        return is_throttle(self.code, self.text)

    def __str__(self) -> str:
        return f"{self.code} {self.text}".strip()


class SmtpConnection:
    def __init__(self, config: SmtpConfig):
        self.config = config
        self.client: smtplib.SMTP | None = None
        self.pipelining = False
        self._envelope = ("", "")
        # True from the moment a message's final "." has been handed to the network
        # until its reply is read: if the connection fails meanwhile, the message may
        # have been accepted, and sending it again could make a copy.
        self.in_doubt = False

    def open(self) -> None:
        """Connect, secure and log in; OSError or smtplib errors propagate."""
        config = self.config
        if config.tls == "ssl":
            client = smtplib.SMTP_SSL(config.host, config.port, timeout=config.timeout,
                                      context=ssl.create_default_context())
        else:
            client = smtplib.SMTP(config.host, config.port, timeout=config.timeout)
        try:
            client.ehlo()
            if config.tls == "starttls":
                client.starttls(context=ssl.create_default_context())
                client.ehlo()
            if config.user:
                client.login(config.user, config.password)
        except BaseException:
            client.close()
            raise
        self.client = client
        self.pipelining = client.has_extn("pipelining")
        self.in_doubt = False

    def close(self) -> None:
        if self.client is None:
            return
        try:
            self.client.quit()
        except (smtplib.SMTPException, OSError):
            self.client.close()
        self.client = None

    def drop(self) -> None:
        if self.client is not None:
            self.client.close()
            self.client = None

    # A transaction in four steps, so that the sending loop can do its own work
    # (record the previous delivery, build the next message) while the server is
    # busy, instead of between round trips:
    #   start(sender, recipient) -> finish_envelope() -> send_body(data) -> result()
    # Every step raises ConnectionLost when the connection fails.

    def start(self, sender: str, recipient: str, previous_body: bytes | None = None) -> None:
        """Begin a transaction, after finishing the previous one's message if it is given.

        With PIPELINING (RFC 2920) the previous message's content and this
        transaction's MAIL, RCPT and DATA go out in one write, so a message costs one
        round trip; without it, only the content is written now and the commands
        one by one in finish_envelope(). Either way, read the previous message's
        result() before finish_envelope(). ``sender`` and ``recipient`` are bare,
        already validated addresses.
        """
        self._envelope = (sender, recipient)
        data = _terminated(previous_body) if previous_body is not None else b""
        message_end = len(data) if previous_body is not None else None
        if self.pipelining:
            data += f"MAIL FROM:<{sender}>\r\nRCPT TO:<{recipient}>\r\nDATA\r\n".encode("ascii")
        if data:
            self._write(data, message_end)

    def finish_envelope(self) -> Reply | None:
        """None when the server waits for the message; otherwise its refusal."""
        client = self.client
        with self._guard():
            client.sock.settimeout(self.config.timeout)
            if not self.pipelining:
                sender, recipient = self._envelope
                code, text = client.mail(sender)
                if code != 250:
                    return self._refused("mail", code, text)
                code, text = client.rcpt(recipient)
                if code not in (250, 251):
                    return self._refused("rcpt", code, text)
                code, text = client.docmd("data")
                return None if code == 354 else self._refused("data", code, text)
            replies = [("mail", *client.getreply()), ("rcpt", *client.getreply()), ("data", *client.getreply())]
            envelope_ok = replies[0][1] == 250 and replies[1][1] in (250, 251)
            if replies[2][1] == 354 and envelope_ok:
                return None
            if replies[2][1] == 354:
                # DATA was accepted although the envelope was not: end the empty message.
                client.send(b".\r\n")
                client.getreply()
            for stage, code, text in replies:
                if code not in (250, 251, 354):
                    return self._refused(stage, code, text)
            return self._refused(*replies[2])

    def send_body(self, data: bytes) -> None:
        body = _terminated(data)
        self._write(body, len(body))

    def result(self) -> Reply:
        """The server's verdict on the last message sent; the transaction is over either way."""
        with self._guard():
            self.client.sock.settimeout(self.config.data_timeout)
            code, text = self.client.getreply()
        self.in_doubt = False
        if code == 421:
            self.drop()
        # No RSET here: a pipelined next transaction may already be on its way.
        return Reply("data", code, text.decode("utf-8", "replace"))

    def send(self, sender: str, recipient: str, data: bytes) -> Reply:
        """One whole transaction."""
        self.start(sender, recipient)
        refusal = self.finish_envelope()
        if refusal:
            return refusal
        self.send_body(data)
        return self.result()

    def _write(self, data: bytes, message_end: int | None) -> None:
        """Send ``data``, noting when its first ``message_end`` bytes (a whole message) are out."""
        with self._guard():
            sock = self.client.sock
            if message_end is not None and select.select([sock], [], [], 0)[0]:
                # After its 354 a server says nothing until the final ".": anything to
                # read now is its goodbye (a close, a 421). The message has not left,
                # so it is plainly not sent rather than in doubt.
                raise OSError("the server closed the connection before the message was sent")
            sock.settimeout(self.config.timeout)
            view, sent = memoryview(data), 0
            while sent < len(data):
                sent += sock.send(view[sent:])
                if message_end is not None and sent >= message_end:
                    self.in_doubt = True

    @contextmanager
    def _guard(self):
        if self.client is None:
            raise ConnectionLost("not connected")
        try:
            yield
        except (smtplib.SMTPServerDisconnected, OSError) as error:
            self.drop()
            raise ConnectionLost(str(error) or type(error).__name__) from error

    def _refused(self, stage: str, code: int, text: bytes) -> Reply:
        reply = Reply(stage, code, text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text))
        if code == 421:  # the server is closing this connection
            self.drop()
        else:
            try:
                self.client.rset()
            except (smtplib.SMTPException, OSError):
                self.drop()
        return reply

"""Personalise a compiled issue by substituting bytes, never by re-rendering it.

The export writes message.eml once per issue: UTF-8 quoted-printable parts holding
the literal placeholders %%GREETING_NAME%% and %%UNSUBSCRIBE_URL%%. Loading it
splits the bytes into fixed pieces and the few lines that hold a placeholder; each
recipient then costs one join of those pieces with the placeholders swapped for the
recipient's values (quoted-printable encoded, HTML-escaped in the HTML part) and a
handful of fresh headers. No MIME parsing, inlining or encoding of the whole body
happens per recipient.
"""

from __future__ import annotations

import email
import email.header
import email.policy
import email.utils
import html
import re
from dataclasses import dataclass
from email.utils import formataddr

from service_voices import placeholders

UNSUBSCRIBE = placeholders.UNSUBSCRIBE_URL.encode()
GREETING = placeholders.GREETING_NAME.encode()
PLACEHOLDER = placeholders.PATTERN_BYTES
CRLF = b"\r\n"
QP_LINE = 76
# Headers the sender writes for every recipient; copies in the template are dropped.
PER_RECIPIENT_HEADERS = {b"to", b"cc", b"bcc", b"message-id", b"date", b"list-unsubscribe",
                         b"list-unsubscribe-post", b"dkim-signature"}

_QP_TABLE = [bytes([byte]) if 33 <= byte <= 126 and byte != 61 else b"=%02X" % byte for byte in range(256)]
_QP_TABLE[32] = b" "


class TemplateError(ValueError):
    """message.eml does not follow the contract with the export."""


_NEEDS_QP = re.compile(rb"[^\x21-\x3c\x3e-\x7e ]|=| $")


def qp_encode(value: bytes) -> bytes:
    """Quoted-printable for a value placed inside a line (no line breaks added)."""
    if not _NEEDS_QP.search(value):
        return value  # the common case: plain ASCII that quoted-printable leaves alone
    encoded = b"".join([_QP_TABLE[byte] for byte in value])
    return encoded[:-1] + b"=20" if encoded.endswith(b" ") else encoded


def qp_wrap(line: bytes) -> bytes:
    """Break one logical quoted-printable line into lines of at most 76 octets."""
    if len(line) <= QP_LINE:
        return line
    pieces = []
    start = 0
    while len(line) - start > QP_LINE:
        cut = start + QP_LINE - 1  # room for the soft-break "="
        # Never split an "=XX" escape.
        if line[cut - 1:cut] == b"=":
            cut -= 1
        elif line[cut - 2:cut - 1] == b"=":
            cut -= 2
        pieces.append(line[start:cut] + b"=")
        start = cut
    pieces.append(line[start:])
    return CRLF.join(pieces)


@dataclass
class Recipient:
    email: str
    name: str = ""


@dataclass
class _Slot:
    """One logical body line holding placeholders, and how to encode values in it."""
    line: bytes
    html: bool
    quoted_printable: bool

    @property
    def kind(self) -> int:
        return self.html * 2 + self.quoted_printable


def _logical_qp_lines(lines: list[bytes]) -> list[bytes]:
    """Join soft line breaks so that a placeholder split by one is whole again."""
    joined, current = [], b""
    for line in lines:
        if line.endswith(b"="):
            current += line[:-1]
        else:
            joined.append(current + line)
            current = b""
    if current:
        joined.append(current)
    return joined


def _header_fields(block: bytes) -> list[bytes]:
    """Each header field with its folded continuation lines."""
    fields: list[bytes] = []
    for line in block.split(CRLF):
        if line[:1] in (b" ", b"\t") and fields:
            fields[-1] += CRLF + line
        elif line:
            fields.append(line)
    return fields


def _normalise_line_ends(data: bytes) -> bytes:
    return data.replace(CRLF, b"\n").replace(b"\r", b"\n").replace(b"\n", CRLF)


class MessageTemplate:
    """A compiled issue split into fixed bytes and per-recipient slots."""

    def __init__(self, data: bytes, fallback_name: str = "there"):
        data = _normalise_line_ends(data)
        head, separator, body = data.partition(CRLF + CRLF)
        if not separator:
            raise TemplateError("message.eml has no blank line between the headers and the body")
        parsed = email.message_from_bytes(data, policy=email.policy.compat32)
        self.fallback_name = fallback_name
        self.subject = str(email.header.make_header(email.header.decode_header(parsed.get("Subject", ""))))
        self.sender = parsed.get("From", "")
        if "@" not in email.utils.parseaddr(self.sender)[1]:
            raise TemplateError("message.eml has no From address")
        kept = [field for field in _header_fields(head)
                if field.split(b":", 1)[0].strip().lower() not in PER_RECIPIENT_HEADERS]
        self.fixed_headers = CRLF.join(kept) + CRLF
        self.pieces: list[bytes | _Slot] = []
        self._split_body(parsed, body)
        found = b"".join(piece.line for piece in self.pieces if isinstance(piece, _Slot))
        if UNSUBSCRIBE not in found:
            raise TemplateError("message.eml has no %%UNSUBSCRIBE_URL%% in its body")
        unknown = {match.decode() for match in PLACEHOLDER.findall(found)} - {UNSUBSCRIBE.decode(), GREETING.decode()}
        if unknown:
            raise TemplateError(f"message.eml has unknown placeholders: {', '.join(sorted(unknown))}")

    def _split_body(self, parsed, body: bytes) -> None:
        boundaries = set()
        for part in parsed.walk():
            if part.is_multipart() and part.get_boundary():
                delimiter = b"--" + part.get_boundary().encode("ascii")
                boundaries.update((delimiter, delimiter + b"--"))
        fixed: list[bytes] = []
        part_lines: list[bytes] = []
        context = _context_of(parsed)
        in_part_headers = False
        part_header_lines: list[bytes] = []

        def flush_part():
            if not part_lines:
                return
            is_html, is_qp = context
            lines = _logical_qp_lines(part_lines) if is_qp else part_lines
            for line in lines:
                if PLACEHOLDER.search(line):
                    self._add_fixed(fixed)
                    fixed.clear()
                    self.pieces.append(_Slot(line, is_html, is_qp))
                else:
                    fixed.append((qp_wrap(line) if is_qp else line) + CRLF)
            part_lines.clear()

        for line in body.split(CRLF):
            if line.rstrip() in boundaries:
                flush_part()
                fixed.append(line + CRLF)
                in_part_headers = not line.rstrip().endswith(b"--")
                part_header_lines = []
                context = (False, False)
                continue
            if in_part_headers:
                fixed.append(line + CRLF)
                if line:
                    part_header_lines.append(line)
                else:
                    in_part_headers = False
                    context = _context_of(email.message_from_bytes(CRLF.join(part_header_lines) + CRLF * 2))
                continue
            part_lines.append(line)
        flush_part()
        # The split left one CRLF too many after the final line.
        if fixed and fixed[-1] == CRLF:
            fixed.pop()
        self._add_fixed(fixed)

    def _add_fixed(self, fixed: list[bytes]) -> None:
        if fixed:
            self.pieces.append(b"".join(fixed))

    def render(self, recipient: Recipient, unsubscribe_url: str, headers: bytes) -> bytes:
        """The recipient's message: ``headers`` (ending in CRLF), the fixed ones, the body."""
        name = recipient.name or self.fallback_name
        url = unsubscribe_url.encode("ascii")
        # Each value in each of its four possible encodings, made only when needed.
        values: dict[int, tuple[bytes, bytes]] = {}
        out = [headers, self.fixed_headers, CRLF]
        for piece in self.pieces:
            if piece.__class__ is bytes:
                out.append(piece)
                continue
            kind = piece.kind
            if kind not in values:
                shown = (html.escape(name) if piece.html else name).encode("utf-8")
                values[kind] = ((qp_encode(shown), url.replace(b"=", b"=3D")) if piece.quoted_printable
                                else (shown, url))
            greeting, link = values[kind]
            line = piece.line.replace(GREETING, greeting).replace(UNSUBSCRIBE, link)
            out.append((qp_wrap(line) if piece.quoted_printable else line) + CRLF)
        return b"".join(out)


def _context_of(part) -> tuple[bool, bool]:
    """(is HTML, is quoted-printable) for a part's headers."""
    kind = part.get_content_type()
    encoding = (part.get("Content-Transfer-Encoding") or "7bit").strip().lower()
    if encoding == "base64" and kind.startswith("text/"):
        raise TemplateError(f"the {kind} part of message.eml is base64; the contract asks for quoted-printable")
    return kind == "text/html", encoding == "quoted-printable"


def address_header(recipient: Recipient) -> str:
    return formataddr((recipient.name, recipient.email), charset="utf-8")

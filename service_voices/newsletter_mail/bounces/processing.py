"""Run a bounce mailbox through the reader and record what it says, each message once."""

from __future__ import annotations

import email
import email.policy
import hashlib
import logging
from dataclasses import dataclass, field

from .mailboxes import Item
from .model import COMPLAINT, HARD, SOFT
from .outcomes import OutcomeBook, Recorded
from .reader import AUTO_REPLY, IGNORED, UNPARSEABLE, MailReader

log = logging.getLogger(__name__)


def message_key(raw: bytes) -> str:
    """The message's own Message-ID, so a copy of it in another folder is the same message; else its hash."""
    head = raw.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]
    message_id = email.message_from_bytes(head + b"\n\n", policy=email.policy.compat32).get("Message-ID")
    message_id = " ".join(str(message_id or "").split())
    if message_id:
        return f"mid:{message_id}"
    return f"sha256:{hashlib.sha256(raw).hexdigest()}"


def describe(raw: bytes) -> str:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    try:
        sender, subject = str(message.get("From") or "?"), str(message.get("Subject") or "")
    except (ValueError, LookupError, UnicodeError):  # a header too broken to decode
        sender, subject = "?", ""
    return f"from {sender[:80]}, subject {subject[:80]!r}"


@dataclass
class RunSummary:
    where: str
    messages: int = 0
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(
        (HARD, SOFT, COMPLAINT, "bounced", "soft limit", "unsubscribed", "not on the list", "repeated",
         AUTO_REPLY, IGNORED, "already processed"), 0))
    left: list[str] = field(default_factory=list)

    def add(self, recorded: Recorded) -> None:
        counts = self.counts
        if recorded.duplicate:
            counts["repeated"] += 1
            return
        counts[recorded.kind] += 1
        if not recorded.on_list:
            counts["not on the list"] += 1
        if recorded.changed_to == "bounced":
            counts["bounced"] += 1
            if recorded.kind == SOFT:
                counts["soft limit"] += 1
        if recorded.changed_to == "unsubscribed":
            counts["unsubscribed"] += 1

    def lines(self) -> list[str]:
        counts = self.counts
        rows = [
            ("hard bounces", counts[HARD], f"{counts['bounced'] - counts['soft limit']} marked bounced"),
            ("soft bounces", counts[SOFT], f"{counts['soft limit']} reached the soft-bounce limit, marked bounced"),
            ("complaints", counts[COMPLAINT], f"{counts['unsubscribed']} unsubscribed"),
            ("not on the list", counts["not on the list"], "recorded, nobody to change"),
            ("repeated reports", counts["repeated"], "recorded before, not counted again"),
            ("automatic replies", counts[AUTO_REPLY], "ignored"),
            ("other reports", counts[IGNORED], "ignored: no failure, or feedback that is not a complaint"),
            ("already processed", counts["already processed"], "seen on an earlier run, moved now"),
            ("left unread", len(self.left), "could not be read; listed below, left in place"),
        ]
        out = [f"{self.where}: {self.messages} message(s)."]
        width = max(len(name) for name, _, _ in rows)
        out += [f"  {name:<{width}}  {count:>5}  ({note})" for name, count, note in rows]
        out += [f"  left: {entry}" for entry in self.left]
        return out


def process(source, reader: MailReader, book: OutcomeBook) -> RunSummary:
    summary = RunSummary(source.where)
    try:
        for item in source.items():
            summary.messages += 1
            _process_one(item, source, reader, book, summary)
    finally:
        source.close()
    return summary


def _process_one(item: Item, source, reader: MailReader, book: OutcomeBook, summary: RunSummary) -> None:
    key = message_key(item.raw)
    if book.was_processed(key):
        summary.counts["already processed"] += 1
        source.done(item)
        return
    try:
        verdict = reader.read(item.raw, key, source.origin)
    except Exception as error:  # noqa: BLE001 - one malformed message must not stop the run; it is listed
        log.debug("cannot read %s", item.label, exc_info=True)
        summary.left.append(f"{item.label}: {describe(item.raw)}: cannot be parsed ({type(error).__name__}: {error})")
        return
    if verdict.kind == UNPARSEABLE:
        summary.left.append(f"{item.label}: {describe(item.raw)}: {verdict.reason}")
        return
    if verdict.kind in (AUTO_REPLY, IGNORED):
        summary.counts[verdict.kind] += 1
    for outcome in verdict.outcomes:
        summary.add(book.record(outcome))
    book.mark_processed(key, verdict.kind)
    source.done(item)

"""One message from the bounce mailbox in, a verdict out: bounces, a complaint, an auto-reply, or "cannot tell".

Who a report is about is taken, in this order, from what we signed ourselves and
what the report says:
1. the VERP token in the address the report came back to (or in the returned
   original's Return-Path), which names the recipient and the issue;
2. the unsubscribe token in the returned original's List-Unsubscribe header;
3. the report's own fields (Final-Recipient, Original-Rcpt-To) or its text.
The first two cannot be forged without NEWSLETTER_SECRET and survive forwarding
and aliases; the report's fields may name an address we never wrote to.
"""

from __future__ import annotations

import email
import email.message
import email.policy
import re
from dataclasses import dataclass, field

from service_voices.newsletter_mail.subscribers.store import InvalidAddress, normalize_email
from service_voices.newsletter_mail.subscribers.tokens import TokenError, read_token

from . import reports
from .autoreply import is_auto_reply
from .model import COMPLAINT, HARD, SOFT, Outcome, issue_in, kind_of_code, one_line, status_code, worst
from .textbounce import from_mail_system, human_text, looks_like_bounce, overall_failure, text_failures
from .verp import Named, TokenIndex, tokens_in

BOUNCE = "bounce"
AUTO_REPLY = "auto-reply"
IGNORED = "ignored"
UNPARSEABLE = "unparseable"

_UNSUBSCRIBE_TOKEN = re.compile(r"/unsubscribe\?token=([A-Za-z0-9_.-]+)")


@dataclass
class Verdict:
    kind: str
    outcomes: list[Outcome] = field(default_factory=list)
    reason: str = ""


@dataclass
class MailReader:
    """Reads bounce mail for one list: its bounce address, its secret and its send ledger."""

    bounce_address: str
    secret: str
    tokens: TokenIndex | None
    known_issues: set[str] = field(default_factory=set)

    def is_ours(self, address: str) -> bool:
        """The bounce mailbox itself (with or without a token): quoted in bounces, never a subscriber."""
        if not self.bounce_address:
            return False
        local, _, domain = self.bounce_address.lower().partition("@")
        their_local, _, their_domain = address.partition("@")
        return their_domain == domain and (their_local == local or their_local.startswith(local + "+"))

    def read(self, raw: bytes, message_key: str, origin: str) -> Verdict:
        message = email.message_from_bytes(raw, policy=email.policy.compat32)
        clues = _Clues(self, message, raw)
        delivery = reports.find_report(message, reports.DELIVERY_STATUS)
        if delivery is not None:
            statuses = reports.delivery_statuses(delivery)
            if statuses:
                return _from_delivery_report(statuses, clues, message_key, f"{origin}:dsn")
        feedback = reports.find_report(message, reports.FEEDBACK_REPORT)
        if feedback is not None:
            return _from_feedback_report(feedback, clues, message_key, f"{origin}:arf")
        if is_auto_reply(message) and not from_mail_system(message):
            return Verdict(AUTO_REPLY, reason="an automatic reply (out of office or similar)")
        if delivery is not None or looks_like_bounce(message):
            return _from_text(message, clues, message_key, f"{origin}:text")
        if is_auto_reply(message):
            return Verdict(AUTO_REPLY, reason="an automatic reply (out of office or similar)")
        return Verdict(UNPARSEABLE, reason="not a bounce, complaint or automatic reply that can be read")


class _Clues:
    """Who and which issue a message is about, from the tokens we signed; computed once."""

    def __init__(self, reader: MailReader, message: email.message.Message, raw: bytes):
        self.reader = reader
        self.original = reports.original_headers(message)
        searchable = raw.decode("latin-1") + "\n" + human_text(message)
        self.named = self._verp(searchable)
        self.signed_email = self._unsubscribe_token_email()
        self.issue = self.named.issue if self.named else self._issue_from_message_id(searchable)

    def _verp(self, text: str) -> Named | None:
        if self.reader.tokens is None:
            return None
        for token in tokens_in(text, self.reader.bounce_address):
            named = self.reader.tokens.lookup(token)
            if named is not None:
                return named
        return None

    def _unsubscribe_token_email(self) -> str:
        if self.original is None or not self.reader.secret:
            return ""
        for match in _UNSUBSCRIBE_TOKEN.finditer(str(self.original.get("List-Unsubscribe") or "")):
            try:
                return _valid(read_token(self.reader.secret, match.group(1), "unsubscribe"))
            except TokenError:
                continue
        return ""

    def _issue_from_message_id(self, text: str) -> str:
        known = self.reader.known_issues
        original_id = str(self.original.get("Message-ID") or "") if self.original is not None else ""
        return issue_in(original_id, known) or issue_in(text, known)

    @property
    def signed_recipient(self) -> str:
        """The recipient as our own tokens name it, or ""."""
        return self.named.email if self.named else self.signed_email

    def outcome(self, email_address: str, kind: str, code: str, diagnostic: str, source: str,
                message_key: str) -> Outcome:
        return Outcome(email=email_address, kind=kind, code=code, diagnostic=one_line(diagnostic), source=source,
                       event_key=f"{message_key}:{email_address}", issue=self.issue)


def _valid(address: str) -> str:
    try:
        return normalize_email(address)
    except InvalidAddress:
        return ""


def _status_kind(status: reports.RecipientStatus) -> str:
    if status.action == "delayed":
        return SOFT
    return kind_of_code(status.status) or kind_of_code(status_code(status.diagnostic)) or HARD


def _from_delivery_report(statuses, clues: _Clues, message_key: str, source: str) -> Verdict:
    failing = [status for status in statuses if status.action in ("failed", "delayed")]
    if not failing:
        actions = ", ".join(sorted({status.action or "no action" for status in statuses}))
        return Verdict(IGNORED, reason=f"a delivery report without failures (Action: {actions})")
    outcomes = []
    signed = clues.signed_recipient
    if signed:
        kind = worst(_status_kind(status) for status in failing)
        status = next(status for status in failing if _status_kind(status) == kind)
        outcomes.append(clues.outcome(signed, kind, status.status or status_code(status.diagnostic),
                                      status.diagnostic or f"Action: {status.action}", source, message_key))
    else:
        for status in failing:
            address = _valid(status.recipient)
            if address:
                outcomes.append(clues.outcome(address, _status_kind(status), status.status or
                                              status_code(status.diagnostic), status.diagnostic or
                                              f"Action: {status.action}", source, message_key))
    if not outcomes:
        return Verdict(UNPARSEABLE, reason="a delivery report that names no recipient")
    return Verdict(BOUNCE, outcomes)


def _from_feedback_report(feedback, clues: _Clues, message_key: str, source: str) -> Verdict:
    fields = reports.feedback_fields(feedback)
    if fields is None:
        return Verdict(UNPARSEABLE, reason="a feedback report without its machine-readable part")
    feedback_type = str(fields.get("Feedback-Type") or "").strip().lower()
    if feedback_type != "abuse":
        return Verdict(IGNORED, reason=f"a feedback report of type {feedback_type or 'unknown'!r}, not a complaint")
    recipient = (clues.signed_recipient or _valid(reports.bare_address(str(fields.get("Original-Rcpt-To") or "")))
                 or (_valid(reports.bare_address(str(clues.original.get("To") or "")))
                     if clues.original is not None else ""))
    if not recipient:
        return Verdict(UNPARSEABLE, reason="a complaint that names no recipient (redacted, and no token of ours)")
    reporter = str(fields.get("User-Agent") or fields.get("Reporting-MTA") or "").strip()
    diagnostic = f"Feedback-Type: abuse{f' (reported by {reporter})' if reporter else ''}"
    return Verdict(COMPLAINT, [clues.outcome(recipient, COMPLAINT, "abuse", diagnostic, source, message_key)])


def _from_text(message: email.message.Message, clues: _Clues, message_key: str, source: str) -> Verdict:
    failures = text_failures(message)
    signed = clues.signed_recipient
    if signed:
        if failures:
            kind = worst(failure.kind for failure in failures)
            chosen = next(failure for failure in failures if failure.kind == kind)
        else:
            chosen = overall_failure(message)
        return Verdict(BOUNCE, [clues.outcome(signed, chosen.kind, chosen.code, chosen.diagnostic, source,
                                              message_key)])
    outcomes = [clues.outcome(address, failure.kind, failure.code, failure.diagnostic, source, message_key)
                for failure in failures
                if (address := _valid(failure.recipient)) and not clues.reader.is_ours(address)]
    if not outcomes:
        return Verdict(UNPARSEABLE, reason="looks like a bounce, but names no recipient that can be read")
    return Verdict(BOUNCE, outcomes)

"""Adding people from a file: what each row would change, and writing it in short batches.

An import is of people who opted in elsewhere, so consent decides every row:

- a new address gets the status its file gives (or the import's default, active
  or pending); one that was forgotten is skipped;
- an unsubscribed or bounced address is never made pending or active by an import
  (only with --force and a reason, which the history keeps);
- a pending address the file calls active becomes active; an active one is never
  demoted to pending; an address the file says opted out is suppressed here too;
- a changed name is updated.

Rows are written in transactions of at most BATCH_SECONDS, with a pause between
them, so the subscription service and `invoke send` never wait long for the
database while a large file goes in.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from service_voices.names import clean_name

from . import suppression
from .addresses import InvalidAddress, normalize_email
from .changes import OPT_IN, SUPPRESSED, add, change
from .schema import STATUSES, transaction, utc_now

if TYPE_CHECKING:
    from .store import SubscriberStore

# Longest a batch holds the write lock. SQLite's busy handler re-tries a waiting
# writer at most every 100 ms, so the pause after each batch is longer than that:
# a waiting writer always gets in between two batches.
BATCH_SECONDS = 0.15
PAUSE_SECONDS = 0.12


@dataclass
class ImportRow:
    line: int
    email: str
    name: str
    # The status the file gives this person; None takes the import's default.
    status: str | None = None
    # The importing tool's consent data (opt-in time and IP, unsubscribe time...).
    evidence: dict = field(default_factory=dict)
    # From this project's own export, so a restore keeps where and when people joined.
    source: str = ""
    created_at: str = ""


@dataclass
class ImportReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    problems: list[str] = field(default_factory=list)
    # (status before, or "new"; status after) -> rows, for the by-status lines.
    changes: Counter = field(default_factory=Counter)
    dry_run: bool = False

    def skip(self, line: int, reason: str) -> None:
        self.skipped += 1
        self.problems.append(f"line {line}: {reason}")

    def merge(self, other: ImportReport) -> None:
        self.added += other.added
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.skipped += other.skipped
        self.problems += other.problems
        self.changes += other.changes

    @property
    def summary(self) -> str:
        if self.dry_run:
            return (f"would add {self.added}, would update {self.updated}, unchanged {self.unchanged}, "
                    f"skipped {self.skipped} (dry run: nothing was written)")
        return (f"added {self.added}, updated {self.updated}, unchanged {self.unchanged}, "
                f"skipped {self.skipped}")

    def by_status(self) -> list[str]:
        """ "new -> active: 120" lines, in the order of the statuses."""
        order = {status: number for number, status in enumerate(("new", *STATUSES))}
        return [f"{before} -> {after}: {count}" for (before, after), count in
                sorted(self.changes.items(), key=lambda item: (order[item[0][0]], order[item[0][1]]))]


@dataclass(frozen=True)
class Plan:
    """What one valid row does: add, update (status and/or name), leave unchanged, or skip."""

    kind: str
    status: str = ""
    name: str = ""
    reason: str = ""
    forced: bool = False


def plan_row(email: str, name: str, wanted: str, existing, forgotten: bool, force: bool) -> Plan:
    """The decision for one row; ``existing`` has .name and .status, or is None."""
    if existing is None:
        if forgotten and (wanted in SUPPRESSED or not force):
            return Plan("skip", reason=f"{email} was forgotten at their request; only their own confirmation "
                                       "can add them again")
        return Plan("add", wanted, name, forced=forgotten)
    before = existing["status"]
    if before in SUPPRESSED:
        if wanted in SUPPRESSED:
            return Plan("unchanged", before, existing["name"])
        if not force:
            return Plan("skip", reason=f"{email} is {before} and is not re-subscribed by an import")
        return Plan("update", wanted, name or existing["name"], forced=True)
    if wanted in SUPPRESSED:
        return Plan("update", wanted, existing["name"])
    status = "active" if "active" in (wanted, before) else "pending"
    new_name = name or existing["name"]
    if status == before and new_name == existing["name"]:
        return Plan("unchanged", before, new_name)
    return Plan("update", status, new_name)


def _checked_rows(rows: Iterable[ImportRow], default: str) -> Iterator[tuple]:
    """(row, address, name, status, problem): a row to plan, or with ``problem`` a row to skip."""
    seen: dict[str, int] = {}
    for row in rows:
        try:
            email = normalize_email(row.email)
        except InvalidAddress as error:
            yield row, "", "", "", f"{row.email.strip()!r} {error}"
            continue
        if email in seen:
            yield row, email, "", "", f"{email} repeats line {seen[email]}"
            continue
        seen[email] = row.line
        status = row.status or default
        if status == "active" and default == "pending":
            status = "pending"  # --pending: nobody new is mailed before confirming here
        if status not in STATUSES:
            yield row, email, "", "", f"{email} has the status {status!r}, not one of {', '.join(STATUSES)}"
            continue
        yield row, email, clean_name(row.name), status, ""


def _count(report: ImportReport, plan: Plan, before: str | None, line: int) -> None:
    if plan.kind == "skip":
        report.skip(line, plan.reason)
    elif plan.kind == "unchanged":
        report.unchanged += 1
    else:
        if plan.kind == "add":
            report.added += 1
        else:
            report.updated += 1
        if plan.status != before:
            report.changes[(before or "new", plan.status)] += 1


def import_rows(store: SubscriberStore, rows: Iterable[ImportRow], status: str = "active", source: str = "import",
                report: ImportReport | None = None, *, force_reason: str = "", dry_run: bool = False,
                planned: dict | None = None, batch_seconds: float = BATCH_SECONDS,
                pause_seconds: float = PAUSE_SECONDS) -> ImportReport:
    """Import ``rows`` (see the module's rules); with ``dry_run`` only count what would change.

    Each row's history event says ``<source>:<line>``, so with the default
    source "import:<file>" the history reads ``import:<file>:<line>``. A dry run
    over several files shares ``planned`` (address -> name and status as planned),
    so a later file sees what an earlier one would have done.
    """
    if status not in OPT_IN:
        raise ValueError(f"an import adds active or pending subscribers, not {status!r}")
    report = report if report is not None else ImportReport()
    report.dry_run = dry_run
    checked = _checked_rows(rows, status)
    if dry_run:
        planned = {} if planned is None else planned
        with store.connect() as connection:
            hasher = suppression.Hasher(connection)
            for row, email, name, wanted, problem in checked:
                if problem:
                    report.skip(row.line, problem)
                    continue
                existing = planned.get(email) or connection.execute(
                    "SELECT name, status FROM subscribers WHERE email = ?", (email,)).fetchone()
                forgotten = existing is None and _is_forgotten(connection, hasher, email)
                plan = plan_row(email, name, wanted, existing, forgotten, bool(force_reason))
                _count(report, plan, existing["status"] if existing else None, row.line)
                if plan.kind in ("add", "update"):
                    planned[email] = {"name": plan.name, "status": plan.status}
        return report
    while True:
        batch = ImportReport()
        with store.connect() as connection, transaction(connection):
            more = _write_batch(connection, checked, batch, source, force_reason, batch_seconds)
        report.merge(batch)  # only once committed: a failed batch counts nothing
        if not more:
            return report
        time.sleep(pause_seconds)


def _is_forgotten(connection, hasher, email: str) -> bool:
    return suppression.forgotten_since(connection, hasher(email)) is not None


def _write_batch(connection, rows: Iterator[tuple], batch: ImportReport, source: str, force_reason: str,
                 seconds: float) -> bool:
    """Write rows until ``seconds`` have passed; True when rows are left for another batch."""
    hasher = suppression.Hasher(connection)
    anyone_forgotten = suppression.forgotten_count(connection) > 0
    deadline = time.monotonic() + seconds
    now = utc_now()
    for row, email, name, wanted, problem in rows:
        if problem:
            batch.skip(row.line, problem)
            continue
        existing = connection.execute("SELECT name, status FROM subscribers WHERE email = ?", (email,)).fetchone()
        forgotten = existing is None and anyone_forgotten and _is_forgotten(connection, hasher, email)
        plan = plan_row(email, name, wanted, existing, forgotten, bool(force_reason))
        before = existing["status"] if existing else None
        _count(batch, plan, before, row.line)
        how = f"{source}:{row.line}"
        evidence = {**row.evidence, **({"forced": True, "reason": force_reason} if plan.forced else {})}
        if plan.kind == "add":
            add(connection, email, plan.name, plan.status, row.source or source, how, evidence, now,
                row.created_at)
            if plan.forced:
                suppression.remove(connection, hasher(email))
        elif plan.kind == "update":
            if plan.status != before:
                change(connection, email, before, plan.status, how, evidence, now)
            if plan.name != existing["name"]:
                connection.execute("UPDATE subscribers SET name = ?, changed_at = ? WHERE email = ?",
                                   (plan.name, now, email))
        if time.monotonic() > deadline:
            return True
    return False

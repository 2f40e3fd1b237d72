"""invoke tasks for the subscriber list: import, export, counts, and privacy requests."""

from __future__ import annotations

import sqlite3
import sys
from contextlib import contextmanager
from pathlib import Path

from invoke import Exit, task

from ..cli import COMMON_HELP, open_store
from ..settings import DatabasePlacementError, refuse_published
from .export import write_export
from .formats import TOOLS, read_subscriber_file
from .importing import ImportReport
from .reading import MalformedFile
from .schema import BUSY_TIMEOUT_MS, STATUSES
from .store import ConsentRequired, InvalidAddress, Record, normalize_email

FORCE_HELP = {
    "force": "allow making an unsubscribed, bounced or forgotten address pending or active (needs --reason)",
    "reason": "why, for the history (with --force)",
}


@contextmanager
def database_errors(store, done_so_far: str = ""):
    """A busy or broken database as one line, never a traceback."""
    try:
        yield
    except sqlite3.OperationalError as error:
        busy = "locked" in str(error) or "busy" in str(error)
        why = (f"stayed busy for {BUSY_TIMEOUT_MS // 1000} s (another import or a long send?)" if busy
               else f"could not be used ({error})")
        raise Exit(f"{store.path}: the subscriber database {why}.{done_so_far}", code=1) from None
    except sqlite3.DatabaseError as error:
        raise Exit(f"{store.path}: not a usable subscriber database ({error}).", code=1) from None


def _force_reason(force: bool, reason: str) -> str:
    if force and not reason.strip():
        raise Exit("--force needs --reason \"...\": the history keeps why consent was overridden.", code=2)
    if reason.strip() and not force:
        raise Exit("--reason goes with --force.", code=2)
    return reason.strip() if force else ""


def _problem_line(problem: str) -> int:
    return int(problem.split(":", 1)[0].removeprefix("line ") or 0)


@task(help={"file": "CSV (or Mailchimp's zip) to import: an export of this project, Mailchimp, Substack, Ghost, "
                    "Buttondown, listmonk, or a plain email,name list",
            "pending": "add new people as pending instead of active",
            "dry_run": "print what would change, by status, and write nothing",
            "from_": f"the tool that wrote the file, instead of guessing from its header: one of {', '.join(TOOLS)}",
            **FORCE_HELP, **COMMON_HELP})
def import_subscribers(c, file, pending=False, dry_run=False, from_="", force=False, reason="", db="",
                       settings="pelicanconf.py"):
    """Import people who opted in elsewhere; never re-subscribes anyone who left."""
    path = Path(file)
    if not path.is_file():
        raise Exit(f"{file}: no such file.", code=2)
    if from_ and from_ not in TOOLS:
        raise Exit(f"--from {from_}: unknown tool; one of {', '.join(TOOLS)}.", code=2)
    force_reason = _force_reason(force, reason)
    _, store = open_store(settings, db)
    try:
        sources = read_subscriber_file(path, from_)
    except MalformedFile as error:
        raise Exit(str(error), code=1) from None
    total = ImportReport(dry_run=dry_run)
    planned: dict = {}
    for source in sources:
        print(f"{source.name}: read as a {source.format.title}.")
        if source.left_out:
            print(f"{source.name}: {source.left_out}; not imported.")
            continue
        report = ImportReport()
        for line, why in source.problems:
            report.skip(line, why)
        with database_errors(store, f" Imported before it stopped: {total.summary}; run the same command again "
                                    "for the rest (rows already in are left as they are)."):
            store.import_rows(source.rows, status="pending" if pending else "active",
                              source=f"import:{source.name}", report=report, force_reason=force_reason,
                              dry_run=dry_run, planned=planned)
        for problem in sorted(report.problems, key=_problem_line):
            print(f"{source.name}: {problem}, skipped")
        total.merge(report)
    changes = total.by_status()
    if changes:
        print("Would change, by status:" if dry_run else "Changed, by status:")
        for line in changes:
            print(f"  {line}")
    print(f"{file}: {total.summary}.")


@task(help={"file": "CSV file to write (readable by you only)", **COMMON_HELP})
def export_subscribers(c, file, db="", settings="pelicanconf.py"):
    """Write every subscriber, with status, consent evidence and times, to a CSV file."""
    config, store = open_store(settings, db)
    try:
        refuse_published(config, Path(file), "The export file")
    except DatabasePlacementError as error:
        raise Exit(str(error), code=2) from None
    with database_errors(store):
        count = write_export(file, store.all(), store.consent_records())
    print(f"Wrote {count} subscriber(s) to {file}.")


@task(help=COMMON_HELP)
def subscribers(c, db="", settings="pelicanconf.py"):
    """Count subscribers by status."""
    _, store = open_store(settings, db)
    with database_errors(store):
        counts = store.counts()
        forgotten = store.forgotten_count()
    width = max(len(status) for status in counts)
    for status, count in counts.items():
        print(f"{status:<{width}}  {count}")
    print(f"{'total':<{width}}  {sum(counts.values())}")
    print(f"forgotten (kept only as keyed hashes): {forgotten}")


def _address(text: str) -> str:
    try:
        return normalize_email(text)
    except InvalidAddress as error:
        raise Exit(f"{text!r} {error}.", code=2) from None


def print_record(record: Record) -> None:
    subscriber = record.subscriber
    print(record.email)
    if subscriber is None:
        print("  not on the list")
    else:
        for label, value in (("name", subscriber.name or "(none)"), ("status", subscriber.status),
                             ("source", subscriber.source), ("created_at", subscriber.created_at),
                             ("changed_at", subscriber.changed_at)):
            print(f"  {label:<11} {value}")
    if record.forgotten_since:
        print(f"  forgotten at their request on {record.forgotten_since}: only a keyed hash of the address is kept")
    print(f"History ({len(record.events)} event(s), oldest first):")
    for event in record.events:
        print(f"  {event.line()}")
    for table, rows in record.other.items():
        print(f"{table} ({len(rows)} row(s)):")
        for row in rows:
            print("  " + "  ".join(str(value) for value in row.values()))


@task(help={"address": "the email address",
            "status": f"set the status ({', '.join(STATUSES)}); recorded in the history as admin",
            "name": "set the name (cleaned like every name)",
            **FORCE_HELP, **COMMON_HELP})
def subscriber(c, address, status="", name="", force=False, reason="", db="", settings="pelicanconf.py"):
    """Show everything held about one address, history included; or change its status or name."""
    email = _address(address)
    force_reason = _force_reason(force, reason)
    if status and status not in STATUSES:
        raise Exit(f"--status {status}: one of {', '.join(STATUSES)}.", code=2)
    _, store = open_store(settings, db)
    with database_errors(store):
        if name and not store.set_name(email, name):
            raise Exit(f"{email} is not on the list; nothing to rename.", code=1)
        if status:
            evidence = {"reason": reason.strip()} if reason.strip() else {}
            try:
                event = store.record_event(email, status, "admin", evidence, force_reason=force_reason)
            except ConsentRequired as error:
                raise Exit(f"{error}: add --force --reason \"...\" if the person asked you to.", code=1) from None
            if event is None and store.get(email) is None:
                raise Exit(f"{email} is not on the list; only pending or active adds it.", code=1)
        print_record(store.record_of(email))


@task(help={"address": "the email address to forget",
            "yes": "do not ask for confirmation", **COMMON_HELP})
def forget(c, address, yes=False, db="", settings="pelicanconf.py"):
    """Erase an address's name, history and ledger rows; keep a keyed hash so nobody re-adds it silently."""
    email = _address(address)
    _, store = open_store(settings, db)
    if not yes:
        question = f"Forget {email}: erase its name, status history and send records for good?"
        if not sys.stdin.isatty():
            raise Exit(f"{question} Not asking without a terminal: add --yes.", code=2)
        if input(f"{question} [y/N] ").strip().lower() not in ("y", "yes"):
            raise Exit("Nothing was erased.", code=1)
    with database_errors(store):
        erased = store.forget(email)
    what = ", ".join(f"{count} from {table}" for table, count in erased.items()) or "nothing"
    print(f"Forgot {email}: erased {what}. A keyed hash of the address stays on the suppression list, "
          "so only the person's own confirmation can add it again.")

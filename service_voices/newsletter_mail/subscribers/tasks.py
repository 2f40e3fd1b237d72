"""invoke tasks for the subscriber list: import, export and counts."""

from __future__ import annotations

from pathlib import Path

from invoke import Exit, task

from ..cli import COMMON_HELP, open_store
from .csv_files import read_import_rows, write_export
from .store import ImportReport


@task(help={"file": "CSV with the columns email,name (other columns are ignored)",
            "pending": "add new people as pending instead of active", **COMMON_HELP})
def import_subscribers(c, file, pending=False, db="", settings="pelicanconf.py"):
    """Import people who already opted in from a CSV file; never re-subscribes anyone."""
    path = Path(file)
    if not path.is_file():
        raise Exit(f"{file}: no such file.", code=2)
    _, store = open_store(settings, db)
    report = ImportReport()
    try:
        rows = read_import_rows(path, report)
    except (UnicodeDecodeError, OSError) as error:
        raise Exit(f"{file}: cannot read it as UTF-8 CSV ({error}).", code=1) from None
    store.import_rows(rows, status="pending" if pending else "active", source=f"import:{path.name}",
                      report=report)
    for problem in report.problems:
        print(f"{file}: {problem}, skipped")
    print(f"{file}: {report.summary}.")


@task(help={"file": "CSV file to write", **COMMON_HELP})
def export_subscribers(c, file, db="", settings="pelicanconf.py"):
    """Write every subscriber, with status and times, to a CSV file."""
    _, store = open_store(settings, db)
    count = write_export(file, store.all())
    print(f"Wrote {count} subscriber(s) to {file}.")


@task(help=COMMON_HELP)
def subscribers(c, db="", settings="pelicanconf.py"):
    """Count subscribers by status."""
    _, store = open_store(settings, db)
    counts = store.counts()
    width = max(len(status) for status in counts)
    for status, count in counts.items():
        print(f"{status:<{width}}  {count}")
    print(f"{'total':<{width}}  {sum(counts.values())}")



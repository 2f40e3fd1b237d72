"""Which export a file is, told from its header row, and its rows as ImportRows.

Recognised, in this order: this project's own export, Mailchimp, Substack, Ghost,
Buttondown, listmonk, then a plain list with an ``email`` column, and last a plain
list without a header row. ``--from TOOL`` skips the guessing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..importing import ImportReport, ImportRow
from ..reading import MalformedFile, Table, read_tables
from .buttondown import Buttondown
from .common import Format, Header, Skip
from .ghost import Ghost
from .listmonk import Listmonk
from .mailchimp import Mailchimp
from .own import OwnExport
from .plain import HeaderlessList, PlainList
from .substack import Substack

FORMATS: tuple[Format, ...] = (OwnExport(), Mailchimp(), Substack(), Ghost(), Buttondown(), Listmonk(), PlainList())
TOOLS = {fmt.name: fmt for fmt in FORMATS}


@dataclass
class Source:
    """One table's people, ready for SubscriberStore.import_rows."""

    name: str
    format: Format
    rows: list[ImportRow] = field(default_factory=list)
    # (line, reason) for rows left out while reading: blank, no address, refused by the format.
    problems: list[tuple[int, str]] = field(default_factory=list)
    # Why the whole table is left out, or "".
    left_out: str = ""
    opts_out: bool = False


def _format_for(header: Header, table: Table, tool: str) -> Format:
    if not tool:
        return next((fmt for fmt in FORMATS if fmt.matches(header)), HeaderlessList())
    fmt = TOOLS[tool]
    if isinstance(fmt, PlainList) and not fmt.matches(header):
        return HeaderlessList()
    missing = fmt.missing(header)
    if missing:
        raise MalformedFile(f"{table.name}: --from {tool} needs the column(s) {', '.join(missing)} in the header "
                            f"row; it has: {', '.join(header.cells)[:300]}")
    return fmt


def source_of(table: Table, tool: str = "") -> Source:
    records = iter(table.records)
    problems = []
    for line, cells in records:
        if any(cell.strip() for cell in cells):
            header = Header(cells)
            fmt = _format_for(header, table, tool)
            break
        problems.append((line, "blank row"))
    else:
        return Source(table.name, PlainList(), problems=problems)
    source = Source(table.name, fmt, problems=problems, opts_out=fmt.opts_out(header, table.name),
                    left_out=fmt.skip_table(header, table.name))
    if isinstance(fmt, HeaderlessList):
        records = iter(table.records[len(problems):])  # the first row is a person, not a header
    for line, cells in records:
        if not any(cell.strip() for cell in cells):
            source.problems.append((line, "blank row"))
            continue
        row = fmt.row(header, cells, line, table.name)
        if isinstance(row, Skip):
            source.problems.append((line, row.reason))
        elif not row.email.strip():
            source.problems.append((line, "no email address"))
        else:
            source.rows.append(row)
    return source


def read_subscriber_file(path: str | Path, tool: str = "") -> list[Source]:
    """Every table of the file, those of people who left first (so someone in two files
    ends up opted out), or MalformedFile before anything is imported."""
    if tool and tool not in TOOLS:
        raise ValueError(f"unknown tool {tool!r}; one of {', '.join(TOOLS)}")
    sources = [source_of(table, tool) for table in read_tables(path)]
    return sorted(sources, key=lambda source: not source.opts_out)


def read_import_rows(path: str | Path, report: ImportReport) -> list[ImportRow]:
    """The rows of every table in one list; rows left out are counted as skipped in ``report``."""
    rows = []
    for source in read_subscriber_file(path):
        for line, reason in source.problems:
            report.skip(line, reason)
        if not source.left_out:
            rows += source.rows
    return rows

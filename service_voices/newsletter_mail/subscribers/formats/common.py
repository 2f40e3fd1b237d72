"""What every export format shares: the header row, yes/no cells, the evidence kept."""

from __future__ import annotations

from dataclasses import dataclass

from service_voices.names import clean_name

from ..importing import ImportRow

# Consent evidence is short text from the file: one line, bounded like a name.
EVIDENCE_MAX_LENGTH = 200
TRUE = {"true", "yes", "1", "t", "y"}
FALSE = {"false", "no", "0", "f", "n", ""}


class Header:
    """A header row, looked up by column name whatever its case or spacing."""

    def __init__(self, cells: list[str]):
        self.cells = [cell.strip() for cell in cells]
        self._at: dict[str, int] = {}
        for number, cell in enumerate(self.cells):
            self._at.setdefault(cell.lower(), number)

    def has(self, *names: str) -> bool:
        return all(name.lower() in self._at for name in names)

    def first(self, *names: str) -> str:
        """The first of ``names`` that is a column, or ""."""
        return next((name for name in names if self.has(name)), "")

    def value(self, cells: list[str], name: str) -> str:
        at = self._at.get(name.lower())
        return cells[at].strip() if at is not None and at < len(cells) else ""


def yes_or_no(text: str) -> bool | None:
    """A spreadsheet's or an exporter's boolean; None when it is neither."""
    lowered = text.strip().lower()
    if lowered in TRUE:
        return True
    if lowered in FALSE:
        return False
    return None


def evidence(tool: str, **values: str) -> dict:
    """The tool's consent data for the history, without the empty cells."""
    kept = {key: clean_name(value, limit=EVIDENCE_MAX_LENGTH) for key, value in values.items()}
    return {"tool": tool, **{key: value for key, value in kept.items() if value}}


@dataclass
class Skip:
    """A row the format itself refuses (an unknown status, a deleted member...)."""

    reason: str


class Format:
    """One export layout. Subclasses set the names and read a row."""

    name = ""
    title = ""
    # Columns the layout cannot do without, for a clear message when --from forces it.
    required: tuple[tuple[str, ...], ...] = ()

    def matches(self, header: Header) -> bool:
        raise NotImplementedError

    def missing(self, header: Header) -> list[str]:
        """Required columns absent from ``header`` (each entry lists its accepted spellings)."""
        return [" or ".join(names) for names in self.required if not header.first(*names)]

    def opts_out(self, header: Header, table_name: str) -> bool:
        """True when the whole table is of people who left; such tables go in first."""
        return False

    def skip_table(self, header: Header, table_name: str) -> str:
        """A reason to leave the whole table out, or ""."""
        return ""

    def row(self, header: Header, cells: list[str], line: int, table_name: str) -> ImportRow | Skip:
        raise NotImplementedError

"""The plain list: ``email,name`` (other columns ignored), with or without a header row."""

from __future__ import annotations

from ..importing import ImportRow
from .common import Format, Header


class PlainList(Format):
    name = "plain"
    title = "plain email,name list"
    required = (("email",),)

    def matches(self, header: Header) -> bool:
        return header.has("email")

    def row(self, header: Header, cells: list[str], line: int, table_name: str) -> ImportRow:
        return ImportRow(line, header.value(cells, "email"), header.value(cells, "name"))


class HeaderlessList(Format):
    """No header row: the first column is the address, the second the name."""

    name = "plain"
    title = "plain list without a header row"

    def matches(self, header: Header) -> bool:
        return True

    def row(self, header: Header, cells: list[str], line: int, table_name: str) -> ImportRow:
        cells = [cell.strip() for cell in cells]
        return ImportRow(line, cells[0] if cells else "", cells[1] if len(cells) > 1 else "")

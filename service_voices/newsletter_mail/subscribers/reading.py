"""Reading subscriber files strictly: a CSV, or a zip of CSVs (Mailchimp's audience export).

Python's csv reader forgives too much for a list of people: an unterminated quote
swallows every following row into one cell, and a huge field ends in a traceback.
Here the whole file is read first, with ``strict=True``, and any malformed CSV, any
byte that is not UTF-8, or a field over the size limit stops the import with the
line number before a single row is written.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

# csv's own default field limit; a name or an address is a few hundred characters,
# and even a tool's notes column stays far below it.
FIELD_LIMIT = 131_072
# A zip bomb must not fill the memory: no list of people is this large.
ZIP_MAX_BYTES = 512 * 1024 * 1024
ZIP_MAGIC = b"PK\x03\x04"


class MalformedFile(ValueError):
    """The file cannot be read as a list of people; the message names it and the line."""


@dataclass
class Table:
    """One CSV's records, each with the line it starts on (counted from 1, as editors do)."""

    name: str
    records: list[tuple[int, list[str]]]


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise MalformedFile(f"{name}: line {line}: byte 0x{data[error.start]:02x} is not UTF-8 text (save the file "
                            "as UTF-8, \"CSV UTF-8\" in a spreadsheet); nothing was imported") from None


def _explain(error: csv.Error) -> str:
    text = str(error)
    if "unexpected end of data" in text:
        return "a quoted field starts here and is never closed"
    if "field larger than field limit" in text:
        return f"a field is longer than {FIELD_LIMIT:,} characters"
    if "expected after '\"'" in text:
        return 'a quote inside a quoted field must be doubled ("")'
    return text


def parse_csv(data: bytes, name: str) -> Table:
    """All records of one CSV file, or MalformedFile."""
    text = _decode(data, name)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records = []
    start = 1
    try:
        for record in reader:
            records.append((start, record))
            start = reader.line_num + 1
    except csv.Error as error:
        # Where the broken record began helps more than where the reader gave up,
        # except for a bad quote, which the reader finds on its own line.
        line = reader.line_num if "expected after" in str(error) else start
        raise MalformedFile(f"{name}: line {line}: {_explain(error)}; nothing was imported") from None
    return Table(name, records)


def read_tables(path: str | Path) -> list[Table]:
    """The CSV file at ``path``, or every CSV inside it when it is a zip."""
    path = Path(path)
    try:
        data = path.read_bytes()
        if path.suffix.lower() == ".zip" or data.startswith(ZIP_MAGIC) or zipfile.is_zipfile(path):
            return _zip_tables(path)
        return [parse_csv(data, path.name)]
    except OSError as error:
        raise MalformedFile(f"{path.name}: cannot be read ({error.strerror or error})") from None


def _zip_tables(path: Path) -> list[Table]:
    try:
        with zipfile.ZipFile(path) as archive:
            members = [info for info in archive.infolist()
                       if not info.is_dir() and info.filename.lower().endswith(".csv")
                       and not info.filename.startswith("__MACOSX/")]
            if sum(info.file_size for info in members) > ZIP_MAX_BYTES:
                raise MalformedFile(f"{path.name}: its CSV files unpack to more than {ZIP_MAX_BYTES // 2**20} MB")
            if not members:
                raise MalformedFile(f"{path.name}: the zip holds no CSV file")
            return [parse_csv(archive.read(info), f"{path.name}/{info.filename}") for info in members]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError) as error:
        raise MalformedFile(f"{path.name}: not a readable zip file ({error})") from None

"""Read an export file as XML, turning every way it can be broken into one clear line."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from pathlib import Path

from .model import ExportError

ATOM = "http://www.w3.org/2005/Atom"


def parse_xml(path: Path) -> ElementTree.Element:
    """The document's root element, or ExportError naming the file and line."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ExportError(f"{path}: cannot read it ({error.strerror or error})") from None
    if not data.strip():
        raise ExportError(f"{path}: the file is empty; expected a WordPress or Blogger export")
    try:
        # The standard parser resolves no external entities, so an export cannot make
        # it read other files or the network.
        return ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        line, column = error.position
        cut_short = "no element found" in str(error) or "unclosed" in str(error)
        hint = " (the file looks cut short)" if cut_short else ""
        raise ExportError(f"{path}:{line}: not well-formed XML at column {column}{hint}; "
                          "nothing was imported") from None


def local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def namespace(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def text_of(element: ElementTree.Element | None) -> str:
    return (element.text or "").strip() if element is not None else ""

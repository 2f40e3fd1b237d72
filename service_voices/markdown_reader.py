"""Pelican's Markdown reader, handing what the Markdown side recorded to plugins as data.

Every plugin that needs the recorded data, or adds a Markdown extension of its own
for posts and pages, calls ``use_markdown_reader(readers, *extensions)`` from a
``readers_init`` handler. The first call of a build puts ``MarkdownReader`` in charge
of the Markdown file suffixes; later calls only add their extensions. After the body
of a post is converted, the reader copies into its metadata (so Pelican sets them as
attributes, see ``post_records``):

- ``headings``: every heading, from the toc extension (kept on, so each has an id);
- ``first_paragraph``: the inner HTML of the first paragraph with visible text;
- ``conversation``: what the conversations extension recorded, for an interview or
  a dialogue only.

The extensions given here apply to posts and pages alone: author profiles and
newsletter issues, which plugins read with Pelican's own reader, are left as they are.
"""

from __future__ import annotations

from collections import ChainMap

from markdown.extensions import Extension
from pelican.readers import MarkdownReader as PelicanMarkdownReader

from .markdown_records import RecordsExtension, recorded_headings

# Metadata keys the reader writes; a front-matter line with one of these names is replaced.
HEADINGS, FIRST_PARAGRAPH, CONVERSATION = "headings", "first_paragraph", "conversation"
# All of them come from the body of the post, not from its front matter.
RECORDED_KEYS = (HEADINGS, FIRST_PARAGRAPH, CONVERSATION)


def recorded_metadata(md) -> dict:
    """What the extensions recorded on ``md`` for the document it last converted."""
    found = {HEADINGS: recorded_headings(md), FIRST_PARAGRAPH: getattr(md, "first_paragraph", "") or ""}
    conversation = getattr(md, "conversation", None)
    if conversation is not None:
        found[CONVERSATION] = conversation
    return found


class MarkdownReader(PelicanMarkdownReader):
    """Named like Pelican's so that a post's ``reader`` metadata stays ``markdown``."""

    # Set on the per-build subclass that use_markdown_reader() makes.
    plugin_extensions: tuple[Extension, ...] = ()

    def __init__(self, settings):
        super().__init__(settings)
        self.records = RecordsExtension()
        markdown = dict(self.settings["MARKDOWN"])
        markdown["extensions"] = [*markdown.get("extensions", []), *self.plugin_extensions, self.records]
        # Every other setting reads through to the build's own dict, as it changes.
        self.settings = ChainMap({"MARKDOWN": markdown}, settings)

    def read(self, source_path):
        self.records.source_path = source_path
        return super().read(source_path)

    def _parse_metadata(self, meta):
        # Pelican calls this straight after converting the body, then converts the
        # summary with the same Markdown instance: take the body's records first.
        recorded = recorded_metadata(self._md)
        metadata = super()._parse_metadata(meta)
        metadata.update(recorded)
        return metadata


def _is_ours(reader_class) -> bool:
    return isinstance(reader_class, type) and issubclass(reader_class, MarkdownReader)


def use_markdown_reader(readers, *extensions: Extension) -> None:
    """Read this build's Markdown posts and pages with MarkdownReader, adding ``extensions``.

    Idempotent: an extension whose type is already there is not added again. A
    suffix that the ``READERS`` setting gave another reader (or switched off) is left
    alone, and its posts go without recorded data.
    """
    suffixes = [suffix for suffix in PelicanMarkdownReader.file_extensions
                if readers.reader_classes.get(suffix) is PelicanMarkdownReader
                or _is_ours(readers.reader_classes.get(suffix))]
    if not suffixes:
        return
    reader = next((readers.reader_classes[s] for s in suffixes if _is_ours(readers.reader_classes[s])), None)
    if reader is None:
        # A subclass per Readers object (one per generator and build) carries this
        # build's extensions, so nothing outlives the build.
        reader = type(MarkdownReader.__name__, (MarkdownReader,), {"plugin_extensions": ()})
    known = {type(extension) for extension in reader.plugin_extensions}
    added = tuple(extension for extension in extensions if type(extension) not in known)
    reader.plugin_extensions = (*reader.plugin_extensions, *added)
    for suffix in suffixes:
        readers.reader_classes[suffix] = reader

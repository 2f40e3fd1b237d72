"""What an export holds, in one shape for WordPress and Blogger alike."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


class ExportError(Exception):
    """The whole file cannot be imported; the message names the file (and line)."""


@dataclass
class Response:
    """A reader's comment, or a pingback/trackback (a mention of the post elsewhere)."""

    id: str
    kind: str  # "comment" or "mention"
    approved: bool
    date: datetime | None  # aware
    name: str
    website: str
    html: str
    parent: str = ""  # id of the comment this one answers


@dataclass
class Entry:
    """One post or page of the export."""

    source_id: str  # the export's own id, to name the entry in messages
    kind: str  # "post" or "page"
    title: str
    date: datetime | None  # aware; None only for entries that cannot be imported
    status: str  # "published", "draft", "private", "scheduled", "trash"
    html: str
    slug: str = ""
    authors: list[str] = field(default_factory=list)  # logins (WordPress) or names (Blogger)
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    excerpt_html: str = ""
    old_urls: list[str] = field(default_factory=list)
    responses: list[Response] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)  # URLs of files attached to it
    # WordPress keeps blank lines as paragraphs and adds <p> only on display.
    blank_lines_are_paragraphs: bool = False
    password_protected: bool = False

    @property
    def name(self) -> str:
        """How messages name the entry: its title, else its id."""
        return f'"{self.title}"' if self.title else f"id {self.source_id}"


@dataclass
class Export:
    source: str  # "WordPress" or "Blogger"
    site_title: str
    site_url: str
    entries: list[Entry]
    display_names: dict[str, str] = field(default_factory=dict)  # login -> display name
    skipped: dict[str, int] = field(default_factory=dict)  # what was left out, counted by kind

"""One entry of an export to the front matter and Markdown body of a post or page."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .dialogue import recognise_dialogue
from .front_matter import date_line
from .interview import recognise_interview
from .markdown_text import inline_markdown
from .model import Entry
from .paragraphs import blocks_of
from .recognition import Layout, NotRecognised
from .rewrite import compose
from .shortcodes import expand_shortcodes
from .uploads import rewrite_files


@dataclass
class Converted:
    fields: dict  # front matter, in file order; empty values are left out of the file
    body: str
    decision: str  # the report's word on the post: its layout and why
    notes: list[str] = field(default_factory=list)
    copies: dict[str, Path] = field(default_factory=dict)  # path under content/images -> source file


def recognise(title: str, blocks, labels: dict[str, str]) -> Layout | NotRecognised:
    """The post's layout, or why it stays an article (one that reads as both is left alone)."""
    interview = recognise_interview(title, blocks)
    dialogue = recognise_dialogue(blocks, labels)
    if isinstance(interview, Layout) and isinstance(dialogue, Layout):
        return NotRecognised("it reads both as an interview and as a dialogue: left as an article", near=True)
    for found in (interview, dialogue):
        if isinstance(found, Layout):
            return found
    near = [found.reason for found in (interview, dialogue) if found.near]
    return NotRecognised("; ".join(near) if near else "no interview, dialogue or transcript pattern", bool(near))


def summary(entry: Entry) -> str:
    if not entry.excerpt_html.strip():
        return ""
    blocks = blocks_of(entry.excerpt_html, entry.blank_lines_are_paragraphs)
    return " ".join(inline_markdown(block.element) for block in blocks)


def tags(entry: Entry) -> list[str]:
    # A comma or semicolon would split a tag in two; extra categories become tags.
    kept = []
    for tag in entry.tags + entry.categories[1:]:
        tag = " ".join(tag.replace(",", " ").replace(";", " ").split())
        if tag and tag.lower() not in [t.lower() for t in kept]:
            kept.append(tag)
    return kept


def _file_notes(plan) -> list[str]:
    notes = []
    if plan.remote_images:
        notes.append(f"{len(plan.remote_images)} image(s) kept at their old address (copy them and import "
                     f"with --uploads): {', '.join(plan.remote_images)}")
    if plan.unlinked_attachments:
        notes.append(f"attached but not linked in the text, copied: {', '.join(plan.unlinked_attachments)}")
    if plan.lost_attachments:
        notes.append(f"attached file(s) not found in --uploads: {', '.join(plan.lost_attachments)}")
    return notes


def convert_entry(entry: Entry, slug: str, authors: list[str], site_url: str, zone, uploads: Path | None,
                  labels: dict[str, str]) -> Converted:
    """``labels``: speaker label -> profile name, for dialogues whose writers are the speakers."""
    html, notes = entry.html, []
    if entry.blank_lines_are_paragraphs:
        html, left = expand_shortcodes(html)
        if left:
            notes.append(f"shortcode(s) {', '.join('[' + name + ']' for name in left)} left as text")
    blocks = blocks_of(html, entry.blank_lines_are_paragraphs)
    plan = rewrite_files(blocks, site_url, uploads, entry.attachments)
    notes += _file_notes(plan)
    fields = {"Title": entry.title, "Date": date_line(entry.date, zone),
              "Category": entry.categories[0] if entry.categories else "", "Tags": tags(entry), "Authors": authors}
    found = recognise(entry.title, blocks, labels) if entry.kind == "post" else None
    if isinstance(found, Layout):
        fields["Layout"] = found.name
        fields.update(found.metadata)
        if found.authors:
            fields["Authors"] = found.authors
        body, decision = found.body, f"{found.name}: {found.reason}"
    else:
        body = compose(blocks, {})
        decision = f"article: {found.reason}" if found else "page"
    if entry.status == "scheduled":
        notes.append("scheduled on the old blog: imported as a draft")
    fields.update({"Summary": summary(entry), "Slug": slug,
                   "Status": "draft" if entry.status in ("draft", "scheduled") else "",
                   "Old_url": " ".join(entry.old_urls)})
    return Converted(fields, body, decision, notes, plan.copies)

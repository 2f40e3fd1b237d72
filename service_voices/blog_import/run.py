"""One import from start to finish: read, convert, recognise, plan the files, report.

``import_blog`` never raises for bad input: a file that cannot be imported at all
comes back as ``ImportResult.failed`` with its one-line reason and nothing written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import tzinfo
from pathlib import Path

from service_voices.slugs import slugify

from . import authors as people
from .blogger import is_blogger, read_blogger
from .convert import convert_entry
from .existing import existing_series, existing_slugs
from .front_matter import post_text, responses_text, series_text
from .model import Entry, Export, ExportError
from .paragraphs import blocks_of
from .plan import Outcome, PlannedFile, check, write
from .series_titles import find_series
from .wxr import is_wxr, read_wxr
from .xml_source import parse_xml


@dataclass(frozen=True)
class Site:
    """Where the site keeps things, and its time zone."""

    content: Path
    zone: tzinfo
    posts: str = "posts"
    pages: str = "pages"
    authors: str = "authors"
    series: str = "series"
    images: str = "images"
    responses: str = "responses"

    def folder(self, name: str) -> Path:
        return self.content / getattr(self, name)


@dataclass(frozen=True)
class Options:
    dry_run: bool = False
    overwrite: bool = False
    authors_map: Path | None = None
    uploads: Path | None = None


@dataclass
class ImportResult:
    source: str = ""
    lines: list[str] = field(default_factory=list)  # the report, one decision or note per line
    problems: list[str] = field(default_factory=list)  # entries that could not be imported
    failed: str = ""  # the whole file could not be imported
    outcome: Outcome | None = None

    @property
    def ok(self) -> bool:
        return not self.failed and not self.problems and not (self.outcome and self.outcome.refused)


@dataclass
class _Post:
    entry: Entry
    slug: str
    path: Path
    fields: dict
    body: str


def read_export(path: Path, zone: tzinfo) -> Export:
    root = parse_xml(path)
    if is_wxr(root):
        return read_wxr(root, zone)
    if is_blogger(root):
        return read_blogger(root, zone)
    raise ExportError(f"{path}: neither a WordPress export (WXR) nor a Blogger export; nothing was imported")


def _shown(site: Site, path: Path) -> str:
    try:
        return str(path.relative_to(site.content.parent))
    except ValueError:
        return str(path)


def _responses_file(entry: Entry, slug: str, site: Site) -> tuple[PlannedFile, str]:
    """The entry's interim responses file, and the report's line about it."""
    for response in entry.responses:
        # Comments are typed like posts; keep them as the HTML a reader saw.
        response.html = "".join(str(block.element) for block in
                                blocks_of(response.html, entry.blank_lines_are_paragraphs))
    about = {"title": entry.title, "slug": slug, "kind": entry.kind, "old_urls": entry.old_urls}
    target = site.folder("responses") / f"{entry.kind}s" / f"{slug}.json"
    comments = sum(1 for r in entry.responses if r.kind == "comment")
    mentions = sum(1 for r in entry.responses if r.kind == "mention")
    pending = sum(1 for r in entry.responses if not r.approved)
    waiting = f" ({pending} awaiting approval)" if pending else ""
    line = (f"  {comments} comment(s) and {mentions} pingback(s) as mentions{waiting} "
            f"kept in {_shown(site, target)}")
    return PlannedFile(target, "responses", responses_text(about, entry.responses)), line


def _skip_reason(entry: Entry) -> str:
    if entry.status == "trash":
        return "deleted on the old blog"
    if entry.password_protected:
        return "password-protected, so it stays unpublished"
    if entry.status == "private":
        return "private, so it stays unpublished"
    return ""


def import_blog(export_path: Path, site: Site, options: Options) -> ImportResult:
    result = ImportResult()
    try:
        export = read_export(export_path, site.zone)
        mapping = people.read_authors_map(options.authors_map) if options.authors_map else {}
    except ExportError as error:
        result.failed = str(error)
        return result
    result.source = export.source
    lines = result.lines
    lines.append(f'{export_path}: {export.source} export of "{export.site_title or "an untitled blog"}", '
                 f"{len(export.entries)} posts and pages")
    profiles = people.read_profiles(site.folder("authors"))
    new_profiles: dict[str, Path] = {}
    files: list[PlannedFile] = []
    taken = {"post": existing_slugs(site.folder("posts")), "page": existing_slugs(site.folder("pages"))}
    claimed: set[tuple[str, str]] = set()
    posts: list[_Post] = []

    for entry in sorted(export.entries, key=lambda e: (e.date.isoformat() if e.date else "", e.source_id)):
        missing = [what for what, value in (("title", entry.title), ("date", entry.date)) if not value]
        if missing:
            result.problems.append(f"{export_path}: entry {entry.name}: no {' and no '.join(missing)}; "
                                   "not imported")
            continue
        if _skip_reason(entry):
            lines.append(f"skipped {entry.kind} {entry.name}: {_skip_reason(entry)}")
            continue
        slug = slugify(entry.slug or entry.title)
        if (entry.kind, slug) in claimed:
            slug = f"{slug}-{entry.source_id}" if entry.source_id.isdigit() else f"{slug}-2"
        claimed.add((entry.kind, slug))
        path = site.folder("posts" if entry.kind == "post" else "pages") / f"{slug}.md"
        other = taken[entry.kind].get(slug)
        if other is not None and other != path:
            result.problems.append(f"{export_path}: entry {entry.name}: the slug {slug!r} is already used by "
                                   f"{_shown(site, other)}; not imported")
            continue
        byline = people.author_names(entry.authors, export.display_names, mapping)
        # Every byline name gets a profile (a bare Name: line to fill in), so the
        # build's byline check finds each imported author.
        for name in byline:
            if name and name not in profiles and name not in new_profiles:
                new_profiles[name] = people.profile_path(site.folder("authors"), name)
        converted = convert_entry(entry, slug, byline,
                                  export.site_url, site.zone, options.uploads,
                                  people.profile_labels(list(profiles) + list(new_profiles)))
        files += [PlannedFile(site.folder("images") / relative, "file", source=source)
                  for relative, source in converted.copies.items()]
        posts.append(_Post(entry, slug, path, converted.fields, converted.body))
        lines.append(f"{_shown(site, path)}: {converted.decision}")
        lines.extend(f"  {note}" for note in converted.notes)
        if entry.responses:
            responses, line = _responses_file(entry, slug, site)
            files.append(responses)
            lines.append(line)

    _plan_series(posts, site, lines, files)
    for post in posts:
        text = post_text(list(post.fields.items()), post.body)
        files.append(PlannedFile(post.path, post.entry.kind, text))
    for name, path in new_profiles.items():
        files.append(PlannedFile(path, "profile", people.profile_text(name)))
        lines.append(f"{_shown(site, path)}: new author profile for {name} (add a role, photo and bio)")
    for kind, count in sorted(export.skipped.items()):
        lines.append(f"left out: {count} {kind}{'' if count == 1 else ' entries'}")

    outcome = check(files, options.overwrite)
    result.outcome = outcome
    for refused in outcome.refused:
        result.problems.append(f"{_shown(site, refused.path)}: already exists and differs; not overwritten"
                               + ("" if refused.what in ("profile", "series file") else " (use --overwrite)"))
    if not options.dry_run:
        write(outcome)
    return result


def _plan_series(posts: list[_Post], site: Site, lines: list[str], files: list[PlannedFile]) -> None:
    articles = [post for post in posts if post.entry.kind == "post"]
    parts, notes = find_series([(post.slug, post.entry.title) for post in articles])
    lines.extend(notes)
    by_slug = {post.slug: post for post in articles}
    known = existing_series(site.folder("series"))
    series: dict[str, list[_Post]] = {}
    for part in parts:
        post = by_slug[part.key]
        post.fields["Series"] = part.series
        post.fields["Series_index"] = str(part.index) if part.index is not None else ""
        series.setdefault(part.series, []).append(post)
    for name, members in series.items():
        published = [post for post in members if not post.fields.get("Status")]
        shown = ", ".join(f"{post.slug}" + (f" (part {post.fields['Series_index']})"
                                            if post.fields["Series_index"] else "") for post in members)
        lines.append(f'series "{name}": {len(members)} parts whose titles share that stem: {shown}')
        if name in known.values() or not published:
            continue
        slug = base = slugify(name)
        while site.folder("series") / f"{slug}.md" in known:
            slug = f"{base}-{int(slug.rsplit('-', 1)[1]) + 1 if slug != base else 2}"
        planned = [post.entry.title for post in members if post.fields.get("Status")]
        files.append(PlannedFile(site.folder("series") / f"{slug}.md", "series file", series_text(name, slug, planned)))

import logging
import os
from collections import defaultdict

from markdown import Markdown
from pelican import signals
from pelican.generators import Generator

from service_voices.feeds import Feed, build_feed, write_feed
from service_voices.settings import exclude_from_posts_and_pages
from service_voices.slugs import slugify
from service_voices.sources import display_path, front_matter_lines_of, located

from .catalog import index_by_title, parse_series_file
from .navigation import SeriesRecord, navigation_dicts, part_dict
from .ordering import (
    Part,
    duplicate_indexes,
    order_parts,
    parse_index,
    remaining_planned,
    similar_names,
)
from .settings import setting

log = logging.getLogger(__name__)

# This build's series records, in the shared generator context (templates read it too).
RECORDS = "all_series"


def _report(level, message) -> None:
    log.log(level, "%s", message)


def _render_markdown(text, settings) -> str:
    config = dict(settings.get("MARKDOWN") or {})
    extension_configs = {k: v for k, v in (config.get("extension_configs") or {}).items()
                         if k != "markdown.extensions.meta"}
    extensions = [e for e in config.get("extensions", []) if e != "markdown.extensions.meta"]
    extensions += [e for e in extension_configs if e not in extensions]
    return Markdown(extensions=extensions, extension_configs=extension_configs,
                    output_format=config.get("output_format", "html5")).convert(text)


def _load_infos(settings) -> dict:
    """The series files, by title."""
    folder = os.path.join(settings.get("PATH", "."), setting(settings, "SERIES_INFO_PATH") or "")
    infos = []
    if setting(settings, "SERIES_INFO_PATH") and os.path.isdir(folder):
        for name in sorted(os.listdir(folder)):
            path = os.path.join(folder, name)
            if not name.endswith((".md", ".markdown")) or not os.path.isfile(path):
                continue
            source = display_path(path, settings.get("PATH", ""))
            try:
                with open(path, encoding="utf-8") as handle:
                    text = handle.read()
            except (OSError, UnicodeDecodeError) as error:
                _report(logging.ERROR, f"{source}: cannot read series file: {error}")
                continue
            info, problems = parse_series_file(text, source)
            for problem in problems:
                _report(logging.ERROR if problem.severity == "error" else logging.WARNING, str(problem))
            if info is not None:
                info.body = _render_markdown(info.body, settings) if info.body else ""
                infos.append(info)
    by_title, problems = index_by_title(infos)
    for problem in problems:
        _report(logging.WARNING, str(problem))
    return by_title


def _part(item, settings) -> Part:
    has_source = getattr(item, "source_path", None)
    source = display_path(item.source_path, settings.get("PATH", "")) if has_source else str(item)
    index, problem = parse_index(item.metadata.get("series_index"))
    if problem:
        line = front_matter_lines_of(item.source_path).get("series_index")
        _report(logging.ERROR, f"{located(source, line)}: {problem}")
    return Part(item=item, source=source, date=getattr(item, "date", None), index=index)


def _series_name(item):
    name = (getattr(item, "metadata", None) or {}).get("series")
    if isinstance(name, str) and name.strip():
        return name.strip()
    return None


def _record(name, slug, ordered, info, settings) -> SeriesRecord:
    url_pattern, save_pattern = setting(settings, "SERIES_URL"), setting(settings, "SERIES_SAVE_AS")
    feed_pattern = setting(settings, "SERIES_FEED_ATOM")
    items = [part.item for part in ordered]
    planned = remaining_planned(info.planned if info else [], [str(item.title) for item in items])
    return SeriesRecord(
        name=name,
        slug=slug,
        url=url_pattern.format(slug=slug) if url_pattern and save_pattern else "",
        save_as=save_pattern.format(slug=slug) if save_pattern else "",
        feed=feed_pattern.format(slug=slug) if feed_pattern else "",
        parts=items,
        planned=planned,
        description=info.description if info else "",
        intro=info.body if info else "",
        source=info.source if info else "",
    )


def link_series(generators):
    """Give every published part its ``series`` dict and the context its series map.

    Runs once per build, when every generator has read its content, so one series may
    mix articles and pages. Everything is rebuilt from metadata, so nothing from an
    earlier build can leak in.
    """
    context, settings = generators[0].context, generators[0].settings
    infos = _load_infos(settings)
    published = list(context.get("articles") or []) + list(context.get("pages") or [])
    groups = defaultdict(list)
    for item in published:
        name = _series_name(item)
        if name:
            groups[name].append(_part(item, settings))

    for group in similar_names(groups):
        _report(logging.WARNING, "series names differ only in case or spacing and are kept apart: "
                + "; ".join(f"{name!r} ({groups[name][0].source})" for name in group))

    records, ordered_by_name, slugs = [], {}, set()
    for name in sorted(groups):
        ordered = order_parts(groups[name])
        for index, sources in duplicate_indexes(ordered):
            _report(logging.WARNING, f"series {name!r}: Series_index {index} is used by "
                    f"{' and '.join(sources)}; ordering those by date")
        info = infos.get(name)
        slug = (info.slug if info and info.slug else "") or slugify(name, "series")
        if slug in slugs:
            base, number = slug, 2
            while f"{base}-{number}" in slugs:
                number += 1
            slug = f"{base}-{number}"
            _report(logging.WARNING, f"series {name!r} would share the slug {base!r} with another series; "
                    f"using {slug!r} (give it a series file with a Slug: line)")
        slugs.add(slug)
        record = _record(name, slug, ordered, info, settings)
        for part, data in zip(ordered, navigation_dicts(record)):
            part.item.series = data
        records.append(record)
        ordered_by_name[name] = record.parts

    by_name = {record.name: record for record in records}
    for item in _unpublished(context):
        name = _series_name(item)
        if name:
            item.series = _preview(item, name, by_name.get(name), groups.get(name, []), infos, settings)

    context["series"] = ordered_by_name
    context[RECORDS] = records
    index_url = setting(settings, "SERIES_INDEX_URL")
    context["series_index_url"] = index_url if index_url and setting(settings, "SERIES_INDEX_SAVE_AS") else ""
    for title, info in infos.items():
        if title not in by_name:
            _report(logging.WARNING, f"{info.source}: no published post has 'Series: {title}' "
                    "yet, so the series gets no landing page")


def _unpublished(context):
    for key in ("drafts", "hidden_articles", "hidden_pages", "draft_pages"):
        yield from context.get(key) or []


def _preview(item, name, record, published_parts, infos, settings) -> dict:
    """A draft or hidden part sees itself in place among the published parts; those never see it."""
    ordered = order_parts(list(published_parts) + [_part(item, settings)])
    slug = record.slug if record else ((infos.get(name).slug if infos.get(name) else "") or slugify(name, "series"))
    preview = _record(name, slug, ordered, infos.get(name), settings)
    if record is None:
        # No published part yet, so no landing page or feed to point at.
        preview.url = preview.feed = ""
    position = next(i for i, part in enumerate(ordered) if part.item is item)
    return part_dict(preview, preview.parts, position)


def _entry(item, site_url) -> dict:
    date = item.date
    return {
        "title": str(item.title),
        "url": f"{site_url}/{item.url}",
        "date": date,
        "updated": getattr(item, "modified", None) or date,
        "authors": [str(author) for author in getattr(item, "authors", [])],
        "summary": item.summary if "summary" in item.metadata else "",
        "content": item.get_content(site_url),
    }


class SeriesGenerator(Generator):
    """Landing pages, the series index and one feed per series."""

    def generate_output(self, writer):
        records = self.context.get(RECORDS, [])
        relative = self.settings.get("RELATIVE_URLS", False)
        if records and self.context.get("series_index_url"):
            writer.write_file(setting(self.settings, "SERIES_INDEX_SAVE_AS"), self.get_template("series_index"),
                              self.context, relative_urls=relative, url=self.context["series_index_url"],
                              series_list=records)
        for record in records:
            if record.save_as:
                writer.write_file(record.save_as, self.get_template("series"), self.context,
                                  relative_urls=relative, url=record.url, current_series=record)
            if record.feed:
                self._write_feed(record)

    def _write_feed(self, record):
        site = self.settings.get("SITEURL", "").rstrip("/")
        dated = [item for item in record.parts if getattr(item, "date", None)]
        dated.sort(key=lambda item: item.date, reverse=True)
        title = f"{self.settings.get('SITENAME', '')} · Series: {record.name}"
        feed = Feed(url=f"{site}/{record.feed}", title=title,
                    page_url=f"{site}/{record.url}" if record.url else f"{site}/",
                    subtitle=record.description or title, language=self.settings.get("DEFAULT_LANG", "en"))
        target = os.path.join(self.output_path, record.feed)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        write_feed(build_feed(feed, [_entry(item, site) for item in dated]), "atom", target)


def exclude_series_files(pelican):
    """Keep series files away from the article and page readers, whatever their paths."""
    exclude_from_posts_and_pages(pelican.settings, setting(pelican.settings, "SERIES_INFO_PATH"))


def series_generator(pelican):
    return SeriesGenerator


def register():
    signals.initialized.connect(exclude_series_files)
    signals.all_generators_finalized.connect(link_series)
    signals.get_generators.connect(series_generator)

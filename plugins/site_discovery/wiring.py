import logging
import os
from dataclasses import dataclass, field

from pelican import signals

from .settings import setting
from .sitemap import render_robots, render_sitemap
from .written_pages import sitemap_entry

log = logging.getLogger(__name__)

# This build's sitemap entries, in the order the pages were written. A fresh
# WrittenPages is made once every generator has its context, and put both in the
# shared context (each page's template context is a shallow copy of it, so
# content_written sees the same object) and in the build's settings, the one place
# the finalized signal can reach; finalized takes it out again.
WRITTEN = "sitemap_written_pages"


@dataclass
class WrittenPages:
    # From the settings, not from a page's context: with RELATIVE_URLS that holds a relative SITEURL.
    site_url: str
    index_save_as: str
    entries: list = field(default_factory=list)


def start_collecting(generators):
    first = generators[0]
    written = WrittenPages(first.settings.get("SITEURL", ""), first.settings.get("INDEX_SAVE_AS", "index.html"))
    first.context[WRITTEN] = written
    first.settings[WRITTEN] = written


def collect_written_page(path, context):
    written = context.get(WRITTEN)
    output_file = context.get("output_file")
    if not isinstance(written, WrittenPages) or not output_file:
        return
    entry = sitemap_entry(output_file, context, written.site_url, written.index_save_as)
    if entry is not None:
        written.entries.append(entry)


def write_discovery_files(pelican):
    settings, output = pelican.settings, pelican.output_path
    written = settings.pop(WRITTEN, None)
    if not isinstance(written, WrittenPages):
        return
    site = written.site_url.rstrip("/")
    sitemap_path = setting(settings, "SITEMAP_SAVE_AS")
    files = {
        sitemap_path: render_sitemap(written.entries),
        setting(settings, "ROBOTS_SAVE_AS"): render_robots(f"{site}/{sitemap_path}",
                                                           setting(settings, "ROBOTS_DISALLOW")),
    }
    for relative, text in files.items():
        target = os.path.join(output, relative)
        try:
            os.makedirs(os.path.dirname(target) or output, exist_ok=True)
            with open(target, "w", encoding="utf-8") as handle:
                handle.write(text)
        except OSError as error:
            log.error("site_discovery: cannot write %s: %s", relative, error)


def register():
    signals.all_generators_finalized.connect(start_collecting)
    signals.content_written.connect(collect_written_page)
    signals.finalized.connect(write_discovery_files)

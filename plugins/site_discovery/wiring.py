import os

from pelican import signals
from pelican.generators import ArticlesGenerator, PagesGenerator

from .settings import setting
from .sitemap import SitemapEntry, render_robots, render_sitemap


def _lastmod(item):
    return getattr(item, "modified", None) or getattr(item, "date", None)


def collect_entries(generators, settings, context) -> list[SitemapEntry]:
    site = settings.get("SITEURL", "").rstrip("/")
    entries = [SitemapEntry(f"{site}/")]
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            entries += [SitemapEntry(f"{site}/{a.url}", _lastmod(a)) for a in generator.articles]
            for group in (generator.authors, generator.categories, generator.tags):
                items = group if isinstance(group, list) else list(group.items())
                entries += [SitemapEntry(f"{site}/{key.url}", max(map(_lastmod, posts))) for key, posts in items]
        elif isinstance(generator, PagesGenerator):
            entries += [SitemapEntry(f"{site}/{p.url}", _lastmod(p)) for p in generator.pages]
    entries += [SitemapEntry(url) for url in context.get("sitemap_extra_urls", [])]
    return entries


def write_discovery_files(generators):
    first = generators[0]
    settings, output = first.settings, first.output_path
    site = settings.get("SITEURL", "").rstrip("/")
    sitemap_path = setting(settings, "SITEMAP_SAVE_AS")
    files = {
        sitemap_path: render_sitemap(collect_entries(generators, settings, first.context)),
        setting(settings, "ROBOTS_SAVE_AS"): render_robots(f"{site}/{sitemap_path}",
                                                           setting(settings, "ROBOTS_DISALLOW")),
    }
    for relative, text in files.items():
        target = os.path.join(output, relative)
        os.makedirs(os.path.dirname(target) or output, exist_ok=True)
        with open(target, "w", encoding="utf-8") as handle:
            handle.write(text)


def register():
    signals.all_generators_finalized.connect(write_discovery_files)

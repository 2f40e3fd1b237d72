import logging
import os
from urllib.parse import urlsplit

from pelican import signals
from pelican.generators import Generator

from service_voices.sources import content_path

from .paths import old_path, split_old_urls
from .render import nginx_map, redirect_page, static_host_rules
from .settings import setting

log = logging.getLogger(__name__)


class RedirectsGenerator(Generator):
    """Writes the redirects after the posts and pages, so it can see what they occupy."""

    def generate_context(self):
        pass

    def _items(self):
        # Published posts and pages only: a draft has no public address to send anyone to.
        for name in ("articles", "hidden_articles", "pages", "hidden_pages"):
            yield from self.context.get(name, [])

    def generate_output(self, writer):
        settings = self.settings
        site = settings.get("SITEURL", "").rstrip("/")
        prefix = urlsplit(site).path.rstrip("/")
        rules, pages, claimed = [], {}, {}
        for item in self._items():
            for url in split_old_urls(getattr(item, "old_url", "")):
                where = content_path(item)
                found = old_path(url)
                if found is None:
                    log.warning("%s: Old_url %s has no path of its own; no redirect written", where, url)
                    continue
                target = f"{prefix}/{item.url}"
                if found.file == item.save_as or found.request == target:
                    continue  # the post kept its address
                if found.request in claimed:
                    log.warning("%s: Old_url %s is already redirected to %s; this one is left out",
                                where, url, claimed[found.request])
                    continue
                claimed[found.request] = where
                if found.file is not None:
                    if os.path.exists(os.path.join(self.output_path, found.file)):
                        log.warning("%s: Old_url %s is a page of this site; no redirect written", where, url)
                        continue
                    pages[found.file] = redirect_page(item.title, f"{site}/{item.url}")
                rules += [(variant, target) for variant in found.variants]
        if not rules:
            return
        if setting(settings, "REDIRECTS_PAGES"):
            for relative, text in pages.items():
                self._write(relative, text)
        outputs = {
            setting(settings, "REDIRECTS_NGINX_MAP_SAVE_AS"): lambda: nginx_map(rules),
            setting(settings, "REDIRECTS_STATIC_HOST_SAVE_AS"):
                lambda: static_host_rules(rules, str(setting(settings, "REDIRECTS_STATUS"))),
        }
        for relative, render in outputs.items():
            if relative:
                self._write(relative, render())

    def _write(self, relative, text):
        target = os.path.join(self.output_path, relative)
        os.makedirs(os.path.dirname(target) or self.output_path, exist_ok=True)
        with open(target, "w", encoding="utf-8") as handle:
            handle.write(text)


def get_generators(pelican):
    return RedirectsGenerator


def register():
    signals.get_generators.connect(get_generators)

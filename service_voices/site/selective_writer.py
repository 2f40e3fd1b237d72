"""A Pelican writer for the serve session that renders only pages whose inputs changed.

Every page Pelican renders goes through ``Writer.write_file``. This writer works out
what the page is made from (see ``fingerprints``) before rendering it. When that is
what the last good build had, and the page from that build is still in the served
folder, the template is not rendered: the old file is linked into the new build
instead, so the build's folder is complete and is swapped in as a whole, exactly
like a full build. Everything else a build does (plugins' feeds, search index,
newsletter, static files) runs as always.

The ledger of what each page was made from lives in the serve session and reaches
the writer through the build's settings, so no state outlives the session.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from pelican import signals
from pelican.utils import sanitised_join
from pelican.writers import Writer

from service_voices.markdown_reader import RECORDED_KEYS
from service_voices.output_files import link_or_copy

from .fingerprints import ContentVersions, fingerprint, is_content

# The build setting that carries the session's ledger; without it builds write everything.
LEDGER_SETTING = "SERVE_OUTPUT_LEDGER"
# The shared lists of posts and pages: the site fingerprint covers them by metadata.
CONTENT_LISTS = ("articles", "dates", "drafts", "hidden_articles", "pages", "hidden_pages", "draft_pages",
                 "generated_content", "static_content", "static_links", "staticfiles")


@dataclass
class OutputLedger:
    """What each page of the served folder was rendered from, and this build's record."""

    served: str = ""  # the folder the session serves
    site: str | None = None  # the site fingerprint of the last good build
    pages: dict[str, str] = field(default_factory=dict)  # output name -> page fingerprint
    sources: set[str] = field(default_factory=set)  # every post's and page's source file
    # This build's record, kept only if the build succeeds.
    next_site: str | None = None
    next_pages: dict[str, str] = field(default_factory=dict)
    next_sources: set[str] = field(default_factory=set)
    rendered: int = 0
    reused: int = 0

    def start(self, served: str) -> None:
        self.served = served
        self.next_site, self.next_pages, self.next_sources = None, {}, set()
        self.rendered = self.reused = 0

    def commit(self) -> None:
        self.site, self.pages, self.sources = self.next_site, self.next_pages, self.next_sources

    def forget(self) -> None:
        self.site, self.pages, self.sources = None, {}, set()

    def covers(self, paths) -> bool:
        """Whether every changed file is a post or page the fingerprints can see into.

        Files a plugin reads for itself (author profiles, newsletter issues...) are not.
        """
        return bool(self.pages) and all(str(path) in self.sources for path in paths)

    def __deepcopy__(self, memo):
        return self  # settings are copied on the way into Pelican; the ledger must stay shared


def site_fingerprint(context: dict, settings: dict) -> tuple[str, set[str]]:
    """What every page may show: all posts' metadata and the context plugins added.

    Also returns the source files of every post and page it covers.
    """
    shared = {key: value for key, value in context.items()
              if key not in CONTENT_LISTS and not (key in settings and settings[key] is value)}
    metadata = []
    for name in CONTENT_LISTS:
        value = context.get(name)
        items = value.values() if isinstance(value, dict) else value or ()
        for item in items:
            if is_content(item):
                # What the reader recorded from the body is the post's text, not its
                # metadata: the post's own version covers it.
                front_matter = {key: value for key, value in item.metadata.items() if key not in RECORDED_KEYS}
                metadata.append((item.source_path, getattr(item, "status", ""), front_matter,
                                 [t.source_path for t in getattr(item, "translations", ())]))
    metadata.sort(key=lambda entry: repr(entry[:2]))
    return fingerprint({"shared": shared, "metadata": metadata}), {entry[0] for entry in metadata}


class _LedgerTemplate:
    """Stands in for the Jinja template: renders only when the page's inputs changed."""

    def __init__(self, template, writer: SelectiveWriter, shown_keys: list[str], paged_keys: list[str]):
        self.template = template
        self.writer = writer
        self.shown_keys = shown_keys
        self.paged_keys = paged_keys

    def render(self, localcontext: dict) -> str:
        writer = self.writer
        name = localcontext["output_file"]
        shown = [localcontext.get(key) for key in self.shown_keys]
        shown += [getattr(localcontext.get(f"{key}_page"), "object_list", None) for key in self.paged_keys]
        # The values themselves count too (a tag, an issue of the newsletter...), with
        # each post in them named by its file: its version above covers the rest.
        given = {key: localcontext.get(key) for key in self.shown_keys}
        page = fingerprint([getattr(self.template, "name", ""), writer.versions.shown(shown), given,
                            localcontext.get("SITEURL"), localcontext.get("localsiteurl")])
        ledger = writer.ledger
        ledger.next_pages[name] = page
        old = os.path.join(ledger.served, name)
        if ledger.site == writer.site and ledger.pages.get(name) == page and os.path.isfile(old):
            writer.reuse[sanitised_join(writer.output_path, name)] = old
            ledger.reused += 1
            return ""
        ledger.rendered += 1
        return self.template.render(localcontext)


class SelectiveWriter(Writer):
    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self.ledger: OutputLedger = settings[LEDGER_SETTING]
        self.versions = ContentVersions()
        self.site: str | None = None
        self.reuse: dict[str, str] = {}  # path in the new build -> the same page in the served folder

    def write_file(self, name, template, context, relative_urls=False, paginated=None, template_name=None,
                   override_output=False, url=None, **kwargs):
        if self.site is None:
            # Every generator has finished its context before the first page is written.
            self.site, self.ledger.next_sources = site_fingerprint(context, self.settings)
            self.ledger.next_site = self.site
        if paginated is None:
            paginated = {key: value for key, value in kwargs.items() if key in {"articles", "dates"}}
        paged = list(paginated) if paginated and template_name in self.settings["PAGINATED_TEMPLATES"] else []
        # A paginated list shows one page of its posts, not the whole list it is given;
        # a site-wide list (all_articles, say) is what every template can reach anyway,
        # and the site fingerprint covers it.
        site_wide = [id(context.get(key)) for key in CONTENT_LISTS if context.get(key) is not None]
        shown = [key for key, value in kwargs.items() if key not in paged and id(value) not in site_wide]
        wrapped = _LedgerTemplate(template, self, shown, paged)
        return super().write_file(name, wrapped, context, relative_urls, paginated, template_name,
                                  override_output, url, **kwargs)

    def _open_w(self, filename, encoding, override=False):
        old = self.reuse.pop(filename, None)
        if old is None:
            return super()._open_w(filename, encoding, override)
        # Same bookkeeping as a real write, so a page written twice still fails loudly.
        handle = super()._open_w(filename, encoding, override)
        handle.close()
        if handle.name != os.devnull:
            # A link shares the served file's bytes. content_written handlers still see
            # the page; they leave a page alone that already has what they add (the
            # responses plugin's endpoint link), so the served file is never rewritten.
            os.unlink(filename)
            link_or_copy(old, filename)
        return open(os.devnull, "w", encoding=encoding)


def _writer_for(pelican):
    return SelectiveWriter if pelican.settings.get(LEDGER_SETTING) is not None else None


def connect() -> None:
    """Offer the writer to Pelican for builds that carry a ledger (safe to call again)."""
    signals.get_writer.connect(_writer_for)

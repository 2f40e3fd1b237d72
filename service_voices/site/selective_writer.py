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

from service_voices.output_files import link_or_copy

from .fingerprints import ContentVersions, fingerprint
from .shared_context import SharedContext
from .template_names import referenced_names

# The build setting that carries the session's ledger; without it builds write everything.
LEDGER_SETTING = "SERVE_OUTPUT_LEDGER"


@dataclass
class OutputLedger:
    """What each page of the served folder was rendered from, and this build's record."""

    served: str = ""  # the folder the session serves
    pages: dict[str, str] = field(default_factory=dict)  # output name -> page fingerprint
    sources: set[str] = field(default_factory=set)  # every post's and page's source file
    changed: set[str] = field(default_factory=set)  # files saved since the last good build
    # Templates do not change between two builds that share a ledger (a template
    # change is a full rebuild, which forgets it), so what each one reads is kept.
    template_reads: dict[str, frozenset[str] | None] = field(default_factory=dict)
    # This build's record, kept only if the build succeeds.
    next_pages: dict[str, str] = field(default_factory=dict)
    next_sources: set[str] = field(default_factory=set)
    rendered: int = 0
    reused: int = 0

    def start(self, served: str, changed) -> None:
        self.served = served
        self.changed = {str(path) for path in changed}
        self.next_pages, self.next_sources = {}, set()
        self.rendered = self.reused = 0

    def commit(self) -> None:
        self.pages, self.sources = self.next_pages, self.next_sources

    def forget(self) -> None:
        self.pages, self.sources, self.template_reads = {}, set(), {}

    def reads(self, template) -> frozenset[str] | None:
        name = template.name
        if name not in self.template_reads:
            self.template_reads[name] = referenced_names(template.environment, name)
        return self.template_reads[name]

    def __deepcopy__(self, memo):
        return self  # settings are copied on the way into Pelican; the ledger must stay shared


class _LedgerTemplate:
    """Stands in for the Jinja template: renders only when the page's inputs changed."""

    def __init__(self, template, writer: SelectiveWriter, given: dict, paged_keys: list[str]):
        self.template = template
        self.writer = writer
        self.given = given  # the page's own variables (write_file's keyword arguments)
        self.paged_keys = paged_keys

    def render(self, localcontext: dict) -> str:
        writer = self.writer
        name = localcontext["output_file"]
        page = writer.page_fingerprint(self.template, localcontext, self.given, self.paged_keys)
        ledger = writer.ledger
        ledger.next_pages[name] = page
        old = os.path.join(ledger.served, name)
        if writer.selective and ledger.pages.get(name) == page and os.path.isfile(old):
            writer.reuse[sanitised_join(writer.output_path, name)] = old
            ledger.reused += 1
            return ""
        ledger.rendered += 1
        return self.template.render(localcontext)


class SelectiveWriter(Writer):
    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self.ledger: OutputLedger = settings[LEDGER_SETTING]
        self.shared: SharedContext | None = None
        self.versions: ContentVersions | None = None
        self.selective = False
        self.reuse: dict[str, str] = {}  # path in the new build -> the same page in the served folder

    def _first_page(self, context: dict) -> None:
        # Every generator has finished its context before the first page is written.
        self.shared = SharedContext(context, self.settings)
        self.versions = ContentVersions(linked=self.shared.linked)
        self.ledger.next_sources = self.shared.sources
        # A saved file that is a post or page before or after the save is seen through
        # the fingerprints; any other file (an author profile, a newsletter issue, an
        # image) is read by plugins in ways they cannot see, so every page is rendered.
        known = self.ledger.sources | self.shared.sources
        self.selective = bool(self.ledger.pages) and self.ledger.changed <= known
        # Rendering a page can fill in attributes of the posts it shows (Jinja asks for
        # them, Pelican caches them). Fingerprinted now, before any page is rendered,
        # a post reads the same whichever pages this build skips.
        for content in self.shared.contents():
            self.versions.of(content)
        self.shared.everything()

    def page_fingerprint(self, template, localcontext: dict, given: dict, paged_keys: list[str]) -> str:
        shared = self.shared
        # A paginated list shows one page of its posts, and how many pages there are.
        shown = [value for key, value in given.items() if key not in paged_keys and shared.site_wide(value) is None]
        pages = []
        for key in paged_keys:
            page = localcontext.get(f"{key}_page")
            shown.append(getattr(page, "object_list", None))
            pages.append((key, len(given[key]), getattr(page, "number", 0)))
        reads = self.ledger.reads(template)
        if reads is None:
            context_part = shared.everything()
        else:
            context_part = []
            for variable in sorted(reads):
                if variable in paged_keys:
                    continue  # a paginated page shows the posts of its page, counted above
                if variable in given:
                    whole_site = shared.site_wide(given[variable])
                    if whole_site:
                        context_part.append((variable, shared.of(whole_site)))
                elif variable in shared.context and not shared.is_setting(variable):
                    context_part.append((variable, shared.of(variable)))
        # The page's own values count too (a tag, an issue of the newsletter...), with
        # each post in them named by its file: its version covers the rest.
        own = {key: value for key, value in given.items()
               if key not in paged_keys and shared.site_wide(value) is None}
        return fingerprint([template.name, self.versions.shown(shown), own, pages, context_part,
                            localcontext.get("SITEURL"), localcontext.get("localsiteurl")])

    def write_file(self, name, template, context, relative_urls=False, paginated=None, template_name=None,
                   override_output=False, url=None, **kwargs):
        if self.shared is None:
            self._first_page(context)
        if paginated is None:
            paginated = {key: value for key, value in kwargs.items() if key in {"articles", "dates"}}
        paged = list(paginated) if paginated and template_name in self.settings["PAGINATED_TEMPLATES"] else []
        wrapped = _LedgerTemplate(template, self, {**kwargs, **paginated}, paged)
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

import importlib.metadata
import logging
import os
import shutil
from itertools import chain

from pelican import signals
from pelican.contents import Article
from pelican.generators import ArticlesGenerator

from service_voices.markdown_reader import use_markdown_reader
from service_voices.outline import outline
from service_voices.sources import content_path

from .cache import PdfCache, cache_key, file_digest
from .mdext import LAYOUT, WhitepaperExtension
from .paper import citation, front_matter_problems, human_size
from .pdf import make_url_fetcher, missing_support, referenced_files, render_pdf
from .settings import setting

log = logging.getLogger(__name__)


def add_markdown_extension(readers):
    # Missing {static} files are dealt with as Markdown builds the paper; the reader
    # also records the headings its contents list is made from.
    settings = readers.settings
    use_markdown_reader(readers, WhitepaperExtension(settings["PATH"], settings.get("SITEURL") or ""))


def is_whitepaper(content) -> bool:
    return str(getattr(content, "layout", "") or "").strip().lower() == LAYOUT


def prepare_paper(content):
    """Give a ``Layout: whitepaper`` post its template and its sections, as soon as it is read.

    ``paper_sections`` also tells reading_aids that the paper lists its own contents
    (README, "Plugin contracts").
    """
    if not isinstance(content, Article) or not is_whitepaper(content):
        return
    for problem in front_matter_problems(content.metadata):
        log.error("%s: %s", content_path(content), problem)
    content.layout = LAYOUT
    content.template = "whitepaper"
    content.paper_sections = outline(getattr(content, "headings", None) or [])


def _paper_authors(article, profiles: dict, site_url: str) -> list[dict]:
    authors = []
    for author in getattr(article, "authors", []):
        profile = profiles.get(author.name)
        if profile is None or not profile.has_bio:
            log.warning("%s: white-paper author %s has no bio (add content/authors/<slug>.md); "
                        "the paper is built without it", content_path(article), author.name)
        authors.append({
            "name": author.name,
            "url": f"{site_url}/{author.url}",
            "role": profile.role if profile else "",
            "photo": f"{site_url}/{profile.photo}" if profile and profile.photo else "",
            "bio": profile.bio if profile and profile.has_bio else "",
        })
    return authors


def _site_files(generator) -> dict[str, str]:
    """Paths inside the built site mapped to the files they are copied from."""
    files = {}
    for static in generator.context.get("staticfiles", []):
        files[static.save_as.replace(os.sep, "/")] = static.source_path
    static_dir = generator.settings.get("THEME_STATIC_DIR", "theme")
    for folder in generator.settings.get("THEME_STATIC_PATHS", ["static"]):
        root = os.path.join(generator.theme, folder)
        for parent, _, names in os.walk(root):
            for name in names:
                path = os.path.join(parent, name)
                files[f"{static_dir}/{os.path.relpath(path, root)}".replace(os.sep, "/")] = path
    return files


def _print_stylesheet(generator) -> str | None:
    relative = setting(generator.settings, "WHITEPAPER_PRINT_CSS")
    for folder in generator.settings.get("THEME_STATIC_PATHS", ["static"]):
        candidate = os.path.join(generator.theme, folder, relative)
        if os.path.isfile(candidate):
            return candidate
    return None


def finish_papers(generators):
    """Add bios and the citation to every paper, then give each published one its PDF."""
    generator = next((g for g in generators if isinstance(g, ArticlesGenerator)), None)
    if generator is None:
        return
    settings = generator.settings
    site_url = settings.get("SITEURL", "").rstrip("/")
    profiles = generator.context.get("author_profiles", {})
    every = chain(generator.articles, generator.translations, generator.hidden_articles,
                  generator.hidden_translations, generator.drafts, generator.drafts_translations)
    papers = [article for article in every if is_whitepaper(article)]
    for article in papers:
        article.paper_authors = _paper_authors(article, profiles, site_url)
        date = getattr(article, "date", None)
        article.citation = citation([a["name"] for a in article.paper_authors], date.year if date else "n.d.",
                                    article.title, settings.get("SITENAME", ""), f"{site_url}/{article.url}")

    published = [a for a in chain(generator.articles, generator.hidden_articles) if is_whitepaper(a)]
    if published and setting(settings, "WHITEPAPER_PDF"):
        write_pdfs(generator, published)


def _weasyprint_version() -> str:
    # From the installed package's metadata: importing WeasyPrint itself takes about a
    # second, which a rebuild that reuses every cached PDF should not pay.
    try:
        return importlib.metadata.version("weasyprint")
    except importlib.metadata.PackageNotFoundError:
        return "missing"


def write_pdfs(generator, papers):
    """Copy each paper's PDF into the output, rendering only those whose inputs changed."""
    settings = generator.settings
    stylesheet = _print_stylesheet(generator)
    if stylesheet is None:
        log.error("theme: print stylesheet static/%s not found; white-paper PDFs were not written",
                  setting(settings, "WHITEPAPER_PRINT_CSS"))
        return
    try:
        template = generator.get_template(setting(settings, "WHITEPAPER_PRINT_TEMPLATE"))
    except Exception as error:  # a theme without the print template: say so, once
        log.error("theme: %s; white-paper PDFs were not written", error)
        return
    site_url = settings.get("SITEURL", "").rstrip("/") or "http://site.invalid"
    files = _site_files(generator)
    variant = setting(settings, "WHITEPAPER_PDF_VARIANT")
    cache = PdfCache(os.path.join(settings["CACHE_PATH"], setting(settings, "WHITEPAPER_CACHE_DIR")))
    fixed_inputs = (file_digest(stylesheet), _weasyprint_version(), str(variant))
    support_checked = False

    for article in papers:
        where = content_path(article)
        # Pelican resolves {filename} links in the summary only after this signal, and
        # the summary is memoized on first use: resolve it now so the abstract in the
        # PDF and on the page both get working links.
        article.refresh_metadata_intersite_links()
        html = template.render({**generator.context, "article": article})
        images = referenced_files(html, site_url, files)
        key = cache_key(html, *fixed_inputs, *(file_digest(path) for path in images))
        found = cache.get(article.slug, key)
        if found is None:
            if not support_checked:
                problem = missing_support()
                if problem:
                    log.error(problem)
                    return
                support_checked = True
            notes = []
            try:
                data = render_pdf(html, f"{site_url}/{article.url}", [stylesheet],
                                  url_fetcher=make_url_fetcher(site_url, files), variant=variant, problems=notes)
            except Exception as error:  # one bad paper must not hide the others
                log.error("%s: could not render the PDF: %s: %s", where, type(error).__name__, error)
                continue
            cached = cache.put(article.slug, key, data, notes, html)
        else:
            cached, notes = found
            log.debug("%s: PDF unchanged, reused %s", where, cached)
        for note in notes:
            log.warning("%s: PDF: %s", where, note)

        save_as = setting(settings, "WHITEPAPER_PDF_SAVE_AS").format(slug=article.slug)
        target = os.path.join(generator.output_path, save_as)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copyfile(cached, target)
        article.pdf_url = f"{site_url}/{setting(settings, 'WHITEPAPER_PDF_URL').format(slug=article.slug)}"
        article.pdf_size = human_size(os.path.getsize(target))


def register():
    signals.readers_init.connect(add_markdown_extension)
    signals.content_object_init.connect(prepare_paper)
    signals.all_generators_finalized.connect(finish_papers)

"""The pages a reader meets most, which the browser tests and `invoke audit` visit."""

from __future__ import annotations

from pathlib import Path

# Fixed pages, relative to the site root.
FIXED = {
    "home": "",
    "article": "posts/why-we-stopped-measuring-handle-time/",
    "interview": "posts/practitioner-interview-ana-ruiz/",
    "dialogue": "posts/making-it-stick/",
    "transcript": "posts/a-thread-on-refund-anxiety/",
    "series part": "posts/customer-service-2-ownership/",
    "author page": "authors/jenny-park/",
    "white paper": "posts/the-essential-customer-service-white-paper/",
    "tag page": "tags/metrics/",
    "search": "search/",
}
# Pages whose slug depends on content: the first landing page found under these folders.
DISCOVERED = {"series landing": "series", "newsletter web version": "newsletter"}
NAMES = list(FIXED) + list(DISCOVERED)


def first_landing_page(output: Path, folder: str) -> str | None:
    base = Path(output) / folder
    if not base.is_dir():
        return None
    for child in sorted(base.iterdir()):
        if child.name != "page" and (child / "index.html").is_file():
            return f"{folder}/{child.name}/"
    return None


def key_pages(output: Path) -> dict[str, str | None]:
    """Name -> site-relative URL; None for a discovered page missing from the output."""
    pages: dict[str, str | None] = dict(FIXED)
    for name, folder in DISCOVERED.items():
        pages[name] = first_landing_page(output, folder)
    return pages

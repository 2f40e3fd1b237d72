"""Crawl the whole built sample site: every internal link, image, stylesheet and
script points at a file in the output, and every #anchor names an element there."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

from bs4 import BeautifulSoup

# Attributes that make the browser fetch or navigate.
LINKING = {"a": "href", "link": "href", "img": "src", "script": "src", "source": "src", "form": "action"}
# Email copies of newsletter issues carry placeholders (%%UNSUBSCRIBE_URL%%) that the
# sender fills in per subscriber, so their links only work once sent.
SKIPPED_SUFFIXES = ("email.html",)


def _target_file(output: Path, path: str) -> Path | None:
    """The file a URL path is served from, as a static host would pick it."""
    candidate = output / unquote(path).lstrip("/")
    if path.endswith("/") or candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def _ids(page: Path, cache: dict) -> set[str]:
    if page not in cache:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        cache[page] = {tag["id"] for tag in soup.find_all(id=True)} | {
            tag["name"] for tag in soup.find_all("a", attrs={"name": True})}
    return cache[page]


def broken_links(output: Path, site_url: str) -> list[str]:
    site = urlsplit(site_url)
    problems, anchors = [], {}
    for page in sorted(output.rglob("*.html")):
        if page.name.endswith(SKIPPED_SUFFIXES):
            continue
        relative = page.relative_to(output).as_posix()
        page_url = f"{site_url}/{relative}"
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        for tag_name, attribute in LINKING.items():
            for tag in soup.find_all(tag_name, attrs={attribute: True}):
                absolute, fragment = urldefrag(urljoin(page_url, tag[attribute]))
                target = urlsplit(absolute)
                if (target.scheme, target.netloc) != (site.scheme, site.netloc):
                    continue  # another site, mailto: or a share link
                if not target.path.startswith(site.path or "/"):
                    continue
                found = _target_file(output, target.path[len(site.path.rstrip("/")):])
                if found is None:
                    problems.append(f"{relative}: {tag_name} {attribute}={tag[attribute]!r} points at nothing")
                elif fragment and found.suffix == ".html" and unquote(fragment) not in _ids(found, anchors):
                    problems.append(f"{relative}: {tag[attribute]!r} has no element with id {fragment!r}")
    return problems


def test_every_internal_link_and_anchor_resolves(sample_site):
    home = sample_site.html("index.html")
    site_url = home.find("link", rel="canonical")["href"].rstrip("/")  # the build's SITEURL
    problems = broken_links(sample_site.output, site_url)
    assert problems == [], f"{len(problems)} broken link(s):\n" + "\n".join(problems[:50])


def test_the_crawler_notices_a_broken_link_and_anchor(tmp_path):
    (tmp_path / "posts" / "a").mkdir(parents=True)
    (tmp_path / "posts" / "a" / "index.html").write_text(
        '<h2 id="there">There</h2><a href="#there">ok</a> <a href="#gone">bad anchor</a>'
        ' <a href="http://x.test/posts/missing/">bad page</a> <a href="https://elsewhere.test/">other site</a>',
        encoding="utf-8")
    problems = broken_links(tmp_path, "http://x.test")
    assert len(problems) == 2
    assert any("'#gone'" in problem for problem in problems)
    assert any("posts/missing/" in problem for problem in problems)

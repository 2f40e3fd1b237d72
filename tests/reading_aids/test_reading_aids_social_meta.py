"""Open Graph, Twitter card, canonical link and JSON-LD on every page type, escaped
safely whatever a title or name holds."""

from __future__ import annotations

import json

from support import build_site, minimal_content, write

TRICKY_TITLE = 'Quotes "here" & <b>bold</b> </script><script>alert(1)</script>'
TRICKY_AUTHOR = 'Jenny "JP" Park'


def web_pages(site):
    # Email copies of newsletter issues are not web pages; every other HTML file is.
    return [page for page in sorted(site.output.rglob("*.html")) if page.name != "email.html"]


def structured_data(soup) -> list[dict]:
    return [json.loads(script.string) for script in soup.find_all("script", type="application/ld+json")]


def test_every_page_has_social_tags_canonical_and_json_ld(sample_site):
    pages = web_pages(sample_site)
    assert len(pages) > 20
    for page in pages:
        soup = sample_site.html(page.relative_to(sample_site.output).as_posix())
        where = page.relative_to(sample_site.output)
        canonical = soup.find("link", rel="canonical")
        assert canonical and canonical["href"].startswith("http"), where
        for prop in ("og:title", "og:url", "og:type"):
            assert len(soup.find_all("meta", property=prop)) == 1, f"{where}: {prop}"
        assert soup.find("meta", attrs={"name": "twitter:card"}), where
        data = structured_data(soup)
        assert data and all(item.get("@context") == "https://schema.org" for item in data), where


def test_tricky_titles_and_names_stay_inside_their_attributes_and_scripts(tmp_path):
    content = minimal_content(tmp_path / "content")
    write(content / "posts" / "tricky.md", f"""
        Title: {TRICKY_TITLE}
        Date: 2026-02-01 09:00
        Authors: {TRICKY_AUTHOR}
        Category: Craft
        Tags: tone
        Summary: A "summary" & more
        Slug: tricky

        Body text.
        """)
    built = build_site(tmp_path / "output", content=content)
    assert built.ok, built.stderr
    soup = built.html("posts/tricky/index.html")
    shown_title = 'Quotes "here" & bold alert(1)'
    assert soup.find("meta", property="og:title")["content"] == shown_title
    assert soup.find("meta", attrs={"name": "twitter:title"})["content"] == shown_title
    assert soup.find("meta", property="og:description")["content"] == 'A “summary” & more'
    assert soup.find("meta", attrs={"name": "description"})["content"] == 'A “summary” & more'
    assert soup.find("meta", property="article:author")["content"] == TRICKY_AUTHOR
    (posting,) = [item for item in structured_data(soup) if item["@type"] == "BlogPosting"]
    assert posting["headline"] == shown_title
    assert posting["author"][0]["name"] == TRICKY_AUTHOR
    # The only scripts in the head are the JSON-LD ones: the title opened none of its own.
    assert all(script.get("type") == "application/ld+json" for script in soup.head.find_all("script"))

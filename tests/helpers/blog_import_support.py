"""Shared by the blog-import tests: the sample exports, an uploads folder, a small site."""

from __future__ import annotations

import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

from PIL import Image
from support import SAMPLE_CONTENT

from service_voices.blog_import.run import ImportResult, Options, Site, import_blog

EXPORTS = Path(__file__).resolve().parents[1] / "blog_import" / "exports"
WORDPRESS = EXPORTS / "wordpress.xml"
BLOGGER = EXPORTS / "blogger.xml"
TAKEOUT = EXPORTS / "blogger-takeout.atom"

# Logins of the WordPress export -> profile names (Mira Reyes has no profile yet).
AUTHORS_MAP = "mreyes: Mira Reyes\njpark: Jenny Park\njcole: Jeremy Cole\n"


def make_uploads(folder: Path) -> Path:
    """A copy of wp-content/uploads holding the files the WordPress export links or attaches."""
    (folder / "2019" / "03").mkdir(parents=True, exist_ok=True)
    (folder / "2019" / "06").mkdir(parents=True, exist_ok=True)
    # Only the original: the post links the resized copy justin-300x200.jpg.
    Image.new("RGB", (60, 40), "teal").save(folder / "2019" / "03" / "justin.jpg")
    Image.new("RGB", (60, 30), "navy").save(folder / "2019" / "06" / "channels.png")
    Image.new("RGB", (30, 30), "maroon").save(folder / "2019" / "06" / "queue-poster.png")
    (folder / "2019" / "06" / "channel-guide.pdf").write_bytes(b"%PDF-1.4\n% a channel guide\n")
    return folder


def small_site(content: Path) -> Path:
    """A site with no posts yet: two author profiles, the images folder and the sign-up thanks page."""
    for folder in ("posts", "pages", "authors"):
        (content / folder).mkdir(parents=True, exist_ok=True)
    for name in ("jenny-park.md", "jeremy-cole.md"):
        shutil.copy(SAMPLE_CONTENT / "authors" / name, content / "authors" / name)
    shutil.copy(SAMPLE_CONTENT / "pages" / "newsletter-thanks.md", content / "pages" / "newsletter-thanks.md")
    shutil.copytree(SAMPLE_CONTENT / "images", content / "images")
    shutil.copytree(SAMPLE_CONTENT / "extra", content / "extra")
    return content


def run_import(export: Path, content: Path, zone: str = "UTC", **options) -> ImportResult:
    return import_blog(export, Site(content, ZoneInfo(zone)), Options(**options))


def report_line(result: ImportResult, start: str) -> str:
    """The report line that starts with ``start`` (a shown path such as "content/posts/x.md")."""
    found = [line for line in result.lines if line.startswith(start)]
    assert len(found) == 1, f"no single report line starting {start!r} in:\n" + "\n".join(result.lines)
    return found[0]


def notes_under(result: ImportResult, start: str) -> list[str]:
    """The indented note lines printed under a post's report line."""
    index = result.lines.index(report_line(result, start))
    notes = []
    for line in result.lines[index + 1:]:
        if not line.startswith("  "):
            break
        notes.append(line.strip())
    return notes


def wxr_with(*posts: tuple[str, str], site: str = "https://small.example") -> str:
    """A small WordPress export of published posts, each given as (title, content as typed)."""
    items = []
    for number, (title, content) in enumerate(posts, start=1):
        items.append(f"""
	<item>
		<title><![CDATA[{title}]]></title>
		<link>{site}/2020/01/{number:02d}/post-{number}/</link>
		<dc:creator><![CDATA[admin]]></dc:creator>
		<guid isPermaLink="false">{site}/?p={number}</guid>
		<content:encoded><![CDATA[{content}]]></content:encoded>
		<excerpt:encoded><![CDATA[]]></excerpt:encoded>
		<wp:post_id>{number}</wp:post_id>
		<wp:post_date><![CDATA[2020-01-{number:02d} 10:00:00]]></wp:post_date>
		<wp:post_date_gmt><![CDATA[2020-01-{number:02d} 10:00:00]]></wp:post_date_gmt>
		<wp:post_name><![CDATA[post-{number}]]></wp:post_name>
		<wp:status><![CDATA[publish]]></wp:status>
		<wp:post_type><![CDATA[post]]></wp:post_type>
		<category domain="category" nicename="craft"><![CDATA[Craft]]></category>
	</item>""")
    return f"""<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
	xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
	<title>Small</title>
	<link>{site}</link>
	<wp:wxr_version>1.2</wp:wxr_version>{"".join(items)}
</channel>
</rss>
"""

"""One minified, content-hashed stylesheet for every page of the site."""

import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
from stylesheet_bundle import bundle_name, minified
from stylesheet_bundle.bundle import sheets_in_use
from support import ROOT, build_site, copy_sample_content

THEME_CSS = ROOT / "theme" / "static" / "css"
PAGES = ["index.html", "posts/making-it-stick/index.html", "posts/practitioner-interview-ana-ruiz/index.html",
         "posts/the-essential-customer-service-white-paper/index.html", "about/index.html", "series/index.html",
         "newsletter/november-2026/index.html", "authors/jenny-park/index.html", "archives/index.html"]
# Linked relative to the page, so the built site looks right from file:// or any port.
HASHED = re.compile(r"^(?:\.\./)*(?:\./)?theme/css/style\.([0-9a-f]{10})\.css$")


def configured_plugins():
    namespace = {}
    exec((ROOT / "pelicanconf.py").read_text(encoding="utf-8"), namespace)
    return list(namespace["PLUGINS"])


def first_rule_selector(sheet: str) -> str:
    """The first selector of a sheet as the minifier writes it (no spaces around the brace)."""
    text = re.sub(r"/\*.*?\*/", "", (THEME_CSS / sheet).read_text(encoding="utf-8"), flags=re.S)
    return text.split("{", 1)[0].strip() + "{"


def test_the_name_follows_the_text():
    one = bundle_name("{static_dir}/css/style.{hash}.css", "a{color:red}", "theme")
    assert re.fullmatch(r"theme/css/style\.[0-9a-f]{10}\.css", one)
    assert one == bundle_name("{static_dir}/css/style.{hash}.css", "a{color:red}", "theme")
    assert one != bundle_name("{static_dir}/css/style.{hash}.css", "a{color:blue}", "theme")


def test_minifying_drops_comments_and_spaces_but_keeps_the_rules():
    css = "/* why */\n.a  >  .b {\n  color : red ;\n}\n@media (min-width: 40rem) {\n  .c { margin: 0 auto; }\n}\n"
    assert minified(css) == ".a>.b{color:red}@media (min-width:40rem){.c{margin:0 auto}}"


def test_only_sheets_of_plugins_in_use_in_the_theme_order():
    sheets = [("site.css", None), ("a.css", "alpha"), ("b.css", "beta"), ("c.css", "gamma")]
    assert sheets_in_use(sheets, lambda name: name != "beta") == ["site.css", "a.css", "c.css"]


@pytest.mark.slow
def test_every_page_links_one_hashed_minified_stylesheet(sample_site):
    hrefs = {page: sample_site.stylesheet_hrefs(page) for page in PAGES}
    assert all(len(links) == 1 for links in hrefs.values()), hrefs
    served = {urljoin(f"http://site.invalid/{page}", links[0]) for page, links in hrefs.items()}
    assert len(served) == 1, "every page shares one cached file"
    href = hrefs["index.html"][0]
    digest = HASHED.match(href).group(1)
    bundle = sample_site.stylesheets("index.html")
    assert bundle_name("{hash}", bundle, "") == digest, "the name is the hash of the text served"
    assert "/*" not in bundle and "\n" not in bundle.strip()
    sources = sum((THEME_CSS / sheet).stat().st_size for sheet in
                  ["site.css", "conversations.css", "series.css", "whitepapers.css", "newsletter.css",
                   "newsletter-signup.css", "reading-aids.css"])
    assert len(bundle.encode()) < sources * 0.9
    for sheet in ["site.css", "conversations.css", "series.css", "whitepapers.css", "newsletter.css",
                  "newsletter-signup.css", "reading-aids.css"]:
        assert first_rule_selector(sheet) in bundle, sheet
    assert bundle.index(first_rule_selector("site.css")) < bundle.index(first_rule_selector("reading-aids.css"))
    assert not sample_site.html("index.html").find("script", src=True), "no JavaScript is needed to read"


@pytest.mark.slow
def test_a_plugin_switched_off_leaves_its_rules_out_and_changes_the_name(tmp_path, sample_site):
    plugins = [name for name in configured_plugins() if name != "conversations"]
    built = build_site(tmp_path / "out", copy_sample_content(tmp_path / "content"), PLUGINS=plugins,
                       WHITEPAPER_PDF=False)
    assert built.ok, built.stderr
    [href] = built.stylesheet_hrefs("index.html")
    assert HASHED.match(href) and href != sample_site.stylesheet_hrefs("index.html")[0]
    bundle = built.stylesheets("index.html")
    assert first_rule_selector("conversations.css") not in bundle
    assert first_rule_selector("series.css") in bundle


@pytest.mark.slow
def test_without_the_bundle_each_sheet_in_use_is_linked(tmp_path):
    plugins = [name for name in configured_plugins() if name not in ("stylesheet_bundle", "series")]
    built = build_site(tmp_path / "out", copy_sample_content(tmp_path / "content"), PLUGINS=plugins,
                       WHITEPAPER_PDF=False)
    assert built.ok, built.stderr
    names = [Path(href).name for href in built.stylesheet_hrefs("index.html")]
    assert names == ["site.css", "conversations.css", "whitepapers.css", "newsletter.css",
                     "newsletter-signup.css", "reading-aids.css", "responses.css"]
    assert not list((built.output / "theme" / "css").glob("style.*.css"))


@pytest.mark.slow
def test_a_missing_sheet_is_one_line_naming_it(tmp_path):
    built = build_site(tmp_path / "out", copy_sample_content(tmp_path / "content"), WHITEPAPER_PDF=False,
                       THEME_STYLESHEETS=[["css/site.css", None], ["css/nowhere.css", None]])
    assert not built.ok
    lines = [line for line in built.stderr.splitlines() if "nowhere.css" in line]
    assert lines == ["ERROR: theme/static/css/nowhere.css: stylesheet_bundle cannot read this theme stylesheet "
                     "(No such file or directory)"], built.stderr
    assert "Traceback" not in built.stderr

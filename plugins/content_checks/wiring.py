import io
import logging
import os

from pelican import signals
from pelican.contents import Article, Page

from service_voices.site.build_memo import memoized, text_key
from service_voices.sources import content_path

from .checks import (
    DATE_KEYS,
    authors_field_problems,
    control_characters,
    date_problem,
    front_matter,
    header_problems,
    layout_problem,
    missing_static_links,
)
from .settings import setting

log = logging.getLogger(__name__)


def _text_problems(text: str, where: str, layouts: tuple) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The errors that depend on the file's own text alone: those reported before its
    links are checked, and those after."""
    header = front_matter(io.StringIO(text))  # split as the file would be, on line feeds only
    before = [f"{where}:{line}: {problem}" for line, problem in header_problems(text)]
    before += [f"{where}:{line}: control character {code} in the text; delete it (it is invisible in most editors)"
               for line, code in control_characters(text)]
    for key in DATE_KEYS:
        if key in header:
            line, value = header[key]
            problem = date_problem(key, value)
            if problem:
                before.append(f"{where}:{line}: {problem}")
    if "title" in header and not header["title"][1]:
        before.append(f"{where}:{header['title'][0]}: Title is empty")
    if "layout" in header:
        line, value = header["layout"]
        problem = layout_problem(value, layouts)
        if problem:
            before.append(f"{where}:{line}: {problem}")
    after = []
    if "authors" in header:
        line, value = header["authors"]
        after = [f"{where}:{line}: Authors {problem}" for problem in authors_field_problems(value)]
    return tuple(before), tuple(after)


def check_front_matter(instance):
    if not isinstance(instance, (Article, Page)) or not instance.source_path:
        return
    if not instance.source_path.endswith((".md", ".markdown", ".mkd")):
        return
    where = content_path(instance)
    with open(instance.source_path, encoding="utf-8", errors="replace") as handle:
        text = handle.read()
    layouts = tuple(setting(instance.settings, "KNOWN_LAYOUTS"))
    # Under invoke serve an unchanged file's text checks come out as last time.
    before, after = memoized(instance.settings, "content_checks.text", (where, layouts, text_key(text)),
                             lambda: _text_problems(text, where, layouts))
    for message in before:
        log.error("%s", message)
    if "{static}" in text or "{attach}" in text or "{filename}" in text:
        # Pelican's own warning names neither the post nor the line. Checked every build:
        # the answer depends on other files.
        for line, link in missing_static_links(text, os.path.dirname(instance.source_path), instance.settings["PATH"]):
            log.warning("%s:%d: %s points to a file that does not exist", where, line, link)
    for message in after:
        log.error("%s", message)


def register():
    signals.content_object_init.connect(check_front_matter)

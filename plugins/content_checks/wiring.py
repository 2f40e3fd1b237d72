import io
import logging
import os

from pelican import signals
from pelican.contents import Article, Page

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


def check_front_matter(instance):
    if not isinstance(instance, (Article, Page)) or not instance.source_path:
        return
    if not instance.source_path.endswith((".md", ".markdown", ".mkd")):
        return
    where = content_path(instance)
    with open(instance.source_path, encoding="utf-8", errors="replace") as handle:
        text = handle.read()
    header = front_matter(io.StringIO(text))  # split as the file would be, on line feeds only
    for line, problem in header_problems(text):
        log.error("%s:%d: %s", where, line, problem)
    for line, code in control_characters(text):
        log.error("%s:%d: control character %s in the text; delete it (it is invisible in most editors)",
                  where, line, code)
    for key in DATE_KEYS:
        if key in header:
            line, value = header[key]
            problem = date_problem(key, value)
            if problem:
                log.error("%s:%d: %s", where, line, problem)
    if "title" in header and not header["title"][1]:
        log.error("%s:%d: Title is empty", where, header["title"][0])
    if "layout" in header:
        line, value = header["layout"]
        problem = layout_problem(value, tuple(setting(instance.settings, "KNOWN_LAYOUTS")))
        if problem:
            log.error("%s:%d: %s", where, line, problem)
    if "{static}" in text or "{attach}" in text or "{filename}" in text:
        # Pelican's own warning names neither the post nor the line.
        for line, link in missing_static_links(text, os.path.dirname(instance.source_path), instance.settings["PATH"]):
            log.warning("%s:%d: %s points to a file that does not exist", where, line, link)
    if "authors" in header:
        line, value = header["authors"]
        for problem in authors_field_problems(value):
            log.error("%s:%d: Authors %s", where, line, problem)


def register():
    signals.content_object_init.connect(check_front_matter)

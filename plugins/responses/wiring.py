import datetime as dt
import logging
import os
import sqlite3
from html import escape

from pelican import signals

from service_voices.feeds import Feed, build_feed, write_feed
from service_voices.newsletter_mail.settings import DatabasePlacementError, database_path
from service_voices.responses.posts import PostInfo, write_index
from service_voices.responses.settings import posts_file, service_url
from service_voices.responses.store import ResponseStore
from service_voices.settings import project_path

from .samples import SampleFileError, load_samples
from .settings import DEFAULTS, setting
from .threads import PostResponses, comments_open, count_words, group_by_post, json_ld

log = logging.getLogger(__name__)


def expose_settings(pelican):
    settings = pelican.settings
    for name, value in DEFAULTS.items():
        settings.setdefault(name, value)
    settings["RESPONSES_ENDPOINT_BASE"] = service_url(settings)


def _samples(settings) -> list:
    name = setting(settings, "RESPONSES_SAMPLE_FILE")
    if not name:
        return []
    try:
        return load_samples(project_path(name))
    except SampleFileError as error:
        log.error("%s", error)
        return []


def _approved(settings) -> dict[str, PostResponses]:
    """Approved responses per post; the database's none (with a warning) when it cannot be read."""
    samples = _samples(settings)
    try:
        path = database_path(settings)
    except DatabasePlacementError as error:
        log.error("%s", error)
        return group_by_post(samples)
    if not path.exists():
        return group_by_post(samples)
    try:
        return group_by_post(ResponseStore(path).approved() + samples)
    except sqlite3.Error as error:
        log.warning("%s: responses not read (%s); posts show none", path, error)
        return group_by_post(samples)


def attach_responses(generator):
    settings = generator.settings
    site_url = settings.get("SITEURL", "").rstrip("/")
    approved = _approved(settings)
    now = dt.datetime.now(dt.UTC)
    endpoint = service_url(settings)
    index = []
    for article in generator.articles:
        responses = approved.get(article.url, PostResponses())
        article.responses = responses
        article.response_count = responses.count
        article.response_count_text = count_words(responses.count)
        article.responses_json_ld = json_ld(responses, f"{site_url}/{article.url}")
        article.responses_feed_url = setting(settings, "RESPONSES_FEED_SAVE_AS").format(url=article.url)
        article.comments_open = bool(endpoint) and comments_open(
            article.metadata.get("comments"), setting(settings, "RESPONSES_DEFAULT_OPEN"),
            setting(settings, "RESPONSES_CLOSE_AFTER_DAYS"), article.date, now)
        index.append(PostInfo(article.url, article.title, f"{site_url}/{article.url}",
                              tuple(str(author) for author in getattr(article, "authors", [])),
                              article.comments_open))
    if endpoint:
        try:
            write_index(posts_file(settings), index)
        except OSError as error:
            log.error("%s: cannot write the posts index the responses service reads (%s)",
                      posts_file(settings), error)


def write_response_feeds(generator, writer):
    """One Atom feed per post with responses, so a reader can follow a conversation."""
    site_url = generator.settings.get("SITEURL", "").rstrip("/")
    for article in generator.articles:
        responses = getattr(article, "responses", None)
        if not responses or not responses.count:
            continue
        page_url = f"{site_url}/{article.url}"
        feed = Feed(url=f"{site_url}/{article.responses_feed_url}", title=f"Responses to “{article.title}”",
                    page_url=page_url, authors=(generator.settings.get("SITENAME", ""),))
        entries = []
        for thread in responses.threads + responses.reactions:
            for shown in [thread, *thread.replies]:
                entries.append({"title": f"{shown.name} on “{article.title}”",
                                "url": f"{page_url}#response-{shown.id}", "date": shown.date,
                                "authors": [shown.name], "content": shown.html or shown.kind})
        entries.sort(key=lambda entry: entry["date"], reverse=True)
        target = os.path.join(generator.output_path, article.responses_feed_url)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        write_feed(build_feed(feed, entries), "atom", target)


def advertise_endpoint(path, context):
    """Every page names the webmention endpoint in its head (W3C Webmention §3.1.2)."""
    endpoint = service_url(context) if context else ""
    if not endpoint or not path.endswith(".html"):
        return
    with open(path, encoding="utf-8") as page:
        html = page.read()
    if 'rel="webmention"' in html or "</head>" not in html or 'rel="canonical"' not in html:
        return
    link = f'  <link rel="webmention" href="{escape(endpoint)}/webmention">\n</head>'
    html = html.replace("</head>", link, 1)
    with open(path, "w", encoding="utf-8") as page:
        page.write(html)


def register():
    signals.initialized.connect(expose_settings)
    signals.article_generator_finalized.connect(attach_responses)
    signals.article_writer_finalized.connect(write_response_feeds)
    signals.content_written.connect(advertise_endpoint)

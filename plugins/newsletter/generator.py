"""The Pelican side of the newsletter: read issues, pick their posts, write the files.

Everything lives on the generator instance, which Pelican creates afresh for every
build, so live reload never sees a previous build's issues.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import time
from pathlib import Path

import css_inline
import jinja2
import jinja2.meta
from pelican.generators import Generator
from pelican.utils import strftime

from service_voices.build_stamp import make_stamp, source_files, write_stamp
from service_voices.feeds import Feed, build_feed
from service_voices.header_values import value_problem
from service_voices.images import image_size
from service_voices.names import join_names
from service_voices.newsletter_common import mail_folder, mail_folder_problem
from service_voices.placeholders import GREETING_NAME, UNSUBSCRIBE_URL
from service_voices.sources import display_path, front_matter_lines_of, located

from .digest import make_digest, opening_question, opening_turn
from .email_cache import EmailCache, EmailFiles, email_key
from .email_html import email_problems, inline_email, make_inliner, size_images
from .issue_content import NewsletterIssue
from .issues import assign_articles, issue_from_metadata, issue_problems, newest_first
from .message import build_message, long_lines, message_bytes
from .plain_text import render_text
from .settings import DEFAULTS, setting

log = logging.getLogger(__name__)


class NewsletterGenerator(Generator):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.issues = []
        self.render_seconds = {}
        # Taken before any content is read, so an edit made during the build makes
        # the stamp stale rather than hiding in it.
        self._sources = source_files(self.settings)
        self._mailed: list[str] = []  # slugs whose mail files this build wrote

    # -- paths and URLs --------------------------------------------------------

    def _setting(self, name):
        return setting(self.settings, name)

    def _site_url(self) -> str:
        return self.settings.get("SITEURL", "").rstrip("/")

    def _absolute(self, path: str) -> str:
        return f"{self._site_url()}/{path.lstrip('/')}"

    # -- reading ---------------------------------------------------------------

    def _read_issues(self) -> list:
        """Every issue file, read by Pelican's readers into a NewsletterIssue."""
        issues = []
        for relative in sorted(self.get_files(self._setting("NEWSLETTER_PATH"))):
            where = display_path(os.path.join(self.path, relative), self.path)
            try:
                page = self.readers.read_file(base_path=self.path, path=relative, content_class=NewsletterIssue,
                                              context=self.context)
            except Exception as error:  # one bad issue must not stop the build
                log.error("%s: could not read newsletter issue: %s", where, error)
                continue
            problems = issue_problems(page.metadata)
            for problem in problems:
                log.error("%s: %s", where, problem)
            if problems or not page.is_valid():
                continue
            metadata = dict(page.metadata, date=page.date)  # the date in TIMEZONE
            issues.append(issue_from_metadata(metadata, page._content, page.source_path, page.slug, page=page))
        return issues

    def generate_context(self):
        seen = {}
        for issue in self._read_issues():
            if issue.slug in seen:
                log.error("%s: slug '%s' is already used by %s", display_path(issue.source_path, self.path), issue.slug,
                          display_path(seen[issue.slug].source_path, self.path))
                continue
            seen[issue.slug] = issue
            # As for posts: {filename} links to the issue resolve, and files linked
            # with {static} are copied even from outside STATIC_PATHS.
            self.add_source_path(issue.page)
            self.add_static_links(issue.page)
        self.issues = list(seen.values())
        posts = self.context.get("articles", [])
        for issue, problem in assign_articles(self.issues, posts):
            log.error("%s: %s", display_path(issue.source_path, self.path), problem)
        for issue in self.issues:
            if not issue.articles and not issue.letter_html:
                log.error("%s: newsletter issue has no articles and no letter",
                          display_path(issue.source_path, self.path))
        self.issues = newest_first(self.issues)
        self.context["newsletter_issues"] = self.issues
        self.context["newsletter_archive_url"] = self._setting("NEWSLETTER_ARCHIVE_URL")

    # -- views -----------------------------------------------------------------

    def _letter_html(self, issue) -> str:
        """The letter with absolute links, as Pelican resolves them, and sized images."""
        letter = issue.page.get_content(self._site_url()).strip()
        where = display_path(issue.source_path, self.path)
        for kind, target in issue.page.unresolved_links(letter):
            log.warning("%s: cannot find '%s' linked as {%s}", where, target, kind)
        for path in issue.page.missing_files():
            log.warning("%s: links to '%s', which does not exist", where, path)
        files = {self._absolute(url): path for url, path in issue.page.linked_files().items()}
        return size_images(letter, lambda src: image_size(files[src]) if src in files else None,
                           self._setting("NEWSLETTER_EMAIL_IMAGE_MAX_WIDTH"))

    def _date_text(self, date) -> str:
        return strftime(date, self.settings.get("DEFAULT_DATE_FORMAT", "%Y-%m-%d"))

    def _digest(self, article) -> dict:
        site = self._site_url()
        summary = article.summary if "summary" in article.metadata else None
        url = self._absolute(article.url)
        # What the Markdown reader recorded (README, "Plugin contracts"), with its
        # {filename}/{static} links resolved as Pelican resolves the post's own.
        first_paragraph = article._update_content(getattr(article, "first_paragraph", "") or "", site)
        conversation = getattr(article, "conversation", None)
        turn = article._update_content(opening_turn(conversation), site)
        question = article._update_content(opening_question(conversation), site)
        digest = make_digest(
            title=article.title,
            url=url,
            authors=[str(author) for author in getattr(article, "authors", [])],
            date=article.date,
            summary_html=summary,
            first_paragraph_html=first_paragraph,
            opening_turn_html=turn,
            opening_question_html=question,
            series=getattr(article, "series", None),
        )
        view = dataclasses.asdict(digest)
        view["byline"] = join_names(digest.authors)
        view["locale_date"] = self._date_text(digest.date)
        return view

    def _issue_view(self, issue) -> dict:
        return {
            "slug": issue.slug,
            "title": issue.title,
            "subject": issue.subject,
            "preheader": issue.preheader,
            "date": issue.date,
            "locale_date": self._date_text(issue.date),
            "url": self._absolute(issue.page.url),
            "save_as": issue.page.save_as,
            "letter_html": self._letter_html(issue),
            "digests": [self._digest(article) for article in issue.articles],
            "articles": issue.articles,
            "source_path": issue.source_path,
        }

    def _shared_view(self) -> dict:
        return {
            "site_name": self.settings.get("SITENAME", ""),
            "site_url": self._site_url(),
            "lang": self.settings.get("DEFAULT_LANG", "en"),
            "archive_url": self._absolute(self._setting("NEWSLETTER_ARCHIVE_URL")),
            "postal_address": self._setting("NEWSLETTER_POSTAL_ADDRESS"),
            # Filled in per recipient by the sender.
            "greeting_placeholder": GREETING_NAME,
            "unsubscribe_placeholder": UNSUBSCRIBE_URL,
        }

    # -- writing ---------------------------------------------------------------

    def _write_bytes(self, relative: str, data: bytes, folder: str | None = None) -> None:
        target = os.path.join(folder or self.output_path, relative)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as handle:
            handle.write(data)

    def _mail_folder(self) -> str | None:
        """Where the email's files go: out of the public output, or None (logged) when the setting points into it."""
        folder = mail_folder(self.settings)
        problem = mail_folder_problem(folder, Path(self.output_path))
        if problem:
            log.error("%s", problem)
            return None
        return str(folder)

    def _header_problems(self, issue_view: dict) -> list[str]:
        """Header values that would not be one clean line in the message, each naming its source."""
        source = issue_view["source_path"]
        where = located(display_path(source, self.path), front_matter_lines_of(source).get("subject"))
        problems = []
        subject = value_problem(issue_view["subject"])
        if subject:
            problems.append(f"{where}: Subject {subject}: {issue_view['subject']!r}")
        for name in ("NEWSLETTER_FROM", "NEWSLETTER_LIST_ID"):
            problem = value_problem(str(self._setting(name)))
            if problem:
                problems.append(f"{display_path(source, self.path)}: setting {name} {problem}")
        return problems

    def _email_cache(self) -> EmailCache | None:
        folder = self._setting("NEWSLETTER_CACHE_DIR")
        cache_path = self.settings.get("CACHE_PATH")
        if not folder or not cache_path:
            return None
        return EmailCache(os.path.join(cache_path, folder))

    def _template_sources(self, name: str) -> dict[str, str]:
        """The email template and everything it includes, by name."""
        sources, pending = {}, [name]
        while pending:
            current = pending.pop()
            if current in sources:
                continue
            try:
                source = self.env.loader.get_source(self.env, current)[0]
                referenced = jinja2.meta.find_referenced_templates(self.env.parse(source))
            except jinja2.TemplateError:
                sources[current] = ""
                continue  # rendering reports it
            sources[current] = source
            pending += [found for found in referenced if found]
        return sources

    def _email_inputs(self, shared: dict) -> dict:
        """What every issue's email depends on besides its own view, gathered once per build."""
        code = {path.name: path.read_bytes() for path in sorted(Path(__file__).parent.iterdir())
                if path.suffix == ".py"}
        code["css_inline"] = str(getattr(css_inline, "__version__", "")).encode()
        # Where the files are written is not what they say.
        named = {name: self._setting(name) for name in DEFAULTS if name != "NEWSLETTER_MAIL_PATH"}
        return {"settings": dict(named, shared=shared),
                "templates": self._template_sources("newsletter/email.html"), "code": code}

    def _render_email(self, issue_view: dict, shared: dict, inliner) -> EmailFiles:
        view = dict(shared, issue=issue_view)
        html = inline_email(self.env.get_template("newsletter/email.html").render(view), inliner)
        text = render_text(view, self._setting("NEWSLETTER_TEXT_WIDTH"))
        message = build_message(subject=issue_view["subject"], sender=self._setting("NEWSLETTER_FROM"),
                                list_id=self._setting("NEWSLETTER_LIST_ID"), date=issue_view["date"],
                                text=text, html=html, web_url=issue_view["url"])
        data = message_bytes(message)
        summary = {key: issue_view[key] for key in ("slug", "title", "subject", "preheader", "url")}
        summary["date"] = issue_view["date"].isoformat()
        return EmailFiles(
            html=html, text=text, message=data, summary=json.dumps(summary, ensure_ascii=False, indent=2),
            warnings=email_problems(html, self._setting("NEWSLETTER_EMAIL_MAX_BYTES")),
            errors=[f"message.eml line {number} is longer than 998 octets" for number in long_lines(data)[:1]])

    def _write_email(self, issue_view: dict, shared: dict, inliner, cache: EmailCache | None,
                     inputs: dict | None, folder: str | None) -> None:
        where = display_path(issue_view["source_path"], self.path)
        slug = issue_view["slug"]
        refused = self._header_problems(issue_view)
        for problem in refused:
            log.error("%s", problem)
        if refused or folder is None:
            return
        started = time.perf_counter()
        files = key = None
        if cache is not None:
            view = {name: value for name, value in issue_view.items() if name != "articles"}
            key = email_key(view=view, **inputs)
            files = cache.get(slug, key)
            if files is not None:
                log.debug("%s: email files reused from the newsletter cache", where)
        if files is None:
            files = self._render_email(issue_view, shared, inliner)
            log.info("%s: email rendered in %.1f ms, email.html %d bytes, message.eml %d bytes", where,
                     (time.perf_counter() - started) * 1000, len(files.html.encode("utf-8")), len(files.message))
            if cache is not None:
                try:
                    cache.put(slug, key, files)
                except OSError as error:  # a read-only cache only costs the next build time
                    log.warning("%s: cannot keep the email in the newsletter cache: %s", where, error)
        self.render_seconds[slug] = time.perf_counter() - started
        # Repeated on every build, cached or not, so a problem never goes quiet.
        for problem in files.warnings:
            log.warning("%s: %s", where, problem)
        for problem in files.errors:
            log.error("%s: %s", where, problem)
        for name, data in (("NEWSLETTER_EMAIL_HTML_SAVE_AS", files.html.encode("utf-8")),
                           ("NEWSLETTER_EMAIL_TEXT_SAVE_AS", files.text.encode("utf-8")),
                           ("NEWSLETTER_MESSAGE_SAVE_AS", files.message),
                           ("NEWSLETTER_ISSUE_JSON_SAVE_AS", files.summary.encode("utf-8"))):
            self._write_bytes(self._setting(name).format(slug=slug), data, folder)
        self._mailed.append(slug)

    def _write_feed(self, views: list[dict], shared: dict) -> None:
        path = self._setting("NEWSLETTER_FEED_ATOM")
        if not path:
            return
        template = self.env.get_template("newsletter/feed_entry.html")
        entries = [{
            "title": view["title"],
            "url": view["url"],
            "date": view["date"],
            "summary": view["preheader"],
            "summary_type": "text",
            "content": template.render(dict(shared, issue=view)),
        } for view in views]
        title = f"{shared['site_name']} newsletter"
        feed = Feed(url=self._absolute(path), title=title, page_url=shared["archive_url"],
                    language=shared["lang"], authors=(title,))
        self._write_bytes(path, build_feed(feed, entries).atom_str(pretty=False))

    def generate_output(self, writer):
        shared = self._shared_view()
        inliner = make_inliner()
        cache = self._email_cache()
        views = [self._issue_view(issue) for issue in self.issues]
        inputs = self._email_inputs(shared) if cache is not None and views else None
        relative_urls = self.settings.get("RELATIVE_URLS", False)
        folder = self._mail_folder()
        for view in views:
            writer.write_file(view["save_as"], self.get_template("newsletter/issue"), self.context,
                              relative_urls, issue=view, newsletter=shared, url=view["url"])
            self._write_email(view, shared, inliner, cache, inputs, folder)
        if folder is not None:
            # What these files were built from, for `invoke send` to check before it trusts them.
            write_stamp(folder, make_stamp(self.settings, self._sources, self._mailed))
        writer.write_file(self._setting("NEWSLETTER_ARCHIVE_SAVE_AS"), self.get_template("newsletter/archive"),
                          self.context, relative_urls, newsletter_views=views, newsletter=shared)
        self._write_feed(views, shared)

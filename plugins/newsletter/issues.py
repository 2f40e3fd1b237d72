"""What a newsletter issue is and which posts it carries; no Pelican imports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol


class Post(Protocol):
    slug: str
    date: dt.datetime


@dataclass
class Issue:
    source_path: str
    slug: str
    title: str
    date: dt.datetime
    subject: str
    preheader: str
    letter_html: str
    # None means "every post since the previous issue"; a list keeps the author's order.
    article_slugs: list[str] | None = None
    articles: list[Any] = field(default_factory=list)
    # What Pelican read the issue into (a NewsletterIssue); it resolves the letter's links.
    page: Any = None


def split_slugs(value: str) -> list[str]:
    return [part.strip() for part in str(value).replace("\n", ",").split(",") if part.strip()]


def issue_problems(metadata: dict) -> list[str]:
    """Front-matter problems that make an issue unusable."""
    return [f"newsletter issue has no '{key.title()}:' line" for key in ("title", "date") if not metadata.get(key)]


def issue_from_metadata(metadata: dict, letter_html: str, source_path: str, slug: str, page: Any = None) -> Issue:
    title = str(metadata["title"]).strip()
    slugs = split_slugs(metadata["articles"]) if metadata.get("articles") else None
    return Issue(
        source_path=source_path,
        slug=slug,
        title=title,
        date=metadata["date"],
        subject=str(metadata.get("subject") or title).strip(),
        preheader=str(metadata.get("preheader") or "").strip(),
        letter_html=(letter_html or "").strip(),
        article_slugs=slugs,
        page=page,
    )


def assign_articles(issues: Sequence[Issue], posts: Sequence[Post]) -> list[tuple[Issue, str]]:
    """Fill each issue's ``articles``; return (issue, problem) pairs for unknown slugs.

    An issue without ``Articles:`` takes every post dated after the previous issue
    (by date) and up to its own date, newest first.
    """
    by_slug = {post.slug: post for post in posts}
    problems: list[tuple[Issue, str]] = []
    previous_date = None
    for issue in sorted(issues, key=lambda item: item.date):
        if issue.article_slugs is not None:
            issue.articles = []
            for slug in issue.article_slugs:
                if slug in by_slug:
                    issue.articles.append(by_slug[slug])
                else:
                    problems.append((issue, f"Articles: no published post has the slug '{slug}'"))
        else:
            chosen = [post for post in posts
                      if post.date <= issue.date and (previous_date is None or post.date > previous_date)]
            issue.articles = sorted(chosen, key=lambda post: post.date, reverse=True)
        previous_date = issue.date
    return problems


def newest_first(issues: Sequence[Issue]) -> list[Issue]:
    return sorted(issues, key=lambda item: item.date, reverse=True)

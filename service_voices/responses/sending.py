"""Sending webmentions for our own posts: every outside page a post links to is told once."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin

from bs4 import BeautifulSoup

from . import webmention
from .store import ResponseStore


@dataclass(frozen=True)
class Sent:
    target: str
    endpoint: str
    outcome: str  # "202", "skipped: ...", "no endpoint", "failed: ..."


def outside_links(html: str, source: str, site_url: str) -> list[str]:
    """Links in the post's body to other sites, each once, in page order."""
    soup = BeautifulSoup(html, "html.parser")
    body = soup.select_one(".post__body") or soup
    found = []
    for anchor in body.find_all("a", href=True):
        url = urljoin(source, anchor["href"]).split("#")[0]
        if webmention.is_http_url(url) and not url.startswith(site_url.rstrip("/") + "/") and url not in found:
            found.append(url)
    return found


def send_for_post(store: ResponseStore, source: str, html: str, site_url: str, *, timeout: float, max_bytes: int,
                  allow_private: bool, again: bool = False) -> list[Sent]:
    results = []
    for target in outside_links(html, source, site_url):
        if not again and store.already_sent(source, target):
            results.append(Sent(target, "", "skipped: sent before"))
            continue
        try:
            page = webmention.fetch(target, timeout=timeout, max_bytes=max_bytes, allow_private=allow_private)
            endpoint = webmention.discover_endpoint(page)
            if not endpoint:
                results.append(Sent(target, "", "no endpoint"))
                continue
            answer = webmention.fetch(endpoint, timeout=timeout, max_bytes=max_bytes, allow_private=allow_private,
                                      method="POST", data={"source": source, "target": target})
        except webmention.FetchRefused as error:
            results.append(Sent(target, "", f"failed: {error}"))
            continue
        if 200 <= answer.status < 300:
            store.record_sent(source, target, endpoint, answer.status)
        results.append(Sent(target, endpoint, str(answer.status)))
    return results

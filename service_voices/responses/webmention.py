"""Webmention (W3C Recommendation): verifying received mentions and sending our own.

Source pages are fetched with a short timeout and a size cap, and every hop of a
redirect must lead to a public address unless private ones are allowed (tests).
"""

from __future__ import annotations

import ipaddress
import re
import socket
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx
import mf2py
from bs4 import BeautifulSoup

from .markup import sanitise

MAX_REDIRECTS = 3
USER_AGENT = "ServiceVoices-Webmention/1"
REL_PARAM = re.compile(r'rel\s*=\s*"?([^";]*)')


class FetchRefused(Exception):
    """The URL may not be fetched, or did not answer usefully; the message says why."""


@dataclass(frozen=True)
class Fetched:
    status: int
    url: str
    text: str
    headers: httpx.Headers


@dataclass(frozen=True)
class Mention:
    kind: str  # reply, like, repost or mention
    name: str
    website: str
    photo: str
    html: str
    text: str


def is_http_url(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _check_host(url: str, allow_private: bool) -> None:
    host = urlsplit(url).hostname or ""
    try:
        infos = socket.getaddrinfo(host, None)
    except (socket.gaierror, UnicodeError):
        raise FetchRefused(f"{host} does not resolve") from None
    if allow_private:
        return
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            raise FetchRefused(f"{host} is a private address")


def fetch(url: str, *, timeout: float, max_bytes: int, allow_private: bool, method: str = "GET",
          data: dict | None = None) -> Fetched:
    """One request, following at most a few redirects, each checked before it is followed."""
    with httpx.Client(timeout=timeout, follow_redirects=False, headers={"User-Agent": USER_AGENT}) as client:
        for _ in range(MAX_REDIRECTS + 1):
            if not is_http_url(url):
                raise FetchRefused(f"{url} is not an http(s) URL")
            _check_host(url, allow_private)
            try:
                with client.stream(method, url, data=data) as answer:
                    if answer.is_redirect and "location" in answer.headers and method == "GET":
                        url = urljoin(url, answer.headers["location"])
                        continue
                    body = b""
                    for chunk in answer.iter_bytes():
                        body += chunk
                        if len(body) > max_bytes:
                            raise FetchRefused(f"{url} is larger than {max_bytes} bytes")
                    text = body.decode(answer.encoding or "utf-8", errors="replace")
                    return Fetched(answer.status_code, str(answer.url), text, answer.headers)
            except httpx.HTTPError as error:
                raise FetchRefused(f"{url} could not be fetched ({type(error).__name__})") from None
    raise FetchRefused(f"{url} redirects too often")


def same_url(a: str, b: str) -> bool:
    return a.split("#")[0].rstrip("/") == b.split("#")[0].rstrip("/")


def links_to(html: str, base: str, target: str) -> bool:
    soup = BeautifulSoup(html, "html.parser")
    for element in soup.find_all(["a", "link", "img", "video", "audio", "source"]):
        for attribute in ("href", "src"):
            value = element.get(attribute)
            if value and same_url(urljoin(base, value), target):
                return True
    return False


def _urls(values) -> list[str]:
    found = []
    for value in values or []:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            found.extend(value.get("properties", {}).get("url", []) or [value.get("value", "")])
    return [url for url in found if isinstance(url, str)]


def _first(properties: dict, name: str) -> str:
    values = properties.get(name) or [""]
    value = values[0]
    if isinstance(value, dict):
        return str(value.get("value", "") or value.get("alt", ""))
    return str(value)


def parse_mention(html: str, source: str, target: str) -> Mention:
    """What the source's h-entry says: who, what kind of response, and its content."""
    parsed = mf2py.parse(doc=html, url=source)
    entries = [item for item in parsed.get("items", []) if "h-entry" in item.get("type", [])]
    if not entries:
        return Mention("mention", urlsplit(source).hostname or source, source, "", "", "")
    properties = entries[0].get("properties", {})
    kind = "mention"
    for name, meaning in (("like-of", "like"), ("repost-of", "repost"), ("in-reply-to", "reply")):
        if any(same_url(url, target) for url in _urls(properties.get(name))):
            kind = meaning
            break
    name, website, photo = "", source, ""
    author = (properties.get("author") or [None])[0]
    if isinstance(author, dict):
        author_properties = author.get("properties", {})
        name = _first(author_properties, "name") or str(author.get("value", ""))
        website = _first(author_properties, "url") or website
        photo = _first(author_properties, "photo")
    elif isinstance(author, str):
        name = author
    content = (properties.get("content") or [None])[0]
    html_content, text = "", ""
    if isinstance(content, dict):
        html_content = sanitise(content.get("html", ""))
        text = content.get("value", "")
    elif isinstance(content, str):
        text = content
    if not is_http_url(photo):
        photo = ""
    return Mention(kind, (name or urlsplit(source).hostname or "").strip()[:100], website if is_http_url(website)
                   else source, photo, html_content, text.strip())


def discover_endpoint(page: Fetched) -> str:
    """The page's webmention endpoint, from its Link header first, then the first rel=webmention element."""
    for link in page.headers.get_list("link"):
        for part in link.split(","):
            url, _, params = part.partition(";")
            rel = REL_PARAM.search(params)
            if rel and "webmention" in rel.group(1).split():
                return urljoin(page.url, url.strip().strip("<>"))
    soup = BeautifulSoup(page.text, "html.parser")
    element = soup.find(["link", "a"], rel=lambda rel: rel and "webmention" in rel, href=True)
    return urljoin(page.url, element["href"]) if element is not None else ""

"""The checks made before anything leaves: ``invoke send <slug> --check``, and the first step of every send.

Mail cannot be taken back, so the message is judged as a subscriber would receive
it: one sample recipient's message is personalised exactly as the send will do it,
and read back with the email package. Every link and image in both parts must be
absolute, https, and under the live ``SITEURL`` (or ``NEWSLETTER_LINK_ALLOWLIST``);
the unsubscribe link must be https and its service must answer; the headers must be
single clean lines once decoded; no placeholder may be left; the postal address
must be there; the HTML part must fit under Gmail's clipping size; and the From
domain must match the DKIM signing domain. ``--allow-insecure-links`` lets http and
this machine's own addresses through, for trying things out on loopback only.
"""

from __future__ import annotations

import email
import email.policy
import html
import ipaddress
import re
import ssl
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from email.utils import parseaddr
from html.parser import HTMLParser
from urllib.parse import urlsplit

from service_voices.header_values import value_problem
from service_voices.placeholders import PATTERN

LOOPBACK_NAMES = ("localhost", "localhost.localdomain")
# RFC 2606 and 6761: names that can never be anyone's live site.
RESERVED_SUFFIXES = (".example", ".invalid", ".test", ".localhost", ".local")
HEALTH_PATH = "/healthz"
HEALTH_TIMEOUT = 10
# Every header the build and the sender write. Any other one in the message was put
# there by hand or smuggled in through a value, and is refused.
EXPECTED_HEADERS = {"subject", "from", "date", "list-id", "list-unsubscribe", "list-unsubscribe-post", "list-archive",
                    "mime-version", "content-type", "content-transfer-encoding", "to", "message-id",
                    "dkim-signature"}
_TEXT_URL = re.compile(r"""\b[a-z][a-z0-9+.-]*://[^\s<>"'()]+""", re.IGNORECASE)
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)""", re.IGNORECASE)
_URL_ATTRIBUTES = {"href", "src", "background", "action", "poster", "cite", "longdesc"}
_SHOWN = 3


@dataclass
class Finding:
    level: str  # "ok", "warning" or "error"
    topic: str
    text: str

    def line(self) -> str:
        label = {"ok": "ok", "warning": "WARNING", "error": "ERROR"}[self.level]
        return f"  {label:<8}{self.topic}: {self.text}"


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)

    def add(self, level: str, topic: str, text: str) -> None:
        self.findings.append(Finding(level, topic, text))

    @property
    def errors(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.level == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.level == "warning"]


@dataclass
class Expectations:
    """What the message must agree with: the live settings and the send's options."""
    site_url: str
    service_url: str
    allowed_prefixes: tuple[str, ...] = ()
    insecure: bool = False  # --allow-insecure-links
    postal_address: str = ""
    sample_postal_address: str = ""
    max_html_bytes: int = 100 * 1024
    dkim_domain: str = ""


class _Links(HTMLParser):
    """Every URL an HTML part would make a mail client fetch or open."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []  # (kind, url)

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if not value:
                continue
            if name in _URL_ATTRIBUTES:
                self.found.append(("image" if tag == "img" and name == "src" else "link", value.strip()))
            elif name == "srcset":
                self.found += [("image", part.split()[0]) for part in value.split(",") if part.split()]
            elif name == "style":
                self.found += [("image", match.strip()) for match in _CSS_URL.findall(value)]


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback or ipaddress.ip_address(host).is_unspecified
    except ValueError:
        return False


def is_reserved(host: str) -> bool:
    return host == "example" or host.endswith(RESERVED_SUFFIXES)


def _under(url: str, prefix: str) -> bool:
    """``url`` is ``prefix`` or below it (scheme and host compared without case)."""
    prefix = prefix.rstrip("/")
    left, right = urlsplit(url), urlsplit(prefix)
    if (left.scheme.lower(), left.netloc.lower()) != (right.scheme.lower(), right.netloc.lower()):
        return False
    return left.path == right.path or left.path.startswith(right.path + "/") or not right.path


def check_address(report: Report, topic: str, url: str, expect: Expectations, loopback_level: str) -> bool:
    """The live site's or the service's own address; False when it is unusable."""
    if not url:
        report.add("error", topic, "is empty")
        return False
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("https", "http") or not host:
        report.add("error", topic, f"{url!r} is not an absolute http(s) address")
        return False
    problems = []
    if parts.scheme != "https" and not expect.insecure:
        problems.append(("error", f"{url} is not https (--allow-insecure-links allows http for a loopback trial)"))
    if is_reserved(host):
        problems.append(("error", f"{url} is a reserved example name that no subscriber can reach; "
                                  "set the live address"))
    elif is_loopback(host) and not expect.insecure:
        problems.append((loopback_level, f"{url} is this machine's own address; subscribers cannot reach it"))
    for level, text in problems:
        report.add(level, topic, text)
    return not any(level == "error" for level, _ in problems)


def _judge_links(report: Report, urls: list[tuple[str, str, str]], expect: Expectations) -> None:
    """``urls`` as (part, kind, url); the unsubscribe links are judged with the service."""
    bad: list[str] = []
    counted = {"link": 0, "image": 0}
    unsubscribe = expect.service_url.rstrip("/") + "/unsubscribe"
    for part, kind, url in urls:
        scheme = urlsplit(url).scheme.lower()
        if scheme in ("mailto", "tel") or url.startswith(unsubscribe):
            continue
        counted[kind] += 1
        if not scheme or not urlsplit(url).netloc:
            bad.append(f"{url} ({part}: not absolute)")
        elif scheme != "https" and not (expect.insecure and scheme == "http"):
            bad.append(f"{url} ({part}: not https)")
        elif not any(_under(url, prefix) for prefix in (expect.site_url, *expect.allowed_prefixes)):
            bad.append(f"{url} ({part}: not under {expect.site_url})")
    unique = list(dict.fromkeys(bad))
    if unique:
        more = f" and {len(unique) - _SHOWN} more" if len(unique) > _SHOWN else ""
        report.add("error", "links", f"{len(unique)} link(s) a subscriber must not get: "
                                     f"{'; '.join(unique[:_SHOWN])}{more}")
    else:
        report.add("ok", "links", f"{counted['link']} links and {counted['image']} images in both parts, "
                                  f"all {'https ' if not expect.insecure else ''}under {expect.site_url}"
                                  + (" or the allow-list" if expect.allowed_prefixes else ""))


def _visible_text(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def check_message(report: Report, data: bytes, expect: Expectations) -> None:
    """Judge one personalised message as a mail client reads it."""
    raw = email.message_from_bytes(data, policy=email.policy.compat32)
    message = email.message_from_bytes(data, policy=email.policy.default)
    header_problems = [f"{name}: {problem}" for name, value in raw.items()
                       if (problem := value_problem(str(value)))]
    unexpected = sorted({name for name, _ in raw.items() if name.lower() not in EXPECTED_HEADERS})
    if unexpected:
        header_problems.append(f"{', '.join(unexpected)}: the build never writes such a header")
    if not raw.get("Subject", "").strip():
        header_problems.append("the Subject is empty")
    if header_problems:
        report.add("error", "headers", "; ".join(header_problems))
    else:
        report.add("ok", "headers", f"{len(raw)} headers, each one clean line once decoded "
                                    f"(Subject: {message['Subject']})")

    text_part, html_part = message.get_body(("plain",)), message.get_body(("html",))
    if text_part is None or html_part is None:
        report.add("error", "parts", "the message needs both a text and an HTML part")
        return
    text, markup = text_part.get_content(), html_part.get_content()

    left = sorted(set(PATTERN.findall(text + markup + "".join(str(value) for value in raw.values()))))
    if left:
        report.add("error", "placeholders", f"left in the message after personalising: {', '.join(left)}")
    else:
        report.add("ok", "placeholders", "none left after personalising")

    links = _Links()
    links.feed(markup)
    urls = [("HTML", kind, url) for kind, url in links.found]
    urls += [("text", "link", url.rstrip(".,;:!?")) for url in _TEXT_URL.findall(text)]
    urls += [(f"{name} header", "link", url) for name in ("List-Archive",)
             for url in re.findall(r"<([^>]+)>", raw.get(name, ""))]
    _judge_links(report, urls, expect)

    unsubscribe = [url for url in re.findall(r"<([^>]+)>", raw.get("List-Unsubscribe", ""))
                   if not url.startswith("mailto:")]
    one_click = raw.get("List-Unsubscribe-Post", "").strip() == "List-Unsubscribe=One-Click"
    scheme_ok = all(urlsplit(url).scheme == "https" or expect.insecure for url in unsubscribe)
    if not unsubscribe or not one_click or not scheme_ok:
        report.add("error", "unsubscribe", "List-Unsubscribe needs an https link and List-Unsubscribe-Post "
                                           f"(RFC 8058); found {raw.get('List-Unsubscribe', 'none')!r}")
    elif unsubscribe[0] not in text or unsubscribe[0] not in html.unescape(markup):
        report.add("error", "unsubscribe", "the unsubscribe link is missing from the text or the HTML part")
    else:
        report.add("ok", "unsubscribe", f"one-click link in the headers and both parts ({unsubscribe[0][:60]}...)")

    address = " ".join(expect.postal_address.split())
    if not address:
        report.add("error", "postal address", "NEWSLETTER_POSTAL_ADDRESS is empty; the law in many countries "
                                              "asks for a postal address in every newsletter")
    elif address not in " ".join(text.split()) or address not in _visible_text(markup):
        report.add("error", "postal address", f"{address!r} is not in both parts of the message")
    elif address == " ".join(expect.sample_postal_address.split()):
        report.add("warning", "postal address", f"{address!r} is the sample address; put your real one in "
                                                "NEWSLETTER_POSTAL_ADDRESS")
    else:
        report.add("ok", "postal address", f"{address!r} in both parts")

    size = len(markup.encode("utf-8"))
    if size >= expect.max_html_bytes:
        report.add("error", "size", f"the HTML part is {size / 1024:.0f} KB; Gmail clips messages over about "
                                    f"102 KB (limit NEWSLETTER_EMAIL_MAX_BYTES = {expect.max_html_bytes} bytes)")
    else:
        report.add("ok", "size", f"HTML part {size / 1024:.1f} KB, under {expect.max_html_bytes / 1024:.0f} KB")
    if max(len(line) for line in data.split(b"\r\n")) > 998:
        report.add("error", "size", "a line of the message is longer than SMTP's 998 octets")

    if expect.dkim_domain:
        sender_domain = parseaddr(str(message["From"]))[1].rpartition("@")[2].lower()
        dkim = expect.dkim_domain.lower()
        if sender_domain == dkim or sender_domain.endswith("." + dkim):
            report.add("ok", "dkim", f"From domain {sender_domain} is signed by d={dkim}")
        else:
            report.add("error", "dkim", f"From domain {sender_domain!r} does not match the DKIM domain {dkim!r} "
                                        "(NEWSLETTER_DKIM_DOMAIN); receivers would not count the signature")


def check_settings(report: Report, expect: Expectations) -> None:
    check_address(report, "SITEURL", expect.site_url, expect, loopback_level="error")
    for prefix in expect.allowed_prefixes:
        if urlsplit(prefix).scheme != "https" and not expect.insecure:
            report.add("error", "NEWSLETTER_LINK_ALLOWLIST", f"{prefix!r} is not an https address")
    check_address(report, "NEWSLETTER_SERVICE_URL", expect.service_url, expect, loopback_level="warning")
    if not any(finding.topic in ("SITEURL", "NEWSLETTER_SERVICE_URL") for finding in report.findings):
        report.add("ok", "addresses", f"site {expect.site_url}, unsubscribe service {expect.service_url}")


def check_service_answers(report: Report, service_url: str, timeout: float = HEALTH_TIMEOUT) -> None:
    """The unsubscribe service answers its health check, so the links in the message will work."""
    url = service_url.rstrip("/") + HEALTH_PATH
    try:
        with urllib.request.urlopen(url, timeout=timeout, context=ssl.create_default_context()) as answer:
            status, body = answer.status, answer.read(100).decode("utf-8", "replace").strip()
    except urllib.error.HTTPError as error:
        status, body = error.code, ""
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        report.add("error", "service", f"{url} did not answer ({reason}); start the subscription service or fix "
                                       "NEWSLETTER_SERVICE_URL")
        return
    if status == 200:
        report.add("ok", "service", f"{url} answered {status} {body!r}")
    else:
        report.add("error", "service", f"{url} answered {status}, not 200")

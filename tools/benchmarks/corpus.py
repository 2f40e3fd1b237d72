"""Write a synthetic content folder with the mix of posts this site really publishes.

Everything comes from one seeded ``random.Random``, so the same ``posts`` and ``seed``
always give byte-identical files: two benchmark runs compare builds of the same site.
No Pelican imports here; the corpus is plain Markdown in the authoring formats of the
README (interviews, dialogues, transcripts, series, white papers, newsletter issues,
author profiles).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from service_voices.slugs import slugify

DEFAULT_SEED = 20261122

# Share of each kind among the published posts, from the sample site and the archive
# it stands for. Whatever is left after these is plain articles.
MIX = {
    "interview": 0.09,
    "dialogue": 0.07,
    "transcript": 0.04,
    "series_part": 0.18,
    "whitepaper": 0.005,
}
CO_AUTHORED_SHARE = 0.2  # of plain posts and series parts; dialogues always are
DRAFT_SHARE = 0.01
HIDDEN_SHARE = 0.005
IMAGE_SHARE = 0.05
POST_INTERVAL = dt.timedelta(hours=26)  # about 28 posts a month
LAST_POST = dt.datetime(2026, 10, 28, 9, 0)

AUTHORS = [
    "Jenny Park", "Jeremy Cole", "Dana Brooks", "Lee Okafor", "Priya Raman", "Tomás Ibarra",
    "Mei Chen", "Kwame Mensah", "Sofia Lindqvist", "Omar Haddad", "Hannah Weiss", "Luca Romano",
    "Aisha Bello", "Mateo Silva", "Ingrid Nilsen", "Ravi Patel", "Chloé Martin", "Yusuf Demir",
    "Nora Fitzgerald", "Kenji Watanabe", "Elena Petrova", "Sam Lee", "Zoë Adeyemi", "Marcus Hall",
]
ROLES = ["Support Team Lead", "Head of Support", "Quality Analyst", "Trainer", "Support Engineer",
         "Workforce Planner", "Director of Customer Experience", "Senior Agent"]
FIRST_NAMES = ["Ana", "Ben", "Carla", "Dev", "Esther", "Felix", "Grace", "Hugo", "Ines", "Jonas",
               "Kira", "Liam", "Maya", "Nico", "Olga", "Pablo", "Rosa", "Sven", "Tara", "Uma"]
LAST_NAMES = ["Ruiz", "Novak", "Osei", "Kowalski", "Ferreira", "Lund", "Moreau", "Tanaka",
              "Byrne", "Costa", "Haas", "Iyer", "Jensen", "Quinn", "Santos", "Varga"]
CATEGORIES = ["Craft", "Leadership", "Metrics", "Tools", "Interviews", "Conversations", "White papers"]
TAGS = ["tone", "empathy", "coaching", "onboarding", "feedback", "metrics", "escalations",
        "self-service", "macros", "refunds", "chat", "email", "phone", "quality", "hiring",
        "scheduling", "burnout", "knowledge base", "apologies", "handovers", "surveys", "churn",
        "billing", "accessibility", "localisation", "automation", "triage", "complaints",
        "retention", "documentation", "training", "leadership", "forecasting", "SLAs",
        "social media", "community", "returns", "privacy", "outages", "first reply"]
SERIES_TOPICS = ["Customer Service", "The Support Desk Playbook", "Escalations Done Right",
                 "Metrics That Matter", "Coaching in Practice", "The 5 W's of Great Service",
                 "Writing for Customers", "Running a Small Desk", "Quality Reviews",
                 "Hiring for Support"]
NEWSLETTER_THEMES = ["Flexibility", "Follow-through", "Listening", "Ownership", "Patience",
                     "Clarity", "Honesty", "Speed", "Kindness", "Consistency", "Curiosity", "Calm"]

NOUNS = ["customer", "agent", "ticket", "reply", "refund", "queue", "lead", "macro", "promise",
         "escalation", "team", "policy", "handover", "deadline", "apology", "question", "order",
         "invoice", "account", "shift", "review", "dashboard", "habit", "template", "call",
         "conversation", "summary", "follow-up", "colleague", "manager", "channel", "survey"]
VERBS = ["answers", "owns", "reads", "explains", "fixes", "promises", "reviews", "rewrites",
         "escalates", "remembers", "notices", "measures", "coaches", "repeats", "closes",
         "checks", "names", "shares", "improves", "calms", "hears", "tracks", "follows"]
ADJECTIVES = ["clear", "honest", "small", "specific", "patient", "careful", "quiet", "quick",
              "plain", "personal", "worried", "late", "second", "useful", "real", "written",
              "friendly", "steady", "open", "difficult", "simple", "missing", "new", "whole"]
ADVERBS = ["usually", "often", "rarely", "always", "quietly", "carefully", "plainly", "early",
           "honestly", "gently", "twice", "slowly", "properly"]
LINKERS = ["and", "but", "because", "so", "while", "although", "until", "when"]


@dataclass
class CorpusSummary:
    root: Path
    posts: int
    seed: int
    kinds: Counter = field(default_factory=Counter)
    series: dict = field(default_factory=dict)  # name -> number of parts
    newsletter_issues: int = 0
    authors: int = 0
    drafts: int = 0
    hidden: int = 0
    co_authored: int = 0
    post_paths: list = field(default_factory=list)  # published posts, oldest first

    def as_dict(self) -> dict:
        return {
            "posts": self.posts,
            "seed": self.seed,
            "kinds": dict(sorted(self.kinds.items())),
            "series": len(self.series),
            "series_parts": sum(self.series.values()),
            "largest_series": max(self.series.values(), default=0),
            "co_authored": self.co_authored,
            "drafts": self.drafts,
            "hidden": self.hidden,
            "newsletter_issues": self.newsletter_issues,
            "author_profiles": self.authors,
        }


class _Writer:
    """Sentences and blocks of plausible support prose from a seeded generator."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def words(self, low: int, high: int) -> str:
        pick = self.rng.choice
        return " ".join(pick(ADJECTIVES if i % 3 == 0 else NOUNS) for i in range(self.rng.randint(low, high)))

    def sentence(self) -> str:
        pick = self.rng.choice
        parts = [f"the {pick(ADJECTIVES)} {pick(NOUNS)} {pick(ADVERBS)} {pick(VERBS)} the {pick(NOUNS)}"]
        for _ in range(self.rng.randint(0, 2)):
            parts.append(f"{pick(LINKERS)} every {pick(NOUNS)} {pick(VERBS)} a {pick(ADJECTIVES)} {pick(NOUNS)}")
        text = " ".join(parts)
        roll = self.rng.random()
        if roll < 0.08:
            text += f", which is *{pick(ADJECTIVES)}* work"
        elif roll < 0.12:
            noun = pick(NOUNS)
            text += f", as the [{noun} guide](https://example.org/guides/{noun}) puts it"
        return text[0].upper() + text[1:] + "."

    def paragraph(self, low: int = 3, high: int = 6) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(low, high)))

    def title(self) -> str:
        pick = self.rng.choice
        pattern = self.rng.randrange(4)
        if pattern == 0:
            text = f"Why the {pick(ADJECTIVES)} {pick(NOUNS)} matters"
        elif pattern == 1:
            text = f"How to {pick(VERBS)[:-1]} a {pick(ADJECTIVES)} {pick(NOUNS)}"
        elif pattern == 2:
            text = f"What every {pick(NOUNS)} learns from a {pick(ADJECTIVES)} {pick(NOUNS)}"
        else:
            text = f"The {pick(ADJECTIVES)} {pick(NOUNS)} and the {pick(NOUNS)}"
        return text[0].upper() + text[1:]

    def extra_block(self) -> str:
        roll = self.rng.random()
        if roll < 0.35:
            return "\n".join(f"- {self.sentence()}" for _ in range(self.rng.randint(2, 5)))
        if roll < 0.55:
            return "\n".join(f"{n}. {self.sentence()}" for n in range(1, self.rng.randint(3, 6)))
        if roll < 0.75:
            return f"> {self.paragraph(1, 3)}"
        if roll < 0.85:
            return "```\nSubject: About your order\nHello {name}, your refund is on its way.\n```"
        return f"## {self.title()}"

    def body(self, paragraphs: int, images: bool = False) -> list[str]:
        blocks = []
        for i in range(paragraphs):
            blocks.append(self.paragraph())
            if i and self.rng.random() < 0.3:
                blocks.append(self.extra_block())
        if images:
            number = self.rng.randint(1, 3)
            blocks.insert(1, f"![A chart of {self.words(3, 6)}]({{static}}/images/chart-{number}.svg)")
        return blocks


def _front_matter(fields: list[tuple[str, str]]) -> str:
    return "\n".join(f"{key}: {value}" for key, value in fields if value is not None)


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def _handle(name: str) -> str:
    return slugify(name).replace("-", "_")


def _plan_kinds(rng: random.Random, posts: int) -> list[str]:
    counts = {kind: int(round(posts * share)) for kind, share in MIX.items()}
    counts["whitepaper"] = max(1, counts["whitepaper"]) if posts >= 20 else 0
    counts["series_part"] = counts["series_part"] if counts["series_part"] >= 2 else 0
    kinds = [kind for kind, count in counts.items() for _ in range(count)]
    kinds += ["plain"] * (posts - len(kinds))
    rng.shuffle(kinds)
    return kinds[:posts]


def _plan_series(rng: random.Random, parts: int) -> list[tuple[str, int, str]]:
    """Split ``parts`` into series of 2 to 12; returns (name, size, index style) each.

    Index styles: "all" (every part has Series_index), "none" (order by date) and
    "mixed" (some parts indexed, the rest follow by date).
    """
    plan = []
    number = 0
    while parts >= 2:
        size = min(parts, rng.randint(2, 12))
        if parts - size == 1:
            size += 1 if size < 12 else -1
        number += 1
        name = f"{SERIES_TOPICS[number % len(SERIES_TOPICS)]} {number}"
        style = rng.choices(["all", "none", "mixed"], weights=[5, 3, 2])[0]
        plan.append((name, size, style))
        parts -= size
    return plan


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _svg(label: str, width: int = 320, height: int = 200) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
            f'height="{height}" role="img"><title>{label}</title>'
            f'<rect width="{width}" height="{height}" fill="#e8eef6"/>'
            f'<path d="M20 {height - 20} L{width // 2} 40 L{width - 20} {height - 60}" stroke="#0b5cad" '
            f'stroke-width="6" fill="none"/></svg>\n')


def _write_static(root: Path) -> None:
    _write(root / "extra" / "favicon.svg", _svg("Service Voices", 32, 32))
    for number in (1, 2, 3):
        _write(root / "images" / f"chart-{number}.svg", _svg(f"Chart {number}"))
    _write(root / "pages" / "about.md", "Title: About\nSlug: about\n\n"
           "Service Voices is written by people who do customer service for a living.\n")
    # The sign-up form redirects here; the real site has it too.
    _write(root / "pages" / "newsletter-thanks.md", "Title: Check your inbox\nSlug: newsletter-thanks\n"
           "Status: hidden\n\nWe have sent you an email with a link to confirm your address.\n")


def _write_authors(root: Path, rng: random.Random, writer: _Writer) -> None:
    for name in AUTHORS:
        slug = slugify(name)
        _write(root / "images" / "authors" / f"{slug}.svg", _svg(name, 96, 96))
        text = _front_matter([("Name", name), ("Role", rng.choice(ROLES)),
                              ("Photo", f"images/authors/{slug}.svg")])
        _write(root / "authors" / f"{slug}.md", f"{text}\n\n{writer.paragraph(3, 5)}\n")


def _interview_body(rng: random.Random, writer: _Writer) -> list[str]:
    blocks = [writer.paragraph(), writer.paragraph()]
    for _number in range(rng.randint(4, 9)):
        question = writer.sentence()[:-1]
        blocks.append(f"Q: {question}?")
        answer = writer.paragraph()
        blocks.append(f"A: {answer}" if rng.random() < 0.7 else answer)
        for _ in range(rng.randint(0, 2)):
            blocks.append(writer.extra_block() if rng.random() < 0.4 else writer.paragraph())
    blocks += ["---", writer.paragraph(2, 3)]
    return blocks


def _dialogue_body(rng: random.Random, writer: _Writer, speakers: list[str], turns: int) -> list[str]:
    blocks = [writer.paragraph()]
    order = list(speakers)
    for turn in range(turns):
        speaker = order[turn % len(order)] if turn < len(order) else rng.choice(order)
        label = f"**{speaker}:**" if rng.random() < 0.2 else f"{speaker}:"
        blocks.append(f"{label} {writer.paragraph(1, 4)}")
        if rng.random() < 0.15:
            blocks.append(writer.extra_block())
        if rng.random() < 0.05:
            # An undeclared label stays an ordinary paragraph inside the turn.
            blocks.append(f"Note: {writer.sentence()}")
    blocks += ["---", writer.paragraph(2, 3)]
    return blocks


def _whitepaper_body(rng: random.Random, writer: _Writer) -> list[str]:
    blocks = []
    for section in range(1, rng.randint(6, 9)):
        blocks.append(f"## {section}. {writer.title()}")
        blocks += [writer.paragraph(4, 7) for _ in range(rng.randint(2, 3))]
        for _ in range(rng.randint(1, 3)):
            blocks.append(f"### {writer.title()}")
            blocks += [writer.paragraph(4, 7) for _ in range(rng.randint(1, 3))]
            if rng.random() < 0.4:
                blocks.append(writer.extra_block())
    blocks.append("## References")
    blocks.append("\n".join(f"- {_person(rng)} ({rng.randint(2015, 2026)}). *{writer.title()}.* Internal report."
                            for _ in range(rng.randint(3, 6))))
    return blocks


def generate(root: str | Path, posts: int = 1000, seed: int = DEFAULT_SEED) -> CorpusSummary:
    """Write ``posts`` posts (plus profiles, pages, images, newsletter issues) under ``root``.

    ``root`` is created; it must not already hold a corpus with other files.
    """
    if posts < 1:
        raise ValueError("a corpus needs at least one post")
    root = Path(root)
    rng = random.Random(seed)
    writer = _Writer(rng)
    summary = CorpusSummary(root=root, posts=posts, seed=seed, authors=len(AUTHORS))
    _write_static(root)
    _write_authors(root, rng, writer)

    kinds = _plan_kinds(rng, posts)
    series_plan = _plan_series(rng, kinds.count("series_part"))
    series_slots = [name for name, size, _ in series_plan for _ in range(size)]
    series_style = {name: style for name, _, style in series_plan}
    series_seen: Counter = Counter()
    summary.series = {name: size for name, size, _ in series_plan}

    first_date = LAST_POST - POST_INTERVAL * (posts - 1)
    published: list[tuple[dt.datetime, str]] = []
    used_slugs: set[str] = set()
    for number, kind in enumerate(kinds):
        date = first_date + POST_INTERVAL * number
        status = None
        roll = rng.random()
        if roll < DRAFT_SHARE:
            status = "draft"
        elif roll < DRAFT_SHARE + HIDDEN_SHARE:
            status = "hidden"
        authors = [rng.choice(AUTHORS)]
        if kind in ("plain", "series_part") and rng.random() < CO_AUTHORED_SHARE:
            authors = rng.sample(AUTHORS, rng.randint(2, 3))
        elif kind == "dialogue":
            authors = rng.sample(AUTHORS, 2)
        elif kind == "whitepaper":
            authors = rng.sample(AUTHORS, rng.randint(2, 3))
        extra: list[tuple[str, str]] = []
        title = writer.title()
        category = rng.choice(CATEGORIES[:4])
        if kind == "interview":
            interviewee = _person(rng)
            title = f"The Practitioner Interview: {interviewee}"
            category = "Interviews"
            extra = [("Layout", "interview"), ("Interviewee", interviewee)]
            if rng.random() < 0.3:
                extra.append(("Interviewer", _person(rng)))
            body = _interview_body(rng, writer)
        elif kind == "dialogue":
            speakers = [name.split()[0] for name in authors]
            category = "Conversations"
            extra = [("Layout", "dialogue"), ("Speakers", ", ".join(speakers))]
            body = _dialogue_body(rng, writer, speakers, rng.randint(8, 16))
        elif kind == "transcript":
            handles = [_handle(_person(rng)) for _ in range(rng.randint(2, 4))]
            handles = list(dict.fromkeys(handles))
            if len(handles) < 2:
                handles.append("support_desk")
            title = f"A thread on {writer.words(2, 3)}"
            category = "Conversations"
            extra = [("Layout", "dialogue"), ("Speakers", ", ".join(handles))]
            body = _dialogue_body(rng, writer, handles, rng.randint(6, 12))
        elif kind == "whitepaper":
            title = f"The {rng.choice(ADJECTIVES).title()} {rng.choice(NOUNS).title()} White Paper"
            category = "White papers"
            extra = [("Layout", "whitepaper")]
            body = _whitepaper_body(rng, writer)
        elif kind == "series_part":
            name = series_slots[series_seen.total()]
            series_seen[name] += 1
            part = series_seen[name]
            title = f"{name}, part {part}: {writer.title()}"
            extra = [("Series", name)]
            style = series_style[name]
            if style == "all" or (style == "mixed" and part % 2 == 1):
                extra.append(("Series_index", str(part)))
            body = writer.body(rng.randint(5, 9))
        else:
            body = writer.body(rng.randint(5, 10), images=rng.random() < IMAGE_SHARE)

        slug = slugify(title)[:60].strip("-")
        if slug in used_slugs:
            slug = f"{slug}-{number}"
        used_slugs.add(slug)
        summary_text = writer.sentence()
        fields = [
            ("Title", title),
            ("Date", date.strftime("%Y-%m-%d %H:%M")),
            ("Category", category),
            ("Tags", ", ".join(rng.sample(TAGS, rng.randint(1, 4)))),
            ("Authors", ", ".join(authors)),
            ("Summary", summary_text),
            ("Slug", slug),
            ("Status", status),
        ] + extra
        path = root / "posts" / f"{date:%Y}" / f"{slug}.md"
        _write(path, _front_matter(fields) + "\n\n" + "\n\n".join(body) + "\n")

        summary.kinds[kind] += 1
        summary.co_authored += len(authors) > 1
        if status == "draft":
            summary.drafts += 1
        elif status == "hidden":
            summary.hidden += 1
        else:
            published.append((date, slug))
            summary.post_paths.append(path)

    _write_series_files(root, rng, writer, series_plan)
    summary.newsletter_issues = _write_newsletter(root, rng, writer, published)
    return summary


def _write_series_files(root: Path, rng: random.Random, writer: _Writer, plan: list) -> None:
    """A description file for about half the series; some announce planned parts."""
    for name, size, _ in plan:
        if rng.random() < 0.5:
            continue
        fields = [("Title", name), ("Description", writer.sentence())]
        fields += [("Planned", f"{name}, part {size + extra}: {writer.title()}")
                   for extra in range(1, rng.randint(0, 3) + 1)]
        _write(root / "series" / f"{slugify(name)}.md", _front_matter(fields) + "\n\n" + writer.paragraph() + "\n")


def _write_newsletter(root: Path, rng: random.Random, writer: _Writer,
                      published: list[tuple[dt.datetime, str]]) -> int:
    """One issue on the first of each month after the first post; returns how many."""
    if not published:
        return 0
    first = published[0][0]
    month = dt.date(first.year, first.month, 1)
    last = published[-1][0].date()
    issues = 0
    previous = dt.datetime.min
    while True:
        month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        issue_date = dt.datetime(month.year, month.month, 1, 7, 0)
        since = [slug for date, slug in published if previous < date <= issue_date]
        previous = issue_date
        theme = NEWSLETTER_THEMES[month.month - 1]
        title = f"{month:%B %Y}: {theme}"
        fields = [("Title", title), ("Date", issue_date.strftime("%Y-%m-%d %H:%M")),
                  ("Preheader", writer.sentence()), ("Slug", f"{month:%B-%Y}".lower())]
        if rng.random() < 0.3:
            fields.insert(2, ("Subject", f"Service Voices – {theme} ({month:%b %Y})"))
        if since and rng.random() < 0.25:
            picked = rng.sample(since, min(len(since), rng.randint(3, 6)))
            fields.append(("Articles", ", ".join(picked)))
        letter = [writer.paragraph(3, 5) for _ in range(rng.randint(2, 3))]
        _write(root / "newsletter" / f"{month:%Y-%m}.md", _front_matter(fields) + "\n\n" + "\n\n".join(letter) + "\n")
        issues += 1
        if month > last:
            return issues


def edit_post(path: str | Path, revision: int) -> None:
    """Change one post the way an author does between two saves: a new closing line."""
    path = Path(path)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(f"\nEdited again (revision {revision}): one more thought for the reader.\n")

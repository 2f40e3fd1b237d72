"""Turn a parsed profile file into the data templates use."""

from __future__ import annotations

import difflib
from dataclasses import dataclass


@dataclass(frozen=True)
class AuthorProfile:
    name: str
    role: str
    photo: str  # path relative to the site root, e.g. "images/authors/jenny-park.svg"
    bio: str  # HTML
    source_path: str

    @property
    def has_bio(self) -> bool:
        return bool(self.bio.strip())


def profile_from_metadata(metadata: dict, bio_html: str, source_path: str) -> AuthorProfile | None:
    """Build a profile, or None when the file names nobody."""
    name = str(metadata.get("name", "")).strip()
    if not name:
        return None
    photo = str(metadata.get("photo", "")).strip().lstrip("/")
    if photo.startswith("{static}"):
        photo = photo[len("{static}"):].lstrip("/")
    return AuthorProfile(
        name=name,
        role=str(metadata.get("role", "")).strip(),
        photo=photo,
        bio=bio_html,
        source_path=source_path,
    )


def closest_profile(name: str, profile_names) -> str | None:
    """The profile name a byline name was probably meant to be, or None."""
    names = list(profile_names)
    by_case = {known.casefold(): known for known in names}
    if name.casefold() in by_case:
        return by_case[name.casefold()]
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.75)
    return close[0] if close else None


def unknown_byline_names(names, profile_names) -> list[tuple[str, str | None]]:
    """``(name, closest profile or None)`` for each byline name without a profile."""
    known = set(profile_names)
    return [(name, closest_profile(name, known)) for name in names if name not in known]

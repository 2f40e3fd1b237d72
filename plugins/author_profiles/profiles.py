"""Turn a parsed profile file into the data templates use."""

from __future__ import annotations

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

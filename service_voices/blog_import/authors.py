"""Who wrote each post: logins, display names, the authors map and profiles.

The authors map is a text file with one ``login: Profile Name`` per line (``#``
starts a comment). For Blogger, which has no logins, the login is the author's name
as Blogger shows it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from service_voices.names import clean_name
from service_voices.slugs import slugify

from .model import ExportError

# What the build refuses in an Authors: line: one of these characters, or two names
# joined by "and" instead of a comma.
_NOT_IN_A_NAME = re.compile(r"[<>@{}\[\]|\\,;]|\s(?:and|&)\s")


@dataclass(frozen=True)
class Profile:
    name: str
    path: Path


def read_authors_map(path: Path) -> dict[str, str]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ExportError(f"{path}: cannot read the authors map ({error})") from None
    mapping = {}
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        login, colon, name = line.partition(":")
        name = clean_name(name)
        if not colon or not login.strip() or not name:
            raise ExportError(f"{path}:{number}: expected 'login: Profile Name', got {line!r}")
        if _NOT_IN_A_NAME.search(name):
            raise ExportError(f"{path}:{number}: {name!r} cannot be an author's name (no commas, '@' or 'and')")
        mapping[login.strip()] = name
    return mapping


def read_profiles(folder: Path) -> dict[str, Profile]:
    """Existing author profiles by name (the ``Name:`` line of each file)."""
    profiles = {}
    if not folder.is_dir():
        return profiles
    for path in sorted(folder.glob("*.md")):
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            if not line.strip():
                break
            key, _, value = line.partition(":")
            if key.strip().lower() == "name" and value.strip():
                profiles.setdefault(value.strip(), Profile(value.strip(), path))
                break
    return profiles


def profile_text(name: str) -> str:
    return f"Name: {name}\n"


def profile_path(folder: Path, name: str) -> Path:
    return folder / f"{slugify(name)}.md"


def author_names(logins: list[str], display_names: dict[str, str], mapping: dict[str, str]) -> list[str]:
    """The names for ``Authors:``: mapped, else the export's display name, made safe for the line."""
    names = []
    for login in logins:
        name = mapping.get(login) or display_names.get(login) or login
        name = clean_name(name)
        if _NOT_IN_A_NAME.search(name):
            name = clean_name(_NOT_IN_A_NAME.sub(" ", name)) or login
        if name and name not in names:
            names.append(name)
    return names


def profile_labels(names) -> dict[str, str]:
    """Speaker label -> profile name: each profile's full name, and its first name when no other shares it."""
    names = list(names)
    labels = {name: name for name in names}
    for name in names:
        first = name.split()[0]
        if sum(1 for other in names if other.split()[0] == first) == 1:
            labels.setdefault(first, name)
    return labels

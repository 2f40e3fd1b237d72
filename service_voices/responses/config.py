"""What the responses routes need from the site's settings, read once when the service starts."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .settings import posts_file, service_url, setting


@dataclass(frozen=True)
class ResponsesConfig:
    posts_file: Path
    service_url: str
    moderators: dict
    moderator_fallback: str = ""
    auto_approve_known: bool = False
    min_seconds: int = 5
    form_max_age: int = 24 * 3600
    client_limit: int = 10
    email_limit: int = 5
    limit_window: int = 3600
    max_length: int = 5000
    max_links: int = 3
    webmention_timeout: float = 5
    webmention_max_bytes: int = 1_000_000
    allow_private: bool = False
    publish_command: str = ""


def profile_addresses(content_root: str | Path, folder: str = "authors") -> dict[str, str]:
    """Author name -> address, from the ``Name:`` and ``Email:`` lines of the author profiles.

    The address says who may moderate a post and whose replies are the author's own;
    the build never prints it (author pages show name, role, photo and bio only).
    """
    found = {}
    for path in sorted(Path(content_root, folder).glob("*.md")):
        header = {}
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            if not line.strip():
                break
            key, colon, value = line.partition(":")
            if colon:
                header[key.strip().lower()] = value.strip()
        if header.get("name") and "@" in header.get("email", ""):
            found[header["name"]] = header["email"].lower()
    return found


def responses_config(settings: dict, fallback_service_url: str) -> ResponsesConfig:
    """Raises ValueError naming the setting when one is unusable."""
    numbers = {}
    for name in ("MIN_SECONDS", "FORM_MAX_AGE", "CLIENT_LIMIT", "EMAIL_LIMIT", "LIMIT_WINDOW", "MAX_LENGTH",
                 "MAX_LINKS", "WEBMENTION_TIMEOUT", "WEBMENTION_MAX_BYTES"):
        value = setting(settings, f"RESPONSES_{name}")
        if not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
            raise ValueError(f"RESPONSES_{name} must be a number >= 0, not {value!r}")
        numbers[name.lower()] = value
    moderators = setting(settings, "RESPONSES_MODERATORS")
    if not isinstance(moderators, dict):
        raise ValueError("RESPONSES_MODERATORS must be a dict of author name -> email address")
    return ResponsesConfig(
        posts_file=posts_file(settings),
        service_url=service_url(settings) or fallback_service_url,
        # RESPONSES_MODERATORS wins over a profile's Email: line for the same name.
        moderators={**profile_addresses(settings.get("PATH", "content"),
                                        settings.get("AUTHOR_PROFILES_PATH", "authors")),
                    **{str(name): str(address).strip().lower() for name, address in moderators.items()}},
        moderator_fallback=setting(settings, "RESPONSES_MODERATOR_FALLBACK"),
        auto_approve_known=bool(setting(settings, "RESPONSES_AUTO_APPROVE_KNOWN")),
        allow_private=bool(setting(settings, "RESPONSES_WEBMENTION_ALLOW_PRIVATE")),
        publish_command=setting(settings, "RESPONSES_PUBLISH_COMMAND"),
        **{key: int(value) if key != "webmention_timeout" else float(value) for key, value in numbers.items()},
    )

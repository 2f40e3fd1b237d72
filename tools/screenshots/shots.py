"""Which screenshots to take and what each file is called (no browser here)."""

from __future__ import annotations

from dataclasses import dataclass

WIDTHS = (375, 1280)
SCHEMES = ("light", "dark")
HEIGHT = 900


@dataclass(frozen=True)
class Shot:
    page: str  # a key page's name, e.g. "white paper"
    path: str  # site-relative URL
    width: int
    scheme: str

    @property
    def file_name(self) -> str:
        return f"{self.page.replace(' ', '-')}-{self.width}-{self.scheme}.png"


def planned_shots(pages: dict[str, str | None]) -> list[Shot]:
    """One shot per page, width and scheme, in page order; pages not built are left out."""
    return [Shot(name, path, width, scheme) for name, path in pages.items() if path is not None
            for width in WIDTHS for scheme in SCHEMES]

"""Images and files a post links to: copied from a copy of the old uploads folder, or kept.

A file is found under ``--uploads DIR`` by the part of its address after
``wp-content/uploads/`` (WordPress), else by its file name. WordPress links resized
copies (``photo-300x200.jpg``); when only the original is there, the original is used.
Found files go to ``content/images/<same relative path>`` and are linked with
``{static}``; the rest keep their absolute address and are listed in the report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlparse

_UPLOADS = "/wp-content/uploads/"
_RESIZED = re.compile(r"^(?P<stem>.+)-\d+x\d+(?P<suffix>\.\w+)$")
_FILE_LINK = re.compile(r"\.(jpe?g|png|gif|webp|svg|avif|pdf|docx?|xlsx?|pptx?|zip|mp3|mp4|m4a)$", re.IGNORECASE)


@dataclass
class FilePlan:
    """What the post's files need: copies to make and addresses left as they were."""

    copies: dict[str, Path] = field(default_factory=dict)  # path under content/images -> source file
    remote_images: list[str] = field(default_factory=list)
    unlinked_attachments: list[str] = field(default_factory=list)  # attached, not in the text; copied when found
    lost_attachments: list[str] = field(default_factory=list)  # attached, not in the text, not found


def _relative_in_uploads(url: str) -> str | None:
    path = unquote(urlparse(url).path)
    if _UPLOADS in path:
        return path.split(_UPLOADS, 1)[1]
    return None


def _safe(relative: str) -> str | None:
    parts = PurePosixPath(relative).parts
    if not parts or any(part in ("..", "") or part.startswith("/") for part in parts):
        return None
    return "/".join(parts)


def find_upload(url: str, uploads: Path | None) -> tuple[str, Path] | None:
    """(path under content/images, the file in ``uploads``) for an old file address."""
    if uploads is None:
        return None
    relative = _relative_in_uploads(url) or unquote(urlparse(url).path).rsplit("/", 1)[-1]
    relative = _safe(relative) if relative else None
    if not relative:
        return None
    candidates = [relative]
    resized = _RESIZED.match(relative)
    if resized:
        candidates.append(resized.group("stem") + resized.group("suffix"))
    for candidate in candidates:
        source = uploads / candidate
        if source.is_file():
            return candidate, source
    return None


def _is_local_file_link(url: str, site_url: str) -> bool:
    """A link to a file the old blog hosted (not a page, not another site)."""
    if not _FILE_LINK.search(urlparse(url).path):
        return False
    if _relative_in_uploads(url):
        return True
    host = urlparse(url).netloc
    return not host or (site_url and host == urlparse(site_url).netloc)


def rewrite_files(blocks, site_url: str, uploads: Path | None, attachments: list[str]) -> FilePlan:
    """Point images and file links at ``{static}`` copies where the files were found.

    Changes the blocks' elements in place and returns what to copy and what stayed remote.
    """
    plan = FilePlan()
    used = set()
    for block in blocks:
        for element, attribute in [(img, "src") for img in block.element.find_all("img")] + \
                                  [(link, "href") for link in block.element.find_all("a")]:
            address = (element.get(attribute) or "").strip()
            if not address or address.startswith(("data:", "#", "mailto:", "{static}")):
                continue
            absolute = urljoin(site_url or "", address)
            if attribute == "href" and not _is_local_file_link(absolute, site_url):
                continue
            found = find_upload(absolute, uploads)
            used.add(absolute)
            if found:
                relative, source = found
                plan.copies[relative] = source
                used.add(str(source))
                element[attribute] = f"{{static}}/images/{relative}"
            elif attribute == "src" and absolute not in plan.remote_images:
                element[attribute] = absolute
                plan.remote_images.append(absolute)
    for url in attachments:
        found = find_upload(url, uploads)
        if url in used or (found and str(found[1]) in used):
            continue
        if found:
            plan.copies[found[0]] = found[1]
            plan.unlinked_attachments.append(found[0])
        else:
            plan.lost_attachments.append(url)
    return plan

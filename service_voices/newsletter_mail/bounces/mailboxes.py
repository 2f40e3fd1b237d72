"""Bounce mail in files: a Maildir folder or an mbox file, each with a place for processed mail.

A processed message leaves the inbox so that the next run does not see it:
- Maildir: moved (one rename, so it is never in both or neither) into the Maildir++
  subfolder ``.Processed`` (NEWSLETTER_BOUNCE_PROCESSED_FOLDER), marked seen;
- mbox: appended to ``<mbox>.processed`` and removed from the mbox, which is locked
  the way mail servers lock it (fcntl and a .lock file) while it is rewritten.
Messages that cannot be read stay where they are.
"""

from __future__ import annotations

import mailbox
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


class MailboxError(OSError):
    """The mailbox cannot be used; the message names it and says why."""


@dataclass
class Item:
    """One message of a mailbox: where it is (``label``, for people) and its bytes."""
    label: str
    raw: bytes
    handle: object = None


class MaildirSource:
    origin = "maildir"

    def __init__(self, path: Path, processed_folder: str = "Processed"):
        self.path = Path(path)
        if not all((self.path / sub).is_dir() for sub in ("cur", "new", "tmp")):
            raise MailboxError(f"{self.path}: not a Maildir (it needs cur/, new/ and tmp/)")
        self.processed = self.path / f".{processed_folder}"
        self.where = f"Maildir {self.path}"

    def items(self) -> Iterator[Item]:
        names = []
        for sub in ("new", "cur"):
            names += sorted(f"{sub}/{name}" for name in os.listdir(self.path / sub) if not name.startswith("."))
        for name in names:
            try:
                raw = (self.path / name).read_bytes()
            except FileNotFoundError:
                continue  # another reader moved it meanwhile
            yield Item(name, raw, name)

    def done(self, item: Item) -> None:
        for sub in ("cur", "new", "tmp"):
            (self.processed / sub).mkdir(parents=True, exist_ok=True)
        (self.processed / "maildirfolder").touch()
        unique = Path(str(item.handle)).name.split(":2,")[0]
        os.replace(self.path / str(item.handle), self.processed / "cur" / f"{unique}:2,S")

    def close(self) -> None:
        pass


class MboxSource:
    origin = "mbox"

    def __init__(self, path: Path):
        self.path = Path(path)
        if not self.path.is_file():
            raise MailboxError(f"{self.path}: no such mbox file")
        with open(self.path, "rb") as handle:
            start = handle.read(5)
        if start and start != b"From ":
            raise MailboxError(f"{self.path}: not an mbox file (it does not start with a 'From ' line)")
        self.where = f"mbox {self.path}"
        self.box = mailbox.mbox(str(self.path), create=False)
        try:
            self.box.lock()
        except mailbox.ExternalClashError:
            raise MailboxError(f"{self.path}: locked by another program; try again in a moment") from None
        self.processed = mailbox.mbox(str(self.path) + ".processed", create=True)
        self.moved: list[str] = []

    def items(self) -> Iterator[Item]:
        for number, key in enumerate(list(self.box.keys()), start=1):
            yield Item(f"message {number}", self.box.get_bytes(key), key)

    def done(self, item: Item) -> None:
        self.processed.add(item.raw)
        self.moved.append(item.handle)

    def close(self) -> None:
        try:
            # The copies are safe on disk before the originals go.
            self.processed.flush()
            for key in self.moved:
                self.box.remove(key)
            self.box.flush()
        finally:
            self.box.unlock()
            self.box.close()
            self.processed.close()


def open_mail_files(path: str | os.PathLike, processed_folder: str = "Processed"):
    """A Maildir for a folder, an mbox for a file; MailboxError for anything else."""
    location = Path(path)
    if location.is_dir():
        return MaildirSource(location, processed_folder)
    if location.is_file():
        return MboxSource(location)
    raise MailboxError(f"{location}: no such Maildir folder or mbox file")

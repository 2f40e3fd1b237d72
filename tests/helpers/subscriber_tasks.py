"""Run the subscriber-list invoke tasks as a person does: a separate process, real files."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from support import ROOT


def invoke(task: str, *args: str, db: Path, settings: Path | None = None, timeout: float = 300,
           stdin: str | None = None) -> subprocess.CompletedProcess:
    """``invoke <task> <args> --db <db>``, from the project folder, with its output captured."""
    command = [sys.executable, "-m", "invoke", task, *args, "--db", str(db)]
    if settings is not None:
        command += ["--settings", str(settings)]
    return subprocess.run(command, cwd=ROOT, env=dict(os.environ), capture_output=True, text=True,
                          timeout=timeout, input=stdin, stdin=None if stdin is not None else subprocess.DEVNULL)


def statuses(db: Path) -> dict[str, str]:
    """address -> status, read from the database file as any SQLite client would."""
    with sqlite3.connect(db) as connection:
        return dict(connection.execute("SELECT email, status FROM subscribers"))


def names(db: Path) -> dict[str, str]:
    with sqlite3.connect(db) as connection:
        return dict(connection.execute("SELECT email, name FROM subscribers"))

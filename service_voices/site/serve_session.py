"""Rebuilds for ``invoke serve`` that re-read only the content files that changed.

One session lives as long as the serve process. It builds with Pelican's content
cache in a folder of its own, so a save re-parses only the saved file (Markdown is
the largest cost of a build) while every page is still rendered from the whole site:
the output is what a clean build of the same content gives.

What the cache cannot reason about forces a full rebuild, said in the serve log:
a change to the settings file, the theme, a plugin or the project package. Code
changes go further: Pelican keeps imported plugin modules for the life of the
process, so from then on the session builds in a fresh child process that loads
the new code, and says that a restart brings fast rebuilds back.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from jinja2 import BytecodeCache

from service_voices.settings import PROJECT_ROOT, load_settings
from service_voices.site import build as site_build
from service_voices.site.build_memo import BUILD_MEMO_SETTING, BuildMemo
from service_voices.site.deferred_work import DEFERRED_WORK_SETTING, DeferredWork
from service_voices.site.inputs import build_inputs, changed, stamps_by_kind
from service_voices.site.selective_writer import LEDGER_SETTING, OutputLedger
from service_voices.site.selective_writer import connect as offer_selective_writer

# The session's cache is its own and is rewritten on every save: compressing it cost
# more than reading it back saves.
CACHED_BUILD = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "GZIP_CACHE": False}


class CompiledTemplates(BytecodeCache):
    """Compiled templates kept in memory for the session's builds.

    Each build makes new Jinja environments and would compile every template again.
    An entry is keyed by the template's file and checked against its source, so an
    edited template is compiled afresh; the cache never outlives a full rebuild.
    """

    def __init__(self):
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket):
        self.compiled[bucket.key] = bucket.bytecode_to_string()

    def __deepcopy__(self, memo):
        return self  # settings are copied on the way into Pelican; the cache must stay shared


@dataclass
class Rebuild:
    ok: bool
    seconds: float
    kind: str  # "incremental", "full" or "full, new process"
    reason: str

    def log_line(self) -> str:
        state = "rebuilt" if self.ok else "build FAILED, showing the last good version"
        return f"{state} ({self.kind}: {self.reason}) in {self.seconds:.2f} s"


class ServeSession:
    """The serve process's builds of one site into one output folder."""

    def __init__(self, settings_file: str | os.PathLike, output: str | os.PathLike, overrides: dict | None = None,
                 cache: str | os.PathLike | None = None, project: Path = PROJECT_ROOT, stream=None):
        self.settings_file = Path(settings_file).resolve()
        self.output = Path(output).resolve()
        self.overrides = dict(overrides or {})
        self.project = project
        self.stream = stream
        self.cache = Path(cache) if cache else self.output.parent / "cache" / "serve"
        settings = load_settings(self.settings_file, self.overrides)
        self.content = Path(settings["PATH"])
        self.jinja: dict = {}
        self.watched = build_inputs(self.settings_file, settings, project)
        self.seen: dict[str, dict] | None = None  # stamps at the last good build
        self.code_changed = False
        # What each served page was rendered from: pages whose inputs did not change
        # are not rendered again.
        self.ledger = OutputLedger()
        # What plugins worked out per post in the last build, for the next to reuse.
        self.memo = BuildMemo()
        offer_selective_writer()
        self.background: threading.Thread | None = None  # deferred work on the served site

    def watched_roots(self) -> list[Path]:
        """Every file and folder whose change calls for a rebuild."""
        return [root for roots in self.watched.values() for root in roots]

    def _look(self) -> dict[str, dict]:
        return stamps_by_kind(self.watched)

    def _relative(self, path: str) -> str:
        for base in (self.project, self.content.parent):
            try:
                return str(Path(path).relative_to(base))
            except ValueError:
                continue
        return path

    def _plan(self, now: dict[str, dict]) -> tuple[str, str]:
        if self.seen is None:
            return "full", "first build"
        for kind in ("code", "settings", "layout"):
            paths = changed(self.seen[kind], now[kind])
            if paths:
                more = f" and {len(paths) - 1} more" if len(paths) > 1 else ""
                if kind == "code":
                    self.code_changed = True
                return "full", f"{self._relative(paths[0])}{more} changed"
        if self.code_changed:
            return "full", "plugin code changed earlier in this session"
        paths = changed(self.seen["content"], now["content"])
        if not paths:
            return "incremental", "no content changed"
        more = f" and {len(paths) - 1} more" if len(paths) > 1 else ""
        return "incremental", f"{self._relative(paths[0])}{more}"

    def settle(self) -> None:
        """Wait for the work the last build left for after its pages were in place."""
        if self.background is not None:
            self.background.join()
            self.background = None

    def _after_swap(self, deferred: DeferredWork) -> None:
        if not deferred.tasks:
            return

        def work():
            for line in deferred.run(self.output):
                print(line, file=self.stream or sys.stderr, flush=True)

        # Not a daemon: a serve process stopped meanwhile still leaves a whole folder.
        self.background = threading.Thread(target=work, name="after-rebuild")
        self.background.start()

    def rebuild(self) -> Rebuild:
        # The next build reads the served site (pages to reuse, folders to carry over).
        self.settle()
        now = self._look()
        kind, reason = self._plan(now)
        if kind == "full":
            # The cached reader output may come from other code or other settings.
            shutil.rmtree(self.cache, ignore_errors=True)
            self.ledger.forget()
            self.memo.forget()
        overrides = {**self.overrides, **CACHED_BUILD, "CACHE_PATH": str(self.cache)}
        if self.code_changed:
            kind = "full, new process"
            self.ledger.forget()
            ok, seconds = self._build_in_child(overrides)
        else:
            if kind == "full" or not self.jinja:
                self._read_settings_again()
            overrides["JINJA_ENVIRONMENT"] = self.jinja
            overrides[LEDGER_SETTING] = self.ledger
            overrides[BUILD_MEMO_SETTING] = self.memo
            self.memo.start_build()
            saved = changed(self.seen["content"], now["content"]) if self.seen else []
            self.ledger.start(str(self.output), saved)
            deferred = overrides[DEFERRED_WORK_SETTING] = DeferredWork()
            result = site_build.build(self.settings_file, self.output, overrides, self.stream)
            ok, seconds = result.ok, result.seconds
            if ok:
                self.ledger.commit()
                self._after_swap(deferred)
                if self.ledger.reused:
                    reason += f"; {self.ledger.rendered} page(s) rendered, {self.ledger.reused} unchanged"
        if ok:
            self.seen = now
        elif kind == "full":
            # Half-written cache files from a failed build are not trusted next time.
            shutil.rmtree(self.cache, ignore_errors=True)
        return Rebuild(ok, seconds, kind, reason)

    def _read_settings_again(self) -> None:
        """New settings may name another content folder or theme, or other Jinja options."""
        try:
            settings = load_settings(self.settings_file, self.overrides)
        except Exception:  # the build itself reports a broken settings file, on one line
            self.jinja = {}
            return
        self.content = Path(settings["PATH"])
        self.watched = build_inputs(self.settings_file, settings, self.project)
        self.jinja = {**settings["JINJA_ENVIRONMENT"], "bytecode_cache": CompiledTemplates()}

    def _build_in_child(self, overrides: dict) -> tuple[bool, float]:
        args = [sys.executable, "-m", "service_voices.site.build", "--settings", str(self.settings_file),
                "--output", str(self.output)]
        for key, value in overrides.items():
            args += ["--set", f"{key}={json.dumps(value)}"]
        started = time.perf_counter()
        code = subprocess.call(args, cwd=self.project, stdout=subprocess.DEVNULL)
        if code == 0:
            print("plugin code changed: restart invoke serve to get fast rebuilds back",
                  file=self.stream or sys.stderr, flush=True)
        return code == 0, time.perf_counter() - started

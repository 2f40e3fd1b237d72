"""`invoke audit`: reading Lighthouse reports, and clear failures when a tool is missing."""

from __future__ import annotations

import os
import subprocess
import sys

from support import ROOT

from tools.audit.key_pages import first_landing_page, key_pages
from tools.audit.lighthouse import lighthouse_command, scores_from_report


def test_scores_are_read_as_whole_percentages():
    report = {"categories": {
        "performance": {"score": 0.987}, "accessibility": {"score": 1},
        "best-practices": {"score": 0.5}, "seo": {"score": None}}}
    scores = scores_from_report(report)
    assert scores.as_row() == ["99", "100", "50", "-"]


def test_lighthouse_comes_from_the_project_first(tmp_path):
    local = tmp_path / "node_modules" / ".bin" / "lighthouse"
    local.parent.mkdir(parents=True)
    local.write_text("", encoding="utf-8")
    assert lighthouse_command(tmp_path) == [str(local)]


def test_landing_pages_are_found_by_folder(tmp_path):
    (tmp_path / "series" / "page").mkdir(parents=True)
    (tmp_path / "series" / "page" / "index.html").write_text("", encoding="utf-8")
    (tmp_path / "series" / "basics").mkdir()
    (tmp_path / "series" / "basics" / "index.html").write_text("", encoding="utf-8")
    assert first_landing_page(tmp_path, "series") == "series/basics/"
    pages = key_pages(tmp_path)
    assert pages["series landing"] == "series/basics/"
    assert pages["newsletter web version"] is None
    assert pages["search"] == "search/"


def test_audit_without_chromium_says_what_to_install():
    invoke = os.path.join(os.path.dirname(sys.executable), "invoke")
    done = subprocess.run([invoke, "audit"], cwd=ROOT, capture_output=True, text=True, timeout=60,
                          env=dict(os.environ, CHROME_PATH="/nonexistent/chromium"))
    assert done.returncode == 2
    assert "Chromium not found at /nonexistent/chromium: sudo apt-get install chromium" in done.stderr

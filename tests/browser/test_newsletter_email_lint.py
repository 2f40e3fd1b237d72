"""The sample emails checked against caniemail's client support data (Gmail, Outlook, Apple Mail)."""

import os
import shutil
import subprocess

import pytest
from support import ROOT

LINT = ROOT / "plugins" / "newsletter" / "lint_email.mjs"


@pytest.fixture(scope="module")
def node():
    """The node binary, once caniemail is installed; in CI a missing tool is a failure."""
    binary = shutil.which("node")
    missing = None
    if binary is None:
        missing = "node is not installed"
    elif not (ROOT / "node_modules" / "caniemail" / "package.json").is_file():
        missing = "the npm package caniemail is not installed (run npm ci)"
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"email CSS lint cannot run in CI: {missing}")
        pytest.skip(f"email CSS lint skipped: {missing}")
    return binary


def lint(node, *paths):
    return subprocess.run([node, str(LINT), *map(str, paths)], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_sample_emails_pass_the_client_support_lint(node, sample_site):
    emails = sorted(sample_site.mail.glob("*/email.html"))
    assert len(emails) >= 2
    done = lint(node, *emails)
    assert done.returncode == 0, done.stdout + done.stderr


def test_lint_fails_on_css_outlook_does_not_support(node, tmp_path):
    bad = tmp_path / "email.html"
    bad.write_text('<!DOCTYPE html><html lang="en"><head><title>x</title></head><body>'
                   '<div style="display: flex; background-image: url(https://a.example/x.png)">x</div></body></html>',
                   encoding="utf-8")
    done = lint(node, bad)
    assert done.returncode == 1
    assert "outlook.windows does not support" in done.stdout

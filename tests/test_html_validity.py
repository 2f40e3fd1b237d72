"""Every HTML page of the built sample site passes the Nu HTML checker with no errors."""

from __future__ import annotations

import json
import subprocess

from browser_support import require_vnu


def test_every_page_is_valid_html(sample_site):
    java, vnu = require_vnu()
    pages = list(sample_site.output.rglob("*.html"))
    assert len(pages) > 20, "the sample site should have many pages to check"
    done = subprocess.run(
        [java, "-jar", str(vnu), "--errors-only", "--skip-non-html", "--format", "json", str(sample_site.output)],
        capture_output=True, text=True, timeout=240,
    )
    messages = json.loads(done.stderr or done.stdout or '{"messages": []}')["messages"]
    root = str(sample_site.output)
    errors = [
        f"{message.get('url', '').partition(root)[2] or message.get('url')}:{message.get('lastLine', '?')}: "
        f"{message.get('message')}"
        for message in messages if message.get("type") in ("error", "non-document-error")
    ]
    assert errors == [], f"{len(errors)} HTML error(s):\n" + "\n".join(errors[:40])
    assert done.returncode == 0, done.stderr[-2000:]

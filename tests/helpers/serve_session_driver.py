"""A long-lived serve session in its own process, driven over stdin like `invoke serve`.

Each line read is one save: the session rebuilds and answers with one JSON line after ``ANSWER``. A
process of its own keeps the plugins' signal handlers out of the test process, and
lives across many rebuilds exactly as the serve process does.

Run as ``python serve_session_driver.py SETTINGS OUTPUT CACHE OVERRIDES_JSON``.
"""

import json
import sys

from service_voices.site.serve_session import ServeSession

# Pelican prints its own summary on stdout too; the answer is the line marked so.
ANSWER = "rebuild: "


def main() -> None:
    settings, output, cache, overrides = sys.argv[1:5]
    session = ServeSession(settings, output, json.loads(overrides), cache=cache, stream=sys.stderr)
    for _ in sys.stdin:
        done = session.rebuild()
        session.settle()  # the output is compared whole, search index included
        print(ANSWER + json.dumps({"ok": done.ok, "kind": done.kind, "reason": done.reason, "log": done.log_line()}),
              flush=True)


if __name__ == "__main__":
    main()

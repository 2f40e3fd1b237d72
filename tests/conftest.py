import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
for path in (ROOT, ROOT / "plugins", ROOT / "tests"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from support import build_site  # noqa: E402


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory):
    """The sample site, built once per test run with every plugin on."""
    output = tmp_path_factory.mktemp("sample") / "output"
    built = build_site(output)
    assert built.ok, f"sample site failed to build:\n{built.stdout}\n{built.stderr}"
    return built

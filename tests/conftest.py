"""Fixtures every area shares. Helpers live in tests/helpers (on pythonpath via pyproject.toml)."""

import pytest
from support import build_site


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory):
    """The sample site, built once per test run with every plugin on."""
    output = tmp_path_factory.mktemp("sample") / "output"
    built = build_site(output)
    assert built.ok, f"sample site failed to build:\n{built.stdout}\n{built.stderr}"
    return built

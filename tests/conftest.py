"""Fixtures every area shares. Helpers live in tests/helpers (on pythonpath via pyproject.toml)."""

import inspect
from pathlib import Path

import pytest
from signup_support import smtp_sink
from support import build_site


@pytest.fixture(scope="module")
def sink():
    """A real SMTP server (aiosmtpd) on 127.0.0.1 for one test module; it keeps what it receives."""
    with smtp_sink() as server:
        yield server


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory):
    """The sample site, built once per test run with every plugin on."""
    output = tmp_path_factory.mktemp("sample") / "output"
    built = build_site(output)
    assert built.ok, f"sample site failed to build:\n{built.stdout}\n{built.stderr}"
    return built


# What makes a test slow: it builds a site, starts a server or a browser, or runs
# another process. Marked here, from what each test and its fixtures call, so a new
# test is classified without anyone remembering to; `pytest -m "not slow"` is then
# the author's quick loop. A test can also mark itself with @pytest.mark.slow.
_SLOW_CALLS = ("build_site(", "running_service(", "subprocess.", "Popen(", "SmtpSink(", "smtp_sink(",
               "sync_playwright", "build(", "Controller(", "invoke(")


def _calls_something_slow(function) -> bool:
    try:
        source = inspect.getsource(function)
    except (OSError, TypeError):
        return False
    return any(call in source for call in _SLOW_CALLS)


def pytest_collection_modifyitems(config, items):
    browser_folder = Path(__file__).parent / "browser"
    for item in items:
        if browser_folder in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)
        if item.get_closest_marker("slow"):
            continue
        functions = [getattr(item, "function", None)]
        for definitions in item._fixtureinfo.name2fixturedefs.values():
            functions += [definition.func for definition in definitions
                          if definition.baseid]  # the project's own fixtures, not pytest's
        if any(function is not None and _calls_something_slow(function) for function in functions):
            item.add_marker(pytest.mark.slow)

"""The theme renders the whole sample site with any one plugin switched off."""

import pytest
from support import ROOT, build_site


def configured_plugins():
    namespace = {}
    exec((ROOT / "pelicanconf.py").read_text(encoding="utf-8"), namespace)
    return list(namespace["PLUGINS"])


@pytest.mark.parametrize("plugin", configured_plugins())
def test_sample_site_builds_with_one_plugin_off(tmp_path, plugin):
    plugins = [name for name in configured_plugins() if name != plugin]
    built = build_site(tmp_path / "out", PLUGINS=plugins, WHITEPAPER_PDF=False)
    assert built.ok, f"{plugin} off:\n{built.stderr}"
    for page in ["index.html", "posts/making-it-stick/index.html", "posts/practitioner-interview-ana-ruiz/index.html",
                 "posts/the-essential-customer-service-white-paper/index.html", "about/index.html"]:
        html = built.html(page)
        assert html.find("main", id="main").get_text(strip=True), page

"""`invoke bench` end to end on a tiny corpus: it runs, writes sane JSON, prints a table.

No assertion here is about how fast anything is; the figures only have to be real.
"""

import json
import subprocess
import sys

import pytest
from support import ROOT

EXTRA_STATES = {"ok", "not available yet"}


def _invoke(*args, timeout=600):
    return subprocess.run([sys.executable, "-m", "invoke", "bench", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def bench_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bench")
    output = folder / "results.json"
    done = _invoke("--posts", "40", "--repeat", "1", "--sizes", "20,40", "--messages", "200",
                   "--output", str(output), "--workdir", str(folder / "work"))
    assert done.returncode == 0, f"{done.stdout}\n{done.stderr}"
    return done, json.loads(output.read_text(encoding="utf-8")), folder


def test_reports_every_build_with_real_figures(bench_run):
    _, results, _ = bench_run
    assert results["corpus"]["posts"] == 40
    for name in ("plugins_on", "plain_pelican", "warm_rebuild", "plugins_on_without_search_index",
                 "plain_pelican_warm_rebuild"):
        build = results["builds"][name]
        assert len(build["runs"]) == 1
        assert 0 < build["min_seconds"] <= build["median_seconds"] <= build["max_seconds"]
        assert build["median_cpu_seconds"] > 0
        assert 20 < build["peak_rss_mib"] < 4096
        # The corpus is valid content: no warnings from any plugin about it.
        assert build["warnings"] == 0, name
    assert results["builds"]["warm_rebuild"]["prime"]["seconds"] > 0
    assert results["plugins"] and "site_feeds" in results["plugins"]


def test_ratios_and_targets_follow_from_the_medians(bench_run):
    _, results, _ = bench_run
    builds, targets = results["builds"], results["targets"]
    expected = builds["plugins_on"]["median_seconds"] / builds["plain_pelican"]["median_seconds"]
    assert results["ratios"]["plugins_on_over_plain"] == pytest.approx(expected, abs=0.001)
    expected = builds["warm_rebuild"]["median_seconds"] / builds["plugins_on"]["median_seconds"]
    assert results["ratios"]["warm_over_cold"] == pytest.approx(expected, abs=0.001)
    assert set(targets) == {"plugins_vs_plain", "warm_vs_cold", "per_post_growth"}
    for target in targets.values():
        assert target["holds"] == (target["value"] <= target["limit"])
        assert target["holds_cpu"] == (target["value_cpu"] <= target["limit"])


def test_time_per_post_is_given_for_each_size(bench_run):
    _, results, _ = bench_run
    rows = results["scaling"]
    assert [row["posts"] for row in rows] == [20, 40]
    for row in rows:
        assert row["ms_per_post"] == pytest.approx(1000 * row["median_seconds"] / row["posts"], abs=0.01)
    assert "marginal_ms_per_post" in rows[1]
    # The main corpus size is not built twice: its row is the plugins-on build.
    assert rows[1]["median_seconds"] == results["builds"]["plugins_on"]["median_seconds"]


def test_extras_are_measured_or_say_why_not(bench_run):
    _, results, _ = bench_run
    extras = results["extras"]
    assert set(extras) == {"newsletter_issue", "whitepaper_pdf", "personalise_messages"}
    for name, figure in extras.items():
        assert figure["status"] in EXTRA_STATES, f"{name}: {figure}"
        if figure["status"] == "ok":
            assert figure["seconds"] > 0 and figure["summary"]
        else:
            assert figure["reason"]


def test_prints_a_table_and_keeps_the_workdir(bench_run):
    done, results, folder = bench_run
    for label in ("1 all plugins on", "2 plain Pelican", "3 warm rebuild", "ratio 1/2", "ratio 3/1", "ms/post"):
        assert label in done.stdout
    assert (folder / "work" / "corpus-40" / "posts").is_dir()
    assert any((folder / "work" / "logs").iterdir())


def test_bad_options_stop_with_a_clear_message():
    done = _invoke("--sizes", "a,b", timeout=60)
    assert done.returncode != 0
    assert "--sizes" in done.stderr and "Traceback" not in done.stderr


def test_the_edit_loop_is_measured_under_a_real_serve_and_every_target_is_a_ratio(bench_run):
    done, results, folder = bench_run
    loop = results["edit_loop"]
    for kind in ("body_edit", "metadata_edit", "new_post", "deleted_post"):
        assert len(loop[kind]["runs"]) == 1 and loop[kind]["median_seconds"] > 0, kind
    log = (folder / "work" / "serve" / "serve.log").read_text(encoding="utf-8")
    assert "rebuilt (full: first build)" in log and "rebuilt (incremental:" in log
    targets = results["edit_loop_targets"]
    assert set(targets) == {"serve_body_edit", "serve_metadata_edit", "serve_new_post", "serve_deleted_post",
                            "cold_build_wall", "cold_build_cpu", "unchanged_rebuild", "per_post_growth",
                            "peak_memory_largest_size"}
    plain = results["builds"]["plain_pelican"]["median_seconds"]
    assert targets["serve_body_edit"]["against"] == pytest.approx(plain, abs=0.001)
    assert targets["serve_body_edit"]["value"] == pytest.approx(loop["body_edit"]["median_seconds"] / plain, abs=0.001)
    for target in targets.values():
        assert target["holds"] == (target["value"] <= target["limit"])
    assert "edit loop and build targets" in done.stdout and "body edit under invoke serve" in done.stdout

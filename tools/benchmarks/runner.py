"""The benchmark behind ``invoke bench``: build a synthetic site several ways and compare.

Configurations, all on the same seeded corpus and the same theme:

1. ``plugins_on``: pelicanconf.py as configured, every project plugin on;
2. ``plain_pelican``: the same with ``PLUGINS=[]``;
3. ``warm_rebuild``: plugins on, Pelican's content cache primed by one build, then one
   post edited before each timed rebuild.

Builds 1 and 2 alternate (1, 2, 1, 2, ...) so that a slow patch on a shared machine
hits both alike. Every figure is a median. White-paper PDF rendering is switched off
for the timed builds (``WHITEPAPER_PDF=False``) and measured on its own in the extras.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import shutil
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import corpus, extras, serve_loop
from .builds import ROOT, BuildRun, build_once, invoke_build_once

TARGET_PLUGIN_RATIO = 1.10
TARGET_WARM_RATIO = 0.50
# Time per post may wobble between sizes on a busy machine; beyond this it is growth.
TARGET_GROWTH = 1.10
# Issue 18, "Save, and see it": each a ratio to plain Pelican's cold build (or to the
# cold build with plugins, for the unchanged rebuild), checked on medians.
EDIT_LOOP_LIMITS = {
    "serve_body_edit": 0.05,
    "serve_metadata_edit": 0.25,
    "serve_new_post": 0.25,
    "serve_deleted_post": 0.25,
    "cold_build_wall": 1.0,
    "cold_build_cpu": 1.25,
    "unchanged_rebuild": 0.3,
    "per_post_growth": 1.10,
    "peak_memory_largest_size": 2.0,
}
TIMED_BUILD_SETTINGS = {"WHITEPAPER_PDF": False}
NO_SEARCH_INDEX = {"SITE_SEARCH_INDEX": False}


@dataclass
class Options:
    posts: int = 1000
    repeat: int = 3
    sizes: tuple[int, ...] = (250, 1000, 4000)
    # Sizes above ``posts`` take this many runs: one 4,000-post build is long enough
    # that its own noise is small, and the full run has to stay short.
    big_repeat: int = 1
    seed: int = corpus.DEFAULT_SEED
    output: Path = ROOT / "bench-results.json"
    messages: int = 10_000
    extras: bool = True
    serve: bool = True  # the edit loop under a real `invoke serve`
    workdir: Path | None = None  # kept after the run when given; a temp folder otherwise
    progress: object = field(default=None, repr=False)  # callable(str) or None

    def say(self, text: str) -> None:
        if self.progress:
            self.progress(text)


def _summary(runs: list[BuildRun]) -> dict:
    seconds = [run.seconds for run in runs]
    return {
        "runs": [run.as_dict() for run in runs],
        "median_seconds": round(statistics.median(seconds), 4),
        "min_seconds": round(min(seconds), 4),
        "max_seconds": round(max(seconds), 4),
        "median_cpu_seconds": round(statistics.median(run.cpu_seconds for run in runs), 4),
        "peak_rss_mib": round(max(run.peak_rss_mib for run in runs), 1),
        "warnings": max(run.warnings for run in runs),
    }


class _Bench:
    def __init__(self, options: Options, workdir: Path):
        self.options = options
        self.workdir = workdir
        self.builds = 0

    def build(self, label: str, content: Path, overrides: dict, cache: str) -> BuildRun:
        self.builds += 1
        output = self.workdir / "out" / label
        settings = {**TIMED_BUILD_SETTINGS, "CACHE_PATH": str(self.workdir / "cache" / cache), **overrides}
        run = build_once(content, output, settings, self.workdir / "logs" / f"{self.builds:03d}-{label}.log")
        self.options.say(f"  {label:<22} {run.seconds:7.2f} s  (peak {run.peak_rss_mib:.0f} MiB)")
        return run

    def corpus(self, posts: int) -> corpus.CorpusSummary:
        folder = self.workdir / f"corpus-{posts}"
        if folder.exists():
            shutil.rmtree(folder)
        self.options.say(f"writing a corpus of {posts:,} posts")
        return corpus.generate(folder, posts, self.options.seed)

    def compare(self, site: corpus.CorpusSummary) -> dict:
        repeat, content = self.options.repeat, site.root
        self.options.say(f"{site.posts:,} posts: all plugins on vs plain Pelican, {repeat} runs each")
        # One untimed build first: it fills the OS file cache and compiles .pyc files.
        self.build("warm-up", content, {}, "warm-up")
        on, plain, unindexed = [], [], []
        for run in range(repeat):
            # A fresh CACHE_PATH per cold build: no plugin may reuse a previous run's cache.
            on.append(self.build("plugins-on", content, {}, f"cold-on-{run}"))
            plain.append(self.build("plain-pelican", content, {"PLUGINS": []}, f"cold-plain-{run}"))
            # Pagefind is a separate program indexing the finished site; this row tells
            # its share apart from the plugins' own Python work.
            unindexed.append(self.build("plugins-no-search-index", content, NO_SEARCH_INDEX, f"cold-unindexed-{run}"))
        return {"plugins_on": _summary(on), "plain_pelican": _summary(plain),
                "plugins_on_without_search_index": _summary(unindexed)}

    def warm(self, site: corpus.CorpusSummary, plain: bool = False) -> dict:
        label = "plain-pelican-warm" if plain else "warm-rebuild"
        self.options.say(f"{site.posts:,} posts: warm rebuilds with the content cache after one edit"
                         + (" (plain Pelican)" if plain else ""))
        cached = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, **({"PLUGINS": []} if plain else {})}
        prime = self.build(f"{label}-prime", site.root, cached, f"content-cache-{label}")
        runs = []
        for revision in range(self.options.repeat):
            # A different post each time, from the middle of the archive.
            edited = site.post_paths[(len(site.post_paths) // 2 + revision * 7) % len(site.post_paths)]
            corpus.edit_post(edited, revision + (100 if plain else 0))
            runs.append(self.build(label, site.root, cached, f"content-cache-{label}"))
        result = _summary(runs)
        result["prime"] = prime.as_dict()
        result["caching_layer"] = "reader (Pelican's default CONTENT_CACHING_LAYER)"
        return result

    def unchanged(self, site: corpus.CorpusSummary) -> dict:
        """`invoke build` run again with nothing changed, into the same output and cache."""
        self.options.say(f"{site.posts:,} posts: unchanged rebuilds with `invoke build`")
        folder = self.workdir / "unchanged"
        folder.mkdir(parents=True, exist_ok=True)
        settings = serve_loop.settings_for(site.root, folder, {**TIMED_BUILD_SETTINGS,
                                                                "CACHE_PATH": str(folder / "cache")})
        runs = []
        for run in range(self.options.repeat + 1):
            self.builds += 1
            log = self.workdir / "logs" / f"{self.builds:03d}-unchanged.log"
            done = invoke_build_once(settings, folder / "output", log)
            self.options.say(f"  {'unchanged-prime' if run == 0 else 'unchanged-rebuild':<22} {done.seconds:7.2f} s")
            runs.append(done)
        return _summary(runs[1:])

    def largest_memory(self, posts: int) -> tuple[dict, dict]:
        """Plain Pelican's peak memory at ``posts``, beside the plugins-on row of that size,
        and the plugins' peak without the Pagefind index: which process the peak is in."""
        site = self.corpus(posts)
        self.options.say(f"{posts:,} posts: plain Pelican, and plugins without the search index, for peak memory")
        plain = _summary([self.build(f"plain-size-{posts}", site.root, {"PLUGINS": []}, f"plain-size-{posts}")])
        unindexed = _summary([self.build(f"size-{posts}-no-search-index", site.root, NO_SEARCH_INDEX,
                                         f"size-{posts}-no-search-index")])
        shutil.rmtree(site.root, ignore_errors=True)
        return {"posts": posts, **plain}, {"posts": posts, **unindexed}

    def scaling(self, sizes: tuple[int, ...], known: dict[int, dict]) -> list[dict]:
        rows = []
        for posts in sizes:
            if posts in known:
                summary = known[posts]
            else:
                site = self.corpus(posts)
                runs = self.options.repeat if posts <= self.options.posts else self.options.big_repeat
                self.options.say(f"{posts:,} posts: all plugins on, {runs} run(s)")
                summary = _summary([self.build(f"size-{posts}", site.root, {}, f"size-{posts}-{run}")
                                    for run in range(runs)])
                shutil.rmtree(site.root, ignore_errors=True)
            rows.append({
                "posts": posts,
                "runs": len(summary["runs"]),
                "median_seconds": summary["median_seconds"],
                "ms_per_post": round(1000 * summary["median_seconds"] / posts, 3),
                "median_cpu_seconds": summary["median_cpu_seconds"],
                "cpu_ms_per_post": round(1000 * summary["median_cpu_seconds"] / posts, 3),
                "peak_rss_mib": summary["peak_rss_mib"],
            })
        for previous, row in zip(rows, rows[1:]):
            added = row["posts"] - previous["posts"]
            if added > 0:
                extra = row["median_seconds"] - previous["median_seconds"]
                row["marginal_ms_per_post"] = round(1000 * extra / added, 3)
        return rows


def _ratio(numerator: float, denominator: float) -> float:
    return round(numerator / denominator, 3) if denominator else float("inf")


def _targets(builds: dict, scaling: list[dict]) -> dict:
    """Each target on wall-clock medians (``value``) and on CPU-time medians
    (``value_cpu``): on a machine shared with other work the CPU figure is steadier."""
    on, plain, warm = builds["plugins_on"], builds["plain_pelican"], builds["warm_rebuild"]
    targets = {
        "plugins_vs_plain": {
            "value": _ratio(on["median_seconds"], plain["median_seconds"]),
            "value_cpu": _ratio(on["median_cpu_seconds"], plain["median_cpu_seconds"]),
            "limit": TARGET_PLUGIN_RATIO,
        },
        "warm_vs_cold": {
            "value": _ratio(warm["median_seconds"], on["median_seconds"]),
            "value_cpu": _ratio(warm["median_cpu_seconds"], on["median_cpu_seconds"]),
            "limit": TARGET_WARM_RATIO,
        },
    }
    if len(scaling) >= 2:
        ordered = sorted(scaling, key=lambda row: row["posts"])
        first = ordered[0]
        targets["per_post_growth"] = {
            "value": _ratio(max(row["ms_per_post"] for row in ordered[1:]), first["ms_per_post"]),
            "value_cpu": _ratio(max(row["cpu_ms_per_post"] for row in ordered[1:]), first["cpu_ms_per_post"]),
            "limit": TARGET_GROWTH,
            "between": [first["posts"], ordered[-1]["posts"]],
        }
    for target in targets.values():
        target["holds"] = target["value"] <= target["limit"]
        target["holds_cpu"] = target["value_cpu"] <= target["limit"]
    return targets


def edit_loop_targets(builds: dict, scaling: list[dict], edit_loop: dict) -> dict:
    """Every target of issue 18 as a ratio, with the two absolute figures it comes from."""
    plain, on = builds["plain_pelican"], builds["plugins_on"]
    measured = {
        "cold_build_wall": (on["median_seconds"], plain["median_seconds"]),
        "cold_build_cpu": (on["median_cpu_seconds"], plain["median_cpu_seconds"]),
        "unchanged_rebuild": (builds["unchanged_rebuild"]["median_seconds"], on["median_seconds"]),
    }
    for kind in ("body_edit", "metadata_edit", "new_post", "deleted_post"):
        if kind in edit_loop:
            measured[f"serve_{kind}"] = (edit_loop[kind]["median_seconds"], plain["median_seconds"])
    if len(scaling) >= 2:
        per_post = [row["ms_per_post"] for row in scaling]
        measured["per_post_growth"] = (max(per_post), min(per_post))
        largest = max(scaling, key=lambda row: row["posts"])
        measured["peak_memory_largest_size"] = (largest["peak_rss_mib"],
                                                builds["plain_pelican_largest_size"]["peak_rss_mib"])
    return {name: {"value": _ratio(mine, base), "measured": round(mine, 4), "against": round(base, 4),
                   "limit": EDIT_LOOP_LIMITS[name], "holds": _ratio(mine, base) <= EDIT_LOOP_LIMITS[name]}
            for name, (mine, base) in measured.items()}


def _machine() -> dict:
    from importlib.metadata import version

    return {
        "python": platform.python_version(),
        "pelican": version("pelican"),
        "markdown": version("markdown"),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def configured_plugins() -> list[str]:
    namespace: dict = {}
    exec(compile((ROOT / "pelicanconf.py").read_text(encoding="utf-8"), "pelicanconf.py", "exec"), namespace)
    return list(namespace.get("PLUGINS", []))


def run(options: Options) -> dict:
    """Run the whole benchmark, write the JSON file and return the results."""
    started = time.perf_counter()
    temporary = options.workdir is None
    workdir = Path(tempfile.mkdtemp(prefix="service-voices-bench-")) if temporary else Path(options.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    bench = _Bench(options, workdir)
    try:
        site = bench.corpus(options.posts)
        builds = bench.compare(site)
        builds["warm_rebuild"] = bench.warm(site)
        # Pelican's own warm/cold ratio, for comparison with the target.
        builds["plain_pelican_warm_rebuild"] = bench.warm(site, plain=True)
        builds["unchanged_rebuild"] = bench.unchanged(site)
        edit_loop = (serve_loop.measure(site.post_paths, site.root, workdir, options.repeat, TIMED_BUILD_SETTINGS,
                                        options.say) if options.serve else {})
        scaling = bench.scaling(tuple(sorted(set(options.sizes))), {options.posts: builds["plugins_on"]})
        largest = max(options.sizes)
        if largest == options.posts:
            builds["plain_pelican_largest_size"] = builds["plain_pelican"]
            builds["plugins_without_search_index_largest_size"] = builds.get("plugins_on_without_search_index")
        else:
            (builds["plain_pelican_largest_size"],
             builds["plugins_without_search_index_largest_size"]) = bench.largest_memory(largest)
        measured_extras = extras.measure_all(options.messages, workdir, options.say) if options.extras else {}
    finally:
        if temporary:
            shutil.rmtree(workdir, ignore_errors=True)
    targets = _targets(builds, scaling)
    results = {
        "schema": 1,
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": _machine(),
        "options": {
            "posts": options.posts, "repeat": options.repeat, "sizes": list(options.sizes),
            "big_repeat": options.big_repeat, "seed": options.seed, "messages": options.messages,
        },
        "plugins": configured_plugins(),
        "timed_build_settings": TIMED_BUILD_SETTINGS,
        "memory_measure": "peak resident set size of each build process (ru_maxrss from wait4)",
        "corpus": site.as_dict(),
        "builds": builds,
        "ratios": {
            "plugins_on_over_plain": targets["plugins_vs_plain"]["value"],
            "warm_over_cold": targets["warm_vs_cold"]["value"],
            "plugins_on_over_plain_cpu": targets["plugins_vs_plain"]["value_cpu"],
            "warm_over_cold_cpu": targets["warm_vs_cold"]["value_cpu"],
            "plugins_without_search_index_over_plain": _ratio(
                builds["plugins_on_without_search_index"]["median_seconds"],
                builds["plain_pelican"]["median_seconds"]),
            "plain_pelican_warm_over_cold": _ratio(builds["plain_pelican_warm_rebuild"]["median_seconds"],
                                                   builds["plain_pelican"]["median_seconds"]),
            "plain_pelican_warm_over_cold_cpu": _ratio(builds["plain_pelican_warm_rebuild"]["median_cpu_seconds"],
                                                       builds["plain_pelican"]["median_cpu_seconds"]),
            "plugins_without_search_index_over_plain_cpu": _ratio(
                builds["plugins_on_without_search_index"]["median_cpu_seconds"],
                builds["plain_pelican"]["median_cpu_seconds"]),
        },
        "scaling": scaling,
        "extras": measured_extras,
        "targets": targets,
        "edit_loop": edit_loop,
        "edit_loop_targets": edit_loop_targets(builds, scaling, edit_loop),
        "total_seconds": round(time.perf_counter() - started, 1),
        "written_to": str(options.output),
    }
    options.output.parent.mkdir(parents=True, exist_ok=True)
    options.output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return results


def _verdict(target: dict) -> str:
    limit = target["limit"]
    wall = "holds" if target["holds"] else "MISSED"
    cpu = "holds" if target["holds_cpu"] else "MISSED"
    return (f"{target['value']:.2f} wall ({wall}), {target['value_cpu']:.2f} CPU ({cpu});"
            f" target <= {limit:.2f}")


def format_table(results: dict) -> str:
    """The human summary printed after a run."""
    builds, targets, machine = results["builds"], results["targets"], results["machine"]
    corpus_info = results["corpus"]
    lines = [
        f"Service Voices build benchmark: {corpus_info['posts']:,} posts, "
        f"{results['options']['repeat']} run(s) each, medians "
        f"(Python {machine['python']}, Pelican {machine['pelican']}, {machine['cpus']} CPUs)",
        "corpus: " + ", ".join(f"{count} {kind}" for kind, count in corpus_info["kinds"].items())
        + f"; {corpus_info['series']} series, {corpus_info['co_authored']} co-authored, "
          f"{corpus_info['newsletter_issues']} newsletter issues",
        "",
        f"{'build':<38}{'median s':>10}{'min s':>9}{'max s':>9}{'CPU s':>9}{'peak MiB':>10}",
    ]
    names = [("plugins_on", "1 all plugins on"), ("plain_pelican", "2 plain Pelican (PLUGINS=[])"),
             ("warm_rebuild", "3 warm rebuild, one post edited"),
             ("plugins_on_without_search_index", "  1 without the Pagefind index"),
             ("plain_pelican_warm_rebuild", "  2 warm rebuild, one post edited")]
    for key, label in names:
        row = builds.get(key)
        if row is None:
            continue
        lines.append(f"{label:<38}{row['median_seconds']:>10.2f}{row['min_seconds']:>9.2f}"
                     f"{row['max_seconds']:>9.2f}{row['median_cpu_seconds']:>9.2f}{row['peak_rss_mib']:>10.0f}")
    unindexed = builds.get("plugins_on_without_search_index")
    lines += [
        "",
        f"ratio 1/2 = {_verdict(targets['plugins_vs_plain'])}",
        f"ratio 3/1 = {_verdict(targets['warm_vs_cold'])}",
        *([f"without the Pagefind index, 1/2 = {results['ratios']['plugins_without_search_index_over_plain']:.2f} "
           f"wall, {results['ratios']['plugins_without_search_index_over_plain_cpu']:.2f} CPU (for information)"]
          if unindexed else []),
        f"plain Pelican's own warm/cold = {results['ratios']['plain_pelican_warm_over_cold']:.2f} wall, "
        f"{results['ratios']['plain_pelican_warm_over_cold_cpu']:.2f} CPU (for information)",
        "",
        f"{'posts':>7}{'runs':>6}{'median s':>10}{'ms/post':>10}{'marginal ms/post':>18}{'CPU ms/post':>13}",
    ]
    for row in results["scaling"]:
        marginal = row.get("marginal_ms_per_post")
        lines.append(f"{row['posts']:>7,}{row['runs']:>6}{row['median_seconds']:>10.2f}{row['ms_per_post']:>10.2f}"
                     f"{'' if marginal is None else f'{marginal:.2f}':>18}{row['cpu_ms_per_post']:>13.2f}")
    growth = targets.get("per_post_growth")
    if growth:
        lines.append(f"time per post, worst larger size over smallest = {_verdict(growth)}")
    if results["extras"]:
        lines += ["", "extras"]
        for item in results["extras"].values():
            lines.append(f"  {item['label']:<52}{extras.describe(item)}")
    lines += ["", *format_edit_loop(results)]
    unindexed_largest = results["builds"].get("plugins_without_search_index_largest_size")
    plain_largest = results["builds"].get("plain_pelican_largest_size")
    if unindexed_largest and plain_largest:
        share = unindexed_largest["peak_rss_mib"] / plain_largest["peak_rss_mib"]
        lines.append(f"peak MiB at the largest size without the Pagefind index: "
                     f"{unindexed_largest['peak_rss_mib']:.0f} = {share:.2f}x plain (for information)")
    lines += ["", f"peak memory: {results['memory_measure']}",
              f"total {results['total_seconds']:.0f} s; figures written to {results.get('written_to', '')}".rstrip()]
    return "\n".join(lines)


EDIT_LOOP_LABELS = {
    "serve_body_edit": ("body edit under invoke serve", "plain cold"),
    "serve_metadata_edit": ("title edit under invoke serve", "plain cold"),
    "serve_new_post": ("new post under invoke serve", "plain cold"),
    "serve_deleted_post": ("deleted post under invoke serve", "plain cold"),
    "cold_build_wall": ("cold build, wall", "plain cold"),
    "cold_build_cpu": ("cold build, CPU", "plain CPU"),
    "unchanged_rebuild": ("unchanged invoke build", "cold build"),
    "per_post_growth": ("ms per post, worst over best", "best"),
    "peak_memory_largest_size": ("peak MiB at the largest size", "plain"),
}


def format_edit_loop(results: dict) -> list[str]:
    """The table of issue 18's targets: ratio, the figures behind it, the limit."""
    targets = results.get("edit_loop_targets") or {}
    if not targets:
        return []
    lines = [f"{'edit loop and build targets':<34}{'ratio':>7}{'limit':>7}{'measured':>10}{'against':>10}  verdict"]
    for name, target in targets.items():
        label, against = EDIT_LOOP_LABELS[name]
        lines.append(f"{label:<34}{target['value']:>7.3f}{target['limit']:>7.2f}{target['measured']:>10.3f}"
                     f"{target['against']:>10.3f}  {'holds' if target['holds'] else 'MISSED'} (vs {against})")
    return lines

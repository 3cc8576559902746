"""Measure validate, build, serve and the browser at 1,000 and 10,000 synthetic records.

    .venv/bin/python benchmarks/run.py                 # 1,000 and 10,000 records
    .venv/bin/python benchmarks/run.py --sizes 1000    # a quicker run

Writes the results table into benchmarks/README.md (between the "run.py" markers) with the
machine it ran on. Run by hand, on an otherwise idle machine; never part of the test suite.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import io
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date
from pathlib import Path

import yaml
from mkdocs.utils.yaml import yaml_load

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
README = ROOT / "benchmarks" / "README.md"
START, END = "<!-- run.py results start -->", "<!-- run.py results end -->"
sys.path.insert(0, str(ROOT / "tests"))


def timed(command: list[str], **kwargs) -> tuple[float, int]:
    """Wall seconds and peak memory (KiB) of a command, via GNU time."""
    result = subprocess.run(["/usr/bin/time", "-f", "%e %M", *command], capture_output=True, text=True,
                            check=False, **kwargs)
    last = result.stderr.strip().splitlines()[-1]
    seconds, kib = last.split()
    return float(seconds), int(kib)


def median_of(runs: int, command: list[str]) -> tuple[float, int]:
    results = [timed(command) for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


BARE_PARSE = """
import sys, pathlib, yaml
for path in sorted(pathlib.Path(sys.argv[1]).glob('*.yaml')):
    yaml.load(path.read_text(encoding='utf-8'), Loader=yaml.CSafeLoader)
"""

CHILD_BUILD = """
import json, resource, shutil, sys, time
from pathlib import Path
import dnm_catalogue.site.build as build
import dnm_catalogue.site.generator as pages
import dnm_catalogue.site.plugin as plugin
spent = {"validate": 0.0, "citations": 0.0, "pages": 0.0, "glue": 0.0, "search": 0.0}
def timer(name, function):
    def wrapped(*args, **kwargs):
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent[name] += time.perf_counter() - start
    return wrapped
build.check_catalogue = timer("validate", build.check_catalogue)
pages.format_all = timer("citations", pages.format_all)
plugin.generate_site_files = timer("pages", plugin.generate_site_files)
# The site search index (made with the pages, so also inside "pages"); a generator: time it whole.
making_index = pages.PageGenerator._generate_search
def search_index(self):
    start = time.perf_counter()
    files = list(making_index(self))
    spent["search"] += time.perf_counter() - start
    return iter(files)
pages.PageGenerator._generate_search = search_index
# The rest of our code in a build: creating MkDocs' file objects and saving the page cache
# (on_files beyond generating), merging the search index, copying the previous site and
# removing stale files in an incremental build.
Plugin = plugin.CataloguePlugin
Plugin.on_files = timer("glue", Plugin.on_files)
Plugin.on_post_build = timer("glue", Plugin.on_post_build)
shutil.copytree = timer("glue", shutil.copytree)
build.BuildState.remove_stale = timer("glue", build.BuildState.remove_stale)
build.BuildState.stamp = timer("glue", build.BuildState.stamp)
start = time.perf_counter()
summary = build.build_site(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
total = time.perf_counter() - start
spent["glue"] -= spent["pages"]  # on_files includes generating the pages
spent["pages"] -= spent["citations"]
print(json.dumps({"total": total, **spent, "incremental": summary.incremental,
                  "pages_built": summary.pages_built,
                  "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def write_config(folder: Path, reports: Path) -> Path:
    """A copy of mkdocs.yml with absolute paths to the project's assets and the given records."""
    config = yaml_load((ROOT / "mkdocs.yml").read_text("utf-8"))  # resolves !ENV
    config["docs_dir"] = str(ROOT / "docs")
    config["theme"]["custom_dir"] = str(ROOT / "overrides")
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "dnm-catalogue" in plugin:
            plugin["dnm-catalogue"].update(reports=str(reports), templates=str(ROOT / "templates"),
                                           cache_dir=str(folder / "cache"))
    path = folder / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def build(folder: Path, reports: Path, config: Path) -> dict:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([PYTHON, "-c", CHILD_BUILD, str(reports), str(folder / "site"), str(config)],
                            capture_output=True, text=True, check=True, env=env, cwd=folder)
    return json.loads(result.stdout.strip().splitlines()[-1])


def folder_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def serve_latency(folder: Path, reports: Path, config: Path, trials: int = 3) -> list[float]:
    """Seconds from saving an edited record to `mkdocs serve` showing the new page."""
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen([PYTHON, "-m", "dnm_catalogue.cli", "serve", "--config-file", str(config),
                               "--dev-addr", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, env=env, cwd=folder, start_new_session=True)
    record = sorted(reports.glob("*.yaml"))[0]
    original = record.read_text("utf-8")
    page = f"http://127.0.0.1:{port}/reports/{record.stem}/"
    seen: list[float] = []
    run_id = os.urandom(4).hex()  # an edit left by an interrupted run cannot count as seen
    try:
        deadline = time.monotonic() + 900
        while time.monotonic() < deadline:
            try:
                fetch(page)
                break
            except OSError:
                time.sleep(0.5)
        for trial in range(trials):
            marker = f"Edited title {run_id} number {trial}"
            lines = original.splitlines()
            lines[2] = f"title: {json.dumps(marker)}"
            started = time.monotonic()
            record.write_text("\n".join(lines) + "\n", encoding="utf-8")
            while time.monotonic() - started < 300:
                try:
                    if marker in fetch(page):
                        seen.append(time.monotonic() - started)
                        break
                except OSError:
                    pass
                time.sleep(0.05)
            time.sleep(1)
    finally:
        record.write_text(original, encoding="utf-8")
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    return seen


FILTER_CHANGES = """
async (count) => {
  const boxes = Array.from(document.querySelectorAll(
    '#dnm-browser input[name=country], #dnm-browser input[name=drug], #dnm-browser input[name=market]'));
  const times = [];
  for (let i = 0; i < count; i++) {
    const box = boxes[(i * 7) % boxes.length];
    const start = performance.now();
    box.click();
    document.body.offsetHeight;  // include style and layout of the new list
    times.push(performance.now() - start);
    await new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve, 0)));
  }
  return times;
}
"""


SEARCH_QUERIES = ["Europol 2017", "Decary", "author:Aldridge", "market vendor", "year:2017 type:report"]

# Types a query into the header search box of a loaded page and waits for its answer.
FIRST_QUERY = """
async (query) => {
  const root = document.getElementById('dnm-search');
  const input = root.querySelector('.dnm-search-input');
  const done = new Promise(resolve => {
    const observer = new MutationObserver(() => {
      if (root.dataset.state === 'done' && root.dataset.query === query) {
        observer.disconnect();
        resolve(performance.now());
      }
    });
    observer.observe(root, {attributes: true});
  });
  const start = performance.now();
  input.focus();
  input.value = query;
  input.dispatchEvent(new Event('input'));
  const answered = await done;
  const loaded = performance.getEntriesByType('resource').filter(e => e.name.includes('/search/'));
  return {ms: answered - start, hits: root.querySelectorAll('.dnm-hit').length,
          status: root.querySelector('.dnm-search-status').textContent,
          files: loaded.map(e => new URL(e.name).pathname),
          transfer: loaded.reduce((sum, e) => sum + e.transferSize, 0)};
}
"""


def search_figures(site: Path, loads: int = 7) -> dict:
    """The site search: for each query, a fresh page (no cache) is loaded and left to settle
    (the search manifest is read then), then the query is typed; bytes of every search file
    fetched (the manifest included) and median time from typing to the hits on screen."""
    from playwright.sync_api import sync_playwright

    from browser_support import CHROMIUM_ARGS, SiteServer, chromium_path

    figures: dict = {"queries": {}}
    with SiteServer(site) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for query in SEARCH_QUERIES:
            runs = []
            for _ in range(loads):  # each in a new context: nothing cached
                context = browser.new_context(viewport={"width": 1366, "height": 900})
                page = context.new_page()
                page.goto(server.url)
                page.wait_for_load_state("networkidle")
                runs.append(page.evaluate(FIRST_QUERY, query))
                context.close()
            files = runs[0]["files"]
            raw = sum((site / name.lstrip("/")).stat().st_size for name in files)
            gzipped = sum(len(gzip.compress((site / name.lstrip("/")).read_bytes(), 6)) for name in files)
            figures["queries"][query] = {
                "ms": statistics.median(run["ms"] for run in runs), "best_ms": min(run["ms"] for run in runs),
                "transfer": runs[0]["transfer"],
                "raw": raw, "gzip": gzipped, "files": len(files), "status": runs[0]["status"]}
        context = browser.new_context(viewport={"width": 1366, "height": 900})
        page = context.new_page()
        page.goto(server.url)
        page.wait_for_load_state("networkidle")
        page.evaluate(FIRST_QUERY, "darknet")
        figures["next_ms"] = statistics.median(page.evaluate(FIRST_QUERY, query)["ms"]
                                               for query in SEARCH_QUERIES)
        # The same queries again: words and hits cached, so only ranking and drawing remain.
        figures["cached_ms"] = statistics.median(
            page.evaluate(FIRST_QUERY, query)["ms"] for query in [*SEARCH_QUERIES, "darknet"])
        context.close()
        browser.close()
    search = site / "search"
    figures["index_files"] = sum(1 for path in search.rglob("*.js"))
    figures["index_bytes"] = sum(path.stat().st_size for path in search.rglob("*.js"))
    figures["manifest_bytes"] = (search / "index.js").stat().st_size
    figures["load_average"] = os.getloadavg()[0]
    return figures


def browser_figures(site: Path, reports: Path) -> dict:
    from playwright.sync_api import sync_playwright

    from browser_support import CHROMIUM_ARGS, SiteServer, chromium_path
    from dnm_catalogue.cli import main as cli_main

    data = (site / "browse" / "data.js").read_bytes()
    figures = {"data_raw": len(data), "data_gzip": len(gzip.compress(data, 9))}
    text = (site / "browse" / "text.js").read_bytes()
    figures["text_gzip"] = len(gzip.compress(text, 9))
    with SiteServer(site) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        firsts = []
        for _ in range(4):
            # Each load in a new tab: a page reloaded in the same tab would leave the previous
            # document's memory to be collected while the next one is being measured.
            page = browser.new_page()
            page.goto(server.url + "browse/")
            page.wait_for_selector("#dnm-browser[data-ready=true]", state="attached", timeout=120_000)
            firsts.append(page.evaluate(
                "() => performance.getEntriesByName('dnm-browser-ready')[0].startTime"))
            if len(firsts) < 4:
                page.close()
        figures["first_results_ms"] = statistics.median(firsts)
        times = page.evaluate(FILTER_CHANGES, 50)  # on the last page, as loaded
        times.sort()
        figures["filter_median_ms"] = statistics.median(times)
        figures["filter_p95_ms"] = times[int(len(times) * 0.95) - 1]
        # Correctness at this size: the browser's count and first page equal `list`.
        checks = [("country=de", ["--country", "DE"]),
                  ("country=de&drug=cocaine&from=2017", ["--country", "DE", "--drug", "cocaine",
                                                          "--from", "2017"]),
                  ("drug=opioids&market=hydra", ["--drug", "opioids", "--market", "hydra"]),
                  ("region=european-union&type=report", ["--region", "european-union", "--type", "report"]),
                  ("country=fr&regional=1&method=survey", ["--country", "FR", "--include-regional",
                                                          "--method", "survey"])]
        agreed = 0
        for query, options in checks:
            page.goto(server.url + "browse/?" + query)
            page.wait_for_selector("#dnm-browser[data-ready=true]", state="attached", timeout=120_000)
            shown = page.locator("#dnm-results li").evaluate_all("items => items.map(i => i.dataset.id)")
            status = page.locator("#dnm-status").text_content()
            output = io.StringIO()
            with contextlib.redirect_stdout(output), contextlib.redirect_stderr(io.StringIO()):
                cli_main(["list", "--reports", str(reports), "--format", "json", *options])
            listed = [item["id"] for item in json.loads(output.getvalue())]
            # The browser draws the first page of results (50); the rest follow on "Show more".
            first_page = listed[: len(shown)]
            if (shown == first_page and len(shown) == min(len(listed), 50)
                    and status.startswith(f"{len(listed)} record")):
                agreed += 1
        figures["list_agreement"] = f"{agreed} of {len(checks)}"
        browser.close()
    return figures


def measure(size: int, work: Path, serve: bool) -> dict:
    folder = work / f"n{size}"
    reports = folder / "reports"
    subprocess.run([PYTHON, str(ROOT / "benchmarks" / "make_records.py"), str(size), str(reports)],
                   check=True, capture_output=True)
    figures: dict = {"size": size}
    print(f"[{size}] validate", flush=True)
    figures["validate_s"], kib = median_of(3, [PYTHON, "-m", "dnm_catalogue.cli", "validate", str(reports)])
    figures["validate_mib"] = kib / 1024
    figures["bare_s"], _ = median_of(3, [PYTHON, "-c", BARE_PARSE, str(reports)])
    config = write_config(folder, reports)
    print(f"[{size}] cold build", flush=True)
    figures["cold"] = build(folder, reports, config)
    print(f"[{size}] unchanged rebuild", flush=True)
    figures["rebuild"] = build(folder, reports, config)
    print(f"[{size}] rebuild after editing one record", flush=True)
    record = sorted(reports.glob("*.yaml"))[len(list(reports.glob("*.yaml"))) // 2]
    original = record.read_text("utf-8")
    lines = original.splitlines()
    lines[2] = 'title: "A benchmark edit of one title"'
    record.write_text("\n".join(lines) + "\n", encoding="utf-8")
    figures["edit"] = build(folder, reports, config)
    record.write_text(original, encoding="utf-8")
    site = folder / "site"
    figures["site_bytes"] = folder_bytes(site)
    print(f"[{size}] search", flush=True)
    figures["search"] = search_figures(site)
    print(f"[{size}] browser", flush=True)
    figures["browser"] = browser_figures(site, reports)
    if serve:
        print(f"[{size}] serve", flush=True)  # dnm-catalogue serve: incremental rebuilds
        figures["serve_s"] = serve_latency(folder, reports, config)
    shutil.rmtree(folder / "site", ignore_errors=True)
    return figures


def machine() -> str:
    cpu = "unknown processor"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GiB, {platform.system()} "
            f"{platform.release()}, Python {platform.python_version()}")


def row(label: str, values: list[str], target: str = "") -> str:
    """One table row: a measure, a value for each size, the target."""
    return f"| {label} | " + " | ".join(values) + f" | {target} |"


def table_head(results: list[dict]) -> list[str]:
    """The header lines of a results table: one column for each catalogue size."""
    sizes = [f"{r['size']:,} records" for r in results]
    return ["| measure | " + " | ".join(sizes) + " | target |",
            "| --- | " + " | ".join("---" for _ in results) + " | --- |"]


def table(results: list[dict]) -> str:
    lines = table_head(results)
    lines.append(row("`validate` wall time", [f"{r['validate_s']:.2f} s" for r in results]))
    lines.append(row("libyaml bare parse of the same files", [f"{r['bare_s']:.2f} s" for r in results]))
    lines.append(row("validate ÷ bare parse", [f"{r['validate_s'] / r['bare_s']:.2f}×" for r in results],
                     "≤ 2× (issue 2), ≤ 1.5× (issue 7)"))
    lines.append(row("`validate` peak memory", [f"{r['validate_mib']:.0f} MiB" for r in results]))
    lines.append(row("cold build", [f"{r['cold']['total']:.1f} s" for r in results]))
    def ours(run: dict) -> float:
        return run["validate"] + run["citations"] + run["pages"] + run.get("glue", 0.0)

    def breakdown(run: dict) -> str:
        return (f"{run['validate']:.1f} / {run['citations']:.1f} / {run['pages']:.1f}"
                f" / {run.get('glue', 0.0):.1f} s")

    lines.append(row("… of which validate / citations / our pages / our other hooks",
                     [breakdown(r["cold"]) for r in results]))
    lines.append(row("our share of the cold build",
                     [f"{100 * ours(r['cold']) / r['cold']['total']:.0f}%" for r in results], "< 25%"))
    lines.append(row("unchanged rebuild (incremental: pages rendered by MkDocs)", [
        f"{r['rebuild']['total']:.1f} s ({'yes' if r['rebuild'].get('incremental') else 'no'}: "
        f"{r['rebuild'].get('pages_built', 0)})" for r in results]))
    lines.append(row("… of which ours (validate / citations / pages / other hooks incl. copying the site)",
                     [breakdown(r["rebuild"]) for r in results]))
    lines.append(row("cold ÷ unchanged rebuild",
                     [f"{r['cold']['total'] / r['rebuild']['total']:.2f}×" for r in results], "≥ 3×"))
    lines.append(row("rebuild after editing one record's title (pages rendered by MkDocs)", [
        f"{r['edit']['total']:.1f} s ({r['edit'].get('pages_built', 0)})" if r.get("edit") else "not run"
        for r in results]))
    lines.append(row("build peak memory", [
        f"{max(r['cold']['peak_mib'], r['rebuild']['peak_mib']):.0f} MiB" for r in results], "< 2 GiB"))
    lines.append(row("`mkdocs serve`: save → edited page shown",
                     [(", ".join(f"{s:.1f}" for s in r["serve_s"]) + " s") if r.get("serve_s") else "not run"
                      for r in results], "< 3 s at 1,000"))
    lines.append(row("browser data (data.js) raw / gzip",
                     [f"{r['browser']['data_raw']:,} / {r['browser']['data_gzip']:,} B" for r in results]))
    lines.append(row("browser data per record, gzip",
                     [f"{r['browser']['data_gzip'] / r['size']:.0f} B" for r in results], "< 150 B"))
    lines.append(row("text index (text.js, loaded on first keystroke), gzip",
                     [f"{r['browser']['text_gzip']:,} B" for r in results]))
    lines.append(row("browser: time to first results",
                     [f"{r['browser']['first_results_ms']:.0f} ms" for r in results]))
    lines.append(row("browser: filter change, median / p95 of 50",
                     [f"{r['browser']['filter_median_ms']:.1f} / {r['browser']['filter_p95_ms']:.1f} ms"
                      for r in results], "p95 < 16 ms"))
    lines.append(row("browser agrees with `list` (5 filter sets)",
                     [r["browser"]["list_agreement"] for r in results]))
    lines.append(row("whole site", [f"{r['site_bytes'] / 2**20:.0f} MiB" for r in results]))
    return "\n".join(lines)


def search_table(results: list[dict]) -> str:
    """The site search: first query after a page load, a later query, the index and its build."""
    lines = table_head(results)
    lines.append(row("cold build / of which the search index", [
        f"{r['cold']['total']:.1f} s / {r['cold'].get('search', 0.0):.1f} s" for r in results]))
    lines.append(row("search index on disk: files, size (manifest)", [
        f"{r['search']['index_files']:,}, {r['search']['index_bytes'] / 2**20:.1f} MiB "
        f"({r['search']['manifest_bytes'] / 1000:.0f} KB)" for r in results]))
    for query in SEARCH_QUERIES:
        lines.append(row(f"first query `{query}`: files, KB raw / gzip, ms median (fastest), records found", [
            f"{q['files']}, {q['raw'] / 1000:.0f} / {q['gzip'] / 1000:.0f} KB, {q['ms']:.0f} ms "
            f"({q.get('best_ms', q['ms']):.0f}), {q['status'].split(' match')[0].split(' record')[0]}"
            for q in (r["search"]["queries"][query] for r in results)], "≤ 300 KB, < 100 ms"))
    lines.append(row("a later query in the same page (median of the five) / the same again (cached)",
                     [f"{r['search']['next_ms']:.0f} / {r['search']['cached_ms']:.0f} ms" for r in results]))
    lines.append(row("load average (1 min) when the search was measured",
                     [f"{r['search']['load_average']:.1f}" for r in results], "2 cores"))
    return "\n".join(lines)


SEARCH_START, SEARCH_END = "<!-- run.py search results start -->", "<!-- run.py search results end -->"


def write_block(start: str, end: str, body: str, heading: str) -> None:
    text = README.read_text("utf-8") if README.exists() else "# Benchmarks\n"
    block = (f"{start}\nMeasured {date.today().isoformat()} by `benchmarks/run.py` on {machine()}.\n\n"
             f"{body}\n{end}")
    if start in text:
        text = text[: text.index(start)] + block + text[text.index(end) + len(end):]
    else:
        text = text.rstrip() + f"\n\n## {heading}\n\n" + block + "\n"
    README.write_text(text, encoding="utf-8")


def write_readme(results: list[dict]) -> None:
    write_block(START, END, table(results), "Validate, build, serve and browser (`run.py`)")
    write_block(SEARCH_START, SEARCH_END, search_table(results), "Site search (`run.py`)")


def measure_search(size: int, work: Path) -> dict:
    """Only what the search table needs: a cold build and the search figures."""
    folder = work / f"n{size}"
    reports = folder / "reports"
    subprocess.run([PYTHON, str(ROOT / "benchmarks" / "make_records.py"), str(size), str(reports)],
                   check=True, capture_output=True)
    config = write_config(folder, reports)
    print(f"[{size}] cold build", flush=True)
    figures: dict = {"size": size, "cold": build(folder, reports, config)}
    print(f"[{size}] search", flush=True)
    figures["search"] = search_figures(folder / "site")
    shutil.rmtree(folder / "site", ignore_errors=True)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--work", type=Path, default=None,
                        help="scratch folder (default: a temp folder)")
    parser.add_argument("--search", action="store_true",
                        help="only build and measure the site search; writes only its table")
    parser.add_argument("--search-only", type=Path, metavar="SITE",
                        help="only measure the site search of a built site; print, write nothing")
    args = parser.parse_args()
    if args.search_only:
        print(json.dumps(search_figures(args.search_only), indent=2))
        return 0
    if args.search:
        work = args.work or Path(tempfile.mkdtemp(prefix="dnm-bench-"))
        results = [measure_search(size, work) for size in args.sizes]
        write_block(SEARCH_START, SEARCH_END, search_table(results), "Site search (`run.py`)")
        print(search_table(results))
        return 0
    work = args.work or Path(tempfile.mkdtemp(prefix="dnm-bench-"))
    results = [measure(size, work, serve=size <= 1000) for size in args.sizes]
    write_readme(results)
    print(table(results))
    print(search_table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The selection page in Debian's headless Chromium with 200 variables (PMSI MCO, DCIR, causes of death):
time from navigation to the dossier drawn (matrix, joins, conditions), on the static site.

    python bench_selection_page.py --site DIR [--variables 200] [--runs 5]

DIR is a built site (`catalogue site --build BUILD`, default BUILD/site). Prints each run and the median.
"""

from __future__ import annotations

import argparse
import functools
import json
import statistics
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from support.chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402  (the tests' way to start Chromium)

DATASETS = ("snds-pmsi-mco", "snds-dcir", "snds-causes-de-deces")


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def _items(site: Path, count: int) -> list[dict[str, str]]:
    """The first variables of each table of the three datasets, in turn, up to `count`."""
    tables = []
    for dataset in DATASETS:
        data = json.loads((site / "datasets" / dataset / "selection.json").read_text(encoding="utf-8"))
        tables += [table["variables"] for table in data["tables"]]
    items: list[dict[str, str]] = []
    depth = 0
    while len(items) < count and any(len(rows) > depth for rows in tables):
        for rows in tables:
            if depth < len(rows) and len(items) < count:
                row = rows[depth]
                items.append({"dataset": row["dataset"], "table": row["table"], "variable": row["variable"]})
        depth += 1
    return items


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--site", type=Path, required=True)
    parser.add_argument("--variables", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    items = _items(args.site, args.variables)
    stored = json.dumps({"version": 1, "items": items, "years": None, "justifications": {}})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(args.site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    timings = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for run in range(args.runs):
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.add_init_script(f"localStorage.setItem('hdc-selection', {json.dumps(stored)})")
            page = context.new_page()
            began = time.perf_counter()
            page.goto(base + "selection/")
            page.wait_for_selector(f'[data-hdc-selection][data-rendered="{len(items)}"]', timeout=120_000)
            timings.append(time.perf_counter() - began)
            print(f"run {run + 1}: {timings[-1] * 1000:.0f} ms ({len(items)} variables, cold cache)")
            context.close()
        browser.close()
    server.shutdown()
    print(f"selection page, {len(items)} variables: median {statistics.median(timings) * 1000:.0f} ms")


if __name__ == "__main__":
    main()

"""The yearly review (EHDS art. 60): a description not reviewed for more than 12 months is flagged in
`catalogue check`, on its page, in its producer's dashboard and by `catalogue quality --stale`; one
modified last month is not. The dashboard of one producer lists exactly its datasets with the figures
of build/quality.json (Chromium)."""

from __future__ import annotations

import datetime as dt
import functools
import json
import shutil
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from support.cli import CATALOGUE

from harvester.config import Config
from harvester.pipeline.build import build
from harvester.publish.quality_pages import publisher_slug
from harvester.publish.site import build_site
from harvester.quality.review import review_of
from harvester.reader.views import Dataset

ROOT = Path(__file__).resolve().parents[1]
OLD, RECENT = "cohorte-constances", "registre-cancers-isere"
FILES = {
    OLD: "catalogue_src/cohorte-constances/dataset.yaml",
    RECENT: "catalogue_src/registre-cancers-isere/dataset.yaml",
}
MODIFIED = {OLD: "  modified: 2023-11-15\n", RECENT: "  modified: 2024-06-30\n"}


def _months_ago(months: int, today: dt.date) -> dt.date:
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    return dt.date(year, month + 1, min(today.day, 28))


def _view(**dates: str) -> Dataset:
    return Dataset(id="d", iri="https://example.org/dataset/d", title="D", **dates)


@pytest.mark.parametrize(
    ("dates", "stale", "basis"),
    [
        ({"modified": _months_ago(13, dt.date(2026, 12, 2)).isoformat()}, True, "modified"),
        ({"modified": _months_ago(1, dt.date(2026, 12, 2)).isoformat()}, False, "modified"),
        ({"modified": "2020-01-01", "reviewed": "2026-06-01"}, False, "reviewed"),
        ({"reviewed": "2025-12-01"}, True, "reviewed"),  # a year and a day
        ({"reviewed": "2025-12-02"}, False, "reviewed"),  # a year to the day
        ({"modified": "2026-05-04T10:00:00Z"}, False, "modified"),  # a harvested record's dateTime
        ({}, True, ""),
        ({"modified": "pas une date"}, True, ""),
    ],
)
def test_a_review_is_due_after_twelve_months(dates: dict[str, str], stale: bool, basis: str) -> None:
    review = review_of(_view(**dates), dt.date(2026, 12, 2))
    assert (review.stale, review.basis) == (stale, basis)


@dataclass(frozen=True)
class Aged:
    repo: Path
    build: Path
    check: dict[str, Any]
    quality: list[dict[str, Any]]


@pytest.fixture(scope="module")
def aged(config: Config, tmp_path_factory: pytest.TempPathFactory) -> Aged:
    """The hand-written demo in a git repository; then one description modified 13 months ago and
    one last month (not committed: what a pull request changes), checked, built and put on the site."""
    repo = tmp_path_factory.mktemp("aged")
    shutil.copytree(
        ROOT / "catalogue_src", repo / "catalogue_src", ignore=shutil.ignore_patterns("snds", "projects")
    )
    shutil.copy(ROOT / "catalogue.yaml", repo / "catalogue.yaml")
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q", "-b", "main"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "base"], check=True)
    today = dt.date.today()
    for dataset, months in ((OLD, 13), (RECENT, 1)):
        path = repo / FILES[dataset]
        text = path.read_text("utf-8")
        assert MODIFIED[dataset] in text
        path.write_text(
            text.replace(MODIFIED[dataset], f"  modified: {_months_ago(months, today)}\n"), "utf-8"
        )
    checked = subprocess.run(
        [CATALOGUE, "check", "--base", "HEAD", "--format", "json"], cwd=repo, capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr
    out = repo / "build"
    build(config, [repo / "catalogue_src"], out)
    site = build_site(out)
    assert site.pages > 0, site.problems
    return Aged(repo, out, json.loads(checked.stdout), json.loads((out / "quality.json").read_text("utf-8")))


def test_check_warns_for_the_file_of_the_description_modified_thirteen_months_ago(aged: Aged) -> None:
    flagged = [p for p in aged.check["problems"] if p["rule"] == "review-stale"]
    assert [(aged.repo / p["source"]).resolve() for p in flagged] == [(aged.repo / FILES[OLD]).resolve()]
    assert flagged[0]["severity"] == "warning" and flagged[0]["field"] == "dataset.reviewed"
    assert "12" in flagged[0]["message_fr"] and "12 months" in flagged[0]["message_en"]
    assert aged.check["ok"] is True  # a warning, not an error


def test_the_build_and_quality_stale_list_it_in_every_format(aged: Aged) -> None:
    stale = {e["dataset"] for e in aged.quality if e["review"]["stale"]}
    assert OLD in stale and RECENT not in stale
    command = [CATALOGUE, "quality", "--stale", "--build", str(aged.build)]
    listed = subprocess.run([*command, "--format", "json"], cwd=aged.repo, capture_output=True, text=True)
    assert listed.returncode == 0, listed.stderr
    assert {e["dataset"] for e in json.loads(listed.stdout)} == stale
    for output_format in ("text", "markdown"):
        shown = subprocess.run(
            [*command, "--format", output_format], cwd=aged.repo, capture_output=True, text=True
        )
        assert shown.returncode == 0 and OLD in shown.stdout and RECENT not in shown.stdout, shown


def test_quality_without_a_build_says_what_to_do(tmp_path: Path) -> None:
    shutil.copy(ROOT / "catalogue.yaml", tmp_path / "catalogue.yaml")
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "quality.json").write_text("{ not json", "utf-8")
    done = subprocess.run(
        [CATALOGUE, "quality", "--build", str(tmp_path / "build")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "quality.json" in done.stderr and "fr:" in done.stderr and "en:" in done.stderr


@pytest.fixture(scope="module")
def site_url(aged: Aged) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(aged.build / "site"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def test_one_producers_dashboard_lists_exactly_its_datasets_with_the_builds_figures(
    aged: Aged, site_url: str, browser: Any
) -> None:
    publisher = next(e["publisher"] for e in aged.quality if e["dataset"] == RECENT)
    theirs = {e["dataset"]: e for e in aged.quality if e["publisher"] == publisher}
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{site_url}quality/{publisher_slug(publisher)}/", wait_until="networkidle")
    rows = page.locator("tr[data-dataset]")
    shown = {}
    for index in range(rows.count()):
        row = rows.nth(index)
        levels = [item.inner_text() for item in row.locator("ul.hdc-q-label li").all()]
        shown[row.get_attribute("data-dataset")] = (
            row.locator("td.hdc-q-score strong").inner_text(),
            [level.rsplit(" ", 1)[-1] for level in levels],
            row.get_attribute("data-stale"),
        )
    assert shown == {
        dataset: (
            f"{entry['score']}/100",
            [f"{element['level']}/2" for element in entry["label"]],
            "true" if entry["review"]["stale"] else "false",
        )
        for dataset, entry in theirs.items()
    }
    assert page.locator("svg[role=img]").count() == len(theirs)  # the axes chart of each dataset

    page.goto(f"{site_url}quality/", wait_until="networkidle")
    flags = {
        row.get_attribute("data-dataset"): row.get_attribute("data-stale")
        for row in page.locator("tr[data-dataset]").all()
    }
    assert flags == {e["dataset"]: "true" if e["review"]["stale"] else "false" for e in aged.quality}
    assert flags[OLD] == "true" and flags[RECENT] == "false"
    context.close()
    assert errors == []


def test_the_page_of_the_old_description_has_the_badge_and_the_recent_one_not(
    aged: Aged, site_url: str, browser: Any
) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{site_url}datasets/{OLD}/", wait_until="networkidle")
    assert page.locator(".hdc-stale").is_visible()
    figures = page.locator(".hdc-axes-text li")
    assert figures.count() == 6  # the chart's text equivalent, one line per axis
    page.goto(f"{site_url}datasets/{RECENT}/", wait_until="networkidle")
    assert page.locator(".hdc-stale").count() == 0
    assert page.locator(".hdc-reviewed").is_visible()
    context.close()

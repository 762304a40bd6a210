"""`catalogue quality`: the figures of the last build (build/quality.json) as a list, in text, JSON
or Markdown; `--stale` keeps the descriptions not reviewed for more than 12 months."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harvester.core.problems import ProblemError
from harvester.core.rules import quality as rules


@dataclass(frozen=True)
class Entry:
    dataset: str
    title: str
    publisher: str
    score: int
    review_date: str  # "" when the description gives none
    review_basis: str  # "reviewed", "modified" or ""
    due: str
    stale: bool

    def as_dict(self) -> dict[str, object]:
        return self.__dict__.copy()


def read_entries(path: Path) -> list[Entry]:
    """The datasets of a quality.json; a missing or damaged file is a located problem."""
    try:
        data: Any = json.loads(path.read_text("utf-8"))
        return [_entry(item) for item in data]
    except (OSError, ValueError, TypeError, KeyError, AttributeError) as error:
        reason = error.strerror if isinstance(error, OSError) else f"{type(error).__name__}: {error}"
        raise ProblemError(rules.QUALITY_FILE_BAD.at(str(path), path=path, reason=reason)) from error


def _entry(item: dict[str, Any]) -> Entry:
    review = item.get("review") or {}
    return Entry(
        str(item["dataset"]),
        str(item.get("title") or item["dataset"]),
        str(item.get("publisher") or ""),
        int(item["score"]),
        str(review.get("date") or ""),
        str(review.get("basis") or ""),
        str(review.get("due") or ""),
        bool(review.get("stale", False)),
    )


def render_entries(entries: list[Entry], output_format: str) -> str:
    if output_format == "json":
        return json.dumps([e.as_dict() for e in entries], ensure_ascii=False, indent=2)
    if output_format == "markdown":
        lines = [
            "| jeu de données / dataset | producteur / publisher | score | revue / review | à revoir / stale |",
            "|---|---|---|---|---|",
        ]
        lines += [
            f"| `{e.dataset}` {_cell(e.title)} | {_cell(e.publisher)} | {e.score}/100 | {_reviewed(e)} | "
            f"{'⚠ oui / yes' if e.stale else 'non / no'} |"
            for e in entries
        ]
        return "\n".join(lines) if entries else "Aucun jeu de données. / No dataset."
    lines = [
        f"{e.dataset}\t{e.score}/100\t{_reviewed(e)}\t{'STALE' if e.stale else 'ok'}\t{e.publisher}"
        for e in entries
    ]
    return "\n".join(lines) if entries else "Aucun jeu de données. / No dataset."


def _reviewed(entry: Entry) -> str:
    if not entry.review_date:
        return "jamais / never"
    return f"{entry.review_basis} {entry.review_date} (due {entry.due})"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")

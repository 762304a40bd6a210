"""What the commands share: the error console, report formats, and the options every command reads.

This package is the only place that wires the others together; each command is one module.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console

from harvester.config import Config
from harvester.core.problems import ProblemError
from harvester.core.report import render
from harvester.core.rules import setup as rules
from harvester.remote.store import harvested_files
from harvester.sources.config_source import load_located_config

err = Console(stderr=True)


class OutputFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"


ConfigOption = Annotated[Path, typer.Option("--config", help="Configuration file.")]
BuildOption = Annotated[Path | None, typer.Option("--build", help="Build folder (default: build/).")]
SourcePaths = Annotated[
    list[Path] | None, typer.Argument(help="Files or folders (default: the configured sources).")
]
FormatOption = Annotated[OutputFormat, typer.Option("--format", help="Report format.")]


def fail(message: str, code: int) -> NoReturn:
    err.print(f"[red]error:[/red] {message}")
    raise typer.Exit(code)


def refuse(error: ProblemError, code: int = 2) -> NoReturn:
    """A failure the user can fix: its problem (where, what, in French and English), then the exit code."""
    typer.echo(render([error.problem], "text"), err=True)
    raise typer.Exit(code)


def configuration(path: Path) -> Config:
    """The configuration; else its problems, each at its line, and exit 2."""
    config, problems = load_located_config(path)
    if config is None:
        typer.echo(render(problems, "text"), err=True)
        raise typer.Exit(2)
    return config


def sources(config: Config, paths: list[Path] | None) -> list[Path]:
    chosen = paths or config.sources
    missing = [p for p in chosen if not p.exists()]
    if missing:
        refuse(ProblemError(rules.NO_SUCH_PATH.at(str(missing[0]), path=", ".join(map(str, missing)))))
    return chosen


def harvested(config: Config) -> list[Path]:
    """The last good harvest of each configured source (a one-off URL harvest stays out)."""
    return harvested_files(config.build_dir / "harvest", [source.id for source in config.harvest])


def build_folder(config: Config, given: Path | None) -> Path:
    return given or config.build_dir


def existing_file(path: Path) -> Path:
    if not path.is_file():
        refuse(ProblemError(rules.NOT_BUILT.at(str(path), path=path)))
    return path

"""`catalogue.yaml` read for people: a configuration that does not fit is reported problem by problem,
each at its line, in French and English, with the allowed fields or values (as producer files are)."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from harvester.config import Config, load_config
from harvester.core.problems import Problem, ProblemError
from harvester.sources.model_problems import problems_from_validation_error
from harvester.sources.yaml_document import read_yaml


def load_located_config(path: Path) -> tuple[Config | None, list[Problem]]:
    """The configuration, or the problems that stop it (located when the file parses)."""
    try:
        return load_config(path), []
    except ProblemError as error:
        cause = error.__cause__
        if not isinstance(cause, ValidationError):
            return None, [error.problem]
        try:
            document = read_yaml(path)
        except ProblemError:
            return None, [error.problem]
        return None, problems_from_validation_error(cause, document, root=Config)

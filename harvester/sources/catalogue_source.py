"""Read every producer file under the source folders into checked models, with their problems."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from harvester.core.paths import FieldPath, dotted
from harvester.core.problems import Problem, ProblemError
from harvester.core.rules import model as rules
from harvester.core.rules.base import Message
from harvester.model.codelist import CodeList
from harvester.model.collection import Collection
from harvester.model.dataset import Dataset
from harvester.model.file import CatalogueFile
from harvester.model.use import Use
from harvester.sources.model_problems import problems_from_validation_error
from harvester.sources.salvage import salvage
from harvester.sources.yaml_document import YamlDocument, parse_yaml, read_yaml

YAML_SUFFIXES = (".yaml", ".yml")


@dataclass
class SourceFile:
    path: Path
    document: YamlDocument
    content: CatalogueFile
    salvaged: bool = False  # what remains of a file that does not validate: checked, never published

    @property
    def display(self) -> str:
        return str(self.document.path)

    def problem(self, loc: FieldPath, message: Message, **values: Any) -> Problem:
        """The message, located on the field `loc` of this file."""
        line, column = self.document.locate(loc)
        return message.at(
            self.display, line=line, column=column, field=dotted(self.document.original(loc)), **values
        )


@dataclass
class LoadedCatalogue:
    files: list[SourceFile] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def collections(self) -> Iterator[tuple[SourceFile, Collection]]:
        for source in self.files:
            if source.content.collection is not None:
                yield source, source.content.collection

    def datasets(self) -> Iterator[tuple[SourceFile, Dataset]]:
        for source in self.files:
            if source.content.dataset is not None:
                yield source, source.content.dataset

    def uses(self) -> Iterator[tuple[SourceFile, Use]]:
        for source in self.files:
            if source.content.use is not None:
                yield source, source.content.use

    def codelists(self) -> Iterator[tuple[SourceFile, int, CodeList]]:
        for source in self.files:
            for index, codelist in enumerate(source.content.codelists):
                yield source, index, codelist


def find_source_files(paths: Iterable[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(p for p in sorted(path.rglob("*")) if p.suffix in YAML_SUFFIXES and p.is_file())
        else:
            found.append(path)
    return found


def display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def load_file(path: Path) -> tuple[SourceFile | None, list[Problem]]:
    try:
        document = read_yaml(path, display_path(path))
    except ProblemError as error:
        return None, [error.problem]
    return load_document(path, document)


def load_text(text: str, display: str) -> tuple[SourceFile | None, list[Problem]]:
    """A producer file's text (a draft not written yet), its problems named after `display`."""
    try:
        document = parse_yaml(text, Path(display))
    except ProblemError as error:
        return None, [error.problem]
    return load_document(Path(display), document)


def load_document(path: Path, document: YamlDocument) -> tuple[SourceFile | None, list[Problem]]:
    if not isinstance(document.data, dict):
        line, column = document.locate(())
        not_a_mapping = rules.MODEL.problem(
            "dict_type", str(document.path), rules.NOT_A_MAPPING, line=line, column=column
        )
        return None, [not_a_mapping]
    try:
        content = CatalogueFile.model_validate(document.data)
    except ValidationError as error:
        problems = problems_from_validation_error(error, document)
        salvaged = salvage(document, error)
        if salvaged is None:
            return None, problems
        return SourceFile(path, salvaged[1], salvaged[0], salvaged=True), problems
    return SourceFile(path, document, content), []


def load_catalogue(paths: Iterable[Path]) -> LoadedCatalogue:
    """Every file is read even when others fail; invalid files are reported and left out."""
    loaded = LoadedCatalogue()
    for path in find_source_files(paths):
        source, problems = load_file(path)
        loaded.problems.extend(problems)
        if source is not None:
            loaded.files.append(source)
    return loaded

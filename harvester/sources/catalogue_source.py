"""Read every producer file under the source folders into checked models, with their problems."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from harvester.core.paths import FieldPath, dotted
from harvester.core.problems import Problem
from harvester.model.codelist import CodeList
from harvester.model.collection import Collection
from harvester.model.dataset import Dataset
from harvester.model.file import CatalogueFile
from harvester.sources.model_problems import problems_from_validation_error
from harvester.sources.yaml_document import YamlDocument, YamlReadError, read_yaml

YAML_SUFFIXES = (".yaml", ".yml")


@dataclass
class SourceFile:
    path: Path
    document: YamlDocument
    content: CatalogueFile

    @property
    def display(self) -> str:
        return str(self.document.path)

    def problem(self, loc: FieldPath, rule: str, fr: str, en: str, **kwargs: object) -> Problem:
        line, column = self.document.locate(loc)
        field_path = dotted(loc)
        return Problem(self.display, line, column, field_path, rule, fr, en, **kwargs)  # type: ignore[arg-type]


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
    except YamlReadError as error:
        return None, [error.problem]
    if not isinstance(document.data, dict):
        line, column = document.locate(())
        return None, [
            Problem(
                str(document.path),
                line,
                column,
                "",
                "model:dict_type",
                "Le fichier doit contenir un objet avec « dataset » et/ou « codelists ».",
                "The file must hold a mapping with 'dataset' and/or 'codelists'.",
            )
        ]
    try:
        content = CatalogueFile.model_validate(document.data)
    except ValidationError as error:
        return None, problems_from_validation_error(error, document)
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

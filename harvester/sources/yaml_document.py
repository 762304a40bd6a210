"""Read a producer's YAML file into plain data plus the line and column of every field.

PyYAML's C loader builds the node tree (fast, and the nodes keep their marks); we walk it once
to record positions, catch duplicate keys (which PyYAML silently overwrites) and bound the
expanded size of the document (aliases can make a small file enormous).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from harvester.core.paths import FieldPath
from harvester.core.problems import Problem
from harvester.sources.yaml_syntax import explain

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_EXPANDED_NODES = 2_000_000
MAX_DEPTH = 64

Location = tuple[int | None, int | None]


@dataclass
class YamlDocument:
    path: Path
    data: Any
    positions: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)

    def locate(self, loc: Sequence[str | int]) -> Location:
        """Line and column (1-based) of the deepest existing prefix of a field path."""
        path = tuple(loc)
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return self.positions.get((), (1, 1))


class YamlReadError(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message_en)
        self.problem = problem


def _problem(path: Path, line: int | None, column: int | None, rule: str, fr: str, en: str) -> Problem:
    return Problem(str(path), line, column, "", rule, fr, en)


def _position(mark: yaml.Mark) -> tuple[int, int]:
    """PyYAML marks count from 0; producers' editors count from 1."""
    return mark.line + 1, mark.column + 1


def _problem_at(path: Path, mark: yaml.Mark, rule: str, fr: str, en: str) -> Problem:
    return _problem(path, *_position(mark), rule, fr, en)


def read_yaml(path: Path, display: str | None = None) -> YamlDocument:
    """Parse one file; raise `YamlReadError` with a located `Problem` when it cannot be read."""
    shown = Path(display) if display else path
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise YamlReadError(
                _problem(
                    shown,
                    1,
                    1,
                    "file-too-large",
                    f"Fichier de {size / 1e6:.1f} Mo : au-delà de {MAX_FILE_BYTES // 2**20} Mo. "
                    "Mettez les longues listes de codes dans un fichier CSV.",
                    f"File of {size / 1e6:.1f} MB exceeds {MAX_FILE_BYTES // 2**20} MB. "
                    "Put long code lists in a CSV file.",
                )
            )
        raw = path.read_bytes()
    except OSError as error:
        raise YamlReadError(
            _problem(
                shown, None, None, "unreadable", f"Lecture impossible : {error}", f"Cannot read: {error}"
            )
        ) from error
    text = _decode(shown, raw)
    loader = yaml.CSafeLoader(text)
    try:
        node = loader.get_single_node()
        document = YamlDocument(shown, None)
        if node is not None:
            _Walker(document).walk(node, (), 0)
            document.positions[()] = _position(node.start_mark)
            document.data = _construct(loader, node, shown)
    except yaml.MarkedYAMLError as error:
        explanation = explain(error, text)
        line, column = _position(explanation.mark) if explanation.mark else (None, None)
        raise YamlReadError(
            _problem(shown, line, column, "yaml-syntax", explanation.message_fr, explanation.message_en)
        ) from error
    except (yaml.YAMLError, RecursionError) as error:
        raise YamlReadError(
            _problem(
                shown, None, None, "yaml-syntax", f"YAML illisible : {error}", f"Unreadable YAML: {error}"
            )
        ) from error
    finally:
        loader.dispose()
    return document


def _construct(loader: yaml.CSafeLoader, node: yaml.Node, path: Path) -> Any:
    """Python values of the document; a value YAML cannot build (2023-02-30) becomes a located problem."""
    try:
        return loader.construct_document(node)
    except ValueError as error:
        bad = _first_unbuildable_scalar(node)
        if bad is None:
            raise YamlReadError(
                _problem(
                    path, None, None, "invalid-value", f"Valeur invalide : {error}", f"Invalid value: {error}"
                )
            ) from error
        raise YamlReadError(
            _problem_at(
                path,
                bad.start_mark,
                "invalid-date",
                f"Date « {bad.value} » invalide ({error}) : format AAAA-MM-JJ d’une date qui existe.",
                f"Invalid date '{bad.value}' ({error}): expected YYYY-MM-DD of a real day.",
            )
        ) from error


def _first_unbuildable_scalar(root: yaml.Node) -> yaml.ScalarNode | None:
    """The first timestamp scalar PyYAML cannot turn into a date (the only scalars it can refuse)."""
    builder = yaml.SafeLoader("")
    todo, seen = [root], set()
    while todo:
        node = todo.pop(0)
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:timestamp":
            try:
                builder.construct_yaml_timestamp(node)
            except ValueError:
                return node
        elif isinstance(node, yaml.MappingNode):
            todo.extend(value for pair in node.value for value in pair)
        elif isinstance(node, yaml.SequenceNode):
            todo.extend(node.value)
    return None


def _decode(path: Path, raw: bytes) -> str:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise YamlReadError(
            _problem(
                path,
                line,
                column,
                "encoding",
                f"Octet {raw[error.start]:#04x} invalide en UTF-8 : enregistrez le fichier en UTF-8.",
                f"Byte {raw[error.start]:#04x} is not valid UTF-8: save the file as UTF-8.",
            )
        ) from error
    for index, char in enumerate(text):
        # C1 controls come from Windows-1252 text decoded as Latin-1 (’ stored as U+0092).
        if "\x80" <= char <= "\x9f":
            line = text.count("\n", 0, index) + 1
            column = index - (text.rfind("\n", 0, index) + 1) + 1
            raise YamlReadError(
                _problem(
                    path,
                    line,
                    column,
                    "mis-encoded-text",
                    f"Caractère de contrôle U+{ord(char):04X} : texte mal encodé (Windows-1252 lu "
                    "comme Latin-1 ?). Remplacez-le par le bon caractère (’, –, œ…).",
                    f"Control character U+{ord(char):04X}: mis-encoded text (Windows-1252 read as "
                    "Latin-1?). Replace it with the intended character (’, –, œ…).",
                )
            )
    return text


class _Walker:
    """Records positions and rejects duplicate keys, over-deep or over-expanded documents."""

    def __init__(self, document: YamlDocument) -> None:
        self.document = document
        self.visited = 0

    def walk(self, node: yaml.Node, path: FieldPath, depth: int) -> None:
        self.visited += 1
        if self.visited > MAX_EXPANDED_NODES or depth > MAX_DEPTH:
            raise YamlReadError(
                _problem_at(
                    self.document.path,
                    node.start_mark,
                    "too-complex",
                    f"Document trop profond ou trop volumineux une fois les alias développés "
                    f"(profondeur max. {MAX_DEPTH}, {MAX_EXPANDED_NODES:,} nœuds).",
                    f"Document too deep or too large once aliases are expanded "
                    f"(max depth {MAX_DEPTH}, {MAX_EXPANDED_NODES:,} nodes).",
                )
            )
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key_node, value_node in node.value:
                key = str(key_node.value)
                if key in seen:
                    raise YamlReadError(
                        _problem_at(
                            self.document.path,
                            key_node.start_mark,
                            "duplicate-key",
                            f"Clé « {key} » en double (déjà ligne {seen[key]}).",
                            f"Duplicate key '{key}' (already on line {seen[key]}).",
                        )
                    )
                seen[key] = key_node.start_mark.line + 1
                child = (*path, key)
                self.document.positions[child] = _position(key_node.start_mark)
                self.walk(value_node, child, depth + 1)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                child = (*path, index)
                self.document.positions[child] = _position(item.start_mark)
                self.walk(item, child, depth + 1)

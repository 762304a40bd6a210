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
from harvester.core.problems import ProblemError
from harvester.core.rules import files
from harvester.core.rules.base import Message
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

    def original(self, loc: FieldPath) -> FieldPath:
        """Where `loc` is in the producer's file (a salvaged document maps shifted positions back)."""
        return loc

    def locate(self, loc: Sequence[str | int]) -> Location:
        """Line and column (1-based) of the deepest existing prefix of a field path."""
        path = self.original(tuple(loc))
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return self.positions.get((), (1, 1))


def _position(mark: yaml.Mark) -> tuple[int, int]:
    """PyYAML marks count from 0; producers' editors count from 1."""
    return mark.line + 1, mark.column + 1


def _error_at(path: Path, mark: yaml.Mark, message: Message, **values: Any) -> ProblemError:
    line, column = _position(mark)
    return ProblemError(message.at(str(path), line=line, column=column, **values))


def read_yaml(path: Path, display: str | None = None) -> YamlDocument:
    """Parse one file; raise `ProblemError` with a located `Problem` when it cannot be read."""
    shown = Path(display) if display else path
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ProblemError(
                files.FILE_TOO_LARGE.at(
                    str(shown), line=1, column=1, megabytes=size / 1e6, limit=MAX_FILE_BYTES // 2**20
                )
            )
        raw = path.read_bytes()
    except OSError as error:
        raise ProblemError(files.UNREADABLE.at(str(shown), error=error)) from error
    return parse_yaml(_decode(shown, raw), shown)


def parse_yaml(text: str, shown: Path) -> YamlDocument:
    """Parse a producer's YAML text (named `shown` in problems); raise `ProblemError` when it cannot be read."""
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
        problem = explanation.message.at(str(shown), line=line, column=column, **explanation.values)
        raise ProblemError(problem) from error
    except (yaml.YAMLError, RecursionError) as error:
        raise ProblemError(files.YAML_UNREADABLE.at(str(shown), error=error)) from error
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
            raise ProblemError(files.INVALID_VALUE.at(str(path), error=error)) from error
        raise _error_at(path, bad.start_mark, files.INVALID_DATE, value=bad.value, error=error) from error


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
        problem = files.ENCODING.at(str(path), line=line, column=column, byte=raw[error.start])
        raise ProblemError(problem) from error
    for index, char in enumerate(text):
        # C1 controls come from Windows-1252 text decoded as Latin-1 (’ stored as U+0092).
        if "\x80" <= char <= "\x9f":
            line = text.count("\n", 0, index) + 1
            column = index - (text.rfind("\n", 0, index) + 1) + 1
            raise ProblemError(files.MIS_ENCODED_TEXT.at(str(path), line=line, column=column, code=ord(char)))
    return text


class _Walker:
    """Records positions and rejects duplicate keys, over-deep or over-expanded documents."""

    def __init__(self, document: YamlDocument) -> None:
        self.document = document
        self.visited = 0

    def walk(self, node: yaml.Node, path: FieldPath, depth: int) -> None:
        self.visited += 1
        if self.visited > MAX_EXPANDED_NODES or depth > MAX_DEPTH:
            raise _error_at(
                self.document.path,
                node.start_mark,
                files.TOO_COMPLEX,
                depth=MAX_DEPTH,
                nodes=MAX_EXPANDED_NODES,
            )
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key_node, value_node in node.value:
                key = str(key_node.value)
                if key in seen:
                    raise _error_at(
                        self.document.path,
                        key_node.start_mark,
                        files.DUPLICATE_KEY,
                        key=key,
                        first_line=seen[key],
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

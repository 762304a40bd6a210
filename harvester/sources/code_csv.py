"""The codes of a code list: inline in the YAML, or streamed from its CSV (hundreds of thousands of rows)."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

from harvester.core.problems import Problem
from harvester.core.rules import catalogue as rules
from harvester.core.rules.base import Message
from harvester.core.suggest import suggestion
from harvester.model.codelist import CodeFile, CodeList, CodeRow
from harvester.sources.catalogue_source import SourceFile

Locate = Callable[..., Problem]  # a message and its values → the problem, where the code is written


def code_rows(
    codelist: CodeList, index: int, source: SourceFile, problems: list[Problem]
) -> Iterator[CodeRow]:
    """Every code of the list. Empty and duplicate codes are warnings and the rest still flows; a
    broken CSV stops the codes there: an unreadable file is located on its YAML field, a broken
    header or row in the CSV itself. Once all have come, a parent code (broader) that is not in the
    list is an error where it is written."""
    seen: set[str] = set()
    children: list[tuple[CodeRow, Locate]] = []
    for row, locate in _located_rows(codelist, index, source, problems):
        seen.add(row.code)
        if row.broader:
            children.append((row, locate))
        yield row
    for row, locate in children:
        if row.broader not in seen:
            said = suggestion(row.broader or "", seen)
            problems.append(locate(rules.BROADER_UNKNOWN, code=row.code, broader=row.broader, **said))


def _located_rows(
    codelist: CodeList, index: int, source: SourceFile, problems: list[Problem]
) -> Iterator[tuple[CodeRow, Locate]]:
    if codelist.codes is not None:
        for position, code in enumerate(codelist.codes):
            row = CodeRow((code.code,), code.code, code.label.fr, code.label.en, code.broader)
            yield row, partial(source.problem, ("codelists", index, "codes", position, "broader"))
    elif codelist.file is not None:
        yield from _csv_rows(codelist.file, ("codelists", index, "file", "path"), source, problems)


def _csv_rows(
    spec: CodeFile, loc: tuple[str | int, ...], source: SourceFile, problems: list[Problem]
) -> Iterator[tuple[CodeRow, Locate]]:
    path = source.path.parent / spec.path
    shown = str(Path(source.display).parent / spec.path)
    try:
        stream = path.open(encoding=spec.encoding, newline="")
    except (OSError, LookupError) as error:
        reason = error.strerror if isinstance(error, OSError) else str(error)
        problems.append(source.problem(loc, rules.CODE_FILE_UNREADABLE, path=spec.path, reason=reason))
        return
    with stream:
        reader = csv.DictReader(stream, delimiter=spec.delimiter)
        header = reader.fieldnames or []
        key_columns = spec.key_columns or [spec.code_column]
        wanted = [
            spec.code_column,
            spec.label_column,
            spec.label_en_column,
            spec.broader_column,
            *key_columns,
        ]
        missing = [column for column in wanted if column and column not in header]
        if missing:
            problems.append(
                rules.CODE_COLUMNS_MISSING.at(
                    shown,
                    line=1,
                    column=1,
                    field="header",
                    missing=", ".join(missing),
                    header=", ".join(header),
                )
            )
            return
        seen: dict[tuple[str, ...], int] = {}
        try:
            for record in reader:
                row = reader.line_num
                code = _cell(record, spec.code_column)
                if not code:
                    problems.append(rules.EMPTY_CODE.at(shown, line=row))
                    continue
                key = tuple(_cell(record, column) for column in key_columns)
                if key in seen:
                    problems.append(
                        rules.DUPLICATE_CODE.at(shown, line=row, key=" + ".join(key), first_line=seen[key])
                    )
                    continue
                seen[key] = row
                parsed = CodeRow(
                    key,
                    code,
                    _cell(record, spec.label_column) or None,
                    _cell(record, spec.label_en_column) or None,
                    _cell(record, spec.broader_column) or None,
                )
                yield parsed, partial(_at_line, shown, row, spec.broader_column or "")
        except (csv.Error, UnicodeDecodeError) as error:
            problems.append(rules.CODE_CSV_BROKEN.at(shown, line=reader.line_num, error=error))


def _at_line(source: str, line: int, column: str, message: Message, **values: Any) -> Problem:
    return message.at(source, line=line, field=column, **values)


def _cell(record: dict[str, str], column: str | None) -> str:
    return (record.get(column) or "").strip() if column else ""

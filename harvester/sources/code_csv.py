"""The codes of a code list: inline in the YAML, or streamed from its CSV (hundreds of thousands of rows)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from harvester.core.problems import Problem
from harvester.core.rules import catalogue as rules
from harvester.model.codelist import CodeFile, CodeList, CodeRow
from harvester.sources.catalogue_source import SourceFile


def code_rows(
    codelist: CodeList, index: int, source: SourceFile, problems: list[Problem]
) -> Iterator[CodeRow]:
    """Every code of the list. Empty and duplicate codes are warnings and the rest still flows; a
    broken CSV stops the codes there: an unreadable file is located on its YAML field, a broken
    header or row in the CSV itself."""
    if codelist.codes is not None:
        for code in codelist.codes:
            yield CodeRow((code.code,), code.code, code.label.fr, code.label.en, code.broader)
    elif codelist.file is not None:
        yield from _csv_rows(codelist.file, ("codelists", index, "file", "path"), source, problems)


def _csv_rows(
    spec: CodeFile, loc: tuple[str | int, ...], source: SourceFile, problems: list[Problem]
) -> Iterator[CodeRow]:
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
                yield CodeRow(
                    key,
                    code,
                    _cell(record, spec.label_column) or None,
                    _cell(record, spec.label_en_column) or None,
                    _cell(record, spec.broader_column) or None,
                )
        except (csv.Error, UnicodeDecodeError) as error:
            problems.append(rules.CODE_CSV_BROKEN.at(shown, line=reader.line_num, error=error))


def _cell(record: dict[str, str], column: str | None) -> str:
    return (record.get(column) or "").strip() if column else ""

"""The codes of a code list: inline in the YAML, or streamed from its CSV (hundreds of thousands of rows)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from harvester.core.problems import Problem, Severity
from harvester.model.codelist import CodeFile, CodeList, CodeRow
from harvester.sources.catalogue_source import SourceFile


class CodeFileUnreadable(Exception):
    """The file named in the YAML cannot be opened: the caller locates it on the YAML field."""

    def __init__(self, message_fr: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message_fr = message_fr
        self.message_en = message_en


class CodeFileError(Exception):
    """The CSV itself is broken: the problem points into the CSV."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message_en)
        self.problem = problem


def code_rows(
    codelist: CodeList, index: int, source: SourceFile, problems: list[Problem]
) -> Iterator[CodeRow]:
    """Every code of the list. A broken CSV stops the codes there and is a problem in `problems`:
    an unreadable file on its YAML field, a broken header or row in the CSV itself."""
    if codelist.codes is not None:
        for code in codelist.codes:
            yield CodeRow((code.code,), code.code, code.label.fr, code.label.en, code.broader)
        return
    if codelist.file is None:
        return
    try:
        yield from read_code_file(codelist.file, source.path, source.display, problems)
    except CodeFileUnreadable as error:
        loc = ("codelists", index, "file", "path")
        problems.append(source.problem(loc, "codelist-file", error.message_fr, error.message_en))
    except CodeFileError as error:
        problems.append(error.problem)


def read_code_file(
    spec: CodeFile, yaml_path: Path, display: str, problems: list[Problem]
) -> Iterator[CodeRow]:
    """Yield codes; empty and duplicate codes become warnings in `problems`, the rest still flows."""
    path = yaml_path.parent / spec.path
    shown = str(Path(display).parent / spec.path)
    try:
        stream = path.open(encoding=spec.encoding, newline="")
    except (OSError, LookupError) as error:
        reason = error.strerror if isinstance(error, OSError) else str(error)
        raise CodeFileUnreadable(
            f"Fichier de codes « {spec.path} » illisible : {reason}.",
            f"Cannot read code file '{spec.path}': {reason}.",
        ) from error
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
            raise CodeFileError(
                Problem(
                    shown,
                    1,
                    1,
                    "header",
                    "codelist-columns",
                    f"Colonne(s) absente(s) de l’en-tête : {', '.join(missing)} (en-tête lu : {', '.join(header)}).",
                    f"Column(s) missing from the header: {', '.join(missing)} (header read: {', '.join(header)}).",
                )
            )
        seen: dict[tuple[str, ...], int] = {}
        try:
            for record in reader:
                row = reader.line_num
                code = _cell(record, spec.code_column)
                if not code:
                    problems.append(
                        _warning(
                            shown,
                            row,
                            "codelist-empty-code",
                            "Code vide : ligne ignorée.",
                            "Empty code: row skipped.",
                        )
                    )
                    continue
                key = tuple(_cell(record, column) for column in key_columns)
                if key in seen:
                    shown_key = " + ".join(key)
                    problems.append(
                        _warning(
                            shown,
                            row,
                            "codelist-duplicate-code",
                            f"Code « {shown_key} » en double (déjà ligne {seen[key]}) : seule la première ligne est gardée.",
                            f"Duplicate code '{shown_key}' (already on line {seen[key]}): only the first row is kept.",
                        )
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
            raise CodeFileError(
                Problem(
                    shown,
                    reader.line_num,
                    None,
                    "",
                    "codelist-csv",
                    f"CSV illisible : {error}",
                    f"Unreadable CSV: {error}",
                )
            ) from error


def _cell(record: dict[str, str], column: str | None) -> str:
    return (record.get(column) or "").strip() if column else ""


def _warning(source: str, row: int, rule: str, fr: str, en: str) -> Problem:
    return Problem(source, row, None, "", rule, fr, en, Severity.WARNING)

"""Which model describes a place of a producer's file: for the fields allowed there ("did you mean")
and for what a missing or broken value can be replaced with while the rest of a file is salvaged."""

from __future__ import annotations

import types
from collections.abc import Sequence
from enum import Enum
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from harvester.model.common import LocalizedText
from harvester.model.file import CatalogueFile


def model_at(path: Sequence[str | int], root: type[BaseModel] = CatalogueFile) -> type[BaseModel] | None:
    """The model of the mapping at `path` (list positions skipped), or None when it is no model."""
    current: type[BaseModel] | None = root
    for part in path:
        if current is None:
            return None
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part)
        current = _model_in(field.annotation) if field is not None else None
    return current


def placeholder(model: type[BaseModel], name: str) -> tuple[bool, Any]:
    """(True, a stand-in) for a required text or choice; (False, None) for anything else."""
    field = model.model_fields.get(name)
    if field is None:
        return False, None
    annotation = field.annotation
    if _model_in(annotation) is LocalizedText:
        return True, {"fr": "…"}
    enum = next(
        (a for a in (annotation, *get_args(annotation)) if isinstance(a, type) and issubclass(a, Enum)), None
    )
    if enum is not None:
        return True, next(iter(enum)).value
    return False, None  # names, paths and identifiers are never made up: their item goes instead


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The model class inside an annotation (X | None, list[X], Annotated[X, …])."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if isinstance(annotation, type):
        return None
    if get_origin(annotation) in (Union, types.UnionType, list, tuple, Literal) or get_origin(annotation):
        for argument in get_args(annotation):
            found = _model_in(argument)
            if found is not None:
                return found
    return None

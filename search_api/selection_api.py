"""Join paths, the dossier of a selection and its draft as a use of the register over HTTP: `GET /api/joins`,
`POST /api/selection/report` and `POST /api/selection/project`.

Both read the build's graph through the single reader (`read_catalogue`, once, on first use); the
dossier is the one the site makes (harvester.selection), its problems are problem+json."""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ValidationError
from starlette.concurrency import run_in_threadpool

from harvester.config import AccessBody
from harvester.reader.graph_file import read_catalogue
from harvester.reader.views import Catalogue
from harvester.selection.dossier import Report, SelectionIn
from harvester.selection.joins import KeyGraph, TableRef, path_json
from harvester.selection.project_draft import DraftIn, project_draft
from harvester.selection.report import SelectionProblem, build_report, report_csv
from search_api.accept import preferred
from search_api.problem_json import PROBLEM

SELECTION_PATH = "/api/selection/report"
PROJECT_PATH = "/api/selection/project"
YAML = "application/yaml"
TABLE = r"^[^/]+/[^/]+$"
Body = TypeVar("Body", bound=BaseModel)
From = Annotated[
    str, Query(alias="from", min_length=3, max_length=400, pattern=TABLE, description="DATASET/TABLE")
]
To = Annotated[str, Query(min_length=3, max_length=400, pattern=TABLE, description="DATASET/TABLE")]


@dataclass
class SelectionData:
    """The catalogue's views and key graph of a build, read once when first asked for."""

    graph_file: Path
    bodies: Sequence[AccessBody] = ()
    _loaded: tuple[Catalogue, KeyGraph] | None = field(default=None, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)

    def preload(self) -> None:
        """Read the graph in the background now, so that the first request does not wait for it."""
        threading.Thread(target=self.get, name="selection-data", daemon=True).start()

    def get(self) -> tuple[Catalogue, KeyGraph]:
        with self._lock:
            if self._loaded is None:
                catalogue = read_catalogue(self.graph_file)
                self._loaded = (catalogue, KeyGraph.of(catalogue))
            return self._loaded


def _problem(status: int, title: str, detail: str, **extra: Any) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    return JSONResponse(body, status_code=status, media_type=PROBLEM)


def selection_router(data: SelectionData) -> APIRouter:
    routes = APIRouter()

    @routes.get(
        "/api/joins",
        summary="The shortest path of foreign keys between two tables, across datasets",
        responses={404: {"description": "Unknown table, or no path of keys between the two."}},
    )
    async def joins(from_: From, to: To) -> Any:
        _, graph = await run_in_threadpool(data.get)
        start, end = TableRef.parse(from_), TableRef.parse(to)
        for ref in (start, end):
            if ref not in graph.index:
                return _problem(404, "Not Found", f"table {ref} is not in the catalogue")
        path = graph.path(start, end)
        if path is None:
            return _problem(
                404,
                "Not Found",
                f"no chain of foreign keys joins {start} to {end}: the graph links neither table to the "
                "other, directly or through other tables",
            )
        return path_json(path)

    @routes.post(
        SELECTION_PATH,
        summary="The dossier of a selection of variables (schema dossier/1), as JSON or CSV",
        response_model=Report,
        response_model_by_alias=True,
        responses={
            200: {"content": {"text/csv": {}}},
            422: {"description": "Malformed selection, unknown items, or years outside availability."},
        },
    )
    async def selection_report(request: Request) -> Any:
        selection = await _read(request, SelectionIn, "")
        if isinstance(selection, JSONResponse):
            return selection
        catalogue, graph = await run_in_threadpool(data.get)
        outcome = build_report(catalogue, graph, selection, data.bodies)
        if outcome.report is None:
            return _unprocessable(outcome.problems)
        if "text/csv" in preferred(request.headers.get("accept", ""))[:1]:
            return Response(report_csv(outcome.report), media_type="text/csv; charset=utf-8")
        return JSONResponse(json.loads(outcome.report.model_dump_json(by_alias=True)))

    @routes.post(
        PROJECT_PATH,
        summary="The selection as the draft YAML of a new use of the register (catalogue_src/projects/)",
        responses={
            200: {"content": {YAML: {}}, "description": "The draft, valid for the producer model."},
            422: {
                "description": "Malformed selection or fields, unknown items, or years outside availability."
            },
        },
    )
    async def project(request: Request) -> Any:
        selection = await _read(
            request, DraftIn, ", project?: {id?, kind?, title?, organisation?, email?, ...}"
        )
        if isinstance(selection, JSONResponse):
            return selection
        catalogue, graph = await run_in_threadpool(data.get)
        draft = project_draft(catalogue, graph, selection, data.bodies)
        if draft.yaml is None:
            return _unprocessable(draft.problems)
        disposition = f'attachment; filename="{draft.file_name}"'
        return Response(
            draft.yaml, media_type=f"{YAML}; charset=utf-8", headers={"Content-Disposition": disposition}
        )

    return routes


async def _read(request: Request, model: type[Body], more: str) -> Body | JSONResponse:
    """The request's body as `model`, or a 422 saying the form expected (`more`: fields beyond the
    selection's) with a JSON pointer per problem."""
    try:
        return model.model_validate_json(await request.body())
    except ValidationError as error:
        details = [
            {"pointer": "/" + "/".join(str(p) for p in e["loc"]), "detail": e["msg"]}
            for e in error.errors(include_url=False)
        ]
        return _problem(
            422,
            "Unprocessable Content",
            "the selection is not valid JSON of the form "
            f"{{version: 1, items: [{{dataset, table?, variable?}}], years?: {{from?, to?}}{more}}}",
            errors=details,
        )


def _unprocessable(problems: Sequence[SelectionProblem]) -> JSONResponse:
    return _problem(
        422,
        "Unprocessable Content",
        "; ".join(p.en for p in problems),
        errors=[{"pointer": p.pointer, "detail": p.en, "detail_fr": p.fr} for p in problems],
    )

"""What the API answers, as pydantic models: `/openapi.json` documents every route's response with
these, and `catalogue search --json` prints the same JSON."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _Response(BaseModel):
    model_config = ConfigDict(populate_by_name=True, frozen=True)


class VariableUse(_Response):
    """A variable whose values come from a code list."""

    dataset: str
    table: str
    variable: str
    label: str


class Summary(_Response):
    """A dataset, table, variable, code or use of the register, as a line of a list."""

    type: str = Field(description="dataset, table, variable, code or use.")
    id: str = Field(description="Its IRI (dereferenceable).")
    dataset: str = Field(description="Id of its dataset ('' for a code).")
    table: str = Field(description="Name of its table ('' for a dataset or a code).")
    name: str = Field(description="Dataset id, table name, variable name, the code itself or a use's id.")
    label: str
    code_list: str | None = Field(
        default=None, description="The code list of a code, or that a variable uses."
    )
    datatype: str | None = Field(default=None, description="CSVW datatype of a variable.")
    uses: int | None = Field(
        default=None,
        description="For a dataset, table or variable: how many uses of the register (projects, pilots, "
        "challenges) name it.",
    )
    kind: str | None = Field(default=None, description="For a use: project, pilot or challenge.")
    status: str | None = Field(
        default=None, description="For a use: requested, authorised, running or finished."
    )


class Evidence(_Response):
    """Why a result was found beyond its own words: codes of its lists, its variables, its tables."""

    kind: Literal["codes", "variables", "tables"]
    text: str = Field(description="The reason, in French.")
    text_en: str = Field(description="The reason, in English.")
    code_list: str | None = Field(default=None, description="For codes: the list whose codes match.")
    matched: int = Field(description="How many codes, variables or tables match.")
    names: list[str] = Field(description="The variables using the list, or the matching variables or tables.")


class Hit(Summary):
    snippet: str = Field(description="HTML: the matched words in <b>, everything else escaped.")
    score: float
    used_by: list[VariableUse] | None = Field(
        default=None, description="For a code: variables that take their values from its code list."
    )
    evidence: list[Evidence] = Field(
        default_factory=list, description="Why a dataset, table or variable matches the words."
    )


class SearchResults(_Response):
    total: int
    complete: int = Field(
        description="How many of the results match every word; the others (after them) are the closest: "
        "they match most of the words. complete < total with complete = 0: no result had every word."
    )
    page: int
    size: int
    results: list[Hit]
    facets: dict[str, dict[str, int]] = Field(
        description="Per filter (type, dataset, publisher, kind, status, organisation…), the number of "
        "matching documents per value."
    )


class Years(_Response):
    """Years of availability; null where unknown (open)."""

    from_: int | None = Field(alias="from", serialization_alias="from")
    to: int | None
    missing: list[int]
    ongoing: bool = Field(
        default=False, description="No end declared: `to` is the dataset's last delivered year."
    )


class Detail(Summary):
    label_en: str
    description: str
    publisher: str
    themes: list[str]
    access_rights: str
    health_categories: list[str]
    years: Years


class DatasetDetail(Detail):
    tables: list[Summary]


class TableDetail(Detail):
    variables: list[Detail]


class Code(_Response):
    code: str
    label: str
    id: str


class CodeListPage(_Response):
    id: str
    used_by: list[VariableUse]
    total: int
    page: int
    size: int
    codes: list[Code]


class Health(_Response):
    """Readiness: the backend answers and holds an index this catalogue reads."""

    status: Literal["ready", "unavailable"]
    backend: str
    index: str = Field(description="The alias (cluster) or folder name (embedded) searched.")
    version: str | None = Field(description="The index's schema version; null when there is no index.")
    expected_version: str = Field(description="The schema version this catalogue reads.")
    documents: dict[str, int] = Field(description="Documents per type.")
    message: str = Field(default="", description="What to do when unavailable.")


class ProblemDetails(_Response):
    """An error (RFC 9457, `application/problem+json`): every route answers its errors this way."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str


# Documented on every route: what a client's mistake or an unavailable index looks like.
_PROBLEM = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/ProblemDetails"}}}
ERROR_RESPONSES: dict[int | str, dict[str, object]] = {
    "4XX": {"model": ProblemDetails, "content": _PROBLEM, "description": "The request cannot be answered."},
    503: {
        "model": ProblemDetails,
        "content": _PROBLEM,
        "description": "No index or search engine to answer.",
    },
}

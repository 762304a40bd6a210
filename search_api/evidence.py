"""Evidence from below: a question's words found in codes lift the variables and tables that take
values from those codes' lists, and every hit says why it was found.

Analysts name topics ("aides auditives", "détenus") that the catalogue holds in its nomenclatures: the
codes of a list say "audioprothèse", the variable using the list sits in the table they need. The
lists come from one aggregation over the codes matching every word; the backends then count
documents using those lists as complete matches, with a boost for the lists with most matching codes.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from search_api.backend import Hit, SearchBackend, SearchRequest
from search_api.documents import SearchDocument
from search_api.fresh_cache import fresh_cache
from search_api.query_plan import QueryPlan
from search_api.ranking import EVIDENCE_CODES, MAX_EVIDENCE_LISTS, closest_share, evidence_boosts
from search_api.responses import Evidence, VariableUse

NAMES_SHOWN = 3
_BELOW = {"table", "variable"}  # the types evidence from codes can lift


@dataclass(frozen=True)
class CodeEvidence:
    """The lists whose codes match a query best, and how many of their codes match."""

    matching: dict[str, int] = field(default_factory=dict)  # list → its codes matching
    boosts: dict[str, float] = field(default_factory=dict)  # list → lift of what uses it
    complete: bool = True  # the codes match every word (else most of them)


class EvidenceFinder:
    def __init__(
        self,
        backend: SearchBackend,
        users: Callable[[str], list[VariableUse]],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.backend = backend
        self._users = users  # code list → every variable taking values from it
        self._codes = fresh_cache(self._codes_uncached, maxsize=1024, clock=clock)

    def codes(self, request: SearchRequest) -> CodeEvidence:
        """The evidence worth asking for: none when the request cannot show tables or variables."""
        wanted = set(request.filters.get("type", _BELOW))
        if request.plan.empty or not wanted & _BELOW or "code_list" in request.filters:
            return CodeEvidence()
        return self._codes(request.plan)

    def _codes_uncached(self, plan: QueryPlan) -> CodeEvidence:
        """From the codes matching every word, else those matching most words (BM25 ranks them)."""
        linked = {"type": ("code",), "linked": ("yes",)}
        request = SearchRequest(plan, linked, size=EVIDENCE_CODES, facets=("code_list",), snippets=False)
        page = self.backend.search(request)
        complete = bool(page.hits)
        if not complete and (least := closest_share(plan)):
            page = self.backend.search(replace(request, closest=least))
        best = Counter(hit.document.code_list for hit in page.hits)
        top_score: dict[str, float] = {}
        for hit in page.hits:  # in score order: the first of a list is its best
            top_score.setdefault(hit.document.code_list, hit.score)
        ranked = sorted(best, key=lambda name: (-best[name], -top_score[name]))[:MAX_EVIDENCE_LISTS]
        counts = page.facets.get("code_list", {})
        return CodeEvidence(
            matching={name: counts.get(name, best[name]) for name in ranked},
            boosts=evidence_boosts({name: (best[name], top_score[name]) for name in ranked}),
            complete=complete,
        )

    def explain(
        self, request: SearchRequest, found: CodeEvidence, query: str, hits: list[Hit]
    ) -> dict[str, list[Evidence]]:
        """Hit IRI → why it matches: its lists' matching codes, its matching variables or tables."""
        why: dict[str, list[Evidence]] = defaultdict(list)
        for hit in hits:
            document = hit.document
            for codelist in document.lists:
                if codelist in found.matching:
                    count = found.matching[codelist]
                    why[document.id].append(
                        self._codes_note(document, codelist, count, query, found.complete)
                    )
        for kind, children in (("table", "variable"), ("dataset", "table")):
            parents = [hit.document for hit in hits if hit.document.type == kind]
            if parents and not request.plan.empty:
                for parent, names in self._matching_children(request.plan, parents, children).items():
                    why[parent].append(_children(children, names))
        return why

    def _codes_note(
        self, document: SearchDocument, codelist: str, count: int, query: str, complete: bool
    ) -> Evidence:
        if document.type == "variable":
            names = [document.name]
        else:
            names = sorted(
                use.variable
                for use in self._users(codelist)
                if use.dataset == document.dataset and use.table == document.table
            )
        plural = "s" if count > 1 else ""
        shown = _shown(names)
        noun_fr = "variable" + ("s" if len(names) > 1 else "")
        how_fr, how_en = ("contiennent", "match") if complete else ("contiennent en partie", "partly match")
        return Evidence(
            kind="codes",
            text=f"{count} code{plural} de {codelist} {how_fr} « {query} » → {noun_fr} {shown}",
            text_en=f"{count} code{plural} of {codelist} {how_en} “{query}” → {noun_fr} {shown}",
            code_list=codelist,
            matched=count,
            names=names,
        )

    def _matching_children(
        self, plan: QueryPlan, parents: list[SearchDocument], children: str
    ) -> dict[str, list[str]]:
        """Parent IRI → its children (variables of a table, tables of a dataset) matching every word."""
        datasets = tuple(sorted({parent.dataset for parent in parents}))
        filters = {"type": (children,), "dataset": datasets}
        request = SearchRequest(plan, filters, size=100, facets=(), snippets=False)

        def parent_of(document: SearchDocument) -> tuple[str, str]:
            return document.dataset, document.table if children == "variable" else ""

        found: dict[tuple[str, str], list[str]] = defaultdict(list)
        for hit in self.backend.search(request).hits:
            found[parent_of(hit.document)].append(hit.document.name)
        return {parent.id: found[parent_of(parent)] for parent in parents if found.get(parent_of(parent))}


def _children(kind: str, names: list[str]) -> Evidence:
    plural = f"{kind}s"  # variables, tables: the same word in both languages
    return Evidence(
        kind="variables" if kind == "variable" else "tables",
        text=f"{plural.capitalize()} correspondantes : {_shown(names)}",
        text_en=f"Matching {plural}: {_shown(names)}",
        matched=len(names),
        names=names,
    )


def _shown(names: list[str]) -> str:
    return ", ".join(names[:NAMES_SHOWN]) + (" …" if len(names) > NAMES_SHOWN else "")

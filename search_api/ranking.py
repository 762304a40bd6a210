"""One ranking policy for every backend: which fields count how much, and which types come first by
the shape of the query.

A query typed like a code (E11, I693, A10BA02, a CIP or FINESS number, a CCAM act) looks for codes;
any other query describes something, and its answers are datasets, tables and variables before
codes. Codes share the text fields of the others (BM25 normalises a field's lengths over every
document: a field of codes alone would weigh differently on each engine), so the policy is a
constant lift of the types wanted, on top of the text's relevance.
"""

from __future__ import annotations

import math
import re
from typing import Literal

from search_api.query_plan import QueryPlan

Shape = Literal["code", "descriptive"]

PREFIX_FIELDS = ("name_prefix", "label_prefix")  # what autocomplete matches the typed prefix on
EXACT_BOOST = 20.0  # the query is a document's name, as typed
PHRASE_BOOST = 5.0  # the words together in a label rank above the same words scattered
# Per shape, the lift of each type. Descriptive: datasets, tables and variables above codes (a code's
# short label scores high on the rare words of a topic: 40–120 where a variable scores 20–60), datasets,
# then tables first at equal relevance; a code query: codes first.
STRUCTURE_FIRST = 100.0
TYPE_BOOSTS: dict[Shape, dict[str, float]] = {
    "descriptive": {
        "dataset": STRUCTURE_FIRST + 3.0,
        "table": STRUCTURE_FIRST + 2.0,
        "variable": STRUCTURE_FIRST,
        "use": STRUCTURE_FIRST,  # a project of the register: what these data were used for
    },
    "code": {"code": STRUCTURE_FIRST},
}
# Autocomplete ranks by what is typed, datasets and tables first.
SUGGEST_BOOSTS = {"dataset": 3.0, "table": 2.0}
# A table or variable whose code lists hold codes matching the words is lifted by a share of its best
# code's score (the engine's own scale), less for a list with fewer of the best codes; a document
# using several such lists takes the best lift (dis-max), not their sum. A table is lifted as much as
# its variable, so that it comes first (TYPE_BOOSTS): analysts asking a topic look for tables.
EVIDENCE_SHARE = 0.5
EVIDENCE_CODES = 50  # the best matching codes whose lists are evidence
MAX_EVIDENCE_LISTS = 8
MIN_SHARE = 0.5  # the closest results match at least this share of the words (synonym groups)

# The text fields, with their weight.
TEXT_WEIGHTS = {
    "name_words": 4.0,
    "label": 3.0,
    "label_en": 1.5,
    "description": 1.0,
    "children": 0.8,  # a table's variables, a dataset's tables
    "access": 0.8,  # a dataset's legal basis, access body, laws, access services
    "context": 0.5,
}
SNIPPET_FIELDS = ("description", "label")  # the first one with a match gives the snippet
FUZZY_FIELDS = ("name_words", "label")  # typos tolerated on longer words there
FUZZY_WEIGHT = 0.3  # a match with edits weighs this share of the word itself
# A word found in fewer documents of those fields may be a typo (the user's, or the catalogue's own:
# 'beneficaires' is in one SNDS label): it is matched with edits as well; a common word is not.
TYPO_MAX_DOCUMENTS = 5

# Code-shaped words: a letter and digits (CIM-10 E11, I693; ATC A10BA02; GHM 05M09T), digits only of
# three or more (CIP, FINESS, UCD), four letters and three digits (CCAM HHFA016).
_CODE_SHAPED = re.compile(
    r"^(?:[A-Za-z]\d{2}[\dA-Za-z.]*|\d{2}[A-Za-z]\d{2,3}[A-Za-z]?|\d{3,}|[A-Za-z]{4}\d{3})$"
)


def shape_of(plan: QueryPlan) -> Shape:
    """A query of one or two words, each shaped like a code, looks for codes."""
    words = plan.words
    if 1 <= len(words) <= 2 and all(_CODE_SHAPED.match(word) for word in words):
        return "code"
    return "descriptive"


def type_boosts(plan: QueryPlan) -> dict[str, float]:
    """The lift of each type for this query, by its shape."""
    return TYPE_BOOSTS[shape_of(plan)]


def closest_share(plan: QueryPlan) -> int:
    """How many of the plan's groups a closest result must match; 0 for a plan of fewer than two."""
    count = len(plan.groups)
    return max(1, math.ceil(count * MIN_SHARE)) if count >= 2 else 0


def evidence_boosts(best: dict[str, tuple[int, float]]) -> dict[str, float]:
    """List → lift, from (how many of the best codes are in the list, its best code's score)."""
    most = max((count for count, _ in best.values()), default=0)
    return {
        name: round(EVIDENCE_SHARE * score * math.sqrt(count / most), 3)
        for name, (count, score) in best.items()
    }

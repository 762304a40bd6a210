"""From what a user typed to what every backend searches: words, synonym groups, exact name, prefix.

User text never reaches an engine's query parser: it is cut into words here, so Lucene or Tantivy
syntax (`*`, `~`, `:`, `(`, `"`, `/`) cannot cause errors or costly queries. Both backends build their
native queries from the same plan, so they agree on synonyms and on what must match.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from harvester.core import resources

SYNONYMS_FILE = resources.ontology("search", "synonyms.txt")
MAX_QUERY_CHARS = 200
MAX_WORDS = 12
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*|\d+", re.UNICODE)
# Upper-case runs stay whole (T_MCOaaB → T MCO aa B: the year placeholder apart); one capital starts a
# camel-case word (topCvIC → top Cv IC).
_IDENTIFIER_PART = re.compile(r"[A-Z]{2,}+|[A-Z][a-z]*|[a-z]+|\d+")


class QueryError(ValueError):
    """A query the API answers with 400: too long, and what to do instead."""


@dataclass(frozen=True)
class QueryPlan:
    # Each group must match; a group matches when any of its alternatives does. An alternative is a
    # phrase (a tuple of words): "avc" → ("avc",) or ("accident", "vasculaire", "cérébral").
    groups: tuple[tuple[tuple[str, ...], ...], ...]
    exact: str  # the query as one identifier, for the exact-name boost: "ben nir psa" → "ben_nir_psa"
    words: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not self.groups


def may_be_typo(group: tuple[tuple[str, ...], ...]) -> bool:
    """Whether a group's word may be misspelt, and so matched with edits too: a word the user typed
    outside the synonym vocabulary. A group of alternatives comes from that vocabulary, spelt as the
    catalogue spells it: matching its rare members (an English synonym in a French index) with edits
    found nothing better and cost a scan of the whole term dictionary per field."""
    return len(group) == 1


def fold(text: str) -> str:
    """Lower case without accents: how names and synonyms are compared."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def identifier_words(name: str) -> str:
    """BEN_NIR_PSA → "BEN NIR PSA", topCvIC_aig → "top Cv IC aig": names searchable word by word."""
    return " ".join(
        part for chunk in re.split(r"[_\-.\s]+", name) for part in _IDENTIFIER_PART.findall(chunk)
    )


def plan(text: str) -> QueryPlan:
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is {len(text)} characters long; at most {MAX_QUERY_CHARS} are accepted")
    words = tuple(_words(text))[:MAX_WORDS]
    groups = _groups(words)
    exact = "_".join(fold(word) for word in words)
    return QueryPlan(groups, exact, words)


def _words(text: str) -> list[str]:
    """Words of letters and digits; `_` and punctuation separate them (BEN_NIR_PSA → BEN NIR PSA)."""
    words = []
    for match in _WORD.finditer(text):
        # Elision: l’année, d'entrée → année, entrée (the article alone is not searched).
        elided = re.match(r"^(?:[ldjmnstc]|qu)['’](.+)$", match.group(), re.IGNORECASE)
        words.append(elided.group(1) if elided else match.group())
    return words


MAX_SYNONYM_WORDS = 8
# Small words a phrase may have or not ("soins de suite et réadaptation" is "soins de suite et de
# réadaptation"); they never make a key alone.
_LINKING_WORDS = frozenset(
    ("de", "du", "des", "d", "la", "le", "les", "l", "et", "en", "a", "au", "aux", "un", "une", "pour", "par")
)


def synonym_key(words: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """How a phrase is compared with the synonyms: folded, singular, without linking words."""
    key = []
    for word in words:
        folded = fold(word)
        if folded in _LINKING_WORDS:
            continue
        key.append(folded[:-1] if len(folded) > 3 and folded[-1] in "sx" else folded)
    return tuple(key)


def _groups(words: tuple[str, ...]) -> tuple[tuple[tuple[str, ...], ...], ...]:
    """Longest synonym phrase first, left to right; other words are groups of their own."""
    synonyms = synonym_index()
    groups: list[tuple[tuple[str, ...], ...]] = []
    position = 0
    while position < len(words):
        for length in range(min(MAX_SYNONYM_WORDS, len(words) - position), 0, -1):
            phrase = words[position : position + length]
            key = synonym_key(phrase)
            if key and key in synonyms and fold(phrase[-1]) not in _LINKING_WORDS:
                groups.append(synonyms[key])
                position += length
                break
        else:
            groups.append(((words[position],),))
            position += 1
    return tuple(groups)


@cache
def synonym_index(path: Path = SYNONYMS_FILE) -> dict[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """Each member phrase (its synonym key) → every member of its group, as phrases."""
    index: dict[tuple[str, ...], tuple[tuple[str, ...], ...]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        members = tuple(tuple(_WORD.findall(member)) for member in line.split(","))
        members = tuple(member for member in members if member)
        for member in members:
            index[synonym_key(member)] = members
    return index

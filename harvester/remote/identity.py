"""Stable local ids: the same dataset keeps its id (and our IRI) from one harvest to the next.

A dataset is recognised by its dct:identifier first, then by its IRI at the source, against the
previous harvest's state; so a source that changes its IRIs but keeps dct:identifier (or the
reverse) causes no duplicate. A new dataset gets `<source id>--<slug>`; the slug adds a short hash
whenever it is not the identifier verbatim, so two identifiers never meet on one slug.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from harvester.core.problems import Problem
from harvester.core.rules import harvest as rules
from harvester.remote.blank_nodes import is_blank
from harvester.remote.records import Draft
from harvester.remote.state import DatasetEntry

LOCAL_ID = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
MAX_LOCAL_ID = 100
HASH_CHARS = 10


@dataclass(frozen=True)
class Assigned:
    draft: Draft
    local_id: str


@dataclass
class Identities:
    assigned: list[Assigned]
    # Original terms of skipped duplicates, pointing at the local id of the record they duplicate.
    aliases: dict[str, str]
    problems: list[Problem]


def mint_local_id(source_id: str, value: str, *, from_iri: bool) -> str:
    prefix = f"{source_id}--"
    readable = _last_segment(value) if from_iri or _looks_like_url(value) else value
    slug = re.sub(r"[^a-z0-9_.-]+", "-", readable.lower()).strip("-._")
    if slug == value and len(prefix) + len(slug) <= MAX_LOCAL_ID:
        return prefix + slug
    digest = hashlib.sha256(value.encode("utf-8")).hexdigest()[:HASH_CHARS]
    room = MAX_LOCAL_ID - len(prefix) - len(digest) - 1
    slug = slug[:room].rstrip("-._")
    return f"{prefix}{slug}-{digest}" if slug else f"{prefix}{digest}"


def assign_identities(source_id: str, drafts: list[Draft], previous: list[DatasetEntry]) -> Identities:
    by_identifier = {entry.identifier: entry.local_id for entry in previous if entry.identifier}
    by_iri = {entry.iri: entry.local_id for entry in previous if entry.iri}
    result = Identities([], {}, [])
    first_with_key: dict[str, Draft] = {}
    taken: set[str] = set()
    for draft in drafts:
        identifier = draft.identifier()
        key = f"id:{identifier}" if identifier else f"iri:{draft.iri}" if draft.iri else None
        if key is not None and key in first_with_key:
            kept = first_with_key[key]
            result.problems.append(
                rules.DUPLICATE.at(
                    draft.iri or draft.page,
                    field="dct:identifier",
                    kept=kept.iri or kept.page,
                    identifier=identifier or "",
                )
            )
            continue
        candidates: list[str] = []
        if identifier and identifier in by_identifier:
            candidates.append(by_identifier[identifier])
        if draft.iri and draft.iri in by_iri:
            candidates.append(by_iri[draft.iri])
        if identifier:
            candidates.append(mint_local_id(source_id, identifier, from_iri=False))
        elif draft.iri:
            candidates.append(mint_local_id(source_id, draft.iri, from_iri=True))
        else:
            result.problems.append(rules.NO_IDENTITY.at(draft.page, field="dct:identifier"))
            candidates.append(mint_local_id(source_id, f"blank-{_content_key(draft)[:16]}", from_iri=False))
        local_id = next((c for c in candidates if c not in taken), None)
        if local_id is None:  # two identities meeting on one hash: keep both, apart
            local_id = mint_local_id(source_id, f"{candidates[-1]}|{len(taken)}", from_iri=False)
        taken.add(local_id)
        if key is not None:
            first_with_key[key] = draft
        result.assigned.append(Assigned(draft, local_id))
    by_term = {assigned.draft.term: assigned.local_id for assigned in result.assigned}
    for draft in drafts:
        if draft.term not in by_term:
            identifier = draft.identifier()
            key = f"id:{identifier}" if identifier else f"iri:{draft.iri}"
            winner = first_with_key.get(key)
            if winner is not None:
                result.aliases[draft.term] = by_term[winner.term]
    return result


def _content_key(draft: Draft) -> str:
    """What identifies a blank-node dataset without dct:identifier: its description itself."""
    text = "\n".join(
        sorted(
            {
                " ".join("ROOT" if term == draft.term else "_:" if is_blank(term) else term for term in line)
                for line in draft.lines
            }
        )
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _looks_like_url(value: str) -> bool:
    return bool(re.match(r"^[a-z][a-z0-9+.-]*:", value, re.IGNORECASE)) and "/" in value


def _last_segment(value: str) -> str:
    """The readable end of an IRI: `https://x.org/id/dataset/Bee-1` → `Bee-1`."""
    parts = urlsplit(value)
    segments = [s for s in re.split(r"[/#?=&]", f"{parts.path}/{parts.query}/{parts.fragment}") if s]
    return segments[-1] if segments else parts.netloc or value

"""Harvest one remote DCAT catalogue into `out_dir/<source id>/`: the stage's entry point.

Failures cost only what they touch: a page or a record that fails is reported and the rest is
harvested; datasets that were on pages that could not be read keep their last
good version; deletions at the source are propagated only after a harvest that read every page;
and a source that fails entirely leaves its last good harvest untouched.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from harvester.config import HarvestSource
from harvester.core.iris import Iris
from harvester.core.problems import Problem, has_errors
from harvester.core.rules import harvest as rules
from harvester.remote.crawl import Crawl, PageProgress, crawl
from harvester.remote.fetch import Fetcher
from harvester.remote.identity import Identities, assign_identities
from harvester.remote.mapping import mapped, selected
from harvester.remote.render import InvalidRecord, render, stamp
from harvester.remote.state import DatasetEntry, SourceState, load_state, save_state
from harvester.remote.store import SourceFolder
from harvester.remote.text import one_line

__all__ = ["HarvestResult", "PageProgress", "harvest_source"]


@dataclass
class HarvestResult:
    source_id: str
    url: str
    written: int = 0  # datasets harvested this time: their files are up to date
    changed: int = 0  # of which new or modified files
    deleted: int = 0  # deleted at the source, removed here
    kept: int = 0  # kept from the last good harvest (on pages not read, or unreadable now)
    filtered: int = 0  # left out by the source's include/exclude filters
    pages_fetched: int = 0
    pages_failed: int = 0
    triples: int = 0
    complete: bool = False  # every page read, deletions propagated
    failed: bool = False  # nothing usable: the last good harvest is untouched
    local_ids: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems)


def harvest_source(
    source: HarvestSource,
    out_dir: Path,
    base_iri: str,
    now: dt.datetime | None = None,
    *,
    on_page: Callable[[PageProgress], None] | None = None,
) -> HarvestResult:
    """Harvest `source` into `out_dir/<source id>/`: one N-Triples file per dataset, re-minted as
    `{base_iri}/dataset/<local id>`, plus state.json. `now` stamps the harvest (tests pin it).
    While another harvest of the same source runs, nothing is done and the result says so."""
    folder = SourceFolder(out_dir / source.id)
    with folder.locked() as mine:
        if not mine:
            busy = HarvestResult(source.id, str(source.url), failed=True)
            busy.problems.append(
                rules.LOCKED.at(str(source.url), source_id=source.id, lock=str(folder.root / ".lock"))
            )
            return busy
        return _harvest(source, folder, base_iri, _timestamp(now), on_page)


def _harvest(
    source: HarvestSource,
    folder: SourceFolder,
    base_iri: str,
    when: str,
    on_page: Callable[[PageProgress], None] | None,
) -> HarvestResult:
    previous, state_problems = load_state(folder.state)
    result = HarvestResult(source.id, str(source.url), problems=state_problems)
    with Fetcher(source) as fetcher:
        pages = crawl(source, fetcher, on_page)
    result.problems += pages.problems
    result.pages_fetched, result.pages_failed = pages.pages_ok, pages.pages_failed
    if not pages.drafts:
        return _failed(result, folder, previous, pages, when)
    earlier = previous.datasets if previous else []
    drafts, result.filtered = selected(list(pages.drafts.values()), source)
    drafts = [mapped(draft, source, base_iri.rstrip("/")) for draft in drafts]
    identities = assign_identities(source.id, drafts, earlier)
    result.problems += identities.problems
    references = _references(Iris(base_iri.rstrip("/")), identities, earlier, pages)
    written, unreadable = _write_datasets(
        result, folder, source, base_iri, identities, earlier, references, when
    )
    if not written and not (result.filtered and not identities.assigned):  # filtered out is no failure
        return _failed(result, folder, previous, pages, when)
    kept = _settle_previous(result, folder, earlier, written, unreadable, pages)
    entries = sorted([*written, *kept], key=lambda entry: entry.local_id)
    for stray in folder.stray_files({entry.local_id for entry in entries}):
        stray.unlink()
    result.written, result.kept, result.complete = len(written), len(kept), pages.complete
    result.local_ids = [entry.local_id for entry in entries]
    if not pages.complete:
        result.problems.append(rules.INCOMPLETE.at(str(source.url), kept=len(kept)))
    state = SourceState(
        source.id,
        str(source.url),
        when,
        pages.complete,
        pages.pages,
        entries,
        [problem.as_dict() for problem in sorted(result.problems)],
    )
    save_state(folder.state, state)
    folder.last_attempt.unlink(missing_ok=True)
    return result


def _references(
    iris: Iris, identities: Identities, earlier: list[DatasetEntry], pages: Crawl
) -> dict[str, str]:
    """Original terms of this source's datasets → our IRIs, for links between datasets."""
    references: dict[str, str] = {}
    harvested = {assigned.local_id for assigned in identities.assigned}
    for entry in earlier:  # datasets that stay although not read now (pages failed, record broken)
        stays = not pages.complete or entry.iri in pages.broken_iris
        if entry.iri and entry.local_id not in harvested and stays:
            references[f"<{entry.iri}>"] = f"<{iris.dataset(entry.local_id)}>"
    for assigned in identities.assigned:
        references[assigned.draft.term] = f"<{iris.dataset(assigned.local_id)}>"
    for term, local_id in identities.aliases.items():
        references[term] = f"<{iris.dataset(local_id)}>"
    return references


def _write_datasets(
    result: HarvestResult,
    folder: SourceFolder,
    source: HarvestSource,
    base_iri: str,
    identities: Identities,
    earlier: list[DatasetEntry],
    references: dict[str, str],
    when: str,
) -> tuple[list[DatasetEntry], set[str]]:
    """Render and write each dataset; returns their state entries, and the local ids whose
    description is unusable now (their last good file stays)."""
    iris = Iris(base_iri.rstrip("/"))
    written: list[DatasetEntry] = []
    unreadable: set[str] = set()
    prior_by_id = {entry.local_id: entry for entry in earlier}
    for assigned in identities.assigned:
        draft, our_iri = assigned.draft, str(iris.dataset(assigned.local_id))
        try:
            rendered = render(draft, our_iri, references, str(source.url), source.id)
        except InvalidRecord as error:
            result.problems.append(
                rules.RECORD_INVALID.at(
                    draft.iri or draft.page,
                    detail=one_line(error.detail),
                    statement=one_line(error.statement),
                )
            )
            unreadable.add(assigned.local_id)
            continue
        prior = prior_by_id.get(assigned.local_id)
        unchanged = prior is not None and prior.content_hash == rendered.content_hash
        harvested_at = prior.harvested_at if prior is not None and unchanged else when
        # Same content hash and same harvest time: the file on disk already holds these bytes.
        if not (unchanged and folder.dataset_file(assigned.local_id).is_file()):
            folder.write_dataset(assigned.local_id, stamp(rendered, our_iri, harvested_at).text)
            result.changed += 1
        result.triples += rendered.triples + 1  # the harvest time
        entry = DatasetEntry(
            assigned.local_id,
            draft.iri,
            draft.identifier(),
            draft.page,
            rendered.content_hash,
            harvested_at,
            when,
        )
        written.append(entry)
    return written, unreadable


def _settle_previous(
    result: HarvestResult,
    folder: SourceFolder,
    earlier: list[DatasetEntry],
    written: list[DatasetEntry],
    unreadable: set[str],
    pages: Crawl,
) -> list[DatasetEntry]:
    """Delete what the source deleted; keep what we could not see. Returns the entries kept."""
    harvested = {entry.local_id for entry in written}
    kept: list[DatasetEntry] = []
    for entry in earlier:
        if entry.local_id in harvested:
            continue
        # Absent from a complete harvest means deleted; absent from an incomplete one means unknown.
        if pages.complete and entry.local_id not in unreadable and entry.iri not in pages.broken_iris:
            folder.delete_dataset(entry.local_id)
            result.deleted += 1
            result.problems.append(rules.DELETED.at(entry.iri or entry.local_id, local_id=entry.local_id))
        elif folder.dataset_file(entry.local_id).is_file():
            kept.append(entry)
    return kept


def _failed(
    result: HarvestResult, folder: SourceFolder, previous: SourceState | None, pages: Crawl, when: str
) -> HarvestResult:
    """Nothing usable came: leave the last good harvest as it is and say so."""
    if pages.pages_failed == 0 and pages.records_met == 0:
        result.problems.append(rules.NO_DATASETS.at(result.url))
    count = len(previous.datasets) if previous else 0
    last_good = previous.last_good_harvest if previous else None
    kept = (
        rules.NOTHING_KEPT.at(result.url)
        if last_good is None
        else rules.KEPT_LAST_GOOD.at(result.url, when=last_good, count=count)
    )
    result.problems.append(kept)
    result.failed = True
    result.kept = count
    result.local_ids = [entry.local_id for entry in previous.datasets] if previous else []
    folder.record_failure(when, result.problems)
    return result


def _timestamp(now: dt.datetime | None) -> str:
    moment = now or dt.datetime.now(dt.UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

"""Remote JSON-LD contexts, fetched with the harvester's own limits and inlined before parsing.

The RDF parser cannot load remote contexts itself (and must not: it would bypass our timeouts,
size cap and scheme checks), so every `"@context": "https://…"` (and `@import`) is fetched through
the same Fetcher, cached for the harvest, and replaced by the context it names.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from urllib.parse import urljoin

from harvester.remote.fetch import JSONLD_ACCEPT, FetchError, Response

MAX_CONTEXTS = 20  # distinct remote contexts per harvest
MAX_NESTING = 4  # a remote context naming a remote context naming…

Json = object
Fetch = Callable[[str, str], Response]


class ContextError(Exception):
    def __init__(self, url: str, detail: str) -> None:
        super().__init__(detail)
        self.url = url
        self.detail = detail


class RemoteContexts:
    """Inlines remote contexts; one instance per harvest, so each context is fetched once."""

    def __init__(self, fetch: Fetch) -> None:
        self._fetch = fetch
        self._cache: dict[str, Json] = {}

    def inline(self, document: Json, base: str) -> tuple[Json, bool]:
        """The document with every remote context replaced; True when something was replaced."""
        changed = False
        todo: list[Json] = [document]
        # Iterative: documents may nest deeply, contexts do not.
        while todo:
            node = todo.pop()
            if isinstance(node, list):
                todo.extend(node)
            elif isinstance(node, dict):
                if "@context" in node and _has_reference(node["@context"]):
                    node["@context"] = self._context(node["@context"], base, 0)
                    changed = True
                todo.extend(value for key, value in node.items() if key != "@context")
        return document, changed

    def _context(self, value: Json, base: str, nesting: int) -> Json:
        if isinstance(value, str):
            return self._remote(urljoin(base, value), nesting)
        if isinstance(value, list):
            flat: list[Json] = []
            for item in value:
                resolved = self._context(item, base, nesting)
                flat.extend(resolved if isinstance(resolved, list) else [resolved])
            return flat
        if isinstance(value, dict):
            result: dict[str, Json] = {}
            imported = value.get("@import")
            if isinstance(imported, str):
                definitions = self._remote(urljoin(base, imported), nesting)
                if isinstance(definitions, dict):
                    result.update(definitions)  # local definitions override imported ones
            for key, item in value.items():
                if key == "@import":
                    continue
                if isinstance(item, dict) and "@context" in item:  # a scoped context
                    item = {**item, "@context": self._context(item["@context"], base, nesting)}
                result[key] = item
            return result
        return value

    def _remote(self, url: str, nesting: int) -> Json:
        if url in self._cache:
            return self._cache[url]
        if nesting >= MAX_NESTING:
            raise ContextError(url, f"more than {MAX_NESTING} nested remote contexts")
        if len(self._cache) >= MAX_CONTEXTS:
            raise ContextError(url, f"more than {MAX_CONTEXTS} remote contexts")
        try:
            response = self._fetch(url, JSONLD_ACCEPT)
        except FetchError as error:
            raise ContextError(url, error.problem.message_en) from error
        try:
            document = json.loads(response.body)
        except (ValueError, RecursionError) as error:
            raise ContextError(url, f"not JSON ({error})") from error
        if not isinstance(document, dict) or "@context" not in document:
            raise ContextError(url, "no @context member")
        context = self._context(document["@context"], response.url, nesting + 1)
        self._cache[url] = context
        return context


def _has_reference(value: Json) -> bool:
    """Whether a context value names a remote context anywhere (strings, @import, scoped contexts)."""
    todo = [value]
    while todo:
        node = todo.pop()
        if isinstance(node, str):
            return True
        if isinstance(node, list):
            todo.extend(node)
        elif isinstance(node, dict):
            if isinstance(node.get("@import"), str):
                return True
            todo.extend(
                item["@context"] for item in node.values() if isinstance(item, dict) and "@context" in item
            )
    return False

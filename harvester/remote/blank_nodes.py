"""Stable blank node labels for a harvested description.

The same description must give the same file from one harvest to the next (unchanged files are not
rewritten and keep their validation results), and labels must differ from one dataset file to
another (the build may concatenate the files as text). A label is a hash of the dataset IRI, the
path that first reaches the node (in sorted order) and the node's own statements; linear in the
size of the description, unlike full RDF canonicalization, whose worst case is exponential and
could be triggered by a hostile source.
"""

from __future__ import annotations

import hashlib
from collections import deque

Line = tuple[str, str, str]


def is_blank(term: str) -> bool:
    return term.startswith("_:")


def stable_labels(root: str, lines: list[Line]) -> dict[str, str]:
    """A new label for every blank node reachable from `root` (an N-Triples term)."""
    outgoing: dict[str, list[Line]] = {}
    for line in lines:
        outgoing.setdefault(line[0], []).append(line)
    shapes: dict[str, str] = {}

    def shape(node: str) -> str:
        """What a blank node says, other blank nodes left anonymous: tells siblings apart."""
        if node not in shapes:
            statements = sorted(f"{p} {'[]' if is_blank(o) else o}" for _, p, o in outgoing.get(node, ()))
            shapes[node] = hashlib.sha256("\n".join(statements).encode()).hexdigest()
        return shapes[node]

    def order(line: Line) -> tuple[str, str]:
        return line[1], shape(line[2]) if is_blank(line[2]) else line[2]

    labels: dict[str, str] = {}
    used: set[str] = set()
    todo: deque[tuple[str, str]] = deque([(root, root)])
    while todo:
        node, parent = todo.popleft()
        for _, predicate, value in sorted(outgoing.get(node, ()), key=order):
            if not is_blank(value) or value in labels or value == root:
                continue
            # The parent's label stands for the whole path above it: cost stays linear in depth.
            digest = hashlib.sha256(f"{parent}|{predicate}|{shape(value)}".encode()).hexdigest()[:24]
            label, twin = f"_:h{digest}", 1
            while label in used:  # identical siblings: numbered in order
                label, twin = f"_:h{digest}n{twin}", twin + 1
            used.add(label)
            labels[value] = label
            todo.append((value, label))
    return labels

"""Memoising what the index answered, for a bounded time.

`catalogue index` may change the index beside a running server (tantivy readers reload on commit, a
cluster's documents change in place or its alias moves), and nothing tells the server. What it cached from
the previous index (the variables using a code list, the lists a question's codes fall in) must not
outlive that index by more than `FRESH_FOR_S`; within that time a repeated question costs nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from functools import lru_cache
from typing import TypeVar

FRESH_FOR_S = 60.0

Key = TypeVar("Key", bound=Hashable)
Value = TypeVar("Value")


def fresh_cache(
    compute: Callable[[Key], Value],
    maxsize: int,
    fresh_for_s: float = FRESH_FOR_S,
    clock: Callable[[], float] = time.monotonic,
) -> Callable[[Key], Value]:
    """`compute`, remembered for the least recently used `maxsize` keys, each answer at most
    `fresh_for_s` old: answers are kept per period of the clock, and those of past periods are never
    asked for again (the least recently used, they leave first)."""

    @lru_cache(maxsize=maxsize)
    def in_period(key: Key, _period: int) -> Value:
        return compute(key)

    def lookup(key: Key) -> Value:
        return in_period(key, int(clock() // fresh_for_s))

    return lookup

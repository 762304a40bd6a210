"""Repair text that went through a Windows-1252 → Latin-1 mix-up (’ stored as U+0092)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_C1 = re.compile("[\x80-\x9f]")


@dataclass(frozen=True)
class Repair:
    text: str
    repaired: tuple[str, ...]  # "U+0092 → ’" for each distinct character replaced
    unrepairable: tuple[str, ...]  # C1 characters Windows-1252 does not define, or U+FFFD


def repair_text(text: str) -> Repair:
    repaired: set[str] = set()
    unrepairable: set[str] = set()

    def fix(match: re.Match[str]) -> str:
        char = match.group()
        try:
            fixed = bytes([ord(char)]).decode("cp1252")
        except UnicodeDecodeError:
            unrepairable.add(f"U+{ord(char):04X}")
            return char
        repaired.add(f"U+{ord(char):04X} → {fixed}")
        return fixed

    fixed_text = _C1.sub(fix, text)
    if "\ufffd" in fixed_text:
        unrepairable.add("U+FFFD")
    return Repair(fixed_text, tuple(sorted(repaired)), tuple(sorted(unrepairable)))

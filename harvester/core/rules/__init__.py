"""The catalogue of rules: every problem the project reports, with its id, severity, messages and fix.

One module per area (files, model, catalogue, harvest, imports, quality, setup, uses); importing this package loads them
all, so `fix_for` and `all_rules` see every rule.
"""

from __future__ import annotations

from harvester.core.rules import catalogue, files, harvest, imports, model, official, quality, setup, uses
from harvester.core.rules.base import FAMILIES, RULES, Rule, Text

__all__ = [
    "all_rules",
    "catalogue",
    "files",
    "fix_for",
    "harvest",
    "imports",
    "model",
    "official",
    "quality",
    "setup",
    "uses",
]


def all_rules() -> list[Rule]:
    return sorted(RULES.values(), key=lambda rule: rule.id)


def fix_for(rule_id: str) -> Text | None:
    """The one-line fix of a rule, or of the family its id belongs to; None for an unknown id."""
    if rule_id in RULES:
        return RULES[rule_id].fix
    for prefix in sorted(FAMILIES, key=len, reverse=True):
        if rule_id.startswith(prefix):
            return FAMILIES[prefix].fix_for(rule_id[len(prefix) :])
    return None

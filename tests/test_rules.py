"""The catalogue of rules: every problem comes from it, says the same thing in both languages, and
every error tells the producer what to do."""

from __future__ import annotations

import re
from pathlib import Path
from string import Formatter

import pytest

from harvester.core.problems import Severity
from harvester.core.rules import all_rules, fix_for
from harvester.core.rules.base import Rule

ROOT = Path(__file__).resolve().parents[1]


def _fields(template: str) -> set[str]:
    """The values a template fills in; `kind_fr` and `kind_en` are one value, said in each language."""
    names = {name for _, name, _, _ in Formatter().parse(template) if name}
    return {re.sub(r"_(fr|en)$", "", name) for name in names}


@pytest.mark.parametrize("rule", all_rules(), ids=lambda rule: rule.id)
def test_each_message_says_the_same_in_french_and_english(rule: Rule) -> None:
    assert rule.messages, f"{rule.id} has no message"
    for message in rule.messages:
        assert message.text.fr.strip() and message.text.en.strip()
        assert _fields(message.text.fr) == _fields(message.text.en), message.text


def test_every_error_has_a_fix() -> None:
    without = [
        r.id for r in all_rules() for m in r.messages if m.severity is Severity.ERROR and r.fix is None
    ]
    assert without == []


def test_families_give_a_fix_to_ids_they_have_never_seen() -> None:
    assert fix_for("model:some_future_pydantic_error") is not None
    assert fix_for("catalogue:code_list") != fix_for("catalogue:title")
    assert fix_for("harvest-http-418") is not None
    assert fix_for("no-such-rule") is None


def test_problems_are_only_made_by_the_catalogue() -> None:
    """Outside harvester/core, code names a rule's message; it never writes a Problem by hand."""
    made_by_hand = []
    for path in sorted([*(ROOT / "harvester").rglob("*.py"), *(ROOT / "search_api").rglob("*.py")]):
        if "core" in path.relative_to(ROOT).parts:
            continue
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
            if re.search(r"\bProblem\(", line):
                made_by_hand.append(f"{path.relative_to(ROOT)}:{number}")
    assert made_by_hand == []

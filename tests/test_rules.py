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


# Words that give a sentence's language away, looked for outside the values a message quotes.
ENGLISH = re.compile(
    r"\b(the|is|are|should|must|expected|unknown|missing|invalid|field|not|with|without|of)\b"
)
FRENCH = re.compile(
    r"\b(le|la|les|est|sont|doit|attendu|inconnue?|manquant|invalide|valeur|champ|une|des|avec|sans|pas)\b"
)
LIBRARY = (
    "Field required",
    "Extra inputs are not permitted",
    "Input should be",
    "Value error,",
    "should be a valid",
)


def _prose(text: str) -> str:
    """The words of a message, without its placeholders, the values it quotes and identifiers."""
    text = re.sub(r"\{[^}]*\}", " ", text)
    text = re.sub(r"«[^»]*»|'[^']*'|`[^`]*`|\([^)]*\)", " ", text)
    return re.sub(r"\S*[-_:/.]\w\S*", " ", text)  # fk-missing-table, code_list, tests/broken/x.yaml


def _texts() -> list[tuple[str, str, str]]:
    from harvester.core.rules.model import MODEL_TEXTS

    found = [(rule.id, m.text.fr, m.text.en) for rule in all_rules() for m in rule.messages]
    found += [(f"model:{kind}", text.fr, text.en) for kind, text in MODEL_TEXTS.items()]
    found += [(rule.id, rule.fix.fr, rule.fix.en) for rule in all_rules() if rule.fix]
    return found


@pytest.mark.parametrize(("rule", "french", "english"), _texts(), ids=lambda value: str(value)[:40])
def test_each_language_speaks_its_own(rule: str, french: str, english: str) -> None:
    assert not ENGLISH.findall(_prose(french)), f"{rule}: English in the French message: {french}"
    assert not FRENCH.findall(_prose(english)), f"{rule}: French in the English message: {english}"


def test_our_shapes_messages_speak_each_language() -> None:
    from rdflib import Graph
    from rdflib.namespace import SH

    from harvester.core import resources

    shapes = Graph().parse(resources.ontology("shapes", "catalogue.ttl"))
    for constraint in set(shapes.subjects(SH.message, None)):
        said = {m.language: str(m) for m in shapes.objects(constraint, SH.message)}
        assert set(said) == {"fr", "en"}, said
        assert not ENGLISH.findall(_prose(said["fr"])), said
        assert not FRENCH.findall(_prose(said["en"])), said


def test_no_library_wording_reaches_a_producer(config: object) -> None:
    """Every problem of the broken corpus, as the producer reads it."""
    from harvester.pipeline.build import check

    broken = ROOT / "tests" / "broken"
    result = check(config, [broken], None)  # type: ignore[arg-type]
    assert len(result.problems) > 40
    for problem in result.problems:
        assert not any(words in problem.message_en for words in LIBRARY), problem.as_text()
        assert not ENGLISH.findall(_prose(problem.message_fr)), problem.as_text()
        assert not FRENCH.findall(_prose(problem.message_en)), problem.as_text()

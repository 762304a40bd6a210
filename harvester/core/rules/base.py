"""What a rule is: an id, a severity, a fix, and the messages (French and English) its problems say.

A rule is defined once, with everything a producer reads about it; code that finds a problem names
the message and gives the values to fill in:

    DUPLICATE_KEY = Rule("duplicate-key", fix=Text("Gardez…", "Keep…"))
    AGAIN = DUPLICATE_KEY.says("Clé « {key} » en double…", "Duplicate key '{key}'…")
    problem = AGAIN.at("a.yaml", line=4, column=3, key="title", line_before=2)

Rules whose ids are made up as they are found (pydantic's error types, the fields of SHACL shapes)
belong to a `Family`, keyed by the prefix before the colon, with fixes for the suffixes it knows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from string import Formatter
from typing import Any

from harvester.core.problems import Problem, Severity


@dataclass(frozen=True)
class Text:
    """A sentence in French and English; `{name}` fields are filled by `format`."""

    fr: str
    en: str

    def format(self, **values: Any) -> Text:
        return Text(self.fr.format(**values), self.en.format(**values))


RESERVED = {"source", "line", "column", "field"}  # the arguments of `Message.at` itself


@dataclass(frozen=True)
class Message:
    rule: Rule
    text: Text
    severity: Severity

    def at(
        self,
        source: str,
        *,
        line: int | None = None,
        column: int | None = None,
        field: str = "",
        **values: Any,
    ) -> Problem:
        """The problem this message reports in `source` (a file, a URL or a record's IRI)."""
        said = self.text.format(**values)
        return Problem(
            source,
            line,
            column if line is not None else None,
            field,
            self.rule.id,
            said.fr,
            said.en,
            self.severity,
        )


@dataclass(eq=False)
class Rule:
    id: str
    severity: Severity = Severity.ERROR
    fix: Text | None = None  # one line: what to do (the pull-request report shows it)
    messages: list[Message] = field(default_factory=list)

    def __post_init__(self) -> None:
        register(self)

    def says(self, fr: str, en: str, severity: Severity | None = None) -> Message:
        for template in (fr, en):
            taken = RESERVED & {name for _, name, _, _ in Formatter().parse(template) if name}
            if taken:
                raise ValueError(f"rule {self.id}: {sorted(taken)} name where the problem is, not a value")
        message = Message(self, Text(fr, en), severity or self.severity)
        self.messages.append(message)
        return message


@dataclass(eq=False)
class Family:
    """Rules `{prefix}{suffix}` whose suffixes come from elsewhere (a library, the shapes, a server)."""

    prefix: str  # with its separator: "model:", "harvest-http-"
    fix: Text  # for any suffix without its own
    fixes: dict[str, Text] = field(default_factory=dict)  # suffix (or its start) → fix

    def __post_init__(self) -> None:
        register(self)

    def rule_id(self, suffix: str) -> str:
        return f"{self.prefix}{suffix}"

    def fix_for(self, suffix: str) -> Text:
        for start, fix in self.fixes.items():
            if suffix.startswith(start):
                return fix
        return self.fix

    def problem(
        self,
        suffix: str,
        source: str,
        text: Text,
        *,
        line: int | None = None,
        column: int | None = None,
        field: str = "",
        severity: Severity = Severity.ERROR,
    ) -> Problem:
        return Problem(source, line, column, field, self.rule_id(suffix), text.fr, text.en, severity)


RULES: dict[str, Rule] = {}
FAMILIES: dict[str, Family] = {}


def register(entry: Rule | Family) -> None:
    """Ids are unique across the catalogue: a second definition is a programming error."""
    if isinstance(entry, Rule):
        if entry.id in RULES:
            raise ValueError(f"rule {entry.id} is defined twice")
        RULES[entry.id] = entry
    else:
        if entry.prefix in FAMILIES:
            raise ValueError(f"rule family {entry.prefix} is defined twice")
        FAMILIES[entry.prefix] = entry

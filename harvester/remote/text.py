"""Details from servers and parsers, cut to one short line before they go into a problem's message."""

from __future__ import annotations


def one_line(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"

"""mkdocs hooks (registered by site/hooks.py): generated pages get their HTML from here.

A generated page's Markdown holds only its headings (for the table of contents) and placeholders;
the HTML rendered by our templates replaces the placeholders after mkdocs has converted the
Markdown, so producers' text never goes through Markdown extensions a second time.
"""

from __future__ import annotations

import re
from typing import Any

BODIES: dict[str, list[str]] = {}
_PLACEHOLDER = re.compile(r"<!--hdc:(\d+)-->")


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    fragments = BODIES.get(page.file.src_uri)
    if fragments is None:
        return html
    return _PLACEHOLDER.sub(lambda match: fragments[int(match.group(1))], html)

"""The mkdocs plugin that gives generated pages their HTML (registered by `build_site`, not by mkdocs.yml).

A generated page's Markdown holds only its headings (for the table of contents) and placeholders;
the HTML rendered by our templates replaces the placeholders after mkdocs has converted the
Markdown, so producers' text never goes through Markdown extensions a second time.
"""

from __future__ import annotations

import re
from typing import Any

from mkdocs.plugins import BasePlugin

_PLACEHOLDER = re.compile(r"<!--hdc:(\d+)-->")


class PageBodies(BasePlugin):  # type: ignore[type-arg,no-untyped-call]  # mkdocs is untyped here
    def __init__(self) -> None:
        super().__init__()
        self.fragments: dict[str, list[str]] = {}  # page source path → HTML between its placeholders

    def on_page_content(self, html: str, page: Any, config: Any, files: Any) -> str:
        fragments = self.fragments.get(page.file.src_uri)
        if fragments is None:
            return html
        return _PLACEHOLDER.sub(lambda match: fragments[int(match.group(1))], html)

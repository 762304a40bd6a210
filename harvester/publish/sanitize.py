"""Producers' Markdown to safe HTML: rendered by Python-Markdown, then cleaned by nh3 (ammonia).

nh3 keeps an allow-list of tags and attributes: no <script>, no event handlers (on*), no style, and
only http(s) and mailto URLs (javascript: links lose their href).
"""

from __future__ import annotations

from functools import lru_cache

import markdown
import nh3

_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em", "h3", "h4", "h5", "h6",
    "hr", "i", "li", "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead",
    "tr", "ul",
}  # fmt: skip
_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "td": {"align"}, "th": {"align"}}
_SCHEMES = {"http", "https", "mailto"}


@lru_cache(maxsize=4096)
def markdown_html(text: str) -> str:
    """Safe HTML for a Markdown description (headings demoted below the page's own)."""
    if not text.strip():
        return ""
    rendered = markdown.markdown(text, extensions=["tables", "sane_lists"], output_format="html")
    rendered = rendered.replace("<h1>", "<h3>").replace("</h1>", "</h3>")
    rendered = rendered.replace("<h2>", "<h4>").replace("</h2>", "</h4>")
    return clean_html(rendered)


def clean_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )

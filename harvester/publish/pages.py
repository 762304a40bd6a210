"""Pages of the site: our Jinja2 templates (site/templates) render each page's HTML; the Markdown file
mkdocs reads holds a front matter, the section headings and placeholders (see page_bodies)."""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup

from harvester.core import site_urls as urls
from harvester.publish.sanitize import markdown_html
from harvester.publish.use_labels import KINDS, OUTPUTS, STATUSES

_SECTION = re.compile(r'<h2 id="([a-z0-9-]+)">([^<]*)</h2>')


@dataclass
class Page:
    path: str  # directory from the site root, "" for the home page
    template: str
    title: str
    context: dict[str, Any] = field(default_factory=dict)
    head: list[str] = field(default_factory=list)  # extra <head> lines (already safe HTML)
    mermaid: bool = False  # the page loads the vendored Mermaid
    hide: list[str] = field(default_factory=list)  # mkdocs-material sidebars to hide ("toc", "navigation")


def external_link(url: str, text: str | None = None) -> Markup:
    """A link to an outside page, only for http(s) and mailto URLs; any other is shown as text."""
    label = text if text else url
    if urlsplit(url.strip()).scheme.lower() not in ("http", "https", "mailto"):
        return Markup("{}").format(label)
    return Markup('<a href="{}" rel="noopener">{}</a>').format(url.strip(), label)


def environment(templates: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["md"] = lambda text: Markup(markdown_html(text or ""))
    env.filters["anchor"] = urls.variable_anchor
    env.filters["urlsegment"] = urls.segment
    env.globals.update(
        link=external_link,
        dataset_dir=urls.dataset_dir,
        table_url=urls.table_url,
        codelist_dir=urls.codelist_dir,
        use_dir=urls.use_dir,
        use_kinds=KINDS,
        use_statuses=STATUSES,
        use_outputs=OUTPUTS,
    )
    return env


def write_page(env: jinja2.Environment, docs: Path, page: Page, bodies: dict[str, list[str]]) -> None:
    """The page's Markdown into `docs`, its HTML fragments into `bodies` (by source path)."""
    depth = len([part for part in page.path.split("/") if part])
    body = env.get_template(page.template).render(root="../" * depth, **page.context)
    src_uri = f"{page.path}/index.md" if page.path else "index.md"
    fragments: list[str] = []
    markdown: list[str] = []
    position = 0
    for match in _SECTION.finditer(body):
        fragments.append(body[position : match.start()])
        markdown.append(f"<!--hdc:{len(fragments) - 1}-->\n")
        markdown.append(f"## {match.group(2)} {{#{match.group(1)}}}\n")
        position = match.end()
    fragments.append(body[position:])
    markdown.append(f"<!--hdc:{len(fragments) - 1}-->\n")
    bodies[src_uri] = fragments
    front = {"title": html.escape(page.title), "hdc_head": page.head, "hdc_mermaid": page.mermaid}
    if page.hide:
        front["hide"] = page.hide
    target = docs / src_uri
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(f"---\n{json.dumps(front, ensure_ascii=False)}\n---\n\n" + "\n".join(markdown))

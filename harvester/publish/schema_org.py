"""schema.org JSON-LD for a dataset page (`Dataset`) and a use of the register (`ResearchProject`): what
search engines read."""

from __future__ import annotations

import json
import re
from typing import Any

from harvester.reader.views import Catalogue, Dataset, Use

MAX_VARIABLES = 2000
# A use's outputs as schema.org types: articles, code, pages.
_OUTPUT_TYPES = {"publication": "ScholarlyArticle", "code": "SoftwareSourceCode", "results": "WebPage"}


def _plain(markdown_text: str, limit: int = 5000) -> str:
    text = re.sub(r"[*_`#>\[\]]", "", markdown_text)
    return re.sub(r"\s+", " ", text).strip()[:limit]


def dataset_jsonld(dataset: Dataset, catalogue: Catalogue, page_url: str) -> dict[str, Any]:
    licences = sorted(
        {d.licence.iri for d in dataset.distributions if d.licence and d.licence.iri.startswith("http")}
    )
    data: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "@id": dataset.iri,
        "identifier": dataset.id,
        "name": dataset.title or dataset.id,
        "description": _plain(dataset.description or dataset.title or dataset.id),
        "url": page_url,
        "inLanguage": dataset.title_lang or "fr",
        "keywords": dataset.keywords + dataset.keywords_en,
        "isAccessibleForFree": bool(dataset.access_rights and dataset.access_rights.code == "PUBLIC"),
        "includedInDataCatalog": {"@type": "DataCatalog", "name": catalogue.title},
    }
    # A distribution's licence, else the catalogue's (the licence of its metadata).
    licence = licences[0] if licences else catalogue.licence
    if licence:
        data["license"] = licence
    if dataset.title_en and dataset.title_en != dataset.title:
        data["alternateName"] = [dataset.title_en, *([dataset.acronym] if dataset.acronym else [])]
    elif dataset.acronym:
        data["alternateName"] = dataset.acronym
    if dataset.publisher:
        creator: dict[str, Any] = {"@type": "Organization", "name": dataset.publisher.name}
        if dataset.publisher.url:
            creator["url"] = dataset.publisher.url
        data["creator"] = creator
        data["publisher"] = creator
    start, end = dataset.temporal
    data["temporalCoverage"] = f"{start or '..'}/{end or '..'}"
    data["spatialCoverage"] = [{"@type": "Place", "name": s.label} for s in dataset.spatial] or [
        {"@type": "Place", "name": "France"}
    ]
    if dataset.modified:
        data["dateModified"] = dataset.modified
    if dataset.issued:
        data["datePublished"] = dataset.issued
    variables = [v for t in dataset.tables for v in t.variables]
    data["variableMeasured"] = [
        {"@type": "PropertyValue", "name": v.name, "description": v.label or v.name}
        for v in variables[:MAX_VARIABLES]
    ]
    downloads = [d for d in dataset.distributions if d.download_url or d.access_url]
    if downloads:
        data["distribution"] = [
            {
                "@type": "DataDownload",
                "contentUrl": d.download_url or d.access_url,
                **({"encodingFormat": d.media_type} if d.media_type else {}),
            }
            for d in downloads
        ]
    return data


def use_jsonld(use: Use) -> dict[str, Any]:
    """A use as a schema.org ResearchProject (an Organization): its members, period, outputs and the
    datasets it used."""
    data: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "ResearchProject",
        "@id": use.iri,
        "identifier": use.id,
        "name": use.title or use.id,
        "description": _plain(use.summary or use.title or use.id),
        "inLanguage": "fr",
    }
    if use.title_en and use.title_en != use.title:
        data["alternateName"] = use.title_en
    if use.keywords:
        data["keywords"] = use.keywords
    start, end = use.period
    if start:
        data["foundingDate"] = start
    if end:
        data["dissolutionDate"] = end
    data["member"] = [
        {"@type": "Organization", "name": o.name, **({"url": o.url} if o.url else {})}
        for o in use.organisations
    ]
    data["subjectOf"] = [
        {
            "@type": _OUTPUT_TYPES.get(o.kind, "CreativeWork"),
            "name": o.title,
            **({"url": o.url} if o.url else {}),
            **({"identifier": f"https://doi.org/{o.doi}"} if o.doi else {}),
            **({"datePublished": o.issued} if o.issued else {}),
        }
        for o in use.outputs
    ]
    datasets = sorted({item.iri.split("/table/")[0] for item in use.used if item.iri})
    data["knowsAbout"] = [{"@type": "Dataset", "@id": iri} for iri in datasets]
    return data


def script_tag(data: dict[str, Any]) -> str:
    """A <script type="application/ld+json"> that no text inside can close early."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{text}</script>'

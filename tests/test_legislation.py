"""Applicable legislation: the legal texts the catalogue cites are known by title, in French and English
(ontology/vocabularies/legislation.en-fr.ttl), from the vocabulary to the graph, the reader and the site."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml
from rdflib import RDF, SKOS, Graph, Literal, URIRef
from rdflib.term import Node

from harvester.core import site_urls, vocabularies
from harvester.pipeline.build import BuildResult
from harvester.publish.site import SiteResult, build_site
from harvester.reader.graph_file import read_built_graph
from harvester.reader.views import Catalogue

ROOT = Path(__file__).resolve().parents[1]
LEGIFRANCE = "https://www.legifrance.gouv.fr/"
LIL = LEGIFRANCE + "loda/id/JORFTEXT000000886460"
# The Légifrance texts the SNDS datasets cite, and the start of their official titles.
FRENCH_TEXTS = {
    LIL: "Loi n° 78-17 du 6 janvier 1978 relative à l’informatique",
    LEGIFRANCE + "loda/id/JORFTEXT000031912641": "Loi n° 2016-41 du 26 janvier 2016 de modernisation",
    LEGIFRANCE + "loda/id/JORFTEXT000038821260": "Loi n° 2019-774 du 24 juillet 2019 relative à",
    LEGIFRANCE + "jorf/id/JORFTEXT000034265125": "Arrêté du 22 mars 2017 relatif au référentiel de sécurité",
}


def _labels(graph: Graph, iri: Node, predicate: URIRef = SKOS.prefLabel) -> dict[str | None, str]:
    return {v.language: str(v) for v in graph.objects(iri, predicate) if isinstance(v, Literal)}


def _cited() -> set[str]:
    """Every applicable_legislation value written in catalogue_src/."""
    found: set[str] = set()
    for path in sorted((ROOT / "catalogue_src").rglob("*.yaml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        dataset = document.get("dataset") if isinstance(document, dict) else None
        if isinstance(dataset, dict):
            found.update(dataset.get("applicable_legislation") or [])
    return found


def test_every_cited_text_is_in_the_vocabulary_with_french_and_english_titles() -> None:
    terms = vocabularies.terms("legislation")
    graph = vocabularies.vocabulary_graph()
    cited = _cited()
    assert set(FRENCH_TEXTS) <= cited
    known = {str(iri): iri for iri in terms.values()}
    for law in cited:
        iri = terms.get(law) or known.get(law)
        assert iri is not None, f"{law} is not in ontology/vocabularies/legislation.en-fr.ttl"
        assert (iri, RDF.type, vocabularies.ELI_LEGAL_RESOURCE) in graph
        labels = _labels(graph, iri)
        assert labels.get("fr") and labels.get("en"), iri
        assert not labels["fr"].startswith("http") and "JORFTEXT" not in labels["fr"], iri
    for text, title in FRENCH_TEXTS.items():
        assert _labels(graph, URIRef(text))["fr"].startswith(title), text
    assert _labels(graph, URIRef(LIL), SKOS.altLabel)["fr"] == "loi Informatique et Libertés"
    assert _labels(graph, terms["GDPR"], SKOS.altLabel)["fr"] == "RGPD"


def test_short_codes_name_the_same_texts_as_their_iris() -> None:
    terms = vocabularies.terms("legislation")
    assert str(terms["GDPR"]) == "http://data.europa.eu/eli/reg/2016/679/oj"
    assert str(terms["LIL"]) == LIL
    assert {str(iri) for iri in terms.values()} >= set(FRENCH_TEXTS)


@pytest.fixture(scope="module")
def catalogue(demo_build: tuple[BuildResult, Path]) -> Catalogue:
    return read_built_graph(demo_build[1] / "graph.nt").catalogue


def test_the_reader_gives_every_snds_legislation_term_a_title(catalogue: Catalogue) -> None:
    snds = [d for d in catalogue.datasets if d.id.startswith("snds-")]
    assert len(snds) >= 12
    for dataset in snds:
        assert {t.iri for t in dataset.legislation} >= set(FRENCH_TEXTS), dataset.id
        for term in dataset.legislation:
            assert term.label and not term.label.startswith("http"), (dataset.id, term)
            assert "JORFTEXT" not in term.label and term.label != term.code, (dataset.id, term)
            assert term.label_en and term.label_en != term.label, (dataset.id, term)
        titles = {t.iri: t.label for t in dataset.legislation}
        for iri, title in FRENCH_TEXTS.items():
            assert titles[iri].startswith(title), (dataset.id, titles[iri])


def test_the_feed_describes_the_cited_texts_as_legal_resources(demo_build: tuple[BuildResult, Path]) -> None:
    """As for every vocabulary term, the feed carries the text's description: its DCAT-AP class and
    titles (its conformance is checked by test_demo_catalogue)."""
    feed = ox.Store()
    feed.bulk_load(path=str(demo_build[1] / "dcat" / "catalog.nt"), format=ox.RdfFormat.N_TRIPLES)
    legal_resource = ox.NamedNode(str(vocabularies.ELI_LEGAL_RESOURCE))
    pref_label = ox.NamedNode(str(SKOS.prefLabel))
    for iri in FRENCH_TEXTS:
        text = ox.NamedNode(iri)
        assert list(feed.quads_for_pattern(text, ox.NamedNode(str(RDF.type)), legal_resource))
        titles = [q.object for q in feed.quads_for_pattern(text, pref_label, None)]
        assert {t.language for t in titles if isinstance(t, ox.Literal)} == {"fr", "en"}, iri


@pytest.fixture(scope="module")
def site(demo_build: tuple[BuildResult, Path], tmp_path_factory: pytest.TempPathFactory) -> SiteResult:
    return build_site(demo_build[1], tmp_path_factory.mktemp("legislation-site") / "site")


def test_the_dataset_page_shows_the_titles_linked_to_the_texts(site: SiteResult) -> None:
    assert not [p for p in site.problems if p.is_error], site.problems
    html = (site.out_dir / site_urls.dataset_dir("snds-dcir") / "index.html").read_text(encoding="utf-8")
    section = html[html.index("Législation applicable") :]
    section = section[: section.index("</dd>")]
    links = {
        unescape(href): unescape(text)
        for href, text in re.findall(r'<a href="([^"]+)"[^>]*>([^<]*)</a>', section)
    }
    assert set(FRENCH_TEXTS) <= set(links), links
    for iri, title in FRENCH_TEXTS.items():
        assert links[iri].startswith(title), links[iri]
    shown = re.sub(r"<[^>]+>", " ", section)  # the text, without the links' addresses
    assert "informatique" in unescape(shown).lower()
    assert "JORFTEXT" not in shown

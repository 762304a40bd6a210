"""A real Elasticsearch node, assembled from Maven Central by tests/support/elasticsearch_node.py.

The first run downloads about 34 MB into the cache (~/.cache/health-data-catalogue, or
$CATALOGUE_ES_CACHE); the node then starts in a few seconds.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import free_port
from elasticsearch import Elasticsearch, helpers
from support import elasticsearch_node, search_node

FRENCH_INDEX: dict[str, Any] = {
    "settings": {
        "number_of_shards": 1,
        "number_of_replicas": 0,
        "analysis": {
            "filter": {
                "french_elision": {
                    "type": "elision",
                    "articles_case": True,
                    "articles": ["l", "d", "j", "m", "t", "s", "n", "c", "qu", "jusqu", "lorsqu", "puisqu"],
                },
                "french_light_stemmer": {"type": "stemmer", "language": "light_french"},
            },
            "analyzer": {
                "french_text": {
                    "tokenizer": "standard",
                    "filter": ["french_elision", "lowercase", "asciifolding", "french_light_stemmer"],
                }
            },
        },
    },
    "mappings": {"properties": {"label": {"type": "text", "analyzer": "french_text"}}},
}


@pytest.fixture(scope="module")
def node(tmp_path_factory: pytest.TempPathFactory) -> Iterator[search_node.Node]:
    home = elasticsearch_node.ensure_distribution()
    data_dir: Path = tmp_path_factory.mktemp("elasticsearch")
    with elasticsearch_node.start(home, data_dir, free_port()) as running:
        yield running
    assert running.process.poll() is not None


def test_french_search_and_alias_swap(node: search_node.Node) -> None:
    es = Elasticsearch(node.url)
    assert es.info()["version"]["number"] == elasticsearch_node.ES_VERSION

    es.indices.create(index="variables-v1", **FRENCH_INDEX)
    docs = [
        {"_id": "naissance", "label": "Année de naissance du bénéficiaire"},
        {"_id": "deces", "label": "Date de l'hospitalisation et du décès"},
    ]
    indexed, errors = helpers.bulk(es, ({"_index": "variables-v1", **doc} for doc in docs), refresh=True)
    assert (indexed, errors) == (2, [])

    # Plural, accents and elision go through elision + lowercase + asciifolding + light_french.
    hits = es.search(index="variables-v1", query={"match": {"label": "naissances"}})["hits"]["hits"]
    assert [hit["_id"] for hit in hits] == ["naissance"]
    hits = es.search(index="variables-v1", query={"match": {"label": "DECES hospitalisations"}})
    assert [hit["_id"] for hit in hits["hits"]["hits"]] == ["deces"]

    # The alias moves from v1 to v2 in one atomic _aliases call.
    es.indices.put_alias(index="variables-v1", name="variables")
    es.indices.create(index="variables-v2", **FRENCH_INDEX)
    es.index(index="variables-v2", id="naissance", document={"label": "Mois de naissance"}, refresh=True)
    es.indices.update_aliases(
        body={
            "actions": [
                {"remove": {"index": "variables-v1", "alias": "variables"}},
                {"add": {"index": "variables-v2", "alias": "variables"}},
            ]
        }
    )
    assert list(es.indices.get_alias(name="variables")) == ["variables-v2"]
    hits = es.search(index="variables", query={"match": {"label": "naissances"}})["hits"]["hits"]
    assert [hit["_source"]["label"] for hit in hits] == ["Mois de naissance"]

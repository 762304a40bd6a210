# Quick start: `make serve` (set up, build the demo catalogue, serve it) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install test lint typecheck pytest build index site serve elasticsearch opensearch schema bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

test: install lint typecheck pytest

lint: install
	$(BIN)/ruff check harvester search_api tests bench
	$(BIN)/ruff format --check harvester search_api tests bench
	$(BIN)/lint-imports

typecheck: install
	$(BIN)/mypy

pytest: install
	$(BIN)/pytest

build: install
	$(BIN)/catalogue build

index: build
	$(BIN)/catalogue index

site: build
	$(BIN)/catalogue site

serve: index site
	$(BIN)/catalogue serve

# A real Elasticsearch node assembled from Maven Central (for CATALOGUE_SEARCH=elasticsearch).
elasticsearch: install
	cd tests && ../$(BIN)/python -m support.elasticsearch_node run --port 9200 --data ../build/elasticsearch

# A real OpenSearch node assembled from Maven Central by Maven (for CATALOGUE_SEARCH=opensearch).
opensearch: install
	cd tests && ../$(BIN)/python -m support.opensearch_node run --port 9200 --data ../build/opensearch

schema: install
	$(BIN)/catalogue schema

bench: install
	cd bench && PYTHONPATH=../tests ../$(BIN)/python bench_build.py --datasets 100 --tables-per-dataset 20 --variables-per-table 50 --codes 100000
	cd bench && PYTHONPATH=../tests ../$(BIN)/python bench_snds.py
	cd bench && PYTHONPATH=../tests ../$(BIN)/python bench_search.py --scale snds
	cd bench && PYTHONPATH=../tests ../$(BIN)/python bench_feed.py
	cd bench && PYTHONPATH=../tests ../$(BIN)/python bench_harvest.py
	cd bench && PYTHONPATH=../tests ../$(BIN)/python bench_site.py --synthetic 1000
	cd bench && PYTHONPATH=../tests ../$(BIN)/python bench_check.py
	cd bench && PYTHONPATH=../tests ../$(BIN)/python bench_load.py

clean:
	rm -rf build

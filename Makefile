# Quick start: `make serve` (set up, build the demo catalogue, serve it) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install test lint typecheck pytest build serve schema bench clean

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

typecheck: install
	$(BIN)/mypy

pytest: install
	$(BIN)/pytest

build: install
	$(BIN)/catalogue build

serve: build
	@echo "Catalogue built: graph in build/graph.nt, DCAT feed in build/dcat/, validation report in build/validation.json"

schema: install
	$(BIN)/catalogue schema

bench: install
	cd bench && ../$(BIN)/python bench_build.py --datasets 100 --tables-per-dataset 20 --variables-per-table 50 --codes 100000
	cd bench && ../$(BIN)/python bench_snds.py

clean:
	rm -rf build

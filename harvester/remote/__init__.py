"""Harvest other catalogues' DCAT feeds into the catalogue graph.

`harvest_source` (harvest.py) reads one remote catalogue page by page and writes one N-Triples file
per dataset under `build/harvest/<source>/datasets/`, re-minted under our base IRI with provenance;
the build then treats those files like the graph of a YAML dataset (the graph is the contract).
"""

"""The static documentation site (mkdocs-material), generated from the built graph."""

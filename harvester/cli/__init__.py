"""The `catalogue` command line: one module per command (see app.py), shared options in options.py."""

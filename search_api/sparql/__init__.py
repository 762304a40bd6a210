"""The read-only SPARQL endpoint: queries checked (no update, no federation), run off the event loop
in worker processes with time, memory and result-size limits, behind a bounded queue."""

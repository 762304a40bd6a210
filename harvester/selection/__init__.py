"""From discovery to an access request: join paths between tables, the years variables are available,
and a selection of variables turned into a dossier (CSV, JSON, printable page), all read from the
graph's typed views (harvester.reader)."""

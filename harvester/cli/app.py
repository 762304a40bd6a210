"""The `catalogue` command line. Exit codes: 0 ok, 1 invalid input found, 2 usage error.

Commands import what they run inside their function: `catalogue validate` (the pre-commit hook) does
not load the web server, the site generator or the search engines.
"""

from __future__ import annotations

import typer

from harvester.cli.build import build_command
from harvester.cli.check import check_command
from harvester.cli.harvest import harvest
from harvester.cli.import_tableschema import import_tableschema_command
from harvester.cli.index import index_command
from harvester.cli.new import new_dataset
from harvester.cli.quality import quality_command
from harvester.cli.schema import schema
from harvester.cli.search import search_command
from harvester.cli.serve import serve_command
from harvester.cli.site import site_command
from harvester.cli.validate import validate

app = typer.Typer(
    help="Health data catalogue: producer YAML → DCAT-AP 3 / HealthDCAT-AP graph, validation and outputs.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.command("validate")(validate)
app.command("build")(build_command)
app.command("schema")(schema)
app.command("check")(check_command)
app.command("harvest")(harvest)
app.command("index")(index_command)
app.command("quality")(quality_command)
app.command("search")(search_command)
app.command("serve")(serve_command)
app.command("site")(site_command)

new_app = typer.Typer(help="Scaffold producer files.", no_args_is_help=True)
new_app.command("dataset")(new_dataset)
app.add_typer(new_app, name="new")

import_app = typer.Typer(help="Convert other dictionary formats into producer files.", no_args_is_help=True)
import_app.command("tableschema")(import_tableschema_command)
app.add_typer(import_app, name="import")

if __name__ == "__main__":
    app()

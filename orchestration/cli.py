"""The `northstar` command line."""

from __future__ import annotations

import typer
from rich.console import Console

from orchestration.generator.command import generate_command

app = typer.Typer(
    help="Northstar: a warehouse-native customer data platform (dbt + Dagster).",
    no_args_is_help=True,
    add_completion=False,
)
app.command("generate")(generate_command)


@app.command()
def demo() -> None:
    """Run the whole pipeline through Dagster (job `full_build`) and print what it did."""
    from orchestration.runner import run_full_build

    run_full_build(console=Console())


@app.command()
def summary() -> None:
    """Print rows per raw table, staged, rejected (with reasons) from the last build."""
    from orchestration.summary import read_reconciliation, read_reject_reasons, render_summary
    from orchestration.summary import warehouse_query

    query = warehouse_query()
    render_summary(read_reconciliation(query), read_reject_reasons(query))


if __name__ == "__main__":
    app()

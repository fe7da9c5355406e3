"""``stats``, ``query "SELECT ..."``, ``evaluate GOLD_PREFIX``: a quick look at the warehouse."""

from __future__ import annotations

from typing import Annotated

import typer

from ..db.engine import require_schema
from ..db.readonly import count_rows, run_select
from ..evaluate import evaluate
from . import warehouse

app = typer.Typer()


@app.command("stats")
def stats_command(ctx: typer.Context) -> None:
    """Count the rows of every table and view."""
    with warehouse(ctx, read_only=True) as engine:
        counts = count_rows(engine)
    for name, count in counts.items():
        typer.echo(f"{name:20s} {count:8d}")


@app.command("query")
def query_command(
    ctx: typer.Context,
    sql: Annotated[str, typer.Argument(help="One SELECT or WITH statement; it runs read-only.")],
) -> None:
    """Run a read-only SQL query and print tab-separated rows with a header."""
    with warehouse(ctx, read_only=True) as engine:
        result = run_select(engine, sql)
    typer.echo("\t".join(result.columns))
    for row in result.rows:
        typer.echo("\t".join("" if v is None else str(v) for v in row))


@app.command("evaluate")
def evaluate_command(
    ctx: typer.Context,
    gold_prefix: Annotated[str, typer.Argument(
        help="Gold files prefix: PREFIX.facts.jsonl, PREFIX.entities.jsonl, PREFIX.documents.jsonl.")],
) -> None:
    """Score the warehouse views against gold files (the rules of shared/tools/score.py)."""
    with warehouse(ctx, read_only=True) as engine:
        require_schema(engine)
        result = evaluate(engine, gold_prefix)
    for line in result.lines():
        typer.echo(line)

"""``stats``, ``query "SELECT ..."``, ``evaluate GOLD_PREFIX``: a quick look at the warehouse."""

from __future__ import annotations

from typing import Annotated

import typer

from ..db.engine import require_schema
from ..db.readonly import count_rows, stream_select
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
    timeout: Annotated[float, typer.Option(
        "--timeout", min=0, help="Seconds before the database stops the query (0: no limit).")] = 60,
    max_rows: Annotated[int, typer.Option("--max-rows", min=0, help="Print at most this many rows (0: all).")] = 0,
) -> None:
    """Run a read-only SQL query and print tab-separated rows with a header, as they come."""
    with warehouse(ctx, read_only=True) as engine, \
            stream_select(engine, sql, timeout or None, max_rows or None) as (columns, rows):
        typer.echo("\t".join(columns))
        for row in rows:
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

"""``stats``, ``query "SELECT ..."``, ``evaluate GOLD_PREFIX``: a quick look at the warehouse."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from ..db.engine import require_schema
from ..db.readonly import count_rows, describe, list_relations, select_rows, stream_select
from ..evaluate import evaluate
from ..output import FORMATS, format_rows
from . import warehouse

app = typer.Typer()


@app.command("stats")
def stats_command(ctx: typer.Context) -> None:
    """Count the rows of every table and view."""
    with warehouse(ctx, read_only=True) as engine:
        counts = count_rows(engine)
    for name, count in counts.items():
        typer.echo(f"{name:20s} {count:8d}")


@app.command("query", context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
def query_command(
    ctx: typer.Context,
    sql: Annotated[str | None, typer.Argument(
        help="One SELECT, WITH, VALUES or EXPLAIN statement ('-': read it from stdin); it runs read-only.")] = None,
    sql_file: Annotated[Path | None, typer.Option("-f", "--file", help="Read the statement from this file.")] = None,
    fmt: Annotated[str | None, typer.Option(
        "--format", help="table (default on a terminal), tsv (default otherwise), csv, json, jsonl.")] = None,
    table: Annotated[bool, typer.Option("--table", help="Aligned table.")] = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="CSV: NULL is an empty field, '' is \"\".")] = False,
    as_tsv: Annotated[bool, typer.Option("--tsv", help="TSV: NULL is \\N; tabs and newlines escaped.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON array of objects.")] = False,
    as_jsonl: Annotated[bool, typer.Option("--jsonl", help="One JSON object per line.")] = False,
    no_headers: Annotated[bool, typer.Option("--no-headers", help="No header line (table, csv, tsv).")] = False,
    timeout: Annotated[float, typer.Option(
        "--timeout", min=0, help="Seconds before the database stops the query (0: no limit).")] = 60,
    max_rows: Annotated[int, typer.Option("--max-rows", min=0, help="Print at most this many rows (0: all).")] = 0,
) -> None:
    """Run a read-only SQL query and print its rows (streamed, except for --table).

    Named parameters: -p NAME VALUE (or -p NAME=VALUE), repeatable, for :NAME in the statement.
    """
    extra = list(ctx.args)
    if sql in ("-p", "--param"):  # with -f FILE, the first -p lands where the statement would
        extra, sql = [sql, *extra], None
    statement = _statement(sql, sql_file)
    params = _params(extra)
    chosen = [f for f, on in (("table", table), ("csv", as_csv), ("tsv", as_tsv), ("json", as_json),
                              ("jsonl", as_jsonl)) if on] + ([fmt] if fmt else [])
    if len(set(chosen)) > 1 or (fmt and fmt not in FORMATS):
        raise typer.BadParameter(f"one output format of {', '.join(FORMATS)}", param_hint="--format")
    out = chosen[0] if chosen else ("table" if sys.stdout.isatty() else "tsv")
    try:
        with warehouse(ctx, read_only=True) as engine, \
                stream_select(engine, statement, timeout or None, max_rows or None, dict(params or ())) as (
                    columns, rows):
            for line in format_rows(columns, rows, out, headers=not no_headers):  # type: ignore[arg-type]
                typer.echo(line)
    except BrokenPipeError:  # `query … | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _params(args: list[str]) -> dict[str, str]:
    """-p NAME VALUE / -p NAME=VALUE pairs from the arguments click did not know."""
    params: dict[str, str] = {}
    rest = list(args)
    while rest:
        flag = rest.pop(0)
        if flag not in ("-p", "--param") or not rest:
            raise typer.BadParameter(f"unexpected {flag!r}: parameters are -p NAME VALUE", param_hint="-p")
        name = rest.pop(0)
        if "=" in name:
            name, value = name.split("=", 1)
        elif rest:
            value = rest.pop(0)
        else:
            raise typer.BadParameter(f"-p {name} needs a value", param_hint="-p")
        params[name] = value
    return params


def _statement(sql: str | None, sql_file: Path | None) -> str:
    if (sql is None) == (sql_file is None):
        raise typer.BadParameter("give the statement as an argument, '-' for stdin, or -f FILE", param_hint="SQL")
    if sql_file is not None:
        try:
            return sql_file.read_text(encoding="utf-8")
        except OSError as err:
            raise typer.BadParameter(f"{sql_file}: {err.strerror or err}", param_hint="-f") from err
    return sys.stdin.read() if sql == "-" else str(sql)


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


@app.command("tables")
def tables_command(
    ctx: typer.Context,
    counts: Annotated[bool, typer.Option("--counts", help="With their row counts.")] = False,
    views: Annotated[bool, typer.Option("--views", help="Only the public views analysts query.")] = False,
) -> None:
    """List the warehouse's views and tables."""
    with warehouse(ctx, read_only=True) as engine:
        found = list_relations(engine, tables=not views)
        numbers = count_rows(engine) if counts else {}
    for name, kind in found:
        typer.echo(f"{name}\t{kind}" + (f"\t{numbers.get(name, 0)}" if counts else ""))


@app.command("schema")
def schema_command(
    ctx: typer.Context,
    name: Annotated[str | None, typer.Argument(help="A table or view (default: the public views).")] = None,
) -> None:
    """The columns of a table or view: name, type, and what they hold."""
    with warehouse(ctx, read_only=True) as engine:
        names = [name] if name else [n for n, kind in list_relations(engine, tables=False)]
        described = {n: describe(engine, n) for n in names}
    for relation, columns in described.items():
        typer.echo(relation)
        for column in columns:
            typer.echo(f"  {column.name}\t{column.type}" + (f"\t{column.description}" if column.description else ""))


@app.command("rows")
def rows_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="A table or view.")],
    where: Annotated[str | None, typer.Option("--where", help="An SQL condition, e.g. \"unit = '元'\".")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="At most this many rows.")] = 20,
) -> None:
    """Print the first rows of a table or view (tab-separated, NULL as \\N)."""
    with warehouse(ctx, read_only=True) as engine:
        result = select_rows(engine, name, where, limit)
    for line in format_rows(result.columns, result.rows, "table" if sys.stdout.isatty() else "tsv"):
        typer.echo(line)

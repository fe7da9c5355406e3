"""``export SOURCE -o FILE``: a view, table or query to CSV, JSON Lines or Parquet."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ..export import EXPORT_FORMATS, export
from . import warehouse
from .peek import _params

app = typer.Typer()


@app.command("export", context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
def export_command(
    ctx: typer.Context,
    source: Annotated[str, typer.Argument(help="A view or table name, or one read-only SELECT/WITH statement.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="The file to write (replaced whole at the end).")],
    fmt: Annotated[str | None, typer.Option(
        "--format", help=f"{', '.join(EXPORT_FORMATS)} (default: from the file name's suffix).")] = None,
    bom: Annotated[bool, typer.Option("--bom", help="CSV: start with a byte-order mark (Excel reads UTF-8).")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    timeout: Annotated[float, typer.Option(
        "--timeout", min=0, help="Seconds before the database stops the query (0: no limit).")] = 0,
) -> None:
    """Export rows to a file, streamed (a million rows are never held at once), with a progress bar.

    Named parameters: -p NAME VALUE, as for query. Parquet needs pyarrow (the 'parquet' extra).
    """
    params = _params(list(ctx.args))
    show = not quiet and sys.stderr.isatty()
    bar = None

    def total(count: int | None) -> None:
        nonlocal bar
        if show:
            bar = typer.progressbar(length=count or 0, label=f"exporting to {output.name}", file=sys.stderr)
            bar.__enter__()

    try:
        with warehouse(ctx, read_only=True) as engine:
            rows = export(engine, source, output, fmt, bom=bom, params=params,
                          progress=(lambda n: bar.update(n)) if show else None,  # type: ignore[union-attr]
                          total=total if show else None, timeout=timeout or None)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    typer.echo(f"{rows} rows -> {output}", err=True)

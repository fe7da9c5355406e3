"""``load PATH...`` and ``reload``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..pipeline import LoadReport, expand_paths, load_paths, reload_documents
from . import warehouse

app = typer.Typer()


@app.command("load")
def load_command(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="Report files, or folders of *.txt reports.")],
) -> None:
    """Load report files into the warehouse (an unchanged file is skipped, a changed one replaced)."""
    files = expand_paths(paths)
    with warehouse(ctx) as engine, typer.progressbar(length=len(files), label="loading") as bar:
        report = load_paths(files, engine, progress=lambda _name, _outcome: bar.update(1))
    _finish(report)


@app.command("reload")
def reload_command(ctx: typer.Context) -> None:
    """Re-derive every stored document from the text kept in the warehouse."""
    with warehouse(ctx) as engine:
        report = reload_documents(engine)
    _finish(report)


def _finish(report: LoadReport) -> None:
    for _name, problem in report.failed:
        typer.echo(f"failed: {problem}", err=True)
    typer.echo(report.summary())
    if not report.ok:
        raise typer.Exit(1)

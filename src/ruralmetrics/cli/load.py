"""``load PATH...`` and ``reload``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ..pipeline import DEFAULT_PATTERN, LoadReport, find_reports, load_paths, reload_documents
from . import warehouse

app = typer.Typer()


@app.command("load")
def load_command(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="Report files, or folders walked recursively for reports.")],
    pattern: Annotated[str, typer.Option("--glob", help="File names to load from folders.")] = DEFAULT_PATTERN,
    max_bytes: Annotated[int | None, typer.Option(
        "--max-bytes", min=1, help="Refuse files bigger than this (default: data/text.yaml, 20 MB).")] = None,
) -> None:
    """Load report files into the warehouse (an unchanged file is skipped, a changed one replaced).

    A document's key is the file's path under the folder given (``a/x.txt`` -> ``a/x``; a file
    given by itself: its name), so two files are always two documents; a moved file is recognized.
    """
    count = len(find_reports(paths, pattern)[0])
    with warehouse(ctx) as engine, typer.progressbar(length=count, label="loading", file=sys.stderr) as bar:
        report = load_paths(paths, engine, progress=lambda _name, _outcome: bar.update(1), pattern=pattern,
                            max_bytes=max_bytes)
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

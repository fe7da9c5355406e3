"""``load PATH...`` and ``reload``."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..keys import DEFAULT_PATTERN
from . import warehouse

if TYPE_CHECKING:
    from ..pipeline import LoadReport

app = typer.Typer()


@app.command("load")
def load_command(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="Report files, or folders walked recursively for reports.")],
    pattern: Annotated[str, typer.Option("--glob", help="File names to load from folders.")] = DEFAULT_PATTERN,
    max_bytes: Annotated[int | None, typer.Option(
        "--max-bytes", min=1, help="Refuse files bigger than this (default: data/text.yaml, 20 MB).")] = None,
    workers: Annotated[int | None, typer.Option(
        "--workers", min=1, help="Processes that derive (default: the cores, 1 for fewer than 16 files).")] = None,
    shard: Annotated[str | None, typer.Option(
        "--shard", help="K/N: load only the K-th of N deterministic shares of the files (N machines, one database).")
    ] = None,
) -> None:
    """Load report files into the warehouse (an unchanged file is skipped, a changed one replaced).

    A document's key is the file's path under the folder given (``a/x.txt`` -> ``a/x``; a file
    given by itself: its name), so two files are always two documents; a moved file is recognized.
    """
    from ..pipeline import find_reports, in_shard, load_paths  # the extractor loads only for a load

    share = _shard(shard)
    found = find_reports(paths, pattern)[0]
    count = sum(1 for r in found if share is None or in_shard(r.key, *share))
    with warehouse(ctx) as engine, typer.progressbar(length=count, label="loading", file=sys.stderr) as bar:
        report = load_paths(paths, engine, progress=lambda _name, _outcome: bar.update(1), pattern=pattern,
                            max_bytes=max_bytes, workers=workers or default_workers(count), shard=share)
    _finish(report)


@app.command("reload")
def reload_command(
    ctx: typer.Context,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Processes that derive.")] = 1,
) -> None:
    """Re-derive every stored document from the text kept in the warehouse."""
    from ..pipeline import reload_documents

    with warehouse(ctx) as engine:
        report = reload_documents(engine, workers=workers)
    _finish(report)


def default_workers(files: int) -> int:
    """The machine's cores for a real batch; one process for a handful of files (workers cost a start)."""
    return max(1, os.cpu_count() or 1) if files >= 16 else 1


def _shard(text: str | None) -> tuple[int, int] | None:
    if text is None:
        return None
    k, _, n = text.partition("/")
    if not (k.isdigit() and n.isdigit() and 1 <= int(k) <= int(n)):
        raise typer.BadParameter(f"{text!r}: write K/N with 1 <= K <= N, e.g. 2/4", param_hint="--shard")
    return int(k), int(n)


def _finish(report: LoadReport) -> None:
    for _name, problem in report.failed:
        typer.echo(f"failed: {problem}", err=True)
    typer.echo(report.summary())
    if not report.ok:
        raise typer.Exit(1)

"""``load PATH...`` and ``reload``."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no summary line (problems still go to stderr).")] = False,
) -> None:
    """Load report files into the warehouse (an unchanged file is skipped, a changed one replaced).

    A document's key is the file's path under the folder given (``a/x.txt`` -> ``a/x``; a file
    given by itself: its name), so two files are always two documents; a moved file is recognized.
    """
    from ..pipeline import (  # the extractor: only for a load
        find_reports,
        gazetteer_ready,
        in_shard,
        load_paths,
    )

    share = _shard(shard)
    found = find_reports(paths, pattern)[0]
    count = sum(1 for r in found if share is None or in_shard(r.key, *share))
    if not quiet and not gazetteer_ready():
        typer.echo("building the place gazetteer from the offline division data (once, about 15 s) …", err=True)
    with warehouse(ctx) as engine, progress_bar(count, "loading", enabled=not quiet) as step:
        report = load_paths(paths, engine, progress=lambda _name, _outcome: step(), pattern=pattern,
                            max_bytes=max_bytes, workers=workers or default_workers(count), shard=share)
    _finish(report, quiet)


@app.command("reload")
def reload_command(
    ctx: typer.Context,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Processes that derive.")] = 1,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no summary line.")] = False,
) -> None:
    """Re-derive every stored document from the text kept in the warehouse."""
    from ..pipeline import reload_documents

    with warehouse(ctx) as engine, progress_bar(None, "reloading", enabled=not quiet) as step:
        report = reload_documents(engine, progress=lambda _name, _outcome: step(), workers=workers)
    _finish(report, quiet)


@contextmanager
def progress_bar(total: int | None, label: str, enabled: bool = True) -> Iterator[Callable[[], None]]:
    """A rich progress bar on stderr (files done of all, files a second, time left) while ``step()`` is
    called once per file; nothing when quiet or when stderr is not a terminal (scripts, pipes, logs)."""
    if not enabled or not sys.stderr.isatty():
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class Rate(ProgressColumn):
        def render(self, task) -> Text:  # type: ignore[no-untyped-def]
            speed = task.finished_speed or task.speed
            return Text("… files/s" if speed is None else f"{speed:.1f} files/s")

    columns = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), Rate(), TimeElapsedColumn(),
               TextColumn("left"), TimeRemainingColumn()]
    with Progress(*columns, console=Console(stderr=True), transient=False) as bar:
        task = bar.add_task(label, total=total)
        yield lambda: bar.advance(task)


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


def _finish(report: LoadReport, quiet: bool = False) -> None:
    """Problems on stderr, one line each; the summary on stdout (unless quiet); exit 1 if a file failed."""
    for _name, problem in report.failed:
        typer.echo(f"failed: {problem}", err=True)
    if not quiet:
        typer.echo(report.summary())
    if not report.ok:
        raise typer.Exit(1)

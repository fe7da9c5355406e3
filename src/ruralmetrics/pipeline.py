"""The library API: read -> normalize -> segment -> extract -> resolve -> load.

``derive`` turns one SourceFile into an Extraction without touching the database;
``load_paths`` and ``reload_documents`` (the CLI's ``load`` and ``reload``) store them.
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from . import __version__, worker
from .db import ensure_schema
from .db.engine import database_problem
from .errors import RuralmetricsError
from .extract import extract
from .extract.documents import describe_document
from .gazetteer import Gazetteer, gazetteer_ready, load_gazetteer
from .keys import DEFAULT_PATTERN, document_key, key_under_parents
from .load import (
    RowCache,
    is_unchanged,
    place_source,
    prune_regions,
    store_extraction,
    stored_keys,
    stored_source,
    sync_reference,
)
from .normalize import normalize
from .read import read_file
from .records import Extraction, SourceFile
from .resolve import resolve
from .rulebook import Rulebook, load_rulebook
from .segment import segment
from .worker import derive_for_store

__all__ = ["derive", "find_reports", "gazetteer_ready", "in_shard", "load_paths", "reload_documents"]


def extractor_version(rules: Rulebook) -> str:
    """Library version plus a fingerprint of the rule files: what ``reload`` compares."""
    return f"{__version__}+{rules.fingerprint[:12]}"


def derive(source: SourceFile, rules: Rulebook | None = None, gazetteer: Gazetteer | None = None) -> Extraction:
    """Derive every fact and entity of one report (no database)."""
    rules = rules or load_rulebook()
    gazetteer = gazetteer or load_gazetteer()
    document = normalize(source, rules)
    sentences = segment(document, rules)
    document, sentences = describe_document(document, sentences, rules)
    extracted = extract(document, sentences, rules, gazetteer)
    facts, entities = resolve(document, sentences, extracted, rules, gazetteer)
    return Extraction(document=document, sentences=sentences, facts=facts, entities=entities,
                      extractor_version=extractor_version(rules), as_of=document.published_on)


# ---------------------------------------------------------------------------- warehouse

Progress = Callable[[str, str], None]  # (file or document key, outcome) after each one


@dataclass
class LoadReport:
    """What a load or reload did, file by file."""

    loaded: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)  # a stored document's file under a new path
    failed: list[tuple[str, str]] = field(default_factory=list)  # (file, problem)

    def add(self, name: str, outcome: str) -> None:
        getattr(self, outcome).append(name)

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        moved = f"moved {len(self.moved)}, " if self.moved else ""
        return (f"loaded {len(self.loaded)}, replaced {len(self.replaced)}, "
                f"unchanged {len(self.unchanged)}, {moved}failed {len(self.failed)}")


@dataclass(frozen=True)
class ReportFile:
    """A file to load and the document key it gets (``read.document_key`` of its path under the folder)."""

    path: Path
    key: str


def find_reports(paths: Iterable[Path | str], pattern: str = DEFAULT_PATTERN
                 ) -> tuple[list[ReportFile], list[tuple[str, str]]]:
    """The files to load, and (path, problem) for what could not be walked.

    A file stands for itself (key: its name); a folder is walked recursively, following links
    once (a loop is reported), for names matching ``pattern`` (key: the path under the folder).
    Two different files never share a key: where they would, each gets its parent folders in
    front until they differ (``a/x`` and ``b/x``). A path that does not exist stays, to fail.
    """
    found: list[ReportFile] = []
    problems: list[tuple[str, str]] = []
    for path in map(Path, paths):
        if not path.is_dir():
            found.append(ReportFile(path, document_key(path.name)))
            continue
        files = _walk(path, pattern, problems)
        if not files:
            problems.append((str(path), f"{path}: folder holds no {pattern} reports"))
        found.extend(ReportFile(f, document_key(f.relative_to(path))) for f in files)
    return _distinct_keys(found), problems


def _walk(root: Path, pattern: str, problems: list[tuple[str, str]]) -> list[Path]:
    files: list[Path] = []
    seen: set[str] = set()

    def unreadable(err: OSError) -> None:
        problems.append((str(err.filename), f"{err.filename}: cannot be read: {err.strerror or err}"))

    for folder, folders, names in os.walk(root, followlinks=True, onerror=unreadable):
        real = os.path.realpath(folder)
        if real in seen:
            problems.append((folder, f"{folder}: a link back to a folder already walked (a loop), skipped"))
            folders.clear()
            continue
        seen.add(real)
        folders.sort()
        files.extend(Path(folder) / name for name in sorted(names) if fnmatch.fnmatch(name, pattern))
    return files


def _distinct_keys(found: list[ReportFile]) -> list[ReportFile]:
    by_key: dict[str, list[ReportFile]] = {}
    unique: dict[str, ReportFile] = {}
    for report in found:  # the same file named twice loads once
        unique.setdefault(os.path.realpath(report.path), report)
    for report in unique.values():
        by_key.setdefault(report.key, []).append(report)
    keys: dict[Path, str] = {}
    for key, group in by_key.items():
        deepest = max(len(Path(os.path.realpath(r.path)).parts) for r in group)
        depth = 0  # parent folders in front until the keys differ (or the whole path is used)
        while True:
            tried = {r.path: key_under_parents(r.path, key, depth) for r in group}
            if len(set(tried.values())) == len(group) or depth >= deepest:
                break
            depth += 1
        keys.update(tried)
    return [ReportFile(r.path, keys[r.path]) for r in unique.values()]


def load_paths(paths: Iterable[Path | str], engine: Engine, progress: Progress | None = None,
               pattern: str = DEFAULT_PATTERN, max_bytes: int | None = None, workers: int = 1,
               shard: tuple[int, int] | None = None) -> LoadReport:
    """Load report files and folders into the warehouse, one transaction per file.

    An empty database is migrated to head first. A file that can't be read or derived is
    reported in ``LoadReport.failed`` and skipped; the others still load. Keys: ``find_reports``.
    ``max_bytes`` overrides the rule files' size limit (``data/text.yaml``). ``workers`` > 1
    derives in that many processes, this one (which also writes) and ``workers`` - 1 others (the same
    rows as one worker).
    ``shard=(k, n)`` loads only the k-th of n deterministic shares of the files (by key), so n
    machines can split one corpus over one PostgreSQL.
    """
    reports, problems = find_reports(paths, pattern)
    if shard is not None:
        reports = [r for r in reports if in_shard(r.key, *shard)]
    pool = _pool(workers, len(reports))  # first: the workers warm up while this process migrates and reads
    try:
        ensure_schema(engine)
        rules = load_rulebook()
        version = extractor_version(rules)
        with Session(engine) as session, session.begin():
            sync_reference(session, rules)
    except BaseException:
        _close(pool)
        raise
    report = LoadReport()
    report.failed.extend(problems)

    def prepare(item: ReportFile) -> tuple[SourceFile, bool] | str:
        if not item.path.is_file():
            raise RuralmetricsError(f"{item.path}: no such file")
        source = read_file(item.path, rules.text, key=item.key, max_bytes=max_bytes)
        with Session(engine) as session, session.begin():
            source, moved = place_source(session, source)
            if is_unchanged(session, source, version):
                return "moved" if moved else "unchanged"
        return source, moved

    _derive_and_store([(str(r.path), r) for r in reports], prepare, engine, rules, report, progress, pool,
                      force=False)
    if report.replaced:
        _prune(engine)
    return report


def in_shard(key: str, k: int, n: int) -> bool:
    """Whether a document key falls in share ``k`` of ``n`` (1-based): stable across machines and runs."""
    if not 1 <= k <= n:
        raise RuralmetricsError(f"shard {k}/{n}: k must be between 1 and n")
    return int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:8], "big") % n == k - 1


def reload_documents(engine: Engine, progress: Progress | None = None, workers: int = 1) -> LoadReport:
    """Re-derive every stored document from its stored original text with the current extractor."""
    ensure_schema(engine)
    rules = load_rulebook()
    with Session(engine) as session, session.begin():
        sync_reference(session, rules)
        keys = stored_keys(session)
    report = LoadReport()

    def prepare(key: str) -> tuple[SourceFile, bool]:
        with Session(engine) as session:
            return stored_source(session, key), False

    _derive_and_store([(k, k) for k in keys], prepare, engine, rules, report, progress, _pool(workers, len(keys)),
                      force=True)
    _prune(engine)
    return report


def _prune(engine: Engine) -> None:
    """Shared rows the replaced documents no longer refer to go (a place now stored once, officially)."""
    with Session(engine) as session, session.begin():
        prune_regions(session)


def _derive_and_store(items: list[tuple[str, Any]], prepare: Callable[[Any], tuple[SourceFile, bool] | str],
                      engine: Engine, rules: Rulebook, report: LoadReport,
                      progress: Progress | None, pool: ProcessPoolExecutor | None, force: bool) -> None:
    """prepare (here) -> derive (here, and in the pool's worker processes) -> store (here, one transaction
    each), in input order; a failure at any step is that item's, reported, and the others go on. The pool
    is shut down at the end."""
    cache = RowCache()
    gazetteer: Gazetteer | None = None  # loaded only to derive here

    def settle(name: str, outcome: str | Exception) -> None:
        if isinstance(outcome, Exception):  # its transaction rolled back: ids it cached may not exist
            cache.clear()
            report.failed.append((name, _problem(name, outcome)))
            outcome = "failed"
        else:
            report.add(name, outcome)
        if progress is not None:
            progress(name, outcome)

    def store(name: str, source: SourceFile, moved: bool, extraction: Extraction | Exception) -> None:
        if isinstance(extraction, Exception):
            settle(name, extraction)
            return
        try:
            with Session(engine) as session, session.begin():
                outcome = store_extraction(session, extraction, source, force=force, cache=cache)
        except Exception as err:  # one bad file must not stop the others
            settle(name, err)
        else:
            settle(name, "moved" if moved else outcome)

    def derive_here(source: SourceFile) -> Extraction | Exception:
        nonlocal gazetteer
        try:
            gazetteer = gazetteer or load_gazetteer()
            return derive(source, rules, gazetteer)
        except Exception as err:
            return err

    if pool is None:
        for name, item in items:
            prepared = _prepared(name, item, prepare, settle)
            if prepared is not None:
                store(name, *prepared, derive_here(prepared[0]))
        return
    # this process derives too: whenever the pool's processes have work queued (four items each), and for
    # the first item (its warm-up runs while the pool's fork server warms up), so every process stays busy
    feed = 4 * pool._max_workers  # noqa: SLF001
    window = 2 * feed + 8  # results held for storing in order: memory does not grow with the input
    pending: deque[tuple[str, SourceFile, bool, Future[Extraction | Exception]]] = deque()
    derived_here = False
    try:
        for name, item in items:
            prepared = _prepared(name, item, prepare, settle)
            if prepared is None:
                continue
            source, moved = prepared
            if derived_here and sum(1 for *_, f in pending if not f.done()) < feed:
                future = pool.submit(derive_for_store, source)
            else:
                future = Future()
                future.set_result(derive_here(source))
                derived_here = True
            pending.append((name, source, moved, future))
            while pending and (pending[0][3].done() or len(pending) >= window):
                _store_next(pending, store)
        while pending:
            _store_next(pending, store)
    finally:
        _close(pool)


def _prepared(name: str, item: Any, prepare: Callable[[Any], tuple[SourceFile, bool] | str],
              settle: Callable[[str, str | Exception], None]) -> tuple[SourceFile, bool] | None:
    """``prepare(item)``, or None once its outcome (unchanged, moved, failed) is settled."""
    try:
        prepared = prepare(item)
    except Exception as err:
        settle(name, err)
        return None
    if isinstance(prepared, str):
        settle(name, prepared)
        return None
    return prepared


def _store_next(pending: deque, store: Callable[..., None]) -> None:
    name, source, moved, future = pending.popleft()
    try:
        extraction = future.result()
    except Exception as err:
        extraction = err
    store(name, source, moved, extraction)


def _pool(workers: int, items: int) -> ProcessPoolExecutor | None:
    """The processes that derive besides this one (``workers`` - 1), or None to derive here alone (one
    worker, or too few files to pay off).

    Forked from a fork server, not from this process: a worker must not inherit this process's
    database connections (a killed loader would leave its transaction open through them) nor its
    threads. The server imports ``worker_preload`` once (rules, gazetteer, segmenter, one warm-up
    derivation), so the workers start warm; where there is no fork server (Windows) they are spawned
    and load those themselves. Each ends itself when this process is gone (a loader killed with SIGKILL
    leaves no worker behind).
    """
    if workers <= 1 or items < 2:
        return None
    context = worker.start_server()  # warms up now, while this process migrates and reads
    return ProcessPoolExecutor(max_workers=min(workers, items) - 1, mp_context=context,
                               initializer=worker.start, initargs=(os.getpid(),))


def _close(pool: ProcessPoolExecutor | None) -> None:
    if pool is not None:
        pool.shutdown(cancel_futures=True)


def _problem(name: Path | str, err: Exception) -> str:
    """One line naming the file: never a traceback, and for database errors never the SQL or its
    parameters (they hold report text)."""
    if isinstance(err, RuralmetricsError):
        return str(err) if str(name) in str(err) else f"{name}: {err}"
    if isinstance(err, SQLAlchemyError):
        return f"{name}: database: {database_problem(err)}"
    return f"{name}: {type(err).__name__}: {err}"

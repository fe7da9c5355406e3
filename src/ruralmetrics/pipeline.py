"""The library API: read -> normalize -> segment -> extract -> resolve -> load.

``derive`` turns one SourceFile into an Extraction without touching the database;
``load_paths`` and ``reload_documents`` (the CLI's ``load`` and ``reload``) store them.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from . import __version__
from .db import ensure_schema
from .db.engine import database_problem
from .errors import RuralmetricsError
from .extract import extract
from .extract.documents import describe_document
from .gazetteer import Gazetteer, load_gazetteer
from .load import (
    RowCache,
    is_unchanged,
    place_source,
    store_extraction,
    stored_keys,
    stored_source,
    sync_reference,
)
from .normalize import normalize
from .read import document_key, read_file
from .records import Extraction, SourceFile
from .resolve import resolve
from .rulebook import Rulebook, load_rulebook
from .segment import segment


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

DEFAULT_PATTERN = "*.txt"
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
        if len(group) == 1:
            keys[group[0].path] = key
            continue
        for depth in range(1, 64):
            tried = {r.path: "/".join([*Path(os.path.realpath(r.path)).parent.parts[-depth:], key]).lstrip("/")
                     for r in group}
            if len(set(tried.values())) == len(group) or depth >= max(
                    len(Path(os.path.realpath(r.path)).parts) for r in group):
                keys.update(tried)
                break
    return [ReportFile(r.path, keys[r.path]) for r in unique.values()]


def load_paths(paths: Iterable[Path | str], engine: Engine, progress: Progress | None = None,
               pattern: str = DEFAULT_PATTERN, max_bytes: int | None = None) -> LoadReport:
    """Load report files and folders into the warehouse, one transaction per file.

    An empty database is migrated to head first. A file that can't be read or derived is
    reported in ``LoadReport.failed`` and skipped; the others still load. Keys: ``find_reports``.
    ``max_bytes`` overrides the rule files' size limit (``data/text.yaml``).
    """
    ensure_schema(engine)
    rules, gazetteer = load_rulebook(), load_gazetteer()
    version = extractor_version(rules)
    with Session(engine) as session, session.begin():
        sync_reference(session, rules)
    reports, problems = find_reports(paths, pattern)
    report, cache = LoadReport(), RowCache()
    report.failed.extend(problems)
    for item in reports:
        try:
            outcome = _load_file(item, engine, rules, gazetteer, version, cache, max_bytes)
        except Exception as err:  # one bad file must not stop the others
            cache.clear()  # its transaction rolled back: ids it cached may not exist
            outcome = "failed"
            report.failed.append((str(item.path), _problem(item.path, err)))
        else:
            report.add(str(item.path), outcome)
        if progress is not None:
            progress(str(item.path), outcome)
    return report


def _load_file(item: ReportFile, engine: Engine, rules: Rulebook, gazetteer: Gazetteer, version: str,
               cache: RowCache, max_bytes: int | None = None) -> str:
    path = item.path
    if not path.is_file():
        raise RuralmetricsError(f"{path}: no such file")
    source = read_file(path, rules.text, key=item.key, max_bytes=max_bytes)
    with Session(engine) as session, session.begin():
        source, moved = place_source(session, source)
        if is_unchanged(session, source, version):
            return "moved" if moved else "unchanged"
    extraction = derive(source, rules, gazetteer)
    with Session(engine) as session, session.begin():
        outcome = store_extraction(session, extraction, source, cache=cache)
    return "moved" if moved else outcome


def reload_documents(engine: Engine, progress: Progress | None = None) -> LoadReport:
    """Re-derive every stored document from its stored original text with the current extractor."""
    ensure_schema(engine)
    rules, gazetteer = load_rulebook(), load_gazetteer()
    with Session(engine) as session, session.begin():
        sync_reference(session, rules)
        keys = stored_keys(session)
    report, cache = LoadReport(), RowCache()
    for key in keys:
        try:
            with Session(engine) as session:
                source = stored_source(session, key)
            extraction = derive(source, rules, gazetteer)
            with Session(engine) as session, session.begin():
                outcome = store_extraction(session, extraction, source, force=True, cache=cache)
        except Exception as err:  # keep the stored rows of a document that no longer derives
            cache.clear()
            outcome = "failed"
            report.failed.append((key, _problem(key, err)))
        else:
            report.add(key, outcome)
        if progress is not None:
            progress(key, outcome)
    return report


def _problem(name: Path | str, err: Exception) -> str:
    """One line naming the file: never a traceback, and for database errors never the SQL or its
    parameters (they hold report text)."""
    if isinstance(err, RuralmetricsError):
        return str(err) if str(name) in str(err) else f"{name}: {err}"
    if isinstance(err, SQLAlchemyError):
        return f"{name}: database: {database_problem(err)}"
    return f"{name}: {type(err).__name__}: {err}"

"""The library API: read -> normalize -> segment -> extract -> resolve -> load.

``derive`` turns one SourceFile into an Extraction without touching the database;
``load_paths`` and ``reload_documents`` (the CLI's ``load`` and ``reload``) store them.
"""

from __future__ import annotations

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
from .load import RowCache, is_unchanged, store_extraction, stored_keys, stored_source, sync_reference
from .normalize import normalize
from .read import read_file
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

Progress = Callable[[str, str], None]  # (file or document key, outcome) after each one


@dataclass
class LoadReport:
    """What a load or reload did, file by file."""

    loaded: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (file, problem)

    def add(self, name: str, outcome: str) -> None:
        getattr(self, outcome).append(name)

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        return (f"loaded {len(self.loaded)}, replaced {len(self.replaced)}, "
                f"unchanged {len(self.unchanged)}, failed {len(self.failed)}")


def expand_paths(paths: Iterable[Path | str]) -> list[Path]:
    """Files as given, folders as their ``*.txt`` files in name order (a folder without any stays, to fail)."""
    files: list[Path] = []
    for path in map(Path, paths):
        found = sorted(path.glob("*.txt")) if path.is_dir() else []
        files.extend(found or [path])
    return files


def load_paths(paths: Iterable[Path | str], engine: Engine, progress: Progress | None = None) -> LoadReport:
    """Load report files and folders into the warehouse, one transaction per file.

    An empty database is migrated to head first. A file that can't be read or derived is
    reported in ``LoadReport.failed`` and skipped; the others still load.
    """
    ensure_schema(engine)
    rules, gazetteer = load_rulebook(), load_gazetteer()
    version = extractor_version(rules)
    with Session(engine) as session, session.begin():
        sync_reference(session, rules)
    report, cache = LoadReport(), RowCache()
    for path in expand_paths(paths):
        try:
            outcome = _load_file(path, engine, rules, gazetteer, version, cache)
        except Exception as err:  # one bad file must not stop the others
            cache.clear()  # its transaction rolled back: ids it cached may not exist
            outcome = "failed"
            report.failed.append((str(path), _problem(path, err)))
        else:
            report.add(str(path), outcome)
        if progress is not None:
            progress(str(path), outcome)
    return report


def _load_file(path: Path, engine: Engine, rules: Rulebook, gazetteer: Gazetteer, version: str,
               cache: RowCache) -> str:
    if path.is_dir():
        raise RuralmetricsError(f"{path}: folder holds no *.txt reports")
    if not path.is_file():
        raise RuralmetricsError(f"{path}: no such file")
    source = read_file(path)
    with Session(engine) as session, session.begin():
        if is_unchanged(session, source, version):
            return "unchanged"
    extraction = derive(source, rules, gazetteer)
    with Session(engine) as session, session.begin():
        return store_extraction(session, extraction, source, cache=cache)


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

"""Errors the library raises; the CLI turns them into a message and exit code 1."""

from __future__ import annotations

from pathlib import Path


class RuralmetricsError(Exception):
    """Base class of every error the library raises on purpose."""


class UndecodableFile(RuralmetricsError):
    """A report that is empty, binary, or in no encoding we can read."""

    def __init__(self, path: Path | str, problem: str, tried: tuple[str, ...] = ()) -> None:
        self.path = str(path)
        self.problem = problem
        self.tried = tried
        extra = f" (tried {', '.join(tried)})" if tried else ""
        super().__init__(f"{self.path}: {problem}{extra}")


class RuleFileError(RuralmetricsError):
    """A data file under ruralmetrics/data that is missing, malformed or inconsistent."""

    def __init__(self, name: str, key: str | None, problem: str) -> None:
        self.name = name
        self.key = key
        self.problem = problem
        where = f"data/{name}" + (f": {key}" if key else "")
        super().__init__(f"{where}: {problem}")


class DatabaseError(RuralmetricsError):
    """The warehouse cannot be opened, migrated or queried as asked."""


class GazetteerError(RuralmetricsError):
    """The gazetteer source files cannot be found or read."""

"""Errors the library raises; the CLI turns each into a one-line message and its ``exit_code``.

Exit codes of the command line: 0 ok, 1 some files failed (or another library error),
2 usage (a request the warehouse refuses), 3 database (cannot open, migrate or query it).
"""

from __future__ import annotations

from pathlib import Path


class RuralmetricsError(Exception):
    """Base class of every error the library raises on purpose."""

    exit_code = 1


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

    exit_code = 3


class RefusedRequest(RuralmetricsError):
    """A request the warehouse will not carry out as given (a write through ``query``, an unconfirmed drop)."""

    exit_code = 2


class GazetteerError(RuralmetricsError):
    """The gazetteer source files cannot be found or read."""

"""Document keys: a file's path under the folder it was loaded from, and how two files that would
share one are told apart. Used when files are found (pipeline) and when they are stored (load)."""

from __future__ import annotations

import os
from pathlib import Path, PurePath

DEFAULT_PATTERN = "*.txt"  # the files a folder is walked for


def document_key(relative: PurePath | str) -> str:
    """The document key of a file from its path relative to the folder it was loaded from.

    POSIX separators, and the ``.txt`` extension dropped (``a/x.txt`` -> ``a/x``); any other
    extension stays, so ``x.txt`` and ``x.md`` are two documents (``x`` and ``x.md``).
    """
    relative = PurePath(relative)
    name = relative.stem if relative.suffix.lower() == ".txt" else relative.name
    return (relative.parent / name).as_posix().removeprefix("./")


def key_under_parents(path: Path | str, key: str, depth: int) -> str:
    """``key`` with the last ``depth`` folders of the file's real path in front (``x`` -> ``b/x``): how two
    files that would share a key are told apart."""
    parents = Path(os.path.realpath(path)).parent.parts[1:]  # without the root "/"
    return "/".join([*parents[len(parents) - depth:], key]) if depth else key

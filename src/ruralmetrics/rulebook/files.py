"""Read the files under ``ruralmetrics/data``: YAML, CSV and word lists, each with a ``#`` header.

The only code that opens ``data/``. Readers validate as they go and raise ``RuleFileError``
naming the file, the key and the problem.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..errors import RuleFileError

DATA_PACKAGE = "ruralmetrics.data"


def data_dir() -> Path:
    return Path(str(resources.files(DATA_PACKAGE)))


def _text(name: str) -> str:
    path = data_dir() / name
    if not path.is_file():
        raise RuleFileError(name, None, "file is missing")
    text = path.read_text(encoding="utf-8")
    if not text.lstrip("\ufeff").startswith("#"):
        raise RuleFileError(name, None, "has no '#' header saying what it holds")
    return text.lstrip("\ufeff")


class _UniqueKeyLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml's parser: ~15x faster
    """A YAML loader that rejects duplicate mapping keys (PyYAML keeps the last silently)."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    mapping: dict = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        mapping[key] = loader.construct_object(value_node, deep=deep)
    return mapping


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


@cache
def read_yaml(name: str) -> Any:
    """Parse ``data/<name>`` as YAML, rejecting duplicate keys."""
    try:
        return yaml.load(_text(name), Loader=_UniqueKeyLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.YAMLError as err:
        raise RuleFileError(name, None, f"not valid YAML: {err}") from err


@cache
def read_csv(name: str) -> tuple[dict[str, str], ...]:
    """Rows of ``data/<name>`` as dicts; ``#`` lines are comments."""
    lines = [line for line in _text(name).splitlines() if not line.startswith("#")]
    return tuple(dict(row) for row in csv.DictReader(io.StringIO("\n".join(lines))))


@cache
def read_words(name: str) -> tuple[str, ...]:
    """One item per line; ``#`` starts a comment; blank lines are skipped; duplicates rejected."""
    words: list[str] = []
    seen: set[str] = set()
    for number, raw in enumerate(_text(name).splitlines(), 1):
        word = raw.split("#", 1)[0].strip()
        if not word:
            continue
        if word in seen:
            raise RuleFileError(name, word, f"listed twice (line {number})")
        seen.add(word)
        words.append(word)
    return tuple(words)


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of literal words, longest first (Python takes the first alternative that fits)."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def compile_pattern(name: str, key: str, pattern: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as err:
        raise RuleFileError(name, key, f"pattern does not compile: {err}") from err


def require_keys(name: str, key: str, entry: dict, allowed: set[str], required: set[str] = frozenset()) -> None:
    """Fail on unknown or missing keys of one entry."""
    if not isinstance(entry, dict):
        raise RuleFileError(name, key, "expected a mapping")
    unknown = set(entry) - allowed
    if unknown:
        raise RuleFileError(name, key, f"unknown keys {sorted(unknown)}")
    missing = set(required) - set(entry)
    if missing:
        raise RuleFileError(name, key, f"missing keys {sorted(missing)}")


def fingerprint() -> str:
    """sha256 over every file in ``data/`` (names and bytes): part of ``extractor_version``."""
    digest = hashlib.sha256()
    root = data_dir()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()

"""Rows as text for people and programs: aligned tables, CSV, TSV, JSON and JSON Lines.

The same value prints the same way on SQLite and PostgreSQL: NULL stays distinct from an empty
string (``NULL`` in tables, an empty unquoted field in CSV, ``\\N`` in TSV, ``null`` in JSON);
integral floats print without ``.0``; booleans as 1/0 (SQLite has no other); dates ISO;
timestamps in UTC as ``YYYY-MM-DD HH:MM:SS[.ffffff]``. TSV escapes tab, newline, carriage return
and backslash (PostgreSQL ``COPY`` text format), so one row is always one line.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, Literal

Format = Literal["table", "csv", "tsv", "json", "jsonl"]
FORMATS: tuple[str, ...] = ("table", "csv", "tsv", "json", "jsonl")
_TSV_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def plain(value: Any) -> Any:
    """A value as JSON would hold it, the same from both backends."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, Decimal):
        value = float(value)
    if isinstance(value, float):
        return int(value) if value.is_integer() and abs(value) < 2**53 else value
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    return value


def text_of(value: Any) -> str:
    value = plain(value)
    return "" if value is None else str(value)


def format_rows(columns: Sequence[str], rows: Iterable[Sequence[Any]], fmt: Format = "tsv",
                headers: bool = True) -> Iterator[str]:
    """Lines of output (each without its newline); rows are consumed as they come, except for
    ``table``, which must see every row to align them."""
    if fmt == "table":
        yield from _table(columns, [[("NULL" if v is None else text_of(v)) for v in row] for row in rows], headers)
    elif fmt == "tsv":
        if headers:
            yield "\t".join(c.translate(_TSV_ESCAPES) for c in columns)
        for row in rows:
            yield "\t".join("\\N" if v is None else text_of(v).translate(_TSV_ESCAPES) for v in row)
    elif fmt == "csv":
        if headers:
            yield _csv_line(columns)
        for row in rows:
            yield _csv_line(row)
    elif fmt == "jsonl":
        for row in rows:
            yield json.dumps(dict(zip(columns, map(plain, row), strict=True)), ensure_ascii=False)
    elif fmt == "json":
        yield "["
        first = True
        for row in rows:
            line = json.dumps(dict(zip(columns, map(plain, row), strict=True)), ensure_ascii=False)
            yield ("  " if first else ", ") + line
            first = False
        yield "]"
    else:
        raise ValueError(f"unknown format {fmt!r}: one of {', '.join(FORMATS)}")


def _csv_line(row: Sequence[Any]) -> str:
    buffer = io.StringIO()
    # NULL: an empty field; an empty string: "" (quoted), so the two stay apart
    csv.writer(buffer, lineterminator="\n").writerow(  # "\n" here makes a field holding one get quoted
        [None if v is None else (text_of(v) or _EMPTY) for v in row])
    return buffer.getvalue().removesuffix("\n").replace(_EMPTY, '""')


_EMPTY = "\x00empty\x00"  # stands for an empty string while the csv module writes the row


def width(text: str) -> int:
    """Columns a string takes on a terminal (wide and full-width characters count two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _table(columns: Sequence[str], rows: list[list[str]], headers: bool) -> Iterator[str]:
    cells = [[c.replace("\n", "↵").replace("\t", " ") for c in row] for row in rows]
    head = list(columns)
    widths = [max([width(head[i]) if headers else 0, *(width(r[i]) for r in cells)]) for i in range(len(head))]

    def line(row: Sequence[str]) -> str:
        return " | ".join(c + " " * (w - width(c)) for c, w in zip(row, widths, strict=True)).rstrip()

    if headers:
        yield line(head)
        yield "-+-".join("-" * w for w in widths)
    for row in cells:
        yield line(row)

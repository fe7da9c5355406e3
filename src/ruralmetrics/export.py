"""export: a view, a table or a read-only query to a file (CSV, JSON Lines, Parquet), streamed.

Rows are read in a read-only transaction as they come (``db.readonly.stream_select``) and written in
batches, so a million rows never sit in memory. The file appears whole or not at all: rows go to a
temporary file beside it, renamed into place at the end. CSV can start with a byte-order mark so
Excel reads UTF-8; NULL is an empty field and an empty string ``""``, as ``query --csv`` prints them.
Parquet needs ``pyarrow`` (``pip install 'ruralmetrics[parquet]'``); its columns are typed from the
values (integers, floats, text, dates as ISO text), all nullable.
"""

from __future__ import annotations

import itertools
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Engine

from .db.readonly import count_query, describe, list_relations, run_select, stream_select
from .errors import RefusedRequest
from .output import format_rows, plain

ExportFormat = Literal["csv", "jsonl", "parquet"]
EXPORT_FORMATS: tuple[str, ...] = ("csv", "jsonl", "parquet")
BATCH = 10_000  # rows per Parquet row group and per progress step
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def format_for(path: Path, fmt: str | None) -> ExportFormat:
    """The format asked for, else the one the file's suffix names (.csv, .jsonl/.ndjson, .parquet)."""
    chosen = fmt or {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet"}.get(
        path.suffix.lower())
    if chosen not in EXPORT_FORMATS:
        raise RefusedRequest(f"{path}: say the format (--format {'|'.join(EXPORT_FORMATS)}) "
                             "or end the file name in .csv, .jsonl or .parquet")
    return chosen  # type: ignore[return-value]


def statement_for(engine: Engine, source: str) -> str:
    """A view's or table's name becomes SELECT * FROM it; anything else is taken as a query."""
    if _NAME.fullmatch(source.strip()):
        if source.strip() not in dict(list_relations(engine)):
            raise RefusedRequest(f"no table or view {source.strip()!r} (see `ruralmetrics tables`)")
        return f'SELECT * FROM "{source.strip()}"'
    return source


def export(engine: Engine, source: str, path: Path, fmt: str | None = None, bom: bool = False,
           params: dict[str, Any] | None = None, progress: Callable[[int], None] | None = None,
           total: Callable[[int | None], None] | None = None, timeout: float | None = None) -> int:
    """Write the rows of ``source`` (a view, a table or a SELECT) to ``path``; the number of rows.

    ``total`` is told how many rows will come (when a count is cheap to have) before the first is
    written; ``progress`` is told how many more were written after each batch.
    """
    chosen = format_for(path, fmt)
    if chosen == "parquet":
        _need_pyarrow()
    statement = statement_for(engine, source)
    if total is not None:
        total(count_query(engine, statement, params, timeout))
    path = path.resolve()
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except OSError as err:
        raise RefusedRequest(f"{path}: cannot write there ({err.strerror or err})") from err
    os.close(handle)
    try:
        declared = _declared_kinds(engine, source)

        def probe(column: str) -> str:
            """The kind of a column the first batch held only NULLs in: its declared type (a view's or
            table's), else its first value further on."""
            if declared.get(column):
                return declared[column]
            quoted = '"' + column.replace('"', '""') + '"'
            found = run_select(engine, f"SELECT {quoted} FROM ({statement}) AS probed WHERE {quoted} IS NOT NULL",
                               timeout, 1, params).rows
            return _kind([found[0][0]]) if found else "text"

        with stream_select(engine, statement, timeout, None, params) as (columns, rows):
            if chosen == "parquet":
                written = _write_parquet(Path(temporary), columns, rows, probe, progress or (lambda _n: None))
            else:
                written = _write_text(Path(temporary), columns, rows, chosen, bom, progress or (lambda _n: None))
        os.replace(temporary, path)
    except OSError as err:  # a full disk, a folder in the way: one line, no traceback
        Path(temporary).unlink(missing_ok=True)
        raise RefusedRequest(f"{path}: cannot write it ({err.strerror or err})") from err
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return written


def _batches(rows: Iterable[Sequence[Any]]) -> Iterator[list[Sequence[Any]]]:
    iterator = iter(rows)
    while batch := list(itertools.islice(iterator, BATCH)):
        yield batch


def _write_text(target: Path, columns: Sequence[str], rows: Iterable[Sequence[Any]], fmt: str, bom: bool,
                progress: Callable[[int], None]) -> int:
    written = 0
    with target.open("w", encoding="utf-8-sig" if bom and fmt == "csv" else "utf-8", newline="") as out:
        if fmt == "csv":
            out.write(next(format_rows(columns, [], "csv")) + "\r\n")
        for batch in _batches(rows):
            for line in format_rows(columns, batch, fmt, headers=False):  # type: ignore[arg-type]
                out.write(line + ("\r\n" if fmt == "csv" else "\n"))
            written += len(batch)
            progress(len(batch))
    return written


def _write_parquet(target: Path, columns: Sequence[str], rows: Iterable[Sequence[Any]],
                   probe: Callable[[str], str], progress: Callable[[int], None]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    writer = None
    kinds: list[str] = []
    written = 0
    try:
        for batch in _batches(rows):
            if writer is None:
                kinds = [_kind([row[i] for row in batch]) or probe(name) for i, name in enumerate(columns)]
                schema = pa.schema([pa.field(name, {"int": pa.int64(), "float": pa.float64()}.get(kind, pa.string()))
                                    for name, kind in zip(columns, kinds, strict=True)])
                writer = pq.ParquetWriter(str(target), schema)
            arrays = [[_cell(row[i], kind) for row in batch] for i, kind in enumerate(kinds)]
            writer.write_table(pa.Table.from_arrays(arrays, schema=writer.schema))
            written += len(batch)
            progress(len(batch))
        if writer is None:  # no rows: the columns still, as text
            pq.write_table(pa.schema([pa.field(name, pa.string()) for name in columns]).empty_table(), str(target))
    finally:
        if writer is not None:
            writer.close()
    return written


def _declared_kinds(engine: Engine, source: str) -> dict[str, str]:
    """int/float for the numeric columns a view or table declares (empty for a query)."""
    if not _NAME.fullmatch(source.strip()):
        return {}
    kinds = {}
    for column in describe(engine, source.strip()):
        declared = column.type.upper()
        if declared.startswith(("INTEGER", "BIGINT", "SMALLINT")):
            kinds[column.name] = "int"
        elif declared.startswith(("FLOAT", "REAL", "DOUBLE", "NUMERIC", "DECIMAL")):
            kinds[column.name] = "float"
    return kinds


def _kind(values: list[Any]) -> str:
    """A column's type from its first batch, by what the database returned: int, float or text ('' when
    the batch holds only NULLs)."""
    present = [v for v in values if v is not None]
    if not present:
        return ""
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return "int"
    if present and all(isinstance(v, int | float | Decimal) and not isinstance(v, bool) for v in present):
        return "float"
    return "text"


def _cell(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind == "int":
        if isinstance(value, float | Decimal) and value != int(value):
            raise RefusedRequest("a column of whole numbers holds a fraction further down: export it as "
                                 "CSV or JSON Lines, or CAST it to REAL in the query")
        return int(value)
    if kind == "float":
        return float(value)
    return str(plain(value))


def _need_pyarrow() -> None:
    try:
        import pyarrow  # noqa: F401
        import pyarrow.parquet  # noqa: F401
    except ImportError as err:
        raise RefusedRequest("Parquet needs pyarrow: pip install 'ruralmetrics[parquet]'") from err

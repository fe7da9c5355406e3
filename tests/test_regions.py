"""extract_regions on single sentences; resolve_places + locate_facts on short made-up reports."""

from __future__ import annotations

import importlib.util
import re
import unicodedata

import pytest
from casefile import figures_at, load_cases

from ruralmetrics.extract import Extracted, extract
from ruralmetrics.extract.documents import describe_document
from ruralmetrics.extract.regions import extract_regions, trie_pattern
from ruralmetrics.gazetteer import Gazetteer, load_gazetteer
from ruralmetrics.normalize import normalize
from ruralmetrics.records import Document, Sentence, SourceFile
from ruralmetrics.resolve.entities import collect_entities
from ruralmetrics.resolve.places import locate_facts, resolve_places
from ruralmetrics.rulebook import Rulebook, load_rulebook
from ruralmetrics.segment import segment

# the cases name villages: without jionlp's village list the gazetteer stops at towns
needs_villages = pytest.mark.skipif(importlib.util.find_spec("jionlp") is None,
                                    reason="jionlp (village names) is optional and not installed")

_SENTENCE = re.compile(r"[^。!?;\n]+[。!?;]?[”」』]?")


def _simplified(text: str, rules: Rulebook) -> str:
    """What normalize() makes of a case (NFKC, traditional -> simplified): cases may be in either script."""
    return rules.text.t2s.convert(unicodedata.normalize("NFKC", text))


@pytest.fixture(scope="module")
def rules() -> Rulebook:
    return load_rulebook()


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


def test_trie_pattern_prefers_longest() -> None:
    pattern = re.compile(trie_pattern(["泗水", "泗水县", "兖州区"]))
    assert [m.group() for m in pattern.finditer("泗水县和泗水、兖州区")] == ["泗水县", "泗水", "兖州区"]


@needs_villages
@pytest.mark.parametrize(("text", "expect"), load_cases("regions"))
def test_regions(rules: Rulebook, gazetteer: Gazetteer, text: str, expect: list[str]) -> None:
    text, expect = _simplified(text, rules), [_simplified(e, rules) for e in expect]
    found = extract_regions(Sentence(index=0, start=0, end=len(text), text=text, paragraph=0, article=0),
                            rules, gazetteer)
    read = text.translate(rules.places.variant_table)  # names are read with variant forms made standard
    assert all(read[m.start:m.end] == m.name and m.type == "region" for m in found)
    assert [f"{m.name}|{m.level}" for m in found] == expect


def _sentences(text: str) -> tuple[Sentence, ...]:
    out: list[Sentence] = []
    for paragraph, line in enumerate(re.finditer(r"[^\n]+", text)):
        for match in _SENTENCE.finditer(line.group()):
            start = line.start() + match.start()
            out.append(Sentence(index=len(out), start=start, end=start + len(match.group()), text=match.group(),
                                paragraph=paragraph, article=0))
    return tuple(out)


def _derive(text: str, rules: Rulebook, gazetteer: Gazetteer) -> tuple[Document, tuple[Sentence, ...], tuple]:
    """A case as the pipeline reads it: normalized, segmented into words and sentences, every mention."""
    document, sentences, extracted = _extracted(text, rules, gazetteer)
    return document, sentences, extracted.mentions


def _extracted(text: str, rules: Rulebook, gazetteer: Gazetteer) -> tuple[Document, tuple[Sentence, ...], Extracted]:
    document = normalize(SourceFile(key="case", text=text, sha256="0", encoding="utf-8"), rules)
    document, sentences = describe_document(document, segment(document, rules), rules)
    return document, sentences, extract(document, sentences, rules, gazetteer)


@needs_villages
@pytest.mark.parametrize(("text", "expect"), load_cases("places"))
def test_places(rules: Rulebook, gazetteer: Gazetteer, text: str, expect: list[str]) -> None:
    document, sentences, extracted = _extracted(text, rules, gazetteer)
    mentions = extracted.mentions
    text, expect = document.text, [_simplified(e, rules) for e in expect]
    places = resolve_places(document, sentences, mentions, rules, gazetteer)
    quantities = figures_at(text, sentences, expect, rules)
    code_at = {q.start: d.indicator_code for q, d in zip(extracted.quantities, extracted.descriptions, strict=True)}
    where = locate_facts(document, sentences, tuple(quantities), mentions, places, rules,
                         tuple(code_at.get(q.start, "other") for q in quantities))
    got = []
    for entry, place in zip(expect, where, strict=True):
        wanted = entry.split("|")[1]
        names = (place.name, *place.aliases) if place else ()
        got.append(f"{entry.split('|')[0]}|{wanted if wanted in names else (place.name if place else '')}")
    assert got == expect


@needs_villages
@pytest.mark.parametrize(("text", "expect"), load_cases("place_names"))
def test_place_names(rules: Rulebook, gazetteer: Gazetteer, text: str, expect: list[str]) -> None:
    """One region entity per real place: "name as the entity writes it|level|official name"."""
    document, sentences, mentions = _derive(text, rules, gazetteer)
    expect = [_simplified(e, rules) for e in expect]
    places = resolve_places(document, sentences, mentions, rules, gazetteer)
    entities = collect_entities(document, mentions, places, rules)
    got = [f"{e.name}|{e.place.level}|{(e.place.aliases or (e.place.name,))[0]}"
           for e in entities if e.type == "region" and e.place is not None]
    assert got == expect


@needs_villages
def test_namesake_settled_by_frame(rules: Rulebook, gazetteer: Gazetteer) -> None:
    """六汪镇鲁山村 in a Qingdao report is under 黄岛区, not 鲁山县 of Henan."""
    text = "青岛市黄岛区六汪镇的驻村干部来到鲁山村。"
    document = Document(key="case", original_text=text, text=text, script="simplified", encoding="utf-8",
                        sha256="")
    sentences = _sentences(text)
    mentions = tuple(m for s in sentences for m in extract_regions(s, rules, gazetteer))
    places = resolve_places(document, sentences, mentions, rules, gazetteer)
    village = next(p for m, p in places.items() if m.name == "鲁山村")
    assert village.level == "village"
    assert "黄岛区" in village.path_text
    town = next(p for m, p in places.items() if m.name == "六汪镇")
    assert town.code == "370211104" and town.resolved


def test_alias_keeps_report_name(rules: Rulebook, gazetteer: Gazetteer) -> None:
    text = "青岛西海岸新区召开乡村振兴工作会议。"
    document = Document(key="case", original_text=text, text=text, script="simplified", encoding="utf-8",
                        sha256="")
    sentences = _sentences(text)
    mentions = tuple(m for s in sentences for m in extract_regions(s, rules, gazetteer))
    place = resolve_places(document, sentences, mentions, rules, gazetteer)[mentions[0]]
    assert (place.name, place.aliases, place.code, place.level) == ("青岛西海岸新区", ("黄岛区",), "370211", "county")


SEGMENTED = [
    ("驻村工作队邀请省千佛山医院的专家开展义诊。", []),  # 佛山 sits inside the word 千佛山
    ("在泗水,第一书记协调资金。", ["泗水"]),
    ("南山村的茶叶远销上海。", ["南山村", "上海"]),
]


@pytest.mark.parametrize("text, names", [pytest.param(t, n, id=t) for t, n in SEGMENTED])
def test_short_names_need_a_word_of_their_own(text: str, names: list[str]) -> None:
    """With real tokens, a short county or city name inside a longer word is not a mention."""
    from ruralmetrics.normalize import normalize
    from ruralmetrics.records import SourceFile
    from ruralmetrics.segment import segment

    rules = load_rulebook()
    document = normalize(SourceFile(key="case", text=text, sha256="0", encoding="utf-8"), rules)
    found = [m.name for s in segment(document, rules) for m in extract_regions(s, rules, load_gazetteer())]
    assert found == names

"""normalize.py: pinyin notes, NFKC, t2s, script and mojibake runs (cases/normalize.yaml, tests/files/)."""

from __future__ import annotations

import collections
import copy
import re
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from casefile import load_cases

from ruralmetrics.errors import RuleFileError
from ruralmetrics.normalize import normalize
from ruralmetrics.read import read_file, source_from_text
from ruralmetrics.rulebook import Rulebook, load_rulebook
from ruralmetrics.rulebook import text as text_rules
from ruralmetrics.rulebook.files import data_dir, read_words, read_yaml

FILES = Path(__file__).parent / "files"


@pytest.fixture(scope="module")
def rules() -> Rulebook:
    return load_rulebook()


@pytest.mark.parametrize("text, expect", load_cases("normalize"))
def test_normalize(rules: Rulebook, text: str, expect: dict[str, Any]) -> None:
    document = normalize(source_from_text("case", text, "utf-8"), rules)
    if "text" in expect:
        assert document.text == expect["text"]
    assert document.script == expect["script"]
    assert [document.text[a:b] for a, b in document.damaged] == expect["damaged"]
    assert document.original_text == text


def test_the_mojibake_file(rules: Rulebook) -> None:
    document = normalize(read_file(FILES / "mojibake.txt"), rules)
    text = document.text
    assert len(document.damaged) == 1
    glued = text.index("?5") + 1
    assert document.is_damaged(glued, glued + 1)  # the 5 of ?5公里 lost its neighbours
    for figure in ("12条", "1处"):
        at = text.index(figure)
        assert not document.is_damaged(at, at + len(figure))
    assert document.script == "simplified"


def test_the_pinyin_file(rules: Rulebook) -> None:
    document = normalize(read_file(FILES / "pinyin.txt"), rules)
    assert document.text == "云南省红河州驻村队员走访乡亲,发放农资价值3.6万元。\n"
    assert document.script == "traditional"
    assert document.damaged == ()


def test_big5_reads_as_traditional(rules: Rulebook) -> None:
    document = normalize(read_file(FILES / "big5_traditional.txt"), rules)
    assert document.script == "traditional"
    assert document.text.startswith("驻村帮扶工作队")
    assert document.encoding == "big5"


def test_common_chars_is_derived_from_jieba() -> None:
    """data/common_chars.txt is what its header says: re-derive it and compare."""
    header = [line for line in (data_dir() / "common_chars.txt").read_text(encoding="utf-8").splitlines()
              if line.startswith("#")]
    count = int(re.search(r"the (\d+) Han characters", header[0]).group(1))
    scores: collections.Counter[str] = collections.Counter()
    dictionary = resources.files("jieba").joinpath("dict.txt").read_text(encoding="utf-8")
    for match in re.finditer(r"^(\S+) (\d+)", dictionary, re.M):
        word = match.group(1)
        if len(word) < 2:
            continue
        for char in word:
            if "\u4e00" <= char <= "\u9fff":
                scores[char] += int(match.group(2))
    ranked = [c for c, _ in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:count]]
    assert "".join(read_words("common_chars.txt")) == "".join(ranked)


@pytest.mark.parametrize(("path", "value", "problem"), [
    (("mojibake", "colour"), 1, "unknown keys"),
    (("decoding", "encodings"), ["gb18030", "klingon"], "unknown encoding"),
    (("script", "traditional_share"), 2, "between"),
    (("pinyin_notes", "brackets"), [["("]], "pairs"),
    (("sentences", "terminators"), ["。", "。"], "twice"),
    (("mojibake", "glued"), "[0-9", "does not compile"),
])
def test_text_yaml_is_validated(path: tuple[str, str], value: object, problem: str) -> None:
    data = copy.deepcopy(read_yaml("text.yaml"))
    data[path[0]][path[1]] = value
    with pytest.raises(RuleFileError, match=problem) as caught:
        text_rules._text_rules(data)
    assert "text.yaml" in str(caught.value)

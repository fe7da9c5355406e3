"""segment.py: paragraphs, sentences, headings and jieba tokens with absolute offsets."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import jieba
import pytest

from ruralmetrics.normalize import normalize
from ruralmetrics.read import source_from_text
from ruralmetrics.records import Document, Sentence
from ruralmetrics.rulebook import Rulebook, load_rulebook
from ruralmetrics.rulebook.text import TextRules
from ruralmetrics.segment import segment, tokenizer_for


@pytest.fixture(scope="module")
def rules() -> Rulebook:
    return load_rulebook()


def cut(text: str, rules: Rulebook) -> tuple[Document, tuple[Sentence, ...]]:
    document = normalize(source_from_text("case", text, "utf-8"), rules)
    return document, segment(document, rules)


@pytest.mark.parametrize(("text", "expect"), [
    ("村里新建大棚20座。今年还要再建10座!你信吗?", ["村里新建大棚20座。", "今年还要再建10座!", "你信吗?"]),
    ("他说:“今年收入翻番了。”村民都笑了。", ["他说:“今年收入翻番了。”", "村民都笑了。"]),
    ("投资420万元(人民币;下同)建成养殖基地。", ["投资420万元(人民币;下同)建成养殖基地。"]),
    ("产业兴旺;生态宜居;乡风文明", ["产业兴旺;", "生态宜居;", "乡风文明"]),
    ("第一行没有句号\n第二行也没有", ["第一行没有句号", "第二行也没有"]),
    ("真的吗?!大家都不敢相信。", ["真的吗?!", "大家都不敢相信。"]),
    ("村里有座桥(建于。1958年", ["村里有座桥(建于。", "1958年"]),
], ids=["terminators", "closing-quote", "aside", "semicolons", "line-ends", "double-mark", "open-bracket"])
def test_sentences(rules: Rulebook, text: str, expect: list[str]) -> None:
    _, sentences = cut(text, rules)
    assert [s.text for s in sentences] == expect


def test_offsets_are_absolute_and_half_open(rules: Rulebook) -> None:
    text = "\n\n  柳溪村新貌\n\n□本报记者 某某\n\n今年以来，柳溪村新修道路3公里。村民的日子越过越红火！\n"
    document, sentences = cut(text, rules)
    assert [s.index for s in sentences] == list(range(len(sentences)))
    for sentence in sentences:
        assert sentence.text == document.text[sentence.start:sentence.end]
        assert sentence.text == sentence.text.strip()
        assert sentence.tokens, sentence.text
        for token in sentence.tokens:
            assert token.text == document.text[token.start:token.end]
            assert sentence.start <= token.start < token.end <= sentence.end
            assert not token.text.isspace()
        assert "".join(t.text for t in sentence.tokens) == sentence.text.replace(" ", "")


def test_paragraphs_and_headings(rules: Rulebook) -> None:
    text = "柳溪村新貌\n\n今年以来，柳溪村新修道路3公里。村民笑了。\n工作队大力开展招商引资工作，\n图为村民在采茶\n"
    _, sentences = cut(text, rules)
    assert [(s.paragraph, s.is_heading) for s in sentences] == [
        (0, True), (1, False), (1, False), (2, False), (3, True)]


def test_a_long_line_without_final_punctuation_is_no_heading(rules: Rulebook) -> None:
    line = "驻村工作队" * 14  # 70 characters
    _, sentences = cut(line, rules)
    assert not sentences[0].is_heading


def test_a_terminator_inside_a_damaged_run_does_not_split(rules: Rulebook) -> None:
    document, sentences = cut("52名驻村干部?jī)赡甓鄟韼椭藿ù迓?0.04公里,新建垃圾点35个。", rules)
    assert document.damaged
    assert len(sentences) == 1


@dataclass(frozen=True)
class _Words:
    """A stand-in for Rulebook: what tokenizer_for reads (a fingerprint and the jieba words)."""

    fingerprint: str
    words: tuple[str, ...]
    text: TextRules

    def jieba_words(self) -> Iterator[tuple[str, int | None, str | None]]:
        for word in self.words:
            yield word, None, None


def test_the_tokenizer_is_our_own_and_fed_from_the_rules(rules: Rulebook) -> None:
    fake = _Words("test-fingerprint-words", ("书石墕村",), rules.text)
    tokenizer = tokenizer_for(fake)  # type: ignore[arg-type]
    assert tokenizer is not jieba.dt
    assert tokenizer is tokenizer_for(fake)  # type: ignore[arg-type]
    assert "书石墕村" in tokenizer.lcut("沙泉镇书石墕村新打机井")
    assert "书石墕村" not in jieba.dt.FREQ  # the global dictionary is untouched


def test_one_tokenizer_per_rule_set(rules: Rulebook) -> None:
    assert tokenizer_for(rules) is tokenizer_for(rules)

"""extract/documents.py: articles, titles, bylines, publication date and source (cases/documents.yaml)."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from casefile import load_cases

from ruralmetrics.errors import RuleFileError
from ruralmetrics.extract.documents import describe_document
from ruralmetrics.normalize import normalize
from ruralmetrics.read import source_from_text
from ruralmetrics.records import Document, Sentence
from ruralmetrics.rulebook import Rulebook, load_rulebook
from ruralmetrics.rulebook import text as text_rules
from ruralmetrics.rulebook.files import read_yaml
from ruralmetrics.segment import segment


@pytest.fixture(scope="module")
def rules() -> Rulebook:
    return load_rulebook()


def describe(text: str, rules: Rulebook) -> tuple[Document, tuple[Sentence, ...]]:
    document = normalize(source_from_text("case", text, "utf-8"), rules)
    return describe_document(document, segment(document, rules), rules)


@pytest.mark.parametrize("text, expect", load_cases("documents"))
def test_describe_document(rules: Rulebook, text: str, expect: dict[str, Any]) -> None:
    document, _ = describe(text, rules)
    assert document.title == expect["title"]
    assert (document.published_on.isoformat() if document.published_on else None) == expect["published_on"]
    assert document.source == expect["source"]
    assert len(document.articles) == expect["articles"]
    if "titles" in expect:
        assert [a.title for a in document.articles] == expect["titles"]
    if "bylines" in expect:
        assert [a.byline for a in document.articles] == expect["bylines"]


def test_articles_tile_the_text_and_sentences_know_theirs(rules: Rulebook) -> None:
    text = load_cases("documents")[0].values[0]
    document, sentences = describe(text, rules)
    first, second = document.articles
    assert (first.index, first.start, second.index, second.end) == (0, 0, 1, len(document.text))
    assert first.end == second.start
    assert document.text[second.start:].startswith("果园里的新希望")
    for sentence in sentences:
        assert document.articles[sentence.article].start <= sentence.start < document.articles[sentence.article].end
    assert {s.article for s in sentences} == {0, 1}


def test_a_document_without_text_still_has_one_article(rules: Rulebook) -> None:
    document = normalize(source_from_text("case", "  \n", "utf-8"), rules)
    described, sentences = describe_document(document, (), rules)
    assert len(described.articles) == 1 and described.title is None and sentences == ()


@pytest.mark.parametrize(("path", "value", "problem"), [
    (("source", "publisher"), "x", "unknown keys"),
    (("openers", "agency"), "(?P<news>[社网])", "named groups"),
    (("dateline", "date"), "(?P<year>\\d{4})", "named groups"),
    (("credits", "roles"), [], "non-empty list"),
    (("titles", "tags"), ["【[^】"], "does not compile"),
])
def test_documents_yaml_is_validated(path: tuple[str, str], value: object, problem: str) -> None:
    data = copy.deepcopy(read_yaml("documents.yaml"))
    data[path[0]][path[1]] = value
    with pytest.raises(RuleFileError, match=problem) as caught:
        text_rules._document_rules(data)
    assert "documents.yaml" in str(caught.value)


def test_a_publication_line_states_no_figure(rules: Rulebook) -> None:
    from ruralmetrics.pipeline import derive

    text = "村里的新变化\n时间:2022-09-14 22:45人气:来源: 中国农网\n驻村工作队帮助村民销售茶叶300斤。\n"
    extraction = derive(source_from_text("case", text, "utf-8"), rules)
    assert extraction.document.publication_lines
    assert [f.quantity.surface for f in extraction.facts] == ["300斤"]

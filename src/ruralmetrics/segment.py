"""segment: Document -> Sentences (paragraphs, sentences, jieba tokens with absolute offsets).

A paragraph is a non-blank line. A sentence ends at 。!?; (with the closing quotes after them) or
at the line end; a bracketed aside is never split, nor is a terminator inside a damaged run.
Tokens come from the project's own ``jieba.Tokenizer`` fed with ``Rulebook.jieba_words()``: one
tokenizer per rule set, built once, one ``lcut`` per paragraph.
"""

from __future__ import annotations

import logging
from bisect import bisect_right
from itertools import accumulate

import jieba

from .records import Document, Sentence, Token
from .rulebook import Rulebook
from .rulebook.text import TextRules

_TOKENIZERS: dict[str, jieba.Tokenizer] = {}  # by Rulebook.fingerprint: same rules, same tokenizer


def tokenizer_for(rules: Rulebook) -> jieba.Tokenizer:
    """The tokenizer of this rule set (built on first use, then reused)."""
    tokenizer = _TOKENIZERS.get(rules.fingerprint)
    if tokenizer is None:
        logging.getLogger("jieba").setLevel(logging.WARNING)  # no "Building prefix dict" chatter
        tokenizer = jieba.Tokenizer()
        tokenizer.initialize()
        for word, freq, tag in rules.jieba_words():
            tokenizer.add_word(word, freq, tag)
        _TOKENIZERS[rules.fingerprint] = tokenizer
    return tokenizer


def segment(document: Document, rules: Rulebook) -> tuple[Sentence, ...]:
    """Paragraphs, sentences and tokens of the normalized text."""
    text_rules = rules.text
    tokenizer = tokenizer_for(rules)
    text = document.text
    sentences: list[Sentence] = []
    for paragraph, line in enumerate(text_rules.line.finditer(text)):
        spans = _sentence_spans(line.group(), line.start(), document, text_rules)
        if not spans:
            continue
        heading = is_heading(line.group(), text_rules)
        tokens = _tokens(tokenizer, text, spans[0][0], spans[-1][1], text_rules.hmm)
        starts = [t.start for t in tokens]
        for start, end in spans:
            inside = tokens[bisect_right(starts, start - 1):bisect_right(starts, end - 1)]
            sentences.append(Sentence(index=len(sentences), start=start, end=end, text=text[start:end],
                                      paragraph=paragraph, article=0,
                                      tokens=tuple(t for t in inside if t.end <= end), is_heading=heading))
    return tuple(sentences)


def is_heading(line: str, rules: TextRules) -> bool:
    """A short line that doesn't end like prose: headline, subhead, caption, byline."""
    stripped = line.strip()
    return len(stripped) <= rules.heading_max_chars and rules.prose_end.search(stripped) is None


def _sentence_spans(line: str, offset: int, document: Document, rules: TextRules) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for match in rules.sentence.finditer(line):
        start, end = match.span()
        while start < end and line[start].isspace():
            start += 1
        while end > start and line[end - 1].isspace():
            end -= 1
        if start == end:
            continue
        start, end = start + offset, end + offset
        # a terminator inside a damaged run is noise, not the end of a sentence
        if spans and document.is_damaged(spans[-1][1] - 1, start + 1):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def _tokens(tokenizer: jieba.Tokenizer, text: str, start: int, end: int, hmm: bool) -> list[Token]:
    words = tokenizer.lcut(text[start:end], HMM=hmm)
    bounds = list(accumulate(map(len, words), initial=start))
    return [Token(word, begin, after) for word, begin, after in zip(words, bounds, bounds[1:], strict=False)
            if not word.isspace()]

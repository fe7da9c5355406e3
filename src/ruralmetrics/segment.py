"""segment: Document -> Sentences (paragraphs, sentences, jieba tokens with absolute offsets).

A paragraph is a non-blank line. A sentence ends at 。!?; (with the closing quotes after them) or
at the line end; a bracketed aside is never split, nor is a terminator inside a damaged run.
Tokens come from the project's own ``jieba.Tokenizer`` fed with ``Rulebook.jieba_words()``: one
tokenizer per rule set, built once.

Tokens are made on demand: a Sentence holds a maker that segments it the first time its
``tokens`` are read (most sentences never are). They are exactly the tokens of the paragraph's
``Tokenizer.lcut``: jieba cuts each run of its block characters (Han, ASCII letters and digits,
``+#&._%-``) on its own, so cutting the runs that hold the sentence gives the same words.
"""

from __future__ import annotations

import logging
from typing import Any

import jieba

from .records import Document, Sentence, Token
from .rulebook import Rulebook
from .rulebook.text import TextRules

_TOKENIZERS: dict[str, jieba.Tokenizer] = {}  # by Rulebook.fingerprint: same rules, same tokenizer
_BLOCK = jieba.re_han_default  # the runs jieba cuts with its dictionary; any other character is a word


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


_TAGGERS: dict[str, Any] = {}


def tagger_for(rules: Rulebook) -> Any:
    """jieba's part-of-speech tagger (``jieba.posseg.POSTokenizer``) over this rule set's tokenizer, built
    on first use: importing it and reading the dictionary's tags take a second, so only a document that
    needs a tag pays for it."""
    tagger = _TAGGERS.get(rules.fingerprint)
    if tagger is None:
        import jieba.posseg

        tagger = _TAGGERS[rules.fingerprint] = jieba.posseg.POSTokenizer(tokenizer_for(rules))
    return tagger


def segment(document: Document, rules: Rulebook) -> tuple[Sentence, ...]:
    """Paragraphs and sentences of the normalized text; each sentence's tokens on first access."""
    text_rules = rules.text
    tokenizer, hmm = tokenizer_for(rules), text_rules.hmm
    text = document.text
    sentences: list[Sentence] = []
    for paragraph, line in enumerate(text_rules.line.finditer(text)):
        spans = _sentence_spans(line.group(), line.start(), document, text_rules)
        if not spans:
            continue
        heading = is_heading(line.group(), text_rules)
        low, high = spans[0][0], spans[-1][1]  # what the paragraph's cut covers
        for start, end in spans:
            sentences.append(Sentence(index=len(sentences), start=start, end=end, text=text[start:end],
                                      paragraph=paragraph, article=0,
                                      tokens=_SentenceTokens(tokenizer, hmm, text, low, high, start, end),
                                      is_heading=heading))
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


class _SentenceTokens:
    """The maker of one sentence's tokens: those of ``text[low:high]`` (its paragraph's cut) that
    lie inside ``[start, end)``."""

    __slots__ = ("tokenizer", "hmm", "text", "low", "high", "start", "end")

    def __init__(self, tokenizer: jieba.Tokenizer, hmm: bool, text: str, low: int, high: int,
                 start: int, end: int) -> None:
        self.tokenizer, self.hmm = tokenizer, hmm
        self.text, self.low, self.high, self.start, self.end = text, low, high, start, end

    def __call__(self) -> tuple[Token, ...]:
        text, start, end = self.text, self.start, self.end
        # widen to whole runs: a run cut off at the sentence edge would be cut differently
        if _BLOCK.match(text, start) is not None:
            while start > self.low and _BLOCK.match(text, start - 1, start):
                start -= 1
        if _BLOCK.match(text, end - 1, end) is not None:
            run = _BLOCK.match(text, end, self.high)
            end = run.end() if run is not None else end
        return tuple(Token(word, start + a, start + b)
                     for word, a, b in self.tokenizer.tokenize(text[start:end], HMM=self.hmm)
                     if start + a >= self.start and start + b <= self.end and not word.isspace())

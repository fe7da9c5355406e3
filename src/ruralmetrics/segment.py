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

import importlib.util
import logging
import re
from pathlib import Path
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


_TAGGERS: dict[str, NameTagger] = {}
_POSSEG = Path(jieba.__file__).parent / "posseg"
_HAN = re.compile("[\u4e00-\u9fd5]+")


class NameTagger:
    """jieba's part-of-speech HMM (``jieba.posseg``) for words the dictionary does not know.

    ``tags(text)`` gives (word, tag) for the words jieba.posseg would make of ``text`` by its HMM: the runs
    of characters the dictionary cuts one by one, tagged through the Viterbi path over its BMES x
    part-of-speech states (nr, nrfg, nrt are personal names). Dictionary words are left out: a name
    looked at here is never one. Its tables are read from jieba's package files, without importing
    ``jieba.posseg``, whose import also reads every dictionary word's tag (half a second and tens of
    megabytes per process that nothing here needs).
    """

    def __init__(self, tokenizer: jieba.Tokenizer) -> None:
        self.tokenizer = tokenizer
        self.tables = tuple(_posseg_module(name).P for name in ("char_state_tab", "prob_start", "prob_trans", "prob_emit"))
        self.viterbi = _posseg_module("viterbi").viterbi

    def tags(self, text: str) -> list[tuple[str, str]]:
        found: list[tuple[str, str]] = []
        for block in _HAN.finditer(text):
            sentence = block.group()
            dag = self.tokenizer.get_DAG(sentence)
            route: dict[int, tuple[float, int]] = {}
            self.tokenizer.calc(sentence, dag, route)
            x, buf = 0, ""
            while x <= len(sentence):
                y = route[x][1] + 1 if x < len(sentence) else x + 1
                if x < len(sentence) and y - x == 1:
                    buf += sentence[x]
                else:
                    if len(buf) > 1 and not self.tokenizer.FREQ.get(buf):
                        found.extend(self._cut(buf))
                    buf = ""
                x = y
        return found

    def _cut(self, run: str) -> list[tuple[str, str]]:
        """The run cut and tagged along the Viterbi path (jieba.posseg's ``__cut``)."""
        state, start, trans, emit = self.tables
        _, path = self.viterbi(run, state, start, trans, emit)
        out, begin, after = [], 0, 0
        for i, char in enumerate(run):
            position, tag = path[i]
            if position == "B":
                begin = i
            elif position == "E":
                out.append((run[begin:i + 1], tag))
                after = i + 1
            elif position == "S":
                out.append((char, tag))
                after = i + 1
        if after < len(run):
            out.append((run[after:], path[after][1]))
        return out


def _posseg_module(name: str) -> Any:
    """One module file of jieba/posseg, loaded by its path (so the package's __init__ does not run)."""
    spec = importlib.util.spec_from_file_location(f"ruralmetrics_posseg_{name}", _POSSEG / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def tagger_for(rules: Rulebook) -> NameTagger:
    """The name tagger over this rule set's tokenizer (built on first use: only a document that has a
    candidate name needs it)."""
    tagger = _TAGGERS.get(rules.fingerprint)
    if tagger is None:
        tagger = _TAGGERS[rules.fingerprint] = NameTagger(tokenizer_for(rules))
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

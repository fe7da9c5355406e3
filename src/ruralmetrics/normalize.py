"""normalize: SourceFile -> Document (pinyin notes out, half-width, simplified script, mojibake marked).

The steps and their order are those of shared/tools/score.py ``normalize`` (pinyin notes, then NFKC,
then OpenCC t2s), so gold quotes are substrings of ``Document.text``. Line breaks and spaces are kept:
segment.py needs them; only the breaks of hard-wrapped text (a PDF's page lines, which cut sentences
and even numbers from their units) are taken out. Mojibake is found on the normalized text itself, so
its spans need no mapping.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from operator import ne

from .records import Document, Script, SourceFile
from .rulebook import Rulebook
from .rulebook.text import TextRules

_HAN = re.compile(r"[\u4e00-\u9fff]")


def normalize(source: SourceFile, rules: Rulebook) -> Document:
    """Normalize one report and mark its damaged runs."""
    text_rules = rules.text
    half = half_width(source.text, text_rules)
    plain = unwrap(text_rules.t2s.convert(half), text_rules)
    damaged = find_damaged(plain, text_rules)
    return Document(key=source.key, original_text=source.text, text=plain,
                    script=script_of(half, plain, text_rules, damaged), encoding=source.encoding,
                    sha256=source.sha256, damaged=damaged)


def normalize_text(text: str, rules: TextRules) -> str:
    """Pinyin notes removed, NFKC (full-width -> half-width), OpenCC t2s: score.py's normalize."""
    return rules.t2s.convert(half_width(text, rules))


def unwrap(text: str, rules: TextRules) -> str:
    """Hard-wrapped text with each full line that breaks off mid-sentence joined to the next line of text
    (blank lines and indentation between them go too); any other text as it is (text.yaml `wrapping`)."""
    lines = text.split("\n")
    content = sorted(_width(line) for line in lines if line.strip())
    if len(content) < rules.wrap_min_open_lines:
        return text
    full = rules.wrap_full_share * content[max(0, int(len(content) * 0.9) - 1)]

    def breaks_off(line: str) -> bool:
        stripped = line.strip()
        return bool(stripped) and _width(stripped) >= full and rules.wrap_line_end.search(stripped) is None

    open_lines = sum(map(breaks_off, lines))
    if open_lines < rules.wrap_min_open_lines or open_lines < rules.wrap_open_share * len(content):
        return text
    out: list[str] = []
    joining = False
    for line in lines:
        if joining:
            if not line.strip():
                continue  # a blank line inside a wrapped sentence
            out[-1] = out[-1].rstrip() + line.lstrip()
            joining = breaks_off(line)
            continue
        out.append(line)
        joining = breaks_off(line)
    if joining:
        out.append("")  # the blank lines skipped after the last full line
    return "\n".join(out)


def _width(line: str) -> float:
    """How wide a line prints: a Han character is one em, a digit, letter, space or half-width mark half."""
    return sum(1.0 if ord(c) >= 0x2E80 else 0.5 for c in line.strip())


def half_width(text: str, rules: TextRules) -> str:
    """Pinyin notes removed, then NFKC; a leading BOM dropped."""
    return unicodedata.normalize("NFKC", rules.pinyin_note.sub("", text.lstrip("\ufeff")))


def script_of(half: str, simplified: str, rules: TextRules,
              damaged: tuple[tuple[int, int], ...] = ()) -> Script:
    """Traditional when t2s changed more than the configured share of the Han characters.

    ``half`` is the text before t2s, ``simplified`` after it; damaged runs (whose garbage t2s may
    also change) are left out of the count when the two line up.
    """
    if damaged and len(half) == len(simplified):
        keep = _outside(damaged, len(half))
        half = "".join(half[a:b] for a, b in keep)
        simplified = "".join(simplified[a:b] for a, b in keep)
    han = _HAN.subn("", half)[1]
    if not han:
        return "simplified"
    if half == simplified:  # nothing converted (most simplified-script reports)
        changed = 0
    elif len(half) == len(simplified):
        changed = sum(map(ne, half, simplified))
    else:  # t2s changed a length somewhere: compare the Han characters only
        changed = sum(map(ne, _HAN.findall(half), _HAN.findall(simplified)))
    return "traditional" if changed > rules.traditional_share * han else "simplified"


def _outside(spans: tuple[tuple[int, int], ...], length: int) -> list[tuple[int, int]]:
    keep, position = [], 0
    for start, end in spans:
        keep.append((position, start))
        position = end
    keep.append((position, length))
    return keep


def find_damaged(text: str, rules: TextRules) -> tuple[tuple[int, int], ...]:
    """Half-open spans of ``text`` that are mojibake; digits glued to a span are damaged too."""
    spans: list[tuple[int, int]] = []
    counts = Counter(rules.rare_han.findall(text))
    familiar = {c for c, n in counts.items() if n >= rules.mojibake_familiar_count}
    for chain in rules.suspect_chain.finditer(text):
        start, end = chain.span()
        if not _is_mojibake(text, start, end, familiar, rules):
            continue
        before = rules.glued_before.search(text, max(0, start - 32), start)
        if before is not None:
            start = before.start()
        after = rules.glued_after.match(text, end)
        if after is not None:
            end = after.end()
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return tuple(spans)


def _is_mojibake(text: str, start: int, end: int, familiar: set[str], rules: TextRules) -> bool:
    """Whether the chain ``text[start:end]`` holds enough suspects (counted in place: a '?' is
    strong or not by its neighbours)."""
    strong = len(rules.strong.findall(text, start, end))
    rare = sum(c not in familiar for c in rules.rare_han.findall(text, start, end))
    if strong >= rules.mojibake_min_strong and strong + rare >= rules.mojibake_min_suspects:
        return True
    return rare >= rules.mojibake_min_rare_only and rare >= rules.mojibake_rare_density * (end - start)

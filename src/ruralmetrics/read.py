"""read: bytes on disk -> SourceFile (decoded text, detected encoding, sha256).

Order: a BOM decides (UTF-8, UTF-16); then strict UTF-8; then the legacy Chinese encodings of
data/text.yaml, all tried strictly. When several decode, the one whose Han characters are most often
common characters (after t2s, so Big5's traditional forms count) wins, charset-normalizer breaking
ties. Nothing is ever decoded with ``errors="replace"``: a file no encoding reads is an error.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path

import charset_normalizer

from .errors import UndecodableFile
from .keys import document_key
from .records import SourceFile
from .rulebook import text as text_rules
from .rulebook.text import TextRules

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_HAN = re.compile(r"[\u4e00-\u9fff]")


def read_file(path: Path | str, rules: TextRules | None = None, key: str | None = None,
              max_bytes: int | None = None) -> SourceFile:
    """Read one report (key: ``document_key`` of its name unless given); raise UndecodableFile naming
    the file when it is too big, not text, or can't be decoded. An HTML page is reduced to its text."""
    path = Path(path)
    rules = rules or text_rules.load()
    limit = max_bytes or rules.max_file_bytes
    try:
        size = path.stat().st_size
        if size > limit:
            raise UndecodableFile(path, f"is {size:,} bytes, over the limit of {limit:,} (load --max-bytes N)")
        data = path.read_bytes()
    except OSError as err:
        raise UndecodableFile(path, f"cannot be read: {err.strerror or err}") from err
    text, encoding = decode_bytes(data, path, rules)
    return SourceFile(key=key or document_key(path.name), text=text, sha256=hashlib.sha256(data).hexdigest(),
                      encoding=encoding, path=path)


def source_from_text(key: str, text: str, encoding: str, sha256: str | None = None) -> SourceFile:
    """A SourceFile from stored text (``reload``): sha256 of the UTF-8 text unless given."""
    digest = sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest()
    return SourceFile(key=key, text=text, sha256=digest, encoding=encoding)


def decode_bytes(data: bytes, path: Path | str, rules: TextRules) -> tuple[str, str]:
    """(text, encoding) of a report's bytes; UndecodableFile when empty, binary or unreadable."""
    if not data.strip():
        raise UndecodableFile(path, "is empty")
    for what, magic in rules.refused_magic:
        if data.startswith(magic):
            raise UndecodableFile(path, f"is {what}, not text")
    tried: list[str] = []
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            tried.append(encoding)
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as err:
                raise UndecodableFile(path, f"starts with a {encoding} BOM but is not {encoding}: {err.reason}",
                                      tuple(tried)) from err
            return _checked(text, encoding, path, rules, tried)
    nul = data.find(b"\x00")
    if nul >= 0:
        raise UndecodableFile(path, f"is binary: a NUL byte at offset {nul} (and no UTF-16 BOM)")
    tried.append("utf-8")
    try:
        return _checked(data.decode("utf-8"), "utf-8", path, rules, tried)
    except UnicodeDecodeError as err:
        invalid = err.start
    decoded: dict[str, str] = {}
    for encoding in rules.encodings:
        tried.append(encoding)
        try:
            decoded[encoding] = data.decode(encoding)
        except UnicodeDecodeError:
            continue
    if not decoded:
        raise UndecodableFile(path, f"is in no encoding we read (not UTF-8 from byte offset {invalid})",
                              tuple(tried))
    encoding = _likeliest(data, decoded, rules)
    return _checked(decoded[encoding], encoding, path, rules, tried)


def _likeliest(data: bytes, decoded: dict[str, str], rules: TextRules) -> str:
    """The encoding whose decode reads most like Chinese; charset-normalizer breaks ties."""
    if len(decoded) == 1:
        return next(iter(decoded))
    best = charset_normalizer.from_bytes(data, cp_isolation=list(decoded)).best()
    preferred = _codec_name(best.encoding) if best is not None else None

    def score(encoding: str) -> tuple[float, bool]:
        han = _HAN.findall(rules.t2s.convert(decoded[encoding]))
        common = sum(c in rules.common_chars for c in han) / len(han) if han else 0.0
        return round(common, 3), _codec_name(encoding) == preferred

    return max(decoded, key=score)


def _codec_name(encoding: str) -> str:
    return codecs.lookup(encoding).name


def _checked(text: str, encoding: str, path: Path | str, rules: TextRules, tried: list[str]) -> tuple[str, str]:
    """(text, encoding) of a decode that reads as text: not empty, not mostly control characters
    (binary), no line over the limit; an HTML page reduced to its text (encoding ``…+html``)."""
    if not text.strip():
        raise UndecodableFile(path, "is empty", tuple(tried))
    controls = len(_CONTROL.findall(text))
    if controls > rules.max_control_share * len(text):
        raise UndecodableFile(path, f"is binary ({controls} control characters as {encoding})", tuple(tried))
    if is_html(text, rules):
        text, encoding = html_text(text, rules), f"{encoding}+html"
        if not text.strip():
            raise UndecodableFile(path, "is an HTML page without text", tuple(tried))
    for number, line in enumerate(text.splitlines(), 1):
        if len(line) > rules.max_line_chars:
            raise UndecodableFile(path, f"line {number} is {len(line):,} characters long, over the limit of "
                                        f"{rules.max_line_chars:,}")
    return text, encoding


_MARKUP_PREAMBLE = re.compile(r"(?:\s+|<!--.*?-->|<\?xml[^>]*>)*", re.S)


def is_html(text: str, rules: TextRules) -> bool:
    """Whether a decoded file is an HTML page: it opens (after blanks and comments) with a page's tag."""
    text = text.lstrip("\ufeff")
    start = _MARKUP_PREAMBLE.match(text)
    return text[start.end() if start else 0:][:40].lower().startswith(rules.html_starts)


class _TextOfPage(HTMLParser):
    def __init__(self, rules: TextRules) -> None:
        super().__init__(convert_charrefs=True)
        self.rules = rules
        self.parts: list[str] = []
        self.skipping = 0  # depth inside dropped elements

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.rules.html_dropped:
            self.skipping += 1
        elif tag in self.rules.html_blocks:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.rules.html_dropped:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.rules.html_blocks:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_text(page: str, rules: TextRules) -> str:
    """The text of an HTML page: dropped elements (scripts, styles, navigation) gone, tags removed,
    entities decoded, one line per block element, blank runs folded."""
    parser = _TextOfPage(rules)
    parser.feed(page)
    parser.close()
    lines = (re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line) + "\n"

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
from pathlib import Path, PurePath

import charset_normalizer

from .errors import UndecodableFile
from .records import SourceFile
from .rulebook import text as text_rules
from .rulebook.text import TextRules

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_HAN = re.compile(r"[\u4e00-\u9fff]")


def document_key(relative: PurePath | str) -> str:
    """The document key of a file from its path relative to the folder it was loaded from.

    POSIX separators, and the ``.txt`` extension dropped (``a/x.txt`` -> ``a/x``); any other
    extension stays, so ``x.txt`` and ``x.md`` are two documents (``x`` and ``x.md``).
    """
    relative = PurePath(relative)
    name = relative.stem if relative.suffix.lower() == ".txt" else relative.name
    return (relative.parent / name).as_posix().removeprefix("./")


def read_file(path: Path | str, rules: TextRules | None = None, key: str | None = None) -> SourceFile:
    """Read one report (key: ``document_key`` of its name unless given); raise UndecodableFile naming
    the file when it can't be decoded."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise UndecodableFile(path, f"cannot be read: {err.strerror or err}") from err
    text, encoding = decode_bytes(data, path, rules or text_rules.load())
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
    tried: list[str] = []
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            tried.append(encoding)
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as err:
                raise UndecodableFile(path, f"starts with a {encoding} BOM but is not {encoding}: {err.reason}",
                                      tuple(tried)) from err
            return _checked(text, encoding, path, rules, tried), encoding
    if b"\x00" in data:
        raise UndecodableFile(path, "is binary (holds NUL bytes and no UTF-16 BOM)")
    tried.append("utf-8")
    try:
        return _checked(data.decode("utf-8"), "utf-8", path, rules, tried), "utf-8"
    except UnicodeDecodeError:
        pass
    decoded: dict[str, str] = {}
    for encoding in rules.encodings:
        tried.append(encoding)
        try:
            decoded[encoding] = data.decode(encoding)
        except UnicodeDecodeError:
            continue
    if not decoded:
        raise UndecodableFile(path, "is in no encoding we read", tuple(tried))
    encoding = _likeliest(data, decoded, rules)
    return _checked(decoded[encoding], encoding, path, rules, tried), encoding


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


def _checked(text: str, encoding: str, path: Path | str, rules: TextRules, tried: list[str]) -> str:
    """Reject decodes that are empty or mostly control characters (binary files)."""
    if not text.strip():
        raise UndecodableFile(path, "is empty", tuple(tried))
    controls = len(_CONTROL.findall(text))
    if controls > rules.max_control_share * len(text):
        raise UndecodableFile(path, f"is binary ({controls} control characters as {encoding})", tuple(tried))
    return text

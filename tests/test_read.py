"""read.py: bytes -> SourceFile with the encoding detected; bad files raise UndecodableFile.

The inputs under tests/files/ are tiny crafted reports, each encoded with Python as its name says.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml

from ruralmetrics.errors import UndecodableFile
from ruralmetrics.read import read_file, source_from_text
from ruralmetrics.rulebook import text as text_rules

FILES = Path(__file__).parent / "files"


@pytest.mark.parametrize(("name", "encoding", "starts"), [
    ("utf8_bom.txt", "utf-8-sig", "驻村工作队帮助东坡村"),
    ("gb18030.txt", "gb18030", "甘肃省陇南市"),
    ("big5_traditional.txt", "big5", "駐村幫扶工作隊"),
    ("utf16.txt", "utf-16", "贵州省黔南州"),
    ("pinyin.txt", "utf-8", "雲南省紅河州"),
    ("mojibake.txt", "utf-8", "全村共修建水渠12条"),
])
def test_the_encoding_is_detected(name: str, encoding: str, starts: str) -> None:
    source = read_file(FILES / name)
    assert source.encoding == encoding
    assert source.text.startswith(starts)
    assert source.key == Path(name).stem
    assert source.sha256 == hashlib.sha256((FILES / name).read_bytes()).hexdigest()


def test_big5_that_also_decodes_as_gb18030_is_read_as_big5() -> None:
    data = (FILES / "big5_traditional.txt").read_bytes()
    data.decode("gb18030")  # the trap: this succeeds, with garbage
    assert read_file(FILES / "big5_traditional.txt").encoding == "big5"


def test_the_bom_is_not_part_of_the_text() -> None:
    assert not read_file(FILES / "utf8_bom.txt").text.startswith("\ufeff")


@pytest.mark.parametrize(("name", "problem"), [
    ("empty.txt", "empty"),
    ("binary.bin", "binary"),
])
def test_bad_files_raise_naming_the_file(name: str, problem: str) -> None:
    with pytest.raises(UndecodableFile) as caught:
        read_file(FILES / name)
    assert name in str(caught.value)
    assert problem in caught.value.problem


def test_undecodable_text_names_what_was_tried(tmp_path: Path) -> None:
    path = tmp_path / "broken.txt"
    path.write_bytes(b"\xb4\xe5 \x81\x20\xff\xff \x80\x80\x80")  # a lead byte, then no valid trail
    with pytest.raises(UndecodableFile) as caught:
        read_file(path)
    assert "utf-8" in caught.value.tried and "gb18030" in caught.value.tried
    assert "broken.txt" in str(caught.value)


def test_whitespace_only_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_bytes(b" \r\n\t\n")
    with pytest.raises(UndecodableFile, match="empty"):
        read_file(path)


def test_a_missing_file_is_an_undecodable_file(tmp_path: Path) -> None:
    with pytest.raises(UndecodableFile, match="cannot be read"):
        read_file(tmp_path / "nowhere.txt")


def test_source_from_text_rebuilds_a_stored_report() -> None:
    source = source_from_text("dev_x", "村里新修水渠2条。", "gb18030", "ab" * 32)
    assert (source.key, source.encoding, source.sha256, source.path) == ("dev_x", "gb18030", "ab" * 32, None)
    assert source_from_text("k", "文本", "utf-8").sha256 == hashlib.sha256("文本".encode()).hexdigest()


# ---------------------------------------------------------------------------- the bad-input corpus
BAD = Path(__file__).parent / "data" / "bad"
EXPECTED = yaml.safe_load((BAD.parent / "bad.expected.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize(("name", "problem"), sorted(EXPECTED["refused"].items()))
def test_a_file_that_is_not_a_report_is_refused_by_its_content(name: str, problem: str) -> None:
    with pytest.raises(UndecodableFile) as caught:
        read_file(BAD / name)
    message = str(caught.value)
    assert problem in message and message.startswith(str(BAD / name)) and "\n" not in message


@pytest.mark.parametrize(("name", "starts"), sorted(EXPECTED["reduced"].items()))
def test_an_html_page_is_reduced_to_its_text(name: str, starts: str) -> None:
    source = read_file(BAD / name)
    assert source.encoding.endswith("+html") and source.text.startswith(starts)
    assert "<" not in source.text and "color:red" not in source.text and "首页" not in source.text
    assert "3.5公里&路灯" in source.text  # entities decoded


def test_the_size_and_line_limits_refuse_before_extraction(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("驻村工作队。\n" * 2000, encoding="utf-8")
    with pytest.raises(UndecodableFile, match="over the limit of 1,000"):
        read_file(big, max_bytes=1000)
    assert read_file(big).text.startswith("驻村")
    rules = text_rules.load()
    long = tmp_path / "one_line.txt"
    long.write_text("新建道路3公里，" * (rules.max_line_chars // 8 + 1), encoding="utf-8")
    with pytest.raises(UndecodableFile, match="line 1 is .* characters long"):
        read_file(long)

"""Reading bytes as text: clear errors or flags, never lost data."""

from __future__ import annotations

import pytest

from mlkit import InvalidInputError, segment
from mlkit.textio import decode, read_path


def test_invalid_utf8_names_file_and_byte_offset() -> None:
    with pytest.raises(InvalidInputError, match=r"notes\.txt: byte 0xff at offset 4 is not UTF-8"):
        decode(b"abc \xff def", "notes.txt")


def test_replace_mode_flags_each_replaced_byte_run() -> None:
    doc = decode(b"ab\xff\xfecd \xc3", "x", errors="replace")
    assert doc.text == "ab\ufffd\ufffdcd \ufffd"
    assert [(f.start, f.end, f.kind) for f in doc.flags] == [(2, 4, "invalid-utf8"), (7, 8, "invalid-utf8")]
    assert "ff fe" in doc.flags[0].reason


def test_bom_is_dropped_and_recorded() -> None:
    doc = decode("\ufeff북한 news".encode(), "x")
    assert doc.text == "북한 news" and doc.meta["bom"] is True


def test_crlf_nul_and_empty_input_keep_every_character() -> None:
    raw = "line one\r\n북한\x00 text\r\n"
    doc = decode(raw.encode(), "x")
    assert doc.text == raw and doc.meta["newline"] == "crlf"
    (passage,) = segment(doc).passages()
    assert doc.text[passage.start : passage.end] == "북한"
    assert segment(decode(b"", "empty")).spans == ()


def test_missing_file_is_a_clear_error(tmp_path) -> None:
    with pytest.raises(InvalidInputError, match="no such file"):
        read_path(tmp_path / "absent.txt")


def test_a_huge_single_line_segments_in_bounded_pieces() -> None:
    line = ("The delegation arrived in Pyongyang. " * 60000) + "평양 " + ("More English text follows. " * 60000)
    doc = segment(line)
    passages = doc.passages()
    assert [line[p.start : p.end] for p in passages] == ["평양"]

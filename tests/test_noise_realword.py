"""Real-word OCR errors found from context (mlkit.noise.realword)."""

from __future__ import annotations

import pytest

from mlkit.noise import find_noise
from mlkit.noise.realword import judge


def _real_words(text: str) -> list[tuple[str, str | None, float, str]]:
    doc = find_noise(text, detectors=["real-words"])
    return [(text[f.start : f.end], f.suggestion, f.score, f.reason) for f in doc.flags]


@pytest.mark.parametrize(
    ("text", "read", "meant"),
    [
        ("He said the talks were held in an attempt co preserve the peace.\n", "co", "to"),
        ("He sad that the talks would continue.\n", "sad", "said"),
        ("We wall not accept the demands.\n", "wall", "will"),
        ("They said it is hot possible to accept the proposal.\n", "hot", "not"),
    ],
)
def test_misread_common_word_is_flagged_with_the_word_its_neighbours_prefer(text: str, read: str, meant: str) -> None:
    flags = _real_words(text)
    assert [(w, s) for w, s, _, _ in flags] == [(read, meant)]
    _, _, score, reason = flags[0]
    assert score >= 0.5
    assert f"{read} reads as a misreading of {meant}" in reason and "times likelier" in reason


def test_word_that_reads_well_between_its_neighbours_is_left_alone() -> None:
    assert judge("will", "we", "not") is None
    assert judge("said", "minister", "that") is None


def test_unknown_neighbours_give_no_evidence() -> None:
    assert judge("hot", "xqzvb", "qqxjw") is None


def test_clean_seed_english_is_rarely_flagged() -> None:
    from pathlib import Path

    text = (Path(__file__).resolve().parents[1] / "seeds").glob("*.txt")
    words = flagged = 0
    for path in sorted(text):
        body = path.read_text(encoding="utf-8")
        words += len(body.split())
        flagged += sum(1 for f in find_noise(body, detectors=["real-words"]).flags if f.score >= 0.5)
    assert words > 1000
    assert flagged <= 0.01 * words


_COLUMN = (
    "Pyongyang's envoy told the meeting that the talks would go on,\n"
    "and that the delegation would stay in Beijing for two more\n"
    "days before it returned home to report to the leadership,\n"
    "officials said on Tuesday after the session had ended late,\n"
)


def test_comma_ending_a_paragraph_on_a_short_line_is_a_misread_full_stop() -> None:
    text = _COLUMN + "as the search for a deal went on,\n\nThe next round opens in May.\n"
    doc = find_noise(text, detectors=["paragraph-commas"])
    assert [(text[f.start - 2 : f.end], f.suggestion) for f in doc.flags] == [("on,", ".")]
    assert "ends its paragraph on a short line" in doc.flags[0].reason


def test_comma_at_the_end_of_a_full_line_is_where_a_sentence_wrapped() -> None:
    text = _COLUMN + "\nThe next round opens in May.\n"
    assert find_noise(text, detectors=["paragraph-commas"]).flags == ()


def test_packed_pair_counts_answer_as_the_table_file_does() -> None:
    """The pairs held as sorted keys give every pair's count of data/noise/realword_bigrams.tsv, and no count for
    pairs that are not in it."""
    from mlkit.noise.realword import _pairs
    from mlkit.resources import iter_tsv

    pairs = _pairs()
    rows = [(f"{a} {b}", float(z)) for a, b, z in iter_tsv("noise/realword_bigrams.tsv")]
    assert len(pairs) == len(rows)
    assert all(pairs.get(p) == z for p, z in rows[::97])
    assert all(f"{p}x" not in pairs and pairs.get(f"x{p}", 0.0) == 0.0 for p, _ in rows[::997])


def test_a_packed_table_refuses_strings_that_share_a_key(monkeypatch: pytest.MonkeyPatch) -> None:
    from mlkit.noise import packed

    monkeypatch.setattr(packed, "key", lambda text: len(text))
    with pytest.raises(ValueError, match="share a 64-bit key"):
        packed.pack([("ab", 1.0), ("cd", 2.0)])
    for parts in (built := packed.pack([("a", 1.0), ("bcd", 2.0)]), [memoryview(b) for b in built]):
        table = packed.PackedCounts(*parts)  # (as built, and as read back mapped from the table cache)
        assert (table.get("bcd"), table.get("zz"), "a" in table, "" in table) == (2.0, None, True, False)
        assert len(table) == 2 and table.get_many(["zz", "bcd", "a"]) == [None, 2.0, 1.0]

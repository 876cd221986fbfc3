"""One line at a time, the compiled walker writes exactly what the rule engine writes, and edges still explain it."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlkit.romanize import reference, romanize, walker
from tests.conftest import SEEDS, TEST_DATA, shared_data
from tests.test_romanize_fast import OTHER, SYLLABLE

SYSTEMS = ("rr", "mr", "dprk", "dprk-media")
pytestmark = [
    pytest.mark.filterwarnings("ignore:Surrogate character:RuntimeWarning"),
    pytest.mark.skipif(not walker.available(), reason="the _line extension is not built (no C compiler)"),
]


@pytest.fixture(autouse=True, scope="module")
def _tables_built() -> None:
    """The walker's tables built first (else the first short lines of a process go to the engine)."""
    for system in SYSTEMS:
        walker.warm(system)


WORD = st.lists(SYLLABLE, min_size=1, max_size=6).map("".join)
# one line: words, spaces, punctuation, Hanja, kana, Vietnamese, hyphens between words, at most a line end
PIECE = st.one_of(WORD, WORD, OTHER.filter(lambda s: s.splitlines() == [s]), st.just("-"))
LINE = st.tuples(st.lists(PIECE, max_size=30).map("".join), st.sampled_from(["", "\n", "\r\n"])).map("".join)


def _assert_same_lines(lines: list[str], system: str) -> None:
    for line in lines:
        assert romanize(line, system).text == reference(line, system).text, line


@pytest.mark.parametrize("system", SYSTEMS)
def test_each_seed_line_matches_the_engine(system: str) -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        _assert_same_lines(path.read_text(encoding="utf-8").splitlines(keepends=True), system)


@pytest.mark.parametrize("system", SYSTEMS)
def test_each_gold_row_matches_the_engine(system: str) -> None:
    for path in sorted((TEST_DATA / "romanization").glob("*.tsv")):
        rows = path.read_text(encoding="utf-8").splitlines()
        _assert_same_lines(rows + [row.split("\t")[0] for row in rows], system)


@pytest.mark.parametrize("system", SYSTEMS)
def test_each_dprk_news_line_matches_the_engine(system: str) -> None:
    text = shared_data("kpc-nk/northkorean-english.dev.nk").read_text(encoding="utf-8")
    _assert_same_lines(text.splitlines(), system)


@pytest.mark.parametrize("system", SYSTEMS)
@settings(max_examples=200, deadline=None)
@given(line=LINE)
def test_random_lines_match_the_engine(system: str, line: str) -> None:
    assert romanize(line, system).text == reference(line, system).text


@pytest.mark.parametrize(
    "line",
    [
        "이날 김정일 국방위원장은 현지를 지도하였다.",  # a name next to a title
        "대장 리영호가 참가하였다.",  # a title before the name
        "원신-리 주민들이 모였다.",  # a place hyphened before its generic
        "中國 시안(Xian) 市에서 관광객이 왔다.",  # Hanja between words: the router writes them
        "이 공장은 지난주 림시휴업에 들어갔습니다.",  # a one-syllable surname that starts no signature
        "평양시 인민위원회 청사",  # the gazetteer and word division
    ],
)
@pytest.mark.parametrize("system", SYSTEMS)
def test_walked_lines_keep_the_engines_letters_and_edges(system: str, line: str) -> None:
    assert walker.text(line, system) is not None  # the walker takes the line
    walked, engine = romanize(line, system), reference(line, system)
    assert walked.text == engine.text
    assert walked.edges == engine.edges
    assert "".join(walked.text[e.out_start : e.out_end] for e in walked.edges) == walked.text


def test_a_short_line_takes_the_walker_once_its_tables_are_built() -> None:
    result = romanize("이 공장은 지난주 림시휴업에 들어갔습니다.", "rr")
    assert result.lazy_blocks is not None  # the walker wrote the text; the engine builds the edges when asked
    assert result.text == "i gongjangeun jinanju rimsihyueobe deureogatseumnida."


@pytest.mark.parametrize("line", ["평양\n", "김 정 일", "김정일", "첫째 줄\n둘째 줄"])
def test_lines_the_engine_takes_whole_are_left_to_it(line: str) -> None:
    assert walker.text(line, "rr") is None  # a word alone, a spaced signature, several lines
    assert romanize(line, "rr").text == reference(line, "rr").text

"""The compiled walker, the one fast path beside the rule engine, writes exactly what the engine writes, line by
line and over whole texts, and leaves ordinary words to its tables; edges still come from the engine."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlkit.korean import names
from mlkit.romanize import clear_caches, fast_text, reference, romanize, tables, walker
from mlkit.romanize.korean import PRONOUNCED, WordResult
from tests.conftest import SEEDS, TEST_DATA, shared_data

SYSTEMS = PRONOUNCED  # rr, mr, dprk, dprk-media: the systems the walker has tables for
pytestmark = pytest.mark.filterwarnings("ignore:Surrogate character:RuntimeWarning")  # unidecode on surrogates


@pytest.fixture(autouse=True, scope="module")
def _tables_built() -> None:
    """The walker's tables built first (else the first short lines of a process go to the engine)."""
    assert walker.available(), "the _line extension is required (setup.py); rebuild the package"
    for system in SYSTEMS:
        walker.warm(system)


# Syllables the lexical checks care about, so random text reaches names, titles, exceptions and compounds.
_LEXICAL = sorted(
    {
        *"".join(names.titles()),
        *names.surnames(),
        *tables.generics(),
        *names.given_syllables(),
        *tables.ln_suffixes(),
        *"".join(e.element for e in tables.n_insertion()),
        *"".join(tables.content_elements()),
        *"".join(tables.pronunciation_exceptions()),
        *"".join(names.gazetteer()),
        *"".join(tables.division_words()),
        *"밟맑흙닭읽렬률남북도게고기",
        *"".join(tables.letter_names()),
        *"하했합한숱뜻열발전설주갈등아에오와평양닭흙다고여섯덟",  # verb 하다, Art 26, MR ë, media Pyongyang, ㄺ nouns
        *"량례룡락래력뎡텬됴졋슈쇼라로디",  # MR: older spellings read as said (spoken.py)
    }
)
SYLLABLE = st.one_of(st.integers(0xAC00, 0xD7A3).map(chr), st.sampled_from(_LEXICAL))
OTHER = st.sampled_from(
    [" ", " ", "  ", "\t", "\n", "\r\n", "\r", "\x0b", ".", ",", "1", "a", "Kim", "“", "”", "\u00a0", "·",
     "市", "かな", "Nguyễn", "e\u0301", "ㄱ", "\u1100\u1161", "\x00", "\u2028", "😀", "\ud800", "\x85"]
)  # fmt: skip
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


def test_warm_loads_every_word_list_the_engine_reads_on_the_walkers_words(tmp_path: Path) -> None:
    # in a fresh process, whether it builds the walker's tables or reads them from the table cache: after warm,
    # lines with a name and title, a place and its generic, a town, a numbered division and Hanja open no data
    # file (a first pass over news pays for no table load)
    script = """
import mlkit.resources as resources
from mlkit.romanize import romanize, walker
for system in ("rr", "dprk-media"):
    walker.warm(system)
def refuse(relative):
    raise AssertionError(f"read {relative} after warm")
resources._open = refuse
lines = ["김철수 위원장은 함경북도 청진시를 방문하였다.", "그는 합덕 주민들과 만났다.", "봉천 1동에서 金日成 동지",
         "리설주 녀사와 함께 평안남도 대동군 협동농장을 찾았다."]
for system in ("rr", "dprk-media"):
    for line in lines:
        romanize(line, system).text
print("ok")
"""
    env = {**os.environ, "MLKIT_CACHE_DIR": str(tmp_path)}
    for _ in ("built", "read from the cache"):
        done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
        assert done.stdout.strip() == "ok", done.stderr[-2000:]


@pytest.mark.parametrize("line", ["평양\n", "김 정 일", "김정일", "첫째 줄\n둘째 줄"])
def test_lines_the_engine_takes_whole_are_left_to_it(line: str) -> None:
    assert walker.text(line, "rr") is None  # a word alone, a spaced signature, several lines
    assert romanize(line, "rr").text == reference(line, "rr").text


# -- whole texts: every line through the walker ------------------------------------------------------------------

TEXT = st.lists(st.one_of(WORD, WORD, OTHER), max_size=40).map("".join)
LINES = st.lists(st.sampled_from(["김정일 국방위원장\n", "평양\n", "김 정 일\n", "독립문 앞\n", "값어치 있는\n"]),
                 max_size=12).map("".join)  # fmt: skip


def _assert_same_text(text: str, system: str) -> None:
    assert fast_text(text, system) == reference(text, system).text


@pytest.mark.parametrize("system", SYSTEMS)
def test_every_seed_as_one_text_matches_the_engine(system: str) -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        _assert_same_text(path.read_text(encoding="utf-8"), system)


@pytest.mark.parametrize("system", SYSTEMS)
def test_gold_files_as_one_text_match_the_engine(system: str) -> None:
    for path in sorted((TEST_DATA / "romanization").glob("*.tsv")):
        text = path.read_text(encoding="utf-8")
        _assert_same_text(text, system)
        # the Hangul column alone, one word or name per line (names and admin suffixes on their own line)
        _assert_same_text("\n".join(line.split("\t")[0] for line in text.splitlines()), system)


@pytest.mark.parametrize("system", SYSTEMS)
def test_dprk_news_as_one_text_matches_the_engine(system: str) -> None:
    text = shared_data("kpc-nk/northkorean-english.dev.nk").read_text(encoding="utf-8")
    _assert_same_text(text, system)
    assert romanize(text, system).text == reference(text, system).text  # a long text takes the walker at once


@pytest.mark.parametrize("system", SYSTEMS)
@settings(max_examples=150, deadline=None)
@given(text=TEXT)
def test_random_texts_match_the_engine(system: str, text: str) -> None:
    _assert_same_text(text, system)


@pytest.mark.parametrize("system", SYSTEMS)
@settings(max_examples=150, deadline=None)
@given(text=LINES)
def test_texts_of_repeated_lines_match_the_engine(system: str, text: str) -> None:
    _assert_same_text(text, system)


def test_a_long_text_is_walked_and_keeps_exact_edges() -> None:
    text = (SEEDS / next(p.name for p in sorted(SEEDS.glob("004_*.txt")))).read_text(encoding="utf-8")
    result = romanize(text, "rr")
    assert result.lazy_blocks is not None  # the text came from the walker; edges are still to be built
    assert result.edges == reference(text, "rr").edges
    assert "".join(result.text[e.out_start : e.out_end] for e in result.edges) == result.text


def test_ordinary_words_never_reach_the_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    original = walker.romanize_word

    def counting(word: str, system: str, *args: object, **kwargs: object) -> WordResult:
        calls.append(word)
        return original(word, system, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(walker, "romanize_word", counting)
    monkeypatch.setattr(importlib.import_module("mlkit.romanize"), "romanize_word", counting)
    clear_caches()
    text = "우리 나라의 경제는 빠르게 발전하고 있다.\n" * 3 + "새로운 기술을 적극적으로 받아들이고 있습니다.\n"
    assert fast_text(text, "rr") == "uri naraui gyeongjeneun ppareuge baljeonhago itda.\n" * 3 + (
        "saeroun gisureul jeokgeukjeogeuro badadeurigo itseumnida.\n"
    )
    assert calls == []  # RR writes no tensification, so even 발전 [발쩐] stays with the tables


def test_a_name_next_to_a_title_goes_to_the_engine() -> None:
    text = "이날 김정일 국방위원장은 현지를 지도하였다.\n" * 10
    out = fast_text(text, "dprk-media")
    assert out == reference(text, "dprk-media").text
    assert "Kim Jong Il" in out


def test_empty_and_hangul_free_text_pass_through() -> None:
    for text in ("", "\n", "plain ASCII only\r\n", "“quoted”\u00a0text"):
        for system in SYSTEMS:
            assert fast_text(text, system) == reference(text, system).text == text


def test_without_the_walker_the_engine_writes_every_text(monkeypatch: pytest.MonkeyPatch) -> None:
    driver = importlib.import_module("mlkit.romanize")
    monkeypatch.setattr(driver, "_WALKED", frozenset())  # as where the extension is not built
    text = shared_data("kpc-nk/northkorean-english.dev.nk").read_text(encoding="utf-8")[:5000]
    for system in SYSTEMS:
        result = romanize(text, system)
        assert result.text == reference(text, system).text
        line = romanize("이 공장은 지난주 림시휴업에 들어갔습니다.", system)
        assert line.lazy_blocks is None  # the engine wrote it, edges and all


def test_the_mr_e_mask_holds_exactly_the_syllables_after_which_the_engine_writes_e_diaeresis() -> None:
    from mlkit.romanize import walker_tables

    after = set(walker_tables._mr_e_after())
    for code in range(0, 11172, 5):  # every initial, vowel and coda (5 is prime to 28 and 21): a fifth of them
        syl = chr(0xAC00 + code)
        assert ("ë" in reference(syl + "에", "mr").text) == (syl in after), syl


@pytest.mark.parametrize("word", ["아에", "가에다", "좋에", "충청북도", "경상남도에서", "태백산맥", "소백산맥에"])
def test_words_the_walker_hands_to_the_engine_by_its_tables(word: str) -> None:
    for system in SYSTEMS:
        assert romanize(word, system).text == reference(word, system).text, (word, system)


def test_a_process_after_one_that_built_the_tables_walks_its_first_line(tmp_path: Path) -> None:
    # the walker's tables go to the table cache; the next process hands them over at its first short line (no
    # numpy, no engine for that line), with the engine's letters; tables built from other sources are not read
    env = {**os.environ, "MLKIT_CACHE_DIR": str(tmp_path)}
    first = "import importlib; importlib.import_module('mlkit.romanize.walker').warm('dprk-media')"
    subprocess.run([sys.executable, "-c", first], env=env, check=True, timeout=120)
    script = """
import sys
from mlkit.romanize import reference, romanize
line = "김정은 동지께서 평양을 방문하였다"
result = romanize(line, "dprk-media")
print(result.lazy_blocks is not None, "numpy" in sys.modules, result.text == reference(line, "dprk-media").text)
"""
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert done.stdout.split() == ["True", "False", "True"], done.stderr[-2000:]
    (kept,) = tmp_path.rglob("walker_dprk_media.marshal")
    kept.write_bytes(b"\xfftruncated")  # a broken file: the engine's path, as before any table was built
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert done.stdout.split() == ["False", "False", "True"], done.stderr[-2000:]

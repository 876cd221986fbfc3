"""The table-driven fast path writes exactly what the rule engine writes, and leaves ordinary words to the tables."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlkit.korean import names
from mlkit.romanize import clear_caches, fast, fast_text, reference, romanize, tables
from mlkit.romanize.korean import WordResult
from tests.conftest import SEEDS, TEST_DATA, shared_data

SYSTEMS = fast.SYSTEMS
# unidecode (the engine's router for other scripts) warns about lone surrogates; the output is still compared
pytestmark = pytest.mark.filterwarnings("ignore:Surrogate character:RuntimeWarning")

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
)
WORD = st.lists(SYLLABLE, min_size=1, max_size=6).map("".join)
TEXT = st.lists(st.one_of(WORD, WORD, OTHER), max_size=40).map("".join)
LINES = st.lists(st.sampled_from(["김정일 국방위원장\n", "평양\n", "김 정 일\n", "독립문 앞\n", "값어치 있는\n"]),
                 max_size=12).map("".join)
CHECK = settings(max_examples=150, deadline=None)


def _assert_same(text: str, system: str) -> None:
    expected = reference(text, system).text
    assert fast_text(text, system) == expected


@pytest.mark.parametrize("system", SYSTEMS)
def test_fast_path_matches_engine_on_every_seed(system: str) -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        _assert_same(path.read_text(encoding="utf-8"), system)


@pytest.mark.parametrize("system", SYSTEMS)
def test_fast_path_matches_engine_on_gold_files(system: str) -> None:
    for path in sorted((TEST_DATA / "romanization").glob("*.tsv")):
        text = path.read_text(encoding="utf-8")
        _assert_same(text, system)
        # the Hangul column alone, one word or name per line (names and admin suffixes on their own line)
        _assert_same("\n".join(line.split("\t")[0] for line in text.splitlines()), system)


@pytest.mark.parametrize("system", SYSTEMS)
def test_fast_path_matches_engine_on_dprk_news(system: str) -> None:
    text = shared_data("kpc-nk/northkorean-english.dev.nk").read_text(encoding="utf-8")
    _assert_same(text, system)


@pytest.mark.parametrize("system", SYSTEMS)
@CHECK
@given(text=TEXT)
def test_fast_path_matches_engine_on_random_text(system: str, text: str) -> None:
    _assert_same(text, system)


@pytest.mark.parametrize("system", SYSTEMS)
@CHECK
@given(text=LINES)
def test_fast_path_matches_engine_on_repeated_lines(system: str, text: str) -> None:
    _assert_same(text, system)


def test_long_text_takes_the_fast_path_and_keeps_exact_edges() -> None:
    text = (SEEDS / next(p.name for p in sorted(SEEDS.glob("004_*.txt")))).read_text(encoding="utf-8")
    result = romanize(text, "rr")
    assert result.lazy_blocks is not None  # the text came from the tables; edges are still to be built
    assert result.edges == reference(text, "rr").edges
    assert "".join(result.text[e.out_start : e.out_end] for e in result.edges) == result.text


def test_ordinary_words_never_reach_the_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    original = fast.romanize_word

    def counting(word: str, system: str, alone: bool = False, before_title: bool = False) -> WordResult:
        calls.append(word)
        return original(word, system, alone, before_title)

    monkeypatch.setattr(fast, "romanize_word", counting)
    clear_caches()
    text = "우리 나라의 경제는 빠르게 발전하고 있다.\n" * 3 + "새로운 기술을 적극적으로 받아들이고 있습니다.\n"
    assert fast_text(text, "rr") == reference(text, "rr").text
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

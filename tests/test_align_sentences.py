"""Sentence units for alignment: numbered points, dates, signature blocks, abbreviations, offsets."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from mlkit.align.clauses import split_clauses
from mlkit.align.sentences import split_lines, split_sentences
from tests.conftest import declaration_text


def declaration() -> str:
    return declaration_text()


def test_declaration_units_keep_points_dates_and_signatures_apart() -> None:
    units = [u.text for u in split_sentences(declaration(), "ko")]
    assert units[0] == "북 남 공동 선언"
    assert len(units) == 12
    for n in range(1, 6):
        assert units[2 + n].startswith(f"{n}. 북과 남은")
    assert units[9] == "2000년 6월 15일"
    assert units[10] == "조선민주주의인민공화국 국방위원장\n김 정 일"
    assert units[11] == "대한민국 대통령\n김 대 중"


def test_point_number_period_does_not_end_a_sentence() -> None:
    units = split_sentences("1. 북과 남은 합의하였다.\n2. 빨리 하기로 하였다.", "ko")
    assert [u.text for u in units] == ["1. 북과 남은 합의하였다.", "2. 빨리 하기로 하였다."]


def test_korean_date_with_period_after_year_stays_whole() -> None:
    units = split_sentences("일제강점기 해방을 위하여 1945. 7월 1일에 회의가 있었다. 당시 계획을 세웠다.", "ko")
    assert [u.text for u in units] == ["일제강점기 해방을 위하여 1945. 7월 1일에 회의가 있었다.", "당시 계획을 세웠다."]


def test_date_line_is_its_own_unit_inside_a_block() -> None:
    units = split_sentences("방문하기로 하였다\n2000년 6월 15일\n대한민국 대통령\n김 대 중", "ko")
    assert [u.rule for u in units] == ["line", "date", "signature"]


def test_english_abbreviations_and_initials_do_not_split() -> None:
    text = "Mr. Kim met Dr. Lee in the U.S. capital. John F. Kennedy was not there."
    assert [u.text for u in split_sentences(text, "en")] == [
        "Mr. Kim met Dr. Lee in the U.S. capital.",
        "John F. Kennedy was not there.",
    ]


def test_wrapped_english_lines_join_into_one_sentence() -> None:
    units = split_sentences("The leaders met\nin Pyongyang. They agreed.", "en")
    assert [u.text for u in units] == ["The leaders met\nin Pyongyang.", "They agreed."]


def test_split_lines_gives_one_unit_per_non_blank_line() -> None:
    units = split_lines("  first line \n\nsecond\n")
    assert [(u.start, u.end, u.text) for u in units] == [(2, 12, "first line"), (15, 21, "second")]


def test_clauses_cut_at_connective_endings_and_commas() -> None:
    text = "북과 남은 경제협력을 통하여 민족경제를 균형적으로 발전시키고 사회, 문화 교류를 활성화하기로 하였다."
    pieces = [text[a:b] for a, b in split_clauses(text, "ko")]
    assert pieces[0] == "북과 남은 경제협력을 통하여"
    assert "민족경제를 균형적으로 발전시키고" in pieces


@given(st.text(alphabet="가나다 .?!\n12년월일ABC", max_size=200))
def test_units_are_ordered_nonoverlapping_and_point_into_the_text(text: str) -> None:
    for lang in ("ko", "en"):
        units = split_sentences(text, lang)
        last = 0
        for u in units:
            assert last <= u.start < u.end <= len(text)
            assert text[u.start : u.end] == u.text == u.text.strip()
            last = u.end
        # Nothing but whitespace is left out.
        covered = "".join(u.text for u in units)
        assert sorted(covered.replace(" ", "").replace("\n", "")) == sorted(text.replace(" ", "").replace("\n", ""))


def test_english_signature_blocks_split_at_romanised_names_in_either_layout() -> None:
    titles_first = "Chairman of the National Defence Commission\nDemocratic People's Republic of Korea\nKim Jong Il\n"
    titles_first += "President\nRepublic of Korea\nKim Dae-jung"
    assert [u.text for u in split_sentences(titles_first, "en")] == [
        "Chairman of the National Defence Commission\nDemocratic People's Republic of Korea\nKim Jong Il",
        "President\nRepublic of Korea\nKim Dae-jung",
    ]
    names_first = "Kim Jong Il\nChairman\nNational Defence Commission\nRi Yong Ho\nMinister of Foreign Affairs"
    assert [u.text for u in split_sentences(names_first, "en")] == [
        "Kim Jong Il\nChairman\nNational Defence Commission",
        "Ri Yong Ho\nMinister of Foreign Affairs",
    ]
    korean_names_first = "김 정 일\n조선민주주의인민공화국 국방위원장\n김 대 중\n대한민국 대통령"
    assert [u.text for u in split_sentences(korean_names_first, "ko")] == [
        "김 정 일\n조선민주주의인민공화국 국방위원장",
        "김 대 중\n대한민국 대통령",
    ]
    # A name inside wrapped prose, or a place named after a person, is no signature.
    assert len(split_sentences("The stadium\nKim Il Sung Stadium\nwas full.", "en")) == 1

"""Each pronunciation rule and system convention on real examples, with the rules the edges report."""

from __future__ import annotations

import pytest

from mlkit.romanize import romanize


def rules_of(text: str, system: str = "rr") -> list[tuple[str, str, tuple[str, ...]]]:
    return romanize(text, system).rows()


@pytest.mark.parametrize(
    ("hangul", "expected"),
    [
        ("독립문", "Dongnimmun"),  # nasalization of ㄱ and ㄹ→ㄴ, then ㅂ before ㅁ
        ("백마", "baengma"),
        ("신라", "silla"),  # lateralization
        ("물난리", "mullalli"),
        ("같이", "gachi"),  # palatalization
        ("굳히다", "guchida"),
        ("좋고", "joko"),  # aspiration with ㅎ
        ("집현전", "jiphyeonjeon"),  # nouns keep ㅂ and ㅎ apart in RR
        ("놓아", "noa"),  # ㅎ deletion
        ("닳는", "dalleun"),
        ("밟는", "bamneun"),  # ㄼ keeps ㅂ in 밟-
        ("흙과", "heukgwa"),  # ㄺ → ㄱ before a particle
        ("맑게", "malge"),  # but → ㄹ before a verb ending
        ("값어치", "gabeochi"),  # neutralise, then liaison before a content word
        ("솜이불", "somnibul"),  # ㄴ-insertion
        ("서울역", "seoullyeok"),  # ㄴ-insertion then lateralization
        ("석유", "seogyu"),  # no ㄴ-insertion after a one-syllable Sino-Korean stem
        ("생산량", "saengsannyang"),  # Art 20 exception: ㄴㄹ → ㄴㄴ
        ("샛별", "saetbyeol"),  # RR writes no tensification
    ],
)
def test_rr_pronunciation_rules(hangul: str, expected: str) -> None:
    assert romanize(hangul, "rr").text.lower() == expected.lower()


def test_edges_name_the_rules_that_fired() -> None:
    rows = rules_of("독립문")
    assert rows[0] == ("독", "Dong", ("nasalization",))
    assert rows[1] == ("립", "nim", ("nasalization",))
    assert rows[2] == ("문", "mun", ("letters",))


def test_liaison_moves_the_coda_to_the_next_syllable() -> None:
    rows = rules_of("부엌에")
    assert [r[1] for r in rows] == ["bu", "eo", "ke"]
    assert "liaison" in rows[2][2]


def test_n_insertion_is_reported() -> None:
    rows = rules_of("색연필")
    assert rows[1][1] == "nyeon" and "n-insertion" in rows[1][2]


@pytest.mark.parametrize(
    ("hangul", "system", "expected"),
    [
        ("연구", "mr", "yŏn'gu"),  # apostrophe for n'g
        ("투표", "mr", "t'up'yo"),  # aspirates with apostrophes
        ("발해", "mr", "Parhae"),  # ㄹ before ㅎ is r
        ("가구", "mr", "kagu"),  # voicing between vowels
        ("글자", "mr", "kŭlcha"),  # lexical tensification written voiceless
        ("로동", "dprk", "Rodong"),  # DPRK keeps initial ㄹ
        ("리", "dprk", "Ri"),
        ("량강", "dprk", "Ryanggang"),
        ("압록강", "dprk", "Amrokgang"),
        ("평안", "dprk", "Phyŏng-an"),
        ("꽃마을", "dprk-media", "Konmaul"),  # media: no breves, initial double consonant reduced
        ("평양", "dprk-media", "Pyongyang"),  # conventional spelling
        ("밖", "yale", "pakk"),
        ("부엌", "yale", "puekh"),
        ("없었습니다", "rr-translit", "eobs-eoss-seubnida"),
    ],
)
def test_system_conventions(hangul: str, system: str, expected: str) -> None:
    assert romanize(hangul, system).text == expected


def test_dprk_name_followed_by_title_in_running_text() -> None:
    text = "조선민주주의인민공화국 김정일 국방위원장과 대한민국 김대중대통령은"
    out = romanize(text, "dprk-media").text
    assert "Kim Jong Il kukpang" in out
    assert "Kim Dae Jung" in out


def test_signature_on_its_own_line_is_a_name() -> None:
    assert romanize("대통령\n김 대 중\n", "dprk-media").text.splitlines()[1] == "Kim Dae Jung"
    assert romanize("김 정 일", "dprk").text == "Kim Jŏng Il"


def test_bare_name_on_its_own_line() -> None:
    assert romanize("민용하", "rr").text == "Min Yongha"
    assert romanize("안복철", "dprk").text == "An Pok Chŏl"
    assert [r[2] for r in rules_of("안복철", "dprk")] == [
        ("name:surname", "name:evidence=alone:0.6"), ("name:given",), ("name:given",)
    ]


def test_ordinary_word_with_surname_syllable_is_not_a_name() -> None:
    assert romanize("백분율", "rr").text == "baekbunnyul"
    assert romanize("한여름", "rr").text == "hannyeoreum"


def test_admin_suffix_is_hyphenated_without_assimilation() -> None:
    assert romanize("삼죽면", "rr").text == "Samjuk-myeon"
    assert romanize("신창읍", "rr").text == "Sinchang-eup"
    assert "suffix:admin" in rules_of("제주도")[-1][2]


def test_admin_suffix_not_split_in_running_text() -> None:
    assert "-ri" not in romanize("우리 민족끼리 서로", "dprk-media").text


def test_numeral_before_ri_is_the_distance_unit() -> None:
    assert romanize("왕십리", "rr").text.lower() == "wangsimni"


def test_non_hangul_passes_through() -> None:
    text = "June 15, 2000 — Pyongyang (KCNA): 100% «ok»"
    assert romanize(text, "mr").text == text


def test_other_scripts_are_routed() -> None:
    assert romanize("東京に行く", "rr").text == "toukyou ni iku"
    assert romanize("Nguyễn Văn", "rr").text == "Nguyen Van"
    assert romanize("Nguyễn", "rr", keep_diacritics=True).text == "Nguyễn"
    assert romanize("Пхеньян", "rr").text == "Pkhen'ian"


def test_unknown_system_names_the_choices() -> None:
    from mlkit.errors import UnknownOptionError

    with pytest.raises(UnknownOptionError, match="choose one of rr, rr-translit, mr"):
        romanize("평양", "wade-giles")


def test_gazetteer_layout_is_four_columns_with_known_kinds() -> None:
    from mlkit.resources import read_tsv

    rows = read_tsv("korean/gazetteer.tsv")
    assert len(rows) > 50
    for row in rows:
        assert len(row) == 4, row
        assert row[1] in ("person", "place", "org", "term"), row
        assert all(s.strip() for s in row[2].split("|")), row

"""MR writes what is said (older and North Korean spellings), the DPRK's established 평양, and listed places.

Each example comes from a published standard, named next to it; none comes from another romaniser's tests.
"""

from __future__ import annotations

import pytest

from mlkit.romanize import fast_text, reference, romanize


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # ALA-LC Korean Romanization and Word Division (2009) p.5, initial ㄴ and ㄹ, and its exception 2
        ("로동", "nodong"),
        ("력사", "yŏksa"),
        ("녀성", "yŏsŏng"),
        ("료리", "yori"),
        ("몇 리 이냐", "myŏt ri inya"),
    ],
)
def test_mr_follows_ala_lc_on_a_first_l_or_n(text: str, expected: str) -> None:
    assert romanize(text, "mr").text == expected


@pytest.mark.parametrize(
    ("older", "expected"),
    [
        # 한글 맞춤법 (1988) Art 11 examples, written as before the initial-sound rule: 良心 禮儀 龍宮 流行
        ("량심", "yangsim"),
        ("례의", "yeŭi"),
        ("룡궁", "yonggung"),
        ("류행", "yuhaeng"),
        # Art 12 examples: 樂園 來日 雷聲 陵墓
        ("락원", "nagwŏn"),
        ("래일", "naeil"),
        ("뢰성", "noesŏng"),
        ("릉묘", "nŭngmyo"),
    ],
)
def test_mr_reads_the_first_l_of_a_sino_korean_word_by_the_initial_sound_rule(older: str, expected: str) -> None:
    assert romanize(older, "mr").text == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("리설주", "Ri Sŏl-chu"),  # a listed person keeps the R of her name
        ("량강도", "Ryanggang-do"),  # a place with its generic keeps it (DPRK 1992 province name)
        ("라디오", "radio"),  # a loanword: 디 reads no Han character
        ("라면", "ramyŏn"),  # a loanword made of syllables that read Han characters: listed
    ],
)
def test_mr_keeps_a_written_first_l_in_names_places_and_loanwords(word: str, expected: str) -> None:
    assert romanize(word, "mr").text == expected


@pytest.mark.parametrize(
    ("older", "expected"),
    [
        # spellings the 1933 Unified Orthography replaced (ㄷ ㅌ + iotised vowel became ㅈ ㅊ): 뎡거쟝 정거장
        # (停車場), 텬디 → 천지 is left to ㄷ+ㅣ, which today's spelling still writes (디귿)
        ("뎡거쟝", "chŏnggŏjang"),
        ("텬하", "ch'ŏnha"),  # 天下
        ("됴뎡", "chojŏng"),  # 朝廷
    ],
)
def test_mr_reads_an_older_iotised_spelling_as_said(older: str, expected: str) -> None:
    assert romanize(older, "mr").text == expected


def test_mr_leaves_todays_iotised_spellings_alone() -> None:
    # 표준 발음법 Art 5 다만 1 says 져 쳐 are [저 처]; the contractions keep their letters in MR, and loanwords theirs
    assert [romanize(w, "mr").text for w in ("가져", "슈퍼", "듀엣")] == ["kajyŏ", "syup'ŏ", "tyuet"]


def test_mr_reads_a_listed_organisation_by_the_initial_sound_rule() -> None:
    assert romanize("로동신문", "mr").text == "Nodong Sinmun"  # ALA-LC: Nodong sinmun; the media: Rodong Sinmun
    assert romanize("로동신문", "dprk-media").text == "Rodong Sinmun"


def test_dprk_writes_pyongyang_alone_in_its_established_form() -> None:
    # DPRK 2002 rules note 4.6; a compound with a generic follows the rules
    assert romanize("평양", "dprk").text == "Pyongyang"
    assert romanize("평양시", "dprk").text == "Phyŏngyang-si"


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        # RR 2000 notice (문화관광부 고시 제2000-8호) ch.2 art.2 notes and ch.3 arts 1 and 3: places capitalised
        ("구미", "Gumi"),
        ("영동", "Yeongdong"),
        ("구리", "Guri"),
        ("칠곡", "Chilgok"),
        ("임실", "Imsil"),
        ("울릉", "Ulleung"),
        ("종로", "Jongno"),
        ("세종", "Sejong"),
    ],
)
def test_a_listed_place_on_a_line_of_its_own_is_capitalised(word: str, expected: str) -> None:
    assert romanize(word, "rr").text == expected


@pytest.mark.parametrize("word", ["사상", "강화", "대통령", "고양이"])
def test_a_common_word_that_names_a_district_stays_a_common_word(word: str) -> None:
    assert romanize(word, "rr").text.islower()


def test_a_listed_place_inside_running_text_is_left_to_the_other_evidence() -> None:
    assert romanize("구리 값이 올랐다", "rr").text == "guri gapsi ollatda"


@pytest.mark.parametrize("system", ["mr", "rr", "dprk"])
def test_the_fast_path_writes_what_the_engine_writes_for_older_spellings(system: str) -> None:
    text = "량심 례의 래일 라디오 라면 녀성 리해를 로동신문 뎡거쟝 텬하 됴뎡 가져 슈퍼 랭슈 졋통\n평양 구미\n구미\n"
    text += "력사적인 회담\n몇 리 이냐\n"
    assert fast_text(text, system) == reference(text, system).text


@pytest.mark.parametrize("word", ["한국의", "하지만", "성명을", "정부는", "심각한", "방문해", "진행중"])
def test_a_bare_word_ending_in_a_particle_or_an_ending_is_no_name(word: str) -> None:
    # common words of the kpc-nk news text; a surname + two given-name syllables alone is not enough there
    rows = romanize(word, "rr").rows()
    assert not any("name:surname" in r[2] for r in rows)
    assert " " not in romanize(word, "rr").text


@pytest.mark.parametrize(("word", "expected"), [("민용하", "Min Yongha"), ("한복남", "Han Boknam")])
def test_a_bare_name_on_its_line_is_still_a_name(word: str, expected: str) -> None:
    assert romanize(word, "rr").text == expected  # RR 2000 notice ch.3 art.4 examples


@pytest.mark.parametrize(
    ("word", "system", "expected"),
    [
        ("박동구", "dprk", "Pak Tong Gu"),  # DPRK 2002 rules' example of a personal name
        ("동작구", "rr", "Dongjak-gu"),  # a listed district, though 동작 alone is the common word
        ("도봉구", "rr", "Dobong-gu"),  # RR 2000 notice ch.3 art.5 example
    ],
)
def test_gu_is_a_district_only_after_a_listed_district(word: str, system: str, expected: str) -> None:
    assert romanize(word, system).text == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        # RR 2000 notice ch.3 art.5 examples: each unit after a stem that can carry it
        ("제주도", "Jeju-do"),
        ("의정부시", "Uijeongbu-si"),
        ("양주군", "Yangju-gun"),
        ("도봉구", "Dobong-gu"),
        ("신창읍", "Sinchang-eup"),
        ("삼죽면", "Samjuk-myeon"),
        ("인왕리", "Inwang-ri"),
        ("당산동", "Dangsan-dong"),
    ],
)
def test_an_administrative_unit_alone_is_hyphenated(word: str, expected: str) -> None:
    assert romanize(word, "rr").text == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("가격도", "gagyeokdo"),  # 도 after no province is the particle
        ("관계자가", "gwangyejaga"),  # 가 'street section' is numbered; here the particle
        ("사용하면", "sayonghamyeon"),  # 면 after 하 is the ending 'if'
        ("비상시", "bisangsi"),  # 시 after no listed city is 'time'
        ("울릉도", "ulleungdo"),  # an island, not a province
    ],
)
def test_a_common_word_ending_in_a_unit_syllable_is_no_place(word: str, expected: str) -> None:
    assert romanize(word, "rr").text == expected


@pytest.mark.parametrize("word", ["사실만", "국영석유회사", "부시대통령", "내무장관", "멕시코산"])
def test_a_word_ending_in_a_generic_syllable_is_no_place_when_it_cannot_be_one(word: str) -> None:
    # 만 'only', a compound of five syllables, a title at the end, a stem that reads no Han characters
    assert romanize(word, "rr").text.islower()


@pytest.mark.parametrize(
    ("word", "expected"),
    [("경복궁", "Gyeongbokgung"), ("불국사", "Bulguksa"), ("속리산", "Songnisan"), ("촉석루", "Chokseongnu")],
)
def test_a_place_with_its_generic_is_still_capitalised(word: str, expected: str) -> None:
    assert romanize(word, "rr").text == expected  # RR 2000 notice ch.3 art.6 examples


@pytest.mark.parametrize("system", ["rr", "mr", "dprk"])
def test_the_fast_path_agrees_on_generic_endings_in_running_text(system: str) -> None:
    text = "그는 부시대통령 내무장관 사실만 국영석유회사 경복궁 불국사 멕시코산 미국대사 촉석루를 보았다.\n"
    assert fast_text(text, system) == reference(text, system).text


@pytest.mark.parametrize(("word", "system", "expected"), [("북조선", "mr", "Pukchosŏn"), ("남조선", "rr", "Namjoseon")])
def test_a_direction_before_a_listed_place_is_a_place_not_a_name(word: str, system: str, expected: str) -> None:
    assert romanize(word, system).text == expected  # 북조선 Pukchosŏn: Wikipedia 'North Korea' (ALA-LC form)


@pytest.mark.parametrize(
    ("word", "expected"),
    [("맑게", "malge"), ("묽고", "mulgo"), ("얽거나", "eolgeona"), ("흙과", "heukgwa"), ("닭고기", "dakgogi")],
)
def test_a_stem_in_rg_reads_l_before_g_and_the_nouns_keep_k(word: str, expected: str) -> None:
    assert romanize(word, "rr").text == expected  # 표준 발음법 Art 11 and its 다만 (맑게, 묽고, 얽거나)


@pytest.mark.parametrize(
    ("older", "expected"),
    [
        # ㄷ ㅌ before ㅣ, which the 1933 Unified Orthography writes ㅈ ㅊ where they are so said: 地球, 地圖, 天地
        ("디구", "chigu"),
        ("디도", "chido"),
        ("텬디", "ch'ŏnji"),
        ("디구에", "chigue"),  # the stem is looked up without its particle
        # ㅅ before ㅕ outside the contraction 셔: 聖經, as the Korean Bibles of the 1910s wrote it (셩경)
        ("셩경", "sŏnggyŏng"),
        # a first ㄴ before ㅖ in a native word: 녯날 for 옛날
        ("녯날", "yennal"),
    ],
)
def test_mr_reads_an_older_spelling_that_the_word_list_tells_as_todays_word(older: str, expected: str) -> None:
    assert romanize(older, "mr").text == expected
    assert fast_text(older, "mr") == expected
    assert "mr:as-said" in romanize(older, "mr").edges[0].rules


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("라디오", "radio"),  # loanwords write 디, 티 and 셔 today
        ("셔츠", "syŏch'ŭ"),
        ("패션", "p'aesyŏn"),
        ("티끌", "t'ikkŭl"),  # a native word with 티: listed as written
        ("부디", "pudi"),  # listed as written, though 부지 is a word too
        ("녀석", "nyŏsŏk"),  # a first ㄴ said as written
    ],
)
def test_mr_keeps_todays_words_that_hold_an_older_spellings_syllables(word: str, expected: str) -> None:
    result = romanize(word, "mr")
    assert result.text == expected
    assert not any("mr:as-said" in e.rules for e in result.edges)

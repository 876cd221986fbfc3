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
        ("name:surname", "name:evidence=alone:0.6"),
        ("name:given",),
        ("name:given",),
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


# -- rules that generalise (each named after what it does, on the standards' own examples) ---------------------


@pytest.mark.parametrize("word", ["고양이", "하나님", "송별연", "대통령"])
def test_common_word_alone_is_not_a_name(word: str) -> None:
    out = romanize(word, "rr").text
    assert out == out.lower() and " " not in out
    assert not any("name:surname" in r[2] for r in rules_of(word))


@pytest.mark.parametrize(("word", "expected"), [("싫어도", "sireodo"), ("칡뿌리", "chikppuri")])
def test_admin_suffix_needs_a_sino_korean_stem(word: str, expected: str) -> None:
    assert romanize(word, "rr").text == expected


def test_name_edges_carry_their_evidence() -> None:
    assert romanize("민용하", "rr").rows()[0][2] == ("name:surname", "name:evidence=alone:0.6")
    assert "name:evidence=gazetteer:1.0" in romanize("홍길동", "mr").rows()[0][2]


def test_names_off_and_only() -> None:
    assert romanize("민용하", "rr", names="off").text == "minyongha"
    assert romanize("고양이", "rr", names="only").text == "Ko Yangi"
    assert romanize("고양이", "rr").text == "goyangi"


def test_unknown_names_mode_is_an_error() -> None:
    from mlkit.errors import UnknownOptionError

    with pytest.raises(UnknownOptionError):
        romanize("민용하", "rr", names="maybe")


@pytest.mark.parametrize(
    ("word", "expected"),
    [("디귿을", "digeuseul"), ("키읔에", "kieuge"), ("피읖을", "pieubeul"), ("히읗이", "hieusi")],
)
def test_letter_names_read_their_final_as_the_standard_says(word: str, expected: str) -> None:
    assert romanize(word, "rr").text == expected  # Standard Pronunciation Art 16


@pytest.mark.parametrize(("word", "expected"), [("숱하다", "sutada"), ("입학하다", "iphakada"), ("학회", "hakhoe")])
def test_verb_hada_merges_h_but_nouns_keep_it(word: str, expected: str) -> None:
    assert romanize(word, "rr").text == expected  # Art 12 붙임 2; RR keeps ㅎ apart inside nouns


@pytest.mark.parametrize(("word", "expected"), [("강약", "gangyak"), ("알약", "allyak"), ("내복약", "naebongnyak")])
def test_n_insertion_before_yak_only_in_native_or_longer_compounds(word: str, expected: str) -> None:
    assert romanize(word, "rr").text == expected


def test_no_n_insertion_after_sino_korean_il() -> None:
    assert romanize("독일", "mr").text == "Togil"


@pytest.mark.parametrize(("word", "expected"), [("베갯잇", "begaennit"), ("도리깻열", "dorikkaennyeol")])
def test_sai_siot_before_i_reads_nn(word: str, expected: str) -> None:
    assert romanize(word, "rr").text == expected  # Art 30.3


def test_content_word_iyeo_is_not_palatalised() -> None:
    assert romanize("곧이어", "rr").text == "godieo"
    assert romanize("곧이듣다", "rr").text == "gojideutda"


@pytest.mark.parametrize(("word", "expected"), [("열도", "yŏlto"), ("발전소", "palchŏnso"), ("길잡이", "kiljabi")])
def test_mr_writes_sino_korean_tensing_after_l(word: str, expected: str) -> None:
    assert romanize(word, "mr").text == expected  # Art 26


def test_mr_sino_tensing_not_before_an_ending_in_running_text() -> None:
    assert romanize("물을 길도 멀다", "mr").text == "murŭl kildo mŏlda"


@pytest.mark.parametrize(
    ("word", "expected"),
    [("원신리", "Wŏnsil-li"), ("은혜동", "Ŭnhye-dong"), ("함경북도", "Hamgyŏng-bukto"), ("평택읍", "P'yŏngt'aeg-ŭp")],
)
def test_mr_sound_changes_across_a_jurisdiction_hyphen(word: str, expected: str) -> None:
    assert romanize(word, "mr").text == expected


def test_rr_no_change_across_a_jurisdiction_hyphen() -> None:
    assert romanize("내월리", "rr").text == "Naewol-ri"


@pytest.mark.parametrize(
    ("word", "expected"), [("리설주", "Ri Sŏl-chu"), ("홍길동", "Hong Kil-tong"), ("정약용", "Chŏng Yag-yong")]
)
def test_mr_given_names_show_sound_changes_at_the_hyphen(word: str, expected: str) -> None:
    assert romanize(word, "mr").text == expected


def test_mr_writes_e_with_diaeresis_after_a_and_o() -> None:
    assert romanize("아에", "mr").text == "aë"


@pytest.mark.parametrize(("word", "expected"), [("중앙", "jung-ang"), ("한글", "hangeul"), ("고양이", "goyangi")])
def test_rr_hyphen_only_where_the_letters_mislead(word: str, expected: str) -> None:
    assert romanize(word, "rr").text == expected


def test_media_write_pyongyang_in_compounds() -> None:
    assert romanize("평양시", "dprk-media").text == "Pyongyang-si"


@pytest.mark.parametrize(("word", "expected"), [("안녕하세요", "annyeonghaseyo"), ("없었습니다", "eobs-eoss-seubnida")])
def test_translit_hyphen_only_where_reading_back_needs_it(word: str, expected: str) -> None:
    assert romanize(word, "rr-translit").text == expected


@pytest.mark.parametrize(("word", "expected"), [("첫인상", "cheodinsang"), ("덧없다", "deodeopda"), ("겉이", "geochi")])
def test_prefix_before_a_content_word_is_neutralised_first(word: str, expected: str) -> None:
    assert romanize(word, "rr").text == expected  # Art 15; a particle after it is plain liaison


@pytest.mark.parametrize(("word", "expected"), [("넓죽하다", "neopjukada"), ("넓다", "neolda")])
def test_neolb_keeps_b_only_in_the_listed_words(word: str, expected: str) -> None:
    assert romanize(word, "rr").text == expected  # Art 10 다만


@pytest.mark.parametrize(("word", "expected"), [("닭고기", "dakgogi"), ("맑게", "malge"), ("흙과", "heukgwa")])
def test_rg_reads_l_before_g_only_in_verb_stems(word: str, expected: str) -> None:
    assert romanize(word, "rr").text == expected  # Art 11 is about verb stems; 닭, 흙 are nouns


@pytest.mark.parametrize(("word", "expected"), [("낙하산", "nakhasan"), ("따뜻한", "ttatteutan"), ("북한", "bukhan")])
def test_ha_is_the_verb_only_before_an_ending(word: str, expected: str) -> None:
    assert romanize(word, "rr").text.lower() == expected


def test_n_insertion_before_yeoseot_after_a_numeral() -> None:
    assert romanize("서른여섯", "rr").text == "seoreunnyeoseot"  # Art 29


@pytest.mark.parametrize("word", ["물냉면", "백화점"])
def test_common_compounds_are_neither_places_nor_names(word: str) -> None:
    out = romanize(word, "rr").text
    assert out == out.lower() and "-" not in out and " " not in out


def test_yale_writes_a_name_apart_from_its_title() -> None:
    assert romanize("김정일동지께서", "yale").text == "kimcengil tongci kkeyse"
    assert romanize("동지께서", "yale").text == "tongci kkeyse"


def test_yale_keeps_whole_a_word_that_ends_in_a_particles_letters() -> None:
    # 회의 "meeting" and 민주주의 "democracy" are one noun each; 우리의 is 우리 and the particle 의
    assert romanize("회의", "yale").text == "hoyuy"
    assert romanize("민주주의", "yale").text == "mincwucwuuy"
    assert romanize("회의에서", "yale").text == "hoyuy eyse"
    assert romanize("우리의", "yale").text == "wuli uy"


def test_a_title_before_a_title_is_not_a_name() -> None:
    assert romanize("위원장동지께서", "rr").text == "wiwonjangdongjikkeseo"


@pytest.mark.parametrize(
    ("hangul", "system", "expected"),
    [
        ("원신-리", "mr", "Wŏnsil-li"),  # ALA-LC: sound changes across the jurisdiction's hyphen
        ("은혜-동", "mr", "Ŭnhye-dong"),  # voicing across it
        ("내월-리", "rr", "Naewol-ri"),  # RR: the suffix in its one form, no assimilation across the hyphen
    ],
)
def test_a_place_hyphenated_before_its_generic_is_read_as_one_word(hangul: str, system: str, expected: str) -> None:
    result = romanize(hangul, system)
    assert result.text == expected
    assert romanize(hangul.replace("-", ""), system).text == expected  # as the unhyphenated place
    assert [result.text[e.out_start : e.out_end] for e in result.edges if e.src_start == 2 and e.src_end == 3] in (
        [],
        ["-"],
    )


def test_a_hyphen_before_a_syllable_that_ends_no_place_changes_nothing() -> None:
    assert romanize("김-동 씨", "rr").text == "gim-dong ssi"  # 동 needs a stem of two syllables to be a suffix


@pytest.mark.parametrize(
    ("hangul", "expected"),
    [
        ("학회", "hakhoe"),  # McCune and Reischauer (1939): ㄱ + ㅎ is kh, not the aspirate k'
        ("급히", "kŭphi"),  # ㅂ + ㅎ is ph, in an adverb as in a noun
        ("잇해", "ithae"),  # ㅅ (read ㄷ) + ㅎ is th
        ("굳히다", "kuch'ida"),  # but ㄷ before 히 is palatalised and aspirated [구치다]
        ("좋고", "chok'o"),  # and ㅎ before a consonant aspirates it
    ],
)
def test_mr_writes_k_t_p_before_h_apart_as_kh_th_ph(hangul: str, expected: str) -> None:
    assert romanize(hangul, "mr").text == expected


@pytest.mark.parametrize(
    ("hangul", "expected"),
    [
        ("박꼿", "pakkot"),  # MR's table: k + kk is kk, not kkk
        ("엿때", "yŏttae"),  # t + tt is tt
        ("밋짝", "mitchak"),  # t + tch is tch
        ("옷소매", "ossomae"),  # t + s is ss
        ("맛집", "matchip"),  # t + ch stays
    ],
)
def test_mr_writes_a_coda_before_its_own_doubled_letter_once(hangul: str, expected: str) -> None:
    assert romanize(hangul, "mr").text == expected


@pytest.mark.parametrize(
    ("text", "system", "expected"),
    [
        ("그는 평양에서 왔다", "dprk-media", "kunun Pyongyang-eso watta"),  # a place with its case particle
        ("그는 평양에서 왔다", "rr", "geuneun Pyeongyangeseo watda"),
        ("개성으로 갔다", "mr", "Kaesŏngŭro katta"),
        ("고양이", "rr", "goyangi"),  # 이 also ends nouns: 고양이 is a cat, not the city 고양
    ],
)
def test_a_gazetteer_place_keeps_its_capital_before_a_case_particle(text: str, system: str, expected: str) -> None:
    assert romanize(text, system).text == expected


@pytest.mark.parametrize("word", ["전화기", "세탁기"])
def test_a_bare_word_ending_in_the_device_suffix_ki_is_no_name(word: str) -> None:
    out = romanize(word, "rr").text
    assert out == out.lower() and " " not in out  # -기 (機, 器) makes nouns; a name needs other evidence


def test_a_name_ending_in_ki_is_still_a_name_before_a_title() -> None:
    assert romanize("김정기 동지", "rr").text.startswith("Kim Jeonggi")


def test_a_listed_place_with_an_administrative_suffix_is_a_place_in_running_text() -> None:
    assert romanize("평안남도 평성시", "dprk").text.endswith("Phyŏngsŏng-si")  # 평성 is in the gazetteer
    assert romanize("서울시 공무원", "rr").text == "Seoul-si gongmuwon"


def test_a_bare_word_ending_in_a_place_generic_is_a_place_not_a_name() -> None:
    assert romanize("오송평", "mr").text == "Osongp'yŏng"  # 평 (plain) ends places, not given names


@pytest.mark.parametrize(
    ("hangul", "mr", "rr"), [("붉히다", "pulkhida", "bulkida"), ("넓히다", "nŏlphida", "neolpida")]
)
def test_mr_writes_a_cluster_before_h_with_both_letters_and_the_h(hangul: str, mr: str, rr: str) -> None:
    assert romanize(hangul, "mr").text == mr  # McCune and Reischauer (1939): lk + h, lp + h
    assert romanize(hangul, "rr").text == rr  # RR writes the aspirate it reads [불키다]


@pytest.mark.parametrize(
    "word",
    [*"연구소 이사장 배구장 정치학 천문대 한식집 강아지 송아지 남대문 서대문 이달초 표준시".split()],
)
def test_a_bare_word_ending_in_a_noun_suffix_is_no_name(word: str) -> None:
    # -소 所, -장 場/長, -학 學, -대 臺, -집 and the diminutive -아지 (표준국어대사전) make nouns, not given names;
    # -문 門 ends gates (RR 2000 notice ch.3 art.6: 독립문 Dongnimmun)
    for system in ("rr", "mr", "dprk"):
        out = romanize(word, system).text
        assert " " not in out, (system, out)
    assert not any("name:surname" in r[2] for r in rules_of(word))


def test_a_name_with_a_noun_suffix_syllable_is_still_a_name_before_a_title() -> None:
    assert romanize("김영대 동지", "rr").text.startswith("Kim Yeong")


@pytest.mark.parametrize(
    ("word", "mr", "rr"), [("닿소", "tasso", "daso"), ("많소", "mansso", "manso"), ("싫소", "silsso", "silso")]
)
def test_h_before_s_is_ss_in_mr_after_any_sound(word: str, mr: str, rr: str) -> None:
    # 표준 발음법 Art 12.2: ㅎ (ㄶ, ㅀ) + ㅅ reads [ㅆ]: 닿소 [다쏘], 많소 [만쏘], 싫소 [실쏘]; RR writes no tensing
    assert romanize(word, "mr").text == mr
    assert romanize(word, "rr").text == rr


@pytest.mark.parametrize(
    ("text", "system", "names", "expected"),
    [
        ("남궁석", "rr", "only", "Namgung Seok"),  # a list of names
        ("남궁석 동지", "mr", "auto", "Namgung Sŏk tongji"),
        ("황보관동지", "dprk", "auto", "Hwangbo Kwan tongji"),
        ("남궁석", "rr", "auto", "namgungseok"),  # no title, no list: no evidence of a name
    ],
)
def test_a_two_syllable_surname_is_written_as_one_surname(text: str, system: str, names: str, expected: str) -> None:
    assert romanize(text, system, names=names).text == expected


def test_dprk_capitalises_a_title_standing_alone_as_any_word_alone() -> None:
    # the DPRK tables write a word alone with a capital (interscript kp-kor-Hang-Latn-2002); RR and MR do not
    assert romanize("위원장", "dprk").text == "Wiwŏnjang"
    assert romanize("위원장", "rr").text == "wiwonjang"
    assert romanize("김정은 위원장", "dprk").text == "Kim Jŏng Ŭn wiwŏnjang"


@pytest.mark.parametrize(
    ("word", "expected"),
    [("부산광역시", "busangwangyeoksi"), ("영어번역", "yeongeobeonyeok"), ("국제석유", "gukjeseogyu"),
     ("출입", "churip"), ("활약", "hwaryak"), ("참여자", "chamyeoja"), ("신입생", "sinipsaeng"),
     ("서울역", "seoullyeok"), ("대전역", "daejeonnyeok"), ("식용유", "sigyongnyu"), ("꽃잎", "kkonnip"),
     ("알약", "allyak"), ("솜이불", "somnibul")],
)  # fmt: skip
def test_no_n_insertion_inside_a_frequent_two_syllable_word(word: str, expected: str) -> None:
    """Art 29 inserts ㄴ where a second word begins: 부산 + 광역 + 시 and 출입 (入) have none, 서울 + 역 [서울력],
    꽃 + 잎 [꼰닙] have it."""
    assert romanize(word, "rr").text.lower() == expected  # a word alone: the rule engine
    line = romanize(f"오늘 {word} 앞에서 만났다", "rr").text.lower()  # running text: the compiled walker
    assert f" {expected} " in line


@pytest.mark.parametrize(("word", "expected"), [("유원지", "yuwonji"), ("저수지", "jeosuji"), ("폭포", "pokpo")])
def test_a_generic_alone_is_the_common_noun_not_a_place_or_name(word: str, expected: str) -> None:
    """A generic needs a name before it (설악산, 송도유원지): alone it is the noun, not 유 Yu + 원지."""
    assert romanize(word, "rr").text == expected


@pytest.mark.parametrize(("word", "expected"), [("동원령", "dongwonnyeong"), ("등용문", "deungyongmun")])
def test_a_listed_common_noun_ending_like_a_generic_is_no_place(word: str, expected: str) -> None:
    """령 令 'decree' and 등용문 'gateway' are no pass or gate (the passes 대관령, 한계령 keep their capital)."""
    assert romanize(word, "rr").text == expected
    assert romanize(f"정부가 {word} 앞에", "rr").text == f"jeongbuga {expected} ape"  # the compiled walker too
    assert romanize("대관령", "rr").text == "Daegwallyeong"


@pytest.mark.parametrize(("system", "expected"), [("mr", "munam O-dong"), ("rr", "munam O-dong")])
def test_a_numbered_division_after_a_hyphen_is_read_with_its_number(system: str, expected: str) -> None:
    """The RR notice's 봉천 1동 Bongcheon 1(il)-dong: the number is the division's stem, so MR voices 동 after it."""
    assert romanize("문암 오-동", system).text == expected
    assert romanize("김-동 씨", "mr").text == "kim-tong ssi"  # no numeral: 동 needs a stem of two syllables


@pytest.mark.parametrize(
    ("word", "rr", "mr"),
    [("맞흥정", "matheungjeong", "mathŭngjŏng"), ("꽃향기", "kkothyanggi", "kkothyanggi"),
     ("맞히다", "machida", "mach'ida"), ("꽂혀", "kkochyeo", "kkoch'yŏ")],
)  # fmt: skip
def test_j_ch_before_h_read_t_unless_the_suffix_hi_follows(word: str, rr: str, mr: str) -> None:
    """Art 12 붙임 2: a final ㅈ ㅊ before a word in ㅎ is read [ㄷ] first (맞흥정 [마틍정]); before 히 it is [ㅊ]."""
    assert (romanize(word, "rr").text, romanize(word, "mr").text) == (rr, mr)
    assert romanize(f"그는 {word} 봤다", "rr").text == f"geuneun {rr} bwatda"  # the compiled walker too


@pytest.mark.parametrize(("word", "expected"), [("합덕", "Hapdeok"), ("호법", "Hobeop"), ("합정", "Hapjeong"),
                                                ("가곡", "gagok"), ("내가", "naega")])  # fmt: skip
def test_a_town_that_is_no_common_word_is_a_place_alone(word: str, expected: str) -> None:
    """The RR notice writes 합덕 Hapdeok: a legal 읍/면/동 name is a place alone unless it is a common word (가곡
    'song') or may end in a particle (내가, 내가면 in 강화군)."""
    assert romanize(word, "rr").text == expected
    assert romanize(f"오늘 {word} 앞에서", "rr").text == f"oneul {expected.lower()} apeseo"  # running text: no capital


def test_towns_hold_no_frequent_word_and_no_word_with_its_particle() -> None:
    """towns.txt is built without the words wordfreq holds (a frequent 중앙, 신사 is the word, not 중앙동)."""
    from mlkit.romanize import tables
    from mlkit.romanize.common import frequent_words

    towns = tables.towns()
    assert len(towns) > 1000 and {"합덕", "호법", "죽변"} <= towns
    assert not towns & set(frequent_words())
    assert not {t for t in towns if t[-1] in "의을를은는가에도와과로이"}


@pytest.mark.parametrize(
    ("word", "expected"),
    [("한밭", "Hanbat"), ("독도", "Dokdo"), ("오죽헌", "Ojukheon"), ("무량수전", "Muryangsujeon"), ("팔당", "Paldang")],
)
def test_a_bare_word_the_lexicon_holds_only_as_a_proper_noun_is_capitalised(word: str, expected: str) -> None:
    """The RR notice capitalises proper nouns (ch. 3 art. 3; 한밭 Hanbat, 독도 Dokdo): a word the analyser's lexicon
    knows only as a proper noun is one on a line of its own; in running text it keeps its case as before."""
    assert romanize(word, "rr").text == expected
    assert romanize(f"오늘 {word} 앞에서", "rr").text == f"oneul {expected.lower()} apeseo"


@pytest.mark.parametrize(
    ("word", "expected"),
    [("살수", "salsu"), ("주요한", "juyohan"), ("지은", "jieun"), ("백분율", "baekbunnyul"), ("고양이", "goyangi")],
)
def test_a_word_that_reads_as_well_as_a_common_word_stays_lower_case_alone(word: str, expected: str) -> None:
    """살수 is also 살 + ㄹ + 수, 지은 the past of 짓다, 백분율 a common noun and its suffix: the lexicon's proper
    noun must be the reading by a clear margin (tools/build_proper_nouns.py), or the word is the common word."""
    assert romanize(word, "rr").text == expected


def test_the_proper_noun_list_holds_no_dprk_spelling_of_a_common_word() -> None:
    """로동 is 노동 (labour) in DPRK spelling, not a name: proper_nouns.txt leaves out such words."""
    from mlkit.korean.proper import proper_nouns

    assert {"한밭", "독도", "신문로"} <= proper_nouns() and len(proper_nouns()) > 10_000
    assert not {"로동", "백분율", "살수", "지은"} & proper_nouns()
    assert romanize("로동", "mr").text == "nodong"


def test_the_proper_noun_list_answers_the_same_searched_as_text_and_as_a_set() -> None:
    """A one-line call searches the list's text; after SET_AFTER lookups a set answers: the same words."""
    from mlkit.korean import proper

    listing = proper._Listing()
    words = [*sorted(proper.proper_nouns())[:40], "고양이", "살수", "", "한밭\n독도", "# Korean", "가가"]
    as_text = [w in listing for w in words]
    assert listing.words is None and listing.asked == len(words) <= proper.SET_AFTER
    listing.asked = proper.SET_AFTER
    assert [w in listing for w in words] == as_text and listing.words is not None
    assert as_text[:40] == [True] * 40 and not any(as_text[40:])

"""Each noise detector on small real-looking inputs: what it flags, where, and why."""

from __future__ import annotations

import pytest

from mlkit.errors import UnknownOptionError
from mlkit.korean import kiwi as kiwi_mod
from mlkit.noise import find_noise

needs_kiwi = pytest.mark.skipif(not kiwi_mod.available(), reason="kiwipiepy with its model is not installed")


def flagged(text: str, **kwargs: object) -> list[tuple[str, str, str | None]]:
    doc = find_noise(text, **kwargs)  # type: ignore[arg-type]
    return [(f.kind, doc.text[f.start : f.end], f.suggestion) for f in doc.flags]


def test_control_replacement_and_private_use_characters() -> None:
    kinds = {(k, t) for k, t, _ in flagged("Kim Il Sung\x07 visited \ufffd the \ue000 farm.\n")}
    assert kinds == {("control-char", "\x07"), ("replacement-char", "\ufffd"), ("private-use", "\ue000")}


def test_nul_byte_is_flagged_not_lost() -> None:
    doc = find_noise("The farm\x00 grew rice.\n")
    assert [(f.kind, doc.text[f.start : f.end]) for f in doc.flags] == [("control-char", "\x00")]


def test_mojibake_is_flagged_with_ftfy_repair() -> None:
    assert ("mojibake", "cafÃ©", "café") in flagged("They met in a cafÃ© in Pyongyang.\n")


def test_latin_word_with_a_cyrillic_lookalike_is_mixed_script() -> None:
    result = flagged("The delegation arrived in Pyongyаng on Monday.\n")  # Cyrillic а
    assert [(k, t) for k, t, _ in result] == [("mixed-script", "Pyongyаng")]


def test_hangul_with_a_latin_acronym_is_not_mixed_script() -> None:
    assert not [k for k, _, _ in flagged("GS이스토어에서 IBM社가 만든 컴퓨터를 샀다.\n") if k == "mixed-script"]


def test_ocr_digits_in_latin_words_get_letter_suggestions() -> None:
    result = flagged("The c0mrades of the 1930s met the F-16 pilots in 2nd place.\n")
    assert result == [("digit-in-word", "c0mrades", "comrades")]


def test_numbers_with_units_and_hyphened_number_compounds_are_prose() -> None:
    # kpc-nk English as published: none of these is a misread letter
    clean = (
        "The 7.2-magnitude quake, 14.6-kilometer tunnel and 9.1-mile route cost 50bn won, or 50.7m dollars.\n"
        "The 12th-seeded player lost 22-to-3 in the Round-of-16 at 100ft, the No.1 seed said.\n"
    )
    assert [t for k, t, _ in flagged(clean) if k == "digit-in-word"] == []
    # a digit inside a part made of letters is still a misread letter
    assert [t for k, t, _ in flagged("The 7.2-rnagn1tude quake and the c0mrades.\n") if k == "digit-in-word"] == [
        "7.2-rnagn1tude", "c0mrades",
    ]  # fmt: skip


def test_decomposed_and_isolated_jamo() -> None:
    decomposed = "\u1112\u1161\u11ab\u1100\u1173\u11af"  # 한글 as conjoining jamo (NFD)
    result = flagged(f"북남 {decomposed} 선언 ㄱ 조항\n")
    assert ("decomposed-hangul", decomposed, "한글") in result
    assert ("isolated-jamo", "ㄱ", None) in result


def test_end_of_line_hyphenation_suggests_the_joined_word() -> None:
    text = "The delegation inspected the construc-\ntion site of the new hospital in Pyongyang.\n"
    assert ("hyphenation", "construc-\ntion", "construction") in flagged(text)


def test_line_broken_after_a_function_word() -> None:
    text = "They stressed the need to adorn the first-year drive of\nthe Party Congress with innovations.\n"
    doc = find_noise(text)
    assert [(f.kind, f.start) for f in doc.flags] == [("broken-line", text.index("\n"))]


def test_markdown_emphasis_flags_only_the_markers() -> None:
    text = "He published *Kulloja*, its theoretical magazine.\n"
    doc = find_noise(text)
    assert [(f.kind, f.start) for f in doc.flags] == [("markup", 13), ("markup", 21)]


def test_html_residue() -> None:
    assert ("markup", "<br/>", "") in flagged("The meeting was held.<br/> It closed &amp; ended.\n")


def test_dprk_names_and_terms_are_not_english_errors() -> None:
    text = (
        "Kim Jong Il of the WPK studied the Juche and Songun ideas in South Hwanghae and North Phyongan, "
        "and Rodong Sinmun and Kulloja reported that the KPA visited Kwangmyongsong farm.\n"
    )
    assert flagged(text) == []


def test_english_ocr_confusions_are_flagged_with_suggestions() -> None:
    result = flagged("Tbe delegation visited tbe Uuited Nations aud the rnodern factory.\n")
    assert ("english-ocr", "Tbe", "The") in result
    assert ("english-ocr", "aud", "and") in result
    assert ("english-ocr", "Uuited", "United") in result
    assert ("english-ocr", "rnodern", "modern") in result


@needs_kiwi
def test_dprk_korean_spellings_are_not_flagged() -> None:
    text = "로동신문은 력사적인 회담에서 서로 리해를 증진시키고 량강도의 로동자들과 련결된 사업을 보도하였다.\n"
    assert flagged(text) == []


@needs_kiwi
def test_korean_jamo_confusion_is_flagged_with_the_plausible_word() -> None:
    result = flagged("흩어진 가족, 친척발문단을 교환하며 비전향장기수문제를 해결하는 등\n")
    assert result == [("korean-ocr", "친척발문단을", "친척방문단을")]


@needs_kiwi
def test_doubled_syllable_is_flagged() -> None:
    result = flagged("그는 이 거대한 컴퓨터가 국가안전보장국국에 배달되었다고 말했다.\n")
    assert ("korean-ocr", "국가안전보장국국에", "국가안전보장국에") in result


def test_min_score_and_detector_selection() -> None:
    text = "The c0mrades met.\n\n3.2\n"
    assert [k for k, _, _ in flagged(text, detectors=["digits"])] == ["digit-in-word"]
    assert [k for k, _, _ in flagged(text, min_score=0.7)] == ["digit-in-word"]
    with pytest.raises(UnknownOptionError, match="unknown detector 'spelling'"):
        find_noise(text, detectors=["spelling"])


def test_existing_flags_are_kept() -> None:
    from mlkit.document import Document, Flag

    doc = Document("a\ufffdb\n", flags=(Flag(1, 2, "invalid-utf8", 1.0, "byte 0xff"),))
    kinds = [f.kind for f in find_noise(doc).flags]
    assert kinds == ["invalid-utf8"]  # the reader's flag already says why U+FFFD is there

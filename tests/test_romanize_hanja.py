"""Hanja in Korean text are read in Korean (韓國 → 한국 → hanguk), with the initial-sound rule where the system's
spelling has it; Han characters in text without Hangul keep their own routes (Chinese, Japanese)."""

from __future__ import annotations

import pytest

from mlkit.korean import hanja
from mlkit.romanize import reference, romanize, walker


@pytest.mark.parametrize(
    ("text", "system", "expected"),
    [
        ("한국(韓國)은 좋다", "rr", "hanguk(hanguk)eun jota"),
        ("한국(韓國)은 좋다", "mr", "han'guk(han'guk)ŭn chot'a"),
        ("金日成 동지", "dprk-media", "Kim Il Sung tongji"),  # the surname 金 reads 김, and the name is a name
        ("金日成 동지", "rr", "Kim Il-sung dongji"),
        ("勞動新聞에 따르면", "rr", "nodongsinmune ttareumyeon"),  # ROK spelling: the initial-sound rule
        ("勞動新聞에 따르면", "dprk-media", "Rodong Sinmune tarumyon"),  # DPRK spelling: none
        ("金剛山에 갔다", "rr", "Geumgangsane gatda"),  # 金 reads 금 in a place the gazetteer lists
    ],
)
def test_hanja_in_korean_text_read_in_korean(text: str, system: str, expected: str) -> None:
    assert romanize(text, system).text == expected
    assert reference(text, system).text == expected  # the engine
    walker.warm(system)
    assert walker.text(text, system) == expected  # and the compiled walker, which reports the Hanja to the router


def test_the_edges_say_which_character_reads_as_which_syllable() -> None:
    rows = romanize("한국(韓國)은", "rr").rows()
    assert ("韓", "han", ("hanja:韓=한", "letters")) in rows
    assert ("國", "guk", ("hanja:國=국", "letters")) in rows


def test_han_characters_without_hangul_keep_their_routes() -> None:
    assert romanize("東京", "rr").text == "Dong Jing"  # no Korean around: unidecode's reading, as before
    assert romanize("東京", "rr", lang="ja").text == "toukyou"
    assert romanize("東京에서", "rr").text == "donggyeongeseo"  # beside Hangul: Korean
    assert romanize("東京에서", "rr", lang="zh").text == "Dong Jingeseo"  # unless the caller says Chinese
    assert romanize("とうきょう에서", "rr").text.startswith("toukyou")  # kana stay Japanese beside Hangul


@pytest.mark.parametrize(
    ("word", "rok", "dprk"),
    [("樂園", "낙원", "락원"), ("女性", "여성", "녀성"), ("李承晩", "이승만", "리승만"), ("金正恩", "김정은", "김정은"),
     ("金融", "금융", "금융"), ("朝鮮民主主義人民共和國", "조선민주주의인민공화국", "조선민주주의인민공화국")],
)  # fmt: skip
def test_readings_with_and_without_the_initial_sound_rule(word: str, rok: str, dprk: str) -> None:
    assert hanja.read(word) == rok
    assert hanja.read(word, initial_rule=False) == dprk

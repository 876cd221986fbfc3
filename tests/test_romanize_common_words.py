"""A place or a bare name needs evidence: frequent common words (wordfreq's Korean list) read as the words they
are, while unlisted places and names that are not frequent words keep their readings. None of these words is in
the gold files."""

from __future__ import annotations

import pytest

from mlkit.romanize import reference, romanize, walker
from mlkit.romanize.common import COMMON_ZIPF, WEAK_ZIPF, common_word, frequent_words
from mlkit.romanize.korean import PRONOUNCED


@pytest.mark.parametrize(("word", "expected"), [("확산", "hwaksan"), ("실천", "silcheon"), ("체포", "chepo")])
def test_frequent_two_syllable_word_is_no_place(word: str, expected: str) -> None:
    # one syllable of stem before 산/천/포 is the weakest place evidence: a frequent word is the common word
    assert romanize(word, "rr").text == expected


def test_rare_two_syllable_word_with_a_generic_stays_a_place() -> None:
    assert romanize("문산", "rr").text == "Munsan"  # a town, too rare in running text to be a common word
    assert not common_word("문산", weak=True)


@pytest.mark.parametrize(("word", "expected"), [("대학교", "daehakgyo"), ("도서관", "doseogwan")])
def test_frequent_longer_word_is_no_place(word: str, expected: str) -> None:
    assert romanize(word, "rr").text == expected
    assert frequent_words()[word] >= COMMON_ZIPF


@pytest.mark.parametrize(
    ("word", "expected"), [("여론조사", "yeoronjosa"), ("경찰학교", "gyeongchalhakgyo"), ("자유무역", "jayumuyeok")]
)
def test_four_syllable_word_ending_in_a_frequent_word_is_a_compound(word: str, expected: str) -> None:
    assert romanize(word, "rr").text == expected


def test_four_syllable_place_ending_in_a_less_frequent_word_stays_a_place() -> None:
    assert romanize("흥인지문", "rr").text == "Heunginjimun"  # 지문 'fingerprint' is below the threshold


@pytest.mark.parametrize(("word", "expected"), [("한의원", "hanuiwon"), ("조직원", "jojigwon")])
def test_surname_syllable_before_a_frequent_word_is_no_bare_name(word: str, expected: str) -> None:
    assert romanize(word, "rr").text == expected


@pytest.mark.parametrize(("word", "expected"), [("옥수수", "oksusu"), ("유치원", "yuchiwon")])
def test_frequent_word_is_no_bare_name(word: str, expected: str) -> None:
    assert romanize(word, "rr").text == expected
    assert frequent_words()[word] >= WEAK_ZIPF


@pytest.mark.parametrize(("word", "expected"), [("이해찬", "Lee Haechan"), ("김연아", "Kim Yeona")])
def test_bare_name_that_is_no_frequent_word_stays_a_name(word: str, expected: str) -> None:
    assert romanize(word, "rr").text == expected


@pytest.mark.parametrize("system", PRONOUNCED)
def test_walker_agrees_with_the_engine_on_common_words_in_running_text(system: str) -> None:
    assert walker.available()
    walker.warm(system)
    line = "어제 여론조사와 자유무역 경찰학교 대학교 흥인지문 항공사 건강 문제 옥수수 한의원"
    assert romanize(line, system).text == reference(line, system).text

"""Common words: the frequent words of wordfreq's Korean list, which are evidence against a place or name reading.

A word that reads as a place only by its generic ending (건강: 건 + 강 'river') or as a personal name only by
its shape on a line of its own (지하철: 지 + 하철) needs evidence. Being one of the most frequent words of running
Korean text is evidence against it: unlisted place names and names of people outside the gazetteer are rarely that
frequent (the gazetteer and places.txt hold the cities and famous people that are). The table is built once from
wordfreq by tools/build_common_words.py into data/korean/common_words.tsv, so romanising imports no wordfreq.
"""

from __future__ import annotations

from functools import cache

from mlkit.resources import read_tsv

# zipf (log10 of occurrences per billion words) at and above which a word is common: more frequent than any
# unlisted place with a generic (낙동강 3.8, 백두산 3.6) and any bare name outside the gazetteer (이해찬 3.6,
# 정동영 3.5), as bench/romanize_names.py measures on kpc-nk's Korean; 건강 5.0, 개봉 4.7, 지하철 4.6 lie above.
COMMON_ZIPF = 4.5
# The weakest readings yield to a lower frequency. A word of two syllables is a place by one syllable of stem, and
# nearly every Sino-Korean word ends in a syllable that is also some generic (확산, 실천, 점령, 선포, 우산): of the
# two-syllable words of wordfreq's list that would read as places, those at zipf 4.0 or more are common nouns but
# for a few places (일산, 양산, 온천), while the listed places (부산, 인천, 울산), 남산 3.7 and 금강 3.8 stay places.
# A bare name has only its shape (a surname and two name syllables, no title, no gazetteer): of the three-syllable
# words of the list read so, those at 4.0 or more are common words (유치원, 구성원, 주파수, 옥수수, 우주선) but for
# one name (안철수 4.03); the names below (이재용 3.8, 김연아 3.7, 박지성 3.5) stay names.
WEAK_ZIPF = 4.0


@cache
def _rows() -> list[tuple[float, str]]:
    """(zipf, its words space-separated), most frequent first: data/korean/common_words.tsv, built by
    tools/build_common_words.py from wordfreq's Korean list (all-Hangul words)."""
    return [(float(zipf), words) for zipf, words in read_tsv("korean/common_words.tsv")]


@cache
def frequent_words() -> dict[str, float]:
    """The all-Hangul words of wordfreq's Korean list at WEAK_ZIPF or more, with their zipf."""
    return {w: zipf for zipf, words in _rows() if zipf >= WEAK_ZIPF for w in words.split(" ")}


@cache
def listed_words() -> frozenset[str]:
    """Every all-Hangul word of wordfreq's Korean list (zipf 3 and up): words of today's spelling."""
    return frozenset(w for _, words in _rows() for w in words.split(" "))


def common_word(word: str, weak: bool = False) -> bool:
    """Whether `word` is one of the frequent words of running Korean text, so no place or name by its shape alone;
    `weak` for the readings on the weakest evidence (a two-syllable place, a bare name)."""
    zipf = frequent_words().get(word)
    return zipf is not None and zipf >= (WEAK_ZIPF if weak else COMMON_ZIPF)


@cache
def common_words() -> frozenset[str]:
    """Every word `common_word` holds common as a place (two-syllable words on the weak threshold)."""
    return frozenset(w for w in frequent_words() if common_word(w, weak=len(w) == 2))

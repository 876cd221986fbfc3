"""Common words: the frequent words of wordfreq's Korean list, which are evidence against a place or name reading.

A word that reads as a place only by its generic ending (건강: 건 + 강 'river') or as a personal name only by
its shape on a line of its own (지하철: 지 + 하철) needs evidence. Being one of the most frequent words of running
Korean text is evidence against it: unlisted place names and names of people outside the gazetteer are rarely that
frequent (the gazetteer and places.txt hold the cities and famous people that are). The table is built once from
wordfreq and kept in the table cache (mlkit.tablecache), so a fresh process reads it in about a millisecond.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

# zipf (log10 of occurrences per billion words) at and above which a word is common: more frequent than any
# unlisted place with a generic (한강 4.4, 낙동강 3.8, 남산 3.7) and any bare name outside the gazetteer (이해찬 3.6,
# 정동영 3.5), as bench/romanize_names.py measures on kpc-nk's Korean; 건강 5.0, 개봉 4.7, 지하철 4.6 lie above.
COMMON_ZIPF = 4.5


def _build() -> frozenset[str]:
    from wordfreq import get_frequency_dict

    try:
        freq = get_frequency_dict("ko", "small")
    except (LookupError, ValueError, OSError):
        return frozenset()
    floor = 10 ** (COMMON_ZIPF - 9)
    return frozenset(w for w, f in freq.items() if f >= floor and all("\uac00" <= ch <= "\ud7a3" for ch in w))


@cache
def common_words() -> frozenset[str]:
    """The all-Hangul words of wordfreq's Korean list at zipf COMMON_ZIPF or more."""
    from mlkit.tablecache import fingerprint, stored

    key = fingerprint((Path(__file__).resolve(),), ("wordfreq",))
    return stored("romanize-common-ko", key, _build)


def common_word(word: str) -> bool:
    """Whether `word` is one of the frequent words of running Korean text (no place or name by shape alone)."""
    return word in common_words()

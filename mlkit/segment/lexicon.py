"""Word evidence for language identification: word frequencies per language, alphabets, and name shapes.

Frequencies come from wordfreq's small lists (about 30k words per language, bundled, offline, loaded once).
A word's log-probability under a language is what the segmentation HMM uses as emission score.
"""

from __future__ import annotations

import math
import unicodedata
from array import array
from collections.abc import Iterable
from functools import cache, lru_cache, partial
from typing import Any

from mlkit.resources import data_path, read_lines, read_tsv
from mlkit.segment import native

OOV_SHARE = 0.5  # a word missing from a list is taken to be half as frequent as the list's rarest word
OOV = 5e-8  # the floor for a language without a list
LOG_OOV = math.log(OOV)
LOG_FOREIGN_LETTER = math.log(1e-5)  # the word has a letter the language does not write
LOG_NAME = math.log(2e-5)  # chance that a capitalised word inside a sentence is a name, in any language
LOG_EVEN = 0.0
KOREAN_SYLLABLES = 4  # the most syllables a romanised Korean name has (Kwang-myong-song: 3)

# Han characters alone do not decide between Chinese, Japanese and Korean (Hanja); context does.
HAN_PRIOR = {"zh": math.log(0.6), "ja": math.log(0.3), "ko": math.log(0.1)}


@cache
def wordfreq_codes() -> dict[str, tuple[str, str]]:
    """mlkit language code → (wordfreq language code, list size)."""
    return {row[0]: (row[1], row[3] if len(row) > 3 else "small") for row in read_tsv("segment/languages.tsv")}


@cache
def frequencies(lang: str) -> dict[str, float]:
    """Word → frequency for one language (empty when wordfreq has no list for it); read from wordfreq once
    and then from the table cache, which loads several times faster and spares importing wordfreq."""
    from mlkit.tablecache import stored

    return stored(f"segment-freq-{lang}", table_key(), lambda: _wordfreq_list(lang))


@cache
def _sorted_list(lang: str) -> Any:
    """A language's frequency list as the compiled core's SortedList: one sorted UTF-8 blob, its word offsets and
    their frequencies, found by binary search; read from the table cache in about a millisecond (the list's dict
    takes 5-100 ms to unpickle, and a text would need some forty of them); its hash index comes with it."""
    from mlkit.tablecache import stored_buffers

    return native.core.SortedList(*stored_buffers(f"segment-sorted-{lang}", table_key(), lambda: _build_sorted(lang)))


def _build_sorted(lang: str) -> tuple[bytes, bytes, bytes, bytes | None]:
    """The list's words, offsets and values, and the core's hash index over them (built here once, with the
    table, rather than in every process on its first lookup)."""
    return sorted_parts(frequencies(lang).items())


def sorted_parts(pairs: Iterable[tuple[str, float]]) -> tuple[bytes, bytes, bytes, bytes | None]:
    """(word, value) pairs as the compiled core's SortedList takes them: the sorted UTF-8 words in one blob, their
    offsets and values, and the hash index over them."""
    items = sorted((w.encode("utf-8", "surrogatepass"), f) for w, f in pairs)
    offsets = array("q", [0])
    for word, _ in items:
        offsets.append(offsets[-1] + len(word))
    parts = (b"".join(w for w, _ in items), offsets.tobytes(), array("d", (f for _, f in items)).tobytes())
    return (*parts, native.core.SortedList(*parts).index())


def lookup(lang: str) -> Any:
    """What answers `get(word)` and `word in` for one language's list at run time (its SortedList; the same
    numbers as its dict, which only the table builds read)."""
    return _sorted_list(lang)


def _wordfreq_list(lang: str) -> dict[str, float]:
    """wordfreq's list for `lang`; for a language wordfreq lacks ('-' in languages.tsv: wordfreq would answer
    with its nearest language's list, English for Albanian, Dutch for Afrikaans), data/segment/catalogue_words_LANG.tsv
    (built by tools/build_catalogue_lists.py), or none (a language outside languages.tsv that wordfreq lacks)."""
    code, size = wordfreq_codes().get(lang, (lang, "small"))
    if code == "-":
        name = f"segment/catalogue_words_{lang}.tsv"
        return {word: float(freq) for word, freq in read_tsv(name)} if data_path(name).exists() else {}
    from wordfreq import available_languages, get_frequency_dict

    if code not in available_languages(size):  # (asked anyway, wordfreq answers with its nearest language's
        return {}  # list, English for Kannada or Amharic, and says so on the terminal)
    try:
        return get_frequency_dict(code, size)
    except (LookupError, ValueError, OSError):
        return {}


@cache
def alphabets() -> dict[str, frozenset[str]]:
    """Letters each Latin-script language writes natively (a–z plus its own)."""
    base = set("abcdefghijklmnopqrstuvwxyz'’-")
    out = {}
    for row in read_tsv("segment/alphabets.tsv"):
        out[row[0]] = frozenset(base | set(row[1] if len(row) > 1 else ""))
    return out


@cache
def korean_name_pattern() -> Any:
    """Matches a word made only of romanised Korean syllables (Kwangmyongsong, Phyongan, Jong), in any case: the
    compiled core's `Syllables`, whose `fullmatch(word)` is True or None (one to four syllables of an optional
    initial, a medial and an optional final letter group, data/segment/korean_romanized.tsv)."""
    parts = {row[0]: row[1].split() for row in read_tsv("segment/korean_romanized.tsv")}
    return native.core.Syllables(parts["initial"], parts["medial"], parts["final"], KOREAN_SYLLABLES)


@cache
def known_names() -> frozenset[str]:
    """Lowercased names and terms (data/segment/names.txt) that are neutral in English text."""
    return frozenset(w.lower() for w in read_lines("segment/names.txt"))


@cache
def table_key() -> str:
    """Fingerprint of what the segmenter's built tables depend on: this package's code, its data folder, the
    word lists and profiles of wordfreq and langdetect (see mlkit.tablecache) and the compiled core's table
    layout."""
    from pathlib import Path

    from mlkit.resources import data_dir
    from mlkit.tablecache import fingerprint, source_files

    files = source_files(Path(__file__).resolve().parent, data_dir() / "segment")
    # the core builds some tables itself (hash indexes): their layout is part of the key
    return f"{fingerprint(files, ('wordfreq', 'langdetect', 'regex'))}-{native.core.TABLE_FORMAT}"


@cache
def floor(lang: str) -> float:
    """The frequency a word missing from `lang`'s list is taken to have: below the list's rarest entry, so a
    large list (English) says more by not knowing a word than a small one does."""
    return _floors().get(lang, OOV)


@cache
def _floors() -> dict[str, float]:
    from mlkit.tablecache import stored

    return stored("segment-floors", table_key(), _build_floors)


def _build_floors() -> dict[str, float]:
    floors = {}
    for lang in wordfreq_codes():
        freq = frequencies(lang)
        floors[lang] = OOV_SHARE * min(freq.values()) if freq else OOV
    return floors


@cache
def mojibake_tables() -> dict[str, dict[int, str]]:
    """Per language, how its words are spelt before they are looked up: letters that mis-decoding puts in them
    mapped back (data/segment/mojibake.tsv), and letters of a script its word list is not written in spelt in
    that list's script (data/segment/transliterations.tsv: Serbian Cyrillic read in Latin letters)."""
    tables = {row[0]: str.maketrans(row[1], row[2]) for row in read_tsv("segment/mojibake.tsv")}
    for lang, letter, spelling in read_tsv("segment/transliterations.tsv"):
        table = tables.setdefault(lang, {})
        table[ord(letter)] = spelling
        table[ord(letter.upper())] = spelling.capitalize()
    return tables


def word_log_prob(lower: str, lang: str) -> float:
    """Log frequency of a lowercased word in `lang`, with the OOV floor, its spelling (mojibake, transliteration)
    and the alphabet check; the compiled core's `Lexicon.base` computes it."""
    return _compiled_lexicon((lang,)).base(lower)[0]


def single_lexicon(lang: str) -> Any:
    """The compiled core's Lexicon of one language's list alone (what `word_log_prob` reads)."""
    return _compiled_lexicon((lang,))


def _base_log_probs(lower: str, cands: tuple[str, ...]) -> list[float]:
    """`word_log_prob` of a word in each of `cands`, in one call to the compiled core."""
    return _compiled_lexicon(cands).base(lower)


CHAR_WEIGHT = 0.5  # how much letter n-grams count for a word no list knows
# ... and at most this much (log-odds) against a language: with some 30 Latin-script profiles one always fits an
# identifier's letters ("umask", "elsize") far better than English, so one unknown word must not pay for a switch
MAX_LETTER_GAP = 4.0
LOG_LARGE_MISS = math.log(1e-10)  # a word some list knows but a large list lacks
LOG_RARE_LARGE = math.log(3e-8)  # entries of a large list rarer than this count as missing ...
RARE_MARGIN = math.log(30)  # ... when a small list knows the word this many times more often


LOG_BAD_SHAPE = math.log(1e-3)  # a word without a language's shape (data/segment/word_shapes.tsv)


@cache
def word_shapes() -> dict[str, tuple[tuple[str, ...], str, int, int, tuple[str, ...]]]:
    """Per language, the shape its words have (Vietnamese: one syllable), as the compiled core's Scorer takes it:
    (onsets, nucleus letters, fewest and most nucleus letters, codas); the Scorer checks it on a word no list
    knows, lowercased and stripped of tone marks."""
    return {row[0]: (tuple(row[1].split()), row[2].replace(" ", ""), int(row[3]), int(row[4]), tuple(row[5].split()))
            for row in read_tsv("segment/word_shapes.tsv")}


@cache
def priors() -> dict[str, float]:
    """Per language, log-odds added to every word's score (data/segment/languages.tsv, column 6): among
    close relatives the one our documents meet more often wins a tie (Russian over Bulgarian)."""
    return {row[0]: float(row[5]) for row in read_tsv("segment/languages.tsv") if len(row) > 5}


@lru_cache(maxsize=1 << 12)
def log_probs(lower: str, cands: tuple[str, ...]) -> tuple[float, ...]:
    """Word log-probabilities per language plus each language's prior (the compiled core's `Scorer`).

    - Where a list knows the word: its frequency.
    - Where a large list (English, ~300k words) lacks a word that some other list knows: LOG_LARGE_MISS. In
      English text such words are practically absent, while most foreign words are like that.
    - Where no list knows the word (a typo, a rare word, a compound): one common floor for every language (less
      where the word has letters a language does not write or lacks its shape), and letter trigrams decide
      ("winterspelen" leans Dutch, "syllabary" English), by CHAR_WEIGHT and at most MAX_LETTER_GAP; romanised
      Korean ("paduk", "juche") and words shorter than 4 or longer than MAX_SCORED_LETTERS letters are not
      weighed by their letters. A mis-decoded word is judged with its letters restored.
    """
    return scorer(cands).log_probs(lower)


@cache
def scorer(cands: tuple[str, ...]) -> Any:
    """The compiled core's Scorer of words in the languages `cands` (it remembers the words it has scored)."""
    from mlkit.segment.charmodel import grams

    shapes = word_shapes()
    return native.core.Scorer(_compiled_lexicon(cands), grams(cands), cands, korean_name_pattern(),
                              tuple(shapes.get(lang) for lang in cands), unicodedata.normalize,
                              (LOG_OOV, CHAR_WEIGHT, MAX_LETTER_GAP, MIN_SCORED_LETTERS, MAX_SCORED_LETTERS,
                               LOG_BAD_SHAPE))


@lru_cache(maxsize=1 << 17)
def list_log_probs(lower: str, cands: tuple[str, ...]) -> tuple[float, ...]:
    """`log_probs` without the letter n-grams: a word no list knows scores the common floor in every language
    (less where it has letters a language does not write or lacks its shape). For a model that weighs letter
    n-grams itself (relatives.py), at a fraction of the cost on words seen for the first time."""
    return scorer(cands).list_log_probs(lower)


@cache
def _compiled_lexicon(cands: tuple[str, ...]) -> Any:
    """The compiled core's Lexicon over the word lists of `cands`."""
    lows = [floor(lang) for lang in cands]
    log_floors, large = _list_facts(cands)
    prior = priors()
    tables, letters = mojibake_tables(), alphabets()
    # how each language's words are spelt before lookup, and the letters it writes ("".join: the core's input)
    spellings = [(tables.get(lang), "".join(sorted(letters[lang])) if lang in letters else None) for lang in cands]
    joined = _joined(cands) if len(cands) > 1 else None
    # with the lists joined, a language's own list is read only for a word its spelling table changes: it is
    # mapped when first needed (mapping and checking the 26 Latin lists cost 16 ms at every start)
    lists = tuple(partial(_sorted_list, lang) if joined else _sorted_list(lang) for lang in cands)
    return native.core.Lexicon(lists, lows, [math.log(v) for v in lows], log_floors, large,
                               [prior.get(lang, 0.0) for lang in cands], (LOG_RARE_LARGE, RARE_MARGIN, LOG_LARGE_MISS),
                               spellings, LOG_FOREIGN_LETTER, joined)


def _joined(cands: tuple[str, ...]) -> tuple[object, ...]:
    """The lists of `cands` joined for the core's Lexicon: each word of any of them once, with its value in each
    list that has it, so a plain word is one lookup instead of one per list (26 for Latin); built once into the
    table cache and mapped from it."""
    from mlkit.tablecache import stored_buffers

    return stored_buffers(f"segment-joined-{'-'.join(cands)}", table_key(), lambda: joined_parts(cands))


def joined_parts(cands: tuple[str, ...]) -> tuple[bytes, ...]:
    """(blob, offsets, index, starts, langs, values): the sorted UTF-8 words of the lists of `cands` in one blob,
    their offsets and the core's hash index over them, and per word where its entries start (uint32, one more
    than the words); per entry, the list's place in `cands` (uint8) and the word's value there (float64)."""
    rows: dict[bytes, list[tuple[int, float]]] = {}
    for k, lang in enumerate(cands):
        for w, f in frequencies(lang).items():
            rows.setdefault(w.encode("utf-8", "surrogatepass"), []).append((k, f))
    words = sorted(rows)
    offsets, starts = array("q", [0]), array("I", [0])
    langs, values = bytearray(), array("d")
    for word in words:
        offsets.append(offsets[-1] + len(word))
        for k, f in rows[word]:
            langs.append(k)
            values.append(f)
        starts.append(len(values))
    blob = b"".join(words)
    index = native.core.SortedList(blob, offsets.tobytes(), bytes(8 * len(words))).index()
    return blob, offsets.tobytes(), index, starts.tobytes(), bytes(langs), values.tobytes()


@cache
def _list_facts(cands: tuple[str, ...]) -> tuple[tuple[float, ...], tuple[bool, ...]]:
    """Per language of `cands`: the log of its floor (what a word it lacks scores) and whether its list is large."""
    codes = wordfreq_codes()
    return (tuple(math.log(floor(lang)) for lang in cands),
            tuple(codes.get(lang, ("", ""))[1] == "large" for lang in cands))


MIN_SCORED_LETTERS = 4  # a shorter word's letters are too few to tell a language
MAX_SCORED_LETTERS = 64  # a longer "word" is no word of any language: its letters are not weighed (linear time)

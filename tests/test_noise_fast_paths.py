"""The noise checks' fast paths give what the plain computations they replace give (mlkit/noise/lexindex.py,
best_correction, near_common, Kiwi's direct call), and English text does not load Kiwi."""

from __future__ import annotations

import subprocess
import sys
from itertools import repeat

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlkit.korean import kiwi as kiwi_mod
from mlkit.noise import english
from mlkit.noise.lexindex import NearIndex, build_near, deletes, insert_index

LETTERS = "abcdefghijklmnopqrstuvwxyz"
# Real words, their misreadings and oddities: doubled letters (inserts between equal letters are skipped),
# apostrophes, accents, digits and capitals (the correction keeps the capital).
WORDS = [
    "tbe", "aud", "ls", "inthe", "Tureday", "arived", "c0mrades", "hellllo", "ll", "stata", "Furoign", "Uuited",
    "Japansise", "rnountain", "clistrict", "goverment", "comittee", "naïve", "o'clock", "Pyongyang", "x" * 30,
]  # fmt: skip
words = st.text(alphabet=st.sampled_from(list(LETTERS + "é'10")), min_size=2, max_size=9) | st.sampled_from(WORDS)


def plain_best_correction(word: str, edits: bool = True) -> tuple[str, float] | None:
    """best_correction as first written: every candidate built and looked up, the first of the commonest wins."""
    lower = word.lower()
    cands: list[str] = []
    for a, b in english._letter_confusions():
        start = lower.find(a)
        while start >= 0:
            cands.append(lower[:start] + b + lower[start + len(a) :])
            start = lower.find(a, start + 1)
    for i in range(len(lower) + 1 if edits else 0):
        head, tail = lower[:i], lower[i:]
        cands.append(head + tail[1:])
        if 0 < i < len(lower) and lower[i] == lower[i - 1]:
            continue
        cands.extend([head + c + tail for c in LETTERS])
    unique = [c for c in dict.fromkeys(cands) if c != lower and len(c) >= 2]
    zipfs = list(map(english.english_freq().get, unique, repeat(0.0, len(unique))))
    top = max(zipfs, default=0.0)
    if not top:
        return None
    fixed = unique[zipfs.index(top)]
    return (fixed[:1].upper() + fixed[1:] if word[:1].isupper() else fixed), top


def plain_near_common(word: str) -> tuple[str, float, int] | None:
    """near_common without its shortcuts: every word sharing a key, the dynamic programme where it must decide."""
    lower = word.lower()
    if not lower.isalpha() or len(lower) < 3:
        return None
    index, freq = english._near_index(), english.english_freq()
    found: dict[str, int] = {}
    for key, dropped in deletes(lower).items():
        for c, theirs in index.get(key, ()):
            if c != lower:
                found[c] = min(found.get(c, 4), english._distance(lower, c, dropped, theirs))
    for c, d in list(found.items()):
        if d == 3:
            found[c] = english.edit_distance(lower, c) or 3
    ranked = sorted((d, -freq[c], c) for c, d in found.items() if d < 3 and (d == 1 or c[0] == lower[0]))
    if not ranked:
        return None
    d, minus_z, c = ranked[0]
    return (c[:1].upper() + c[1:] if word[:1].isupper() else c), -minus_z, d


@settings(max_examples=200, deadline=None)
@given(words, st.booleans())
def test_best_correction_is_the_plain_search(word: str, edits: bool) -> None:
    assert english.best_correction.__wrapped__(word, edits) == plain_best_correction(word, edits)


@settings(max_examples=200, deadline=None)
@given(words)
def test_near_common_is_the_plain_search(word: str) -> None:
    assert english.near_common.__wrapped__(word) == plain_near_common(word)


def test_insert_index_finds_every_listed_word_one_letter_longer() -> None:
    freq = english.english_freq()
    for word in ("tbe", "goverment", "comittee", "stat", "hous", "an"):
        found = {w for _, w in insert_index().inserted(word)}
        expected = {
            word[:i] + c + word[i:] for i in range(len(word) + 1) for c in LETTERS if word[:i] + c + word[i:] in freq
        }
        assert found == expected
        assert found  # each has at least one (the, government, committee, state, house, and)


needs_kiwi = pytest.mark.skipif(not kiwi_mod.available(), reason="kiwipiepy with its model is not installed")
KOREAN = ["로동신문은", "발전과", "발전되지", "퀸럼", "솔러스", "우려할만한", "ㄱㅏ", "3명이", ""]


@needs_kiwi
@pytest.mark.parametrize("word", KOREAN)
def test_kiwi_direct_call_and_known_score_agree_with_kiwi_analyze(word: str) -> None:
    analysis = kiwi_mod.analyze.__wrapped__(word)
    if word:
        tokens, score = kiwi_mod.analyzer().analyze(word, top_n=1)[0]
        assert analysis.score == float(score)
        assert analysis.morphemes == tuple((t.form, t.tag) for t in tokens)
    expected = None if analysis.unknown else analysis.score
    assert kiwi_mod.known_score.__wrapped__(word) == expected


def test_english_text_does_not_load_kiwi() -> None:
    code = (
        "import sys; from mlkit.noise import find_noise; "
        "doc = find_noise('Kim Jong Il visited the c0mrades of the Ministry.\\n'); "
        "print(len(doc.flags), 'kiwipiepy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["1", "False"]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("abcdeé")), min_size=1, max_size=7), max_size=12, unique=True))
def test_near_index_gives_what_a_dict_of_the_deletion_forms_gives(words: list[str]) -> None:
    plain: dict[str, list[tuple[str, int]]] = {}
    for w in words:
        for key, n in deletes(w).items():
            plain.setdefault(key, []).append((w, n))
    index = NearIndex(*build_near(words))
    keys = [*plain, "", "zz", "abcdefgh"]
    assert index.lookup(keys) == [tuple(plain.get(k, ())) for k in keys]
    assert all(index.get(k) == tuple(plain.get(k, ())) for k in keys)


table_words = st.sampled_from(sorted(english._corrections())) | words


@settings(max_examples=200, deadline=None)
@given(table_words, st.booleans())
def test_precomputed_corrections_are_the_plain_search(word: str, capital: bool) -> None:
    english.want_corrections()  # (a long English text reads the table; the answers must be the search's)
    word = word[:1].upper() + word[1:] if capital else word
    for edits in (False, True):
        assert english.best_correction.__wrapped__(word, edits) == plain_best_correction(word, edits)
    near = plain_near_common(word)
    assert english.near_common.__wrapped__(word) == near
    assert english.near_one.__wrapped__(word) == (near if near is not None and near[2] == 1 else None)


def test_corrections_table_holds_the_rare_listed_words() -> None:
    table, freq = english._corrections(), english.english_freq()
    assert {"aud", "thc", "wbo", "goverment"} <= set(table)  # rare words that OCR makes of common ones
    assert all(english.TABLE_ZIPF <= freq[w] < english.RARE_ZIPF for w in list(table)[:2000])
    government = ("government", freq["government"])
    assert table["goverment"][:3] == (None, government, (*government, 1))
    assert table["senator"][3] is not False  # a long word of romanised-Korean shape: its near_common is kept
    assert table["senator"][4] and not table["goverment"][4]  # (its shape is kept too)


def test_only_a_long_english_text_reads_the_corrections_table() -> None:
    code = (
        "from mlkit.noise import find_noise, english; "
        "find_noise('Kim Jong Il visited the c0mrades of the Ministry.\\n'); print(len(english._LOADED)); "
        f"find_noise('The aud of tbe Ministry went to Pyongyang. ' * {english.TABLE_WORDS // 8}); "
        "print(len(english._LOADED) == len(english._corrections()))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["0", "True"]


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(sorted(english._verdicts())), st.booleans(), st.booleans(), st.booleans())
def test_precomputed_verdicts_are_judges(lower: str, repeated: bool, names: bool, piece: bool) -> None:
    english.want_corrections()
    for form in {*english._forms(lower), lower.title(), lower[:-1] + lower[-1:].upper()}:
        plain = english._judge(form, repeated, names, piece)  # (names_likely counts only for unlisted words)
        assert english.judge.__wrapped__(form, repeated, names, piece) == plain


def test_verdicts_table_holds_the_listed_rare_words_and_their_flags() -> None:
    table = english._verdicts()
    assert set(table) == {w for w in english._corrections() if "’" not in w}
    assert table["tbe"][0] is not None and table["tbe"][0].suggestion == "the"
    assert table["tbe"][4] is not None and table["tbe"][4].suggestion == "The"  # (capitalised)
    assert table["clipper"] == (None,) * 12  # (a rare word a text may well use)


def test_quiet_forms_are_words_the_verdicts_let_pass_in_every_context() -> None:
    english.want_corrections()
    quiet = english._quiet_forms()
    assert {"clipper", "Clipper"} <= quiet and not {"tbe", "Tbe"} & quiet
    assert all(english._never_flagged(w, w.lower()) for w in quiet)
    every = {f for w, known in english._verdicts().items() if known == english._NO_FLAGS for f in english._forms(w)[:2]}
    assert quiet == {f for f in every if english._never_flagged(f, f.lower())}

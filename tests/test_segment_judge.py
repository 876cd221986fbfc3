"""The compiled core's judge of new words (`Judge`, `Scorer`) and its identifier scan, on real words and text:
what a word seen for the first time tells the trigger scan and the word HMM, with no Python call per word."""

from __future__ import annotations

import struct

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from mlkit.segment import identifiers, langid, lexicon, native, runs

LATIN = runs.latin_candidates()


def _judge():  # type: ignore[no-untyped-def]
    return runs._judge("en", runs.language_index("en"), langid.LOG_NAME)


def _emission(word: str, script: str, capital: int = 0, initial: int = 0, entity: int = 0) -> dict:
    """The judge's emission row for the HMM, read back: best languages, plain flag, label, scores."""
    codes = runs.language_index("en")
    words = native.core.MASK_WORDS
    raw = _judge().provide(word, script, capital, initial, entity)
    values = struct.unpack(f"={2 * words}Qii{len(codes)}d", raw)
    present = sum(v << (64 * q) for q, v in enumerate(values[:words]))
    best = sum(v << (64 * q) for q, v in enumerate(values[words : 2 * words]))
    scores = values[2 * words + 2 :]
    return {"best": [codes[i] for i in range(len(codes)) if best >> i & 1], "plain": values[2 * words],
            "first": codes[values[2 * words + 1]],
            "scores": {codes[i]: scores[i] for i in range(len(codes)) if present >> i & 1}}


def test_a_new_word_gains_for_the_languages_whose_lists_know_it() -> None:
    """A German word gains most for German against English; a plain English word gains nothing; the judge
    answers alike whether called or asked for `gains`, and for a word's capitalised form."""
    judge = _judge()
    gains = dict(zip(LATIN, judge.gains("bahnhof"), strict=True))
    assert max(gains, key=gains.__getitem__) == "de" and gains["de"] > 5 and gains["en"] == 0.0
    assert judge("bahnhof") == judge.gains("bahnhof") == judge.gains("Bahnhof")
    assert set(judge.gains("delegation")) == {0.0}
    unknown = dict(zip(LATIN, judge.gains("herstellungsmethoden"), strict=True))
    assert max(unknown, key=unknown.__getitem__) == "de"


def test_acronyms_romanised_korean_and_single_letters_gain_nothing_but_words_in_capitals_do() -> None:
    judge = _judge()
    for word in ("DPRK", "GNU", "Kwangmyongsong", "Pyongyang", "x"):
        assert set(judge.gains(word)) == {0.0}, word
    assert judge.gains("BAHNHOF") == judge.gains("bahnhof") and max(judge.gains("bahnhof")) > 0  # a word in capitals
    assert set(judge.gains("ZQXWV")) == {0.0}  # five capitals no list knows: an acronym


def test_romanised_korean_names_are_read_by_their_syllables_in_any_case() -> None:
    """Names of one to four syllables in McCune-Reischauer or Revised Romanisation match in any case (a
    capital I, K or S as the core's case rule has it); English words, five syllables and other letters do not."""
    names = lexicon.korean_name_pattern()
    for word in ("Kwangmyongsong", "Phyongan", "jong", "PYONGYANG", "Chollima", "Jeju", "Hwasong",
                 "ſong", "\u212aim", "\u0130lsong"):
        assert names.fullmatch(word), word
    for word in ("", "delegation", "Kwangmyongsongkwangmyong", "Pyongyangx", "Ünsong", "song-ni", "kim1",
                 "strengthen", "\u0131lsong"):
        assert names.fullmatch(word) is None, word
    long_word = "kwang" * 200  # read in time linear in its length
    assert names.fullmatch(long_word) is None


def test_joined_letter_profiles_weigh_a_word_as_each_profile_alone() -> None:
    """The profiles of a script joined into one table (a gram's log-probability in every language per row) give
    each language the trigram sum of its own profile; joined tables that do not fit are refused."""
    from mlkit.segment import charmodel

    cands = LATIN
    joined = charmodel.grams(cands)
    for word in ("herstellungsmethoden", "winterspelen", "amaçlayan", "syllabary", "przedsiębiorstwo"):
        alone = [native.core.Grams([charmodel._built(lang)]).score(word)[0] for lang in cands]
        weighed = dict(zip(cands, joined.score(word), strict=True))
        assert list(weighed.values()) == alone
    scorer = lexicon.scorer(cands)
    german = dict(zip(cands, scorer.log_probs("herstellungsmethoden"), strict=True))
    assert max(german, key=german.__getitem__) == "de"
    slots, rows = native.core.Grams([charmodel._built(lang) for lang in cands]).joined()
    try:
        native.core.Grams([charmodel._built(lang) for lang in cands], (slots, rows[:-8]))
    except ValueError:
        pass
    else:
        raise AssertionError("joined rows cut short were taken")


def test_the_emission_row_names_the_best_languages_and_plain_english() -> None:
    """A German word reads best as German; a plain English word is marked plain; an acronym has no best
    language; a Cyrillic word is scored among the Cyrillic languages; a Hangul word is Korean by its script."""
    german = _emission("straße", "Latin")
    assert german["best"] == ["de"] and german["plain"] == 0 and german["first"] == "en"
    assert set(german["scores"]) == set(LATIN) and max(german["scores"].values()) == 0.0
    english = _emission("the", "Latin")
    assert english["best"] == ["en"] and english["plain"] == 1
    acronym = _emission("DPRK", "Latin", capital=1)
    assert acronym["best"] == [] and set(acronym["scores"].values()) == {0.0}
    assert _emission("невозможности", "Cyrillic")["best"] == ["ru"]
    assert _emission("", "Hangul") == {"best": ["ko"], "plain": 0, "first": "ko", "scores": {"ko": 0.0}}
    # a capitalised word inside a sentence may be a name: its scores move towards the name's, closer together
    name, word = _emission("Bahnhof", "Latin", capital=1), _emission("bahnhof", "Latin")
    assert name["best"] == ["de"]
    assert max(name["scores"].values()) - min(name["scores"].values()) < (
        max(word["scores"].values()) - min(word["scores"].values()))


def test_the_scorer_knows_list_words_and_reads_unknown_ones_by_their_letters() -> None:
    scorer = lexicon.scorer(LATIN)
    assert scorer.knows("bahnhof") and not scorer.knows("zqxwvy")
    nl, en = LATIN.index("nl"), LATIN.index("en")
    dutch, english = scorer.log_probs("winterspelen"), scorer.log_probs("syllabary")
    assert dutch[nl] > dutch[en] and english[en] > english[nl]
    assert scorer.log_probs("winterspelen") == lexicon.log_probs("winterspelen", LATIN)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=14))
def test_letters_move_an_unknown_word_by_at_most_the_letter_gap(word: str) -> None:
    """A word no list knows: its letter n-grams lower each language's score by at most MAX_LETTER_GAP below
    the best fit, from the floor the lists give it (`list_log_probs`); too short a word is not weighed."""
    scorer = lexicon.scorer(LATIN)
    assume(not scorer.knows(word))
    full, floor = scorer.log_probs(word), scorer.list_log_probs(word)
    moved = [a - b for a, b in zip(full, floor, strict=True)]
    assert all(-lexicon.MAX_LETTER_GAP - 1e-9 <= m <= 1e-9 for m in moved)
    if len(word) < lexicon.MIN_SCORED_LETTERS or lexicon.korean_name_pattern().fullmatch(word):
        assert all(abs(m) <= 1e-9 for m in moved)
    else:
        assert max(moved) >= -1e-9


TECHNICAL = ("Install libjpeg.so.8 with --no-clobber from /etc/shells; see ls(1), snake_case_name and camelCase at "
             "3f2a9bc0.\nThe delegation met in Pyongyang (on Tuesday) and left at ten - as planned.")


def test_identifiers_of_technical_prose_are_found_and_only_near_the_regions_asked_about() -> None:
    found = [TECHNICAL[a:b] for a, b in identifiers.spans(TECHNICAL)]
    assert found == ["libjpeg.so.8", "--no-clobber", "/etc/shells", "ls(1)", "snake_case_name", "camelCase",
                     "3f2a9bc0"]
    assert [TECHNICAL[a:b] for a, b in identifiers.spans(TECHNICAL, [(0, 10)])] == ["libjpeg.so.8"]
    at = TECHNICAL.index("ls(1)")
    assert [TECHNICAL[a:b] for a, b in identifiers.spans(TECHNICAL, [(at, at + 2)])] == ["ls(1)"]
    assert identifiers.spans(TECHNICAL, [(TECHNICAL.index("delegation"), TECHNICAL.index("planned"))]) == []
    masked = identifiers.mask(TECHNICAL)
    assert len(masked) == len(TECHNICAL) and "libjpeg" not in masked and "The delegation met" in masked


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab_/@(*&=->.-09AZaf \n\té", max_size=60),
       st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), max_size=4))
def test_every_identifier_found_is_matched_by_the_pattern_where_it_starts(text: str, pairs: list) -> None:
    regions = [(min(a, b, len(text)), min(max(a, b), len(text))) for a, b in pairs]
    for regs in (None, regions):
        spans = identifiers.spans(text, regs)
        assert spans == sorted(spans) and all(b <= c for (_, b), (c, _) in zip(spans, spans[1:], strict=False))
        for a, b in spans:  # the chunks end at white space: the pattern matches there in the whole text too
            assert a < b and identifiers.identifier_pattern().match(text, a), (text, a, b)
            assert not any(c.isspace() for c in text[a:b])


_SHARED_MEMO: dict = {}


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab_/@(*&=->.-09AZaf \n\té", max_size=80), st.integers(0, 80),
       st.lists(st.tuples(st.integers(0, 80), st.integers(0, 80)), max_size=4))
def test_identifiers_found_with_a_memo_of_searched_chunks_are_those_found_without(text: str, cut: int,
                                                                                  pairs: list) -> None:
    """The segmenter masks a text's first characters, then the windows of the whole text, with one memo of the
    chunks searched, kept for the texts after it: a chunk of a prefix reads as in the whole text, and a chunk
    with the same characters before it reads alike in any text, so the memo changes no answer (one memo for all
    the examples: each text meets the chunks of those before it)."""
    regions = [(min(a, b, len(text)), min(max(a, b), len(text))) for a, b in pairs]
    memo = _SHARED_MEMO
    assert identifiers.spans(text[:cut], None, memo) == identifiers.spans(text[:cut])
    assert identifiers.spans(text, regions, memo) == identifiers.spans(text, regions)
    assert identifiers.spans(text, None, memo) == identifiers.spans(text)


def test_a_chunk_is_searched_once_for_the_sample_and_the_windows() -> None:
    pattern = identifiers.identifier_pattern()
    searched: list[str] = []

    def finditer(text: str, lo: int, hi: int):  # type: ignore[no-untyped-def]
        searched.append(text[lo:hi])
        return pattern.finditer(text, lo, hi)

    memo: dict = {}
    first = native.core.identifier_spans(TECHNICAL, None, finditer, identifiers.CHUNK, memo)
    count = len(searched)
    again = native.core.identifier_spans(TECHNICAL, [(0, 40)], finditer, identifiers.CHUNK, memo)
    assert len(searched) == count and again == first[:2]  # libjpeg.so.8, --no-clobber
    at = TECHNICAL.index("ls(1)")
    other = "Then see " + TECHNICAL[at:]  # another text: its chunks and the characters before them read alike
    later = native.core.identifier_spans(other, None, finditer, identifiers.CHUNK, memo)
    assert len(searched) == count and [other[a:b] for a, b in later] == [TECHNICAL[a:b] for a, b in first if a >= at]
    native.core.identifier_spans("-" + other, None, finditer, identifiers.CHUNK, memo)  # "-Then": a new chunk
    assert searched[count:] == ["-Then"]
    native.core.identifier_spans("Then se_" + TECHNICAL[at:], None, finditer, identifiers.CHUNK, memo)
    assert searched[count + 1 :] == ["se_ls(1),"]  # "_" before "ls(1)" changes what the pattern reads: searched


def test_the_core_table_layout_is_part_of_the_table_key() -> None:
    assert lexicon.table_key().endswith(f"-{native.core.TABLE_FORMAT}")


def test_prose_parentheses_are_not_searched_but_identifiers_in_parentheses_are_found() -> None:
    pattern = identifiers.identifier_pattern()
    searched: list[str] = []

    def finditer(text: str, lo: int, hi: int):  # type: ignore[no-untyped-def]
        searched.append(text[lo:hi])
        return pattern.finditer(text, lo, hi)

    text = ("The page (see below) lists chown() and ls(1) (--verbose too), (fooBar) and (x86_64); "
            "(Optional) arguments (the rest) come last.")
    found = [text[a:b] for a, b in native.core.identifier_spans(text, None, finditer, identifiers.CHUNK)]
    assert found == ["chown()", "ls(1)", "--verbose", "fooBar", "x86_64"]
    assert searched == ["chown()", "ls(1)", "(--verbose", "(fooBar)", "(x86_64);"]


def test_a_scanner_from_the_word_blob_or_its_built_table_finds_what_one_from_the_words_finds() -> None:
    from mlkit.segment import unknown
    from mlkit.segment.fastscan import PlainWordScanner, word_blob

    words = ["the", "delegation", "met", "in", "on", "and", "left", "at", "ten", "as", "planned", "Tuesday", "NASA"]
    text = "The delegation met in pyongyang on Tuesday and left at ten as planned; NASA and Nasa, the zqx konferenz."
    built = [PlainWordScanner(w, unknown.CLAIMS, width=1) for w in (words, word_blob(words))]
    slots, arena, used = built[1].table()  # the core's built table, as the table cache keeps it, read in place
    built.append(PlainWordScanner(lambda: word_blob(words), unknown.CLAIMS, width=1,
                                  table=(memoryview(slots), memoryview(arena), used)))
    found = [s.triggers(text, 0, len(text), 1.0) for s in built]
    assert found[0] == found[1] == found[2]
    assert built[2].words() == frozenset(words)
    ends = {text[k:].split()[0] for stretch in found[1].stretches for k in stretch}
    # the lower-case words of four letters or more it lacks; names, capitals and short words ("zqx") claim nothing
    assert ends == {"pyongyang", "konferenz."}
    assert built[1].words() == frozenset(words)
    with pytest.raises(ValueError):
        PlainWordScanner(words, unknown.CLAIMS, width=2)  # one claim is one language's


def test_letter_gram_tables_taken_back_built_score_as_from_the_profiles() -> None:
    from mlkit.segment import charmodel

    langs = ("de", "en", "fi", "xx")  # "xx": no profile, scored as the worst of the others
    profiles = [charmodel.profile(lang) for lang in langs]
    from_profiles = native.core.Grams(profiles)
    tables = from_profiles.tables()
    assert tables[3] is None and all(isinstance(t[0], bytes) for t in tables[:3])
    built = native.core.Grams([None if t is None else (memoryview(t[0]), t[1], t[2]) for t in tables])
    for word in ("übersetzung", "the", "järjestelmä", "pyongyang", "x"):
        scores = from_profiles.score(word)
        assert built.score(word) == scores and scores[3] == min(scores[:3])
    assert max(range(3), key=lambda k: from_profiles.score("järjestelmä")[k]) == 2


DAMAGED_TABLES = """
import struct
from mlkit.segment import native, unknown, charmodel, lexicon
from mlkit.segment.fastscan import PlainWordScanner

words = ["the", "delegation", "met", "in", "on", "and", "left", "at", "ten", "as", "planned"]
slots, arena, used = PlainWordScanner(words, unknown.CLAIMS, width=1).table()
damaged = bytearray(len(slots))  # every slot taken, by a long key said to sit far outside the arena
for k in range(0, len(damaged), 32):
    struct.pack_into("<Qiiq8x", damaged, k, 0x9E3779B97F4A7C15, 100, 0, 1 << 40)
scanner = PlainWordScanner(lambda: b"", unknown.CLAIMS, width=1, table=(memoryview(damaged), memoryview(arena), used))
text = "The delegation met in Pyongyang on Tuesday."
found = scanner.triggers(text, 0, len(text), 1.0)
print(len(found.stretches) > 0)
grams = charmodel.profile("de")
table = native.core.Grams([grams]).tables()[0]
full = native.core.Grams([(memoryview(b"\\xff" * len(table[0])), table[1], table[2])])  # no empty slot
print(all(s < 0 for s in full.score("übersetzung")))
parts = lexicon.sorted_parts([("und", 1e-2), ("der", 2e-2), ("die", 3e-2)])
index = bytearray(parts[3])
for k in range(0, len(index), 4):  # each word's slot keeps its hash bits but names word number 0, before the list
    struct.pack_into("=I", index, k, struct.unpack_from("=I", index, k)[0] & ~3)
hollow = native.core.SortedList(*parts[:3], bytes(index))
print([hollow.get(w) for w in ("und", "der", "die", "das")] == [None] * 4)
"""


def test_a_damaged_table_read_in_place_neither_hangs_nor_reads_outside_it() -> None:
    """Tables from the cache are read in place and trusted only as far as their sizes: a lookup in one whose
    every slot is taken, pointing outside its arena, ends and finds nothing (a text is then all unknown words); a
    word list's index whose slots name no word finds nothing either (its slots are not all read when it is
    mapped, which touched every page of it in every process)."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", DAMAGED_TABLES], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["True", "True", "True"]


def test_a_word_no_list_knows_weighs_less_in_vietnamese_without_the_shape_of_one_syllable() -> None:
    cands = runs.latin_candidates()
    vi, scorer = cands.index("vi"), lexicon.scorer(cands)
    # onset, one to three vowels, coda; tone marks do not count
    syllables = ["nghoac", "nghoạc", "nghoặc", "xuyênh", "ươ"]
    others = ["stroblex", "câblage", "nghoacx", "ngooooc", "nghoac-nghoac"]
    assert not any(scorer.knows(w) for w in syllables + others)
    fits = {scorer.list_log_probs(w)[vi] for w in syllables}
    lacks = {scorer.list_log_probs(w)[vi] for w in others[:-1]}
    assert len(fits) == len(lacks) == 1 and lacks.pop() == fits.pop() + lexicon.LOG_BAD_SHAPE
    assert scorer.list_log_probs("nghoac-nghoac")[vi] < scorer.list_log_probs("nghoac")[vi]

"""The lexicon's word scores: list words score their frequencies, spelt and split as each language reads
them, and the short path for plain ASCII words gives the floats of the general one."""

from __future__ import annotations

import itertools
import math
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlkit.segment import lexicon
from mlkit.segment.runs import latin_candidates


def test_a_word_scores_its_frequency_spelt_and_split_as_each_language_reads_it() -> None:
    """The rules of a word's base score, on real list words: its frequency above the floor; Turkish letters
    garbled by Latin-1 restored, Serbian Cyrillic read in the Latin letters of its list; an apostrophe word by
    its stem; a hyphenated word no list knows by the mean of its parts; a letter a language does not write
    costs LOG_FOREIGN_LETTER."""
    def logf(word: str, lang: str) -> float:
        return math.log(max(lexicon.frequencies(lang).get(word, 0.0), lexicon.floor(lang)))

    assert lexicon.word_log_prob("bahnhof", "de") == logf("bahnhof", "de") > math.log(lexicon.floor("de"))
    assert lexicon.word_log_prob("baþka", "tr") == logf("başka", "tr") > math.log(lexicon.floor("tr"))
    assert lexicon.word_log_prob("baþka", "en") == math.log(lexicon.floor("en")) + lexicon.LOG_FOREIGN_LETTER
    assert lexicon.word_log_prob("град", "sr") == logf("grad", "sr") > math.log(lexicon.floor("sr"))
    assert lexicon.word_log_prob("process's", "en") == logf("process", "en")
    assert lexicon.word_log_prob("l'homme", "fr") == max(logf("homme", "fr"), logf("l'homme", "fr"))
    assert "zqxw-station" not in lexicon.frequencies("en")
    assert lexicon.word_log_prob("zqxw-station", "en") == (logf("zqxw", "en") + logf("station", "en")) / 2
    assert lexicon.word_log_prob("straße", "de") == logf("straße", "de")
    assert lexicon.word_log_prob("straße", "nl") == logf("straße", "nl") + lexicon.LOG_FOREIGN_LETTER
    cands = latin_candidates()
    for lang in cands:  # every language of a lexicon answers as it does alone
        for word in itertools.islice(lexicon.frequencies(lang), 0, 60000, 997):
            for w in (word, word + "zq", word[:3], word + "-" + word):
                assert lexicon._base_log_probs(w, cands) == [lexicon.word_log_prob(w, lang_) for lang_ in cands], w


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abcdeinorstuyzäßçé'-’", min_size=1, max_size=14))
def test_any_word_scores_the_same_on_both_paths(word: str) -> None:
    cands = latin_candidates()
    assert lexicon._base_log_probs(word, cands) == [lexicon.word_log_prob(word, lang) for lang in cands]


def test_list_words_score_their_frequency_and_prior() -> None:
    """A word a list knows scores the log of its frequency there plus the language's prior, in every list that
    knows it well; a large list that lacks it, its miss score."""
    cands = latin_candidates()
    prior = lexicon.priors()
    checked = 0
    for lang in ("de", "es", "vi", "en"):
        for word in itertools.islice(lexicon.frequencies(lang), 100, 60000, 211):
            if not (word.isascii() and word.isalpha()):
                continue
            scores = lexicon.log_probs.__wrapped__(word, cands)
            for k, other in enumerate(cands):
                f = lexicon.frequencies(other).get(word)
                if f is not None and f > lexicon.floor(other) and f >= 1e-6:
                    assert scores[k] == math.log(f) + prior.get(other, 0.0), (word, other)
                    checked += 1
                elif f is None and other == "en":
                    assert scores[k] == lexicon.LOG_LARGE_MISS + prior.get(other, 0.0), (word, other)
    assert checked > 1000


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abcdeinorstuyz", min_size=1, max_size=10))
def test_a_word_scores_the_same_looked_up_by_the_core_or_by_python(word: str) -> None:
    """Plain ASCII words take the core's short path (`known`); others (accents, hyphens) its general one
    (`base`, then `combine`): for a plain word both ways give the same floats."""
    cands = latin_candidates()
    compiled = lexicon._compiled_lexicon(cands)
    assert compiled.combine(lexicon._base_log_probs(word, cands)) == compiled.known(word)


def test_sorted_list_answers_as_the_dict_does() -> None:
    """The sorted lists a short text is scored from give the dict's frequency, or nothing, for any word."""
    for lang in ("en", "de", "vi", "ru"):
        table, listed = lexicon.frequencies(lang), lexicon._sorted_list(lang)
        words = list(itertools.islice(table, 0, None, max(1, len(table) // 500)))
        for word in [*words, "xqzjv", "Straße", "hôm", "невозможности", ""]:
            assert listed.get(word) == table.get(word)
            assert (word in listed) == (word in table)


def test_a_sorted_list_answers_alike_with_its_stored_index_or_without_and_refuses_one_that_does_not_fit() -> None:
    """The hash index kept with a list in the table cache finds what binary search over the words finds; an index
    of the wrong size is refused, a damaged one finds nothing."""
    from mlkit.segment import native

    blob, offsets, values, index = lexicon._build_sorted("de")
    with_index, without = native.core.SortedList(blob, offsets, values, index), native.core.SortedList(blob, offsets,
                                                                                                      values)
    table = lexicon.frequencies("de")
    for word in [*itertools.islice(table, 0, None, 97), "xqzjv", "Straße", "straße", "hôm", ""]:
        assert with_index.get(word) == without.get(word) == table.get(word)
    assert with_index.index() == index
    with pytest.raises(ValueError):
        native.core.SortedList(blob, offsets, values, index[:-4])
    # an index of the right size is taken as it is (reading all its slots touched every page of a mapped file);
    # a lookup reads each slot with care, so one whose slots all name words past the list finds nothing
    damaged = native.core.SortedList(blob, offsets, values, b"\xff" * len(index))
    assert [damaged.get(word) for word in ("und", "Straße", "xqzjv")] == [None, None, None]


def test_a_script_lexicon_reads_its_joined_lists_as_each_list_alone_and_refuses_parts_that_do_not_fit() -> None:
    """A lexicon of several lists looks a word (and each part of a hyphenated one) up once in their joined table;
    it answers as each list alone, also where a language spells the word its own way (Serbian Cyrillic)."""
    from mlkit.segment import native
    from mlkit.segment.scripts import script_table

    cyrillic = script_table()["Cyrillic"].candidates
    for word in ("град", "невозможности", "москва-река", "об'єкт", "xqzj"):
        assert lexicon._base_log_probs(word, cyrillic) == [lexicon.word_log_prob(word, lang) for lang in cyrillic]
    cands = ("de", "nl")
    parts = lexicon.joined_parts(cands)
    assert len(parts[4]) == len(lexicon.frequencies("de")) + len(lexicon.frequencies("nl"))  # entries
    lists = tuple(lexicon._sorted_list(lang) for lang in cands)
    args = (lists, [1e-9] * 2, [math.log(1e-9)] * 2, [math.log(1e-9)] * 2, [True, False], [0.0, 0.0], (0.0, 0.0, 0.0),
            None, 0.0)
    joined = native.core.Lexicon(*args, parts)
    alone = native.core.Lexicon(*args)
    for word in ("bahnhof", "fiets", "straße", "zqxw-station", "xqzj"):
        assert joined.base(word) == alone.base(word), word
    with pytest.raises(ValueError):
        native.core.Lexicon(*args, (*parts[:3], parts[3][:-4], *parts[4:]))


def test_segmenting_loads_no_frequency_dict(seed_texts: dict[str, str], tmp_path: Path) -> None:
    """Texts are scored from the sorted lists (read in a millisecond each), never from the dicts that take a
    third of a second to load: the seeds, thousands of distinct words, load none; and from each script's joined
    lists, so that no language's own list is mapped for them either."""
    text = "\n\n".join(seed_texts.values())
    assert len(set(text.split())) > 1000
    (tmp_path / "seeds.txt").write_text(text, encoding="utf-8")
    code = (
        "import sys\n"
        "from mlkit.segment import lexicon, segment\n"
        "doc = segment(open(sys.argv[1], encoding='utf-8').read())\n"
        "print(lexicon.frequencies.cache_info().currsize, len(doc.spans), lexicon._sorted_list.cache_info().currsize)\n"
    )

    def run() -> list[int]:
        out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "seeds.txt")], capture_output=True,
                             text=True, check=True)
        return [int(x) for x in out.stdout.split()]

    run()  # builds the table cache if this checkout's tables are not there yet
    loaded, spans, lists = run()
    assert loaded == 0 and lists == 0
    assert spans > 0


def test_a_language_wordfreq_lacks_gets_no_list_and_no_message(caplog: pytest.LogCaptureFixture) -> None:
    # asked for Kannada or Amharic, wordfreq answers with English's list and logs that it did
    with caplog.at_level("DEBUG"):
        assert lexicon._wordfreq_list("kn") == {} and lexicon._wordfreq_list("am") == {}
    assert not caplog.records
    assert len(lexicon._wordfreq_list("ko")) > 10_000


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["the", "und", "casa", "tidak", "bahnhof", "gränssnitt", "xyzzyq", "ő", "", "ﬁle"])
                | st.text(max_size=12), max_size=40))
def test_a_vote_sums_each_words_scores_in_order(words: list[str]) -> None:
    """The main-language vote's one call gives, float for float, the sums of the words' scores added in order."""
    cands = latin_candidates()
    totals = [0.0] * len(cands)
    for word in words:
        for k, v in enumerate(lexicon.log_probs(word, cands)):
            totals[k] += v
    assert lexicon.scorer(cands).sum_log_probs(words) == tuple(totals)

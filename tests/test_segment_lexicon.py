"""The lexicon's word scores: list words score their frequencies, and the short paths for plain ASCII words
(sorted lists, dicts) give the floats of the general one."""

from __future__ import annotations

import itertools
import math
import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from mlkit.segment import lexicon
from mlkit.segment.runs import latin_candidates


def test_list_words_score_the_same_on_both_paths() -> None:
    cands = latin_candidates()
    for lang in cands:
        for word in itertools.islice(lexicon.frequencies(lang), 0, 60000, 97):
            for w in (word, word + "zq", word[:3]):
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
    """Plain ASCII words are looked up by the core; others (accents, hyphens) by Python and weighed by the
    core: for a plain word both ways give the same floats."""
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


def test_segmenting_loads_no_frequency_dict(seed_texts: dict[str, str], tmp_path: Path) -> None:
    """Texts are scored from the sorted lists (read in a millisecond each), never from the dicts that take a
    third of a second to load: the seeds, thousands of distinct words, load none."""
    text = "\n\n".join(seed_texts.values())
    assert len(set(text.split())) > 1000
    (tmp_path / "seeds.txt").write_text(text, encoding="utf-8")
    code = (
        "import sys\n"
        "from mlkit.segment import lexicon, segment\n"
        "doc = segment(open(sys.argv[1], encoding='utf-8').read())\n"
        "print(lexicon.frequencies.cache_info().currsize, len(doc.spans))\n"
    )

    def run() -> list[int]:
        out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "seeds.txt")], capture_output=True,
                             text=True, check=True)
        return [int(x) for x in out.stdout.split()]

    run()  # builds the table cache if this checkout's tables are not there yet
    loaded, spans = run()
    assert loaded == 0
    assert spans > 0

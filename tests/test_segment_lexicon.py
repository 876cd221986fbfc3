"""The lexicon's word scores: the short paths for plain ASCII words (Python, compiled) give the floats of the
general one."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlkit.segment import lexicon, native
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


def _python_log_probs(word: str, cands: tuple[str, ...]) -> tuple[float, ...]:
    with native.pure_python():
        return lexicon.log_probs.__wrapped__(word, cands)


@pytest.mark.skipif(not native.available(), reason="the compiled core was not built (no C compiler)")
def test_compiled_lexicon_gives_the_python_floats() -> None:
    """Known plain ASCII words through the core, others handed back to Python: the same tuples either way."""
    cands = latin_candidates()
    compiled = lexicon._compiled_lexicon(cands)
    fast_path = 0
    for lang in cands:
        for word in itertools.islice(lexicon.frequencies(lang), 0, 60000, 211):
            for w in (word, word + "zq", word[:3], "xqzv" + word):
                got = compiled.known(w)  # None: not plain ASCII, or no list knows it (Python decides)
                if got is not None:
                    fast_path += 1
                    assert got == _python_log_probs(w, cands), w
    assert fast_path > 1000


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abcdeinorstuyz'-", min_size=1, max_size=10))
def test_log_probs_are_the_same_with_and_without_the_core(word: str) -> None:
    cands = latin_candidates()
    assert lexicon.log_probs.__wrapped__(word, cands) == _python_log_probs(word, cands)

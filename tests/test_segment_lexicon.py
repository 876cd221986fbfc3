"""The lexicon's word scores: the short path for plain ASCII words gives the floats of the general one."""

from __future__ import annotations

import itertools

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

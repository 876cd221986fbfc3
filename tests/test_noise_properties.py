"""Properties of find_noise on any input: no crash, flags inside the text, sorted, deterministic, text untouched."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mlkit.document import Document
from mlkit.noise import find_noise

# Letters from every script the detectors care about, plus the characters that break naive code.
ALPHABET = st.sampled_from(
    list("abc rnml10O Il*#-.\n\t가나다라방발 력로ㄱㅏ\u1100\u1161\x00\x07\ufffd\ue000Ã©аеVýệ3.2 <br>")
)
texts = st.text(alphabet=ALPHABET, max_size=120) | st.text(max_size=60)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_flags_lie_inside_the_text_and_are_sorted(text: str) -> None:
    doc = find_noise(text)
    assert doc.text == text
    for f in doc.flags:
        assert 0 <= f.start < f.end <= len(text)
        assert 0.0 <= f.score <= 1.0
        assert f.reason
    assert list(doc.flags) == sorted(doc.flags, key=lambda f: (f.start, f.end, f.kind, -f.score, f.reason))
    assert len(set(doc.flags)) == len(doc.flags)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_flags_are_deterministic_and_survive_jsonl(text: str) -> None:
    first, second = find_noise(text), find_noise(text)
    assert first == second
    assert Document.from_json(first.to_json()) == first


@settings(max_examples=15, deadline=None)
@given(texts, st.floats(min_value=0.0, max_value=1.0))
def test_min_score_only_removes_flags(text: str, threshold: float) -> None:
    everything = find_noise(text).flags
    kept = find_noise(text, min_score=threshold).flags
    assert set(kept) == {f for f in everything if f.score >= threshold}


def test_empty_and_huge_lines() -> None:
    assert find_noise("").flags == ()
    line = "The comrades visited the farm. " * 3000
    assert find_noise(line).flags == ()

"""Shared parts of the fuzz suites: example budgets by profile and the strategies for text and documents.

`make test` runs the fuzz tests with a small budget each; `HYPOTHESIS_PROFILE=fuzz` (`make fuzz`) multiplies it
by FUZZ_FACTOR for a long run.
"""

from __future__ import annotations

import os
import unicodedata

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

FUZZ = os.environ.get("HYPOTHESIS_PROFILE", "") == "fuzz"
FUZZ_FACTOR = 50
settings.register_profile("fuzz", deadline=None, suppress_health_check=list(HealthCheck), print_blob=True)


def budget(examples: int) -> settings:
    """Settings running `examples` examples (FUZZ_FACTOR times more under the fuzz profile), no deadline."""
    return settings(
        max_examples=examples * (FUZZ_FACTOR if FUZZ else 1),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


HANGUL = st.integers(0xAC00, 0xD7A3).map(chr)
JAMO = st.one_of(st.integers(0x1100, 0x11FF), st.integers(0x3130, 0x318F)).map(chr)
EMOJI = st.sampled_from(["😀", "👍🏽", "👨‍👩‍👧", "🇰🇷", "1️⃣", "\u200d", "\ufe0f"])
CONTROLS = st.sampled_from(["\x00", "\r", "\r\n", "\t", "\x0b", "\x0c", "\x85", "\u2028", "\u202e", "\ufeff", "\ufffd"])
SAMPLES = st.sampled_from(
    [
        "Kim Jong Un",
        " 김정일 ",
        "평양.",
        "조선민주주의인민공화국",
        "東京",
        "ひらがな",
        "русский",
        "tiếng Việt",
        "é",
        "\n\n",
    ]
)
CHARS = st.one_of(st.characters(codec="utf-8"), HANGUL, JAMO, EMOJI, CONTROLS, st.characters(max_codepoint=127))
TEXT = st.one_of(
    st.lists(st.one_of(CHARS, SAMPLES), max_size=60).map("".join),
    st.lists(st.one_of(CHARS, SAMPLES), max_size=60).map(lambda parts: unicodedata.normalize("NFD", "".join(parts))),
)

JSON = st.recursive(
    st.one_of(
        st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=8),
    ),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=12,
)

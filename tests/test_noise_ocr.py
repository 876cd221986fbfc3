"""The checks added for real OCR: specks and wide spaces read as marks, run-together and rare short words,
capitalised non-names, line evidence, learnt jamo confusions, calibrated scores, and the benchmark's gold."""

from __future__ import annotations

import sys

import pytest

from mlkit.document import Flag
from mlkit.korean import kiwi as kiwi_mod
from mlkit.noise import find_noise
from mlkit.noise.calibration import bands, calibrated_score
from mlkit.noise.context import weigh_by_line
from mlkit.noise.english import judge, split_merged
from mlkit.noise.korean import KOREAN_NAME_SCORE, NAME_LIKE_SCORE, UNKNOWN_SCORE
from mlkit.noise.punctuation import judge_token
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
from ocr_build import gold_tokens, split_part, wrap

sys.path.insert(0, str(ROOT / "tools"))


@pytest.mark.parametrize(
    ("token", "after"),
    [
        ("and.changed", "the"),  # tesseract read a wide space as a dot
        ("with.us", "the"),  # (us alone is no domain)
        ("연구단계에:있지만", ""),
        (".공급하며,", ""),
        ("|", "the"),
        ("of|", ""),
        ("the.", "contents"),
        ("the.", ""),  # at a line end too: no sentence ends on the
        ("of.", ""),
        ("641는", ""),
        ("preserves:", "the"),
    ],
)
def test_marks_made_of_specks_are_flagged(token: str, after: str) -> None:
    assert judge_token(token, after) is not None


@pytest.mark.parametrize(
    ("token", "after"),
    [
        ("U.S.", "officials"),
        ("3.5", ""),
        ("www.kcna.kp", ""),
        ("Irrepressible.info,", "the"),  # a domain: kpc-nk English as published
        ("taxi.state.nv.us.", ""),
        ("10:30", "a.m."),
        (",", "who"),  # a space typed before a comma
        ("are:", ""),  # a list follows on the next line
        ("2006년", ""),
        ("follows:", "First"),
        ("West.In", ""),  # a sentence glued to the next: a typing slip, not a speck
        ("mother-in-law", ""),
        ("can.", ""),  # sentences end on a modal, a verb or a stranded preposition (he can., it is over.)
        ("over.", ""),
        ("for.", ""),
        ("May.", ""),
    ],
)
def test_ordinary_punctuation_is_left_alone(token: str, after: str) -> None:
    assert judge_token(token, after) is None


def test_field_separators_are_not_specks() -> None:
    doc = find_noise("Date: 30/11/2024 | Source: Pyongyang Times | Read original\n", detectors=["punctuation"])
    assert doc.flags == ()


def test_run_together_and_rare_short_words() -> None:
    assert split_merged("inthe") == "in the"
    assert split_merged("tobe") == "to be"
    assert split_merged("theory") is None
    flag = judge("cle")
    assert flag is not None and flag.kind == "english-rare"
    assert judge("the") is None and judge("juche") is None


def test_a_capitalised_unknown_word_needs_evidence_to_pass_as_a_name() -> None:
    assert judge("Tureday") is not None
    assert judge("Tureday", repeated=True) is None
    assert judge("Tureday", names_likely=True) is None  # where names stand, an unknown word may be one ...
    near = judge("Tuesdav", names_likely=True)  # ... unless it is one letter from a common word
    assert near is not None and near.kind == "english-ocr" and near.suggestion == "Tuesday"
    elsewhere = judge("Tureday")  # elsewhere two letters are enough
    assert elsewhere is not None and elsewhere.suggestion == "Tuesday"
    doc = find_noise("Ministers met Beloussov's delegation on Tuesday in the capital city.\n")
    assert not [f for f in doc.flags if f.kind.startswith("english")]


def test_weak_flag_rises_only_with_evidence_of_another_kind_on_its_line() -> None:
    text = "가나다라 마바사\n아자차카\n"
    weak = Flag(0, 4, "korean-unknown", UNKNOWN_SCORE, "unknown")
    strong = Flag(5, 8, "ocr-punctuation", 0.75, "speck")
    other_line = Flag(9, 13, "ocr-punctuation", 0.75, "speck")
    assert weigh_by_line(text, [weak, strong])[0].score == 0.6
    assert weigh_by_line(text, [weak, other_line])[0].score == UNKNOWN_SCORE
    assert weigh_by_line(text, [weak, Flag(5, 8, "korean-unknown", UNKNOWN_SCORE, "unknown")])[0].score == UNKNOWN_SCORE


def test_calibrated_scores_are_monotone_and_leave_unmeasured_kinds_alone() -> None:
    table = bands()
    assert "korean-ocr" in table and "ocr-punctuation" in table
    for kind, rows in table.items():
        shares = [p for _, _, p in sorted(rows)]
        assert shares == sorted(shares), kind
    assert calibrated_score("letter-spacing", 0.2) == 0.2
    assert calibrated_score("korean-unknown", UNKNOWN_SCORE) < 0.5 <= calibrated_score("korean-unknown", 0.6)


def test_raw_scores_on_request() -> None:
    text = "The delegation of c0mrades arrived inthe capital.\n"
    raw = find_noise(text, calibrated=False)
    assert [f.kind for f in raw.flags] == [f.kind for f in find_noise(text).flags]


@pytest.mark.skipif(not kiwi_mod.available(), reason="kiwipiepy with its model is not installed")
def test_learnt_jamo_confusions_extend_the_variants() -> None:
    from mlkit.noise.korean import variants

    assert "이름으로" in {v for v, _ in variants("이룸으로")}  # tesseract reads ㅡ as ㅜ; not in the hand list
    assert "이름으로" not in {v for v, _ in variants("이룸으로", learnt=False)}


def test_gold_marks_substitutions_splits_merges_and_punctuation() -> None:
    def wrong(src: str, ocr: str) -> list[str]:
        tokens, _, _ = gold_tokens(src, ocr)
        return [ocr[t.start : t.end] for t in tokens if t.error]

    assert wrong("the United States said", "the Uuited States said") == ["Uuited"]
    assert wrong("in the capital", "inthe capital") == ["inthe"]
    assert wrong("Korean people", "Kor ean people") == ["Kor", "ean"]
    assert wrong("전했다.", "전했다") == ["전했다"]
    assert wrong("a b c", "a b c") == []
    tokens, dropped, cer = gold_tokens("one two three", "one three")
    assert dropped == 1 and cer > 0 and not any(t.error for t in tokens)


def test_benchmark_split_and_wrap_are_deterministic() -> None:
    parts = [split_part(16, "ko", i) for i in range(1000)]
    assert parts == [split_part(16, "ko", i) for i in range(1000)]
    assert 400 < parts.count("tune") < 600
    assert wrap("aa bb cc dd", 5) == ["aa bb", "cc dd"]


def test_jamo_observations_of_a_one_syllable_substitution() -> None:
    from learn_jamo_confusions import observations

    assert observations("이름으로", "이룸으로") == [("medial", "ㅜ", "ㅡ")]
    assert observations("이번", "미변") == []  # two syllables changed
    assert observations("방문은", "방묻은") == [("final", "ㄷ", "ㄴ")]
    assert observations("가나", "가나다") == []


def test_a_name_shaped_unknown_word_rises_only_on_a_line_with_two_doubtful_words() -> None:
    """A transliterated name's shape (0.15) is mostly a name; on a line where two other words are confidently
    flagged it is as likely garbled, and a Korean personal name's shape (0.14) is never raised."""
    text = "가나다라 마바사 아자차\n"
    name = Flag(0, 4, "korean-unknown", NAME_LIKE_SCORE, "a name's shape")
    one = Flag(5, 8, "ocr-punctuation", 0.75, "speck")
    two = Flag(9, 12, "korean-ocr", 0.9, "misread")
    assert weigh_by_line(text, [name, one])[0].score == NAME_LIKE_SCORE
    raised = weigh_by_line(text, [name, one, two])[0]
    assert raised.score == 0.52 and "doubtful too" in raised.reason
    unknown = Flag(9, 12, "korean-unknown", UNKNOWN_SCORE, "unknown")  # raised by `one` first, then evidence
    assert weigh_by_line(text, [name, one, unknown])[0].score == 0.52
    person = Flag(0, 4, "korean-unknown", KOREAN_NAME_SCORE, "a Korean name's shape")
    assert weigh_by_line(text, [person, one, two])[0].score == KOREAN_NAME_SCORE

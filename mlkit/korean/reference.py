"""Character-level alignment of an OCR'd text with a reference version of the same text.

Spacing is ignored (OCR and DPRK/ROK conventions space words differently) and DPRK/ROK initial-sound spellings
compare equal (력사 = 역사, 리해 = 이해), so what remains are real differences, each reported with offsets in both
texts. The reference may cover only part of the text (a declaration quoted in a long document): the aligned
stretch is found first by shared character 4-grams.

>>> [(d.kind, d.text, d.ref_text) for d in align_reference("친척발문단을 교환", "친척방문단을 교환하며")]
[('substitution', '발', '방'), ('insertion', '', '하며')]
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher

from mlkit.korean.spelling import rok_initial

_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "·": ".", "․": "."})
GRAM = 4


@dataclass(frozen=True, slots=True)
class Difference:
    """`text[start:end]` where the reference has `ref_text` at `[ref_start, ref_end)`.

    kind: substitution, deletion (text has extra characters) or insertion (text lacks the reference's).
    """

    kind: str
    start: int
    end: int
    ref_start: int
    ref_end: int
    text: str
    ref_text: str


def comparison_key(text: str, start: int = 0, end: int | None = None) -> tuple[str, list[int]]:
    """The text without whitespace, spelling-folded, and the offset in `text` of each key character."""
    end = len(text) if end is None else end
    chars: list[str] = []
    offsets: list[int] = []
    for i in range(start, end):
        ch = text[i]
        if ch.isspace():
            continue
        folded = unicodedata.normalize("NFKC", ch.translate(_FOLD)).casefold()
        chars.append(rok_initial(folded[0]) if folded else ch)
        offsets.append(i)
    return "".join(chars), offsets


def locate(text_key: str, ref_key: str) -> tuple[int, int]:
    """The stretch `[start, end)` of `text_key` that the reference covers, found by voting with 4-grams."""
    if len(text_key) <= len(ref_key) * 1.5 or len(ref_key) < GRAM:
        return 0, len(text_key)
    grams: dict[str, list[int]] = {}
    for i in range(len(ref_key) - GRAM + 1):
        grams.setdefault(ref_key[i : i + GRAM], []).append(i)
    votes: Counter[int] = Counter()
    for j in range(len(text_key) - GRAM + 1):
        for i in grams.get(text_key[j : j + GRAM], ()):
            votes[(j - i) // 32] += 1
    if not votes:
        return 0, 0
    bucket = max(votes, key=lambda b: (votes[b] + votes[b - 1] + votes[b + 1], -b))
    slack = len(ref_key) // 5 + 64
    start = max(0, bucket * 32 - slack)
    return start, min(len(text_key), bucket * 32 + len(ref_key) + slack)


def align_reference(text: str, reference: str, start: int = 0, end: int | None = None) -> list[Difference]:
    """Differences between `text[start:end]` and `reference`, ignoring spacing and DPRK/ROK initial-sound spelling."""
    key, offsets = comparison_key(text, start, end)
    ref_key, ref_offsets = comparison_key(reference)
    if not key or not ref_key:
        return []
    lo, hi = locate(key, ref_key)
    matcher = SequenceMatcher(None, key[lo:hi], ref_key, autojunk=False)
    blocks = [b for b in matcher.get_matching_blocks() if b.size]
    if not blocks:
        return []
    # Trim unmatched text outside the reference's first and last matches: it is simply not covered.
    first, last = blocks[0], blocks[-1]
    out: list[Difference] = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            continue
        if op == "delete" and (a2 <= first.a or a1 >= last.a + last.size):
            continue
        out.append(_difference(op, text, reference, offsets, ref_offsets, lo + a1, lo + a2, b1, b2))
    return out


def _difference(
    op: str, text: str, reference: str, offsets: list[int], ref_offsets: list[int], a1: int, a2: int, b1: int, b2: int
) -> Difference:
    if a2 > a1:
        s, e = offsets[a1], offsets[a2 - 1] + 1
    else:
        s = e = offsets[a1] if a1 < len(offsets) else offsets[-1] + 1
    if b2 > b1:
        rs, re_ = ref_offsets[b1], ref_offsets[b2 - 1] + 1
    else:
        rs = re_ = ref_offsets[b1] if b1 < len(ref_offsets) else ref_offsets[-1] + 1
    kind = {"replace": "substitution", "delete": "deletion", "insert": "insertion"}[op]
    return Difference(kind, s, e, rs, re_, text[s:e], reference[rs:re_])

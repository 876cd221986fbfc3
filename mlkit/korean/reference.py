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
from bisect import bisect_left
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
    return match_reference(text, reference, start, end).differences


# Below this share of its characters matched, a reference is no version of the text: say so rather than list
# differences (the seed's declaration against its published text: 0.995).
MIN_MATCHED = 0.5


@dataclass(frozen=True, slots=True)
class ReferenceMatch:
    """The differences with a reference, and the share of the reference's characters (spacing aside) found in the
    text: near 0 when the reference is not a version of the text at all, which no list of differences says."""

    differences: list[Difference]
    matched: float


def match_reference(text: str, reference: str, start: int = 0, end: int | None = None) -> ReferenceMatch:
    """`align_reference`, with the share of the reference matched."""
    key, offsets = comparison_key(text, start, end)
    ref_key, ref_offsets = comparison_key(reference)
    if not key or not ref_key:
        return ReferenceMatch([], 0.0 if ref_key else 1.0)
    lo, hi = locate(key, ref_key)
    blocks, opcodes = _alignment(key[lo:hi], ref_key)
    if not blocks:
        return ReferenceMatch([], 0.0)
    # Trim unmatched text outside the reference's first and last matches: it is simply not covered.
    first, last = blocks[0], blocks[-1]
    out: list[Difference] = []
    for op, a1, a2, b1, b2 in opcodes:
        if op == "equal":
            continue
        if op == "delete" and (a2 <= first[0] or a1 >= last[0] + last[2]):
            continue
        out.append(_difference(op, text, reference, offsets, ref_offsets, lo + a1, lo + a2, b1, b2))
    return ReferenceMatch(out, sum(b[2] for b in blocks) / len(ref_key))


Block = tuple[int, int, int]  # (a, b, size): a[a:a+size] == b[b:b+size]
Opcode = tuple[str, int, int, int, int]
# Stretches up to this long are aligned by difflib as they are; longer ones are first cut at anchors (ANCHOR-grams
# found once in each and in the same order), so time grows linearly with the text, not with its square.
PIECE = 2000
ANCHOR = 12


def _alignment(a: str, b: str) -> tuple[list[Block], list[Opcode]]:
    """Matching blocks (non-empty) and opcodes of `a` against `b`, as difflib's SequenceMatcher gives them."""
    blocks: list[Block] = []
    opcodes: list[Opcode] = []
    for a0, a1, b0, b1 in _pieces(a, b):
        if (a1 - a0) * (b1 - b0) > PIECE * PIECE * 4:  # no anchor inside: what the two share at its ends, and
            head = _common_length(a, a0, a1, b, b0, b1, 1)  # the rest one replaced stretch
            if head:
                blocks.append((a0, b0, head))
                opcodes.append(("equal", a0, a0 + head, b0, b0 + head))
            tail = _common_length(a, a0 + head, a1, b, b0 + head, b1, -1)
            left, right = a1 - a0 - head - tail, b1 - b0 - head - tail
            if left or right:
                op = "replace" if left and right else "delete" if left else "insert"
                opcodes.append((op, a0 + head, a1 - tail, b0 + head, b1 - tail))
            if tail:
                blocks.append((a1 - tail, b1 - tail, tail))
                opcodes.append(("equal", a1 - tail, a1, b1 - tail, b1))
            continue
        matcher = SequenceMatcher(None, a[a0:a1], b[b0:b1], autojunk=False)
        blocks += [(a0 + m.a, b0 + m.b, m.size) for m in matcher.get_matching_blocks() if m.size]
        opcodes += [(op, a0 + i1, a0 + i2, b0 + j1, b0 + j2) for op, i1, i2, j1, j2 in matcher.get_opcodes()]
    return blocks, _merged(opcodes)


def _common_length(a: str, a0: int, a1: int, b: str, b0: int, b1: int, step: int) -> int:
    """How many characters `a[a0:a1]` and `b[b0:b1]` share at their start (`step` 1) or end (-1)."""
    n = 0
    limit = min(a1 - a0, b1 - b0)
    if step > 0:
        while n < limit and a[a0 + n] == b[b0 + n]:
            n += 1
    else:
        while n < limit and a[a1 - 1 - n] == b[b1 - 1 - n]:
            n += 1
    return n


def _pieces(a: str, b: str) -> list[tuple[int, int, int, int]]:
    """`a` and `b` cut into aligned pieces at anchors, each piece at most about PIECE long on the side of `a`
    where anchors allow; the whole of both when they are short."""
    if len(a) <= PIECE and len(b) <= PIECE:
        return [(0, len(a), 0, len(b))]
    anchors = _anchors(a, b)
    cuts = [(0, 0)]
    for i, j in anchors:
        if i - cuts[-1][0] >= PIECE // 2 and j > cuts[-1][1]:
            cuts.append((i, j))
    cuts.append((len(a), len(b)))
    return [(i0, i1, j0, j1) for (i0, j0), (i1, j1) in zip(cuts, cuts[1:], strict=False)]


def _anchors(a: str, b: str) -> list[tuple[int, int]]:
    """Positions (i, j) of ANCHOR-grams found exactly once in `a` and once in `b`, the longest chain of them in
    the same order in both (patience sorting)."""
    seen_a: Counter[str] = Counter(a[i : i + ANCHOR] for i in range(0, len(a) - ANCHOR + 1))
    at_b: dict[str, int] = {}
    twice: set[str] = set()
    for j in range(len(b) - ANCHOR + 1):
        gram = b[j : j + ANCHOR]
        if gram in at_b:
            twice.add(gram)
        at_b[gram] = j
    pairs = [
        (i, at_b[g])
        for i in range(len(a) - ANCHOR + 1)
        if seen_a[g := a[i : i + ANCHOR]] == 1 and g in at_b and g not in twice
    ]
    # longest chain increasing in j (pairs come in increasing i)
    tails: list[int] = []  # tails[k]: index in pairs of the smallest j ending a chain of length k + 1
    prev = [-1] * len(pairs)
    for n, (_, j) in enumerate(pairs):
        k = bisect_left(tails, j, key=lambda t: pairs[t][1])  # the first chain end whose j is not below
        if k:
            prev[n] = tails[k - 1]
        if k == len(tails):
            tails.append(n)
        else:
            tails[k] = n
    chain, n = [], tails[-1] if tails else -1
    while n >= 0:
        chain.append(pairs[n])
        n = prev[n]
    return chain[::-1]


def _merged(opcodes: list[Opcode]) -> list[Opcode]:
    """Opcodes with neighbours of the same kind joined (pieces end where an anchor starts an equal stretch)."""
    out: list[Opcode] = []
    for op in opcodes:
        if op[1] == op[2] and op[3] == op[4]:
            continue
        if out and out[-1][0] == op[0] and out[-1][2] == op[1] and out[-1][4] == op[3]:
            out[-1] = (op[0], out[-1][1], op[2], out[-1][3], op[4])
        else:
            out.append(op)
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

"""Clause links inside an aligned sentence pair; they may cross, since Korean and English order clauses apart."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import cache

import regex

from mlkit.align.beads import Embedder
from mlkit.align.embed import embed
from mlkit.resources import read_tsv

MIN_SIMILARITY = 0.3
# Fewest non-space characters in a clause (Korean packs a clause in fewer characters than English).
MIN_CLAUSE_KO = 8
MIN_CLAUSE_EN = 20


@dataclass(frozen=True, slots=True)
class ClauseLink:
    """Source clause `[src_start, src_end)` says what target clause `[tgt_start, tgt_end)` says (offsets into
    the texts given to `link_clauses`)."""

    src_start: int
    src_end: int
    tgt_start: int
    tgt_end: int
    score: float


@cache
def _breaks(lang: str) -> tuple[regex.Pattern[str], ...]:
    key = "ko" if lang == "ko" else "en"
    return tuple(regex.compile(row[1]) for row in read_tsv("align/clause_breaks.tsv") if row[0] == key)


def split_clauses(text: str, lang: str) -> list[tuple[int, int]]:
    """Clause ranges of a sentence, cut after clause punctuation and connective endings (see clause_breaks.tsv)."""
    cuts = {0, len(text)}
    for pattern in _breaks(lang):
        cuts.update(m.end() for m in pattern.finditer(text))
    # A list ("사회, 문화, 체육") or a short subject ("The north and the south") is not a clause: pieces shorter
    # than a few words join the next one.
    shortest = MIN_CLAUSE_KO if lang == "ko" else MIN_CLAUSE_EN
    edges = sorted(cuts)
    kept = [0]
    for cut in edges[1:-1]:
        if sum(1 for c in text[kept[-1] : cut] if not c.isspace()) >= shortest:
            kept.append(cut)
    if len(kept) > 1 and sum(1 for c in text[kept[-1] :] if not c.isspace()) < shortest:
        kept.pop()
    kept.append(len(text))
    out = []
    for a, b in itertools.pairwise(kept):
        piece = text[a:b]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            out.append((a + lead, a + len(piece.rstrip())))
    return out


def link_clauses(
    src: str, tgt: str, src_lang: str = "ko", tgt_lang: str = "en", embedder: Embedder = embed
) -> list[ClauseLink]:
    """Link each source clause to the target clause most similar to it (if similar enough), crossing allowed."""
    sc, tc = split_clauses(src, src_lang), split_clauses(tgt, tgt_lang)
    if len(sc) < 2 and len(tc) < 2:
        return []
    vectors = embedder([src[a:b] for a, b in sc] + [tgt[a:b] for a, b in tc])
    sims = vectors[: len(sc)] @ vectors[len(sc) :].T
    links = []
    for i, (a, b) in enumerate(sc):
        j = int(sims[i].argmax())
        if sims[i, j] >= MIN_SIMILARITY:
            links.append(ClauseLink(a, b, tc[j][0], tc[j][1], round(float(sims[i, j]), 4)))
    return links

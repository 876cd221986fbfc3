"""Korean names ↔ their mentions in English text, whatever system spelled them (김정일 ↔ "Kim Jong-il").

Each name's spellings (every romanisation system plus the gazetteer) are compared, letters only and diacritics
folded, with the capitalised word sequences of the English text (rapidfuzz ratio). A candidate that is a common
English word ("Based" for 백두) or that starts inside a longer name ("Republic of Korea" inside "Democratic
People's Republic of Korea") is marked down, so a real name match wins.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import regex
from rapidfuzz import fuzz, process

from mlkit.align.names import SPELLING_SYSTEMS, find_names, is_surname, name_kind, spellings
from mlkit.document import Document, Mention
from mlkit.options import check_unit

MIN_SCORE = 0.8
MAX_WORDS = 6
COMMON_WORD_ZIPF = 3.0
COMMON_WORD_PENALTY = 0.15
INSIDE_NAME_PENALTY = 0.1
SHORT_KEY = 5
SHORT_INEXACT_PENALTY = 0.1
OTHER_SURNAME_PENALTY = 0.15
DERIVED_WORD_PENALTY = 0.1

_TOKEN = regex.compile(r"\p{Lu}[\p{L}\p{M}'’ʼ]*(?:-[\p{L}\p{M}'’ʼ]+)*|\b(?:of|the|and)\b")
_GAP = regex.compile(r"[ \t]+")
_CONNECTORS = frozenset({"of", "the", "and"})
_RUN_OPENERS = frozenset({"the", "and"})


@dataclass(frozen=True, slots=True)
class _Candidate:
    doc: int
    start: int
    end: int
    text: str
    inside: bool
    cut: bool


_NOT_ASCII_LETTERS = regex.compile(r"[^A-Za-z]+")


def fold(text: str) -> str:
    """Letters only, lower case, diacritics removed: "P'yŏngyang" → "pyongyang", "Kim Jong-il" → "kimjongil"."""
    if text.isascii():  # NFKD leaves ASCII as it is, and its letters are A-Z and a-z
        return _NOT_ASCII_LETTERS.sub("", text).lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isalpha() and not unicodedata.combining(c)).lower()


def english_candidates(text: str) -> list[tuple[int, int, bool, bool]]:
    """Capitalised word sequences (1–6 words, "of"/"the"/"and" inside only).

    Each is (start, end, starts inside a longer name, stops inside one).
    """
    runs: list[list[tuple[int, int, str]]] = []
    last_end = -1
    for m in _TOKEN.finditer(text):
        gap = text[last_end : m.start()] if last_end >= 0 else None
        if gap is not None and (gap == "" or _GAP.fullmatch(gap)) and runs:
            runs[-1].append((m.start(), m.end(), m.group()))
        else:
            runs.append([(m.start(), m.end(), m.group())])
        last_end = m.end()
    out = []
    for run in runs:
        for i, (s, _, word) in enumerate(run):
            if word in _CONNECTORS:
                continue
            # "the Republic of Korea" starts a name; "People's Republic" and "of Korea" do not.
            inside = _inside(run, i)
            for j in range(i, min(len(run), i + MAX_WORDS)):
                if run[j][2] in _CONNECTORS:
                    continue
                cut = j + 1 < len(run) and run[j + 1][2] not in _RUN_OPENERS
                out.append((s, run[j][1], inside, cut))
    return out


def _inside(run: list[tuple[int, int, str]], i: int) -> bool:
    """Whether word i continues a name begun before it (not after "the", "and" or a lone "of")."""
    k = i - 1
    while k >= 0 and run[k][2] not in _RUN_OPENERS:
        if run[k][2] not in _CONNECTORS:
            return True
        k -= 1
    return False


def find_mentions(
    names: Sequence[str],
    documents: Sequence[Document],
    min_score: float = MIN_SCORE,
    limit: int | None = None,
    near: Mapping[str, Sequence[tuple[str, int]]] | None = None,
) -> dict[str, tuple[Mention, ...]]:
    """Each Hangul name → its mentions in the English text of `documents`, best first (each `Mention` carries the
    words as written and its document's id).

    `near` gives where each name was written in Korean (document id, offset): among equally good mentions, those
    in the same document and closest to the Korean come first.

    >>> doc = Document("Kim Jong-il met Kim Jong Un in Pyongyang.", id="a.txt")
    >>> find_mentions(["김정일"], [doc])["김정일"][0].text
    'Kim Jong-il'
    """
    check_unit(min_score, "min_score")
    candidates = [
        _Candidate(d, s, e, doc.text[s:e], inside, cut)
        for d, doc in enumerate(documents)
        for s, e, inside, cut in english_candidates(doc.text)
    ]
    folded = [fold(c.text) for c in candidates]
    keys = sorted(set(folded) - {""})
    key_index = {k: i for i, k in enumerate(keys)}
    candidate_keys = np.array([key_index.get(k, -1) for k in folded], dtype=np.intp)  # -1: no letters
    results: dict[str, tuple[Mention, ...]] = {}
    for name in names:
        mentions = _mentions_of(name, candidates, keys, candidate_keys, documents, min_score)
        mentions = _rank(mentions, [d.id for d in documents], (near or {}).get(name, ()))
        results[name] = tuple(mentions[:limit] if limit else mentions)
    return results


def _mentions_of(
    name: str,
    candidates: Sequence[_Candidate],
    keys: Sequence[str],
    candidate_keys: np.ndarray,
    documents: Sequence[Document],
    min_score: float,
) -> list[Mention]:
    """The candidates whose folded key is near a spelling of `name` (`candidate_keys[i]`: candidate i's index into
    `keys`, -1 for none), scored, with the penalties that tell a mention from a look-alike."""
    forms = [(s, system, fold(s)) for s, system in spellings(name)]
    forms = [f for f in forms if f[2]]
    if not forms or not keys:
        return []
    gazetteer_keys = {k for _, system, k in forms if system == "gazetteer"}
    # For a person, a mention with another surname is another person ("Kwon Yong Byok" is not 오영복).
    surnames = _surname_forms(name, forms) if _is_person(name) else set()
    matrix = process.cdist([k for _, _, k in forms], keys, scorer=fuzz.ratio, score_cutoff=min_score * 100 - 1)
    best_form = matrix.argmax(axis=0)
    best_ratio = matrix.max(axis=0)
    scored: list[Mention] = []
    near = (candidate_keys >= 0) & (best_ratio[candidate_keys] > 0)  # -1 reads the last key: masked off
    for i in np.flatnonzero(near):
        c = candidates[i]
        k = int(candidate_keys[i])
        ratio = float(best_ratio[k]) / 100
        _, system, form_key = forms[int(best_form[k])]
        key = keys[k]
        score = ratio
        if key not in gazetteer_keys:
            if " " not in c.text.strip() and _common_word(c.text):
                score -= COMMON_WORD_PENALTY
            if len(key) <= SHORT_KEY and key != form_key:
                score -= SHORT_INEXACT_PENALTY
            # "Kimilsungism" is a word made from the name, not a mention of the man ("Kim Il Sung's" still is).
            if key.startswith(form_key) and len(key) - len(form_key) > 2:
                score -= DERIVED_WORD_PENALTY
        if c.inside:
            score -= INSIDE_NAME_PENALTY
        if c.cut and ratio < 1:  # "Kim Jong" cut from "Kim Jong Un" is not a near miss for Kim Jong Il
            score -= INSIDE_NAME_PENALTY
        if surnames and " " in c.text.strip() and fold(c.text.split()[0]) not in surnames:
            score -= OTHER_SURNAME_PENALTY
        if score < min_score:
            continue
        doc = documents[c.doc]
        scored.append(Mention(c.start, c.end, name, system, round(score, 4), text=c.text, doc_id=doc.id))
    return _best_per_place(scored, [d.id for d in documents])


def _rank(mentions: list[Mention], order: Sequence[str], near: Sequence[tuple[str, int]]) -> list[Mention]:
    """Best first: score, then the document and distance of the Korean original, then system and text order."""
    rank = {system: i for i, system in enumerate(SPELLING_SYSTEMS)}
    file_rank = {f: i for i, f in enumerate(order)}
    origins: dict[str, list[int]] = {}
    for file, offset in near:
        origins.setdefault(file, []).append(offset)

    def key(m: Mention) -> tuple[float, int, int, int, int, int]:
        here = origins.get(m.doc_id)
        distance = min(abs(m.start - o) for o in here) if here else 0
        return (
            -m.score,
            0 if here or not origins else 1,
            distance,
            rank.get(m.system, 99),
            file_rank[m.doc_id],
            m.start,
        )

    return sorted(mentions, key=key)


def _best_per_place(mentions: list[Mention], order: Sequence[str]) -> list[Mention]:
    """Keep the best of overlapping candidates ("Kim Il Sung" over "Kim Il Sung Stadium")."""
    rank = {system: i for i, system in enumerate(SPELLING_SYSTEMS)}
    file_rank = {f: i for i, f in enumerate(order)}
    mentions.sort(key=lambda m: (-m.score, rank.get(m.system, 99), m.end - m.start, file_rank[m.doc_id], m.start))
    kept: list[Mention] = []
    taken: dict[str, list[tuple[int, int]]] = {}
    for m in mentions:
        spans = taken.setdefault(m.doc_id, [])
        if any(m.start < e and s < m.end for s, e in spans):
            continue
        spans.append((m.start, m.end))
        kept.append(m)
    return kept


def _surname_forms(name: str, forms: Sequence[tuple[str, str, str]]) -> set[str]:
    out = {fold(s.split()[0]) for s, _, _ in forms if " " in s.strip()}
    out.update(fold(s) for s, _ in spellings(name[0]))
    return out


def _is_person(name: str) -> bool:
    kind = name_kind(name)
    return kind == "person" or (kind is None and 2 <= len(name) <= 4 and is_surname(name[0]))


@lru_cache(maxsize=1 << 16)  # per distinct word: bounded, so a growing vocabulary cannot grow it
def _common_word(word: str) -> bool:
    from wordfreq import zipf_frequency

    return zipf_frequency(word.lower(), "en") >= COMMON_WORD_ZIPF


def korean_names(documents: Iterable[Document], with_terms: bool = False) -> dict[str, list[tuple[str, int]]]:
    """The distinct names found in the Korean passages of `documents`, in order of first appearance, each with
    where it occurs (document id, offset)."""
    from mlkit.segment import segment

    seen: dict[str, list[tuple[str, int]]] = {}
    for doc in documents:
        doc = doc if doc.passages() else segment(doc)
        for span in doc.passages():
            if span.lang != "ko":
                continue
            for name in find_names(doc.text, span.start, span.end, with_terms=with_terms):
                seen.setdefault(name.hangul, []).append((doc.id, name.start))
    return seen


def annotate_mentions(doc: Document, min_score: float = MIN_SCORE) -> Document:
    """The document with a `Mention` for each English mention of a name found in its own Korean passages."""
    from mlkit.segment import segment

    check_unit(min_score, "min_score")
    doc = doc if doc.passages() else segment(doc)
    sources: dict[str, tuple[int, int]] = {}
    for span in doc.passages():
        if span.lang == "ko":
            for name in find_names(doc.text, span.start, span.end):
                sources.setdefault(name.hangul, (name.start, name.end))
    near = {name: [(doc.id, start)] for name, (start, _) in sources.items()}
    found = find_mentions(list(sources), [doc], min_score=min_score, near=near)
    annotations = [
        Mention(m.start, m.end, hangul, m.system, m.score, *sources[hangul])
        for hangul, mentions in found.items()
        for m in mentions
    ]
    return doc.add(mentions=annotations)

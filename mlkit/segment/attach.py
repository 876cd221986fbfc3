"""Main-language words that belong to a foreign sentence: a Latin word a particle in another script is glued to
("CRC32와", "man에서 설치한"), and a few main-language words on one line between two runs of one foreign
language ("… διαβάστε την GNU General Public License Version 3 ⟨…⟩ ή μεταγενέστερη …")."""

from __future__ import annotations

import regex

from mlkit.segment.runs import Run, merge_runs

MAX_INNER_WORDS = 6  # main-language words between two runs of one foreign language that join them, at most
SENTENCE_END = regex.compile(r"[.!?;。！？](?:\s|$)")
_WORD = regex.compile(r"\p{L}[\p{L}\p{M}]*")


def attach(text: str, runs: list[Run], main: str) -> list[Run]:
    """Runs with glued words and short inner stretches of the main language given to the foreign run they belong
    to (see the module docstring); neighbours of one language are joined again."""
    out = _inner(text, _glued(text, runs, main), main)
    return merge_runs(text, out, main) if out is not runs else runs


def _glued(text: str, runs: list[Run], main: str) -> list[Run]:
    """A main-language run's last word, when a run in another script follows it with no white space between (a
    Korean or Japanese particle on a Latin name), split off and given that run's language."""
    out: list[Run] = []
    changed = False
    for i, a in enumerate(runs):
        b = runs[i + 1] if i + 1 < len(runs) else None
        if (b is None or a.lang != main or b.lang == main or a.script != "Latin" or b.script == "Latin"
                or any(c.isspace() for c in text[a.end : b.start])):
            out.append(a)
            continue
        changed = True
        cut = a.start
        for k in range(a.end - 1, a.start - 1, -1):
            if text[k].isspace():
                cut = k + 1
                break
        moved = len(_WORD.findall(text, cut, a.end))
        head_end = cut
        while head_end > a.start and text[head_end - 1].isspace():
            head_end -= 1
        if head_end > a.start:
            out.append(a._replace(end=head_end, words=max(a.words - moved, 1)))
        out.append(Run(cut, a.end, b.lang, a.script, b.confidence, moved, b.foreign))
    return out if changed else runs


def _inner(text: str, runs: list[Run], main: str) -> list[Run]:
    """Main-language runs on one line between two runs of one foreign language, MAX_INNER_WORDS words at most
    and no more than the two runs have together, without a sentence end among them, given that language."""
    out: list[Run] | None = None
    i = 0
    while i < len(runs):
        a = runs[i]
        if a.lang == main:
            i += 1
            continue
        k = i + 1
        while k < len(runs) and runs[k].lang == main:
            k += 1
        if k == i + 1 or k == len(runs):
            i = k
            continue
        c = runs[k]
        inner = runs[i + 1 : k]
        words = sum(r.words for r in inner)
        gap = text[a.end : c.start]
        if (c.lang == a.lang and words <= min(MAX_INNER_WORDS, a.words + c.words) and "\n" not in gap
                and not SENTENCE_END.search(gap)):
            if out is None:
                out = list(runs)
            for j in range(i + 1, k):
                out[j] = runs[j]._replace(lang=a.lang, confidence=min(a.confidence, c.confidence),
                                          foreign=a.foreign)
        i = k
    return runs if out is None else out

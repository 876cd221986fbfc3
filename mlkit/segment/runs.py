"""Per-line language runs: a fast path for lines that are plainly in the main language, the HMM for the rest."""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

from mlkit.segment import langid
from mlkit.segment.lexicon import frequencies, known_names, korean_name_pattern, word_log_prob
from mlkit.segment.scripts import ASCII_WORD, NON_ASCII_LETTER, Token, script_of, script_table, tokenize

MAX_LINE = 1 << 16  # longer lines are cut at white space into pieces of about this size
BLOCK = 1 << 18  # the fast path looks at this many characters at a time
SAFE_RATIO = 0.1  # a word is plainly main-language if no other language uses it 10x more often


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of one line in one language, before it becomes a Span."""

    start: int
    end: int
    lang: str
    script: str
    confidence: float
    words: int


def iter_lines(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each line without its newline; very long lines come in white-space-cut pieces."""
    pos, n = 0, len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        while end - pos > MAX_LINE:
            cut = text.rfind(" ", pos + MAX_LINE // 2, pos + MAX_LINE)
            cut = pos + MAX_LINE if cut < 0 else cut + 1
            yield pos, cut
            pos = cut
        yield pos, end
        if nl < 0:
            break
        pos = nl + 1


@cache
def _other_latin(main: str) -> tuple[dict[str, float], ...]:
    cands = script_table()["Latin"].candidates
    return tuple(frequencies(lang) for lang in cands if lang != main)


@lru_cache(maxsize=1 << 17)
def plainly_main(word: str, main: str) -> bool:
    """True when an ASCII word gives no reason to look closer: common in the main language and not much
    more common elsewhere, or a name (capitalised and known to no lexicon, or romanised Korean)."""
    lower = word.lower()
    f_main = frequencies(main).get(lower, 0.0)
    f_other = max((freq.get(lower, 0.0) for freq in _other_latin(main)), default=0.0)
    if word[:1].isupper():
        if lower in known_names() or korean_name_pattern().fullmatch(lower):
            return True
        if f_main == 0.0 and f_other == 0.0:
            return True
    return f_main > 0.0 and f_main >= SAFE_RATIO * f_other


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _has_letter(text: str, start: int, end: int) -> bool:
    return any(c.isalpha() for c in text[start:end]) if end - start < 64 else True


def candidate_lines(text: str, lines: list[tuple[int, int]], main: str) -> set[int]:
    """Indices of lines that need the HMM: non-ASCII letters, or words not plainly in the main language."""
    starts = [s for s, _ in lines]
    out: set[int] = set()
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and lines[j][1] - lines[i][0] < BLOCK:
            j += 1
        j = max(j, i + 1)
        lo, hi = lines[i][0], lines[j - 1][1]
        for m in NON_ASCII_LETTER.finditer(text, lo, hi):
            out.add(bisect.bisect_right(starts, m.start()) - 1)
        for m in ASCII_WORD.finditer(text, lo, hi):
            if not plainly_main(m.group(), main):
                out.add(bisect.bisect_right(starts, m.start()) - 1)
        i = j
    return out


def line_runs(text: str, start: int, end: int, main: str, params: langid.LangIdParams) -> list[Run]:
    """Language runs of one line by the word HMM; neutral characters at the line's edges join its runs."""
    tokens = tokenize(text, start, end)
    if not tokens:
        return []
    groups = langid.group_words(tokens)
    words = [langid.score_word(text, g, start, params) for g in groups]
    labels = langid.viterbi(words, main, params)
    runs: list[Run] = []
    i = 0
    while i < len(words):
        j = i
        while j + 1 < len(words) and labels[j + 1] == labels[i]:
            j += 1
        lang = labels[i]
        ws = words[i : j + 1]
        if lang == main:
            conf = 1.0 if all(len(w.scores) == 1 or w.scores[main] == 0.0 for w in ws) else 0.9
        else:
            odds, _ = langid.margin(ws, lang, main)
            conf = langid.confidence(odds)
        runs.append(Run(ws[0].start, ws[-1].end, lang, _run_script(groups[i : j + 1]), conf, len(ws)))
        i = j + 1
    first, last = _trim(text, start, end)
    runs[0] = _with(runs[0], start=min(first, runs[0].start))
    runs[-1] = _with(runs[-1], end=max(last, runs[-1].end))
    return runs


def _with(run: Run, **changes: int) -> Run:
    return Run(
        changes.get("start", run.start),
        changes.get("end", run.end),
        run.lang,
        run.script,
        run.confidence,
        run.words,
    )


def _run_script(groups: list[list[Token]]) -> str:
    counts: dict[str, int] = {}
    for g in groups:
        for t in g:
            counts[t.script] = counts.get(t.script, 0) + (t.end - t.start)
    if "Kana" in counts:
        return "Japanese" if "Han" in counts else "Kana"
    return max(counts, key=lambda k: counts[k])


def document_runs(text: str, main: str, params: langid.LangIdParams) -> list[Run]:
    """All runs of a text, line by line, in order."""
    lines = list(iter_lines(text))
    slow = candidate_lines(text, lines, main)
    runs: list[Run] = []
    for i, (s, e) in enumerate(lines):
        if i in slow:
            runs.extend(line_runs(text, s, e, main, params))
            continue
        first, last = _trim(text, s, e)
        if first < last and _has_letter(text, first, last):
            runs.append(Run(first, last, main, "Latin", 1.0, 0))
    return runs


def main_language(text: str, sample: int = 20000) -> str:
    """The language most of the text is in, judged on a sample: dominant script, then lexicon vote."""
    head = text[:sample]
    counts: dict[str, int] = {}
    for tok in tokenize(head):
        counts[tok.script] = counts.get(tok.script, 0) + (tok.end - tok.start)
    if not counts:
        return "en"
    script = max(counts, key=lambda k: counts[k])
    if script in ("Kana", "Han") and counts.get("Kana"):
        return "ja"
    info = script_table().get(script)
    if info is None:
        return "und"
    if len(info.candidates) == 1 or script not in langid.LEXICON_SCRIPTS:
        return info.default_lang
    totals = dict.fromkeys(info.candidates, 0.0)
    for tok in tokenize(head)[:3000]:
        if tok.script == script and not tok.text[:1].isupper():
            for lang in totals:
                totals[lang] += word_log_prob(tok.text.lower(), lang)
    return max(totals, key=lambda k: (totals[k], k == info.default_lang))


__all__ = ["Run", "document_runs", "iter_lines", "main_language", "script_of"]

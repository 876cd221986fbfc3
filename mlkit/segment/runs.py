"""Language runs of a text: a fast path for stretches plainly in the main language, the HMM around the rest.

A run is a maximal stretch of one script and language; neutral characters (digits, punctuation, white space)
inside it belong to it. Foreign runs never cross an empty line (passages decide about those).
"""

from __future__ import annotations

import math
import struct
from functools import cache, lru_cache
from typing import NamedTuple

import regex

from mlkit.segment import langid, native, unknown
from mlkit.segment.fastscan import PlainWordScanner
from mlkit.segment.lexicon import HAN_PRIOR, floor, foreign_gains, frequencies, shape, table_key
from mlkit.segment.scripts import ASCII_WORD, LAST_NON_ASCII_LETTER, NON_ASCII_LETTER, Token, script_table, tokenize
from mlkit.tablecache import stored

BLOCK = 1 << 18  # characters scanned at a time, so memory stays bounded on huge inputs
MAX_WINDOW = 1 << 15  # characters the HMM looks at in one go
MARGIN = 40  # characters of context the HMM sees on each side of a stretch that needs a closer look
PLAIN_GAIN = 0.0  # a word is plain when no other language is likelier, so only other words can pay a switch
ANY_LETTER = regex.compile(r"[\p{L}]")
# a text is in the default language when this share of its distinct ASCII words are plainly in it: English
# technical prose has 0.6–0.7, English with foreign paragraphs making half of it 0.3–0.45, text in another Latin
# language under 0.1 (measured on the tuning half of bench/manpages.py)
PLAIN_MAIN = 0.25


class Run(NamedTuple):
    """A stretch of one script and language, before it becomes a Span (a named tuple: documents make
    thousands, and the compiled core hands them over as tuples)."""

    start: int
    end: int
    lang: str
    script: str
    confidence: float
    words: int
    foreign: float = 0.0  # log-odds that the run is not in the main language


def latin_candidates() -> tuple[str, ...]:
    """Languages a Latin-script word may be in."""
    return script_table()["Latin"].candidates


def word_gains(word: str, main: str) -> tuple[float, ...]:
    """Evidence per Latin language that an ASCII word is not in `main` (none for names, acronyms, romanised
    Korean: the HMM treats those as neutral)."""
    sh = shape(word)
    if sh.acronym or sh.korean_name or len(sh.lower) == 1:
        return _zeros(len(latin_candidates()))
    return foreign_gains(sh.lower, main, latin_candidates())


@cache
def _zeros(n: int) -> tuple[float, ...]:
    return (0.0,) * n


def plainly_main(word: str, main: str) -> bool:
    """True when an ASCII word cannot push a stretch into another language by itself."""
    return max(word_gains(word, main)) <= PLAIN_GAIN


@cache
def scanner(main: str) -> PlainWordScanner:
    """The fast-path scanner for a main language: its words that no other language claims more strongly, each
    with its largest log-odds for another language (≤ 0)."""
    plain = stored(f"segment-plain-{main}", table_key(), lambda: plain_words(main))
    companion = unknown.scanner(main)
    # whether the unknown-word scan's words hold all plain words: a fact of the tables, kept with them
    shortcut = stored(f"segment-shortcut-{main}", table_key(), lambda: frozenset(plain) <= companion.words())
    return PlainWordScanner(plain, lambda word: word_gains(word, main), len(latin_candidates()),
                            companion=companion, companion_cost=unknown.COST,
                            companion_lower_min=unknown.MIN_LETTERS, shortcut=shortcut)


def plain_words(main: str) -> list[str]:
    """The main language's ASCII words whose log-odds for any other Latin-script language is at most
    PLAIN_GAIN: what the fast path may pass over without scoring."""
    others = [lang for lang in latin_candidates() if lang != main]
    best_other: dict[str, float] = {}
    for lang in others:
        for w, f in frequencies(lang).items():
            if f > best_other.get(w, 0.0):
                best_other[w] = f
    other_floor = max(floor(lang) for lang in others)
    main_floor = floor(main)
    return [
        w
        for w, f in frequencies(main).items()
        if w.isascii()
        and w.isalpha()
        and math.log(max(best_other.get(w, 0.0), other_floor)) - math.log(max(f, main_floor)) <= PLAIN_GAIN
    ]


def _blocks(text: str) -> list[tuple[int, int]]:
    """Cut the text into blocks of about BLOCK characters at line breaks (or white space in huge lines)."""
    out, pos, n = [], 0, len(text)
    while pos < n:
        end = min(n, pos + BLOCK)
        if end < n:
            cut = text.rfind("\n", pos + BLOCK // 2, end)
            if cut < 0:
                cut = text.rfind(" ", pos + BLOCK // 2, end)
            end = cut + 1 if cut >= 0 else end
        out.append((pos, end))
        pos = end
    return out


def _line_bounds(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


def candidate_windows(text: str, main: str, params: langid.LangIdParams,
                      unknown_words: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """Merged stretches that need a closer look: around non-ASCII letters, and where words of one other
    language could gather enough evidence to pay for switching to it (elsewhere the HMM could not switch).
    The same pass puts the stretches of words the main language's list lacks into `unknown_words`."""
    scan = scanner(main)
    cost = -(2 * params.switch + params.leave_main)  # in and back out: the HMM ends every stretch in main
    compiled = native.core()
    stretches: list[tuple[int, int]] = []
    all_ascii = text.isascii()
    for lo, hi in _blocks(text):
        if not all_ascii and not text[lo:hi].isascii():
            if compiled is not None:
                stretches.extend(compiled.letter_stretches(native.char_table(), text, lo, hi))
            else:
                stretches.extend(_letter_stretches(text, lo, hi))
        found = scan.triggers(text, lo, hi, cost, count=False)
        stretches.extend(found.stretches)
        if unknown_words is not None and found.companion:
            unknown_words.extend(found.companion)
    stretches.sort()
    if compiled is not None:
        return compiled.windows(text, stretches, MARGIN)
    windows: list[tuple[int, int]] = []
    for first, last in stretches:
        lo, hi = _around(text, first, last)
        # a window that reaches the end of a line joins one that starts the next line: a foreign paragraph
        # is read as one sequence, so its language carries across the line break
        if windows and (lo <= windows[-1][1] or _next_line(text, windows[-1][1], lo)):
            windows[-1] = (windows[-1][0], max(windows[-1][1], hi))
        else:
            windows.append((lo, hi))
    return windows


def _letter_stretches(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Per line of `text[lo:hi]`, the first and the last letter of a script other than ASCII."""
    out = []
    pos = lo
    while (m := NON_ASCII_LETTER.search(text, pos, hi)) is not None:
        _, le = _line_bounds(text, m.start())
        last = LAST_NON_ASCII_LETTER.search(text, m.start(), min(le, hi))
        out.append((m.start(), last.start() if last else m.start()))
        pos = min(le, hi) + 1
    return out


def _around(text: str, first: int, last: int) -> tuple[int, int]:
    """The stretch from `first` to the word at `last`, widened by MARGIN characters on its line, cut at spaces."""
    ls, _ = _line_bounds(text, first)
    _, le_last = _line_bounds(text, last)
    lo, hi = max(ls, first - MARGIN), min(le_last, last + MARGIN)
    if lo > ls:
        sp = text.rfind(" ", ls, lo)
        lo = sp + 1 if sp >= 0 else ls
    if hi < le_last:
        sp = text.find(" ", hi, le_last)
        hi = sp if sp >= 0 else le_last
    return lo, hi


def _next_line(text: str, end: int, start: int) -> bool:
    """True when `end` is the end of a line and `start` the start of the very next one."""
    gap = text[end:start]
    return gap.count("\n") == 1 and not gap.strip()


def window_runs(text: str, start: int, end: int, main: str, params: langid.LangIdParams) -> list[Run]:
    """Language runs of one stretch of a line by the word HMM; neutral characters at its edges join its runs."""
    runner = _runner(main, params) if native.core() is not None else None
    if runner is None:
        return window_runs_python(text, start, end, main, params)
    ls = text.rfind("\n", 0, start) + 1
    rows = runner.runs(text, start, end, ls, params.switch, params.leave_main, params.max_states)  # type: ignore[attr-defined]
    return list(map(Run._make, rows))


def window_runs_python(text: str, start: int, end: int, main: str, params: langid.LangIdParams) -> list[Run]:
    """The Python reference of `window_runs` (the compiled core gives the same)."""
    tokens = tokenize(text, start, end)
    if not tokens:
        return []
    groups = langid.group_words(tokens)
    ls, _ = _line_bounds(text, start)
    words = [langid.score_word(text, g, ls, params) for g in groups]
    labels = _by_script(text, words, main) or _trim_edges(text, words, langid.viterbi(words, main, params), main)
    runs: list[Run] = []
    i = 0
    while i < len(words):
        j = i
        while j + 1 < len(words) and labels[j + 1] == labels[i]:
            j += 1
        lang = labels[i]
        ws = words[i : j + 1]
        foreign = 0.0
        if lang == main:
            conf = 1.0 if all(w.scores.get(main, -1.0) == 0.0 for w in ws) else 0.9
        else:
            odds, _, foreign = langid.margin(ws, lang, main)
            conf = langid.confidence(odds)
        runs.append(Run(ws[0].start, ws[-1].end, lang, _run_script(groups[i : j + 1]), conf, len(ws), foreign))
        i = j + 1
    first, last = _trim(text, start, end)
    runs[0] = runs[0]._replace(start=min(first, runs[0].start))
    runs[-1] = runs[-1]._replace(end=max(last, runs[-1].end))
    return runs


@cache
def language_index(main: str) -> tuple[str, ...]:
    """Every language a word's scores may name (script candidates and defaults, "und", and `main`)."""
    langs = {"und", main, *HAN_PRIOR}
    for info in script_table().values():
        langs.update((info.default_lang, *info.candidates))
    return tuple(sorted(langs))


@lru_cache(maxsize=16)
def _runner(main: str, params: langid.LangIdParams) -> object | None:
    """The compiled window HMM for one main language and tuning, its emissions from `langid` (None when the
    language index is too large for the core)."""
    compiled = native.core()
    codes = language_index(main)
    if compiled is None or len(codes) > 64:
        return None
    index = {lang: i for i, lang in enumerate(codes)}
    script_codes = native.script_codes()
    lexicon = [script_codes[s] for s in langid.LEXICON_SCRIPTS if s in script_codes]
    fmt = f"=QQii{len(codes)}d"

    def provide(word: str, script: str, capital: int, initial: int, entity: int) -> bytes:
        if script in langid.LEXICON_SCRIPTS:
            scores = langid._emissions(word, script, bool(capital), bool(initial), bool(entity), params.name_log_prob)
        else:
            scores = langid._fixed_emissions(script)
        values = [0.0] * len(codes)
        present = best = 0
        for lang, v in scores.items():
            values[index[lang]] = v
            present |= 1 << index[lang]
        for lang in langid._best(scores):
            best |= 1 << index[lang]
        plain = script == "Latin" and word.isascii() and plainly_main(word, main)
        return struct.pack(fmt, present, best, int(plain), index[next(iter(scores))], *values)

    specials = (*(script_codes.get(s, 0) for s in ("Latin", "Han", "Hangul", "Kana")),
                index["zh"], index["ja"], index["ko"])
    return compiled.Runner(native.char_table(), native.script_names(), lexicon, specials, codes, index[main], provide)


def _trim_edges(text: str, words: list[langid.Word], labels: list[str], main: str) -> list[str]:
    """Give back to the main language the words at either edge of a foreign stretch inside a line that, alone,
    read at least as well in the main language: the HMM carries a switch across a name or a shared word
    ("Internet patentes"). Edges at a line break stay: there a foreign line may go on."""
    n = len(labels)
    i = 0
    while i < n:
        lang = labels[i]
        j = i
        while j + 1 < n and labels[j + 1] == lang:
            j += 1
        if lang != main:
            while i < j and i > 0 and _same_line(text, words[i - 1], words[i]) and _reads_main(words[i], lang, main):
                labels[i] = main
                i += 1
            while j > i and j + 1 < n and _same_line(text, words[j], words[j + 1]):
                if not _reads_main(words[j], lang, main):
                    break
                labels[j] = main
                j -= 1
        i = j + 1
    return labels


def _same_line(text: str, a: langid.Word, b: langid.Word) -> bool:
    return text.find("\n", a.end, b.start) < 0


def _reads_main(word: langid.Word, lang: str, main: str) -> bool:
    own = word.scores.get(main)
    return own is not None and own >= word.scores.get(lang, langid.NEG)


def _by_script(text: str, words: list[langid.Word], main: str) -> list[str] | None:
    """Labels straight from scripts when nothing needs weighing: every Latin word plainly main-language and
    every other word in a script that names its language (Han follows its nearest Hangul or kana, else zh).
    None when the HMM is needed."""
    labels: list[str] = []
    for w in words:
        if w.script in langid.LEXICON_SCRIPTS:
            if w.script != "Latin" or (not text.isascii() and not text[w.start : w.end].isascii()):
                return None
            if not plainly_main(text[w.start : w.end], main):
                return None
            labels.append(main)
        elif w.script == "Han":
            labels.append("")
        else:
            labels.append(next(iter(w.scores)))
    for i, lab in enumerate(labels):
        if lab == "":
            labels[i] = _han_language(words, labels, i)
    return labels


def _han_language(words: list[langid.Word], labels: list[str], i: int) -> str:
    for j in sorted(range(len(words)), key=lambda j: abs(j - i)):
        if words[j].script == "Kana":
            return "ja"
        if words[j].script == "Hangul":
            return "ko"
    return labels[i] or "zh"


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _run_script(groups: list[list[Token]]) -> str:
    counts: dict[str, int] = {}
    for g in groups:
        for t in g:
            counts[t.script] = counts.get(t.script, 0) + (t.end - t.start)
    if "Kana" in counts:
        return "Japanese" if "Han" in counts else "Kana"
    return max(counts, key=lambda k: counts[k])


def _plain_run(text: str, start: int, end: int, main: str) -> Run | None:
    start, end = _trim(text, start, end)
    if start >= end or ANY_LETTER.search(text, start, end) is None:
        return None
    return Run(start, end, main, "Latin", 1.0, 0)


def _mergeable(text: str, a: Run, b: Run, main: str) -> bool:
    if a.lang != b.lang or (a.script != b.script and a.lang != main):
        return False
    gap = text[a.end : b.start]
    if ANY_LETTER.search(gap):
        return False
    return a.lang == main or gap.count("\n") <= 1


def merge_runs(text: str, runs: list[Run], main: str) -> list[Run]:
    """Join neighbouring runs of one language separated only by neutral characters."""
    out: list[Run] = []
    for run in runs:
        if out and _mergeable(text, out[-1], run, main):
            prev = out[-1]
            script = prev.script if prev.script == run.script else "Latin" if run.lang == main else prev.script
            out[-1] = Run(
                prev.start,
                run.end,
                run.lang,
                script,
                min(prev.confidence, run.confidence),
                prev.words + run.words,
                prev.foreign + run.foreign,
            )
        else:
            out.append(run)
    return out


def _pieces(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """A window cut at white space into pieces of at most MAX_WINDOW characters, so memory stays bounded on a
    huge line; runs of one language across the cuts are joined again afterwards."""
    out = []
    while hi - lo > MAX_WINDOW:
        cut = text.rfind(" ", lo + MAX_WINDOW // 2, lo + MAX_WINDOW)
        cut = lo + MAX_WINDOW if cut < 0 else cut + 1
        out.append((lo, cut))
        lo = cut
    out.append((lo, hi))
    return out


def document_runs(text: str, main: str, params: langid.LangIdParams,
                  unknown_words: list[tuple[int, int]] | None = None,
                  windows: list[tuple[int, int]] | None = None) -> list[Run]:
    """All runs of a text, in order; `unknown_words` receives the stretches of words the main language's list
    lacks (see unknown.py), found in the same scan; `windows`: the candidate windows when already found."""
    if windows is None:
        windows = candidate_windows(text, main, params, unknown_words)
    runner = _runner(main, params) if native.core() is not None else None
    if runner is not None:  # the same steps as below, in the compiled core
        rows = runner.document(text, windows, MAX_WINDOW, params.switch, params.leave_main, params.max_states)  # type: ignore[attr-defined]
        return list(map(Run._make, rows))
    runs: list[Run] = []
    pos = 0
    for lo, hi in windows:
        if (plain := _plain_run(text, pos, lo, main)) is not None:
            runs.append(plain)
        for a, b in _pieces(text, lo, hi):
            runs.extend(window_runs_python(text, a, b, main, params))
        pos = hi
    if (plain := _plain_run(text, pos, len(text), main)) is not None:
        runs.append(plain)
    return merge_runs(text, runs, main)


def main_language(text: str, sample: int = 2000, default: str = "en") -> str:
    """The language most of the text is in, judged on a sample: dominant script, then a lexicon vote
    (skipped when nearly every word is plainly in the default language)."""
    head = text[:sample]
    ascii_letters = len(head.encode("ascii", "ignore").translate(None, _NOT_LETTER))
    compiled = native.core()
    if head.isascii():
        other = 0
    elif compiled is not None:
        other = compiled.count_foreign(native.char_table(), head, 0, len(head))
    else:
        other = len(NON_ASCII_LETTER.findall(head))
    if ascii_letters + other == 0:
        return default
    tokens: list[Token] | None = None
    if other > ascii_letters:
        tokens = tokenize(head)
        counts: dict[str, int] = {}
        for tok in tokens:
            counts[tok.script] = counts.get(tok.script, 0) + (tok.end - tok.start)
        if not counts:
            return default
        script = max(counts, key=lambda k: counts[k])
        if script in ("Kana", "Han") and counts.get("Kana"):
            return "ja"
    else:
        script = "Latin"
        if scanner(default).triggers(head, 0, len(head), math.inf).plain_share >= PLAIN_MAIN:
            return default
    info = script_table().get(script)
    if info is None:
        return "und"
    if len(info.candidates) == 1 or script not in langid.LEXICON_SCRIPTS:
        return info.default_lang
    if tokens is None:
        words = [w for w in ASCII_WORD.findall(head) if not w[:1].isupper()][:300]
    else:
        words = [t.text for t in tokens if t.script == script and not t.text[:1].isupper()][:300]
    cands = info.candidates
    totals = [0.0] * len(cands)
    for word in words:
        for k, v in enumerate(langid.lexicon_scores(word.lower(), cands)):
            totals[k] += v
    best = max(range(len(cands)), key=lambda k: (totals[k], cands[k] == default))
    return cands[best]


_NOT_LETTER = bytes(c for c in range(128) if not chr(c).isalpha())

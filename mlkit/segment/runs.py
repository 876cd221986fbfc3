"""Language runs of a text: a fast path for stretches plainly in the main language, the HMM around the rest.

The scan, the windows, the word HMM and the judging of each new word (its gains for the scan, its emission row
for the HMM: the core's Judge) run in the compiled core (native.py); here are the tables they read: the words
each main language may pass over, the languages of the HMM, the lists and letter profiles of each script.

A run is a maximal stretch of one script and language; neutral characters (digits, punctuation, white space)
inside it belong to it. Foreign runs never cross an empty line (passages decide about those).
"""

from __future__ import annotations

import math
import unicodedata
from functools import cache, lru_cache
from typing import Any, NamedTuple

from mlkit.document import line_start
from mlkit.segment import langid, native, unknown
from mlkit.segment.fastscan import PlainWordScanner, word_blob
from mlkit.segment.lexicon import (
    HAN_PRIOR,
    floor,
    frequencies,
    known_names,
    korean_name_pattern,
    scorer,
    single_lexicon,
    table_key,
    wordfreq_codes,
)
from mlkit.segment.scripts import ASCII_WORD, Token, script_table, tokenize
from mlkit.tablecache import stored

BLOCK = 1 << 18  # characters scanned at a time, so memory stays bounded on huge inputs
MAX_WINDOW = 1 << 15  # characters the HMM looks at in one go
MARGIN = 40  # characters of context the HMM sees on each side of a stretch that needs a closer look
PLAIN_GAIN = 0.0  # a word is plain when no other language is likelier, so only other words can pay a switch
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


@cache
def scanner(main: str) -> PlainWordScanner:
    """The fast-path scanner for a main language: its words that no other language claims more strongly, each
    with its largest log-odds for another language (≤ 0)."""
    plain = stored(f"segment-plain-blob-{main}", table_key(), lambda: word_blob(plain_words(main)))
    companion = unknown.scanner(main)
    # whether the unknown-word scan's words hold all plain words: a fact of the tables, kept with them
    shortcut = stored(f"segment-shortcut-{main}", table_key(),
                      lambda: frozenset(plain.decode().splitlines()) <= companion.words())
    # the judge is the gains function: the core calls it without a Python call
    return PlainWordScanner(plain, _judge(main, language_index(main), langid.LangIdParams().name_log_prob),
                            len(latin_candidates()),
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


def candidate_windows(text: str, main: str, params: langid.LangIdParams,
                      unknown_words: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """Merged stretches that need a closer look: around non-ASCII letters, and where words of one other
    language could gather enough evidence to pay for switching to it (elsewhere the HMM could not switch).
    The same pass puts the stretches of words the main language's list lacks into `unknown_words`."""
    scan = scanner(main)
    cost = -(2 * params.switch + params.leave_main)  # in and back out: the HMM ends every stretch in main
    stretches: list[tuple[int, int]] = []
    all_ascii = text.isascii()
    for lo, hi in _blocks(text):
        if not all_ascii and not text[lo:hi].isascii():
            stretches.extend(native.core.letter_stretches(native.char_table(), text, lo, hi))
        found = scan.triggers(text, lo, hi, cost, count=False)
        stretches.extend(found.stretches)
        if unknown_words is not None and found.companion:
            unknown_words.extend(found.companion)
    stretches.sort()
    # each stretch widened by MARGIN characters on its line, cut at spaces; a window that reaches the end of a
    # line joins one that starts the next line: a foreign paragraph is read as one sequence
    return native.core.windows(text, stretches, MARGIN)


def window_runs(text: str, start: int, end: int, main: str, params: langid.LangIdParams) -> list[Run]:
    """Language runs of one stretch of a line by the word HMM; neutral characters at its edges join its runs."""
    ls = line_start(text, start)
    return _runner(main, params).runs(text, start, end, ls, params.switch, params.leave_main, params.max_states)


@cache
def language_index(main: str) -> tuple[str, ...]:
    """Every language a run may carry: script candidates and defaults, "und", `main`, and the languages of
    languages.tsv that no script lists (Bosnian: only the related-language step gives it)."""
    langs = {"und", main, *HAN_PRIOR, *wordfreq_codes()}
    for info in script_table().values():
        langs.update((info.default_lang, *info.candidates))
    return tuple(sorted(langs))


@lru_cache(maxsize=16)
def _runner(main: str, params: langid.LangIdParams) -> Any:
    """The compiled window HMM for one main language and tuning, its emissions from `langid`."""
    codes = language_index(main)
    if len(codes) > native.core.MAX_LANGS:
        raise ValueError(f"{len(codes)} languages: the compiled core weighs at most {native.core.MAX_LANGS}")
    index = {lang: i for i, lang in enumerate(codes)}
    script_codes = native.script_codes()
    lexicon = [script_codes[s] for s in langid.LEXICON_SCRIPTS if s in script_codes]
    judge = _judge(main, codes, params.name_log_prob)

    specials = (*(script_codes.get(s, 0) for s in ("Latin", "Han", "Hangul", "Kana")),
                index["zh"], index["ja"], index["ko"])
    return native.core.Runner(native.char_table(), native.script_names(), lexicon, specials, codes, index[main],
                              judge.provide, Run)


def _judge(main: str, codes: tuple[str, ...], name_log_prob: float) -> Any:
    """The compiled core's judge of new words for main language `main` and the runner's languages `codes`: a
    word's gains for the trigger scan and its emission row for the HMM, from its shape and its scores."""
    index = {lang: i for i, lang in enumerate(codes)}
    table = script_table()
    scripts = [(name, scorer(table[name].candidates), [index[lang] for lang in table[name].candidates])
               for name in sorted(langid.LEXICON_SCRIPTS)]
    latin = latin_candidates()
    main_at = latin.index(main) if main in latin else -1
    main_lexicon = None if main_at >= 0 else single_lexicon(main)

    def fixed(script: str) -> list[tuple[int, float]]:
        return [(index[lang], v) for lang, v in langid.fixed_emissions(script).items()]

    return native.core.Judge(scripts, [name for name, _, _ in scripts].index("Latin"), main_at, main_lexicon,
                             known_names(), korean_name_pattern(), unicodedata.normalize, name_log_prob,
                             len(codes), fixed)


def merge_runs(text: str, runs: list[Run], main: str) -> list[Run]:
    """Join neighbouring runs of one language separated only by neutral characters (no letter between them; a
    foreign pair across at most one line break); the joined run takes the lower confidence, the sums of words
    and foreign log-odds, and Latin where a main-language pair's scripts differ. The core's runner joins them."""
    return _runner(main, langid.LangIdParams()).merge(text, runs)


def document_runs(text: str, main: str, params: langid.LangIdParams,
                  unknown_words: list[tuple[int, int]] | None = None,
                  windows: list[tuple[int, int]] | None = None) -> list[Run]:
    """All runs of a text, in order; `unknown_words` receives the stretches of words the main language's list
    lacks (see unknown.py), found in the same scan; `windows`: the candidate windows when already found."""
    if windows is None:
        windows = candidate_windows(text, main, params, unknown_words)
    # plain main-language runs between the windows; each window cut at white space into pieces of at most
    # MAX_WINDOW characters (memory stays bounded on a huge line), its runs by the HMM; then merge_runs
    return _runner(main, params).document(text, windows, MAX_WINDOW, params.switch, params.leave_main,
                                          params.max_states)


def main_language(text: str, sample: int = 2000, default: str = "en") -> str:
    """The language most of the text is in, judged on a sample: dominant script, then a lexicon vote
    (skipped when nearly every word is plainly in the default language)."""
    head = text[:sample]
    ascii_letters, other = native.core.count_letters(native.char_table(), head, 0, len(head))
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
        # only the share of plain words counts here: no stretch, no companion scan
        if scanner(default).triggers(head, 0, len(head), math.inf, companion=False).plain_share >= PLAIN_MAIN:
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
    totals = scorer(cands).sum_log_probs([w.lower() for w in words])  # each word's log_probs, summed in order
    best = max(range(len(cands)), key=lambda k: (totals[k], cands[k] == default))
    return cands[best]


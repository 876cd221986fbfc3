"""Korean words that the morphological analyzer rejects, or that read far better after undoing one OCR confusion.

A noisy-channel check: each word of a Korean run is scored by kiwipiepy, and so are its variants one jamo
confusion away (ㅁ/ㅂ, ㅓ/ㅕ, final ㅇ/ㄹ as in 방/발, a doubled syllable undone); a variant that scores far better,
alone and between its neighbours, makes a flag with that variant as the suggestion. Two fragments that read far
better joined make a `split-word` flag. DPRK spellings (로동, 력사, 리해) are scored in ROK spelling, so they pass.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, pairwise

import regex

from mlkit.document import Document, Flag
from mlkit.korean import kiwi
from mlkit.korean.jamo import decompose, is_syllable
from mlkit.korean.names import common_surname, given_syllables
from mlkit.korean.spelling import dprk_stems, rok_forms
from mlkit.noise.base import lang_runs
from mlkit.noise.confusions import syllable_variants
from mlkit.noise.jamo_ocr import learnt_variants
from mlkit.noise.name_shape import looks_like_name
from mlkit.noise.stats import DocumentStats, count

TOKEN = regex.compile(r"\S+")
_HANGUL_BEFORE = regex.compile(r"\p{Hangul}\s")
# (the look-behind keeps the search linear on a long token of digits: a core never starts inside a digit run)
CORE = regex.compile(r"(?<![\p{Hangul}\d])[\p{Hangul}\d]*\p{Hangul}[\p{Hangul}\d]*")
# A "word" longer than this (syllables) is text with its spaces lost, not a word: flagged, not analysed, since the
# analysis of a word and of its variants grows with the square of its length.
MAX_WORD = 40
OVERLONG_SCORE = 0.4
# Margins in kiwi log-probability, tuned on kpc-nk dev with bench/ocrnoise.py noise (see bench/noise.py).
ALONE_MARGIN = 7.0
CONTEXT_MARGIN = 5.0
JOIN_MARGIN = 4.0
INNER_ROK_GAIN = 6.0  # how much better a known word must read with an inner DPRK ㄹ/ㄴ in ROK spelling
DOUBT_PER_SYLLABLE = -6.0  # Kiwi log score per syllable below which a known word is doubtful
# A word the analyser knows and reads fluently as written (score per syllable at least FLUENT_PER_SYLLABLE) is
# taken for a misreading only with a gain of FLUENT_GAIN (below it, a hint kept only in a garbled passage): correct
# text is full of such words one jamo from another real word (방문할/방문한, 휴회/후회, 남아/담아), and a gain
# below this flags them on clean text as often as on OCR.
FLUENT_PER_SYLLABLE = -8.5
FLUENT_GAIN = 8.0
# A word Kiwi reads at least this well per syllable has only its first and last syllables tried for misreadings
# (a particle or ending misread, a first syllable split off as another word: 베타테스트단계들, 다타내는것은); on the
# real-OCR tuning lines no word that fluent had a flagged misreading inside, and such words are half the checks.
VERY_FLUENT_PER_SYLLABLE = -5.0
# Alone, a variant must also read better between the word's neighbours by this much (놀라울/놀라운 at a line end).
ALONE_CONTEXT = 3.0
UNKNOWN_SCORE = 0.19  # alone on its line: in the same calibration band as a name-shaped word (see docs/noise.md)
REPEATED_UNKNOWN_SCORE = 0.15
GARBLED_SHARE = 0.25  # a passage with this share of doubtful words reads as a garbled transcription
GARBLED_UNKNOWN_SCORE = 0.55
# One-syllable particles that may stand alone after a bracket, a number or a foreign word.
LONE_PARTICLES = frozenset("의 은 는 이 가 을 를 에 와 과 도 로 만".split())
NAME_LIKE_SCORE = 0.15  # an unknown word with the shape of a transliterated name (올메르트)
KOREAN_NAME_SCORE = 0.14  # ... of a Korean personal name (정기현): never raised by its line or passage
NAME_GAIN = 12.0  # ... is taken for a misread word only when a variant reads this much better
_RAISED_UNKNOWN = (UNKNOWN_SCORE, NAME_LIKE_SCORE)  # raised in a garbled passage
_AE, _E = 1, 5  # vowel indices of ㅐ and ㅔ in a syllable
MAX_NAME = 5  # syllables of a leading noun read as a name
_PARTICLE_HOSTS = ("회사", "정권")  # nouns ending in a vowel and in a consonant, for particles to follow
NAME_VARIANT_SCORE = 0.3  # else it is a hint: a misreading, or the name in another spelling (타임즈/타임스)


@dataclass(frozen=True, slots=True)
class Word:
    """A Korean word of a run: its Hangul core and where it is."""

    start: int
    end: int
    text: str
    after_quote: bool  # a particle glued to a closing quote ("…"며) is not a word of its own
    after_letter: bool = False  # glued to a Latin (or other) letter: AFP와의, whose particles belong to that name;
    # or to a glossary's placeholder ~ (~에게)


@lru_cache(maxsize=1 << 15)
def best_reading(word: str) -> tuple[str, kiwi.Analysis]:
    """The best-scoring of the word and its ROK-spelling forms: DPRK spelling is never an error (kept per word:
    every check of a word asks it again)."""
    if word.startswith(dprk_stems()):
        return word, kiwi.Analysis(0.0, (), ())
    own = kiwi.analyze(word)
    # Inside a word the initial-sound rule applies where the word is unknown as written (조선로동당), or where the
    # ROK form reads far better than a known reading and its changed syllable starts the second noun of a compound
    # (권력람용을, 의무로동으로): a word the analyser reads well keeps its inner ㄹ (열릴 is not 열일), and a
    # particle is no element (핵무기른 is 핵무기를 misread, not 핵무기는).
    readings = [(word, own)]
    for form in rok_forms(word)[1:]:
        analysis = kiwi.analyze(form)
        if own.unknown or form[0] != word[0] or (
            not analysis.unknown and analysis.score - own.score >= INNER_ROK_GAIN and _compound_element(word, form)
        ):
            readings.append((form, analysis))
    # a form the analyser does not know either says nothing: the word stays as written (무로로 is not 무노로)
    return max(readings, key=lambda r: (not r[1].unknown, r[1].score if not r[1].unknown or r[0] == word else -1e9))


def _compound_element(word: str, form: str) -> bool:
    """Whether the syllable where `form` differs from `word` starts a noun that follows a noun, in the analyser's
    reading of `form` (권력 + 남용): where DPRK spelling writes an element's first ㄹ or ㄴ inside a word."""
    at = _first_difference(word, form)
    tags = kiwi.spaced_reading(form)[1]
    before = [tag for tag, start in tags if start < at]
    here = [tag for tag, start in tags if start == at]
    return bool(before and here) and before[-1].startswith("NN") and here[0].startswith("NN")


@lru_cache(maxsize=1 << 12)
def _syllable_changes(ch: str, learnt: bool) -> tuple[tuple[str, str], ...]:
    """The syllables one OCR confusion from `ch` (hand list, then learnt), each with the change, once per syllable."""
    hand = list(syllable_variants(ch))
    others = dict.fromkeys([*hand, *(learnt_variants(ch) if learnt else ())])
    return tuple((other, f"{ch}→{other}") for other in others if other != ch)


def variants(word: str, learnt: bool = True, edges: bool = False) -> Iterator[tuple[str, str]]:
    """Words one OCR confusion away from `word` (hand list, then learnt from real OCR), each with the change; with
    `edges`, confusions only in its first and last syllables (a syllable read twice is undone anywhere)."""
    for i, ch in enumerate(word):
        if not is_syllable(ch):
            continue
        head, tail = word[:i], word[i + 1 :]
        if not edges or i == 0 or i == len(word) - 1:
            for other, change in _syllable_changes(ch, learnt):
                yield head + other + tail, change
        if i and word[i - 1] == ch:
            yield head + tail, f"doubled {ch}"


@lru_cache(maxsize=1 << 15)
def top_variants(word: str, n: int = 3, learnt: bool = True, edges: bool = False) -> tuple[tuple[float, str, str], ...]:
    """The `n` best-scoring variants that the analyzer fully knows, as (score, variant, change), changing only
    the first and last syllables with `edges`; kept per word (a bounded cache: text repeats its words, and each
    costs some twenty analyses)."""
    scored = []
    for candidate, change in variants(word, learnt, edges):
        score = kiwi.known_score(candidate)
        if score is not None:
            scored.append((score, candidate, change))
    scored.sort(key=lambda s: (-s[0], s[1]))
    return tuple(scored[:n])


@lru_cache(maxsize=1 << 10)
def _particles_only(core: str) -> bool:
    """Whether a core is particles alone (와의, 에서는): read after a noun ending in a vowel or a consonant, as after
    the name it is glued to, Kiwi finds particles only (read alone, 와의 is taken for a noun 와 and 의)."""
    for noun in _PARTICLE_HOSTS:
        analysis = kiwi.analyze(noun + core)
        head, rest = analysis.morphemes[:1], analysis.morphemes[1:]
        if not analysis.unknown and head == ((noun, "NNG"),) and all(tag.startswith("J") for _, tag in rest):
            return True
    return False


def doubtful(analysis: kiwi.Analysis, word: str) -> bool:
    """An unknown word, or one Kiwi scores low for its length: only such words are worth the learnt variants."""
    syllables = sum(is_syllable(c) for c in word)
    return bool(analysis.unknown) or analysis.score < DOUBT_PER_SYLLABLE * max(syllables, 1)


def _very_fluent(analysis: kiwi.Analysis, word: str) -> bool:
    """A word Kiwi knows and scores at least VERY_FLUENT_PER_SYLLABLE for its length: only its edges are tried."""
    syllables = sum(is_syllable(c) for c in word)
    return not analysis.unknown and analysis.score >= VERY_FLUENT_PER_SYLLABLE * max(syllables, 1)


def _fluent(analysis: kiwi.Analysis, word: str) -> bool:
    """A word the analyser knows and scores well for its length: real Korean as written, not a likely misreading."""
    syllables = sum(is_syllable(c) for c in word)
    return not analysis.unknown and analysis.score >= FLUENT_PER_SYLLABLE * max(syllables, 1)


def _name_like(analysis: kiwi.Analysis, changed: int | None = None) -> bool:
    """True when the word is, or starts with, a transliterated name: its unknown morphemes, or its leading noun of
    two to five syllables (holding the syllable `changed`, when given), have the shape of one (올메르트,
    할라페뇨와, 트윈즈와의). A name one jamo from a commoner spelling (타임즈/타임스, 멕시고/멕시코) is a spelling
    variant, not an OCR error; a long compound (국가안전보장국) is not a name."""
    if analysis.unknown:
        return all(looks_like_name(u) for u in analysis.unknown)
    if not analysis.morphemes:
        return False
    form, tag = analysis.morphemes[0]
    inside = changed is None or changed < len(form)
    return tag.startswith("NN") and 2 <= len(form) <= MAX_NAME and inside and looks_like_name(form)


@lru_cache(maxsize=1 << 15)
def _reads_as_name(word: str) -> bool:
    """`_name_like` of the word's best reading, kept per word (each word is asked with either neighbour)."""
    return _name_like(best_reading(word)[1])


def _loanword_vowel(analysis: kiwi.Analysis, word: str, other: str) -> bool:
    """Whether `other` differs from `word` only by ㅐ/ㅔ in the word's leading noun of two syllables or more:
    loanwords and names are spelt both ways (메사추세츠/매사추세츠, 베터리/배터리, 맥케인/매케인)."""
    i = _first_difference(word, other)
    if i >= min(len(word), len(other)) or len(word) != len(other) or not is_syllable(word[i]):
        return False
    a, b = decompose(word[i]), decompose(other[i])
    if a[0] != b[0] or a[2] != b[2] or {a[1], b[1]} != {_AE, _E}:
        return False
    lead = analysis.unknown[0] if analysis.unknown else (analysis.morphemes[0][0] if analysis.morphemes else "")
    tag = "NN" if analysis.unknown else (analysis.morphemes[0][1] if analysis.morphemes else "")
    return tag.startswith("NN") and len(lead) >= 2 and word.startswith(lead) and i < len(lead)


def _first_difference(a: str, b: str) -> int:
    """Where two spellings first differ."""
    return next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))


def sentence_score(text: str) -> float:
    """Kiwi's score of a short stretch with spaces (a word between its neighbours)."""
    return kiwi.analyze_spaced(text)


def korean_words(text: str, start: int, end: int) -> list[Word]:
    """The Hangul cores of the whitespace tokens in `text[start:end]`."""
    out = []
    for tok in TOKEN.finditer(text, start, end):
        core = CORE.search(tok.group())
        if core is None:
            continue
        at = tok.start() + core.start()  # (a run may start inside a token: AFP와의, ~에게)
        before = text[at - 1] if at else ""  # (a space before it: neither quote nor letter)
        quoted = bool(before) and before in "\"'”’」』)]"
        lettered = bool(before) and (before.isalpha() or before == "~")  # (~에게: a glossary's placeholder)
        out.append(Word(at, tok.start() + core.end(), core.group(), quoted, lettered))
    return out


def judge(word: Word, left: str, right: str, repeated: frozenset[str] = frozenset()) -> Flag | None:
    """The lexicon flag for one word given its neighbours' text (may be empty), or None if it reads as Korean.

    `repeated` holds unknown morphemes written more than once in the document: names, rarely noise.
    """
    if word.after_quote or sum(is_syllable(c) for c in word.text) < 2:
        return None  # one syllable says too little: particles and bound nouns are often written alone
    reading, own = best_reading(word.text)
    if not own.morphemes:
        return None  # a listed DPRK spelling
    if word.after_letter and _particles_only(word.text):
        return None  # particles after a Latin name (AFP와의, CNN에서): they read alone as no word, and are none
    top = top_variants(reading, learnt=doubtful(own, reading), edges=_very_fluent(own, reading))
    changed = _first_difference(reading, top[0][1]) if top else None  # (whether it is name-like is asked late)
    if top and top[0][0] - own.score >= 2.0:
        alone = top[0][0] - own.score
        base = sentence_score(f"{left} {reading} {right}".strip())
        context = max(sentence_score(f"{left} {v} {right}".strip()) - base for _, v, _ in top)
        # alone, a variant may just be the commoner word (여지 / 여기): the sentence must not prefer the word read
        better = (alone >= ALONE_MARGIN and context >= ALONE_CONTEXT) or context >= CONTEXT_MARGIN
        swap = not top[0][2].startswith("doubled")  # (a syllable read twice is no other real word)
        # a fluent real word, or a loanword's ㅐ/ㅔ, is only a hint: kept inside a garbled passage (_weigh_by_passage)
        fluent = swap and _fluent(own, reading) and max(alone, context) < FLUENT_GAIN
        loanword = better and _loanword_vowel(own, reading, top[0][1])
        name_like = better and _name_like(own, changed)
        if better and ((name_like and max(alone, context) < NAME_GAIN) or loanword or fluent):
            _, other, change = top[0]
            return Flag(
                word.start, word.end, "korean-ocr", NAME_VARIANT_SCORE,
                f"{word.text} may be {other} misread ({change}), or "
                + ("a real word as written" if fluent and not (name_like or loanword) else "a name spelt another way"),
                other,
            )  # fmt: skip
        if better:
            _, better, change = top[0]
            gain = max(alone, context)
            return Flag(
                word.start,
                word.end,
                "korean-ocr",
                round(min(0.95, 0.45 + gain / 25), 3),
                f"likely OCR confusion ({change}): {word.text} → {better} reads as far more plausible Korean",
                better,
            )
    if own.unknown:
        unknown = "/".join(kiwi.analyze(word.text).unknown or own.unknown)
        if korean_name(word.text):
            return Flag(
                word.start, word.end, "korean-unknown", KOREAN_NAME_SCORE,
                f"the morphological analyzer knows no word {unknown}, but it is a Korean personal name's shape"
                " (a common surname, two given-name syllables)",
            )  # fmt: skip
        if any(u in repeated for u in own.unknown):
            return Flag(
                word.start, word.end, "korean-unknown", REPEATED_UNKNOWN_SCORE,
                f"the morphological analyzer knows no word {unknown}, but the text repeats it: probably a name",
            )  # fmt: skip
        if _name_like(own, changed):
            return Flag(
                word.start, word.end, "korean-unknown", NAME_LIKE_SCORE,
                f"the morphological analyzer knows no word {unknown}, but it has the shape of a transliterated name",
            )  # fmt: skip
        return Flag(
            word.start, word.end, "korean-unknown", UNKNOWN_SCORE,
            f"the morphological analyzer knows no word {unknown}, and it does not read as a transliterated name",
        )  # fmt: skip
    return None


def find_korean_lexicon(doc: Document, stats: DocumentStats | None = None) -> Iterator[Flag]:
    """Flags for Korean words the analyzer rejects, or that read far better after undoing one OCR confusion.

    `stats` holds the counts over the whole document when `doc` is one window of it (see mlkit.noise.window).
    """
    text = doc.text
    runs = korean_runs(doc)
    if not any(runs) or not kiwi.available():
        return  # (Kiwi, some 500 MB once it has analysed a word, is loaded only for a text with Korean words)
    overlong = [w for words in runs for w in words if len(w.text) > MAX_WORD]
    if overlong:
        yield from (_overlong(w) for w in overlong)
        runs = [[w for w in words if len(w.text) <= MAX_WORD] for words in runs]
    if stats is None:
        written = Counter(w.text for words in runs for w in words)
        stems = stem_counts(written)
        dropped = dropped_syllable_index(written)
        unknown = Counter(u for words in runs for w in words for u in best_reading(w.text)[1].unknown)
        repeated = frozenset(u for u, n in unknown.items() if n > 1)
    else:
        written, stems = stats.korean_words, stats.stem_counts()
        dropped, repeated = stats.dropped_index(), stats.repeated_unknown()
    flags: list[Flag] = []
    deferred: list[tuple[Word, str, str]] = []
    for words in runs:
        for i, word in enumerate(words):
            left = words[i - 1].text if i and _adjacent(text, words[i - 1], word) else ""
            right = words[i + 1].text if i + 1 < len(words) and _adjacent(text, word, words[i + 1]) else ""
            if written[word.text] > 1 and not best_reading(word.text)[1].unknown:
                deferred.append((word, left, right))  # at most a hint that only a garbled passage keeps
                continue
            flag = judge(word, left, right, repeated) or _dropped_syllable(word, dropped)
            if flag is not None and flag.kind == "korean-ocr" and flag.suggestion:
                times = _written_times(word.text, flag.suggestion, written, stems)
                if times > 1:
                    flag = _repeated_variant(flag, times)
            if flag is not None:
                flags.append(flag)
        flags.extend(_split_words(text, words))
    flags.extend(_judge_deferred(doc, runs, flags, deferred, (repeated, written, stems)))
    yield from _weigh_by_passage(doc, runs, flags)


def _judge_deferred(
    doc: Document,
    runs: list[list[Word]],
    flags: list[Flag],
    deferred: list[tuple[Word, str, str]],
    counts: tuple[frozenset[str], Counter[str], Counter[str]],
) -> Iterator[Flag]:
    """The flags of the deferred words (each known to the analyser and written more than once), judged only in
    a Korean passage that they could make garbled: such a word is at most a misreading hint, which
    `_repeated_variant` lowers and `_weigh_by_passage` keeps only in a garbled passage, and whose only other effect
    is to count towards that passage's doubtful share. Elsewhere their spelling variants are never asked about
    (one word in seven of the dev text, none of whose flags would have been kept)."""
    if not deferred:
        return
    repeated, written, stems = counts
    words_all = sorted((w for ws in runs for w in ws), key=lambda w: w.start)
    word_starts = [w.start for w in words_all]
    late = sorted(deferred, key=lambda d: d[0].start)
    late_starts = [d[0].start for d in late]
    ordered = sorted(flags, key=lambda f: f.start)
    for passage in doc.passages():
        if passage.lang != "ko":
            continue
        words = words_all[bisect_left(word_starts, passage.start) : bisect_left(word_starts, passage.end)]
        here = late[bisect_left(late_starts, passage.start) : bisect_left(late_starts, passage.end)]
        if not here or len(words) < 8:
            continue
        inside = [f for f in ordered[bisect_left([f.start for f in ordered], passage.start) :] if f.start < passage.end]
        if _overlapped(words, inside) + len(here) < GARBLED_SHARE * len(words):
            continue  # not garbled even with every deferred word flagged
        for word, left, right in here:
            flag = judge(word, left, right, repeated)
            if flag is not None and flag.kind == "korean-ocr" and flag.suggestion:
                flag = _repeated_variant(flag, _written_times(word.text, flag.suggestion, written, stems))
            if flag is not None:
                yield flag


def stem(word: str) -> str:
    """The word's leading noun of two syllables or more as Kiwi reads it (할라페뇨 of 할라페뇨와), else the word."""
    morphemes = best_reading(word)[1].morphemes
    if morphemes and morphemes[0][1].startswith("NN") and len(morphemes[0][0]) >= 2:
        return morphemes[0][0]
    return word


def stem_counts(words: Counter[str]) -> Counter[str]:
    """How often each leading noun is written, over the words of a document and their counts."""
    out: Counter[str] = Counter()
    for word, n in words.items():
        if len(word) <= MAX_WORD:
            out[stem(word)] += n
    return out


def _written_times(word: str, other: str, written: Counter[str], stems: Counter[str]) -> int:
    """How often the text writes the word as it is, or, when the suggested change falls inside its leading noun,
    that noun (할라페뇨와, 할라페뇨를: the same name in other cases)."""
    lead = stem(word)
    inside = lead != word and _first_difference(word, other) < len(lead)
    return max(written[word], stems[lead] if inside else 0)


def _repeated_variant(flag: Flag, times: int) -> Flag:
    """A word one jamo from a commoner one, written the same way `times` times: OCR does not make the same error
    at every place, so it is a name or a spelling of the text (루비사, 할라페뇨); kept only in a garbled passage."""
    if flag.score == NAME_VARIANT_SCORE:
        return flag
    reason = f"{flag.reason}; but the text writes it so {times} times (a name or a spelling of its own?)"
    return Flag(flag.start, flag.end, flag.kind, NAME_VARIANT_SCORE, reason, flag.suggestion)


def korean_runs(doc: Document) -> list[list[Word]]:
    """The Korean words of each Korean run of the document."""
    return [korean_words(doc.text, run.start, run.end) for run in lang_runs(doc, "ko")]


def count_korean(doc: Document, stats: DocumentStats) -> None:
    """Add the Korean words of `doc` that start in the window's own stretch to the document's counts."""
    runs = korean_runs(doc)
    if not any(runs) or not kiwi.available():
        return
    for words in runs:
        for w in words:
            if stats.lo <= w.start < stats.hi and len(w.text) <= MAX_WORD:
                count(stats.korean_words, w.text)
                for u in best_reading(w.text)[1].unknown:
                    count(stats.korean_unknown, u)


def _overlong(word: Word) -> Flag:
    return Flag(
        word.start,
        word.end,
        "overlong-token",
        OVERLONG_SCORE,
        f"{len(word.text)} Hangul syllables without a space: spaces lost? (too long to check against the lexicon)",
        None,
    )


def _weigh_by_passage(doc: Document, runs: list[list[Word]], flags: list[Flag]) -> Iterator[Flag]:
    """Unknown words in a passage where many words are doubtful (a garbled transcription) are likely garbled too,
    and so are name-shaped words one jamo from a commoner spelling (dropped elsewhere: names, not misreadings)."""
    words_all = sorted((w for ws in runs for w in ws), key=lambda w: w.start)
    word_starts = [w.start for w in words_all]
    order = sorted(range(len(flags)), key=lambda i: flags[i].start)
    flag_starts = [flags[i].start for i in order]
    for passage in doc.passages():
        if passage.lang != "ko":
            continue
        words = words_all[bisect_left(word_starts, passage.start) : bisect_left(word_starts, passage.end)]
        inside = order[bisect_left(flag_starts, passage.start) : bisect_left(flag_starts, passage.end)]
        doubtful = _overlapped(words, [flags[i] for i in inside])
        if len(words) < 8 or doubtful < GARBLED_SHARE * len(words):
            continue
        share = doubtful / len(words)
        for i in sorted(inside):
            f = flags[i]
            weak = (f.kind == "korean-unknown" and f.score in _RAISED_UNKNOWN) or (
                f.kind == "korean-ocr" and f.score == NAME_VARIANT_SCORE
            )
            if weak and not korean_name(doc.text[f.start : f.end]):
                reason = f"{f.reason}; {share:.0%} of the words of this passage are doubtful"
                flags[i] = Flag(f.start, f.end, f.kind, GARBLED_UNKNOWN_SCORE, reason, f.suggestion)
    # a name one jamo from a commoner spelling is kept only inside a garbled passage: elsewhere it is a name
    yield from (f for f in flags if not (f.kind == "korean-ocr" and f.score == NAME_VARIANT_SCORE))


def korean_name(word: str) -> bool:
    """True for a Korean personal name of three syllables, alone or with a particle: a common surname and two
    syllables common in given names (오영복, 정기현은). Garbled words in a garbled passage are raised; names are not."""
    core = word[:3]
    rest = word[3:]
    return (
        len(core) == 3
        and common_surname(core[0])
        and all(c in given_syllables() for c in core[1:])
        and (not rest or rest in LONE_PARTICLES or rest in ("으로", "에게", "과", "와", "까지"))
    )


def _overlapped(words: list[Word], inside: list[Flag]) -> int:
    """How many of the words (sorted by start) some flag (sorted by start) overlaps, in n log n."""
    starts = [f.start for f in inside]
    reach = list(accumulate((f.end for f in inside), max))  # the furthest end among the first k flags
    count = 0
    for w in words:
        k = bisect_left(starts, w.end)  # flags starting before the word ends
        count += bool(k) and reach[k - 1] > w.start
    return count


def dropped_syllable_index(counts: Counter[str]) -> dict[str, str]:
    """Each word written at least twice in the document, under every spelling with one inner syllable dropped."""
    index: dict[str, str] = {}
    for word, n in sorted(counts.items()):
        if n < 2 or len(word) < 3:
            continue
        for i in range(1, len(word) - 1):
            shorter = word[:i] + word[i + 1 :]
            if counts.get(shorter, 0) <= 1:
                index.setdefault(shorter, word)
    return index


def _dropped_syllable(word: Word, index: dict[str, str]) -> Flag | None:
    """A word seen once that is a word the document repeats, missing one inner syllable (수퍼컴터 / 수퍼컴퓨터)."""
    full = index.get(word.text)
    if full is None or word.after_quote:
        return None
    if not best_reading(word.text)[1].unknown:
        return None  # 사람은 beside 사람들은, 않았고 beside 않았다고: both are good Korean
    return Flag(
        word.start,
        word.end,
        "korean-ocr",
        0.5,
        f"looks like {full} (written elsewhere in this text) with a syllable dropped",
        full,
    )


def _adjacent(text: str, a: Word, b: Word) -> bool:
    return text[a.end : b.start] == " "


def _join_gain(a: str, b: str, then: str = "") -> float | None:
    """How much better two fragments read joined than apart (an unknown joined word pays a penalty); each is
    read in ROK spelling apart (론의했다고 is 논의했다고, which reads well alone), as written joined (분량을). None
    when the analyser, reading them apart with the word `then` after them, finds two words: an adverb or a
    determiner after the space (위험성이 다 밝혀지지 'not all', 북미에만 약 300명 'about'), a determiner or an
    adnominal form before a noun (한 아기, 큰 새)."""
    first = best_reading(a)[0] if len(a) > 1 else a
    apart = f"{first} {best_reading(b)[0] if len(b) > 1 else b}"
    tags = kiwi.spaced_reading(f"{apart} {then}".rstrip())[1]
    before = [t for t, at in tags if at < len(first)]
    after = [t for t, at in tags if len(first) < at < len(apart)]
    if before and after and (after[0] in ("MAG", "MM") or (before[-1] in ("MM", "ETM") and after[0][:2] == "NN")):
        return None
    joined = kiwi.analyze(a + b)
    return joined.score - sentence_score(apart) - (5.0 if joined.unknown else 0.0)


def _complete(word: str) -> bool:
    """Whether the analyser reads the word as ending in a particle or an inflectional ending (a whole word)."""
    morphemes = best_reading(word)[1].morphemes
    return len(morphemes) >= 2 and morphemes[-1][1].startswith(("J", "E"))


def _stands(word: str) -> bool:
    """Whether a fragment can open a word: two syllables or more, not read as starting with an ending or a suffix
    (록 of 있도 록, 다는데 of 재개한 다는데 cannot)."""
    morphemes = best_reading(word)[1].morphemes
    return len(word) >= 2 and bool(morphemes) and not morphemes[0][1].startswith(("E", "J", "XS", "VCP"))


def _split_words(text: str, words: list[Word]) -> Iterator[Flag]:
    """A word cut in two by a stray space: the parts read far better joined than apart."""
    for k, (a, b) in enumerate(pairwise(words)):
        c = words[k + 2] if k + 2 < len(words) else None
        if not _adjacent(text, a, b) or a.after_quote or b.after_quote:
            continue
        if a.text in LONE_PARTICLES and not _HANGUL_BEFORE.match(text, max(0, a.start - 2), a.start):
            continue  # a particle after a bracket or a foreign word belongs to it ((ASEAN) 의 주구매자는), not after
        if b.text.startswith(dprk_stems()):
            continue  # a listed DPRK spelling is a word of its own (대해 론의했다고)
        if _reads_as_name(a.text) and _reads_as_name(b.text):
            continue  # a foreign name of two words (사우디 아라비아의, 엔리케 산체스)
        if (looks_like_name(a.text) or looks_like_name(b.text)) and kiwi.analyze(a.text + b.text).unknown:
            continue  # joined, no known word: a name (알 말리키, 찰스 모팻), a word beside one (지난해 예카테린부르크)
        if _complete(a.text) and _stands(b.text):
            continue  # a whole word (ending in a particle or an ending) before another (우리베대통령과 면담을)
        gain = _join_gain(a.text, b.text, c.text if c is not None and _adjacent(text, b, c) else "")
        if gain is None or gain < JOIN_MARGIN:
            continue
        yield Flag(
            a.start,
            b.end,
            "split-word",
            round(min(0.9, 0.45 + gain / 25), 3),
            f"a space seems to cut one word in two: {a.text} {b.text} → {a.text}{b.text}",
            a.text + b.text,
        )

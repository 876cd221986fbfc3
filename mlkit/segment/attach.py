"""Main-language words that belong to a foreign sentence: a Latin word a particle in another script is glued to
("CRC32와", "man에서 설치한"), a few main-language words on one line between two runs of one foreign
language ("… διαβάστε την GNU General Public License Version 3 ⟨…⟩ ή μεταγενέστερη …"), and names that
no English sentence would use as words at the edge of a Korean phrase ("LZMA2 필터를", "내용은 xdvi")."""

from __future__ import annotations

from functools import cache, lru_cache

import regex

from mlkit.document import line_end, line_start
from mlkit.resources import read_words
from mlkit.segment.runs import Run, merge_runs

MAX_INNER_WORDS = 6  # main-language words between two runs of one foreign language that join them, at most
SENTENCE_END = regex.compile(r"[.!?;。！？](?:\s|$)")
_WORD = regex.compile(r"\p{L}[\p{L}\p{M}]*")


def attach(text: str, runs: list[Run], main: str, source: str | None = None) -> list[Run]:
    """Runs with glued words, short inner stretches of the main language and names at the edges of a Korean run
    given to the foreign run they belong to (see the module docstring); neighbours of one language are joined
    again. `text` is what the runs were found in (identifiers masked), `source` the text itself."""
    out = _edges(source if source is not None else text, _inner(text, _glued(text, runs, main), main), main)
    out = _loose_ends(source if source is not None else text, out, main)
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




EDGE_SCRIPTS = frozenset({"Hangul"})  # foreign runs whose start may take words written in Latin letters
MAX_EDGE_WORDS = 3  # Latin words taken before a run, at most
EDGE_ENGLISH = 1e-6  # a lower-case word at least this frequent in English is an English word, not a name
_TOKEN = regex.compile(r"\S+")
_OPEN = "([{\"'“‘«"  # stripped from a word's start ("(이더넷")
_CLOSE = ")]},;:\"'”’».!?"  # and from its end
_MAN_REF = regex.compile(r"[A-Za-z][A-Za-z0-9.\-]*\(\d[a-z]*\)")  # sh(1), xargs(1)
_NAME = regex.compile(r"[A-Za-z0-9][A-Za-z0-9.+=\-]*")
_ENDS = ".!?:。！？"  # a token ending in one of these ends a sentence (or, with ":", a clause)


def _edges(text: str, runs: list[Run], main: str) -> list[Run]:
    """Korean runs that open a sentence with a few Latin names before them ("LZMA 유틸리티는", "KiB 1,024 (2^10)
    배수 정수값.") widened over those names: a Korean sentence names commands, acronyms and units in Latin
    letters, while an English sentence opens with an English word. Only the start of a sentence is clear: inside
    an English sentence, a name next to a Korean phrase belongs to either as often (the tuning half of
    bench/manpages.py)."""
    korean = [i for i, r in enumerate(runs) if r.script in EDGE_SCRIPTS and r.lang != main] if main == "en" else []
    if not korean:
        return runs
    out = list(runs)
    changed = False
    for i in korean:
        run = runs[i]
        lo, before = _opening(text, out, i, main)
        hi, after = _closing(text, out, i, main, lo)
        if before and hi == run.end and _closed_in_english(text, lo, run.end):
            # the bracket the names follow closes after English words ("(PowerPC 그 형식은 only)"): it is the
            # English sentence's, and so are the names
            lo, before = run.start, 0
        if (lo, hi) == (run.start, run.end):
            continue
        changed = True
        out[i] = run._replace(start=lo, end=hi, words=run.words + before + after)
        for k in range(i + 1, len(out)):  # and the ones after
            if out[k].start >= hi:
                break
            out[k] = _cut_start(text, out[k], hi)
        for k in range(i - 1, -1, -1):  # the main-language runs the words were taken from lose them
            if out[k].end <= lo:
                break
            out[k] = _cut(text, out[k], lo)
    if not changed:
        return runs
    return [r for r in out if r.end > r.start]


def _cut_start(text: str, run: Run, start: int) -> Run:
    """A main-language run started at `start` or later, trimmed of white space; empty when no letter is left."""
    a = max(start, run.start)
    while a < run.end and text[a].isspace():
        a += 1
    if not _LETTER.search(text, a, run.end):
        return run._replace(start=a, end=a)
    return run._replace(start=a, words=max(1, len(_WORD.findall(text, a, run.end))))


def _cut(text: str, run: Run, end: int) -> Run:
    """A main-language run ended before `end`, trimmed of white space; empty when nothing is left."""
    b = min(end, run.end)
    while b > run.start and text[b - 1].isspace():
        b -= 1
    return run._replace(end=b, words=max(1, len(_WORD.findall(text, run.start, b))))


def _opening(text: str, runs: list[Run], i: int, main: str) -> tuple[int, int]:
    """Where run `i` starts once the Latin words between it and the start of its sentence, or an opening quote
    or bracket, are its own, and how many it took (none when something else is between: an English word, an
    option, a path, another language)."""
    run = runs[i]
    line = line_start(text, run.start)
    if line == run.start:
        return run.start, 0
    if not text[run.start - 1].isspace():  # a number a particle is glued to ("130.225.17.255인", "3개")
        m = _LAST_TOKEN.search(text, line, run.start)
        head = m.group().lstrip(_OPEN) if m else ""
        if m and m.end() == run.start and any(c.isdigit() for c in head) and not any(c.isalpha() for c in head):
            return run.start - len(head), 0
    if _bare_particle(text, run):  # the word a particle belongs to, whatever it is
        m = _LAST_TOKEN.search(text, line, run.start)
        if m and _is_latin_word(m.group()):
            return m.start() + len(m.group()) - len(m.group().lstrip(_OPEN)), 1
    elif _kind_noun(text, run):  # the name a kind noun names ("xz 명령은", "LZMA 유틸리티")
        m = _LAST_TOKEN.search(text, line, run.start)
        core = m.group().lstrip(_OPEN) if m else ""
        if core and core[-1] not in _ENDS and (_MAN_REF.fullmatch(core) or _is_name(core.rstrip(_CLOSE))):
            return m.start() + len(m.group()) - len(core), 1
    started = not line or _sentence_ended(text, line)  # (else a line of wrapped prose goes on from the one before)
    lo, taken, k = run.start, 0, i - 1
    for m in _LAST_TOKEN.finditer(text, line, run.start):  # from the run backwards
        token = m.group()
        if token[-1] in _ENDS:  # the end of the sentence before
            started = True
            break
        while k >= 0 and runs[k].start >= m.end():
            k -= 1
        if k >= 0 and runs[k].end > m.start() and runs[k].lang not in (run.lang, main):
            return run.start, 0  # another language's run
        opened = _opener(token)
        if any(c.isalpha() for c in token):  # else a number or punctuation between ("1,024", "(2^10)", "-", "•")
            core = token.lstrip(_OPEN)
            lead = len(token) - len(core)
            core = core if _MAN_REF.fullmatch(core) else core.rstrip(_CLOSE)
            if taken == MAX_EDGE_WORDS or not _is_name(core):
                return run.start, 0
            taken += 1
            lo = m.start() + lead
        if opened:  # the quote or bracket the Korean phrase opens with
            started = True
            break
    return (lo, taken) if started else (run.start, 0)


def _closing(text: str, runs: list[Run], i: int, main: str, start: int) -> tuple[int, int]:
    """Where run `i` ends once the Latin names between it and the quote or bracket closing the one it opens
    with (at `start`) are its own ("“내용은 xdvi”"), and how many it took."""
    run = runs[i]
    closer = _CLOSERS.get(text[start - 1]) if start else None
    if closer is None or closer in text[start : run.end]:
        return run.end, 0
    hi, taken, k = run.end, 0, i + 1
    for m in _TOKEN.finditer(text, run.end, line_end(text, run.end)):
        token = m.group()
        while k < len(runs) and runs[k].end <= m.start():
            k += 1
        if k < len(runs) and runs[k].start < m.end() and runs[k].lang not in (run.lang, main):
            return run.end, 0
        at = token.find(closer)
        head = token if at < 0 else token[:at]
        if any(c.isalpha() for c in head):
            core = head if _MAN_REF.fullmatch(head) else head.rstrip(_CLOSE)
            if taken == MAX_EDGE_WORDS or not _is_name(core.lstrip(_OPEN)):
                return run.end, 0
            taken += 1
            hi = m.start() + len(core)
        if at >= 0:
            return hi, taken
        if token[-1] in _ENDS:
            break
    return run.end, 0


def _closed_in_english(text: str, start: int, end: int) -> bool:
    """True when `start` follows an opening bracket that closes on the same line after `end`, with an English
    word (not a name) between `end` and the closing bracket."""
    closer = _CLOSERS.get(text[start - 1]) if start else None
    if closer not in (")", "]") or closer in text[start:end]:
        return False
    at = text.find(closer, end, line_end(text, end))
    return at >= 0 and any(not _is_name(w) for w in _WORD.findall(text, end, at) if w.isascii())


def _opener(token: str) -> bool:
    """True for a token that opens a quote or bracket it does not close ("“xz", "(see"; not "(2^10)")."""
    closer = _CLOSERS.get(token[0])
    return closer is not None and closer not in token[1:]


_CLOSERS = {"“": "”", "\"": "\"", "(": ")", "«": "»", "‘": "’", "[": "]", "„": "“"}


def _sentence_ended(text: str, line: int) -> bool:
    """True when the line before `line` is empty or ends a sentence."""
    prev = text[line_start(text, line - 1) : line - 1].rstrip()
    return not prev or prev[-1] in _ENDS


def _is_name(word: str) -> bool:
    """True for a Latin-letter token that is no English word: a command, unit or acronym ("xz", "LZMA2", "KiB",
    "UID", "sh(1)", "bar.xz", "pb=pb"), or a single letter other than "a" and "I"; not an option, a path or a
    variable (those a Korean sentence's edge leaves out, as the words around it do)."""
    if _MAN_REF.fullmatch(word):
        return True
    if not word or not word.isascii() or not _NAME.fullmatch(word) or word[0] == "-":
        return False
    if any(c.isdigit() for c in word) or any(c in ".=+" for c in word):
        return True
    if len(word) == 1:
        return word not in ("a", "A", "I")
    if sum(c.isupper() for c in word) >= 2:
        return True
    return _english(word.lower()) < EDGE_ENGLISH


@lru_cache(maxsize=1 << 12)
def _english(word: str) -> float:
    """The word's frequency in English."""
    from mlkit.segment.lexicon import lookup

    return float(lookup("en").get(word, 0.0))


def _loose_ends(text: str, runs: list[Run], main: str) -> list[Run]:
    """Foreign runs without the numbers and brackets at their edges that stand apart from their words, when the
    line goes on in the main language there or a bracket closes one the run never opened ("주지 않습니다 2.6.39)"
    inside "(since Linux … 2.6.39)"): neutral characters join the run they touch, but a number set apart is the
    sentence around's. A number that ends a sentence ("최대 값은 4.") stays."""
    out: list[Run] | None = None
    for i in [i for i, r in enumerate(runs) if r.lang != main]:
        run = runs[i]
        lo, hi = run.start, run.end
        # a run that ends in a letter, or in a letter and a mark ("다."), ends in a word: the common case
        while not (text[hi - 1].isalpha() or (hi - lo > 1 and text[hi - 2].isalpha())):
            m = _LAST_TOKEN.search(text, lo, hi)
            if not m or m.start() == lo:
                break
            token = _TOKEN.match(text, m.start()).group()  # in full: the run may end before its full stop
            if any(c.isalpha() for c in token) or token[-1] in _ENDS:
                break
            if not _LETTER.search(text, hi, line_end(text, hi)) and not _unopened(text[lo:hi]):
                break
            hi = m.start()
            while hi > lo and text[hi - 1].isspace():
                hi -= 1
        while not (text[lo].isalpha() or (hi - lo > 1 and text[lo + 1].isalpha())):
            m = _TOKEN.match(text, lo, hi)
            if not m or m.end() == hi or any(c.isalpha() for c in m.group()):
                break
            if not _LETTER.search(text, line_start(text, lo), lo):
                break
            lo = m.end()
            while lo < hi and text[lo].isspace():
                lo += 1
        if (lo, hi) != (run.start, run.end):
            out = out or list(runs)
            out[i] = run._replace(start=lo, end=hi)
    return runs if out is None else out


_LAST_TOKEN = regex.compile(r"(?r)\S+")
_LETTER = regex.compile(r"\p{L}")


def _unopened(stretch: str) -> bool:
    """True when `stretch` closes a bracket it does not open."""
    depth = 0
    for c in stretch:
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth < 0:
                return True
    return False


def _bare_particle(text: str, run: Run) -> bool:
    """True when a Korean run opens with a particle or copula written as a word of its own."""
    m = _TOKEN.match(text, run.start)
    return bool(m) and m.group().rstrip(",.:;") in korean_particles()


def _kind_noun(text: str, run: Run) -> bool:
    """True when a Korean run opens with a noun naming the kind of a name (data/segment/korean_kind_nouns.txt),
    alone or with a particle."""
    m = _TOKEN.match(text, run.start)
    word = m.group().rstrip(",.:;") if m else ""
    return any(word.startswith(noun) and (len(word) == len(noun) or word[len(noun) :] in korean_particles()
                                          or word[len(noun) :] in _PLAIN_ENDINGS) for noun in korean_kind_nouns())


_PLAIN_ENDINGS = frozenset({"이", "도", "만", "들", "들은", "들을", "들의", "들이"})  # 이 and 도 as particles here


@cache
def korean_kind_nouns() -> tuple[str, ...]:
    """Korean nouns that name the kind of the Latin name before them (data/segment/korean_kind_nouns.txt)."""
    return read_words("segment/korean_kind_nouns.txt")


def _is_latin_word(token: str) -> bool:
    """True for a token that is a Latin-letter word or name (not an option, a path or a variable), not ending a
    sentence."""
    core = token.lstrip(_OPEN)
    if not core or core[-1] in _ENDS or (core[-1] in _CLOSE and not _MAN_REF.fullmatch(core)):
        return False
    return _is_name(core) or (core.isascii() and core.isalpha())


@cache
def korean_particles() -> frozenset[str]:
    """Korean particles and copula forms that may stand apart from the word they belong to
    (data/segment/korean_particles.txt)."""
    return frozenset(read_words("segment/korean_particles.txt"))

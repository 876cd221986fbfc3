"""One short line romanised by the compiled table walker (`_line`), with the rule engine for what it cannot see.

`romanize` calls this for a one-line text, and for each line of a long one, in rr, mr, dprk or dprk-media with
names "auto": the walker writes
plain words from the boundary tables of `walker_tables` (built once per system by the engine itself) and reports the
words that need the lexicon or their neighbours (gazetteer entries, titles, names next to a title, hyphened
places), which the engine writes here, word by word and cached, and the stretches with Hanja, kana or another
script, which the engine's router writes. When the line needs the engine as a whole (several lines, a word alone
on its line, a spaced signature) the answer is None and the caller takes the engine's path. This is the one fast
path beside the engine; `_line` is a required extension, and where it is missing (a source tree not built)
`text` always answers None and romanisation is the engine's.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterable
from functools import cache
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

from mlkit import tablecache
from mlkit.korean.jamo import units
from mlkit.romanize import korean, parts, spoken
from mlkit.romanize.korean import PRONOUNCED, romanize_word

try:
    from mlkit.romanize import _line
except ImportError:  # pragma: no cover - a source tree whose extension is not built: the engine answers
    _line = None

# walker_tables' syllable sets, one bit each in this order (as the M_ constants of _line.c)
MASKS = (
    "start_single", "title_single", "surnames", "element_initials", "ln", "nr", "generic", "balp", "mr_e_after",
    "sino", "endings_l", "verb_ha", "ha_endings", "rg_nouns", "content_prefix", "particle_vowels", "long_final",
    "place", "mr_said", "mr_first_r", "mr_e",
)  # fmt: skip
_IDS = {system: i for i, system in enumerate(PRONOUNCED)}
_F_SLOW, _F_TITLE2, _F_TITLE3, _F_TITLED, _F_GAP, _F_HYPHEN, _F_DIVIDE, _F_LEXICON = 1, 2, 4, 8, 16, 32, 128, 256
_F_SAID = 1024  # MR: slow only for a syllable an older spelling may hold (_said_as_written)


def available() -> bool:
    """Whether the compiled walker is installed."""
    return _line is not None


# The systems whose tables the walker has, with their ids (the driver looks here first).
READY: dict[str, int] = {}
walk_line = _line.line if _line is not None else None


def ready(system: str) -> int:
    """`system`'s id in the walker, its tables handed over first if need be."""
    return _ready(system)


@cache
def _ready(system: str) -> int:
    """Hand `system`'s tables and masks to the walker (once); its id. They are read from the table cache when a
    process has built them from the same sources, else built here (a fifth of a second, numpy) and kept there."""
    state = _KEPT.pop(system, None) or tablecache.cached_marshal(_kept_name(system), _signature())
    if state is None:
        state = _state(system)
        tablecache.store_marshal(_kept_name(system), _signature(), state)
    _line.setup(_IDS[system], state)
    _load_engine_tables(system)
    READY[system] = _IDS[system]
    return _IDS[system]


def stored(system: str) -> bool:
    """Whether `system`'s walker tables are in the table cache, built by an earlier process from the same sources
    (then handing them over costs about a millisecond, and the driver walks from the first line). Asked once."""
    if _line is None or system not in _IDS:
        return False
    if system not in _KEPT and system not in READY and system not in _ABSENT:
        state = tablecache.cached_marshal(_kept_name(system), _signature())
        if state is None:
            _ABSENT.add(system)
        else:
            _KEPT[system] = state
    return system in _KEPT or system in READY


_KEPT: dict[str, dict] = {}  # tables read by `stored`, for `_ready` to hand over
_ABSENT: set[str] = set()


def _kept_name(system: str) -> str:
    return "walker_" + system.replace("-", "_")


@cache
def _signature() -> tuple:
    """What the walker's tables are built from, read cheaply: the versions of mlkit and Python, the size and
    modification time of the engine's modules, the Korean data, the compiled walker and regex's files (its Unicode
    tables say which characters pass through; found without importing it). Tables built from other sources are
    not read."""
    import sys

    from mlkit import __version__
    from mlkit.resources import data_root

    here = os.path.dirname(os.path.realpath(__file__))
    folders = (here, os.path.join(os.path.dirname(here), "korean"), os.path.join(data_root(), "korean"))
    files = [os.path.join(f, n) for f in folders for n in tablecache.listing(f) if not n.startswith(".")]
    files += [_line.__file__, os.path.join(os.path.dirname(here), "resources.py")]
    regex_dir = next((d for p in sys.path if os.path.isdir(d := os.path.join(p or ".", "regex"))), None)
    if regex_dir is not None:  # the package import would find first
        files += [os.path.join(regex_dir, n) for n in sorted(os.listdir(regex_dir))]
    stats = []
    for path in files:
        try:
            st = os.stat(path)
        except OSError:
            continue
        if not os.path.isdir(path):
            stats.append((os.path.basename(path), st.st_size, st.st_mtime_ns))
    return (__version__, sys.version, tuple(stats))


def _state(system: str) -> dict:
    """`system`'s tables and masks as the walker takes them, built by the engine."""
    from mlkit.korean import names
    from mlkit.korean.jamo import NG, V_YEO, F, R
    from mlkit.romanize import tables, walker_tables
    from mlkit.romanize.pronounce import G, H

    assert (G, NG, R, H, V_YEO, F["ㄴ"], F["ㄹ"], F["ㄺ"], F["ㅅ"], F["ㅆ"], F["ㅎ"]) == (
        0, 11, 5, 18, 6, 4, 8, 9, 19, 20, 27,
    ), "jamo indices differ from those compiled into _line.c"  # fmt: skip
    lex = walker_tables._lexicon(system)

    def syllable(ch: str) -> int:
        return ord(ch) - walker_tables._SBASE

    state = {
        "rr": system == "rr",
        "mr": system == "mr",
        "dprk": system in ("dprk", "dprk-media"),
        "empty": walker_tables._EMPTY,
        "start": walker_tables._START,
        "vowel": walker_tables._VOWEL,
        "final": walker_tables._FINAL,
        "bound": walker_tables._BOUND,
        "ha": syllable("하"),
        "han": syllable("한"),
        "i": syllable("이"),
        "man": syllable("만"),
        "title_at_max": parts.title_at_max(),
        "title_tails": parts.title_tails(),  # parts.generic_place_shape
        "word_tails": parts.word_tails(),
        "inner_words": tables.inner_element_words(),  # korean.inside_word
        **_pieces(walker_tables._table(system).packed),
        "start_pairs": _filter([*lex.exact, *lex.prefixes]),
        "title_pairs": _filter(names.titles()),
        "division_pairs": _filter(tables.division_words()),
        "masks": _masks(lex),
        "y_vowels": lex.y_vowels.tobytes(),
        "plain_codas": lex.plain_codas.tobytes(),
        "char_kinds": walker_tables._char_kinds().tobytes(),
        "exact": lex.exact,
        "prefixes": lex.prefixes,
        "prefix_lengths": lex.prefix_lengths,
        "titles": frozenset(names.titles()),
        "title_lengths": tuple(sorted({len(t) for t in names.titles()})),
        "endings": tuple(tuple(map(syllable, g)) for g in walker_tables.lexicon_endings()),
        "n_insertion": tuple((syl, lo, hi, codas.tobytes()) for syl, lo, hi, codas in lex.n_insertion),
        "content": tuple((syl, 0, 0, excluded.tobytes()) for syl, excluded in lex.content),
    }
    return state


_PAIR_BITS = 18  # as _line.c's PAIR_BITS: filters of 32 KB, which stay in the cache


def _filter(words: Iterable[str]) -> bytes:
    """A filter of the first two syllables of `words`, smaller, eight slots a byte."""
    import numpy as np

    from mlkit.romanize import walker_tables

    return np.packbits(walker_tables._pairs(words, _PAIR_BITS), bitorder="little").tobytes()


def _pieces(packed: np.ndarray) -> dict[str, bytes]:
    """The piece table as distinct pieces, the piece of each slot, and the plain boundaries' pieces in a dense row."""
    import numpy as np

    from mlkit.romanize import walker_tables

    uniq, slot = np.unique(packed, return_inverse=True)
    if len(uniq) >= 1 << 16:
        raise ValueError(f"{len(uniq)} distinct pieces do not fit 16 bits")
    slot = slot.astype(np.uint16)
    keys = np.arange(28 * 399)
    plain = slot[walker_tables._BOUND + keys * walker_tables._VARIANTS * 2]  # variant 0, no generic after
    return {"packed": uniq.tobytes(), "slot": slot.tobytes(), "plain": plain.tobytes()}


def _masks(lex: object) -> bytes:
    """The syllable sets as one 32-bit word per syllable, bit i for MASKS[i] (and the last syllables of the
    long generics, which are checked only after one of them)."""
    import numpy as np

    from mlkit.romanize import walker_tables

    finals = walker_tables._mask(g[-1] for g in walker_tables.lexicon_endings())
    sets = {**lex.syllable_sets, "long_final": finals}  # type: ignore[attr-defined]
    bits = np.zeros(len(sets["sino"]), dtype=np.uint32)
    for i, name in enumerate(MASKS):
        mask = getattr(lex, name) if hasattr(lex, name) else sets[name]
        bits |= mask.astype(np.uint32) << np.uint32(i)
    return bits.astype("<u4").tobytes()


def warm(system: str) -> None:
    """Build `system`'s tables and hand them to the walker now (a benchmark's set-up, a server's start)."""
    if _line is not None and system in _IDS:
        _ready(system)


def _load_engine_tables(system: str) -> None:
    """Load the word lists the engine reads on the words the walker reports (`system`'s letters, given-name
    syllables, places, towns, numerals, Hanja readings) and the router's tokenizer, about 6 ms: else the first
    lines that need them pay for them (a sixth or more of a first pass over 3,000 lines of news)."""
    from mlkit.romanize import context, tables

    tables.letters(system)
    context.tokens()  # (the router's tokenizer, for Hanja and other scripts in a line)
    for name in _ENGINE_TABLES:
        for value in vars(importlib.import_module(name)).values():
            if _table_loader(value, name):
                value()


# Modules of the engine's word lists: each list is read by a cached function without parameters.
_ENGINE_TABLES = (
    "mlkit.korean.hanja",
    "mlkit.korean.names",
    "mlkit.korean.readings",
    "mlkit.romanize.tables",
    "mlkit.romanize.context",
)


def _table_loader(value: object, module: str) -> bool:
    """Whether `value` is a cached function of `module` that takes no parameters (a table loader)."""
    code = getattr(getattr(value, "__wrapped__", None), "__code__", None)
    return (
        hasattr(value, "cache_info")
        and getattr(value, "__module__", None) == module
        and code is not None
        and code.co_argcount == code.co_kwonlyargcount == 0
    )


def text(line: str, system: str, keep_diacritics: bool = False, lang: str | None = None) -> str | None:
    """The romanisation of one line (names "auto"), or None when the line needs the engine as a whole."""
    if _line is None:
        return None
    got = _line.line(_ready(system), line)
    if got is None or got.__class__ is str:
        return got
    return resolve(line, system, got, keep_diacritics, lang)


def _word(system: str, word: str, flags: int, table: str) -> str:
    """One reported word: the engine's letters where its own tests say they differ from the table's.

    The walker reports a word on a hint (a lexicon entry starts it, a listed word inside it, a possible title, a
    title next to it); the engine's own functions then decide: `parts.name_evidence` whether it is a name,
    `parts.divide` whether it is divided, `parts.analyse` and the pronunciation exceptions whether the word is
    anything but one plain word. A word the engine reads as a plain word keeps the table's letters (capitalised
    where the engine capitalises it), which are the engine's.
    """
    near = bool(flags & _F_TITLED)  # the walker found the title (context.before_title / after_title)
    key = (system, word, near)
    hit = _WORDS.get(key)
    if hit is None:
        hit = _word_text(system, word, near, flags, table)
        if len(_WORDS) >= _WORDS_MAX:  # bounded: a long stream of distinct words must not grow it
            _WORDS.clear()
        _WORDS[key] = hit
    return hit


# The words decided below, by (system, word, next to a title): what a word becomes depends on nothing else.
_WORDS: dict[tuple[str, str, bool], str] = {}
_WORDS_MAX = 50_000


def _word_text(system: str, word: str, near: bool, flags: int, table: str) -> str:
    """`_word` without its memo."""
    if near and parts.name_evidence(word, False, True)[0]:
        return romanize_word(word, system, False, True).text
    if flags & _F_SLOW and not (flags & _F_SAID and _said_as_written(word)):
        return romanize_word(word, system, False, near).text
    if flags & _F_LEXICON:
        plain = _plain(word, system, near, table)
        return romanize_word(word, system, False, near).text if plain is None else plain
    if flags & (_F_TITLE2 | _F_TITLE3) and parts.name_evidence(word)[0]:
        return romanize_word(word, system, False, near).text
    if flags & _F_DIVIDE and len(parts.divide(word, tails=system == "mr")) > 1:
        return romanize_word(word, system, False, near).text
    return table


def _said_as_written(word: str) -> bool:
    """MR: whether no older-spelling rule reads `word` otherwise (슈퍼, 라디오, 셔츠 keep their letters), so the
    walker's word is decided as any other: the engine's own tests (spoken.as_said, spoken.as_today)."""
    jamo = [u[2] for u in units(word)]
    return not spoken.as_said(jamo)[1] and not spoken.as_today(jamo)[1]


def _plain(word: str, system: str, near: bool, table: str) -> str | None:
    """The table's letters if the engine reads `word` as one plain word spelled as it is said, else None."""
    if system == "dprk-media" and word.startswith("평양"):
        return None  # the media's Pyongyang inside a word (korean._media), which the table does not write
    found = parts.analyse(word, system, False, near)
    if len(found) != 1 or found[0].kind != "word" or found[0].sep:
        return None  # a name, a conventional spelling, an admin suffix, a divided compound
    spelled = [u[2] for u in units(word)]
    said, tense, changed = korean._lexical(word, spelled)
    if tense or changed or said != spelled:
        return None  # a pronunciation exception or a letter's name
    capital = table[:1].isupper()
    if found[0].capital == capital:
        return table
    return table[:1].upper() + table[1:] if found[0].capital else None


def _driver() -> ModuleType:
    """The package's driver module (mlkit.romanize imports this one, so it is looked up when needed)."""
    return importlib.import_module("mlkit.romanize")


def resolve(line: str, system: str, got: list, keep_diacritics: bool, lang: str | None) -> str:
    """Join the walker's strings with the words and stretches it reported, written as the engine's driver does."""
    out = []
    held = None
    for n, item in enumerate(got):
        if item.__class__ is str:
            out.append(item)
            continue
        start, end, flags, table = item
        if flags & _F_GAP:  # Hanja, kana, another script: the engine's router
            driver = _driver()
            run_lang = driver.hanja_lang(lang, any("\uac00" <= ch <= "\ud7a3" for ch in line))
            out.append(driver._other_run(line[start:end], 0, system, keep_diacritics, run_lang, []))
            continue
        if held is not None:  # the generic after a hyphened place
            out.append(held)
            held = None
            continue
        word = line[start:end]
        if flags & _F_HYPHEN:
            tail = got[n + 2]
            generic = line[tail[0] : tail[1]]
            halves = _driver()._hyphened_place(word, generic, system, line.strip() == f"{word}-{generic}", "auto")
            if halves is not None:
                out.append(halves[0].text)
                held = halves[1].text
                continue
        out.append(_word(system, word, flags, table))
    return "".join(out)

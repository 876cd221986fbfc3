"""Deciding among closely related languages (Malay/Indonesian, Spanish/Portuguese/Italian/…, Dutch/German,
Russian/Ukrainian/Bulgarian/Macedonian/Serbian/Belarusian, Danish/Bokmål, Czech/Slovak, Croatian/Bosnian) for a
whole passage, where the word-level HMM's frequency lists cannot tell them apart.

A multinomial naive Bayes over hashed features (word unigrams and character 1–5-grams of `<word>`) per group
of related languages; the weights, centred per bucket and quantised to int8, are in
`data/segment/relatives.npz` (numbers only, written by tools/train_relatives.py). A passage is relabelled only
when the model prefers another language of its group by more than the group's log-odds threshold.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cache
from operator import add
from typing import TYPE_CHECKING, Any

import regex

from mlkit.resources import data_path
from mlkit.segment import native
from mlkit.segment.lexicon import list_log_probs, log_probs, scorer  # noqa: F401 (the scores a group weighs)
from mlkit.segment.passages import Passage, group_passages
from mlkit.segment.runs import Run

if TYPE_CHECKING:  # numpy is imported where it is used: a text without relatives never loads it
    import numpy as np

MODEL_FILE = "segment/relatives.npz"
WORD = regex.compile(r"\p{L}[\p{L}\p{M}]*(?:['’][\p{L}\p{M}]+)*")
MAX_NGRAM = 5
MAX_CHARS = 2000  # a passage longer than this is judged on its first MAX_CHARS characters: plenty of evidence


@dataclass(frozen=True, slots=True, eq=False)
class Group:
    """Related languages and their weights: `weights[k, bucket]` is the (centred) log-probability of a hashed
    feature under `langs[k]`, times `scale`. Compared and hashed by identity (it holds arrays)."""

    langs: tuple[str, ...]
    weights: Any  # int8, one row of buckets per language (a numpy array, or a 2-D memoryview from the table cache)
    scale: float
    threshold: float
    lexicon_weight: float = 0.0  # how much the word lists' log-probabilities (lexicon.list_log_probs) add
    bias: tuple[float, ...] = ()  # log prior odds per language, added once per text (none: even)
    min_words: int = 1  # shorter texts keep their label (the word HMM knows single words better)
    lexicon_letters: bool = True  # words no list knows score by letter n-grams in the lexicon term too (costly)
    memo: _Memo = field(default_factory=lambda: _Memo(), repr=False)

    @property
    def buckets(self) -> int:
        """Number of hash buckets the group's features fall into."""
        return int(self.weights.shape[1])


class _Memo:
    """What a group keeps of the words it has seen: the compiled core's Summer, made on first use."""

    def __init__(self) -> None:
        self.summer: Any = None


@dataclass(frozen=True, slots=True)
class Model:
    """All groups of related languages; `detector`: the main language against every other Latin-script one,
    for words no word list knows (see mlkit/segment/strays.py)."""

    groups: tuple[Group, ...]
    detector: Group | None = None

    def group_of(self, lang: str) -> Group | None:
        """The group `lang` belongs to, if any."""
        for g in self.groups:
            if lang in g.langs:
                return g
        return None


def words(text: str) -> list[str]:
    """Lower-cased words of a text."""
    return WORD.findall(text[:MAX_CHARS].lower())


def word_buckets(words_: list[str], buckets: int) -> np.ndarray:
    """Hash buckets of the features of some lower-cased words, with repeats (the multinomial counts): each
    word itself (CRC-32) and the character 1–5-grams of `<word>` (a polynomial hash over code points, computed
    for all words at once). Both are the same on every run and machine."""
    return _features(words_, buckets)[0]


def _features(words_: list[str], buckets: int) -> tuple[np.ndarray, np.ndarray]:
    """Feature buckets of the words (see word_buckets) and, for each, the index of its word; hashed by the
    compiled core."""
    import numpy as np

    idx, owner = native.core.features(words_, buckets)
    return np.frombuffer(idx, dtype=np.int64), np.frombuffer(owner, dtype=np.int64)


def text_buckets(text: str, buckets: int) -> np.ndarray:
    """All feature buckets of a text, with repeats."""
    return word_buckets(words(text), buckets)


MEMO_WORDS = 1 << 15  # words whose scores a group remembers (then it starts afresh)


def _rows(group: Group, new: list[str]) -> list[tuple[float, ...]]:
    """Per-language log-likelihoods of some words, one row each, computed all at once: the int8 weights of each
    word's features summed per language by the core (integer sums: exact), times the group's scale, plus the
    word lists' log-probabilities times its lexicon weight."""
    weight = group.lexicon_weight
    return native.core.word_rows(new, group.weights, len(group.langs), group.scale, weight,
                                 scorer(group.langs) if weight else None, group.lexicon_letters)


def _summer(group: Group) -> Any:
    """The group's word summer in the compiled core: it finds the words of a text (`words`), scores the new ones
    all at once (`_rows`), remembers their rows (MEMO_WORDS at most, then it starts afresh) and sums them."""
    if group.memo.summer is None:
        group.memo.summer = native.core.Summer(native.char_table(), len(group.langs),
                                               lambda new: _rows(group, new), MEMO_WORDS)
    return group.memo.summer


def _sums(group: Group, text: str) -> tuple[int, tuple[float, ...]]:
    """Number of words of `text` and the sums of their rows plus the group's prior (zeros without words)."""
    n, sums = _summer(group).sums(text[:MAX_CHARS].lower())
    if sums is None:
        sums = (0.0,) * len(group.langs)
    if group.bias:
        sums = tuple(map(add, sums, group.bias))
    return n, sums


def scores(group: Group, text: str) -> tuple[float, ...]:
    """Log-likelihood of `text` under each language of `group` (up to a shared constant): the hashed-feature
    model's, plus the word lists' times the group's lexicon weight, plus the group's prior."""
    return _sums(group, text)[1]


def decide(text: str, lang: str, model: Model | None = None) -> str:
    """The language of `text` among `lang`'s relatives: `lang` itself unless another relative is likelier by
    more than the group threshold (log-odds)."""
    model = model or load_model()
    if model is None:
        return lang
    group = model.group_of(lang)
    if group is None:
        return lang
    n, s = _sums(group, text)
    if n < group.min_words:
        return lang
    best = max(range(len(s)), key=s.__getitem__)  # the first best, as numpy's argmax
    if group.langs[best] != lang and s[best] - s[group.langs.index(lang)] > group.threshold:
        return group.langs[best]
    return lang


def _group(arrays: dict[str, Any], key: str) -> Group:
    lexicon_weight = float(arrays[f"lexicon_weight_{key}"]) if f"lexicon_weight_{key}" in arrays else 0.0
    bias = tuple(float(x) for x in arrays[f"bias_{key}"]) if f"bias_{key}" in arrays else ()
    min_words = int(arrays[f"min_words_{key}"]) if f"min_words_{key}" in arrays else 1
    letters = bool(arrays[f"lexicon_letters_{key}"]) if f"lexicon_letters_{key}" in arrays else True
    weights = arrays[f"weights_{key}"]
    if isinstance(weights, tuple):  # (int8 bytes, shape), as the table cache keeps them
        weights = memoryview(weights[0]).cast("b", weights[1])
    return Group(tuple(str(x) for x in arrays[f"langs_{key}"]), weights,
                 float(arrays[f"scale_{key}"]), float(arrays[f"threshold_{key}"]), lexicon_weight, bias, min_words,
                 letters)


def model_from_arrays(arrays: dict[str, Any]) -> Model:
    """A Model from the arrays of a relatives.npz file (or their plain values, see `_plain_arrays`)."""
    groups = tuple(_group(arrays, str(i)) for i in range(int(arrays["groups"])))
    return Model(groups, _group(arrays, "detector") if "langs_detector" in arrays else None)


@cache
def load_model() -> Model | None:
    """The bundled model, loaded once (None when the file is absent: no relabelling); read from the npz file
    once and then from the table cache, as plain bytes and numbers: segmenting never imports numpy."""
    from mlkit.segment.lexicon import table_key
    from mlkit.tablecache import stored

    plain = stored("segment-relatives", table_key(), _read_model_file)
    return None if plain is None else model_from_arrays(plain)


def _read_model_file() -> dict[str, Any] | None:
    import numpy as np

    path = data_path(MODEL_FILE)
    if not path.is_file():
        return None
    with np.load(path, allow_pickle=False) as npz:
        return _plain_arrays({k: npz[k] for k in npz.files})


def _plain_arrays(arrays: dict[str, np.ndarray]) -> dict[str, Any]:
    """The model's arrays as plain values: weights as (int8 bytes, shape), the rest as numbers and strings."""
    out: dict[str, Any] = {}
    for key, a in arrays.items():
        if key.startswith("weights_"):
            if a.dtype.str != "|i1":
                raise ValueError(f"{MODEL_FILE}: {key} must be int8")
            out[key] = (a.tobytes(), tuple(int(x) for x in a.shape))
        else:
            out[key] = a.tolist()
    return out


@cache
def group_languages() -> frozenset[str]:
    """Every language of a group of relatives, read from the model once and then kept in the table cache,
    so that a text with none of them never loads numpy or the model."""
    from mlkit.segment.lexicon import table_key
    from mlkit.tablecache import stored

    def build() -> frozenset[str]:
        model = load_model()
        return frozenset(lang for g in model.groups for lang in g.langs) if model is not None else frozenset()

    return stored("segment-relative-groups", table_key(), build)


def relabel_runs(text: str, runs: list[Run], main: str, model: Model | None = None) -> list[Run]:
    """Runs with each passage in a language of a related group re-decided among that group, on the passage's
    whole text; the runs of the group inside it take the decision, so run and passage labels agree and
    neighbours split between two relatives (a paragraph half Indonesian, half Malay) become one passage."""
    return relabel(text, runs, main, model)[0]


def relabel(text: str, runs: list[Run], main: str,
            model: Model | None = None) -> tuple[list[Run], list[Passage] | None]:
    """`relabel_runs`, and the passages of the runs it returns when it had to group them anyway (else None),
    so that the caller need not group them again."""
    if model is None and group_languages().isdisjoint(r.lang for r in runs):
        return runs, None
    model = model or load_model()
    if model is None:
        return runs, None
    if not any(model.group_of(r.lang) is not None for r in runs):
        return runs, None
    kept: set[tuple[int, int, str]] = set()  # passages already decided to keep their language
    for _ in range(2):  # a second look at passages that the first relabelling merged
        passages = group_passages(text, runs, main)
        out = list(runs)
        merged = changed = False
        i = 0
        for k, p in enumerate(passages):
            group = model.group_of(p.lang)
            if group is None or (p.start, p.end, p.lang) in kept:
                continue
            new = decide(text[p.start : p.end], p.lang, model)
            if new in (p.lang, main):  # a passage never turns into the main language here
                kept.add((p.start, p.end, p.lang))
                continue
            merged = merged or any(0 <= n < len(passages) and passages[n].lang == new for n in (k - 1, k + 1))
            while i < len(out) and out[i].end <= p.start:
                i += 1
            j = i
            while j < len(out) and out[j].start < p.end:
                r = out[j]
                if r.lang in group.langs and r.lang != new:
                    out[j] = r._replace(lang=new)
                    changed = True
                j += 1
        if not changed:
            return runs, passages
        runs = out
        if not merged:
            break
    return runs, None


MAX_FRAGMENT_WORDS = 4  # a passage this short, touching a longer one in another language, ...
FRAGMENT_RATIO = 2.0  # ... at least this many times longer, on its line or paragraph, takes that language


MAX_BRIDGED_WORDS = 3  # Latin words on one line between two parts of a passage in another script
MAX_BRIDGED_CHARS = 48  # characters of such a gap


def absorb_fragments(text: str, runs: list[Run], main: str) -> list[Run]:
    """Runs with a few foreign words that touch a longer passage of another language in the same script (only
    neutral characters and at most one line break between, or a few Latin names on one line when the script is
    another) relabelled with its language: a foreign paragraph does not switch language for a word or two
    ("… un satlite y que te dejarn sorprendido.", "Фільтр Delta разом із LZMA2 …")."""
    if not _touching_foreign(text, runs, main):
        return runs
    passages = group_passages(text, runs, main)
    if len(passages) < 2:
        return runs
    by_start = sorted(runs, key=lambda r: r.start)
    starts = [r.start for r in by_start]
    sizes = [_own_words(by_start, starts, p) for p in passages]
    relabel: dict[tuple[int, int], str] = {}
    for k, p in enumerate(passages):
        if sizes[k] > MAX_FRAGMENT_WORDS:
            continue
        best: tuple[int, str] | None = None
        for n in (k - 1, k + 1):
            if not 0 <= n < len(passages):
                continue
            q = passages[n]
            if q.lang == p.lang or q.script != p.script or sizes[n] < FRAGMENT_RATIO * max(sizes[k], 1):
                continue
            if not _bridgeable(text[min(p.end, q.end) : max(p.start, q.start)], p.script):
                continue
            if best is None or sizes[n] > best[0]:
                best = (sizes[n], q.lang)
        if best is not None:
            relabel[(p.start, p.end)] = best[1]
    if not relabel:
        return runs
    out = []
    spans = sorted(relabel.items())
    k = 0
    for r in runs:
        while k < len(spans) and spans[k][0][1] <= r.start:
            k += 1
        if k < len(spans) and spans[k][0][0] <= r.start and r.end <= spans[k][0][1] and r.lang != main:
            r = r._replace(lang=spans[k][1])
        out.append(r)
    return out


def _bridgeable(gap: str, script: str) -> bool:
    """Whether two parts of a passage in `script` with `gap` between are neighbours: no letters and at most one
    line break, or, for a script other than Latin, a few Latin words on the same line (names, commands)."""
    newlines = gap.count("\n")
    if newlines > 1:
        return False
    if not _LETTER.search(gap):
        return True
    return (not newlines and script != "Latin" and len(gap) <= MAX_BRIDGED_CHARS
            and not _NON_LATIN_LETTER.search(gap) and len(_LATIN_WORD.findall(gap)) <= MAX_BRIDGED_WORDS)


_LETTER = regex.compile(r"\p{L}")
_LATIN_WORD = regex.compile(r"[A-Za-z]+")
_NON_LATIN_LETTER = regex.compile(r"[\p{L}--[A-Za-z]]", regex.V1)


def _touching_foreign(text: str, runs: list[Run], main: str) -> bool:
    """True when two foreign runs, next to each other but for main-language runs, are in different languages of
    one script and bridgeable (the only case absorb_fragments changes; checked first, as it is rare)."""
    foreign = [r for r in runs if r.lang != main]
    for a, b in zip(foreign, foreign[1:]):  # noqa: B905 (pairs of neighbours)
        if a.lang != b.lang and a.script == b.script and _bridgeable(text[a.end : b.start], a.script):
            return True
    return False


def _own_words(runs: list[Run], starts: list[int], p: Passage) -> int:
    """Words of a passage's own language inside it (`runs` sorted by start, `starts` theirs): only the runs
    that start inside the passage are looked at, so all passages together cost one pass over the runs."""
    total = 0
    for i in range(bisect_left(starts, p.start), bisect_left(starts, p.end)):
        r = runs[i]
        if r.end <= p.end and r.lang == p.lang:
            total += r.words
    return total

"""Mixed-language test documents and a passage-level scorer for segmentation.

English paragraphs from lingua-testdata get words, phrases, lines and paragraphs of 19 other languages spliced
in; each insertion is recorded as a gold span (code-point offsets, ISO 639-1 code, kind). The scorer matches
predicted passages to gold spans one-to-one (greedy by IoU >= 0.5) and reports F1 overall, by insertion kind,
by language, ignoring the language label, and the commonest mistakes.

    python bench/mixdocs.py --split dev --errors 40     # mlkit's mistakes, with their text
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
LINGUA_DATA = SHARED_DATA / "lingua-testdata"
HOST = "en"
FOREIGN = ("ar", "de", "es", "fr", "id", "it", "ja", "ko", "ms", "nl",
           "pl", "pt", "ru", "th", "tl", "tr", "uk", "vi", "zh")
LANGUAGES = (HOST, *FOREIGN)
KINDS = ("word", "phrase", "line", "paragraph")
KIND_FILES = {"word": "single-words", "phrase": "word-pairs", "line": "sentences", "paragraph": "sentences"}
LAYOUTS = ("prose", "lines")  # prose: a paragraph is one line; lines: one sentence per line
MIN_IOU = 0.5
# Much of lingua-testdata's Malay file is Indonesian web text (Kaskus slang: "gan", "udah", "aja"), so scores
# are also given with the two counted as one language, to show how much of the loss is that label noise.
MS_AS_ID = {"ms": "id"}
# How an inline insertion is wrapped, with its weight; most stand bare, like real embedded words.
WRAPS = ((("", ""), 0.75), (("“", "”"), 0.1), (('"', '"'), 0.05), (("(", ")"), 0.1))


# -- the generator ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GoldSpan:
    """An inserted stretch: code-point offsets into the document text, its language and insertion kind."""

    start: int
    end: int
    lang: str
    kind: str


@dataclass(frozen=True, slots=True)
class MixDoc:
    """A mixed document built by `make_doc` and its gold spans (in text order)."""

    id: str
    text: str
    gold: tuple[GoldSpan, ...]
    layout: str


class MissingDataError(RuntimeError):
    """The shared lingua-testdata folder is not where the benchmark expects it."""


def data_available() -> bool:
    """True when ../shared/data/lingua-testdata is present (it lives beside the project, not in it)."""
    return (LINGUA_DATA / "sentences" / "en.txt").is_file()


@cache
def pool(folder: str, lang: str, split: str) -> tuple[str, ...]:
    """Usable lines of one lingua-testdata file: the first half for `dev`, the second half for `test`."""
    if split not in ("dev", "test"):
        raise ValueError(f"split must be 'dev' or 'test', not {split!r}")
    path = LINGUA_DATA / folder / f"{lang}.txt"
    if not path.is_file():
        raise MissingDataError(f"{path} is absent: put lingua-testdata under {SHARED_DATA}")
    # split on LF only: a stray U+2028 inside a sentence is part of the sentence, not a line break
    lines = path.read_text(encoding="utf-8").split("\n")
    lines = [s for line in lines if (s := " ".join(line.split())) and any(c.isalpha() for c in s)]
    half = len(lines) // 2
    return tuple(lines[:half] if split == "dev" else lines[half:])


@dataclass(slots=True)
class _Unit:
    """A sentence-sized piece of a document being built, with gold spans relative to its text."""

    text: str
    gold: list[GoldSpan] = field(default_factory=list)
    own_line: bool = False  # a foreign sentence inserted as a line of its own


def _wrap(rng: random.Random) -> tuple[str, str]:
    pairs, weights = zip(*WRAPS, strict=True)
    return rng.choices(pairs, weights)[0]


def _splice(rng: random.Random, unit: _Unit, insert: str, lang: str, kind: str) -> None:
    """Put `insert` between two words inside the sentence (never first or last), maybe quoted."""
    words = unit.text.split(" ")
    at = rng.randint(1, max(1, len(words) - 1))
    opening, closing = _wrap(rng)
    head = " ".join(words[:at])
    start = len(head) + 1 + len(opening)
    unit.text = " ".join([*words[:at], f"{opening}{insert}{closing}", *words[at:]])
    unit.gold.append(GoldSpan(start, start + len(insert), lang, kind))


def make_doc(rng: random.Random, split: str, doc_id: str, insertions: tuple[int, int] = (3, 6),
             paragraphs: tuple[int, int] = (3, 6), sentences: tuple[int, int] = (3, 6),
             layout: str | None = None) -> MixDoc:
    """One mixed document: English paragraphs with `insertions` foreign pieces of random kind and language."""
    layout = layout or rng.choice(LAYOUTS)
    kinds = [rng.choice(KINDS) for _ in range(rng.randint(*insertions))]
    n_par = max(rng.randint(*paragraphs), kinds.count("paragraph"))
    english = pool("sentences", HOST, split)
    body = [[_Unit(t) for t in rng.sample(english, rng.randint(*sentences))] for _ in range(n_par)]
    # Each insertion gets its own slot, so two insertions are never adjacent and never merge into one passage.
    inline_slots = [(p, s) for p, par in enumerate(body) for s in range(len(par))]
    line_slots = [(p, s) for p, par in enumerate(body) for s in range(1, len(par))]
    par_slots = list(range(1, n_par + 1))  # before paragraph p (p == n_par: at the end)
    rng.shuffle(inline_slots)
    rng.shuffle(line_slots)
    rng.shuffle(par_slots)
    lines_after: dict[tuple[int, int], _Unit] = {}
    paragraphs_before: dict[int, list[_Unit]] = {}
    for kind in kinds:
        lang = rng.choice(FOREIGN)
        if kind in ("word", "phrase"):
            if not inline_slots:
                continue
            p, s = inline_slots.pop()
            _splice(rng, body[p][s], rng.choice(pool(KIND_FILES[kind], lang, split)), lang, kind)
        elif kind == "line":
            if not line_slots:
                continue
            p, s = line_slots.pop()
            sentence = rng.choice(pool("sentences", lang, split))
            lines_after[(p, s)] = _Unit(sentence, [GoldSpan(0, len(sentence), lang, kind)], own_line=True)
        else:
            if not par_slots:
                continue
            count = rng.randint(2, 4)
            units = [_Unit(t) for t in rng.sample(pool("sentences", lang, split), count)]
            paragraphs_before[par_slots.pop()] = units
            units[0].gold.append(GoldSpan(0, -1, lang, kind))  # end is fixed once the paragraph is laid out
    ordered = _ordered(body, paragraphs_before, lines_after, line_first=True)
    text, gold = _lay_out(ordered, layout)
    return MixDoc(doc_id, text, tuple(gold), layout)


def _ordered(
    body: list[list[_Unit]],
    paragraphs_before: dict[int, list[_Unit]],
    lines: dict[tuple[int, int], _Unit],
    line_first: bool,
) -> list[list[_Unit]]:
    """The paragraphs with the inserted ones before their slot (or at the end) and each inserted line beside its
    sentence: before it when `line_first`, else after it."""
    ordered: list[list[_Unit]] = []
    for p, par in enumerate(body):
        if p in paragraphs_before:
            ordered.append(paragraphs_before[p])
        units: list[_Unit] = []
        for s, unit in enumerate(par):
            line = lines.get((p, s))
            if line is not None and line_first:
                units.append(line)
            units.append(unit)
            if line is not None and not line_first:
                units.append(line)
        ordered.append(units)
    if len(body) in paragraphs_before:
        ordered.append(paragraphs_before[len(body)])
    return ordered


def _lay_out(paragraphs: list[list[_Unit]], layout: str) -> tuple[str, list[GoldSpan]]:
    """Join units into text: sentences by a space (prose) or a newline (lines), paragraphs by a blank line."""
    parts: list[str] = []
    gold: list[GoldSpan] = []
    pos = 0
    for p, units in enumerate(paragraphs):
        if p:
            parts.append("\n\n")
            pos += 2
        par_start = pos
        whole: GoldSpan | None = None
        for i, unit in enumerate(units):
            if i:
                sep = "\n" if layout == "lines" or unit.own_line or units[i - 1].own_line else " "
                parts.append(sep)
                pos += len(sep)
            for g in unit.gold:
                if g.end < 0:
                    whole = g
                else:
                    gold.append(GoldSpan(pos + g.start, pos + g.end, g.lang, g.kind))
            parts.append(unit.text)
            pos += len(unit.text)
        if whole is not None:
            gold.append(GoldSpan(par_start, pos, whole.lang, whole.kind))
    parts.append("\n")
    gold.sort(key=lambda g: g.start)
    return "".join(parts), gold


def generate(n: int = 300, split: str = "dev", seed: int = 0, **options: object) -> list[MixDoc]:
    """`n` mixed documents, identical for identical (n, split, seed, options); dev and test use different
    halves of every file."""
    rng = random.Random(f"mixdocs/{split}/{seed}")
    return [make_doc(rng, split, f"{split}-{seed}-{i:04d}", **options) for i in range(n)]  # type: ignore[arg-type]


# -- the scorer -------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Pred:
    """A predicted foreign passage."""

    start: int
    end: int
    lang: str
    confidence: float = 1.0


def iou(a: GoldSpan | Pred, b: GoldSpan | Pred) -> float:
    """Intersection over union of two character ranges."""
    inter = min(a.end, b.end) - max(a.start, b.start)
    if inter <= 0:
        return 0.0
    return inter / (max(a.end, b.end) - min(a.start, b.start))


def match(gold: Sequence[GoldSpan], preds: Sequence[Pred], *, same_lang: bool = True,
          min_iou: float = MIN_IOU, aliases: Mapping[str, str] | None = None) -> list[tuple[int, int, float]]:
    """One-to-one matches (gold index, pred index, IoU): pairs with IoU >= `min_iou` (and equal language
    when `same_lang`, after mapping codes through `aliases`), taken greedily from the highest IoU down."""
    aliases = aliases or {}
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(preds):
            if p.end <= g.start or p.start >= g.end:
                continue
            if same_lang and aliases.get(p.lang, p.lang) != aliases.get(g.lang, g.lang):
                continue
            v = iou(g, p)
            if v >= min_iou:
                pairs.append((v, gi, pi))
    pairs.sort(key=lambda t: (-t[0], t[1], t[2]))
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for v, gi, pi in pairs:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gi, pi, v))
    return out


@dataclass(slots=True)
class PRF:
    """True positives, gold count and predicted count, with precision, recall and F1 derived."""

    tp: int = 0
    gold: int = 0
    pred: int = 0

    @property
    def precision(self) -> float:
        return self.tp / self.pred if self.pred else (1.0 if not self.gold else 0.0)

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True, slots=True)
class Error:
    """One mistake: a gold span that is a `miss`, `boundary` (found in its language but IoU < 0.5) or
    `wrong-lang`; or a prediction that is a `false-positive` (overlaps no gold span) or a `fragment` (an extra
    piece of a gold span matched by another prediction)."""

    type: str
    doc_id: str
    gold: GoldSpan | None
    pred: Pred | None
    context: str  # the gold span (or, for a false positive, the prediction) marked ⟦…⟧ in its surroundings
    pred_text: str = ""


@dataclass(slots=True)
class Report:
    """Scores of one method on a set of documents."""

    overall: PRF = field(default_factory=PRF)
    detection: PRF = field(default_factory=PRF)
    ms_as_id: PRF = field(default_factory=PRF)  # Malay and Indonesian counted as one language
    by_kind: dict[str, PRF] = field(default_factory=dict)
    by_lang: dict[str, PRF] = field(default_factory=dict)
    by_layout: dict[str, PRF] = field(default_factory=dict)
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    errors: list[Error] = field(default_factory=list)


def _context(text: str, start: int, end: int, width: int = 40) -> str:
    left = text[max(0, start - width) : start]
    right = text[end : end + width]
    return f"{left}⟦{text[start:end]}⟧{right}".replace("\n", "⏎")


def _kind_of_pred(gold: Sequence[GoldSpan], p: Pred) -> str:
    """The insertion kind a prediction is charged to: that of the gold span it overlaps most, else 'none'."""
    best, kind = 0, "none"
    for g in gold:
        inter = min(g.end, p.end) - max(g.start, p.start)
        if inter > best:
            best, kind = inter, g.kind
    return kind


def score(docs: Sequence[MixDoc], predictions: Sequence[Sequence[Pred]]) -> Report:
    """Passage-level scores of predictions (one list per document) against the documents' gold spans.

    By kind, recall counts gold spans of that kind and precision charges each prediction to the kind of the
    gold span it overlaps most ('none' for predictions overlapping no gold span). By language, precision
    counts predictions by their predicted label."""
    rep = Report()
    rep.by_kind = {k: PRF() for k in (*KINDS, "none")}
    for doc, preds in zip(docs, predictions, strict=True):
        gold = doc.gold
        matched = match(gold, preds)
        detected = match(gold, preds, same_lang=False)
        merged = match(gold, preds, aliases=MS_AS_ID)
        rep.ms_as_id.tp += len(merged)
        rep.ms_as_id.gold += len(gold)
        rep.ms_as_id.pred += len(preds)
        rep.overall.tp += len(matched)
        rep.overall.gold += len(gold)
        rep.overall.pred += len(preds)
        rep.detection.tp += len(detected)
        rep.detection.gold += len(gold)
        rep.detection.pred += len(preds)
        layout = rep.by_layout.setdefault(doc.layout, PRF())
        layout.tp += len(matched)
        layout.gold += len(gold)
        layout.pred += len(preds)
        gold_hit = {gi for gi, _, _ in matched}
        pred_hit = {pi for _, pi, _ in matched}
        for g in gold:
            rep.by_kind[g.kind].gold += 1
            rep.by_lang.setdefault(g.lang, PRF()).gold += 1
        for gi, _, _ in matched:
            rep.by_kind[gold[gi].kind].tp += 1
            rep.by_lang[gold[gi].lang].tp += 1
        for p in preds:
            rep.by_kind[_kind_of_pred(gold, p)].pred += 1
            rep.by_lang.setdefault(p.lang, PRF()).pred += 1
        _collect_errors(rep, doc, preds, gold_hit, pred_hit, dict((gi, pi) for gi, pi, _ in detected))
    if not rep.by_kind["none"].pred:
        del rep.by_kind["none"]
    return rep


def _collect_errors(rep: Report, doc: MixDoc, preds: Sequence[Pred], gold_hit: set[int], pred_hit: set[int],
                    detected: dict[int, int]) -> None:
    """Classify each unmatched gold span, and each prediction neither matched nor blamed for one of those."""
    explained: set[int] = set(pred_hit)
    for gi, g in enumerate(doc.gold):
        if gi in gold_hit:
            continue
        overlapping = [(iou(g, p), pi) for pi, p in enumerate(preds) if iou(g, p) > 0]
        if gi in detected and preds[detected[gi]].lang != g.lang:
            pi = detected[gi]
            kind, label = "wrong-lang", preds[pi].lang
        elif any(preds[pi].lang == g.lang for _, pi in overlapping):
            pi = max((v, pi) for v, pi in overlapping if preds[pi].lang == g.lang)[1]
            kind, label = "boundary", preds[pi].lang
        elif overlapping:
            pi = max(overlapping)[1]
            kind, label = "wrong-lang", preds[pi].lang
        else:
            pi, kind, label = -1, "miss", "-"
        explained.update(pi2 for _, pi2 in overlapping)
        pred = preds[pi] if pi >= 0 else None
        rep.confusion[(g.lang, "boundary" if kind == "boundary" else label)] += 1
        pred_text = doc.text[pred.start : pred.end] if pred else ""
        rep.errors.append(Error(kind, doc.id, g, pred, _context(doc.text, g.start, g.end), pred_text))
    for pi, p in enumerate(preds):
        if pi in explained:
            continue
        touched = [g for g in doc.gold if iou(g, p) > 0]
        kind = "fragment" if touched else "false-positive"
        rep.confusion[(touched[0].lang, "fragment") if touched else ("-", p.lang)] += 1
        rep.errors.append(Error(kind, doc.id, touched[0] if touched else None, p,
                                _context(doc.text, p.start, p.end)))


# -- predictions --------------------------------------------------------------------------------------------


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """A range without surrounding white space, so that IoU judges what a method found, not its padding."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def mlkit_predict(text: str) -> list[Pred]:
    """mlkit's foreign passages (kind 'passage', language other than English)."""
    from mlkit import segment

    doc = segment(text)
    return [Pred(s.start, s.end, s.lang, s.confidence) for s in doc.passages() if s.lang != HOST]


def to_document(doc: MixDoc):  # type: ignore[no-untyped-def]
    """The mixed document as an mlkit Document, its gold spans in `meta["gold"]` (not as spans, which are
    what a segmenter adds), so `mlkit segment` can read the JSONL."""
    from mlkit import Document

    gold = [{"start": g.start, "end": g.end, "lang": g.lang, "kind": g.kind} for g in doc.gold]
    return Document(doc.text, id=doc.id, meta={"layout": doc.layout, "gold": gold})


def predict_all(method: Callable[[str], list[Pred]], docs: Iterable[MixDoc]) -> list[list[Pred]]:
    """Run a method over every document."""
    return [method(d.text) for d in docs]


# -- printing -----------------------------------------------------------------------------------------------


def format_report(rep: Report, title: str = "", top: int = 15) -> str:
    """A plain-text summary: overall, detection, by kind, by language, commonest confusions."""
    out = []
    if title:
        out.append(title)
    o, d = rep.overall, rep.detection
    out.append(f"  passages  P {o.precision:.3f}  R {o.recall:.3f}  F1 {o.f1:.3f}"
               f"  (gold {o.gold}, predicted {o.pred})")
    out.append(f"  detection P {d.precision:.3f}  R {d.recall:.3f}  F1 {d.f1:.3f}  (language ignored)")
    m = rep.ms_as_id
    out.append(f"  ms = id   P {m.precision:.3f}  R {m.recall:.3f}  F1 {m.f1:.3f}  (Malay and Indonesian as one)")
    out.append("  by kind:      " + "  ".join(f"{k} {v.f1:.2f} (R {v.recall:.2f}, n={v.gold})"
                                             for k, v in rep.by_kind.items() if k != "none"))
    if "none" in rep.by_kind:
        out.append(f"                predictions overlapping no gold span: {rep.by_kind['none'].pred}")
    out.append("  by layout:    " + "  ".join(f"{k} {v.f1:.2f} (n={v.gold})" for k, v in sorted(rep.by_layout.items())))
    out.append("  by language:  " + "  ".join(f"{k} {v.f1:.2f}" for k, v in sorted(rep.by_lang.items())
                                             if v.gold))
    stray = {k: v.pred for k, v in rep.by_lang.items() if not v.gold}
    if stray:
        out.append("  labels with no gold span: " + ", ".join(f"{k} ×{n}" for k, n in sorted(stray.items())))
    out.append("  commonest mistakes (gold → predicted; '-' none; 'boundary': right language, IoU < 0.5;"
               " 'fragment': extra piece of a found span):")
    out.append("    " + ", ".join(f"{g}→{p} {n}" for (g, p), n in rep.confusion.most_common(top)))
    return "\n".join(out)


def worst_errors(rep: Report, n: int = 40, seed: int = 0) -> list[Error]:
    """`n` examples of mistakes, shared among the error types in proportion to their frequency (at least one
    each), picked at random with a fixed seed so they are representative rather than the longest."""
    by_type: dict[str, list[Error]] = {}
    for e in rep.errors:
        by_type.setdefault(e.type, []).append(e)
    total = len(rep.errors) or 1
    rng = random.Random(seed)
    out: list[Error] = []
    for _, errs in sorted(by_type.items(), key=lambda kv: -len(kv[1])):
        quota = max(1, round(n * len(errs) / total))
        out.extend(rng.sample(errs, min(quota, len(errs))))
    return out[:n] if len(by_type) <= n else out


def format_errors(errors: Sequence[Error]) -> str:
    """One block per mistake: its type, gold and predicted label, and the text in context (⏎ = newline)."""
    lines = []
    counts = Counter(e.type for e in errors)
    lines.append("showing " + ", ".join(f"{k} {v}" for k, v in counts.most_common()))
    for e in errors:
        gold = f"gold {e.gold.lang}/{e.gold.kind}" if e.gold else "gold -"
        pred = f"pred {e.pred.lang} ({e.pred.confidence:.2f})" if e.pred else "pred -"
        lines.append(f"[{e.type}] {e.doc_id} {gold}, {pred}")
        lines.append(f"    {e.context}")
        if e.pred_text:
            lines.append(f"    predicted: {e.pred_text!r}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Score mlkit on mixed documents and print its mistakes."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", choices=("dev", "test"), default="dev")
    ap.add_argument("--docs", type=int, default=300, help="number of documents (default 300)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--errors", type=int, default=0, metavar="N", help="print N example mistakes")
    ap.add_argument("--type", default=None,
                    help="only mistakes of this type: miss, boundary, wrong-lang, false-positive, fragment")
    ap.add_argument("--kind", default=None, choices=KINDS, help="only mistakes on gold spans of this kind")
    ap.add_argument("--show", metavar="DOC_ID", help="print one mixed document with its gold spans")
    ap.add_argument("--dump", metavar="FILE", help="write the documents as mlkit JSONL (gold in meta) and stop")
    args = ap.parse_args(argv)
    if not data_available():
        print(f"mixdocs: {LINGUA_DATA} is absent; it belongs beside the project, in ../shared/data",
              file=sys.stderr)
        return 2
    docs = generate(args.docs, args.split, args.seed)
    if args.dump:
        with open(args.dump, "w", encoding="utf-8") as fh:
            for doc in docs:
                fh.write(to_document(doc).to_json() + "\n")
        print(f"wrote {len(docs)} documents to {args.dump}")
        return 0
    if args.show:
        doc = next((d for d in docs if d.id == args.show), None)
        if doc is None:
            print(f"mixdocs: no document {args.show!r} (ids look like {docs[0].id})", file=sys.stderr)
            return 2
        print(doc.text)
        for g in doc.gold:
            print(f"{g.start}-{g.end} {g.lang} {g.kind}: {doc.text[g.start:g.end]}")
        return 0
    rep = score(docs, predict_all(mlkit_predict, docs))
    print(format_report(rep, f"mlkit on {len(docs)} {args.split} documents (seed {args.seed})"))
    if args.errors:
        if args.type:
            rep.errors = [e for e in rep.errors if e.type == args.type]
        if args.kind:
            rep.errors = [e for e in rep.errors if e.gold is not None and e.gold.kind == args.kind]
        print()
        print(format_errors(worst_errors(rep, args.errors, args.seed)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

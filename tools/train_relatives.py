"""Train the model that decides among related languages (mlkit/segment/relatives.py) on the DEV halves of
lingua-testdata (and, for languages listed in CATALOGUE_LANGS, on Debian's message catalogues), and write it to
data/segment/relatives.npz (hashed-feature weights only, no text).

    python tools/train_relatives.py                 # train on all dev lines, write the model
    python tools/train_relatives.py --tune          # train on even dev lines, score on odd ones: thresholds

The model file records how it was made in its `metadata` entry (JSON: command, commit, parameters, and the
SHA-256 of every input file); training has no randomness, so the same inputs give the same weights.

`--tune` keeps dev honest: the model is trained on the even lines of every dev file and both the per-line
accuracy and the mixed-document F1 are measured on documents built from the odd lines only.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import mixdocs

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_catalogue_lists import HELD_OUT
from build_catalogue_lists import _strings as catalogue_strings

from mlkit.segment import relatives

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / relatives.MODEL_FILE
# Relatives the segmenter confuses (languages lingua-testdata lacks are trained on message catalogues, below).
GROUPS: tuple[tuple[str, ...], ...] = (("id", "ms"), ("es", "pt", "it", "fr", "tl"), ("de", "nl"),
                                       ("ru", "uk", "bg", "mk", "sr", "be"), ("da", "nb"), ("cs", "sk"),
                                       ("hr", "bs", "hr"))  # hr twice: Croatian and Serbian in Latin letters, see
# CATALOGUE_ROWS (hr stands for Latin-script Serbo-Croatian: Bosnian text reads much like Serbian)
THRESHOLDS = (0.0, 3.0, 0.0, 0.0, 0.0,
              0.0, 0.0)  # log-odds a relative must win by to relabel a passage (tuned with --tune)
LEXICON_WEIGHTS = (10.0, 5.0, 1.0, 8.0, 1.0,
                   0.0, 0.0)  # how much the word lists add to the model, per group (tuned with --tune;
# id/ms: 10 on the tuning half of bench/manpages.py, where technical Indonesian read as Malay at 0 and 3:
# the hashed n-gram model, trained on lingua-testdata's general sentences, reads words such as "digunakan",
# "baris", "karakter" as strongly Malay; the word lists know them. Costs lingua-testdata dev 0.03 in id and ms F1;
# es/pt/it/fr/tl: 5 on the tuning half of bench/manpages.py, 2,400 documents, 4,403 → 4,413 passages matched, es
# F1 0.90 → 0.93, pt 0.91 → 0.93: "los", "el", "-ción" are plainly Spanish to the word lists, not to the n-grams;
# Cyrillic: 8 on the tuning half of bench/manpages.py (seeds 600–603, ru/uk/mk/sr only, 1,000 documents): mk F1
# 0.94 at 3, 0.96 at 8; the n-grams, trained on a few thousand interface messages per language, read
# Macedonian manual-page text as Serbian where the word lists know it as Macedonian; from 12 on, Bulgarian
# messages of catalogues the model does not read (apt, systemd, PackageKit, …) read Russian more often)
# whether the word lists' term scores words no list knows by letter n-grams, per group: the hashed model weighs
# n-grams already, and scoring them again costs time on every new word (es/pt/it/fr/tl: the same 4,413 passages
# matched without, on the tuning half of bench/manpages.py; da/nb: 2 fewer, "manualsiden" needs them; Cyrillic:
# the same scores without)
LEXICON_LETTERS = (True, False, True, False, True,
                   False, False)
# texts shorter than this (words) keep the label the word HMM gave them, by group key (tuned with --tune)
MIN_WORDS: dict[str, int] = {"1": 3}
# log prior odds per language of a group (by group key), tuned with --tune --biases
BIASES: dict[str, tuple[float, ...]] = {"0": (0.0, 0.0),
                                         # cs/sk and hr/bs: the word HMM's label is the likelier one where the text
                                         # says little (manual pages come in Czech and Croatian, not Slovak or
                                         # Bosnian); chosen on catalogues outside HELD_OUT and the tuning half of
                                         # bench/manpages.py, see CATALOGUE_ROWS
                                         "5": (0.0, -20.0),
                                         "6": (0.0, -20.0, 0.0)}
FOLDERS = ("sentences", "word-pairs", "single-words")
# Languages lingua-testdata lacks are trained on the translated messages (gettext catalogues) of Debian
# packages installed under /usr/share/locale: user-interface libraries only, whose texts are not those of any
# manual page (so bench/manpages.py stays held out). Packages: libglib2.0-data, libgtk2.0-common,
# libgtk-3-common, libgdk-pixbuf2.0-common, libgstreamer1.0-0, at-spi2-common,
# gsettings-desktop-schemas, appstream.
# Russian and Ukrainian read both lingua-testdata and the catalogues, so that all six Cyrillic languages are judged
# on messages of one kind. The Cyrillic languages, which bench/catalogue_langs.py tests on the held-out catalogues'
# strings, read neither those (HELD_OUT: GLib's and GTK 3's) nor GTK 2's (mostly the same messages as GTK 3's), and
# leave out every message that a held-out catalogue also has; da and nb read every catalogue.
# Czech, Slovak, Croatian, Bosnian and Serbian (Latin letters) leave out the same catalogues and messages and read
# more user-interface catalogues instead (packages libsecret-common, libhandy-1-0, notification-daemon, polkitd,
# cups-pk-helper, shared-mime-info, software-properties-common, xdg-user-dirs, libpam-runtime,
# libavahi-common-data).
LOCALE = Path("/usr/share/locale")
CATALOGUES = ("glib20", "gtk20", "gtk30", "gtk20-properties", "gtk30-properties", "gdk-pixbuf", "gstreamer-1.0",
              "at-spi2-core", "gsettings-desktop-schemas", "appstream")
CYRILLIC_CATALOGUES = tuple(name for name in CATALOGUES if name not in (*HELD_OUT, "gtk20"))
SLAVIC_CATALOGUES = (*CYRILLIC_CATALOGUES, "libsecret", "libhandy", "notification-daemon", "polkit-1",
                     "cups-pk-helper", "shared-mime-info", "software-properties", "xdg-user-dirs", "Linux-PAM", "avahi")
CATALOGUE_LANGS: dict[str, tuple[str, ...]] = {
    "da": CATALOGUES, "nb": CATALOGUES, **dict.fromkeys(("ru", "uk", "bg", "mk", "sr", "be"), CYRILLIC_CATALOGUES),
    **dict.fromkeys(("cs", "sk", "hr", "bs", "sr@latin"), SLAVIC_CATALOGUES)}
# the catalogues' language (folder under LOCALE) each row of a group is trained on, by group key, where it is not
# the row's language: hr/bs's second hr row is Serbian in Latin letters, so that Serbian text stays hr rather than
# going to Bosnian, whose catalogues copy many Serbian messages (tuning catalogues, Bosnian bias -20: a Bosnian
# label is right 0.42 of the time with two rows, 0.75 with three)
CATALOGUE_ROWS: dict[str, tuple[str, ...]] = {"6": ("hr", "bs", "sr@latin")}
BUCKETS = 1 << 18
# The detector: English against every other Latin-script language, for words no word list knows.
DETECTOR = ("en", "de", "fr", "es", "it", "pt", "nl", "pl", "tr", "id", "ms", "tl", "vi")
DETECTOR_BUCKETS = 1 << 17
DETECTOR_THRESHOLD = 40.0  # log-odds a stretch of unknown words must read foreign by (tuned with --tune)
Pool = Callable[[str, str, str], Sequence[str]]


def catalogue_paths(lang: str, names: Sequence[str] | None = None) -> list[Path]:
    """The installed gettext catalogues of one language that training reads (or those of `names`)."""
    names = CATALOGUE_LANGS.get(lang, ()) if names is None else names
    return [p for name in names if (p := LOCALE / lang / "LC_MESSAGES" / f"{name}.mo").is_file()]


def holds_out(lang: str) -> bool:
    """Whether a language's catalogues leave out the held-out ones (HELD_OUT), and so their messages too."""
    return lang in CATALOGUE_LANGS and not set(HELD_OUT) & set(CATALOGUE_LANGS[lang])


def held_out_paths(lang: str) -> list[Path]:
    """The held-out catalogues whose messages a language's training leaves out (none for da and nb)."""
    return catalogue_paths(lang, HELD_OUT) if holds_out(lang) else []


def catalogue_texts(lang: str) -> list[str]:
    """Translated messages of one language from the installed catalogues, one per line, in a fixed order."""
    import gettext

    if holds_out(lang):
        return _unheld_texts(lang)
    out: list[str] = []
    for path in catalogue_paths(lang):
        with path.open("rb") as f:
            catalogue = gettext.GNUTranslations(f)._catalog  # type: ignore[attr-defined]
        for key in sorted(catalogue, key=str):
            if not key or not isinstance(catalogue[key], str):
                continue
            out.extend(_message_lines(catalogue[key]))
    return out


def _unheld_texts(lang: str) -> list[str]:
    """Translated messages (not those left as their English original) of one language's catalogues, one per
    line, in a fixed order, without any message a held-out catalogue also has."""
    held = {text for path in held_out_paths(lang) for _, text in catalogue_strings(path)}
    return [line for path in catalogue_paths(lang) for _, text in sorted(catalogue_strings(path)) if text not in held
            for line in _message_lines(text)]


def _message_lines(text: str) -> list[str]:
    """A message without format directives, accelerators, markup and escapes, cut into lines of 3 letters or more."""
    import re

    text = re.sub(r"%[-+ #0-9.]*[a-zA-Z]|[_&]|<[^>]*>|\\[nt]", " ", text)
    return [line for line in text.splitlines() if sum(c.isalpha() for c in line) >= 3]


def training_texts(lang: str, pool: Pool) -> list[tuple[str, str]]:
    """(folder, line) pairs of one language's dev material: lingua-testdata's, where it has the language, and
    the catalogues' messages as sentences, where the language has catalogues in CATALOGUE_LANGS."""
    lines = [("sentences", line) for line in catalogue_texts(lang)] if lang in CATALOGUE_LANGS else []
    if in_lingua(lang):
        lines += [(folder, line) for folder in FOLDERS for line in pool(folder, lang, "dev")]
    return lines


def in_lingua(lang: str) -> bool:
    """Whether lingua-testdata has the language."""
    return (mixdocs.LINGUA_DATA / FOLDERS[0] / f"{lang}.txt").is_file()


def nb_weights(langs: Sequence[str], pool: Pool, buckets: int, alpha: float,
               short_weight: float) -> tuple[np.ndarray, float]:
    """Naive Bayes log-probabilities per bucket for `langs`, centred per bucket and quantised to int8, with
    their scale. Word pairs and single words count `short_weight` times, so short insertions weigh as much
    as sentences."""
    counts = np.zeros((len(langs), buckets))
    for k, lang in enumerate(langs):
        for folder, line in training_texts(lang, pool):
            idx = relatives.text_buckets(line, buckets)
            counts[k] += np.bincount(idx, minlength=buckets) * (1.0 if folder == "sentences" else short_weight)
    logp = np.log(counts + alpha) - np.log(counts.sum(axis=1, keepdims=True) + alpha * buckets)
    logp -= logp.mean(axis=0, keepdims=True)
    scale = float(np.abs(logp).max()) / 127.0
    return np.round(logp / scale).astype(np.int8), scale


def train(groups: Sequence[Sequence[str]], thresholds: Sequence[float], pool: Pool, buckets: int = BUCKETS,
          alpha: float = 0.03, short_weight: float = 5.0,
          detector_threshold: float = DETECTOR_THRESHOLD) -> dict[str, np.ndarray]:
    """The arrays of relatives.npz: one weight table per group, and the detector's."""
    arrays: dict[str, np.ndarray] = {"groups": np.array(len(groups))}
    tables = [(str(gi), langs, thresholds[gi], LEXICON_WEIGHTS[gi], LEXICON_LETTERS[gi], buckets)
              for gi, langs in enumerate(groups)]
    tables.append(("detector", DETECTOR, detector_threshold, 0.0, True, DETECTOR_BUCKETS))
    for key, langs, threshold, lexicon_weight, letters, size in tables:
        weights, scale = nb_weights(CATALOGUE_ROWS.get(key, langs), pool, size, alpha, short_weight)
        arrays[f"langs_{key}"] = np.array(langs)
        arrays[f"weights_{key}"] = weights
        arrays[f"scale_{key}"] = np.array(scale)
        arrays[f"threshold_{key}"] = np.array(float(threshold))
        arrays[f"lexicon_weight_{key}"] = np.array(float(lexicon_weight))
        arrays[f"lexicon_letters_{key}"] = np.array(int(letters))  # 1 or 0: the file holds numbers only
        arrays[f"bias_{key}"] = np.array(BIASES.get(key, (0.0,) * len(langs)), dtype=np.float64)
        arrays[f"min_words_{key}"] = np.array(MIN_WORDS.get(key, 1))
    return arrays


def git(*args: str) -> str:
    """The output of a git command in the project ("" when git is unavailable)."""
    try:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    except OSError:
        return ""


def metadata(argv: Sequence[str], alpha: float, short_weight: float) -> str:
    """How the model was made, as JSON: the command, the commit, the parameters and every input file's SHA-256."""
    inputs = {}
    for folder in FOLDERS:
        for lang in sorted({lang for group in (*GROUPS, DETECTOR) for lang in group}):
            path = mixdocs.LINGUA_DATA / folder / f"{lang}.txt"
            if path.is_file():
                inputs[f"lingua-testdata/{folder}/{lang}.txt"] = hashlib.sha256(path.read_bytes()).hexdigest()
    for lang in CATALOGUE_LANGS:
        for path in (*catalogue_paths(lang), *held_out_paths(lang)):
            inputs[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    commit = git("rev-parse", "HEAD")
    if commit and git("status", "--porcelain", "--untracked-files=no"):
        commit += " with uncommitted changes"
    return json.dumps(
        {
            "command": " ".join(["python", "tools/train_relatives.py", *argv]),
            "commit": commit,
            "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "data": "lingua-testdata (../shared/data), the first half of each file (dev): sentences, word pairs, "
            "single words; Debian's installed gettext catalogues: "
            + "; ".join(f"for {lang}: " + ", ".join(names) for lang, names in CATALOGUE_LANGS.items())
            + "; without the messages that the held-out " + ", ".join(HELD_OUT) + " also have, for the languages "
            "that do not read them (read only to leave those out)",
            "seed": None,  # counting only: no randomness
            "parameters": {
                "groups": GROUPS, "thresholds": THRESHOLDS, "lexicon_weights": LEXICON_WEIGHTS,
                "lexicon_letters": LEXICON_LETTERS,
                "min_words": MIN_WORDS, "biases": BIASES, "catalogue_rows": CATALOGUE_ROWS,
                "buckets": BUCKETS, "detector": DETECTOR,
                "detector_buckets": DETECTOR_BUCKETS, "detector_threshold": DETECTOR_THRESHOLD,
                "alpha": alpha, "short_weight": short_weight,
            },
            "inputs_sha256": inputs,
        },
        ensure_ascii=False,
    )


def half_pool(parity: int) -> Pool:
    """mixdocs.pool with only the even (0) or odd (1) lines of each dev file (test unchanged)."""
    full = mixdocs.pool

    def pool(folder: str, lang: str, split: str) -> tuple[str, ...]:
        lines = full(folder, lang, split)
        return tuple(lines[parity::2]) if split == "dev" else lines

    return pool


def line_accuracy(model: relatives.Model, groups: Sequence[Sequence[str]], pool: Pool, split: str) -> None:
    """Per language and folder: share of lines whose likeliest relative is their own language (the languages
    that lingua-testdata has; the catalogues are trained on all their messages, none held back)."""
    for langs in groups:
        group = model.group_of(langs[0])
        assert group is not None
        cells = []
        for lang in langs:
            if not in_lingua(lang):
                continue
            for folder in FOLDERS:
                lines = pool(folder, lang, split)
                ok = sum(group.langs[int(np.argmax(relatives.scores(group, s)))] == lang
                         for s in lines)
                cells.append(f"{lang}/{folder[:4]} {ok / len(lines):.2f}")
        if cells:
            print("  " + "  ".join(cells))


def mixed_f1(model: relatives.Model | None, split: str, n_docs: int) -> mixdocs.Report:
    """Mixed-document scores of mlkit with `model` for the relabelling (None: without it). The languages of its
    groups are given too: built from the stand-in model, relatives.group_languages would keep them in the table
    cache for the bundled model (empty, for None, turned relabelling off in every later run)."""
    original, original_langs = relatives.load_model, relatives.group_languages
    langs = frozenset(lang for g in model.groups for lang in g.langs) if model is not None else frozenset()
    relatives.load_model = lambda: model  # type: ignore[assignment]
    relatives.group_languages = lambda: langs  # type: ignore[assignment]
    try:
        docs = mixdocs.generate(n_docs, split, 0)
        return mixdocs.score(docs, mixdocs.predict_all(mixdocs.mlkit_predict, docs))
    finally:
        relatives.load_model, relatives.group_languages = original, original_langs  # type: ignore[assignment]


def summary(rep: mixdocs.Report) -> str:
    langs = sorted({k for g in GROUPS for k in g})
    by = "  ".join(f"{k} {rep.by_lang[k].f1:.2f}" for k in langs if k in rep.by_lang)
    return f"F1 {rep.overall.f1:.3f}  ms=id {rep.ms_as_id.f1:.3f}  {by}"


def cost(megabytes: float, runs: int = 3) -> None:
    """Time the steps after the word HMM (strays, fragments, relatives) on bench/segment.py's throughput
    corpus: best of `runs` passes, after one warm-up pass, in ms per MB."""
    import time

    import segment as segment_bench

    from mlkit import segment

    module = sys.modules["mlkit.segment"]
    steps = {"strays": (module.strays, "find_strays"), "fragments": (relatives, "absorb_fragments"),
             "relatives": (relatives, "relabel_runs")}
    spent = dict.fromkeys(steps, 0.0)
    originals = {}
    for name, (owner, attr) in steps.items():
        original = getattr(owner, attr)
        originals[name] = original

        def timed(*a: object, _f: Callable[..., object] = original, _n: str = name, **k: object) -> object:
            t0 = time.process_time()
            try:
                return _f(*a, **k)
            finally:
                spent[_n] += time.process_time() - t0

        setattr(owner, attr, timed)
    try:
        texts = [d.text for d in segment_bench.throughput_corpus(megabytes)]
        size = sum(len(t.encode("utf-8")) for t in texts) / 1e6
        for t in texts:
            segment(t)
        best: dict[str, float] = {}
        for _ in range(runs):
            spent.update(dict.fromkeys(steps, 0.0))
            t0 = time.process_time()
            for t in texts:
                segment(t)
            spent["all"] = time.process_time() - t0
            best = {k: min(v, best.get(k, v)) for k, v in spent.items()}
        print(f"{size:.2f} MB, ms per MB (best of {runs}): "
              + ", ".join(f"{k} {v / size * 1000:.1f}" for k, v in best.items()))
    finally:
        for name, (owner, attr) in steps.items():
            setattr(owner, attr, originals[name])


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tune", action="store_true", help="train on even dev lines, score on odd ones")
    ap.add_argument("--docs", type=int, default=300)
    ap.add_argument("--alpha", type=float, default=0.03)
    ap.add_argument("--short-weight", type=float, default=5.0)
    ap.add_argument("--thresholds", type=float, nargs="+", default=None,
                    help="thresholds to try for every group but the first (with --tune)")
    ap.add_argument("--groups", type=int, nargs="+", default=None, help="groups to tune (default all but 0)")
    ap.add_argument("--min-words", type=int, default=None, help="min words for the tuned groups (with --tune)")
    ap.add_argument("--biases", type=float, nargs="+", default=None,
                    help="log prior odds of Malay over Indonesian to try (with --tune)")
    ap.add_argument("--detector-thresholds", type=float, nargs="+", default=None,
                    help="detector thresholds to try (with --tune)")
    ap.add_argument("--lexicon-weights", type=float, nargs="+", default=None,
                    help="word-list weights to try for every group but the first (with --tune)")
    ap.add_argument("--out", type=Path, default=OUT, help=f"where to write the model (default {OUT})")
    ap.add_argument("--cost", type=float, default=None, metavar="MB",
                    help="time the steps after the HMM on a throughput corpus of MB megabytes, and stop")
    argv = list(sys.argv[1:] if argv is None else argv)
    args = ap.parse_args(argv)
    if not mixdocs.data_available():
        print(f"train_relatives: {mixdocs.LINGUA_DATA} is absent", file=sys.stderr)
        return 2
    if args.cost:
        cost(args.cost)
        return 0
    missing = [lang for lang in CATALOGUE_LANGS if not catalogue_paths(lang)]
    if missing:
        print(f"train_relatives: no gettext catalogues for {', '.join(missing)} under {LOCALE} "
              "(apt-get install libglib2.0-data libgtk-3-common …, see CATALOGUES)", file=sys.stderr)
        return 2
    if not args.tune:
        arrays = train(GROUPS, THRESHOLDS, mixdocs.pool, alpha=args.alpha, short_weight=args.short_weight)
        arrays["metadata"] = np.array(metadata(argv, args.alpha, args.short_weight))
        args.out.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(args.out, **arrays)  # type: ignore[arg-type]
        print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB)")
        return 0
    train_pool, eval_pool = half_pool(0), half_pool(1)
    mixdocs.pool = eval_pool  # type: ignore[assignment]  # documents from the odd dev lines only
    print(f"without relabelling: {summary(mixed_f1(None, 'dev', args.docs))}")
    arrays = train(GROUPS, THRESHOLDS, train_pool, alpha=args.alpha, short_weight=args.short_weight)
    print("line accuracy on odd dev lines (argmax among the group):")
    line_accuracy(relatives.model_from_arrays(arrays), GROUPS, eval_pool, "dev")
    for lw in args.lexicon_weights or [LEXICON_WEIGHTS[1]]:
        for t in args.thresholds or [THRESHOLDS[1]]:
            for gi in args.groups or range(1, len(GROUPS)):
                arrays[f"threshold_{gi}"] = np.array(t)
                arrays[f"lexicon_weight_{gi}"] = np.array(lw)
                if args.min_words:
                    arrays[f"min_words_{gi}"] = np.array(args.min_words)
            rep = mixed_f1(relatives.model_from_arrays(arrays), "dev", args.docs)
            print(f"lexicon weight {lw:g} threshold {t:g}: {summary(rep)}")
    for b in args.biases or []:
        arrays["bias_0"] = np.array([0.0, b])
        rep = mixed_f1(relatives.model_from_arrays(arrays), "dev", args.docs)
        ms, id_ = rep.by_lang["ms"], rep.by_lang["id"]
        print(f"Malay bias {b:g}: {summary(rep)}  ms P {ms.precision:.2f} R {ms.recall:.2f}"
              f"  id P {id_.precision:.2f} R {id_.recall:.2f}")
    for dt in args.detector_thresholds or []:
        arrays["threshold_detector"] = np.array(dt)
        rep = mixed_f1(relatives.model_from_arrays(arrays), "dev", args.docs)
        print(f"detector threshold {dt:g}: {summary(rep)}  FP {rep.by_kind.get('none', mixdocs.PRF()).pred} by kind "
              + " ".join(f"{k} P {v.precision:.2f} R {v.recall:.2f}" for k, v in rep.by_kind.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())

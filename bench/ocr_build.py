"""A real-OCR benchmark: dev lines of kpc-nk rendered, degraded, read back by tesseract, with token-level gold.

    python bench/ocr_build.py [--lines N] [--seed S]      # builds (or reuses) bench/out/ocr/, prints a summary

Each sample is one printed line: a stretch of a dev sentence (Korean side `.nk`, English side `.en`) wrapped as
a newspaper column would wrap it, drawn with Pillow in a font from Debian's fonts-nanum, fonts-noto-cjk or
fonts-dejavu-core, degraded (blur, down-sampling, speckle, JPEG, low contrast, slight rotation; every choice drawn
from a seeded generator) and read by the `tesseract` binary (`-l kor` / `-l eng`, `--psm 7`). The OCR output is
aligned character by character to the source and each OCR token gets a gold label as in the ICDAR post-OCR
error-detection task: a token is an error when it differs from its aligned source token (splits and merges
included). Samples are cached in bench/out/ocr/cache.jsonl by a key of everything that makes them, so a second
run does not OCR again; `--lines` can grow without redoing what is there.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KPC = ROOT.parent / "shared" / "data" / "kpc-nk"
OUT = ROOT / "bench" / "out" / "ocr"
FILES = {"ko": "northkorean-english.dev.nk", "en": "northkorean-english.dev.en"}
TESS_LANG = {"ko": "kor", "en": "eng"}
WRAP = {"ko": 26, "en": 60}  # characters per printed line, as in a newspaper column
# (path, face index in a collection): Debian fonts-nanum, fonts-noto-cjk, fonts-dejavu-core.
FONTS = {
    "ko": (
        ("/usr/share/fonts/truetype/nanum/NanumGothic.ttf", 0),
        ("/usr/share/fonts/truetype/nanum/NanumMyeongjo.ttf", 0),
        ("/usr/share/fonts/truetype/nanum/NanumBarunGothic.ttf", 0),
        ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 1),
        ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 1),
    ),
    "en": (
        ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 0),
        ("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", 0),
        ("/usr/share/fonts/truetype/nanum/NanumMyeongjo.ttf", 0),
        ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 1),
        ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 1),
    ),
}
DEBIAN_PACKAGES = (
    "fonts-nanum fonts-noto-cjk fonts-dejavu-core tesseract-ocr tesseract-ocr-kor tesseract-ocr-eng "
    "hunspell hunspell-ko hunspell-en-us"
)
SPLIT_SEED = 16  # tune/held-out split of the dev lines, fixed whatever seed draws the renderings
VERSION = 1  # bump when rendering or degradation changes, so the cache is not reused by mistake


@dataclass(frozen=True, slots=True)
class Token:
    """One whitespace token of the OCR line, `[start, end)` in it, its aligned source text and whether it is wrong."""

    start: int
    end: int
    source: str
    error: bool


@dataclass(slots=True)
class Sample:
    """One printed line: where it comes from, how it was drawn and degraded, what tesseract read, and the gold."""

    lang: str
    line: int  # 0-based line of the dev file
    chunk: int  # which wrapped stretch of that line
    source: str
    font: str
    size: int
    degrade: dict[str, float]
    ocr: str = ""
    cer: float = 0.0
    tokens: list[Token] = field(default_factory=list)
    dropped: int = 0  # source tokens the OCR lost entirely (no OCR token to flag)

    @property
    def key(self) -> str:
        """What makes this sample: change any part and it is drawn and read again."""
        raw = json.dumps([VERSION, self.lang, self.source, self.font, self.size, self.degrade], sort_keys=True)
        return hashlib.sha1(raw.encode()).hexdigest()[:16]


def split_part(seed: int, lang: str, line: int) -> str:
    """'tune' or 'held-out' for a dev line, by a seeded hash (half each), so tuning never sees held-out lines."""
    h = hashlib.sha1(f"{seed}:{lang}:{line}".encode()).digest()[0]
    return "tune" if h % 2 == 0 else "held-out"


def wrap(text: str, width: int) -> list[str]:
    """Greedy word wrap at `width` characters (a word longer than that is a line of its own)."""
    out: list[str] = []
    cur = ""
    for word in text.split():
        if cur and len(cur) + 1 + len(word) > width:
            out.append(cur)
            cur = word
        else:
            cur = f"{cur} {word}" if cur else word
    if cur:
        out.append(cur)
    return out


def plan(lang: str, n: int, seed: int) -> list[Sample]:
    """`n` samples of one language: which dev line and stretch, which font and size, which degradations."""
    lines = (KPC / FILES[lang]).read_text(encoding="utf-8").splitlines()
    rng = random.Random(f"{seed}:{lang}")
    order = list(range(len(lines)))
    rng.shuffle(order)
    samples = []
    for index in order:
        if len(samples) >= n:
            break
        chunks = [c for c in wrap(lines[index], WRAP[lang]) if len(c.split()) >= 2 and _in_language(c, lang)]
        if not chunks:
            continue
        chunk = rng.randrange(len(chunks))
        font, face = rng.choice(FONTS[lang])
        size = rng.choice((18, 22, 26, 30, 36))
        samples.append(Sample(lang, index, chunk, chunks[chunk], f"{font}#{face}", size, degradations(rng)))
    return samples


def _in_language(text: str, lang: str) -> bool:
    """True when most words are in the language's script (the .nk side keeps a few English sentences)."""
    words = text.split()
    hangul = sum(any("\uac00" <= c <= "\ud7a3" for c in w) for w in words)
    return hangul * 2 > len(words) if lang == "ko" else hangul == 0


def degradations(rng: random.Random) -> dict[str, float]:
    """A seeded mix of scan defects; each is present with some probability and a random strength."""
    d: dict[str, float] = {}
    if rng.random() < 0.35:
        d["contrast"] = round(rng.uniform(0.25, 0.6), 3)  # ink-to-paper difference left, of 1
    if rng.random() < 0.4:
        d["rotate"] = round(rng.uniform(-1.5, 1.5), 2)
    if rng.random() < 0.6:
        d["downsample"] = round(rng.uniform(0.3, 0.75), 3)
    if rng.random() < 0.5:
        d["blur"] = round(rng.uniform(0.3, 1.4), 2)
    if rng.random() < 0.5:
        d["speckle"] = round(rng.uniform(0.002, 0.03), 4)
    if rng.random() < 0.5:
        d["jpeg"] = float(rng.randint(6, 40))
    d["noise_seed"] = float(rng.randrange(1 << 30))
    return d


def render(sample: Sample) -> bytes:
    """The sample's line drawn and degraded, as PNG bytes."""
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    path, face = sample.font.rsplit("#", 1)
    font = ImageFont.truetype(path, sample.size, index=int(face))
    left, top, right, bottom = font.getbbox(sample.source)
    pad = sample.size // 2
    img = Image.new("L", (right - left + 2 * pad, bottom - top + 2 * pad), 255)
    d = sample.degrade
    ink, paper = 0, 255
    if "contrast" in d:
        mid = 150
        ink, paper = int(mid - 127 * d["contrast"]), int(mid + 105 * d["contrast"])
        img.paste(paper, (0, 0, *img.size))
    ImageDraw.Draw(img).text((pad - left, pad - top), sample.source, font=font, fill=ink)
    if "rotate" in d:
        img = img.rotate(d["rotate"], resample=Image.Resampling.BICUBIC, expand=True, fillcolor=paper)
    if "downsample" in d:
        w, h = img.size
        small = img.resize((max(1, int(w * d["downsample"])), max(1, int(h * d["downsample"]))), Image.Resampling.BOX)
        img = small.resize((w, h), Image.Resampling.BILINEAR)
    if "blur" in d:
        img = img.filter(ImageFilter.GaussianBlur(d["blur"]))
    if "speckle" in d:
        rng = random.Random(int(d["noise_seed"]))
        px = img.load()
        w, h = img.size
        for _ in range(int(w * h * d["speckle"])):
            px[rng.randrange(w), rng.randrange(h)] = ink if rng.random() < 0.5 else paper
    if "jpeg" in d:
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=int(d["jpeg"]))
        img = Image.open(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def tesseract(images: list[bytes], lang: str) -> list[str]:
    """Tesseract's reading of each one-line image (one process for the batch; its pages end with a form feed)."""
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i, png in enumerate(images):
            p = Path(tmp) / f"{i:05d}.png"
            p.write_bytes(png)
            paths.append(str(p))
        listing = Path(tmp) / "list.txt"
        listing.write_text("\n".join(paths) + "\n")
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        cmd = ["tesseract", str(listing), "stdout", "-l", TESS_LANG[lang], "--psm", "7"]
        result = subprocess.run(cmd, capture_output=True, text=True, check=True, env=env)
    pages = result.stdout.split("\f")
    if len(pages) < len(images):
        raise RuntimeError(f"tesseract returned {len(pages)} pages for {len(images)} images")
    return [unicodedata.normalize("NFC", " ".join(p.split())) for p in pages[: len(images)]]


# -- alignment and gold -----------------------------------------------------------------------------------


def align(src: str, ocr: str) -> list[tuple[int | None, int | None]]:
    """A minimal-edit character alignment: pairs (source index, OCR index), None on the side that lacks one."""
    n, m = len(src), len(ocr)
    dist = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        dist[i][0] = i
    for j in range(m + 1):
        dist[0][j] = j
    for i in range(1, n + 1):
        row, prev, a = dist[i], dist[i - 1], src[i - 1]
        for j in range(1, m + 1):
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a != ocr[j - 1]))
    pairs: list[tuple[int | None, int | None]] = []
    i, j = n, m
    while i or j:
        if i and j and dist[i][j] == dist[i - 1][j - 1] + (src[i - 1] != ocr[j - 1]):
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif i and dist[i][j] == dist[i - 1][j] + 1:
            pairs.append((i - 1, None))
            i -= 1
        else:
            pairs.append((None, j - 1))
            j -= 1
    pairs.reverse()
    return pairs


def spans(text: str) -> Iterator[tuple[int, int]]:
    """Whitespace tokens of `text` as `[start, end)`."""
    i, n = 0, len(text)
    while i < n:
        while i < n and text[i].isspace():
            i += 1
        j = i
        while j < n and not text[j].isspace():
            j += 1
        if j > i:
            yield i, j
        i = j


def gold_tokens(src: str, ocr: str) -> tuple[list[Token], int, float]:
    """OCR tokens with their labels, the number of source tokens lost entirely, and the character error rate.

    An OCR token is right only when the source stretch aligned to it is exactly one whole source token with the
    same text: a changed character, a token split in two or two merged into one all make it an error.
    """
    pairs = align(src, ocr)
    edits = sum(1 for a, b in pairs if a is None or b is None or src[a] != ocr[b])
    cer = edits / max(len(src), 1)
    pos_of_ocr = {b: k for k, (_, b) in enumerate(pairs) if b is not None}
    covered: set[int] = set()
    tokens = []
    for s, e in spans(ocr):
        lo, hi = pos_of_ocr[s], pos_of_ocr[e - 1]
        src_idx = [a for a, _ in pairs[lo : hi + 1] if a is not None]
        if not src_idx:
            tokens.append(Token(s, e, "", True))
            continue
        a, b = min(src_idx), max(src_idx) + 1
        covered.update(range(a, b))
        aligned = src[a:b]
        whole = (a == 0 or src[a - 1].isspace()) and (b == len(src) or src[b].isspace())
        while a and not src[a - 1].isspace():
            a -= 1
        while b < len(src) and not src[b].isspace():
            b += 1
        tokens.append(Token(s, e, src[a:b], not (whole and aligned == ocr[s:e])))
    dropped = sum(1 for s, e in spans(src) if not covered.intersection(range(s, e)))
    return tokens, dropped, round(cer, 4)


# -- cache and build --------------------------------------------------------------------------------------


def load_cache(path: Path) -> dict[str, dict]:
    """Cached OCR readings by sample key."""
    if not path.exists():
        return {}
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            out[row["key"]] = row
    return out


def tesseract_version() -> str:
    """The first line of `tesseract --version` (part of the cache file name: another version reads differently)."""
    out = subprocess.run(["tesseract", "--version"], capture_output=True, text=True, check=True)
    return (out.stdout or out.stderr).splitlines()[0].split()[-1]


def missing_tools() -> list[str]:
    """What the build needs and this machine lacks (binaries, language data, fonts)."""
    missing = []
    if shutil.which("tesseract") is None:
        missing.append("tesseract")
    else:
        langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True).stdout.split()
        missing += [f"tesseract {t}" for t in TESS_LANG.values() if t not in langs]
    missing += [p for fonts in FONTS.values() for p, _ in fonts if not Path(p).exists()]
    try:
        import PIL  # noqa: F401
    except ImportError:
        missing.append("Pillow (pip)")
    return sorted(set(missing))


def build(langs: Iterable[str], n: int, seed: int, batch: int = 40, quiet: bool = False) -> dict[str, list[Sample]]:
    """The benchmark's samples per language, OCR-ing only what the cache lacks."""
    OUT.mkdir(parents=True, exist_ok=True)
    cache_path = OUT / f"cache-tesseract-{tesseract_version()}.jsonl"
    cache = load_cache(cache_path)
    result: dict[str, list[Sample]] = {}
    for lang in langs:
        samples = plan(lang, n, seed)
        todo = [s for s in samples if s.key not in cache]
        for k in range(0, len(todo), batch):
            part = todo[k : k + batch]
            texts = tesseract([render(s) for s in part], lang)
            with cache_path.open("a", encoding="utf-8") as fh:
                for s, text in zip(part, texts, strict=True):
                    row = {"key": s.key, "lang": lang, "source": s.source, "ocr": text}
                    cache[s.key] = row
                    fh.write(json.dumps(row, ensure_ascii=False) + "\n")
            if not quiet:
                print(f"  {lang}: read {min(k + batch, len(todo))}/{len(todo)} new lines", file=sys.stderr)
        for s in samples:
            s.ocr = cache[s.key]["ocr"]
            s.tokens, s.dropped, s.cer = gold_tokens(s.source, s.ocr)
        result[lang] = samples
    return result


def summary(samples: list[Sample]) -> str:
    """One line: lines, tokens, error tokens, mean CER."""
    toks = [t for s in samples for t in s.tokens]
    errors = sum(t.error for t in toks)
    cer = sum(s.cer for s in samples) / max(len(samples), 1)
    return (
        f"{len(samples)} lines, {len(toks)} OCR tokens, {errors} wrong ({errors / max(len(toks), 1):.1%}), "
        f"{sum(s.dropped for s in samples)} source tokens lost, mean CER {cer:.1%}"
    )


def main() -> int:
    """Build the benchmark and print a summary and a few examples."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lines", type=int, default=400, help="printed lines per language (default 400)")
    ap.add_argument("--seed", type=int, default=16)
    ap.add_argument("--lang", choices=("ko", "en", "both"), default="both")
    ap.add_argument("--examples", type=int, default=5)
    ap.add_argument("--dump", type=Path, help="write every sample as JSONL here")
    args = ap.parse_args()
    if not KPC.is_dir():
        print(f"bench/ocr_build.py: {KPC} is missing", file=sys.stderr)
        return 2
    missing = missing_tools()
    if missing:
        print(f"bench/ocr_build.py: missing {', '.join(missing)}; apt-get install {DEBIAN_PACKAGES}", file=sys.stderr)
        return 2
    langs = ("ko", "en") if args.lang == "both" else (args.lang,)
    built = build(langs, args.lines, args.seed)
    for lang, samples in built.items():
        print(f"{lang}: {summary(samples)}")
        for s in samples[: args.examples]:
            wrong = [f"{s.ocr[t.start : t.end]}≠{t.source}" for t in s.tokens if t.error]
            print(f"  CER {s.cer:.0%} {s.ocr!r}  errors: {', '.join(wrong) or '-'}")
    if args.dump:
        with args.dump.open("w", encoding="utf-8") as fh:
            for samples in built.values():
                for s in samples:
                    fh.write(json.dumps({**asdict(s), "key": s.key}, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

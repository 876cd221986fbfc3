"""`make run`: the main job on the seed documents with embedded defaults, section by section."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from mlkit.cli import main as cli

# Each section is a title and the `mlkit` command line it runs; "{seeds}" expands to the seed files.
SECTIONS: list[tuple[str, list[str]]] = [
    ("Embedded passages (mlkit segment)", ["segment", "{seeds}"]),
    (
        "Foreign passages romanised in every system (mlkit romanize --passages --system all)",
        ["romanize", "--passages", "--system", "all", "{seeds}"],
    ),
    ("Noise for review, score 0.6 and up (mlkit noise)", ["noise", "--min-score", "0.6", "{seeds}"]),
    (
        "Korean names and their English mentions (mlkit align mentions)",
        ["align", "mentions", "--format", "text", "{seeds}"],
    ),
    (
        "The June 15 declaration and an English translation (mlkit align parallel)",
        [
            "align",
            "parallel",
            "--split",
            "--format",
            "text",
            "--src-lines",
            "917-935",
            "seeds/004_c51536689ddb0783.txt",
            "tests/data/align/declaration_en.txt",
        ],
    ),
]


def run(folder: str = "seeds") -> int:
    """Run every section on the seed files in `folder`; stop at the first that fails."""
    seeds = sorted(str(p) for p in Path(folder).glob("*.txt"))
    if not seeds:
        print(f"mlkit: error: no .txt files in {folder}/", file=sys.stderr)
        return 2
    for title, argv in SECTIONS:
        print(f"\n== {title}\n", flush=True)
        args = [a for arg in argv for a in (seeds if arg == "{seeds}" else [arg])]
        code = cli(args)
        sys.stdout.flush()
        if code:
            return code
    code = process_section(folder)
    if code:
        return code
    print("\nReview these results: mlkit review out/seeds.jsonl", flush=True)
    return 0


# The June 15 declaration (lines 917-935 of seed 004) with its English translation, as one JSONL record, so
# that the `parallel` stage has a translation to align with.
DECLARATION = ("seeds/004_c51536689ddb0783.txt", 917, 935, "tests/data/align/declaration_en.txt")


def process_section(folder: str = "seeds", out: str = "out") -> int:
    """Every stage over the seeds (and the declaration with its translation) into out/seeds.jsonl, summarised."""
    print("\n== The whole pipeline over the corpus (mlkit process, every stage) -> out/seeds.jsonl\n", flush=True)
    Path(out).mkdir(exist_ok=True)
    source, first, last, english = DECLARATION
    extra: list[str] = []
    if Path(source).exists() and Path(english).exists():
        lines = Path(source).read_text(encoding="utf-8").splitlines(keepends=True)[first - 1 : last]
        record = {"id": "declaration", "text": "".join(lines), "translation": Path(english).read_text("utf-8")}
        extra = [f"{out}/declaration.jsonl"]
        Path(extra[0]).write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    target = f"{out}/seeds.jsonl"
    code = cli(["process", folder, *extra, "-o", target, "--no-progress"])
    stats = json.loads(Path(f"{out}/seeds.stats.json").read_text(encoding="utf-8"))
    print(f"{'document':<34} {'passages':>8} {'romanised':>9} {'flags':>6} {'mentions':>8} {'links':>6}")
    with open(target, encoding="utf-8") as fh:
        for line in fh:
            doc = json.loads(line)
            passages = sum(1 for s in doc.get("spans", ()) if s["kind"] == "passage")
            counts = [len(doc.get(k, ())) for k in ("romanizations", "flags", "mentions", "links")]
            error = f"  error: {doc['meta']['error']}" if "error" in doc.get("meta", {}) else ""
            print(f"{Path(doc['id']).name[:34]:<34} {passages:>8} {counts[0]:>9} {counts[1]:>6} {counts[2]:>8} "
                  f"{counts[3]:>6}{error}")  # fmt: skip
    stage_time = ", ".join(f"{k} {v:.1f} s" for k, v in stats["stage_seconds"].items())
    print(
        f"\n{stats['documents']} documents, {stats['bytes'] / 1000:.0f} kB, {stats['errors']} errors, "
        f"{stats['seconds']:.1f} s ({stage_time})\nrecords: {target}; figures: {out}/seeds.stats.json"
    )
    return code


if __name__ == "__main__":
    sys.exit(run(*sys.argv[1:2]))

"""`make run`: the main job on the seed documents with embedded defaults, section by section."""

from __future__ import annotations

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
    print("\nReview these results: mlkit review out/seeds.jsonl", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(run(*sys.argv[1:2]))

"""Results for the review tests: the seeds through segment → romanize → noise → mentions, plus the June 15
declaration (seed 004, lines 917–935) aligned with its English translation, as mlkit JSONL."""

from __future__ import annotations

from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DECLARATION_LINES = (917, 935)


@cache
def seed_results() -> str:
    """The JSONL text (built once per test session: noise and the sentence encoders take seconds)."""
    import mlkit
    from mlkit.document import AlignmentLink, Document

    docs = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        doc = mlkit.segment(Document(path.read_text(encoding="utf-8"), id=path.name))
        for system in ("rr", "mr"):
            doc = mlkit.romanize_document(doc, system)
        docs.append(mlkit.annotate_mentions(mlkit.find_noise(doc)))
    english = Document((ROOT / "tests/data/align/declaration_en.txt").read_text(encoding="utf-8"),
                       id="declaration_en.txt")
    k = next(i for i, d in enumerate(docs) if d.id.startswith("004_"))
    src = docs[k]
    lines = src.text.split("\n")
    first, last = DECLARATION_LINES
    offset = sum(len(line) + 1 for line in lines[: first - 1])
    passage = Document("\n".join(lines[first - 1 : last]), id=src.id)
    aligned, english = mlkit.annotate_parallel(passage, english)

    def moved(r: tuple[int, ...]) -> tuple[int, ...]:
        return tuple(x + offset for x in r)

    docs[k] = src.add(links=[AlignmentLink(a.kind, moved(a.source), a.target, a.score, a.target_doc, a.note)
                             for a in aligned.links])
    english = english.replace(links=[AlignmentLink(a.kind, a.source, moved(a.target), a.score, a.target_doc, a.note)
                                     for a in english.links])
    return "".join(d.to_json() + "\n" for d in [*docs, english])


def write_seed_results(path: Path) -> Path:
    """Write the seeds' results to `path` and return it."""
    path.write_text(seed_results(), encoding="utf-8")
    return path

"""`mlkit align`: names ↔ English mentions, a passage ↔ its translation, an OCR'd text ↔ its reference."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from mlkit.cli.common import (
    add_from_arg,
    add_input_args,
    count,
    language,
    preview,
    read_documents,
    read_single,
    score,
    write_line,
)
from mlkit.errors import InvalidInputError
from mlkit.extras import require
from mlkit.textio import ERROR_MODES, read_path

if TYPE_CHECKING:
    from mlkit.document import Mention

FORMATS = ("jsonl", "tsv", "text")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the `align` subcommand and its three modes."""
    p = sub.add_parser("align", help="align names to mentions, passages to translations, OCR to references")
    modes = p.add_subparsers(dest="mode", required=True, metavar="MODE")

    m = modes.add_parser("mentions", help="find English mentions of the Korean names in the files")
    add_input_args(m)
    m.add_argument(
        "--names",
        metavar="FILE",
        help="Hangul names to look up, one a line (default: the names found in the files' Korean passages)",
    )
    m.add_argument("--format", choices=FORMATS, default="jsonl", help="output format (default: jsonl)")
    m.add_argument("--min-score", type=score, default=0.8, help="drop mentions scoring below this (0–1)")
    m.add_argument("--limit", type=count, default=0, help="at most this many mentions per name (0: all)")
    m.add_argument(
        "--annotate",
        action="store_true",
        help="write each input as an mlkit JSONL document with Mention annotations instead",
    )
    m.set_defaults(func=run_mentions)

    q = modes.add_parser("parallel", help="align a Korean passage with its English translation in beads")
    q.add_argument("src", metavar="SRC", help="source text (Korean), one unit a line unless --split")
    q.add_argument("tgt", metavar="TGT", help="target text (English), one unit a line unless --split")
    q.add_argument("--split", action="store_true", help="split both texts into sentences first")
    q.add_argument("--src-lines", metavar="A-B", help="use only lines A to B of SRC (1-based, inclusive)")
    q.add_argument("--tgt-lines", metavar="A-B", help="use only lines A to B of TGT (1-based, inclusive)")
    q.add_argument("--src-lang", type=language, default="ko", help="language of SRC for sentence splitting (ko)")
    q.add_argument("--tgt-lang", type=language, default="en", help="language of TGT for sentence splitting (en)")
    q.add_argument("--clauses", action="store_true", help="add clause links inside each paired bead")
    q.add_argument(
        "--fast",
        action="store_true",
        help="one sentence encoder (USE, with word coverage) instead of two: many times quicker "
        "on long texts, a little less exact",
    )
    q.add_argument("--format", choices=FORMATS, default="jsonl", help="output format (default: jsonl)")
    q.add_argument("--errors", choices=ERROR_MODES, default="strict", help="invalid UTF-8: stop or replace")
    add_from_arg(q)
    q.set_defaults(func=run_parallel)

    r = modes.add_parser("reference", help="character differences between an OCR'd text and its reference")
    r.add_argument("text", metavar="TEXT", help="the OCR'd (or otherwise doubtful) text")
    r.add_argument("reference", metavar="REFERENCE", help="the reference version of (part of) TEXT")
    r.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    r.add_argument("--errors", choices=ERROR_MODES, default="strict", help="invalid UTF-8: stop or replace")
    add_from_arg(r)
    r.set_defaults(func=run_reference)


def run_mentions(args: argparse.Namespace) -> int:
    """Print each name with its mentions, best first."""
    require("align", "mlkit align mentions")
    from mlkit.align.mentions import annotate_mentions, find_mentions, korean_names

    documents = list(read_documents(args))
    if args.annotate:
        for doc in documents:
            write_line(annotate_mentions(doc, min_score=args.min_score).to_json())
        return 0
    near = {} if args.names else korean_names(documents)
    names = _read_names(args.names, args.errors) if args.names else list(near)
    results = find_mentions(names, documents, min_score=args.min_score, limit=args.limit or None, near=near)
    if not results and args.format == "text":
        write_line("no Korean names found in the Korean passages of the input; pass --names FILE to look some up")
    for hangul, mentions in results.items():
        if args.format == "jsonl":
            write_line(
                json.dumps({"hangul": hangul, "mentions": [_mention_row(m) for m in mentions]}, ensure_ascii=False)
            )
        elif args.format == "tsv":
            for m in mentions:
                write_line(
                    "\t".join(
                        [hangul, m.text or "", m.doc_id or "", str(m.start), str(m.end), f"{m.score:.4f}", m.system]
                    )
                )
        else:
            if not mentions:
                write_line(f"{hangul}: no mention")
                continue
            top = mentions[0]
            more = len(mentions) - 1
            write_line(
                f"{hangul}: {top.text!r} {top.score:.2f} ({top.system}) {top.doc_id}:{top.start}"
                + (f"  (+{more} more)" if more else "")
            )
    return 0


def _mention_row(m: Mention) -> dict[str, object]:
    """One mention as `mlkit align mentions` writes it in JSONL ("file" is the document's id)."""
    return {"text": m.text, "file": m.doc_id, "start": m.start, "end": m.end, "score": m.score, "system": m.system}


def _read_names(path: str, errors: str) -> list[str]:
    doc = read_path(path, errors)
    names = [line.strip() for line in doc.text.splitlines() if line.strip() and not line.startswith("#")]
    if not names:
        raise InvalidInputError(f"{path}: no names; write one Hangul name a line")
    return list(dict.fromkeys(names))


def _lines(text: str, spec: str | None) -> str:
    """Lines A to B (1-based, inclusive) of a text, for aligning one passage of a longer file."""
    if not spec:
        return text
    try:
        first, _, last = spec.partition("-")
        a, b = int(first), int(last or first)
    except ValueError:
        raise InvalidInputError(f"--src-lines/--tgt-lines take A-B (e.g. 917-935), not {spec!r}") from None
    if a > b:
        raise InvalidInputError(f"line range {spec} runs backwards: give the first line first ({b}-{a})")
    lines = text.split("\n")
    if not 1 <= a <= b <= len(lines):
        raise InvalidInputError(f"line range {spec} is outside the file's {len(lines)} lines")
    return "\n".join(lines[a - 1 : b])


def run_parallel(args: argparse.Namespace) -> int:
    """Print the beads of SRC ↔ TGT."""
    require("align", "mlkit align parallel")
    from mlkit.align.parallel import align_texts, clause_links

    src = _lines(read_single(args.src, args).text, args.src_lines)
    tgt = _lines(read_single(args.tgt, args).text, args.tgt_lines)
    result = align_texts(src, tgt, split=args.split, src_lang=args.src_lang, tgt_lang=args.tgt_lang, fast=args.fast)
    for bead in result.beads:
        s_text, t_text = result.text_of(bead)
        clauses = clause_links(result, bead, args.src_lang, args.tgt_lang) if args.clauses else []
        if args.format == "jsonl":
            row: dict[str, object] = {"src": list(bead.source), "tgt": list(bead.target), "score": bead.score}
            if args.clauses:
                row["clauses"] = [
                    {"src": [c.src_start, c.src_end], "tgt": [c.tgt_start, c.tgt_end], "score": c.score}
                    for c in clauses
                ]
            write_line(json.dumps(row, ensure_ascii=False))
        elif args.format == "tsv":
            write_line(
                "\t".join(
                    [_indices(bead.source), _indices(bead.target), f"{bead.score:.4f}", _flat(s_text), _flat(t_text)]
                )
            )
        else:
            write_line(
                f"{bead.note:>4}  {bead.score:.2f}  "
                f"src {_indices(bead.source) or '-'}  tgt {_indices(bead.target) or '-'}"
            )
            write_line(f"      {args.src_lang}: {preview(s_text, 100) if s_text else '—'}")
            write_line(f"      {args.tgt_lang}: {preview(t_text, 100) if t_text else '—'}")
            for c in clauses:
                write_line(
                    f"        {c.score:.2f}  {preview(s_text[c.src_start : c.src_end], 40)}  ↔  "
                    f"{preview(t_text[c.tgt_start : c.tgt_end], 40)}"
                )
    return 0


def run_reference(args: argparse.Namespace) -> int:
    """Print the differences between TEXT and REFERENCE."""
    from mlkit.korean.reference import MIN_MATCHED, match_reference

    doc = read_single(args.text, args)
    ref = read_single(args.reference, args)
    if not ref.text.strip():
        raise InvalidInputError(f"{args.reference}: the reference is empty")
    found = match_reference(doc.text, ref.text)
    if found.matched < MIN_MATCHED:  # its differences would be the whole text; none listed would read "identical"
        print(f"mlkit align reference: only {found.matched:.0%} of {args.reference} was found in {args.text}: is it "
              "a version of this text? No differences listed", file=sys.stderr)
        return 1
    for d in found.differences:
        if args.format == "jsonl":
            write_line(
                json.dumps(
                    {
                        "kind": d.kind,
                        "start": d.start,
                        "end": d.end,
                        "text": d.text,
                        "ref_start": d.ref_start,
                        "ref_end": d.ref_end,
                        "ref_text": d.ref_text,
                    },
                    ensure_ascii=False,
                )
            )
        elif args.format == "tsv":
            write_line(
                "\t".join(
                    [
                        d.kind,
                        str(d.start),
                        str(d.end),
                        _flat(d.text),
                        str(d.ref_start),
                        str(d.ref_end),
                        _flat(d.ref_text),
                    ]
                )
            )
        else:
            write_line(f"line {doc.line_of(d.start):>5}  {d.kind:<12}  {d.text!r} → {d.ref_text!r}")
    return 0


def _indices(items: tuple[int, ...]) -> str:
    return ",".join(str(i) for i in items)


def _flat(text: str) -> str:
    return " ".join(text.split())

"""`mlkit romanize`: romanise Korean (six systems) and other scripts, line for line, as JSONL, or explained."""

from __future__ import annotations

import argparse
import unicodedata

from mlkit.cli.common import add_format_arg, add_input_args, language, read_documents, write_line, write_text
from mlkit.document import Document, Romanization
from mlkit.romanize import SYSTEMS, RomanizationResult, reference, romanize_document, text_windows


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the `romanize` subcommand."""
    p = sub.add_parser(
        "romanize",
        help="romanise Korean (rr, rr-translit, mr, dprk, dprk-media, yale) and other scripts",
        description="Write one output line per input line; English, digits and punctuation pass through.",
    )
    add_input_args(p)
    add_format_arg(p)
    p.add_argument(
        "--system",
        "-s",
        choices=(*SYSTEMS, "all"),
        default="rr",
        help="Korean romanisation system (default rr); all: every system, one after the other",
    )
    p.add_argument("--explain", action="store_true", help="print each syllable, its output and the rules that fired")
    p.add_argument(
        "--scope",
        choices=("text", "passages"),
        default="text",
        help="jsonl: one romanisation of the whole text, or one per foreign passage found by segment",
    )
    p.add_argument(
        "--passages",
        action="store_true",
        help="text format: print only the foreign passages (found by segment), each under its line numbers",
    )
    p.add_argument("--keep-diacritics", action="store_true", help="keep Vietnamese diacritics instead of folding")
    p.add_argument(
        "--names",
        choices=("off", "auto", "only"),
        default="auto",
        help="personal names: auto = where there is evidence (title, gazetteer, a bare name on its line; the"
        " edges say which), off = never, only = every surname-first word (a list of names)",
    )
    p.add_argument(
        "--lang",
        type=language,
        default=None,
        help="language of Han without kana: ja read as Japanese, ko as Hanja in Korean (so is Han on a line with"
        " Hangul), zh through unidecode",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Romanise each input document and print it."""
    systems = SYSTEMS if args.system == "all" else (args.system,)
    if args.format == "text" and args.input_format == "text" and not (args.passages or args.explain):
        for path in args.files or ["-"]:
            if _large_file(path):
                _stream(path, args, systems)
            else:
                _run(argparse.Namespace(**{**vars(args), "files": [path] if args.files else []}), systems)
        return 0
    return _run(args, systems)


def _large_file(path: str) -> bool:
    """A regular file larger than one block of `mlkit.textio.TextFile`: romanised as it is read."""
    import os
    import stat

    from mlkit.textio import BLOCK_BYTES

    try:
        st = os.stat(path)
    except OSError:
        return False  # the reader says what is wrong
    return stat.S_ISREG(st.st_mode) and st.st_size > BLOCK_BYTES


def _stream(path: str, args: argparse.Namespace, systems: tuple[str, ...]) -> None:
    """The plain-text romanisation of a large file, block by block (blocks end at line ends, as windows do):
    memory follows the block, not the file."""
    from mlkit.textio import TextFile

    source = TextFile(path, args.errors)
    for system in systems:
        if len(systems) > 1:
            write_line(f"== {system}")
        last = ""
        for block, _ in source.blocks():
            chunks = text_windows(
                block, system, keep_diacritics=args.keep_diacritics, lang=args.lang, names=args.names
            )
            for chunk in chunks:
                write_text(chunk)
                last = chunk or last
        if last and not last.endswith("\n"):
            write_text("\n")


def _run(args: argparse.Namespace, systems: tuple[str, ...]) -> int:
    for doc in read_documents(args):
        if args.format == "jsonl":
            for system in systems:
                write_line(_with_romanization(doc, args, system).to_json())
            continue
        if args.passages and not args.explain:
            print_passages(doc, systems, args.keep_diacritics, args.names)
            continue
        for system in systems:
            if args.explain:  # the explain view needs edges: straight from the rule engine
                result = reference(
                    doc.text, system, keep_diacritics=args.keep_diacritics, lang=args.lang, names=args.names
                )
                print_explanation(doc, result)
                continue
            if len(systems) > 1:
                write_line(f"== {system}")
            last = ""
            chunks = text_windows(
                doc.text, system, keep_diacritics=args.keep_diacritics, lang=args.lang, names=args.names
            )
            for chunk in chunks:
                write_text(chunk)  # streamed: a long input never sits in memory twice
                last = chunk or last
            if last and not last.endswith("\n"):
                write_text("\n")
    return 0


def _with_romanization(doc: Document, args: argparse.Namespace, system: str) -> Document:
    if args.scope == "passages":
        return romanize_document(doc, system, keep_diacritics=args.keep_diacritics, names=args.names)
    result = reference(doc.text, system, keep_diacritics=args.keep_diacritics, lang=args.lang, names=args.names)
    return doc.add(romanizations=[Romanization(0, len(doc.text), system, result.text, result.edges)])


def print_passages(
    doc: Document, systems: tuple[str, ...], keep_diacritics: bool = False, names: str = "auto"
) -> None:
    """Each foreign passage under a header naming its lines and language, romanised in each of `systems`."""
    from mlkit.segment import segment

    segmented = segment(doc) if not doc.passages() else doc
    passages = segmented.passages()
    name = doc.id or doc.meta.get("source", "<text>")
    write_line(f"{name}: {len(passages)} passage{'s' * (len(passages) != 1)}")
    by_system = [romanize_document(segmented, s, keep_diacritics=keep_diacritics, names=names) for s in systems]
    for k, span in enumerate(passages):
        first, last = doc.line_of(span.start), doc.line_of(max(span.start, span.end - 1))
        write_line(f"  lines {first}-{last} ({span.lang}):" if first != last else f"  line {first} ({span.lang}):")
        for system, romanised in zip(systems, by_system, strict=True):
            lines = [line.strip() for line in romanised.romanizations[k].text.splitlines() if line.strip()]
            label = f"{system}: " if len(systems) > 1 else ""
            for line in lines:
                write_line(f"    {label}{line}")


def print_explanation(doc: Document, result: RomanizationResult) -> None:
    """Each line with a romanised stretch, then one row per syllable: source, output, rules."""
    edges = [e for e in result.edges if e.rules]
    name = doc.id or doc.meta.get("source", "<text>")
    write_line(f"{name}: {result.system}, {len(edges)} romanised unit{'s' * (len(edges) != 1)}")
    by_line: dict[int, list] = {}
    for e in edges:
        by_line.setdefault(doc.line_of(e.src_start), []).append(e)
    lines = result.text.splitlines()
    src_lines = doc.text.splitlines()
    for number, group in by_line.items():
        write_line(f"  line {number}: {src_lines[number - 1].strip()[:70]}")
        write_line(f"        → {lines[number - 1].strip()[:70] if number <= len(lines) else ''}")
        cells = [(doc.text[e.src_start : e.src_end], result.text[e.out_start : e.out_end], e) for e in group]
        src_width = max(_width(s) for s, _, _ in cells)
        out_width = max(_width(o) for _, o, _ in cells)
        for src, out, e in cells:
            write_line(f"    {_pad(src, src_width)}  {_pad(out, out_width)}  {', '.join(e.rules)}")


def _width(text: str) -> int:
    """Terminal columns of a string (Hangul and CJK take two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))

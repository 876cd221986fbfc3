"""`mlkit process`: every stage over a corpus (files, directories, globs, JSONL, stdin) into JSONL, in input
order, on one process, a process pool or a Dask cluster; resumable, and a bad document never stops it."""

from __future__ import annotations

import argparse
import sys

from mlkit.errors import InvalidOptionError, UnknownOptionError

STAGE_NAMES = ("segment", "romanize", "noise", "mentions", "parallel")


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `process` subcommand."""
    p = sub.add_parser(
        "process",
        help="run the stages over a corpus into JSONL (resumable, parallel)",
        description=(
            "Run the stages over files, directories (recursive), globs, JSONL or standard input, and write "
            "one JSONL document per input document, in input order. A document that cannot be read or "
            "processed becomes an error record (meta.error) and the run goes on; the exit code is then 1."
        ),
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="files, directories, globs or - (default: stdin)")
    p.add_argument(
        "-o",
        "--output",
        default="-",
        metavar="OUT",
        help="- for standard output, a .jsonl file, or a directory of shards (any other name)",
    )
    p.add_argument(
        "--stages",
        default=",".join(STAGE_NAMES),
        help=f"comma-separated stages (required ones are added): {','.join(STAGE_NAMES)} (default: all)",
    )
    p.add_argument(
        "--from",
        dest="input_format",
        choices=("auto", "text", "jsonl"),
        default="auto",
        help="input format: auto reads *.jsonl and *.ndjson as JSONL, anything else as one text per file",
    )
    p.add_argument("--text-field", default="text", help="JSONL field holding the text (default: text)")
    p.add_argument("--id-field", default="id", help="JSONL field holding the document id (default: id)")
    p.add_argument("--systems", default="rr", help="romanisation systems for Korean passages, comma-separated")
    p.add_argument("--noise-min-score", type=float, default=0.0, help="drop noise flags scoring below this")
    p.add_argument(
        "--errors",
        choices=("strict", "replace"),
        default="strict",
        help="invalid UTF-8: an error record (strict) or U+FFFD with a flag (replace)",
    )
    p.add_argument("--max-bytes", type=_size, default="16M", help="documents larger than this become errors")
    p.add_argument("--engine", choices=("local", "processes", "dask"), default="local", help="where to run")
    p.add_argument("--workers", type=int, default=0, help="worker processes (default: the number of CPUs)")
    p.add_argument("--scheduler", metavar="ADDRESS", help="a running Dask scheduler, e.g. tcp://10.0.0.5:8786")
    p.add_argument("--shard-size", type=_size, default="1M", help="input bytes per shard (default: 1M)")
    p.add_argument("--resume", action="store_true", help="keep the finished shards of an interrupted run")
    p.add_argument(
        "--worker-memory",
        type=_size,
        metavar="SIZE",
        help="a worker holding more than this after a shard is replaced by a fresh process (processes engine) or "
        "empties the stages' caches (default 512M; 0: never)",
    )
    p.add_argument("--stats", metavar="PATH", help="where to write stats.json (default: beside the output)")
    p.add_argument("--no-progress", action="store_true", help="never show a progress bar")
    p.set_defaults(func=run)


def _size(value: str) -> int:
    """A byte count such as 500000, 512K, 1M or 2G."""
    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    text = value.strip().upper().removesuffix("B")
    try:
        if text and text[-1] in units:
            return int(float(text[:-1]) * units[text[-1]])
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a size: {value!r} (e.g. 500000, 512K, 1M)") from None


def run(args: argparse.Namespace) -> int:
    """Process the corpus; exit code 1 when any document became an error record."""
    from mlkit.pipeline.config import Config
    from mlkit.pipeline.memory import WORKER_MEMORY_MB
    from mlkit.pipeline.runner import Run
    from mlkit.pipeline.stages import check

    if args.resume and args.output == "-":
        raise UnknownOptionError("--resume needs an output file or directory (-o), not standard output")
    if args.workers < 0:
        raise InvalidOptionError(f"--workers {args.workers}: give 0 (one per CPU) or more")
    if args.shard_size <= 0:
        raise InvalidOptionError(f"--shard-size {args.shard_size}: a shard needs at least one byte")
    if not args.stages.strip(" ,"):
        raise InvalidOptionError(f"--stages is empty: name at least one of {','.join(STAGE_NAMES)}")
    config = check(
        Config(
            stages=args.stages,
            romanize_systems=args.systems,
            noise_min_score=args.noise_min_score,
            max_bytes=args.max_bytes,
            decode_errors=args.errors,
        )
    )
    job = Run(
        paths=args.paths,
        output=args.output,
        config=config,
        input_format=args.input_format,
        text_field=args.text_field,
        id_field=args.id_field,
        engine=args.engine,
        workers=args.workers,
        scheduler=args.scheduler,
        shard_bytes=args.shard_size,
        resume=args.resume,
        stats_path=args.stats,
        progress=not args.no_progress,
        worker_memory_mb=WORKER_MEMORY_MB if args.worker_memory is None else args.worker_memory >> 20,
        own_process=getattr(args, "own_process", False),
    )
    stats = job.run()
    if not stats["documents"]:
        print(f"mlkit: no document was read from {' '.join(args.paths)}", file=sys.stderr)
    if stats["errors"]:
        print(
            f"mlkit: {stats['errors']} of {stats['documents']} documents became error records (see meta.error)",
            file=sys.stderr,
        )
        return 1
    return 0

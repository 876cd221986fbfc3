"""The `mlkit` command: one subcommand per module in this package (each defines `register`).

Only the module of the subcommand being run is imported, so `mlkit romanize` never loads the segmenter's
tables or the noise models; `mlkit --help` lists every subcommand from the summaries below without importing
any of them.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from mlkit.errors import MlkitError

# subcommand → its one-line summary in `mlkit --help` (the module mlkit.cli.<name> gives the full parser)
SUMMARIES = {
    "segment": "find embedded passages by script and language",
    "romanize": "romanise Korean (rr, rr-translit, mr, dprk, dprk-media, yale) and other scripts",
    "noise": "flag OCR errors, garbled words and scrape artefacts for review",
    "align": "align names to mentions, passages to translations, OCR to references",
    "process": "run the stages over a corpus: files, folders or JSONL, in order, resumable",
    "review": "review what mlkit found in a local web app; decisions kept in SQLite",
    "report": "write one self-contained HTML report of the results",
}


def _version() -> str:
    from mlkit import __version__

    return f"mlkit {__version__}"


def command_names() -> list[str]:
    """Every subcommand, in the order of SUMMARIES (a table, not a scan of this package: listing modules
    with pkgutil imports `inspect`, a tenth of the one-line start-up; a test checks the two agree)."""
    return list(SUMMARIES)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser: the subcommand `only` is built in full, the others are listed by their summary."""
    parser = argparse.ArgumentParser(
        prog="mlkit",
        description="Find, romanise, align and review foreign-language passages in mostly-English text.",
    )
    parser.add_argument("--version", action="version", version=_version())
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in command_names():
        if name == only:
            importlib.import_module(f"{__name__}.{name}").register(sub)
        else:
            sub.add_parser(name, help=SUMMARIES[name], add_help=False)
    return parser


def _invoked(argv: list[str]) -> str | None:
    """The subcommand named on the command line (the first word that is not an option), if any."""
    for arg in argv:
        if not arg.startswith("-"):
            return arg if arg in SUMMARIES else None
        if arg == "--":
            return None
    return None


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; errors print one clear line on stderr and set the exit code, never a traceback. Called with
    no `argv` it is the `mlkit` program, which owns its process (so it may settle its garbage collector)."""
    own_process = argv is None
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        parser = build_parser(only=_invoked(argv))
        args = parser.parse_args(argv)
        args.own_process = own_process
        if getattr(args, "func", None) is None:
            parser.print_help()
            return 0 if not argv else 2
        return int(args.func(args) or 0)
    except ModuleNotFoundError as exc:
        from mlkit.extras import extra_for

        extra = extra_for(exc.name)
        if extra is None:
            raise
        print(f"mlkit: error: this command needs the '{extra}' extra ({exc.name} not installed): "
              f"pip install 'mlkit[{extra}]'", file=sys.stderr)
        return 2
    except MlkitError as exc:
        print(f"mlkit: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())

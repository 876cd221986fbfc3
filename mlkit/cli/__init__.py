"""The `mlkit` command: one subcommand per module in this package (each defines `register`)."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

from mlkit.errors import MlkitError


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand found in `mlkit.cli`."""
    parser = argparse.ArgumentParser(
        prog="mlkit",
        description="Find, romanise, align and review foreign-language passages in mostly-English text.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_") or info.name == "common":
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; errors print one clear line on stderr and set the exit code, never a traceback."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
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

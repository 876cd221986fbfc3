"""`mlkit review`: check results in the browser; export, import and compare reviewers' decisions.

`mlkit review RESULTS.jsonl` is short for `mlkit review serve RESULTS.jsonl`: a first argument that is not one
of the commands is taken as the results file (a results file named like a command needs `serve` spelt out).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

COMMANDS = ("serve", "export", "import", "agreement")


class _ServeByDefault(argparse.ArgumentParser):
    """A parser that reads `review FILE ...` as `review serve FILE ...`."""

    def parse_known_args(self, args=None, namespace=None):  # type: ignore[no-untyped-def,override]
        args = list(sys.argv[1:] if args is None else args)
        if args and args[0] not in COMMANDS and args[0] not in ("-h", "--help"):
            args = ["serve", *args]
        return super().parse_known_args(args, namespace)


def _reviewer() -> str:
    try:
        return os.environ.get("MLKIT_REVIEWER") or getpass.getuser()
    except (KeyError, OSError):
        return "reviewer"


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the `review` subcommand and its four commands."""
    p = sub.add_parser(
        "review",
        help="review results in the browser (serve, export, import, agreement)",
        description="Review flags, mentions, beads and romanisations in a local web app. "
        "`mlkit review RESULTS.jsonl` is short for `mlkit review serve RESULTS.jsonl`.",
    )
    p.__class__ = _ServeByDefault
    cmds = p.add_subparsers(dest="review_command", required=True, metavar="COMMAND",
                            parser_class=argparse.ArgumentParser)

    s = cmds.add_parser("serve", help="open the review app on a results file (the default command)")
    s.add_argument("results", metavar="RESULTS.jsonl", help="mlkit JSONL documents (from mlkit process or any stage)")
    _db_arg(s)
    s.add_argument("--port", type=int, default=8765, help="port to listen on (0: any free port; default 8765)")
    s.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1; anything else lets other machines in)")
    s.add_argument("--reviewer", default=None, help="name recorded with each decision (default: $MLKIT_REVIEWER "
                   "or the login name)")
    s.add_argument("--open", action="store_true", help="open the app in the default browser")
    s.set_defaults(func=run_serve)

    e = cmds.add_parser("export", help="write decisions (JSONL, CSV) and the corrected documents (mlkit JSONL)")
    e.add_argument("results", metavar="RESULTS.jsonl")
    _db_arg(e)
    e.add_argument("-o", "--out", required=True, metavar="DIR",
                   help="folder for decisions.jsonl, decisions.csv and corrected.jsonl")
    e.set_defaults(func=run_export)

    i = cmds.add_parser("import", help="merge another reviewer's decisions.jsonl into this review's database")
    i.add_argument("results", metavar="RESULTS.jsonl")
    i.add_argument("decisions", metavar="DECISIONS.jsonl", help="a decisions.jsonl written by `mlkit review export`")
    _db_arg(i)
    i.set_defaults(func=run_import)

    a = cmds.add_parser("agreement", help="items two reviewers decided differently, and Cohen's kappa")
    a.add_argument("results", metavar="RESULTS.jsonl")
    _db_arg(a)
    a.add_argument("--reviewers", nargs=2, metavar=("A", "B"), help="the two reviewers (default: the first two)")
    a.set_defaults(func=run_agreement)


def _db_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", metavar="FILE", help="decisions database (default: RESULTS.review.sqlite beside RESULTS)")


def run_serve(args: argparse.Namespace) -> int:
    """Serve the app until Ctrl-C."""
    from mlkit.review.serve import make_app, serve

    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(f"mlkit review: warning: listening on {args.host}: anyone who can reach this address can read the "
              "documents and record decisions", file=sys.stderr)
    app = make_app(args.results, args.db, args.reviewer or _reviewer(), args.host)
    serve(app, args.host, args.port, args.open)
    return 0


def run_export(args: argparse.Namespace) -> int:
    """Write the three export files and say where."""
    from mlkit.review.export import export

    paths = export(args.results, args.db, args.out)
    for path in paths:
        print(path)
    return 0


def run_import(args: argparse.Namespace) -> int:
    """Merge the decisions file and say how many were new."""
    from mlkit.review.export import import_decisions

    added, total = import_decisions(args.results, args.db, args.decisions)
    print(f"{added} new decisions of {total} in {args.decisions}")
    return 0


def run_agreement(args: argparse.Namespace) -> int:
    """Print the disagreements and the agreement figure."""
    from mlkit.review.export import agreement_report

    print(agreement_report(args.results, args.db, args.reviewers))
    return 0

"""`mlkit report`: one self-contained HTML file with the review views of a results file, to send by mail."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the `report` subcommand."""
    p = sub.add_parser("report", help="write a static, read-only HTML report of a results file")
    p.add_argument("results", metavar="RESULTS.jsonl", help="mlkit JSONL documents")
    p.add_argument("-o", "--out", required=True, metavar="FILE", help="the HTML file to write")
    p.add_argument("--db", metavar="FILE", help="show the decisions of this review database too")
    p.add_argument("--system", default="", help="romanisation system shown for Korean passages (default: the "
                   "first in the results)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Write the report and print its path."""
    import os

    from mlkit.errors import InvalidInputError
    from mlkit.review.report import report_html
    from mlkit.review.serve import load_results
    from mlkit.review.session import Review
    from mlkit.review.store import Store

    if args.db and not os.path.exists(args.db):
        raise InvalidInputError(f"{args.db}: no such review database")
    store = Store(args.db or ":memory:")
    html = report_html(Review(load_results(args.results), store), args.system)
    store.close()
    try:
        with open(args.out, "w", encoding="utf-8") as fh:
            fh.write(html)
    except OSError as exc:
        raise InvalidInputError(f"{args.out}: {exc.strerror}") from None
    print(args.out)
    return 0

"""The ``gendermap`` command.

Each subcommand lives in its own module under :mod:`gendermap.cli` and defines
``add_arguments(parser)`` and ``run(args) -> int``. Modules are imported only when
their subcommand is asked for, so ``gendermap --help`` stays fast and one
subcommand's heavy dependencies never slow another.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

SUBCOMMANDS: dict[str, tuple[str, str]] = {
    # name: (module, one-line help)
    "build": ("build", "Fetch raw data, join boundaries and populations, compute indicators."),
    "analyse": ("analyse", "Synthesis, hot spots and focus ranking for chosen method, weights and area."),
    "validate": ("validate", "Check an indicator file and print a table of problems."),
    "import": ("import_", "Check, preview and store an indicator file as a signed-in user; history and undo."),
    "export": ("export", "Write the joined data as GeoPackage, GeoJSON, CSV, XLSX or GeoParquet."),
    "serve": ("serve", "Start the web app."),
    "report": ("report", "Write a district report as PDF or HTML."),
    "users": ("users", "Manage monitoring users (add, list, set role)."),
    "monitor": ("monitor", "Local equality monitoring: seed demo data, import observations."),
    "feedback": ("feedback", "Comments on the maps and feedback meetings: moderate, export minutes."),
    "workshop": ("workshop", "Workshop (çalıştay): focus criteria chosen together, consensus ranking."),
    "embed": ("embed", "Write a self-contained HTML map for another web site (or an iframe snippet)."),
    "indicators": ("indicators", "Indicators defined by users: list, add, review, retire, data-collection kit."),
    "assessment": ("assessment", "Municipal needs analysis: workbook template, import, PDF report."),
    "series": ("series", "Write a visual and audio series (cards, audio, index.html, series.csv) for an area."),
}


def _load(name: str):
    module, _ = SUBCOMMANDS[name]
    return importlib.import_module(f"gendermap.cli.{module}")


def build_parser(argv: Sequence[str]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gendermap",
        description="Mahalle-level gender-inequality map and monitoring for İzmir and Balıkesir.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    chosen = next((a for a in argv if not a.startswith("-")), None)
    for name, (_, help_text) in SUBCOMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        if name == chosen:
            _load(name).add_arguments(p)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 2
    return int(_load(args.command).run(args) or 0)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())

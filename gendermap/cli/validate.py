"""``gendermap validate FILE``: check an indicator file and print its problems table.

Exit status 0 when the file has no errors (warnings allowed), 1 when it has errors.
Nothing is stored; ``gendermap import`` stores.
"""

from __future__ import annotations

import argparse
import sys

import pandas as pd

from gendermap.config import get_settings
from gendermap.io.catalogue_file import load_full_catalogue
from gendermap.io.importers import MAX_BYTES, ImportResult, load_reference, validate_file
from gendermap.problems import ERROR, WARNING
from gendermap.tabular import write_csv


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="CSV/XLSX template, TÜİK MEDAS export, GeoJSON/GeoPackage/shapefile, or a zip of those")
    add_common_arguments(parser)
    parser.add_argument("--format", choices=["table", "csv"], default="table",
                        help="table (for people, default) or csv (file,row,column,problem,problem_en,severity,code)")


def add_common_arguments(parser: argparse.ArgumentParser) -> None:
    """Options shared with ``gendermap import``."""
    parser.add_argument("--indicator", help="indicator id for files that do not name it (e.g. a MEDAS export)")
    parser.add_argument("--year", type=int, help="year for files that do not give it")
    parser.add_argument("--lang", choices=["tr", "en"], default="tr", help="language of the messages (default tr)")
    parser.add_argument("--max-mb", type=float, default=MAX_BYTES / 1024 / 1024,
                        help=f"refuse files larger than this many MiB (default {MAX_BYTES // 1024 // 1024})")


def format_problems(problems: pd.DataFrame, lang: str = "tr") -> str:
    """The problems table as aligned text: file, row, column, severity, problem."""
    message = "problem_en" if lang == "en" else "problem"
    head = ["file", "row", "column", "severity", "problem"] if lang == "en" else ["dosya", "satır", "sütun", "önem", "sorun"]
    severity: dict[str, str] = {ERROR: "hata", WARNING: "uyarı"} if lang == "tr" else {ERROR: "error", WARNING: "warning"}
    rows = [[str(p.file), str(p.row) if p.row else "—", str(p.column) or "—", severity.get(str(p.severity), str(p.severity)),
             str(getattr(p, message))] for p in problems.itertuples(index=False)]
    widths = [max([len(head[i])] + [min(len(r[i]), 40) for r in rows]) for i in range(4)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(head[:4], widths, strict=True)) + "  " + head[4]]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r[:4], widths, strict=True)) + "  " + r[4] for r in rows]
    return "\n".join(lines)


def summary(result: ImportResult, lang: str = "tr") -> str:
    errors = int((result.problems["severity"] == ERROR).sum())
    warnings = int((result.problems["severity"] == WARNING).sum())
    if lang == "en":
        return (f"{result.file}: {result.kind}; {result.accepted} row(s) accepted, {result.rejected} rejected; "
                f"{errors} error(s), {warnings} warning(s)")
    return (f"{result.file}: {result.kind}; {result.accepted} satır kabul, {result.rejected} red; "
            f"{errors} hata, {warnings} uyarı")


def new_mahalle_note(result: ImportResult, lang: str = "tr") -> str:
    """One line naming the mahalle newer than the 2023 list (kept, not joined to the map)."""
    if result.new_mahalle.empty:
        return ""
    names = ", ".join(f"{rec['province']} / {rec['district']} / {rec['mahalle'] or '—'} ({rec['mahalle_code']})"
                      for rec in result.new_mahalle.to_dict("records"))
    if lang == "en":
        return f"new mahalle (not in TÜİK's 2023 list; kept, not joined to the map until their boundaries are known): {names}"
    return f"yeni mahalle (TÜİK 2023 listesinde yok; saklanır, sınırları bilinene kadar haritaya bağlanmaz): {names}"


def run(args: argparse.Namespace) -> int:
    settings = get_settings()
    catalogue = load_full_catalogue(settings)
    reference = load_reference(settings.gpkg_path)
    if reference is None:
        print("uyarı: mahalle katmanı yok (önce `gendermap build`); mahalle kodları denetlenemedi"
              if args.lang == "tr" else
              "warning: no mahalle layer (run `gendermap build` first); mahalle codes not checked", file=sys.stderr)
    result = validate_file(args.file, catalogue, reference, indicator=args.indicator, year=args.year,
                           max_bytes=int(args.max_mb * 1024 * 1024))
    if args.format == "csv":
        write_csv(result.problems, sys.stdout)  # a file name may start with "=": neutralised
    else:
        if not result.problems.empty:
            print(format_problems(result.problems, args.lang))
        print(summary(result, args.lang))
        if note := new_mahalle_note(result, args.lang):
            print(note)
    return 0 if result.ok else 1

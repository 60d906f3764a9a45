"""``gendermap report``: a district report as PDF or HTML, for one district, all or the shortlist.

    gendermap report --district Seferihisar --format pdf --out seferihisar.pdf
    gendermap report --district Seferihisar --lang en --format html --out seferihisar.html
    gendermap report --all --out reports/          # every district, with progress
    gendermap report --shortlist --out reports/    # the adopted workshop shortlist, else the
                                                   # build's default one (build/focus.parquet)
    gendermap report --list                        # district names

Errors a person can fix (unknown district, no build, no data for a district) print one
clear message and exit 1; ``--all`` reports such districts and carries on.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from gendermap.report.content import ReportData


def add_arguments(parser: argparse.ArgumentParser) -> None:
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--district", help="district name (or 'İl/İlçe', or district code)")
    which.add_argument("--all", action="store_true", help="every district, into the --out folder")
    which.add_argument("--shortlist", action="store_true", help="the current focus districts, into --out")
    which.add_argument("--list", action="store_true", help="print the district names and exit")
    parser.add_argument("--format", choices=("pdf", "html"), default="pdf")
    parser.add_argument("--lang", choices=("tr", "en"), default="tr")
    parser.add_argument("--out", type=Path, help="file (one district) or folder (--all, --shortlist)")


def _read_optional(path: Path, key: str | None = None) -> pd.DataFrame | None:
    import pandas as pd

    if not path.exists():
        return None
    table = pd.read_parquet(path)
    if key:
        table[key] = table[key].astype("string")
    return table


def load_data(progress: Callable[[str], None] | None = None) -> ReportData:
    """Build tables -> :class:`~gendermap.report.content.ReportData`, read once per run.

    Optional tables that are missing (an older build) leave their section saying so.
    """
    from gendermap.config import get_settings
    from gendermap.io.export import read_build_tables
    from gendermap.monitor.assessment.summary import summaries_for
    from gendermap.report.content import ReportData, ReportError

    settings = get_settings()
    if progress:
        progress("build tables")
    tables = read_build_tables(settings)
    if tables.synthesis is None:
        raise ReportError(
            "build/synthesis.parquet yok: sentez endeksi hesaplanmamış. 'gendermap build' çalıştırın. "
            "(synthesis missing: run 'gendermap build')"
        )
    build = settings.build_dir
    return ReportData(
        mahalle=tables.mahalle,
        indicators=tables.indicators,
        synthesis=tables.synthesis,
        catalogue=tables.catalogue,
        district_indicators=_read_optional(build / "district_indicators.parquet"),
        province_indicators=_read_optional(build / "province_indicators.parquet"),
        district_synthesis=_read_optional(build / "district_synthesis.parquet"),
        district_inputs=tables.district_inputs,
        hotspots=_read_optional(build / "hotspots.parquet", "mahalle_code"),
        focus=_read_optional(build / "focus.parquet"),
        extra={"municipalities": summaries_for(settings)},
    )


def _adopted_shortlist() -> pd.DataFrame | None:
    """The shortlist of the workshop result adopted last (``gendermap workshop adopt``)."""
    from sqlalchemy.exc import SQLAlchemyError

    from gendermap.participation.store import ParticipationStore

    try:
        store = ParticipationStore()
        try:
            result = store.adopted_result()
        finally:
            store.close()
    except SQLAlchemyError as exc:  # no database reachable: the build's shortlist, said aloud
        print(f"uyarı: çalıştay veritabanı açılamadı, derlemenin kısa listesi kullanılıyor "
              f"(workshop database unavailable: {type(exc).__name__})", file=sys.stderr)
        return None
    if result is None:
        return None
    print(f"Çalıştay {result.session_code} (sürüm {result.version}) kısa listesi kullanılıyor "
          "(the adopted workshop shortlist).", file=sys.stderr)
    return result.shortlist().sort_values("rank")


def _err(message: str) -> int:
    print(f"gendermap report: {message}", file=sys.stderr)
    return 1


def run(args: argparse.Namespace) -> int:
    from gendermap.io.export import ExportError
    from gendermap.report.api import build_report, report_filename
    from gendermap.report.content import ReportError, district_names

    if not (args.district or args.all or args.shortlist or args.list):
        return _err("--district, --all, --shortlist ya da --list verin (give one of them).")
    try:
        data = load_data(lambda stage: print(f"- {stage}", file=sys.stderr, flush=True))
    except (ReportError, ExportError) as exc:
        return _err(str(exc))
    names = district_names(data.mahalle)
    if args.list:
        for r in names.itertuples():
            print(f"{r.province}/{r.district}\t{r.district_code}")
        return 0
    if args.district:
        out = args.out or Path(report_filename(args.district, args.lang, args.format))
        try:
            content = build_report(args.district, args.lang, args.format, data)
        except ReportError as exc:
            return _err(str(exc))
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(content)
        print(f"{out} ({len(content) / 1024:.0f} KB)")
        return 0
    if args.shortlist:
        if data.focus is None or "shortlisted" not in data.focus:
            return _err("Odak ilçe listesi yok: build/focus.parquet bulunamadı; önce 'gendermap build' "
                        "çalıştırın. (focus list missing: run 'gendermap build')")
        shortlist = data.focus[data.focus["shortlisted"].astype(bool)].sort_values("rank")
        adopted = _adopted_shortlist()
        if adopted is not None:  # a workshop's result the moderators adopted
            shortlist = adopted
        names = names.set_index("district_code").loc[
            [c for c in shortlist["district_code"] if c in set(names["district_code"])]
        ].reset_index()
        if names.empty:
            return _err("Odak ilçe listesi boş (the focus list is empty).")
        print("Odak ilçeler / focus districts: " + ", ".join(names["district"]), file=sys.stderr)
    folder = args.out or Path("reports")
    folder.mkdir(parents=True, exist_ok=True)
    failed = 0
    total = len(names)
    start = time.perf_counter()
    for i, r in enumerate(names.itertuples(), 1):
        t0 = time.perf_counter()
        target = folder / report_filename(f"{r.province} {r.district}", args.lang, args.format)
        try:
            target.write_bytes(build_report(str(r.district_code), args.lang, args.format, data))
            status = f"{target.name} {time.perf_counter() - t0:.1f} s"
        except ReportError as exc:
            failed += 1
            status = f"ATLANDI / skipped: {exc}"
        print(f"[{i}/{total}] {r.province}/{r.district}: {status}", file=sys.stderr, flush=True)
    print(f"{total - failed}/{total} rapor {folder} içinde ({time.perf_counter() - start:.0f} s)")
    return 1 if failed == total else 0

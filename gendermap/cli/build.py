"""``gendermap build``: fetch raw data, join boundaries to TÜİK, write ``build/``.

Prints progress while fetching (the first online build downloads ~2,600 files), the
match rates per province against the coverage floors, and any problem found. Exits 1
when a schema check fails (then nothing is written and the previous build stays), an
alias row is unusable, or a province is below its floor.
"""

from __future__ import annotations

import argparse
import sys

from gendermap.config import get_settings


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress output")


def _progress(quiet: bool):
    last: dict[str, int] = {}

    def report(stage: str, done: int, total: int, detail: str) -> None:
        if quiet:
            return
        if stage == "fetch" and total:
            step = max(1, total // 20)
            if done == total or done - last.get(stage, 0) >= step:
                last[stage] = done
                print(f"  fetch {done}/{total} files", file=sys.stderr, flush=True)
        elif done == 0:
            print(f"- {stage}", file=sys.stderr, flush=True)

    return report


def run(args: argparse.Namespace) -> int:
    from gendermap.io.fetch import FetchError
    from gendermap.pipeline import (
        FLOOR_MAHALLE,
        FLOOR_POPULATION,
        BuildError,
        BuildValidationError,
        build,
    )

    settings = get_settings()
    source = f"mirror {settings.mirror}" if settings.mirror else f"cache {settings.cache_dir}"
    if not args.quiet:
        print(f"gendermap build: raw data from {source}", file=sys.stderr)
    try:
        result = build(settings, progress=_progress(args.quiet))
    except BuildValidationError as exc:
        print(f"build failed, nothing written (the previous build is unchanged): "
              f"{len(exc.failures)} schema failure(s):\n{exc.failures.to_string(index=False)}", file=sys.stderr)
        return 1
    except (BuildError, FetchError) as exc:
        print(f"build failed: {exc}", file=sys.stderr)
        if isinstance(exc, FetchError) and settings.mirror is None:
            print("hint: without internet, point GENDERMAP_MIRROR at a local copy of the raw files "
                  "(e.g. GENDERMAP_MIRROR=../shared/data/mirror); `make` does this when it exists.",
                  file=sys.stderr)
        return 1
    print(f"Match rates (floors: mahalle >= {FLOOR_MAHALLE:.1%}, population >= {FLOOR_POPULATION:.1%}):")
    for p in result.provinces:
        flag = "ok" if p.meets_floors else "BELOW FLOOR"
        print(
            f"  {p.province:<10} mahalle {p.matched_mahalle}/{p.tuik_mahalle} = {p.mahalle_rate:.2%}  "
            f"population {p.covered_population:,}/{p.population:,} = {p.population_rate:.2%}  "
            f"polygons {p.polygons} ({p.unpopulated_polygons} without residents)  {flag}"
        )
    written = [result.gpkg_path, result.match_report_path, result.district_inputs_path, *result.indicator_paths,
               *result.analysis_paths]
    print(f"Wrote {', '.join(str(p) for p in written)} in {result.seconds:.1f} s")
    for title, frame in (
        ("Alias table problems (data/boundaries/aliases.csv)", result.alias_problems),
        ("District input problems", result.district_problems),
    ):
        if not frame.empty:
            print(f"{title}:\n{frame.to_string(index=False)}", file=sys.stderr)
    return 0 if result.ok else 1

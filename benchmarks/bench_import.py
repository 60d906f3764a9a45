"""Benchmark: storing imported map data in the monitoring database (issue 15).

For every coded mahalle of the build it writes a tidy CSV (population and two more
indicators, ``--years`` years, women and men: ~2,400 × 3 × years × 2 rows), then, on
SQLite and (when ``GENDERMAP_TEST_PG_URL`` is set, as ``make bench`` does) PostgreSQL:

- ``check_seconds``: read and check the file and compute the preview (no write)
- ``store_seconds``: keep the original and store history + rows in one transaction
- ``reader_max_seconds``: the slowest of the dashboard-like reads (current rows,
  history) another thread made while the store ran -- readers must not queue behind it
- ``revert_seconds`` and ``current_rows_seconds``
- ``refresh_seconds`` (SQLite only): recomputing the published tables afterwards

    .venv/bin/python benchmarks/bench_import.py [--years 3]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

INDICATORS = ("population", "illiteracy_15", "employment_15_64")


def _write_csv(path: Path, codes: list[str], years: int) -> int:
    lines = ["mahalle_code;indicator;year;sex;numerator;denominator"]
    for year in range(2024, 2024 + years):
        for n, code in enumerate(codes):
            for indicator in INDICATORS:
                for sex, base in (("K", 1000), ("E", 950)):
                    if indicator == "population":
                        lines.append(f"{code};{indicator};{year};{sex};{base + n % 97};")
                    else:
                        lines.append(f"{code};{indicator};{year};{sex};{(base + n % 97) // 10};{base + n % 97}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines) - 1


def _run(url: str, settings, upload: Path, *, refresh: bool) -> dict[str, float | int]:
    from gendermap import ingest
    from gendermap.monitor.auth import Actor
    from gendermap.monitor.mapdata import MapDataStore
    from gendermap.monitor.store import MonitorStore

    store = MonitorStore(url)
    store.add_user(Actor.system_actor("bench"), "yonetici", "bench-parola-123", "admin")
    data = MapDataStore(store)
    admin = store.sign_in("yonetici", "bench-parola-123")
    t0 = time.perf_counter()
    checked = ingest.check_file(upload, settings, data)
    check = time.perf_counter() - t0

    reads: list[float] = []
    done = threading.Event()

    def reader() -> None:
        other = MapDataStore(MonitorStore(url, migrate=False))
        while not done.is_set():
            r0 = time.perf_counter()
            other.history()
            other.store.engine.dispose()
            reads.append(time.perf_counter() - r0)
            time.sleep(0.05)
        other.store.close()

    thread = threading.Thread(target=reader)
    thread.start()
    t0 = time.perf_counter()
    stored = ingest.store(admin, checked, settings, data)
    store_seconds = time.perf_counter() - t0
    done.set()
    thread.join()
    t0 = time.perf_counter()
    rows = data.current_rows()
    current = time.perf_counter() - t0
    result: dict[str, float | int] = {
        "rows": int(stored.accepted), "check_seconds": round(check, 2), "store_seconds": round(store_seconds, 2),
        "reads_during_store": len(reads), "reader_max_seconds": round(max(reads, default=0.0), 3),
        "current_rows_seconds": round(current, 2), "current_rows": len(rows),
    }
    if refresh:
        t0 = time.perf_counter()
        ingest.refresh(settings)
        result["refresh_seconds"] = round(time.perf_counter() - t0, 1)
    t0 = time.perf_counter()
    ingest.revert(admin, stored.import_id, data)
    result["revert_seconds"] = round(time.perf_counter() - t0, 3)
    store.close()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--years", type=int, default=3)
    args = parser.parse_args(argv)
    import pyogrio

    from gendermap.config import get_settings

    base = get_settings()
    if not base.gpkg_path.exists():
        print(json.dumps({"error": "no build: run `gendermap build` first"}))
        return 1
    frame = pyogrio.read_dataframe(base.gpkg_path, layer="mahalle", columns=["mahalle_code"], read_geometry=False)
    codes = sorted({str(c) for c in frame["mahalle_code"].dropna()})
    out: dict[str, object] = {}
    with tempfile.TemporaryDirectory(prefix="gendermap-bench-import-") as tmp:
        tmp_path = Path(tmp)
        import shutil

        build = tmp_path / "build"
        shutil.copytree(base.build_dir, build, ignore=shutil.ignore_patterns("benchmarks", "screenshots"))
        sqlite_url = f"sqlite:///{tmp_path / 'var' / 'monitoring.sqlite'}"
        settings = replace(base, build_dir=build, var_dir=tmp_path / "var", db_url=sqlite_url)
        upload = tmp_path / "nufus.csv"
        out["file_rows"] = _write_csv(upload, codes, args.years)
        out["file_mb"] = round(upload.stat().st_size / 2**20, 2)
        out["sqlite"] = _run(sqlite_url, settings, upload, refresh=True)
        pg = os.environ.get("GENDERMAP_TEST_PG_URL")
        if pg:
            import sqlalchemy as sa

            schema = f"bench_{uuid.uuid4().hex[:8]}"
            admin = sa.create_engine(pg)
            with admin.begin() as conn:
                conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
            try:
                sep = "&" if "?" in pg else "?"
                url = f"{pg}{sep}options=-csearch_path%3D{schema}"
                out["postgresql"] = _run(url, replace(settings, var_dir=tmp_path / "var-pg", db_url=url), upload,
                                         refresh=False)
            finally:
                with admin.begin() as conn:
                    conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
                admin.dispose()
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

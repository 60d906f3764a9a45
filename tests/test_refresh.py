"""Real counts imported by a user replace the demo values in the published tables."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from gendermap.config import ROOT
from gendermap.monitor.auth import Actor
from gendermap.monitor.store import MonitorStore

BUILD = ROOT / "build"


@pytest.mark.data
@pytest.mark.slow
def test_import_replaces_demo_values_and_refreshes_tables(tmp_path: Path) -> None:
    if not (BUILD / "district_inputs.parquet").exists():
        pytest.skip("no build yet: run `gendermap build` (make test does)")
    build = tmp_path / "build"
    build.mkdir()
    for name in ("gendermap.gpkg", "district_inputs.parquet"):
        shutil.copy(BUILD / name, build / name)
    upload = tmp_path / "okuma_yazma.csv"
    upload.write_text(
        "mahalle_code;indicator;year;sex;numerator;denominator\n"
        "41320;illiteracy_15;2023;K;120;3450\n"
        "41320;illiteracy_15;2023;E;25;3380\n",
        encoding="utf-8",
    )
    before = pd.read_parquet(BUILD / "indicators.parquet")
    store = MonitorStore(f"sqlite:///{tmp_path / 'var' / 'monitoring.sqlite'}")
    store.add_user(Actor.system_actor("test"), "yonetici", "doğru-parola-123", "admin")
    store.close()
    env = {"GENDERMAP_BUILD_DIR": str(build), "GENDERMAP_HOME": str(tmp_path / "var"), "PATH": "/usr/bin:/bin",
           "GENDERMAP_PASSWORD": "doğru-parola-123"}
    done = subprocess.run([sys.executable, "-m", "gendermap", "import", str(upload), "--user", "yonetici"], env=env,
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "göstergeler yeniden hesaplandı" in done.stdout
    table = pd.read_parquet(build / "indicators.parquet")
    real = table[(table["indicator"] == "illiteracy_15") & (table["year"] == 2023)]
    # Real and demo values are never mixed within an indicator-year: only the imported
    # mahalle has a value; the others have none rather than a demo value beside real ones.
    assert set(real.loc[real["value"].notna(), "mahalle_code"]) == {"41320"}
    assert not real["synthetic"].any()
    women = real.set_index("sex").loc["F"]
    assert women["value"] == pytest.approx(120 / 3450)
    # The demo values of other indicators stay, and stay marked synthetic.
    assert table.loc[table["indicator"] == "employment_15_64", "synthetic"].all()
    assert (build / "synthesis.parquet").exists() and (build / "focus.parquet").exists()

    # Undo: the demonstration values of that indicator-year come back, exactly as before.
    done = subprocess.run([sys.executable, "-m", "gendermap", "import", "--revert", "1", "--user", "yonetici"],
                          env=env, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    after = pd.read_parquet(build / "indicators.parquet")
    key = ["mahalle_code", "indicator", "year", "sex"]
    pd.testing.assert_frame_equal(after.sort_values(key).reset_index(drop=True),
                                  before.sort_values(key).reset_index(drop=True), check_like=True)


@pytest.mark.data
@pytest.mark.slow
def test_a_faithful_medas_export_goes_in_as_real_values(tmp_path: Path, mirror, monkeypatch) -> None:
    """The issue's check: a MEDAS by-sex export of both provinces with two new mahalle is
    stored by a data editor of both provinces; >= 99 % of the mahalle get their exact counts
    as real (not synthetic) values for that year, and the new mahalle are named and kept."""
    from dataclasses import replace

    from gendermap.cli import main
    from gendermap.config import get_settings
    from gendermap.monitor.mapdata import stored_rows
    from tests.test_medas_formats import _by_sex_lines, _real_mahalle_rows

    if not (BUILD / "district_inputs.parquet").exists():
        pytest.skip("no build yet: run `gendermap build` (make test does)")
    build = tmp_path / "build"
    build.mkdir()
    for name in ("gendermap.gpkg", "district_inputs.parquet"):
        shutil.copy(BUILD / name, build / name)
    monkeypatch.setenv("GENDERMAP_BUILD_DIR", str(build))
    monkeypatch.setenv("GENDERMAP_HOME", str(tmp_path / "var"))
    monkeypatch.setenv("GENDERMAP_PASSWORD", "doğru-parola-123")
    settings = replace(get_settings(), mirror=mirror)
    store = MonitorStore(settings.db_url)
    store.add_user(Actor.system_actor("test"), "veri", "doğru-parola-123", "data_editor", provinces=["35", "10"])
    store.close()
    rows = _real_mahalle_rows(settings)
    new = [("990001", "İzmir", "Seferihisar", "Seferihisar Bel.", "Deneme Yeni Mah.", 812),
           ("990002", "Balıkesir", "Karesi", "Karesi Bel.", "Deneme Sahil Mah.", 455)]
    grid = _by_sex_lines(rows, new)
    export = tmp_path / "cinsiyet.txt"
    export.write_text("\n".join("|".join(str(c) for c in row) + "|" for row in grid) + "\n|||\n", encoding="utf-8-sig")

    assert main(["import", str(export), "--user", "veri"]) == 0
    stored = stored_rows(get_settings())
    assert set(stored["year"]) == {2024} and set(stored["sex"]) == {"F", "M"}
    counts = {(r.mahalle_code, r.sex): int(r.numerator) for r in stored.itertuples()}
    exact = [code for code, *_, total in rows
             if (code, "F") in counts and counts[(code, "F")] + counts[(code, "M")] == total]
    assert len(exact) >= 0.99 * len(rows), (len(exact), len(rows))
    assert {("990001", "F"), ("990002", "M")} <= set(counts)  # new mahalle kept in the store
    history = MonitorStore(settings.db_url)
    try:
        from gendermap.monitor.mapdata import MapDataStore

        log = MapDataStore(history).history().iloc[0]
        problems = MapDataStore(history).problems(int(log["id"]))
    finally:
        history.close()
    assert log["created_by"] == "veri" and log["provinces"] == "10;35"
    named_new = [p["problem"] for p in problems if p["code"] == "new_mahalle"]
    assert any("kod 990001" in p for p in named_new) and any("kod 990002" in p for p in named_new)
    table = pd.read_parquet(build / "indicators.parquet")
    pop = table[(table["indicator"] == "population") & (table["year"] == 2024) & table["value"].notna()]
    assert not pop["synthetic"].any()
    assert pop["mahalle_code"].nunique() >= 0.99 * len(rows) - 10  # aliases merge a few codes into one polygon

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

"""Veri page upload: checked off the script thread by anyone, stored only by a signed-in
writer (the service says why not), and storing recomputes the tables so real values show."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from gendermap.config import ROOT

APP = str(ROOT / "app.py")
BUILD = ROOT / "build"
PASSWORD = "doğru-parola-123"


@pytest.fixture
def accounts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private var/ with an admin and a viewer; cheap password hashing."""
    from argon2 import PasswordHasher

    from gendermap.monitor import auth
    from gendermap.monitor.store import MonitorStore

    monkeypatch.setattr(auth, "_HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    home = tmp_path / "var"
    monkeypatch.setenv("GENDERMAP_HOME", str(home))
    monkeypatch.delenv("GENDERMAP_DB_URL", raising=False)
    store = MonitorStore(f"sqlite:///{home / 'monitoring.sqlite'}")
    store.add_user(auth.Actor.system_actor("test"), "yonetici", PASSWORD, "admin")
    store.add_user(auth.Actor.system_actor("test"), "okur", PASSWORD, "viewer")
    store.close()
    return home


def _checked(at: AppTest, timeout: float = 120) -> AppTest:
    """Wait for this session's check (a worker thread), then rerun as the poll would."""
    from gendermap.ui.upload import JOB

    job = at.session_state[JOB]
    job.future.result(timeout=timeout)
    time.sleep(0.05)
    return at.run()


def _sign_in(at: AppTest, user: str) -> AppTest:
    at.text_input(key="gm_monitor_user").set_value(user)
    at.text_input(key="gm_monitor_password").set_value(PASSWORD)
    buttons = at.get("form_submit_button")
    assert buttons, "sign-in form not shown"
    return buttons[0].click().run()


@pytest.mark.slow
def test_anyone_checks_only_a_writer_stores(app_env: Path, accounts: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=240)
    at.switch_page("pages/veri.py")
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    uploader = at.file_uploader(key="upload")
    assert set(uploader.allowed_type) >= {".csv", ".txt", ".xls", ".xlsx", ".geojson", ".gpkg", ".zip"}
    raw = (b"mahalle_code;sex;numerator;denominator\n40000;K;900;3000\n40000;E;2100;3100\n"
           b"99999;K;1;2\n")
    uploader.set_value(("istihdam <b>.csv", raw, "text/csv")).run()
    # the file does not say indicator or year: the page asks before checking
    at.selectbox(key="up_indicator").set_value("employment_15_64")
    at.selectbox(key="up_year").set_value(2023)
    at.button(key="up_check").click().run()
    at = _checked(at)
    assert not at.exception, [e.message for e in at.exception]
    tables = [d.value for d in at.dataframe]
    problems = next(t for t in tables if "Sorun" in t.columns)
    assert list(problems.columns) == ["Dosya", "Satır", "Sütun", "Önem", "Sorun"]
    assert problems["Satır"].tolist() == ["4"]
    changes = next(t for t in tables if "Mahalle sayısı" in t.columns).set_index("Mahalle sayısı")
    assert list(changes.columns) == ["İstihdam oranı (15–64) · 2023"]
    counts = changes.iloc[:, 0]
    assert counts["Haritadaki mahalle"] == "144"
    assert counts["Örnek verinin yerine gerçek değer alan"] == "1"
    assert counts["Örnek verisi gidip 'veri yok' olan"] == "143"
    store_button = at.button(key="upload_accept")
    assert store_button.disabled
    assert any("geçmişini görmek için giriş yapın" in c.value for c in at.caption)  # no names for visitors
    assert any("giriş yapmalısınız" in c.value for c in at.caption)
    # a viewer is told why, too; an admin may store
    at = _sign_in(at, "okur")
    assert at.button(key="upload_accept").disabled
    assert any("yetkiniz yok" in c.value for c in at.caption)
    at.button(key="gm_monitor_signout").click().run()
    at = _sign_in(at, "yonetici")
    assert not at.button(key="upload_accept").disabled
    at.button(key="upload_accept").click().run()
    assert not at.exception, [e.message for e in at.exception]
    # the fixture build has no district inputs: stored, and the page says the maps wait for a rebuild
    assert any("Değişiklik kaydedildi" in w.value for w in at.warning)
    from gendermap.config import get_settings
    from gendermap.monitor.mapdata import stored_rows

    rows = stored_rows(get_settings())
    assert rows["mahalle_code"].tolist() == ["40000", "40000"] and set(rows["year"]) == {2023}
    history = next(d.value for d in at.dataframe if "Kim" in d.value.columns)
    assert history["Kim"].tolist() == ["yonetici"] and history["Dosya"].tolist() == ["istihdam <b>.csv"]
    inbox = list((accounts / "inbox").iterdir())
    assert len(inbox) == 1 and inbox[0].read_bytes() == raw
    # undo, from the history: the rows stop counting, the history says who undid it
    assert at.selectbox(key="up_revert_id").value == 1
    at.button(key="up_revert").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert stored_rows(get_settings()).empty
    at.run()
    history = next(d.value for d in at.dataframe if "Kim" in d.value.columns)
    assert history["Geri alındı"].iloc[0].startswith("yonetici · ")
    assert not at.get("selectbox") or "up_revert_id" not in [s.key for s in at.selectbox]  # nothing left to undo


def _store_script(raw: bytes, name: str, token: str) -> None:
    import streamlit as st

    from gendermap import ingest
    from gendermap.config import get_settings
    from gendermap.ui import monitoring as mon
    from gendermap.ui import upload

    if upload.NOTICE in st.session_state:  # the rerun after storing
        upload.show_notice()
        return
    st.session_state[mon.TOKEN] = token
    checked = ingest.check_bytes(raw, name, get_settings(), upload._data())
    upload.store_checked(checked)


@pytest.mark.data
@pytest.mark.slow
def test_store_upload_replaces_demo_values(tmp_path: Path, accounts: Path, monkeypatch) -> None:
    if not (BUILD / "district_inputs.parquet").exists():
        pytest.skip("no build yet: run `gendermap build` (make test does)")
    build = tmp_path / "build"
    build.mkdir()
    for name in ("gendermap.gpkg", "district_inputs.parquet"):
        shutil.copy(BUILD / name, build / name)
    monkeypatch.setenv("GENDERMAP_BUILD_DIR", str(build))
    from gendermap.monitor.store import MonitorStore

    store = MonitorStore(f"sqlite:///{accounts / 'monitoring.sqlite'}")
    token = store.sign_in("yonetici", PASSWORD).token
    store.close()
    raw = (b"mahalle_code;indicator;year;sex;numerator;denominator\n"
           b"41320;employment_15_64;2023;K;900;3000\n41320;employment_15_64;2023;E;2100;3100\n")
    at = AppTest.from_function(_store_script, args=(raw, "istihdam.csv", token), default_timeout=300).run()
    assert not at.exception, [e.message for e in at.exception]
    assert any("2 satır kaydedildi" in s.value for s in at.success)
    table = pd.read_parquet(build / "indicators.parquet")
    rows = table[(table["indicator"] == "employment_15_64") & (table["mahalle_code"] == "41320")]
    assert not rows["synthetic"].any()
    assert rows.set_index("sex").loc["F", "value"] == pytest.approx(0.3)
    assert list((accounts / "inbox").iterdir())[0].name.endswith("istihdam.csv")

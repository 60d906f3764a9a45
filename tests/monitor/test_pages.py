"""Streamlit AppTest for the monitoring pages: load, sign in, save an entry, hostile text."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from gendermap import DEMO_LABEL
from gendermap.monitor import MonitorStore, ObservationEntry, SessionExpired
from gendermap.monitor.starter import seed_demo
from gendermap.ui.monitoring import TOKEN

from .conftest import PASSWORD, SYSTEM

pytestmark = [pytest.mark.monitoring, pytest.mark.slow]
PAGES = Path(__file__).resolve().parents[2] / "pages"


@pytest.fixture
def app_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> MonitorStore:
    url = f"sqlite:///{tmp_path / 'app.sqlite'}"
    monkeypatch.setenv("GENDERMAP_DB_URL", url)
    store = MonitorStore(url)
    seed_demo(store)
    store.add_user(SYSTEM, "ayse", PASSWORD, "editor", "seferihisar")
    return store


def page(name: str) -> AppTest:
    """The page through app.py, as a visitor reaches it (navigation registered)."""
    at = AppTest.from_file(str(PAGES.parent / "app.py"), default_timeout=90)
    at.switch_page(f"pages/{name}")
    return at


def test_dashboard_loads_with_cards_and_demo_label(app_store: MonitorStore) -> None:
    at = page("izleme.py").run()
    assert not at.exception
    assert len(at.metric) >= 16  # two metrics per card, eight indicators
    assert any(DEMO_LABEL in w.value for w in at.warning)
    assert {b.label for b in at.get("download_button")} >= {"Tablo (CSV)", "Yazdırılabilir özet (PDF)"}
    at.selectbox(key="gm_monitor_municipality").select("kemalpasa").run()
    at.selectbox(key="gm_monitor_compare").select("budget_gender_analysis").run()
    assert not at.exception
    at.session_state["lang"] = "en"
    at.run()
    assert at.title[0].value == "Local equality monitoring" and not at.exception


def test_sign_in_wrong_then_right(app_store: MonitorStore) -> None:
    at = page("giris.py").run()
    assert not at.exception
    at.text_input(key="gm_monitor_user").input("ayse")
    at.text_input(key="gm_monitor_password").input("yanlış-parola")
    at.button[0].click().run()
    assert any("yanlış" in e.value for e in at.error) and TOKEN not in at.session_state
    at.text_input(key="gm_monitor_password").input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception and at.session_state[TOKEN]
    assert any("ayse" in s.value for s in at.success)
    assert len(at.tabs) == 4  # the entry area for editors


def test_editor_saves_an_entry_through_the_form(app_store: MonitorStore) -> None:
    token = app_store.sign_in("ayse", PASSWORD).token
    at = page("veri_girisi.py")
    at.session_state[TOKEN] = token
    at.run()
    assert not at.exception
    at.selectbox(key="gm_entry_indicator").select("childcare_places").run()
    at.text_input(key="gm_entry_period").input("2025").run()
    wkey = "seferihisar::childcare_places::2025"
    at.number_input(key=f"gm_entry_total::{wkey}").set_value(350.0)
    at.text_area(key=f"gm_entry_note::{wkey}").input("1; DROP TABLE observation")
    at.button(key="FormSubmitter:gm_entry_form-Kaydet").click().run()
    assert not at.exception, at.exception
    assert any("sürüm 1" in s.value for s in at.info)
    # the form shows the value just saved at once (issue 11: it used to say "no value yet")
    assert at.number_input(key=f"gm_entry_total::{wkey}").value == 350.0
    history = app_store.observation_history(SYSTEM, "seferihisar", "childcare_places", "2025")
    assert history["value_total"].tolist() == [350.0]
    assert history["note"].tolist() == ["1; DROP TABLE observation"]


def test_conflict_is_shown_and_nothing_is_lost(app_store: MonitorStore) -> None:
    ayse = app_store.sign_in("ayse", PASSWORD)
    at = page("veri_girisi.py")
    at.session_state[TOKEN] = ayse.token
    at.run()
    at.selectbox(key="gm_entry_indicator").select("childcare_places").run()
    at.text_input(key="gm_entry_period").input("2024").run()  # demo value, version 1
    # Someone else saves while the form is open.
    app_store.save_observation(SYSTEM, ObservationEntry("seferihisar", "childcare_places", "2024",
                                                        value_total=300.0), 1)
    wkey = "seferihisar::childcare_places::2024"
    at.number_input(key=f"gm_entry_total::{wkey}").set_value(333.0)
    at.button(key="FormSubmitter:gm_entry_form-Kaydet").click().run()
    assert any("başka biri" in e.value for e in at.error)
    assert at.number_input(key=f"gm_entry_total::{wkey}").value == 333.0  # still in the form
    at.button(key="FormSubmitter:gm_entry_form-Kaydet").click().run()  # save again, knowingly
    history = app_store.observation_history(SYSTEM, "seferihisar", "childcare_places", "2024")
    assert history["value_total"].tolist()[-2:] == [300.0, 333.0]


def test_hostile_names_are_shown_as_text(app_store: MonitorStore) -> None:
    from .conftest import STAFF

    hostile = "<script>alert(1)</script>[x](javascript:alert(1))"
    app_store.add_municipality(SYSTEM, "zz", hostile, "İzmir")
    app_store.define_indicator(SYSTEM, STAFF.__class__(**{**STAFF.__dict__, "label_tr": hostile}), 0)
    app_store.save_observation(SYSTEM, ObservationEntry("zz", "staff", "2024", 1, 2, 3,
                                                        note="1; DROP TABLE observation"), 0)
    app_store.publish(SYSTEM)
    at = page("izleme.py").run()
    at.selectbox(key="gm_monitor_municipality").select("zz").run()
    assert not at.exception
    rendered = [m.value for m in at.markdown] + [c.value for c in at.caption]
    assert not any("<script>" in text for text in rendered)
    assert any("&lt;script&gt;" in text for text in rendered)
    assert "zz" in app_store.municipalities()["code"].tolist()  # the tables are all still there


@pytest.mark.security
def test_password_change_on_the_page_ends_other_sessions(app_store: MonitorStore) -> None:
    elsewhere = app_store.sign_in("ayse", PASSWORD)
    at = page("giris.py").run()
    at.text_input(key="gm_monitor_user").input("ayse")
    at.text_input(key="gm_monitor_password").input(PASSWORD)
    at.button[0].click().run()
    at.text_input(key="gm_pw_current").input(PASSWORD)
    at.text_input(key="gm_pw_new").input("yeni-parola-12345")
    at.text_input(key="gm_pw_again").input("yeni-parola-1234")
    at.button(key="gm_pw_submit").click().run()
    assert any("aynı değil" in e.value for e in at.error)
    at.text_input(key="gm_pw_again").input("yeni-parola-12345")
    at.button(key="gm_pw_submit").click().run()
    assert not at.exception and any("Parolanız değişti" in s.value for s in at.success)
    assert app_store.resolve(at.session_state[TOKEN]).username == "ayse"  # this one stays
    with pytest.raises(SessionExpired):
        app_store.resolve(elsewhere.token)


def test_editor_sees_own_municipality_and_draft_then_admin_publishes(app_store: MonitorStore) -> None:
    """Issue 11: dashboard opens on the editor's municipality; a saved value shows at once
    marked as a draft; an admin reviews it and publishes; viewers then see it."""
    editor = app_store.sign_in("ayse", PASSWORD)
    # the pilot's other municipality is first in the list: the page must still open on seferihisar
    app_store.save_observation(SYSTEM, ObservationEntry("seferihisar", "childcare_places", "2026", None, None, 999.0), 0)
    at = page("izleme.py")
    at.session_state[TOKEN] = editor.token
    at.run()
    assert not at.exception
    assert at.selectbox(key="gm_monitor_municipality").value == "seferihisar"
    assert any("Taslak / yayın bekliyor" in c.value for c in at.caption)
    assert not any(h.value == "Yayın bekleyen değerler" for h in at.header)  # editors do not publish
    app_store.add_user(SYSTEM, "yonetici", PASSWORD, "admin")
    admin = app_store.sign_in("yonetici", PASSWORD)
    at = page("izleme.py")
    at.session_state[TOKEN] = admin.token
    at.run()
    assert any(h.value == "Yayın bekleyen değerler" for h in at.header)
    at.button(key="gm_monitor_publish").click().run()
    assert not at.exception
    viewer = app_store.observations(app_store.resolve(editor.token), "seferihisar", include_drafts=False)
    assert 999.0 in viewer.loc[viewer["period"] == "2026", "value_total"].tolist()


def test_dashboard_compares_the_chosen_municipalities(app_store: MonitorStore) -> None:
    at = page("izleme.py").run()
    assert not at.exception
    compare = at.multiselect(key="gm_monitor_compare_set")
    assert set(compare.value) >= {"seferihisar", "kemalpasa"}
    compare.set_value(["kemalpasa"]).run()
    assert not at.exception
    table = next(d.value for d in at.dataframe if "Belediye" in d.value.columns)
    assert list(table["Belediye"]) == ["Kemalpaşa Belediyesi"]


def test_a_missing_target_date_is_not_written_as_nan() -> None:
    from gendermap.ui.monitoring import present

    assert not any(present(v) for v in (None, float("nan"), pd.NaT, ""))
    assert present("2027-12-31") and present(3)


def test_dashboard_opens_on_the_municipality_of_the_map_filter(app_store: MonitorStore) -> None:
    codes = dict(zip(app_store.municipalities()["code"], app_store.municipalities()["district_code"], strict=True))
    for code in ("seferihisar", "kemalpasa"):
        at = page("izleme.py")
        at.query_params["districts"] = str(int(codes[code]))
        at.run()
        assert not at.exception
        assert at.selectbox(key="gm_monitor_municipality").value == code

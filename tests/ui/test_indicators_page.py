"""AppTest for the Göstergeler page: kit for anyone, proposal by a data editor, admin review."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from gendermap.config import get_settings
from gendermap.io.catalogue_file import load_catalogue
from gendermap.monitor import Actor, MonitorStore
from gendermap.monitor.user_catalogue import UserCatalogue
from gendermap.ui.monitoring import TOKEN

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PASSWORD = "uzun-bir-parola-123"
pytestmark = [pytest.mark.slow, pytest.mark.monitoring]


@pytest.fixture
def store(app_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> MonitorStore:
    url = f"sqlite:///{tmp_path / 'app.sqlite'}"
    monkeypatch.setenv("GENDERMAP_DB_URL", url)
    s = MonitorStore(url)
    system = Actor.system_actor("test")
    s.add_user(system, "veri", PASSWORD, "data_editor", provinces=["İzmir"])
    s.add_user(system, "yonetici", PASSWORD, "admin")
    return s


def run_as(store: MonitorStore, name: str | None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=240)
    if name:
        at.session_state[TOKEN] = store.sign_in(name, PASSWORD).token
    at.switch_page("pages/gostergeler.py")
    return at.run()


def test_anyone_gets_the_kit_but_not_the_form(store):
    at = run_as(store, None)
    assert not at.exception
    assert [b.label for b in at.get("download_button")] == ["Şablonu indir (XLSX)"]
    assert not [f for f in at.text_input if f.key == "gm_ind_code"]


def test_data_editor_proposes_and_admin_approves(store):
    at = run_as(store, "veri")
    assert not at.exception
    values = {"gm_ind_code": "coop_women", "gm_ind_label_tr": "Kooperatif üyesi kadınlar",
              "gm_ind_label_en": "Women cooperative members", "gm_ind_desc_tr": "<b>Tanım</b>",
              "gm_ind_desc_en": "Definition", "gm_ind_why_tr": "Neden", "gm_ind_why_en": "Why",
              "gm_ind_num_tr": "Üye kadınlar", "gm_ind_num_en": "Members", "gm_ind_den_tr": "Kadınlar",
              "gm_ind_den_en": "Women", "gm_ind_source": "Dernek kayıtları"}
    for key, value in values.items():
        at.text_input(key=key).input(value)
    at.checkbox(key="gm_ind_by_sex").uncheck()
    weight = at.select_slider(key="gm_ind_weight")
    assert weight.options == ["0,5", "1,0", "1,5", "2,0", "2,5", "3,0"]  # Turkish decimals, not "1.50"
    weight.set_value(1.5)
    next(b for b in at.button if b.label == "Öner").click().run()
    assert not at.exception
    assert any("onay bekliyor" in s.value for s in at.success)
    assert UserCatalogue(store, load_catalogue(get_settings().catalogue_path)).entry("coop_women")["weight"] == 1.5
    assert at.dataframe[0].value.set_index("Kod").loc["coop_women", "Durum"] == "onay bekliyor"  # listed at once
    admin = run_as(store, "yonetici")
    assert not any("`coop" in m.value for m in admin.markdown)  # no code span (escapes would show)
    next(b for b in admin.button if b.label == "Onayla").click().run()
    assert any("coop_women': etkin" in s.value for s in admin.success)
    assert not admin.exception
    table = admin.dataframe[0].value
    assert table.set_index("Kod").loc["coop_women", "Durum"] == "etkin"
    assert table.set_index("Kod").loc["coop_women", "Tanımlayan"] == "veri (yonetici)"

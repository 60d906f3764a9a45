"""AppTest for the needs-analysis page: sign-in required, form saves versions, results, network."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from gendermap.monitor import MonitorStore
from gendermap.monitor.assessment import AssessmentService, load
from gendermap.monitor.starter import seed_demo
from gendermap.ui.monitoring import TOKEN

from .conftest import PASSWORD, SYSTEM

pytestmark = [pytest.mark.monitoring, pytest.mark.slow]
APP = str(Path(__file__).resolve().parents[2] / "app.py")


def open_page(token: str | None = None) -> AppTest:
    """The page through app.py, as a visitor reaches it (navigation registered)."""
    at = AppTest.from_file(APP, default_timeout=90)
    if token:
        at.session_state[TOKEN] = token
    at.switch_page("pages/ihtiyac.py")
    return at.run()


@pytest.fixture
def app_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> MonitorStore:
    url = f"sqlite:///{tmp_path / 'app.sqlite'}"
    monkeypatch.setenv("GENDERMAP_DB_URL", url)
    store = MonitorStore(url)
    seed_demo(store)
    store.add_user(SYSTEM, "ayse", PASSWORD, "editor", "seferihisar")
    store.add_user(SYSTEM, "admin", PASSWORD, "admin")
    return store


def signed_in(store: MonitorStore, name: str) -> AppTest:
    return open_page(store.sign_in(name, PASSWORD).token)


def test_anonymous_visitor_gets_the_sign_in_form(app_store):
    at = open_page()
    assert not at.exception
    assert any("giriş" in i.value for i in at.info) and not at.get("radio")


def test_editor_answers_in_the_form_and_sees_the_scores(app_store):
    at = signed_in(app_store, "ayse")
    assert not at.exception
    questionnaire = load()
    first = questionnaire.questions[0]
    at.radio(key=f"gm_a_seferihisar_{at.session_state['gm_assessment_round']}_{first.code}").set_value(
        len(first.options) - 1)
    at.button[0].click().run()
    assert not at.exception
    assert any("1 yanıt kaydedildi" in s.value for s in at.success)
    round_ = str(at.session_state["gm_assessment_round"])
    service = AssessmentService(app_store, questionnaire)
    answers = service.answers(SYSTEM, "seferihisar", round_)
    assert answers["answer"].tolist() == [first.options[-1].tr]
    assert answers["created_by"].tolist() == ["ayse"]
    labels = {b.label for b in at.get("download_button")}
    assert {"Rapor (PDF)", "Çalışma kitabı (XLSX, yanıtlarla)"} <= labels


def test_admin_sees_the_network_view(app_store):
    at = signed_in(app_store, "admin")
    assert not at.exception
    assert len(at.tabs) == 4
    tables = [d.value for d in at.dataframe]
    network = next(t for t in tables if "İzlenen gösterge" in t.columns)
    assert set(network["Belediye"]) >= {"Seferihisar Belediyesi", "Kemalpaşa Belediyesi"}

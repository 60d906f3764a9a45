"""A browser session's first run of the map page: the map first, filters/search/picture in the next run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from gendermap.ui import firstrun

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def _map_data(at: AppTest) -> dict:  # type: ignore[type-arg]
    """The data the map component got in the last run."""
    found = [e for e in at.get("bidi_component")]
    assert len(found) == 1
    return json.loads(found[0].proto.json)  # type: ignore[no-any-return]


@pytest.mark.slow
def test_first_run_sends_the_map_and_the_next_run_the_filters(app_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(firstrun, "_from_browser", lambda: True)
    at = AppTest.from_file(APP, default_timeout=240)
    at.query_params["sex"] = "nobody"  # a link with a value the app does not know
    at.run()
    assert not at.exception
    assert any("sex=nobody" in i.value for i in at.info)
    assert not at.sidebar.multiselect and not at.sidebar.selectbox and not at.get("download_button")
    assert "Mahalle ya da ilçe ara" not in [w.label for w in at.selectbox]
    assert any("harita çizilince" in c.value for c in at.sidebar.caption)
    token = _map_data(at)["ask_rerun"]
    assert isinstance(token, str) and len(token) == 32  # this session's first run
    at.run()  # the run the painted map asks for (its trigger)
    assert len(at.sidebar.multiselect) == 2 and at.sidebar.selectbox and at.get("download_button")
    assert "Mahalle ya da ilçe ara" in [w.label for w in at.selectbox]
    assert not any("harita çizilince" in c.value for c in at.sidebar.caption)
    assert _map_data(at)["ask_rerun"] == ""
    assert any("sex=nobody" in i.value for i in at.info)  # the link's note stays for that run
    at.run()
    assert not any("sex=nobody" in i.value for i in at.info)  # and is gone after it


@pytest.mark.slow
def test_a_session_without_a_browser_gets_everything_at_once(app_env: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=240)
    at.run()
    assert len(at.sidebar.multiselect) == 2 and at.get("download_button")
    assert _map_data(at)["ask_rerun"] == ""

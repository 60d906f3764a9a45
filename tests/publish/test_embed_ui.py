"""The app's "Sitenize ekleyin" popover and the map-only /gomulu route (Streamlit AppTest)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from gendermap import DEMO_LABEL
from tests.ui.fixture_build import EVIL

APP = str(Path(__file__).resolve().parents[2] / "app.py")

pytestmark = pytest.mark.slow


def _open(page: str, query: dict[str, str]) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=240)
    for k, v in query.items():
        at.query_params[k] = v
    if page != "harita":
        at.switch_page(f"pages/{page}.py")
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_embed_file_from_the_map_view(pub_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files: dict[str, bytes] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def spy(self, path_or_data, mimetype, kind, filename=None):  # type: ignore[no-untyped-def]
        if isinstance(path_or_data, bytes) and filename:
            files[filename] = path_or_data
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", spy)
    at = _open("harita", {"theme": "work", "indicator": "employment_15_64", "districts": "100", "province": "35"})
    snippet = [c.value for c in at.code if "<iframe" in c.value]
    assert snippet and "/gomulu?" in snippet[0] and "districts=100" in snippet[0]
    at.button(key="gm_embed_make").click().run()
    assert not at.exception
    (name, html), = ((k, v) for k, v in files.items() if k.endswith(".html"))
    text = html.decode("utf-8")
    assert "employment_15_64" in name and DEMO_LABEL in text and EVIL not in text


def test_embed_needs_one_area(pub_env: Path) -> None:
    at = _open("harita", {"indicator": "employment_15_64"})
    assert any("bir ilçe ya da tek bir il" in i.value for i in at.info)


def test_live_map_route_shows_the_map_alone(pub_env: Path) -> None:
    at = _open("gomulu", {"indicator": "employment_15_64", "districts": "100", "sex": "gap"})
    shown = " ".join(m.value for m in [*at.markdown, *at.html])  # the legend is st.html
    assert DEMO_LABEL in shown and "İstihdam" in shown
    assert not at.sidebar.selectbox and not at.title  # no filters, no page title: the map alone

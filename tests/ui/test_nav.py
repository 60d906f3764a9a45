"""Navigation: a link to a path that names no page opens the map with a note in the visitor's
language, not Streamlit's English "Page not found" dialog (the browser check is in
tests/browser/test_links_browser.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from gendermap.ui import nav
from gendermap.ui.i18n import tr_en

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def test_streamlit_still_matches_the_asked_page_name_against_url_paths() -> None:
    """nav.asked_for reads ``PagesManager.intended_page_name`` (not public API): this fails when
    Streamlit renames it or stops matching the name against a page's ``url_pathname``."""
    manager = PagesManager(APP)
    manager.set_script_intent("", "nosuchpage")
    assert manager.intended_page_name == "nosuchpage"
    pages = {"h1": {"page_script_hash": "h1", "page_name": "Harita", "url_pathname": "", "script_path": APP},
             "h2": {"page_script_hash": "h2", "page_name": "Harita", "url_pathname": "nosuchpage", "script_path": APP}}
    assert manager.set_pages_and_resolve(pages, fallback_page_hash="h1")["page_script_hash"] == "h2"  # type: ignore[arg-type,index]


def test_asked_for_outside_a_script_run_is_empty() -> None:
    assert nav.asked_for() == ""


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["tr", "en"])
def test_unknown_path_opens_the_map_with_a_note_once(app_env: Path, monkeypatch: pytest.MonkeyPatch, lang: str) -> None:
    monkeypatch.setattr(nav, "asked_for", lambda: "nosuchpage")  # what the browser sends for /nosuchpage
    at = AppTest.from_file(APP, default_timeout=240)
    if lang == "en":
        at.query_params["lang"] = "en"
    # AppTest asks for pages by hash only (a page's hash is that of its url_path): ask for the
    # page nav lists at the unknown path, as Streamlit does when the browser names it
    at._page_hash = calc_hash("nosuchpage")
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert [t.value for t in at.title] == [tr_en("page.harita", lang)]
    assert [i.value for i in at.info if i.value == tr_en("nav.not_found", lang)] == [tr_en("nav.not_found", lang)]
    if lang == "en":
        return  # (AppTest formats an English page's radio options in Turkish on a rerun)
    at._page_hash = ""  # the browser's next run asks for the page it is on (the map)
    at.run()  # shown once: the next run of the map has no note
    assert [t.value for t in at.title] == [tr_en("page.harita", lang)]
    assert tr_en("nav.not_found", lang) not in [i.value for i in at.info]


def test_known_path_adds_no_page(app_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nav, "asked_for", lambda: "harita")
    at = AppTest.from_file(APP, default_timeout=240)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert tr_en("nav.not_found", "tr") not in [i.value for i in at.info]

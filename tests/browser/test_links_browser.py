"""Copied links open their page in the app's own frame: no "Page not found", no other frame
for the first visitors after a start (Streamlit's ``pages/`` folder mode); a link to no page
opens the map with a note in the visitor's language."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import start_app
from tests.browser.helpers import map_frame

pytestmark = [pytest.mark.browser, pytest.mark.slow]

NOT_FOUND = "Page not found"


def _open(browser: Any, url: str, title: str) -> Any:
    """A new visitor opens ``url``; returns the page once its title shows and the run has settled."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.goto(url)
    page.locator("h1", has_text=title).first.wait_for(timeout=120_000)
    page.wait_for_function("!document.querySelector('[data-testid=stStatusWidget]')", timeout=120_000)
    time.sleep(0.5)
    return page


def test_links_to_the_first_page_and_others_open_without_page_not_found(browser, app_url: str) -> None:  # type: ignore[no-untyped-def]
    # "/" first: once app.py has run, Streamlit resolves links by the names st.navigation gave
    for path, title, where in (("/", "Harita", "/"), ("/harita?sex=F", "Harita", "/harita"),
                               ("/harita?x=1", "Harita", "/harita"), ("/odak", "Odak ilçeler", "/odak"),
                               ("/sentez", "Sentez", "/sentez")):
        page = _open(browser, app_url + path, title)
        try:
            assert page.get_by_text(NOT_FOUND).count() == 0, path
            assert page.get_by_text("Aradığınız sayfa bulunamadı").count() == 0, path
            assert page.evaluate("location.pathname") == where, path
            if path.startswith("/harita"):
                map_frame(page, 2000, timeout=120)  # the map page itself, painted
        finally:
            page.context.close()


@pytest.mark.parametrize(("query", "title", "note"), [("", "Harita", "Aradığınız sayfa bulunamadı; Harita açıldı."),
                                                     ("?lang=en", "Map", "The page you asked for was not found")])
def test_unknown_path_opens_the_map_with_a_note_in_the_visitors_language(  # type: ignore[no-untyped-def]
        browser, app_url: str, query: str, title: str, note: str) -> None:
    page = _open(browser, app_url + "/nosuchpage" + query, title)
    try:
        assert page.get_by_text(NOT_FOUND).count() == 0
        assert page.get_by_text(note).count() == 1
        assert page.evaluate("location.pathname") == "/harita"  # the address says where the visitor is
        map_frame(page, 2000, timeout=120)
    finally:
        page.context.close()


def test_first_visitor_after_a_start_gets_the_app_frame(browser, browser_build: Path) -> None:  # type: ignore[no-untyped-def]
    """Plain ``streamlit run``: the very first run is a link to a page, before any run of app.py."""
    proc, url = start_app(browser_build, serve=False)
    try:
        page = _open(browser, url + "/odak", "Odak ilçeler")
        try:
            assert page.get_by_text(NOT_FOUND).count() == 0
            assert page.evaluate("location.pathname") == "/odak"
            # the page file run alone draws sidebar page links (nav.fallback), app.py a top bar
            assert page.locator("[data-testid=stPageLink]").count() == 0
        finally:
            page.context.close()
    finally:
        proc.terminate()
        proc.wait(timeout=20)

"""The app on a 390 x 844 phone (issue 11): Sentez's rank table and Odak's map."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.conftest import SCREENSHOTS
from tests.browser.helpers import map_frame

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def phone(browser) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


def _headers(page: Any) -> list[str]:
    """Headers of the first table's columns in view (the grid's accessible table holds only those)."""
    return list(page.evaluate("() => Array.from(document.querySelector('[data-testid=stDataFrame]')"
                              ".querySelectorAll('[role=columnheader]')).map(h => h.textContent)"))


def test_sentez_table_keeps_name_and_rank_in_view(phone: Any, app_url: str) -> None:
    phone.goto(app_url + "/sentez")
    table = phone.locator("[data-testid=stDataFrame]").first
    table.wait_for(timeout=120_000)
    time.sleep(1)
    assert _headers(phone)[:4] == ["Mahalle", "Sıra", "Alt %5", "Üst %95"]
    phone.evaluate("() => { document.querySelector('[data-testid=stDataFrame] .dvn-scroller').scrollLeft = 5000; }")
    time.sleep(0.5)
    shown = _headers(phone)
    assert shown[0] == "Mahalle" and "TÜİK kodu" in shown, shown  # scrolled to the end, the name stays
    table.scroll_into_view_if_needed()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(SCREENSHOTS / "phone-sentez-table.png"))


def test_odak_map_colours_every_district_and_outlines_the_shortlist(phone: Any, app_url: str) -> None:
    phone.goto(app_url + "/odak?top=3")
    frame = map_frame(phone, 2000, timeout=120)
    state = frame.evaluate("({cls: gm.state.cls, dist: gm.state.dist, nval: gm.state.nval})")
    painted = {c for c in state["cls"] if 0 <= c < state["nval"]}
    assert len(painted) >= 3, painted  # every ranked district is coloured, not the shortlist alone
    assert sum(state["dist"]) == 3  # the thick outline marks the three shortlisted districts
    legend = phone.locator("[role=list]").filter(has_text="Öncelik puanı").first
    legend.scroll_into_view_if_needed()
    assert phone.get_by_text("Kısa listedeki ilçe (kalın çerçeve)").first.is_visible()
    phone.screenshot(path=str(SCREENSHOTS / "phone-odak-map.png"))

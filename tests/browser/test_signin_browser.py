"""Sign-in survives a link opened in a new tab (cookie), and sign-out ends it, in Chromium."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.conftest import running_app

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.monitoring]

PASSWORD = "Deneme-parola-2026!"


@pytest.fixture(scope="module")
def signin_url(browser_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app with its own monitoring store holding one editor."""
    from gendermap.monitor import Actor, MonitorStore
    from gendermap.monitor.starter import ensure_seeded

    home = tmp_path_factory.mktemp("home")
    store = MonitorStore(f"sqlite:///{home / 'monitoring.sqlite'}")
    ensure_seeded(store)
    store.add_user(Actor.system_actor("test"), "mapxtest", PASSWORD, "editor", "seferihisar")
    store.close()
    with pytest.MonkeyPatch.context() as mp:  # read when the app starts: restored after this module
        mp.setenv("GENDERMAP_HOME", str(home))
        mp.delenv("GENDERMAP_DB_URL", raising=False)
        with running_app(browser_build) as url:
            yield url


def _signed_in_on_izleme(context, url: str, expected: bool) -> bool:  # type: ignore[no-untyped-def]
    """Open İzleme in a new tab: an editor sees the drafts switch, a visitor does not. The
    switch is waited for when it is expected; otherwise the page's run is let finish first
    (a loaded machine may draw it seconds after the heading)."""
    tab = context.new_page()
    tab.goto(url + "/izleme?lang=tr")
    tab.get_by_text("Karşılaştır", exact=False).first.wait_for(timeout=90_000)
    switch = tab.get_by_text("Yayımlanmamış değerleri de göster")
    if expected:
        try:
            switch.first.wait_for(timeout=60_000)
        except Exception:  # noqa: BLE001 - playwright's timeout: the answer is "not seen"
            pass
    else:
        tab.wait_for_function("!document.querySelector('[data-testid=stStatusWidget]')", timeout=120_000)
        time.sleep(1)
    seen = switch.count() > 0
    tab.close()
    return seen


def test_deep_link_in_a_new_tab_stays_signed_in_until_sign_out(browser, signin_url: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.goto(signin_url + "/giris?lang=tr")
    page.get_by_label("Kullanıcı adı").fill("mapxtest")
    page.get_by_label("Parola", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Giriş yap").click()
    page.get_by_text("Giriş yapan: mapxtest").wait_for(timeout=60_000)
    deadline = time.monotonic() + 20
    while not [c for c in context.cookies() if c["name"] == "gm_session"] and time.monotonic() < deadline:
        time.sleep(0.2)
    (cookie,) = [c for c in context.cookies() if c["name"] == "gm_session"]
    assert cookie["sameSite"] == "Strict" and cookie["path"] == "/" and not cookie["httpOnly"]
    assert _signed_in_on_izleme(context, signin_url, expected=True)

    page.get_by_role("button", name="Çıkış yap").click()
    page.get_by_role("button", name="Giriş yap").wait_for(timeout=60_000)
    deadline = time.monotonic() + 20
    while [c for c in context.cookies() if c["name"] == "gm_session"] and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [c for c in context.cookies() if c["name"] == "gm_session"]
    assert not _signed_in_on_izleme(context, signin_url, expected=False)
    context.close()

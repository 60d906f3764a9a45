"""The map page's picture download and ASCII-typed search, in Chromium."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest
from PIL import Image

from tests.browser.helpers import map_frame

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_map_picture_downloads_in_one_click(page, app_url: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto(app_url + "/harita")
    map_frame(page, 2000, timeout=120)
    with page.expect_download(timeout=120_000) as info:
        page.get_by_role("button", name="Harita resmi (PNG)").click()
    assert info.value.suggested_filename == f"izmir-balikesir-{date.today().isoformat()}.png"
    target = tmp_path / "map.png"
    info.value.save_as(target)
    with Image.open(target) as img:
        assert img.format == "PNG" and img.size == (1500, 1050)


def test_ascii_typed_name_finds_the_district(page, app_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(app_url + "/harita")
    map_frame(page, 2000, timeout=120)
    box = page.locator("[data-testid=stSelectbox]").filter(has_text="Mahalle ya da ilçe ara").first
    box.click()
    page.keyboard.type("ilce 102")  # the district is "İlçe 102"
    option = page.get_by_role("option").first
    option.wait_for(timeout=10_000)
    assert option.inner_text().startswith("İlçe 102 · ilce 102 (ilçe")
    option.click()
    deadline = time.monotonic() + 30
    while "districts=" not in page.evaluate("location.href") and time.monotonic() < deadline:
        time.sleep(0.2)
    assert "districts=" in page.evaluate("location.href")

"""Shared test helpers. Area-specific fixtures live beside their tests."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Property tests judge results, not speed: on a loaded 2-core machine (CI runs beside other
# work) Hypothesis's "too slow" health check and per-example deadline fail good tests.
settings.register_profile("gendermap", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("gendermap")

REPO = Path(__file__).resolve().parents[1]
MIRROR = Path(os.environ.get("GENDERMAP_MIRROR") or REPO.parent / "shared" / "data" / "mirror")


def require_all() -> bool:
    """In CI (GENDERMAP_REQUIRE_ALL=1) a missing tool is a failure, not a skip."""
    return os.environ.get("GENDERMAP_REQUIRE_ALL") == "1"


def need(condition: bool, reason: str) -> None:
    """Skip (locally) or fail (in CI) when a test's external requirement is missing."""
    if condition:
        return
    if require_all():
        pytest.fail(f"required for this test but missing: {reason}")
    pytest.skip(reason)


@pytest.fixture
def executable():
    """`executable("ogrinfo")` -> its path, or skip/fail when it is not installed."""

    def _find(name: str) -> str:
        path = shutil.which(name)
        need(path is not None, f"executable {name!r} not on PATH (see scripts/sysdeps.sh)")
        assert path is not None
        return path

    return _find


@pytest.fixture(scope="session")
def mirror() -> Path:
    """The raw-data mirror, or skip/fail when it is absent."""
    need(MIRROR.is_dir(), f"raw-data mirror not found at {MIRROR}")
    return MIRROR


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    """Debian's headless Chromium, one for the whole test session: Playwright's sync API
    allows one running instance per thread, so every browser test shares this one."""
    need(Path(CHROMIUM).exists() and shutil.which("chromium") is not None, "Debian chromium not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield b
        b.close()

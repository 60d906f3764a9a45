"""A real ``streamlit run`` of the app on 127.0.0.1 (free port) and Debian's headless Chromium."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import need
from tests.ui.fixture_build import make_fixture_build

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "build" / "screenshots"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_app(build_dir: Path, app: Path = ROOT / "app.py", serve: bool = True) -> tuple[subprocess.Popen, str]:
    """The app as ``gendermap serve`` starts it (caches warmed first); any other script, or
    the app with ``serve=False``, with plain ``streamlit run``."""
    port = free_port()
    env = {**os.environ, "GENDERMAP_BUILD_DIR": str(build_dir)}
    launcher = ["-m", "gendermap.ui.serve"] if app == ROOT / "app.py" and serve else ["-m", "streamlit", "run", str(app)]
    proc = subprocess.Popen(
        [sys.executable, *launcher, "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--server.enableStaticServing", "true",
         "--browser.gatherUsageStats", "false", "--client.showSidebarNavigation", "false"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(240):
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=1) as r:
                if r.status == 200:
                    return proc, url
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise RuntimeError("streamlit did not start")


@pytest.fixture(scope="session")
def browser_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """2,500 mahalle (50 x 50), one named <img src=x onerror=alert(1)>."""
    return make_fixture_build(tmp_path_factory.mktemp("browser-build"), side=50)


@contextlib.contextmanager
def running_app(build: Path) -> Iterator[str]:
    """The app on ``build`` for the block's length (its address)."""
    proc, url = start_app(build)
    try:
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.fixture(scope="session")
def app_url(browser_build: Path) -> Iterator[str]:
    with running_app(browser_build) as url:
        yield url


@pytest.fixture(scope="session")
def real_app_url() -> Iterator[str]:
    """The app on the real build (``build/``), for screenshots people will see."""
    build = ROOT / "build"
    need((build / "indicators.parquet").exists(), "no real build: run `gendermap build`")
    with running_app(build) as url:
        yield url


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1366, "height": 768}, accept_downloads=True)
    # any alert() in any frame is recorded instead of shown
    context.add_init_script("window.__xss = 0; window.alert = function () { window.top.__xss = (window.top.__xss || 0) + 1; };")
    pg = context.new_page()
    pg.external = []  # requests leaving 127.0.0.1
    pg.dialogs = []
    pg.on("request", lambda r: None if r.url.startswith(("http://127.0.0.1", "data:", "blob:", "about:")) else pg.external.append(r.url))
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    yield pg
    context.close()

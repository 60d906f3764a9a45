"""Visitors never see a traceback: Streamlit's error details are off, and a page error
becomes one sentence with a code that the server log holds with the full traceback."""

from __future__ import annotations

import argparse
import tomllib

import pytest
from streamlit.testing.v1 import AppTest

from gendermap.cli import serve
from gendermap.config import ROOT

pytestmark = pytest.mark.security


def test_error_details_are_off_in_config_and_serve() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"
    cmd = serve.command(argparse.Namespace(host="127.0.0.1", port=8501))
    assert cmd[cmd.index("--client.showErrorDetails") + 1] == "none"


def _failing_page() -> None:
    from gendermap.ui.errors import guarded

    with guarded():
        raise RuntimeError("/etc/gizli/yol parola=123")


def test_a_page_error_shows_a_code_and_logs_the_traceback(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("GENDERMAP_HOME", str(tmp_path))
    app = AppTest.from_function(_failing_page).run(timeout=30)
    assert not app.exception  # Streamlit's own traceback box stays empty
    shown = app.error[0].value
    assert "hata kodunu" in shown and "/etc/gizli" not in shown and "Traceback" not in shown
    code = shown.rsplit(" ", 1)[-1]
    assert len(code) == 8
    logged = (tmp_path / "logs" / "errors.log").read_text(encoding="utf-8")
    assert code in logged and "/etc/gizli/yol" in logged and "Traceback" in logged

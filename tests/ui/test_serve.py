"""The server process warms the caches before listening; `gendermap serve` runs it."""

from __future__ import annotations

import argparse
from pathlib import Path

from gendermap.cli import serve as cli_serve
from gendermap.ui import serve


def test_serve_command_runs_the_warming_server() -> None:
    cmd = cli_serve.command(argparse.Namespace(host="127.0.0.1", port=8501))
    assert cmd[1:3] == ["-m", "gendermap.ui.serve"]
    assert "--server.enableStaticServing" in cmd


def test_warm_fills_the_first_visit_caches(app_env: Path, monkeypatch) -> None:
    times = serve.warm()
    assert set(times) == {"imports", "build", "default_map", "first_run"}

    # a second warm-up is served from the caches: the uncached readers are never called again
    from gendermap.ui import data, views

    def not_again(*args, **kwargs):
        raise AssertionError("recomputed: the cache was not filled")

    monkeypatch.setattr(data, "read_build", not_again)
    monkeypatch.setattr(views, "indicator_table", not_again)
    again = serve.warm()
    assert set(again) == {"imports", "build", "default_map", "first_run"}

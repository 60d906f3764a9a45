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


def test_warm_fills_the_first_visit_caches(app_env: Path) -> None:
    times = serve.warm()
    assert set(times) == {"imports", "build", "default_map"}
    # a second warm-up finds everything cached: no slower than the first
    again = serve.warm()
    assert again["build"] <= max(times["build"], 0.5) and again["default_map"] <= max(times["default_map"], 0.5)

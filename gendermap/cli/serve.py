"""``gendermap serve``: the web app on 127.0.0.1:8501, headless, with static serving on.

Static serving is what lets the app run without internet: Leaflet and the map
geometry are served from ``<checkout>/static`` (see :mod:`gendermap.ui.assets`).
The process is ``python -m gendermap.ui.serve``, which fills the app's caches before
Streamlit listens, so the first visitor after a start does not wait for them.
"""

from __future__ import annotations

import argparse
import os
import sys

from gendermap.config import ROOT


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8501, help="port (default 8501)")


def command(args: argparse.Namespace) -> list[str]:
    """The server command line (separate so tests can check it): ``streamlit run`` options."""
    return [
        sys.executable, "-m", "gendermap.ui.serve",
        "--server.address", args.host,
        "--server.port", str(args.port),
        "--server.headless", "true",
        "--server.enableStaticServing", "true",
        "--browser.gatherUsageStats", "false",
        "--client.showSidebarNavigation", "false",
        "--client.showErrorDetails", "none",  # tracebacks only in the server's log
    ]


def run(args: argparse.Namespace) -> int:
    # Leaflet is copied into static/ by the app itself when it loads its data
    # (gendermap.ui.assets.ensure_static); the CLI layer does not reach into the UI layer.
    cmd = command(args)
    print(f"gendermap: http://{args.host}:{args.port}", flush=True)
    os.chdir(ROOT)
    os.execv(cmd[0], cmd)
    return 0  # pragma: no cover  (execv does not return)

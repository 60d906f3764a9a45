"""Unexpected errors in a page: logged on the server with a short id, shown to the
visitor as one sentence with that id to quote.

Why: a traceback tells a visitor nothing they can act on and tells an attacker file
paths, versions and data. Streamlit's own error box is off (``client.showErrorDetails =
"none"`` in .streamlit/config.toml and ``gendermap serve``); this guard shows a readable
message instead and keeps the full traceback in ``var/logs/errors.log`` under the same id.
Streamlit's rerun/stop signals derive from BaseException and pass through untouched.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from gendermap.config import get_settings
from gendermap.ui.i18n import t

LOG = logging.getLogger("gendermap.app")


def _log_to_file() -> None:
    """Once per process: errors also go to var/logs/errors.log (stderr keeps them too)."""
    if any(getattr(h, "_gendermap", False) for h in LOG.handlers):
        return
    folder = get_settings().var_dir / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(folder / "errors.log", encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    handler._gendermap = True  # type: ignore[attr-defined]
    LOG.addHandler(handler)
    LOG.addHandler(logging.StreamHandler())


def error_code() -> str:
    """A short id a person can read out on the phone (8 hex characters)."""
    return secrets.token_hex(4).upper()


@contextmanager
def guarded() -> Iterator[None]:
    """Run a page; an unexpected exception is logged with an id and shown as a sentence."""
    try:
        yield
    except Exception:
        code = error_code()
        try:
            _log_to_file()
        except OSError:  # a read-only var/ must not hide the error itself
            pass
        LOG.exception("unexpected error in the app, code %s", code)
        st.error(t("error.unexpected", code=code))

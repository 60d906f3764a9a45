"""A visitor's first run of the map page: the map first, the widgets new to the browser after it.

Why: Streamlit's browser code loads each kind of widget (multiselect, selectbox, radio,
download button) the first time one is shown, and reveals a page's waiting elements together
once their code is in. A new visitor's map waited for the sidebar filters' code: ~0.65 s of
a first paint on a 2-core machine (measured with the filters, search box and picture button
left out). So a session's first run draws the map, its legend and panel; the map, once
painted, asks for the next run (``js/coverage.js``, a trigger, at the latest after 3 s),
which draws the filters, the search box and the picture button. Every later run of the
session, whatever started it, draws everything.

A session without a browser (Streamlit's AppTest, a script) has no map to ask for the next
run, so it gets everything in its first run.
"""

from __future__ import annotations

import uuid
from typing import Any

import streamlit as st

_DRAWN = "gm_run_drawn"
_FIRST = "gm_first_run"
_TAKEN = "gm_notes_taken"


def _from_browser() -> bool:
    """True when the session came through a browser's connection (it sent request headers)."""
    try:
        return bool(st.context.headers)
    except Exception:  # noqa: BLE001 (no script run context: not a browser session)
        return False


def start() -> None:
    """At the top of every page's run (``nav.frame``): note whether this is the session's first run."""
    first = not st.session_state.get(_DRAWN, False) and _from_browser()
    st.session_state[_FIRST] = uuid.uuid4().hex if first else ""
    st.session_state[_DRAWN] = True
    st.session_state[_TAKEN] = {}


def take(key: str) -> Any:
    """A one-time note left under ``key`` for this run (e.g. "page not found"), read and removed."""
    value = st.session_state.pop(key, None)
    if value is not None:
        st.session_state.setdefault(_TAKEN, {})[key] = value
    return value


def keep_notes() -> None:
    """The run the map asks for shows this run's one-time notes again: they would otherwise be
    gone half a second after they appeared."""
    for key, value in st.session_state.get(_TAKEN, {}).items():
        st.session_state[key] = value


def first() -> bool:
    """True during a browser session's first run (see the module's docstring)."""
    return bool(token())


def token() -> str:
    """During a browser session's first run, a token of it (else ""): the map asks for the
    next run once per token, so a page that outlived its session (the server restarted)
    still gets its widgets from the new session."""
    return str(st.session_state.get(_FIRST, ""))

"""Sign-in that survives a new browser tab: the session token in a cookie.

Why: Streamlit's session state lives as long as one browser tab's connection, so a copied
deep link (a new tab, a new Streamlit session) used to open signed out. The token is now
also kept in a ``SameSite=Strict`` cookie:

- Read with ``st.context.cookies`` (the cookies of the tab's first request). A token
  found there is taken into the session only when the session has none, and is checked
  against the sessions table like any token (:meth:`MonitorStore.resolve`): expired,
  revoked or idle sessions are refused as before, and every write re-checks it.
- Written and cleared by a few lines of script (``st.html`` with JavaScript): Streamlit
  cannot set ``HttpOnly`` cookies, so the cookie is readable by scripts of this origin
  (the app escapes everything from users and data), never sent by other sites
  (``SameSite=Strict``), ``Secure`` under https, and lives no longer than the session.
- Sign-out revokes the session, clears the cookie and remembers the dead token, because
  ``st.context.cookies`` keeps showing the cookie the tab started with.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from gendermap.monitor import ANONYMOUS, Actor, SessionExpired

COOKIE = "gm_session"
TOKEN = "gm_monitor_token"
"""Session-state key: the sign-in session token (nothing else about the user is kept)."""
SENT = "gm_monitor_cookie_sent"
"""Session-state key: the cookie value last sent to this tab (sent once, not on every run)."""
DEAD = "gm_monitor_dead_token"
"""Session-state key: a token this tab ended (signed out, expired): never taken from the cookie again."""
_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{20,128}")
"""What :func:`gendermap.monitor.auth.new_token` makes; anything else in the cookie is ignored."""


@dataclass(frozen=True)
class Resolved:
    """Who is signed in, and what the browser's cookie should become: a token to write,
    ``""`` to clear it, None to leave it."""

    actor: Actor
    cookie: str | None
    expired: bool = False


def resolve(store: Any, state: Any, cookies: Mapping[str, str]) -> Resolved:
    """The actor of this tab: the session's token, else the cookie's (adopted into the
    session), checked against the sessions table; an ended token is dropped and marked.
    ``state`` is ``st.session_state`` (any mutable mapping in tests).

    ``cookie`` says how the browser's cookie must change so that it holds this tab's live
    token (or nothing); the change is recorded as sent, so it is asked for once.
    """
    raw = cookies.get(COOKIE) or ""
    browser = raw if _TOKEN_RE.fullmatch(raw) else ""
    holds = state[SENT] if SENT in state else raw  # newer than the cookies the tab started with
    token = state.get(TOKEN)
    if not token and browser and browser != state.get(DEAD):
        token = state[TOKEN] = browser
    who, expired = ANONYMOUS, False
    if token:
        try:
            who = store.resolve(token)
        except SessionExpired:
            state.pop(TOKEN, None)
            state[DEAD] = token
            token, expired = None, True
    want = token or ""
    if want == holds:
        return Resolved(who, None, expired)
    state[SENT] = want
    return Resolved(who, want, expired)


def signed_out(state: Any) -> None:
    """Forget this tab's token (after the store revoked it); the cookie is cleared next run."""
    token = state.pop(TOKEN, None)
    if token:
        state[DEAD] = token


def script(value: str, max_age: int) -> str:
    """The script that writes (``value`` a token) or clears (``""``) the cookie."""
    if value and not _TOKEN_RE.fullmatch(value):
        raise ValueError("not a session token")
    age = max(int(max_age), 0) if value else 0
    return ("<script>(function(){var s=location.protocol==='https:'?'; Secure':'';"
            f"document.cookie='{COOKIE}={value}; Path=/; Max-Age={age}; SameSite=Strict'+s;}})();</script>")


def apply(resolved: Resolved, max_age: int) -> None:
    """Send the cookie change of ``resolved`` to the browser (nothing when it is right already)."""
    if resolved.cookie is None:
        return
    import streamlit as st

    st.html(script(resolved.cookie, max_age), unsafe_allow_javascript=True)

"""Sign-in kept in a cookie: a new tab's cookie token becomes its session, checked like any token."""

from __future__ import annotations

from datetime import timedelta

import pytest

from gendermap.ui import session_cookie as sc

from .conftest import PASSWORD
from .test_auth import clocked  # noqa: F401 (fixture)

pytestmark = [pytest.mark.monitoring, pytest.mark.security]


def test_a_new_tab_with_the_cookie_is_signed_in(clocked) -> None:  # noqa: F811
    store, _ = clocked
    token = store.sign_in("ayse", PASSWORD).token
    first: dict = {sc.TOKEN: token}  # the tab that signed in: its browser has no cookie yet
    assert sc.resolve(store, first, {}).cookie == token  # ... so it is written
    assert sc.resolve(store, first, {}).cookie is None  # once
    tab: dict = {}  # a copied link opened in a new tab: a new Streamlit session
    got = sc.resolve(store, tab, {sc.COOKIE: token})
    assert got.actor.username == "ayse" and got.actor.role == "editor" and got.actor.token == token
    assert tab[sc.TOKEN] == token and got.cookie is None and not got.expired


def test_sign_out_clears_the_cookie_and_the_stale_copy_is_not_taken_back(clocked) -> None:  # noqa: F811
    store, _ = clocked
    token = store.sign_in("ayse", PASSWORD).token
    tab: dict = {}
    who = sc.resolve(store, tab, {sc.COOKIE: token}).actor
    store.sign_out(who)
    sc.signed_out(tab)
    # st.context.cookies still shows the cookie the tab started with
    again = sc.resolve(store, tab, {sc.COOKIE: token})
    assert not again.actor.signed_in and again.cookie == "" and not again.expired
    assert sc.TOKEN not in tab
    assert sc.resolve(store, tab, {sc.COOKIE: token}).cookie is None  # cleared once


def test_the_tab_that_signed_in_clears_the_cookie_it_wrote(clocked) -> None:  # noqa: F811
    store, _ = clocked
    who = store.sign_in("ayse", PASSWORD)
    tab: dict = {sc.TOKEN: who.token}
    assert sc.resolve(store, tab, {}).cookie == who.token
    store.sign_out(who)
    sc.signed_out(tab)
    got = sc.resolve(store, tab, {})  # its first request carried no cookie: it knows it wrote one
    assert got.cookie == "" and not got.actor.signed_in


def test_revoked_or_expired_cookie_signs_nobody_in(clocked) -> None:  # noqa: F811
    store, clock = clocked
    revoked = store.sign_in("ayse", PASSWORD)
    store.sign_out(revoked)  # signed out in another tab
    tab: dict = {}
    got = sc.resolve(store, tab, {sc.COOKIE: revoked.token})
    assert not got.actor.signed_in and got.expired and got.cookie == ""
    assert sc.resolve(store, tab, {sc.COOKIE: revoked.token}).expired is False  # said once, not taken again
    old = store.sign_in("ayse", PASSWORD).token
    clock.now += timedelta(hours=2)  # past the session's lifetime
    got = sc.resolve(store, {}, {sc.COOKIE: old})
    assert not got.actor.signed_in and got.expired


def test_the_tabs_own_session_wins_and_junk_is_cleared(clocked) -> None:  # noqa: F811
    store, _ = clocked
    mine = store.sign_in("ayse", PASSWORD).token
    other = store.sign_in("ayse", PASSWORD).token
    tab = {sc.TOKEN: mine}
    assert sc.resolve(store, tab, {sc.COOKIE: other}).actor.token == mine
    junk = sc.resolve(store, {}, {sc.COOKIE: "x'; alert(1); '"})
    assert not junk.actor.signed_in and junk.cookie == ""


def test_cookie_script_is_strict_and_takes_only_tokens() -> None:
    text = sc.script("a" * 43, 3600)
    assert "SameSite=Strict" in text and "Path=/" in text and "Max-Age=3600" in text and "Secure" in text
    assert "Max-Age=0" in sc.script("", 3600)
    with pytest.raises(ValueError):
        sc.script("x'; alert(1); '", 60)

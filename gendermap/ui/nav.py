"""Page list and navigation, including links that open a page directly.

Why a fallback: the pages live in ``pages/`` (plain ASCII names). When a ``pages/``
directory exists, Streamlit opens a deep link such as ``/harita?indicator=...`` by
running that page file on its own (its multipage v1 mode), without ``app.py``, until some
run has called ``st.navigation``. ``app.py`` marks its own runs in a context variable
(each script run has its own thread); a page run without that mark turns that mode off
for the process and runs again through ``app.py`` (``gendermap serve`` turns it off before
the first visitor). A page run as the main script (AppTest) sets the page config and the
sidebar links itself.

Why a page for an unknown link: for a path that names no page (``/nosuchpage``, an old or
mistyped link) ``st.navigation`` runs the first page and the browser shows Streamlit's own
English "Page not found" dialog. The app lists that one path, for that one run, as a
hidden page which opens the map with a note in the visitor's language (:func:`asked_for`).
"""

from __future__ import annotations

from contextvars import ContextVar
from pathlib import Path
from typing import Any

import streamlit as st
from streamlit.errors import StreamlitAPIException, StreamlitPageNotFoundError

from gendermap.config import ROOT
from gendermap.ui import firstrun
from gendermap.ui.errors import guarded
from gendermap.ui.i18n import language_switch, t

IN_APP: ContextVar[bool] = ContextVar("gm_in_app", default=False)
NOT_FOUND = "gm_not_found"
"""Session-state key: the unknown path a visitor opened (the note is shown once, on the map)."""

PAGES: list[tuple[str, str, str]] = [
    # (file, title key or literal title, Material icon)
    ("pages/harita.py", "page.harita", ":material/map:"),
    ("pages/sentez.py", "page.sentez", ":material/insights:"),
    ("pages/karsilastir.py", "page.karsilastir", ":material/compare_arrows:"),
    ("pages/odak.py", "page.odak", ":material/my_location:"),
    ("pages/veri.py", "page.veri", ":material/download:"),
    ("pages/yontem.py", "page.yontem", ":material/menu_book:"),
    ("pages/gostergeler.py", "page.gostergeler", ":material/playlist_add:"),
    # monitoring and participation pages, listed when present
    ("pages/izleme.py", "page.izleme", ":material/monitoring:"),
    ("pages/veri_girisi.py", "page.veri_girisi", ":material/edit_note:"),
    ("pages/ihtiyac.py", "page.ihtiyac", ":material/checklist:"),
    ("pages/geri_bildirim.py", "page.geri_bildirim", ":material/forum:"),
    ("pages/calistay.py", "page.calistay", ":material/groups:"),
    ("pages/giris.py", "page.giris", ":material/login:"),
]

EMBED_PAGE = "pages/gomulu.py"
"""The live map alone (``gendermap.ui.embed_ui.live_map``), opened by the embed ``<iframe>``."""

PAGE_CONFIG = {
    "page_title": "Toplumsal cinsiyet haritası · gendermap",
    # an emoji favicon is drawn locally (a data: SVG); a :material/...: one would be
    # fetched from fonts.gstatic.com, which breaks the no-internet rule
    "page_icon": "🗺️",
    "layout": "wide",
    # "auto": open on a laptop, closed on a phone (where it would cover the map and block taps)
    "initial_sidebar_state": "auto",
}


def _title(key: str) -> str:
    return t(key)


def present() -> list[tuple[str, str, str]]:
    return [p for p in PAGES if (ROOT / p[0]).exists()]


def asked_for() -> str:
    """The page name the browser asked for in this run ("" for the start page or when unknown).

    Read from Streamlit's page manager (``intended_page_name``: the URL path after the app's
    base, sent by the browser on a session's first run); it is the name ``st.navigation``
    matches a page's ``url_path`` against. tests/ui/test_nav.py fails if Streamlit renames it.
    """
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    name = getattr(getattr(get_script_run_ctx(), "pages_manager", None), "intended_page_name", None)
    return name if isinstance(name, str) else ""


def _open_map_instead(asked: str, target: Any) -> Any:
    """A hidden page at the unknown path ``asked``: remembers the path and switches to the map."""

    def not_found() -> None:
        st.session_state[NOT_FOUND] = asked
        st.switch_page(target)

    return st.Page(not_found, title=target.title, url_path=asked, visibility="hidden")


def page_list() -> list[Any]:
    """The ``st.Page`` list for ``st.navigation``: menu pages, the first one's own link, the embed page.

    Streamlit gives the default page the URL path "" whatever ``url_path`` says, so a copied
    ``/harita?...`` link named no page: the visitor got a "Page not found" dialog (and the
    map anyway). The first page is therefore listed twice: as the default ("/", in the
    menu) and, hidden, under its own name. A path that names no page gets one more hidden
    page for this run (:func:`_open_map_instead`).
    """
    entries = present()
    pages = [
        st.Page(path, title=_title(key), icon=icon, default=(i == 0), url_path="" if i == 0 else Path(path).stem)
        for i, (path, key, icon) in enumerate(entries)
    ]
    if entries:
        path, key, icon = entries[0]
        pages.append(st.Page(path, title=_title(key), icon=icon, url_path=Path(path).stem, visibility="hidden"))
    if (ROOT / EMBED_PAGE).exists():  # the map alone for <iframe>s: routable, never in the menu
        pages.append(st.Page(EMBED_PAGE, title="Gömülü harita", url_path="gomulu", visibility="hidden"))
    asked = asked_for().strip().strip("/")
    if entries and asked and "/" not in asked and asked not in {p.url_path for p in pages}:
        try:
            pages.append(_open_map_instead(asked, pages[len(entries)]))
        except StreamlitAPIException:  # a name st.Page refuses: Streamlit's own dialog, and the map
            pass
    return pages


def run_app() -> None:
    """Called by app.py: register pages with st.navigation (top bar) and run the chosen one."""
    st.set_page_config(**PAGE_CONFIG)  # type: ignore[arg-type]
    page = st.navigation(page_list(), position="top")
    token = IN_APP.set(True)
    try:
        with guarded():  # no traceback for visitors: a message with an error code
            page.run()
    finally:
        IN_APP.reset(token)


def frame() -> None:
    """Top of every page (map pages and monitoring pages alike): the fallback frame when
    opened directly, then the language switch. A change of language reruns at once, so
    the navigation drawn before the page is relabelled by the same click. After a link to
    an unknown path, the note that the map was opened instead (once)."""
    fallback()
    firstrun.start()
    language_switch(rerun=True)
    asked = firstrun.take(NOT_FOUND)
    if asked is not None:
        st.info(t("nav.not_found"), icon=":material/travel_explore:")


def app_pages_only() -> bool:
    """Turn off Streamlit's ``pages/`` folder mode for the whole process; True if it was on.

    Until some run has called ``st.navigation``, Streamlit runs a link's page file alone
    (without app.py) because a ``pages/`` folder lies beside app.py: the first visitors
    after a start got another frame (sidebar links, no top bar) than the ones after them.
    """
    from streamlit.runtime.pages_manager import PagesManager

    was = bool(PagesManager.uses_pages_directory)
    PagesManager.uses_pages_directory = False
    return was


def fallback() -> None:
    """In a page opened directly (not through app.py): page config and sidebar links."""
    if IN_APP.get():
        return
    # A new visitor's link opened before any run of app.py: run it again through app.py.
    # Only a fresh session (nothing in its state yet): a rerun would swallow a click.
    if app_pages_only() and len(st.session_state) == 0:
        st.rerun()
    st.set_page_config(**PAGE_CONFIG)  # type: ignore[arg-type]
    for path, key, icon in present():
        try:
            st.sidebar.page_link(path, label=_title(key), icon=icon)
        except StreamlitPageNotFoundError:
            # A page run as the main script (AppTest, `streamlit run pages/x.py`) has no
            # pages/ folder beside it, so Streamlit knows no other page to link to.
            break
    st.sidebar.divider()

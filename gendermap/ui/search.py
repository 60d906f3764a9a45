"""The map's place search: a mahalle or district typed the way people type on any keyboard.

Why the extra words in the labels: Streamlit filters a selectbox in the browser by plain
lower-case subsequence, so "sigacik" would never find "Sığacık" (nor "IRMAK" "Irmak": in
JavaScript "I" lowers to "i", never "ı"). Each label therefore ends with the ASCII form of
the name (:func:`gendermap.names.ascii_fold`, Turkish-aware) when it differs. A typed text
that is not an option (Enter pressed) is matched here with the same folding
(:func:`find`), so "Sığacık Mah." or "kemalpasa" still lands on the place.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from gendermap import names
from gendermap.ui import data, state
from gendermap.ui.i18n import t, tr_en

KEY = "gm_search"
NOT_FOUND = "gm_search_missing"
"""Session-state key: a typed name that matched nothing (said once under the box)."""


def search_key(text: str) -> str:
    """The comparable form of a typed or stored name: Turkish-folded ASCII, no "Mah." suffix."""
    return names.ascii_fold(names.name_key(text))


def _label(name: str, rest: str) -> str:
    plain = names.ascii_fold(name)
    hint = f" · {plain}" if plain != names.turkish_lower(name) else ""
    return f"{name}{rest}{hint}"


def entries(district: pd.DataFrame, mahalle: pd.DataFrame, lang: str) -> tuple[dict[str, str], dict[str, str]]:
    """(labels, keys) of every place: ``d:<district code>`` -> "Kemalpaşa (ilçe, İzmir) · kemalpasa",
    ``m:<mahalle code>`` -> "Sığacık · Seferihisar · sigacik"; keys are :func:`search_key` of
    name, district and province, for :func:`find`."""
    labels: dict[str, str] = {}
    keys: dict[str, str] = {}
    for code, name, province in zip(district["district_code"], district["district"], district["province"], strict=True):
        k = f"d:{int(code)}"
        labels[k] = _label(str(name), f" ({tr_en('search.district', lang)}, {province})")
        keys[k] = f"{search_key(str(name))}|{search_key(str(province))}"
    m = mahalle[mahalle["mahalle_code"].notna()]
    for code, name, dname, province in zip(m["mahalle_code"], m["mahalle"], m["district"], m["province"], strict=True):
        k = f"m:{code}"
        labels[k] = _label(str(name), f" · {dname}")
        keys[k] = f"{search_key(str(name))}|{search_key(str(dname))} {search_key(str(province))}"
    return labels, keys


def find(query: str, keys: dict[str, str]) -> list[str]:
    """Places matching a typed text, best first: the name itself, then names starting with
    it, then places whose name, district and province hold every typed word; districts
    before mahalle of the same rank."""
    q = search_key(query)
    words = q.split()
    if not words:
        return []
    ranked = []
    for k, key in keys.items():
        name, _, where = key.partition("|")
        if name == q:
            rank = 0
        elif name.startswith(q):
            rank = 1
        elif all(w in f"{name} {where}" for w in words):
            rank = 2
        else:
            continue
        ranked.append((rank, not k.startswith("d:"), name, k))
    return [k for *_, k in sorted(ranked)]


@st.cache_data(show_spinner=False, max_entries=4)
def _entries(version: str, lang: str) -> tuple[dict[str, str], dict[str, str]]:
    build = data.load()
    assert build is not None
    return entries(build.district, build.mahalle, lang)


def go_to(build: data.Build, choice: str) -> None:
    """Zoom the map to a district (it becomes the filter) or a mahalle (its panel opens)."""
    kind, _, code = choice.partition(":")
    view = state.current()
    if kind == "d":
        province = build.district.loc[build.district["district_code"] == int(code), "province_code"]
        provinces = tuple(sorted(set(view.provinces) | {int(province.iloc[0])}, reverse=True)) if len(province) else view.provinces
        state.update(provinces=provinces, districts=(int(code),), mahalle="")
        st.session_state.pop(state.FOCUS, None)
    else:
        state.update(mahalle=code)
        st.session_state[state.FOCUS] = code


def _chosen(key: str) -> None:
    """on_change of the search box: an option goes there; typed text goes to its best match."""
    choice = st.session_state.get(key)
    if not choice:
        return
    build = data.load()
    assert build is not None
    labels, keys = _entries(build.version, state.current().lang)
    if choice not in labels:
        hits = find(str(choice), keys)
        if not hits:
            st.session_state[NOT_FOUND] = str(choice)[:80]
            st.session_state[key] = None
            return
        choice = hits[0]
    go_to(build, str(choice))
    st.session_state[key] = None


def search_box(build: data.Build) -> None:
    """Type a mahalle or district name: the map zooms there; a mahalle's panel opens."""
    labels, _ = _entries(build.version, state.current().lang)
    st.selectbox(t("search.label"), list(labels), index=None, key=KEY, format_func=lambda k: labels.get(k, k),
                 placeholder=t("search.placeholder"), on_change=_chosen, args=(KEY,), accept_new_options=True)
    missing = st.session_state.pop(NOT_FOUND, None)
    if missing:
        from gendermap.ui.monitoring import md

        st.caption(t("search.none", text=md(missing)))

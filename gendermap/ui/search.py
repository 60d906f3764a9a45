"""The map's place search: a mahalle or district typed the way people type on any keyboard.

Why the extra words in the labels: Streamlit filters a selectbox in the browser by plain
lower-case subsequence, so "sigacik" would never find "Sığacık" (nor "IRMAK" "Irmak": in
JavaScript "I" lowers to "i", never "ı"). Each label therefore ends with the ASCII form of
the name (:func:`gendermap.names.ascii_fold`, Turkish-aware) when it differs. (A free-text
box, ``accept_new_options``, was left out: Streamlit offers typed text as "Add: …", in
English, whatever the page language.)
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from gendermap import names
from gendermap.ui import data, state
from gendermap.ui.i18n import t, tr_en

KEY = "gm_search"


def _label(name: str, rest: str) -> str:
    """The name, its ASCII form right after it (so the browser's ranking, which favours early
    matches, puts "kemalpasa" on the district Kemalpaşa first), then where it is."""
    plain = names.ascii_fold(names.name_key(name))
    hint = f" · {plain}" if plain != names.name_key(name) else ""
    return f"{name}{hint}{rest}"


def entries(district: pd.DataFrame, mahalle: pd.DataFrame, lang: str) -> dict[str, str]:
    """The label of every place: ``d:<district code>`` -> "Kemalpaşa · kemalpasa (ilçe, İzmir)",
    ``m:<mahalle code>`` -> "Sığacık Mah. · sigacik · Seferihisar"."""
    labels: dict[str, str] = {}
    for code, name, province in zip(district["district_code"], district["district"], district["province"], strict=True):
        labels[f"d:{int(code)}"] = _label(str(name), f" ({tr_en('search.district', lang)}, {province})")
    m = mahalle[mahalle["mahalle_code"].notna()]
    for code, name, dname in zip(m["mahalle_code"], m["mahalle"], m["district"], strict=True):
        labels[f"m:{code}"] = _label(str(name), f" · {dname}")
    return labels


@st.cache_data(show_spinner=False, max_entries=4)
def _entries(version: str, lang: str) -> dict[str, str]:
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
    """on_change of the search box: go to the chosen place."""
    choice = st.session_state.get(key)
    if not choice:
        return
    build = data.load()
    assert build is not None
    go_to(build, str(choice))
    st.session_state[key] = None


def search_box(build: data.Build) -> None:
    """Type a mahalle or district name: the map zooms there; a mahalle's panel opens."""
    labels = _entries(build.version, state.current().lang)
    st.selectbox(t("search.label"), list(labels), index=None, key=KEY, format_func=lambda k: labels.get(k, k),
                 placeholder=t("search.placeholder"), on_change=_chosen, args=(KEY,))

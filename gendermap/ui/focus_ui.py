"""Odak ilçeler page parts: criteria with weights, ranked shortlist with reasons, map, export.

The ranking is the focus table of the one analysis (:func:`gendermap.analysis.analysis`,
run through :func:`gendermap.ui.synthesis.run` with the page's method, weights, criteria and
provinces: the same inputs as the build and ``gendermap analyse``); this module edits the
criteria (weights and directions), shows the shortlist with its reasons, highlights it on
the map, exports it and makes a district report from the page's analysis.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from gendermap import DEMO_LABEL
from gendermap.maps import HIDDEN, Paint
from gendermap.tabular import write_csv, write_xlsx
from gendermap.ui import data, state, views
from gendermap.ui.components import MapResult
from gendermap.ui.i18n import t, tr_en

SHORTLIST_COLOUR = "#b2182b"
OTHER_COLOUR = "#f0f0f0"


def criteria() -> tuple[tuple[str, float, str], ...]:
    """Editable criteria table (weight 0-3, 0 leaves a criterion out; direction)."""
    from gendermap.focus import CRITERIA

    lang = state.current().lang
    frame = pd.DataFrame([
        {"id": c.id, "label": c.label_en if lang == "en" else c.label_tr, "weight": c.weight,
         "higher": c.direction == "higher_is_priority"}
        for c in CRITERIA
    ])
    st.subheader(t("o.criteria"))
    edited = st.data_editor(
        frame, key="focus_criteria", hide_index=True, disabled=["id", "label"], width="stretch",
        column_config={
            "id": None,
            "label": st.column_config.TextColumn(t("o.criterion")),
            "weight": st.column_config.NumberColumn(t("o.weight"), min_value=0.0, max_value=3.0, step=0.25),
            "higher": st.column_config.CheckboxColumn(t("o.higher")),
        },
    )
    return tuple(
        (str(r["id"]), float(r["weight"] or 0.0), "higher_is_priority" if r["higher"] else "lower_is_priority")
        for _, r in edited.iterrows()
    )


def ranking(build: data.Build, view: state.View, crit: tuple[tuple[str, float, str], ...]) -> pd.DataFrame:
    """The focus table of the one analysis for the page's index, criteria and provinces
    (districts filter the map, not the ranking: the shortlist is chosen among the
    provinces' districts). The same function the build and ``gendermap analyse`` run."""
    from gendermap.ui.synthesis import run, settings_for

    return run(build.version, settings_for(build, view, crit, districts=False)).focus


def shortlist_view(table: pd.DataFrame, top: int, lang: str) -> pd.DataFrame:
    reason = "reason_en" if lang == "en" else "reason_tr"
    short = table[table["rank"] <= top]
    return pd.DataFrame({
        tr_en("o.rank", lang): short["rank"].astype("Int64"),
        tr_en("col.district", lang): short["district"],
        tr_en("col.province", lang): short.get("province", ""),
        tr_en("o.score", lang): short["score"].round(1),
        tr_en("o.reasons", lang): short[reason],
    })


def shortlist_codes(table: pd.DataFrame, top: int) -> tuple[int, ...]:
    return tuple(int(x) for x in table.loc[table["rank"] <= top, "district_code"])


@st.cache_data(show_spinner=False, max_entries=16)
def shortlist_map(version: str, codes: tuple[int, ...], provinces: tuple[int, ...], lang: str) -> MapResult:
    """Mahalle of shortlisted districts in red, the rest light grey."""
    build = data.load()
    assert build is not None
    places = build.mahalle
    mask = views.visible_mask(places, provinces, ())
    inside = places["district_code"].isin(list(codes)).to_numpy()
    classes = np.where(mask, np.where(inside, 0, 1), HIDDEN)
    tips = [views.escape(tr_en("o.shortlist", lang)) if x else "" for x in inside]
    paint = Paint(colours=[SHORTLIST_COLOUR, OTHER_COLOUR], classes=classes.tolist(), tips=tips,
                  bounds=views.bounds_of(places, mask), demo=build.synthetic,
                  districts_visible=views.visible_mask(build.district, provinces, ()).tolist())
    legend = [{"label": tr_en("o.shortlist", lang), "colour": SHORTLIST_COLOUR, "count": int((inside & mask).sum()), "kind": "value"},
              {"label": tr_en("o.others", lang), "colour": OTHER_COLOUR, "count": int((~inside & mask).sum()), "kind": "value"}]
    return MapResult(paint, legend, pd.DataFrame(), build.synthetic, tr_en("o.shortlist", lang))


def downloads(frame: pd.DataFrame, synthetic: bool) -> None:
    """CSV and XLSX of the shortlist; demo data carry the label in a column and the sheet name."""
    out = frame.copy()
    if synthetic:
        out.insert(0, "data_label", DEMO_LABEL)
    c1, c2 = st.columns(2)
    c1.download_button("CSV", write_csv(out), file_name="odak-ilceler.csv", mime="text/csv", key="focus_csv")
    sheet = "odak" + (" (ORNEK VERI)" if synthetic else "")
    c2.download_button("XLSX", write_xlsx({sheet: out}), file_name="odak-ilceler.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="focus_xlsx")


def report_button(build: data.Build, view: state.View, crit: tuple[tuple[str, float, str], ...],
                  table: pd.DataFrame) -> None:
    """A district report (PDF) made from this page: handed the page's analysis (its focus
    rank, reason, criteria weights, hot spots and index), so it shows what the page shows."""
    from gendermap.report.api import build_report, report_filename
    from gendermap.report.content import with_analysis
    from gendermap.ui.components import _report_data, with_municipalities
    from gendermap.ui.synthesis import run, settings_for

    lang = view.lang
    ranked = table[table["rank"].notna()]
    names = dict(zip(ranked["district_code"].astype(int), ranked["district"], strict=True))
    if not names:
        return
    code = st.selectbox(t("o.report.pick"), list(names), format_func=lambda c: names[c], key="focus_report_district")
    settings = settings_for(build, view, crit, districts=False)
    key = ("focus_report", build.version, settings, int(code), lang)
    if st.button(t("o.report"), key="make_focus_report"):
        with st.spinner(t("panel.making")):
            prepared = with_analysis(with_municipalities(_report_data(build.version)), run(build.version, settings))
            st.session_state["gm_focus_report"] = (key, build_report(str(code), lang, "pdf", prepared))
    made = st.session_state.get("gm_focus_report")
    if made and made[0] == key:
        name = report_filename(names[int(code)], lang, "pdf")
        st.download_button(t("d.save") + f": {name}", made[1], file_name=name, mime="application/pdf",
                           key="dl_focus_report")

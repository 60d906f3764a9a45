"""Odak downloads and report: the shortlist with a record of exactly how it was made.

A planner hands the list on (to a council, a funder); the file must say how it was made
without the app: the date, the data version, the index method and weights, every focus
criterion's weight and direction, the area ranked, the demo mark, and the link parameters
that reopen the same list. The XLSX carries that as an "Ayarlar"/"Settings" sheet, the CSV
as a block above the table (:func:`gendermap.tabular.write_csv` ``preamble``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from gendermap import DEMO_LABEL
from gendermap.analysis import AnalysisSettings
from gendermap.catalogue import Catalogue
from gendermap.focus import CRITERIA
from gendermap.numbers import format_date, format_int
from gendermap.tabular import write_csv, write_xlsx
from gendermap.ui import data, state
from gendermap.ui.focus_ui import Area, weight_text
from gendermap.ui.i18n import t, tr_en

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _index_weights(catalogue: Catalogue, settings: AnalysisSettings, lang: str) -> str:
    parts = []
    for name, w in (*settings.theme_weights, *settings.indicator_weights):
        theme = catalogue.themes.get(name)
        label = theme.label.get(lang) if theme is not None else catalogue.get(name).label.get(lang)
        parts.append(f"{label}: {weight_text(w, lang)}")
    return "; ".join(parts) or tr_en("o.set.all_one", lang)


def settings_table(
    catalogue: Catalogue, version: str, synthetic: bool, settings: AnalysisSettings, *,
    area: str, ranked: int, top: int, link: dict[str, str], lang: str, today: date | None = None,
) -> pd.DataFrame:
    """Two columns (setting, value): how the list was made, in the reader's language."""
    def tx(key: str) -> str:
        return tr_en(key, lang)

    method = settings.focus_method
    rows: list[tuple[str, str]] = [
        (tx("o.set.made"), format_date(today or date.today(), lang)),
        (tx("o.set.version"), version),
        (tx("o.set.data"), DEMO_LABEL if synthetic else tx("o.set.real")),
        (tx("o.set.method"), f"{tx(f'method.{method}')} ({method})"),
        (tx("o.set.index_weights"), _index_weights(catalogue, settings, lang)),
        (tx("s.smooth"), f"{tx(f'smooth.{settings.smoothing}')} ({settings.smoothing})"),
        (tx("s.year"), str(settings.year) if settings.year is not None else tx("s.year.reference")),
        (tx("o.set.area"), area),
        (tx("o.set.n"), format_int(ranked, lang)),
        (tx("o.set.top"), format_int(min(top, ranked), lang)),  # never more than were ranked
    ]
    weights, directions = dict(settings.criteria_weights), dict(settings.criteria_directions)
    for c in CRITERIA:
        w, d = weights.get(c.id, c.weight), directions.get(c.id, c.direction)
        label = c.label_en if lang == "en" else c.label_tr
        way = tx("o.set.higher") if d == "higher_is_priority" else tx("o.set.lower")
        value = (tx("o.set.weight_dir").format(w=weight_text(w, lang), d=way) if w > 0
                 else tx("o.set.unused"))
        rows.append((tx("o.set.criterion").format(label=label), f"{value} [{c.id}]"))
    rows.append((tx("o.set.link"), "odak?" + urlencode(link, safe=",:")))
    return pd.DataFrame(rows, columns=[tx("o.set.setting"), tx("o.set.value")])


def files(shortlist: pd.DataFrame, settings: pd.DataFrame, synthetic: bool, lang: str) -> tuple[bytes, bytes]:
    """(CSV, XLSX) of the shortlist with its settings; demo data carry the label in a column
    (headed in the reader's language, as the rest) and in the sheet name."""
    out = shortlist.copy()
    if synthetic:
        out.insert(0, tr_en("o.set.label", lang), DEMO_LABEL)
    sheet = tr_en("o.set.list", lang) + (" (ORNEK VERI)" if synthetic else "")
    xlsx = write_xlsx({sheet: out, tr_en("o.set.sheet", lang): settings})
    return write_csv(out, preamble=settings), xlsx


def downloads(build: data.Build, view: state.View, area: Area, shortlist: pd.DataFrame,
              settings: pd.DataFrame) -> None:
    """One click per file, named after the ranking area and the day
    (``odak-izmir-2026-12-01.xlsx``, ``odak-balcova-narlidere-seferihisar-2026-12-01.csv``)."""
    from gendermap.ui.datapage import download_name

    csv, xlsx = files(shortlist, settings, build.synthetic, view.lang)
    c1, c2 = st.columns(2)
    name = "odak-" + download_name(build, replace(view, provinces=area.provinces, districts=area.districts), "csv")
    c1.download_button(f"{t('d.save')}: {name}", csv, file_name=name, mime="text/csv", key="focus_csv")
    name = name.removesuffix(".csv") + ".xlsx"
    c2.download_button(f"{t('d.save')}: {name}", xlsx, file_name=name, mime=XLSX_MIME, key="focus_xlsx")


def report_button(build: data.Build, view: state.View, settings: AnalysisSettings, table: pd.DataFrame,
                  marked: Sequence[int] = ()) -> None:
    """A district report (PDF) made from this page: handed the page's analysis (its focus
    rank, reason, criteria weights, hot spots and index), so it shows what the page shows."""
    from gendermap.report.api import build_report, report_filename
    from gendermap.report.content import with_analysis
    from gendermap.ui.panel import _report_data, with_municipalities
    from gendermap.ui.synthesis import run

    lang = view.lang
    ranked = table[table["rank"].notna()]
    names = dict(zip(ranked["district_code"].astype(int), ranked["district"], strict=True))
    if not names:
        return
    first = [c for c in marked if c in names]
    codes = first + [c for c in names if c not in first]
    code = st.selectbox(t("o.report.pick"), codes, format_func=lambda c: names[c], key="focus_report_district")
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

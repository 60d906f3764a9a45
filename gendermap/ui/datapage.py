"""Veri page parts: downloads with metadata sidecar, match report, quality summary, upload.

Exports are done by :mod:`gendermap.io.export` (this module turns the current filter into
its arguments); the upload area is :mod:`gendermap.ui.upload`.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from gendermap import DEMO_LABEL
from gendermap.io import export
from gendermap.tabular import write_csv
from gendermap.ui import data, state
from gendermap.ui import upload as uploads
from gendermap.ui.i18n import t

FORMATS = ("gpkg", "geojson", "csv", "xlsx", "parquet")
FORMAT_LABELS = {"gpkg": "GeoPackage", "geojson": "GeoJSON", "csv": "CSV", "xlsx": "Excel (XLSX)", "parquet": "GeoParquet"}


@st.cache_data(show_spinner="Dosya hazırlanıyor / preparing the file…", max_entries=8)
def export_file(version: str, fmt: str, provinces: tuple[int, ...], districts: tuple[int, ...],
                method: str) -> tuple[bytes, str, str, bytes]:
    """(content, file name, mime, sidecar JSON) of the joined data for the filter."""
    build = data.load()
    assert build is not None
    tables = export.BuildTables(build.mahalle, build.district, build.indicators, build.synthesis, None, build.catalogue)
    filters = {"provinces": [str(p) for p in provinces], "districts": [str(d) for d in districts], "method": method}
    frame = export.joined_frame(tables, provinces=filters["provinces"], districts=filters["districts"] or None, method=method)
    meta = export.metadata(tables, frame, filters)
    content, name, mime = export.export_bytes(frame, fmt, meta)
    return content, name, mime, export.metadata_bytes(meta)


def downloads(build: data.Build, view: state.View) -> None:
    """Format choice, then a download of the file and of its metadata sidecar."""
    st.subheader(t("d.download"))
    if build.synthetic:
        st.caption(DEMO_LABEL)
    fmt = st.radio(t("d.format"), FORMATS, horizontal=True, format_func=FORMAT_LABELS.__getitem__, key="dl_format")
    if st.button(t("d.prepare"), key="dl_prepare", type="primary"):
        st.session_state["dl_ready"] = (fmt, view.provinces, view.districts, view.method)
    ready = st.session_state.get("dl_ready")
    if ready and ready == (fmt, view.provinces, view.districts, view.method):
        content, name, mime, sidecar = export_file(build.version, fmt, view.provinces, view.districts, view.method)
        col1, col2 = st.columns(2)
        col1.download_button(f"{t('d.save')}: {name}", content, file_name=name, mime=mime, key="dl_file")
        col2.download_button(f"{t('d.save')}: {name}.metadata.json", sidecar, file_name=f"{name}.metadata.json",
                             mime="application/json", key="dl_meta")


def match_report(build: data.Build) -> None:
    st.subheader(t("d.match"))
    if build.match_report is None:
        st.write(t("none"))
        return
    st.dataframe(build.match_report, hide_index=True, width="stretch", height=240)
    st.download_button(f"{t('d.save')}: match_report.csv", write_csv(build.match_report),
                       file_name="match_report.csv", mime="text/csv", key="dl_match")


@st.cache_data(show_spinner=False, max_entries=8)
def quality(version: str, lang: str) -> pd.DataFrame:
    """Per indicator: how many mahalle values are reliable, unreliable, suppressed, missing."""
    build = data.load()
    assert build is not None
    ind = build.indicators
    latest = ind[ind["year"] == ind.groupby("indicator")["year"].transform("max")]
    table = latest.pivot_table(index="indicator", columns="flag", values="mahalle_code", aggfunc="count", fill_value=0)
    table = table.reindex(columns=["ok", "unreliable", "suppressed", "no_data"], fill_value=0)
    labels = {i.id: i.label.get(lang) for i in build.catalogue.indicators}
    synthetic = latest.groupby("indicator")["synthetic"].any()
    table.insert(0, t("col.indicator"), [labels.get(i, i) for i in table.index])
    table.columns = [table.columns[0], *(t(f"flag.{f}") for f in ["ok", "unreliable", "suppressed", "no_data"])]
    table[DEMO_LABEL] = synthetic.reindex(table.index).map({True: "✔", False: ""}).to_numpy()
    return table.reset_index(drop=True)


def upload(build: data.Build) -> None:
    """The upload area (:mod:`gendermap.ui.upload`)."""
    uploads.upload(build)

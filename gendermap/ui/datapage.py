"""Veri page parts: downloads with metadata sidecar, match report, quality summary, upload.

Exports are done by :mod:`gendermap.io.export` (this module turns the current filter into
its arguments); the upload area is :mod:`gendermap.ui.upload`.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

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


def download_name(build: data.Build, view: state.View, ext: str, today: date | None = None) -> str:
    """``seferihisar-2026-12-01.gpkg``: the area shown and the day, ASCII [a-z0-9-] only.

    Districts chosen: their names (more than three: the count); otherwise the provinces.
    A name from data can never make a path.
    """
    from gendermap.names import ascii_key

    def slug(text: object) -> str:
        return re.sub(r"[^a-z0-9]+", "-", ascii_key(str(text))).strip("-") or "x"

    d = build.district
    if view.districts:
        names = d.loc[d["district_code"].isin(list(view.districts)), "district"].tolist()
        parts = [slug(n) for n in names] if len(names) <= 3 else [f"{len(names)}-ilce"]
    else:
        by_code = dict(zip(d["province_code"], d["province"], strict=False))
        names = [by_code[c] for c in view.provinces if c in by_code]
        parts = [slug(n) for n in names] or ["gendermap"]
    return f"{'-'.join(parts)}-{(today or date.today()).isoformat()}.{ext}"


KEY_HEADERS = {
    "quarter_id": ("Poligon no", "Sınır kaynağındaki poligon numarası"),
    "mahalle_code": ("Mahalle kodu", "TÜİK mahalle kodu (birleştirme anahtarı)"),
    "mahalle": ("Mahalle", "Mahalle adı"), "district": ("İlçe", "İlçe adı"),
    "district_code": ("İlçe kodu", "Sınır kaynağındaki ilçe numarası"), "province": ("İl", "İl adı"),
    "province_code": ("İl kodu", "35 İzmir, 10 Balıkesir"),
    "population_2023": ("Nüfus 2023", "TÜİK ADNKS 31.12.2023 toplam nüfus"),
    "populated": ("Yerleşik nüfus var", "Adada, serbest bölgede yerleşik nüfus yoksa 'hayır'"),
    "synthetic": ("Örnek veri", "Değerler gösterim için üretilmiş örnek veriyse 'evet'"),
    "data_label": ("Veri etiketi", "ÖRNEK VERİ / DEMO DATA işareti"),
}
SEX_TR = {"F": "Kadın", "M": "Erkek", "T": "Toplam"}
FLAG_TR = {"ok": "güvenilir", "unreliable": "düşük güvenilirlik", "suppressed": "gizlendi (küçük sayı)",
           "no_data": "veri yok"}


def turkish_table(frame: pd.DataFrame, catalogue: Any) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The joined table with Turkish headers and words, and its data dictionary.

    Percent indicators are written as percentages (×100, the header says "%"); flags in
    Turkish words; yes/no as "evet"/"hayır". Numbers stay numbers: the CSV writer gives them
    decimal commas (``write_csv(excel_tr=True)``)."""
    out: dict[str, Any] = {}
    rows: list[dict[str, str]] = []
    for col in frame.columns:
        if col == "geometry":
            continue
        series = frame[col]
        if col in KEY_HEADERS:
            head, desc = KEY_HEADERS[col]
            if pd.api.types.is_bool_dtype(series):
                series = series.map({True: "evet", False: "hayır"})
            out[head] = series.to_numpy()
            rows.append({"Sütun": head, "Açıklama": desc, "Birim": "", "Kaynak": ""})
            continue
        base, flag = (col[:-5], True) if col.endswith("_flag") else (col, False)
        ind_id, _, sex = base.rpartition("_")
        if ind_id in catalogue.ids and sex in SEX_TR:
            ind = catalogue.get(ind_id)
            unit = "%" if ind.unit == "percent" else ("‰" if ind.unit == "per_1000" else "")
            head = f"{ind.label.get('tr')} – {SEX_TR[sex]}" + (f" ({unit})" if unit and not flag else "")
            if flag:
                head += " – durum"
                out[head] = [FLAG_TR.get(str(v), "" if pd.isna(v) else str(v)) for v in series]
                rows.append({"Sütun": head, "Açıklama": "Değerin güvenilirliği ya da gizlenme nedeni", "Birim": "",
                             "Kaynak": ""})
            else:
                factor = 100.0 if ind.unit == "percent" else (1000.0 if ind.unit == "per_1000" else 1.0)
                out[head] = pd.to_numeric(series, errors="coerce").to_numpy(dtype=float) * factor
                rows.append({"Sütun": head, "Açıklama": ind.description.get("tr"), "Birim": unit,
                             "Kaynak": f"{ind.source} ({ind.year})" + (" — ÖRNEK VERİ" if ind.synthetic else "")})
            continue
        out[col] = series.to_numpy()  # index and rank columns keep their names
        rows.append({"Sütun": col, "Açıklama": "Sentez endeksi ve sıra (Yöntem sayfasına bakın)", "Birim": "",
                     "Kaynak": "gendermap"})
    return pd.DataFrame(out), pd.DataFrame(rows, columns=["Sütun", "Açıklama", "Birim", "Kaynak"])


@st.cache_data(show_spinner="Dosya hazırlanıyor / preparing the file…", max_entries=8)
def turkish_excel(version: str, provinces: tuple[int, ...], districts: tuple[int, ...], method: str) -> tuple[bytes, bytes]:
    """(table CSV, dictionary CSV) for a Turkish Excel: ``;``, decimal comma, Turkish headers."""
    build = data.load()
    assert build is not None
    tables = export.BuildTables(build.mahalle, build.district, build.indicators, build.synthesis, None, build.catalogue)
    frame = export.joined_frame(tables, provinces=[str(p) for p in provinces],
                                districts=[str(d) for d in districts] or None, method=method)
    table, dictionary = turkish_table(frame, build.catalogue)
    return write_csv(table, excel_tr=True), write_csv(dictionary, excel_tr=True)


def downloads(build: data.Build, view: state.View) -> None:
    """One click per file: the joined data of the filter and its metadata sidecar, named
    after the area and the day; the file is made when the button is pressed."""
    st.subheader(t("d.download"))
    if build.synthetic:
        st.caption(DEMO_LABEL)
    fmt = st.radio(t("d.format"), FORMATS, horizontal=True, format_func=FORMAT_LABELS.__getitem__, key="dl_format")
    ext, mime = export.FORMATS[fmt]
    name = download_name(build, view, ext)
    args = (build.version, fmt, view.provinces, view.districts, view.method)
    col1, col2 = st.columns(2)
    col1.download_button(f"{t('d.save')}: {name}", lambda: export_file(*args)[0], file_name=name, mime=mime,
                         key="dl_file", on_click="ignore", type="primary")
    col2.download_button(f"{t('d.save')}: {name}.metadata.json", lambda: export_file(*args)[3],
                         file_name=f"{name}.metadata.json", mime="application/json", key="dl_meta", on_click="ignore")
    st.caption(t("d.excel_tr"))
    tr_name = download_name(build, view, "csv").replace(".csv", "-excel.csv")
    targs = (build.version, view.provinces, view.districts, view.method)
    col3, col4 = st.columns(2)
    col3.download_button(f"{t('d.save')}: {tr_name}", lambda: turkish_excel(*targs)[0], file_name=tr_name,
                         mime="text/csv; charset=utf-8", key="dl_excel_tr", on_click="ignore")
    col4.download_button(f"{t('d.save')}: veri-sozlugu.csv", lambda: turkish_excel(*targs)[1],
                         file_name="veri-sozlugu.csv", mime="text/csv; charset=utf-8", key="dl_dictionary",
                         on_click="ignore")


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

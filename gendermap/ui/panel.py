"""The mahalle panel beside the map: the chosen mahalle's indicators against its district
and province, its district municipality's published equality work, and the district report.

Split from :mod:`gendermap.ui.components` (page frame, filters, map, legend, tables),
which it uses; the report inputs are cached here once per data version.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from gendermap import DEMO_LABEL
from gendermap.maps import escape
from gendermap.ui import data, profile, state, views
from gendermap.ui.components import _row_of, styled
from gendermap.ui.i18n import t


def mahalle_panel(build: data.Build, code: str, year: int | None = None) -> None:
    """All indicators of the chosen mahalle against its district and province (in the map's
    ``year`` where an indicator has it), and its report. The heading is the mahalle's name
    written literally (escaped: a name is data); values stay numbers, each row written in
    its own unit."""
    row = _row_of(build, code)
    if row < 0:
        st.caption(t("map.click"))
        return
    place = build.mahalle.iloc[row]
    st.subheader(views.markdown_text(f"{place['mahalle']} · {place['district']} ({place['province']})"),
                 anchor=False)
    lang = state.current().lang
    frame = _profile(build.version, row, lang, year)
    if build.synthetic:
        st.caption(DEMO_LABEL)
    if frame.empty:
        st.write(t("none"))
    else:
        st.dataframe(styled(frame, lang, profile.profile_formats(frame, lang)), hide_index=True, width="stretch",
                     column_config={t("year.label"): st.column_config.TextColumn(width="small")})
    report_button(build, str(place["district"]))
    municipality_card(int(place["district_code"]), build.synthetic)
    if st.button(t("panel.close"), key="close_panel"):
        state.update(mahalle="")
        st.rerun()


@st.cache_data(show_spinner=False, ttl=60)
def _municipal_summaries(db_url: str, lang: str) -> dict[int, Any]:
    """The network municipalities' published work by map district (fresh every minute)."""
    from gendermap.config import get_settings
    from gendermap.monitor.assessment.summary import summaries_for

    return summaries_for(get_settings(), lang)


def municipality_card(district_code: int, synthetic: bool) -> None:
    """Where a district's municipality is in the network: what it published (monitoring
    values, needs-analysis score) and a link to the İzleme page."""
    from gendermap.config import get_settings
    from gendermap.numbers import format_int

    summary = _municipal_summaries(get_settings().db_url, state.current().lang).get(district_code)
    if summary is None:
        return
    st.markdown(f"**{escape(t('panel.municipality', name=summary.name))}**")
    cards = summary.cards
    if len(cards):
        st.caption(t("panel.monitored", n=len(cards), on=int((cards["target_status"] == "on_track").sum()),
                     off=int((cards["target_status"] == "off_track").sum()))
                   + (f" {DEMO_LABEL}" if summary.demo else ""))
    if summary.assessment is not None:
        st.caption(t("panel.assessment", round=summary.assessment_round,
                     score=format_int(summary.assessment.overall, state.current().lang)))
    st.page_link("pages/izleme.py", label=t("panel.to_monitoring"), icon=":material/monitoring:")


@st.cache_data(show_spinner=False, max_entries=64)
def _profile(version: str, row: int, lang: str, year: int | None = None) -> pd.DataFrame:
    build = data.load()
    assert build is not None
    return profile.profile(build.mahalle, build.indicators, build.catalogue, row, lang, year)


@st.cache_resource(show_spinner=False, max_entries=1)
def _report_data(version: str) -> Any:
    """The report builder's inputs: the app's build tables plus the optional district tables."""
    from gendermap.report.content import ReportData

    build = data.load()
    assert build is not None

    def optional(name: str, key: str | None = None) -> pd.DataFrame | None:
        path = build.build_dir / name
        if not path.exists():
            return None
        frame = pd.read_parquet(path)
        if key and key in frame.columns:
            frame[key] = frame[key].astype("string")
        return frame

    return ReportData(
        mahalle=build.mahalle, indicators=build.indicators, synthesis=build.synthesis,  # type: ignore[arg-type]
        catalogue=build.catalogue,
        district_indicators=optional("district_indicators.parquet"),
        district_synthesis=optional("district_synthesis.parquet"),
        district_inputs=optional("district_inputs.parquet"),
        hotspots=optional("hotspots.parquet", "mahalle_code"),
        focus=optional("focus.parquet"),
    )


def with_municipalities(prepared: Any) -> Any:
    """The report inputs plus the network municipalities' published work, read now (not
    cached: a value published a minute ago is in the next report)."""
    from dataclasses import replace

    from gendermap.config import get_settings
    from gendermap.monitor.assessment.summary import summaries_for

    return replace(prepared, extra={**prepared.extra, "municipalities": summaries_for(get_settings())})


def report_button(build: data.Build, district: str) -> None:
    """Build the district's report (PDF) on request and offer it for download."""
    from gendermap.report.api import build_report, report_filename

    lang = state.current().lang
    key = ("report", build.version, district, lang)
    if st.button(t("panel.report"), key="make_report"):
        with st.status(t("panel.making"), expanded=False) as status:
            status.write(t("panel.reading"))  # first time only: later reports reuse the tables
            prepared = with_municipalities(_report_data(build.version))
            status.write(t("panel.rendering"))
            st.session_state["gm_report"] = (key, build_report(district, lang, "pdf", prepared))
            status.update(label=t("panel.ready"), state="complete")
    made = st.session_state.get("gm_report")
    if made and made[0] == key:
        st.download_button(t("d.save") + f": {report_filename(district, lang, 'pdf')}", made[1],
                           file_name=report_filename(district, lang, "pdf"), mime="application/pdf", key="dl_report")

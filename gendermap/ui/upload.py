"""Veri page, upload: ask what the file does not say, check it off the script thread,
show its problems and what storing it would change, store it when allowed, and undo.

Why a worker thread: a large file takes seconds to check; on the script thread that
would freeze the page for this visitor and hold one of the server's script threads.
The check runs in a small process-wide pool (:func:`_pool`), at most one per session,
and the page polls it once a second (a fragment), showing the time it has taken.

Rights are the storing service's business (:mod:`gendermap.ingest`): the button is
disabled with the reason when the database says no, and the service checks again.
"""

from __future__ import annotations

import logging
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date

import pandas as pd
import streamlit as st

from gendermap import ingest
from gendermap.changes import CHANGE_COLUMNS, CHANGE_LABELS
from gendermap.config import Settings, get_settings
from gendermap.monitor.errors import MonitorError
from gendermap.monitor.mapdata import MapDataStore, adopt_legacy
from gendermap.numbers import format_int
from gendermap.pipeline import BuildError
from gendermap.ui import data
from gendermap.ui import monitoring as mon
from gendermap.ui.i18n import lang, t

_LOG = logging.getLogger(__name__)
TYPES = ["csv", "txt", "xls", "xlsx", "geojson", "gpkg", "zip"]
"""Every format the command line reads (the uploader only lets these through)."""
JOB = "gm_upload_job"
"""Session-state key: the running or finished check of this session (:class:`Job`)."""
NOTICE = "gm_upload_notice"
"""Session-state key: what the last store or undo did, shown after the page reran."""
CHECK_WORKERS = 2
"""Heavy checks at once in the whole process; each session has at most one."""
PROBLEM_HEADERS = {"file": "up.col.file", "row": "up.col.row", "column": "up.col.column",
                   "severity": "up.col.severity", "problem": "up.col.problem"}


@dataclass
class Job:
    """One check of one uploaded file with the year and indicator the person gave."""

    future: Future[ingest.Checked]
    name: str
    size: int
    indicator: str | None
    year: int | None
    started: float


@st.cache_resource(show_spinner=False)
def _pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=CHECK_WORKERS, thread_name_prefix="gendermap-check")


def _data() -> MapDataStore:
    data = MapDataStore(mon.store())
    adopt_legacy(data, get_settings())  # an older installation's rows, carried in once
    return data


def _check(raw: bytes, name: str, indicator: str | None, year: int | None, settings: Settings,
           store: MapDataStore) -> ingest.Checked:
    """The worker's job: everything it needs is handed over (no Streamlit calls here)."""
    return ingest.check_bytes(raw, name, settings, store, indicator=indicator, year=year)


def problems_table(problems: pd.DataFrame, language: str) -> pd.DataFrame:
    """The problems with headers and severities in the reader's language (no codes)."""
    table = problems.copy()
    if language == "en":
        table["problem"] = table["problem_en"]
    table["severity"] = table["severity"].map({"error": t("up.error"), "warning": t("up.warning")})
    table["row"] = table["row"].map(lambda r: "—" if int(r) == 0 else str(int(r)))
    table = table[list(PROBLEM_HEADERS)]
    return table.rename(columns={k: t(v) for k, v in PROBLEM_HEADERS.items()})


def changes_table(changes: pd.DataFrame, build: data.Build, language: str) -> pd.DataFrame:
    """The preview in the reader's language: one row per count, one column per
    indicator-year (narrow enough for a phone, however many columns the preview has)."""
    labels = {i.id: i.label.get(language) for i in build.catalogue.indicators}
    pick = 1 if language == "en" else 0
    measures = CHANGE_COLUMNS[2:]
    table = pd.DataFrame({t("up.count"): [CHANGE_LABELS[m][pick] for m in measures]})
    for rec in changes.to_dict("records"):
        column = f"{labels.get(rec['indicator']) or rec['indicator']} · {rec['year']}"
        table[column] = [format_int(int(rec[m]), language) for m in measures]
    return table


def _ask(build: data.Build) -> tuple[str | None, int | None]:
    """The indicator and year, for files that do not say them (default: as in the file)."""
    language = lang()
    ids = [i.id for i in build.catalogue.at_level("mahalle")]
    labels = {i.id: i.label.get(language) for i in build.catalogue.indicators}
    col1, col2 = st.columns(2)
    indicator = col1.selectbox(t("up.indicator"), [None, *ids], key="up_indicator",
                               format_func=lambda i: t("up.fromfile") if i is None else labels.get(i, i))
    years = list(range(date.today().year, 1999, -1))
    year = col2.selectbox(t("up.year"), [None, *years], key="up_year",
                          format_func=lambda y: t("up.fromfile") if y is None else str(y))
    return indicator, year


def upload(build: data.Build) -> None:
    """The whole upload area: file, questions, check, results, store, history."""
    st.subheader(t("d.upload"))
    st.caption(t("d.upload.help"))
    show_notice()
    file = st.file_uploader(t("d.upload"), type=TYPES, key="upload", label_visibility="collapsed")
    job: Job | None = st.session_state.get(JOB)
    if file is not None:
        indicator, year = _ask(build)
        running = job is not None and not job.future.done()
        clicked = st.button(t("up.check"), key="up_check", type="primary", disabled=running)
        if clicked and not running:  # one heavy check per session, whatever the browser sends
            raw = file.getvalue()
            future = _pool().submit(_check, raw, file.name, indicator, year, get_settings(), _data())
            st.session_state[JOB] = job = Job(future, file.name, len(raw), indicator, year, time.monotonic())
        elif running:
            st.caption(t("up.busy"))
    if job is not None:
        _progress() if not job.future.done() else _results(build, job)
    history(build)


def show_notice() -> None:
    """What the last store or undo did (kept across the rerun that followed it)."""
    notice = st.session_state.pop(NOTICE, None)
    if notice:
        st.success(notice)


@st.fragment(run_every=1.0)
def _progress() -> None:
    """Polls the check of this session; reruns the page when it is done."""
    job: Job | None = st.session_state.get(JOB)
    if job is None:
        return
    if job.future.done():
        st.rerun()
    seconds = int(time.monotonic() - job.started)
    st.info(t("up.checking", name=mon.md(job.name), s=seconds))


def _results(build: data.Build, job: Job) -> None:
    language = lang()
    try:
        checked = job.future.result()
    except Exception:  # the readers never raise on content; this is a fault of ours
        st.error(t("up.failed"))
        return
    result = checked.result
    st.markdown(f"**{mon.md(checked.name)}**: {t('up.summary', ok=format_int(result.accepted, language), bad=format_int(result.rejected, language))}")
    if len(checked.problems):
        st.markdown(f"**{t('d.problems')}**")
        st.dataframe(problems_table(checked.problems, language), hide_index=True, width="stretch")
    else:
        st.success(t("d.noproblems"))
    if checked.status == "rejected":
        st.error(t("up.unusable"))
        return
    st.markdown(f"**{t('up.changes')}**")
    st.caption(t("up.changes.help"))
    st.dataframe(changes_table(checked.changes, build, language), hide_index=True, width="stretch")
    _store_button(checked)


def _store_button(checked: ingest.Checked) -> None:
    s = mon.store()
    who = mon.actor(s)
    allowed, why = _data().may_write(who, checked.provinces)
    clicked = st.button(t("d.accept"), key="upload_accept", type="primary", disabled=not allowed)
    if not allowed:
        st.caption(mon.md(why))
        with st.expander(t("up.signin"), expanded=not who.signed_in):
            mon.sign_in_form(s)
    if clicked and allowed:
        store_checked(checked)


def store_checked(checked: ingest.Checked) -> None:
    """Store through the service (which checks the rights again), recompute the tables
    so the maps show the real values, and say so."""
    settings = get_settings()
    s = mon.store()
    with st.spinner(t("d.storing")):
        try:
            done = ingest.store(mon.actor(s), checked, settings, _data())
        except MonitorError as error:
            mon.show_error(error)
            return
        if done.status == "rejected":
            st.error(t("d.rejected"))
            return
        st.session_state.pop(JOB, None)
        if not _recompute():
            return
    # rerun so every part of the page (quality table, banner, downloads) reads the new tables
    st.session_state[NOTICE] = t("d.stored", n=format_int(done.accepted, lang()), id=done.import_id)
    st.rerun()


def _recompute() -> bool:
    """Recompute the published tables; False (with a warning) when the build is missing."""
    try:
        ingest.refresh(get_settings())
    except BuildError as exc:
        _LOG.warning("tables not recomputed after an import: %s", exc)
        st.warning(t("d.norefresh"))
        return False
    return True


def history(build: data.Build) -> None:
    """Every import (who, when, file, rows) for signed-in users (names of people and files
    are not shown to anonymous visitors) and, for those allowed, undo."""
    language = lang()
    s = mon.store()
    who = mon.actor(s)
    st.markdown(f"**{t('up.history')}**")
    if not who.signed_in:
        st.caption(t("up.history.signin"))
        return
    log = _data().history()
    if log.empty:
        st.caption(t("up.nohistory"))
        return
    status = {"accepted": t("up.st.accepted"), "partial": t("up.st.partial"), "rejected": t("up.st.rejected")}
    table = pd.DataFrame({
        t("up.h.id"): log["id"].astype(str),
        t("up.h.when"): log["created_at"].dt.strftime("%Y-%m-%d %H:%M"),
        t("up.h.who"): log["created_by"],
        t("up.h.file"): log["file_name"],
        t("up.h.status"): log["status"].map(status),
        t("up.h.rows"): log["accepted"].map(lambda v: format_int(int(v), language)),
        t("up.h.what"): log["indicator_years"].str.replace(":", " ").str.replace(";", ", "),
        t("up.h.reverted"): [f"{w} · {x:%Y-%m-%d %H:%M}" if pd.notna(x) else "" for w, x in
                             zip(log["reverted_by"], log["reverted_at"], strict=True)],
    })
    st.dataframe(table, hide_index=True, width="stretch")
    live = log[(log["status"] != "rejected") & log["reverted_at"].isna()]
    if live.empty:
        return
    col1, col2 = st.columns([2, 1])
    chosen = col1.selectbox(t("up.revert.pick"), live["id"].tolist(), key="up_revert_id",
                            format_func=lambda i: f"#{i} · {log.set_index('id').loc[i, 'file_name']}")
    if col2.button(t("up.revert"), key="up_revert"):
        with st.spinner(t("d.storing")):
            try:
                rows = ingest.revert(who, int(chosen), _data())
            except MonitorError as error:
                mon.show_error(error)
                return
            if not _recompute():
                return
        st.session_state[NOTICE] = t("up.reverted", id=chosen, n=format_int(rows, language))
        st.rerun()

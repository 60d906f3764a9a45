"""Streamlit data entry for monitoring: the form per indicator and period, file upload
with a problems preview, history, targets, and the admin's publication tools.

Why the "seen version" bookkeeping: optimistic concurrency only works if the version
sent with a save is the one the person *looked at*, not one re-read when they click.
Streamlit reruns the whole script on a click, so the version shown is kept in session
state per (municipality, indicator, period) and only moves forward after a save or
after the person was shown a conflict. An uploaded file's preview is kept the same way,
so what is saved is exactly what was previewed.
"""

from __future__ import annotations

import hashlib
from typing import Any

import pandas as pd
import streamlit as st

from gendermap.monitor import (
    Actor,
    ConflictError,
    IndicatorSpec,
    MonitorError,
    MonitorStore,
    ObservationEntry,
    importer,
)
from gendermap.monitor.labels import COLUMNS
from gendermap.monitor.periods import EXAMPLES
from gendermap.ui.monitoring import NOTICE, lang, md, show_error, show_notice

SEEN = "gm_monitor_seen"
"""Session-state key: {(municipality, indicator, period): version the person saw}."""
PREVIEW = "gm_monitor_preview"
"""Session-state key: (sha256 of the uploaded file, its ImportPreview)."""

TEXT: dict[str, dict[str, str]] = {
    "tr": {
        "form": "Form ile giriş", "upload": "Dosya yükle", "history": "Geçmiş", "targets": "Hedefler",
        "admin": "Yönetim", "period": "Dönem", "women": "Kadın", "men": "Erkek", "total": "Toplam",
        "source": "Kaynak", "note": "Not", "unit": "Birim (müdürlük)", "save": "Kaydet",
        "withdraw": "Değeri geri çek", "saved": "Kaydedildi: sürüm {v}.", "current": "Şu anki değer "
        "(sürüm {v})", "new": "Bu dönem için henüz değer yok.", "conflict_now": "Güncel değerler "
        "aşağıda. Değişikliğiniz formda duruyor; inceleyip yeniden kaydedebilirsiniz.",
        "file": "CSV ya da XLSX dosyası", "problems": "Sorunlar", "preview": "Önizleme",
        "commit": "Tümünü kaydet", "fix_first": "Hata varken hiçbir satır kaydedilmez; dosyayı "
        "düzeltip yeniden yükleyin.", "imported": "{n} satır kaydedildi ({u} değişmedi).",
        "template": "Şablonu indir", "target_value": "Hedef değer", "due": "Hedef dönemi",
        "publish": "Son sürümleri yayımla", "published": "{n} sürüm yayımlandı.",
        "new_indicator": "Yeni gösterge", "code": "Kod", "label_tr": "Türkçe ad",
        "label_en": "İngilizce ad", "by_sex": "Cinsiyete göre", "direction": "Yön",
        "frequency": "Sıklık", "article": "Avrupa Şartı maddesi (0 = yok)",
        "plan": "Eylem planı maddesi", "define": "Göstergeyi tanımla", "users": "Kullanıcılar",
        "indicator": "Gösterge", "municipality": "Belediye", "none": "—",
    },
    "en": {
        "form": "Entry form", "upload": "Upload a file", "history": "History", "targets": "Targets",
        "admin": "Administration", "period": "Period", "women": "Women", "men": "Men",
        "total": "Total", "source": "Source", "note": "Note", "unit": "Unit (directorate)",
        "save": "Save", "withdraw": "Withdraw the value", "saved": "Saved: version {v}.",
        "current": "Current value (version {v})", "new": "No value for this period yet.",
        "conflict_now": "The current values are below. Your change is still in the form; review "
        "it and save again.", "file": "CSV or XLSX file", "problems": "Problems",
        "preview": "Preview", "commit": "Save all", "fix_first": "Nothing is saved while there "
        "are errors; fix the file and upload it again.", "imported": "{n} rows saved ({u} unchanged).",
        "template": "Download the template", "target_value": "Target value", "due": "Due period",
        "publish": "Publish the latest versions", "published": "{n} versions published.",
        "new_indicator": "New indicator", "code": "Code", "label_tr": "Turkish label",
        "label_en": "English label", "by_sex": "By sex", "direction": "Direction",
        "frequency": "Frequency", "article": "European Charter article (0 = none)",
        "plan": "Action plan item", "define": "Define the indicator", "users": "Users",
        "indicator": "Indicator", "municipality": "Municipality", "none": "—",
    },
}


def tx(key: str, **fmt: object) -> str:
    text = TEXT[lang()][key]
    return text.format(**fmt) if fmt else text


def municipality_choice(s: MonitorStore, who: Actor) -> str | None:
    """Editors enter for their own municipality; admins choose."""
    munis = s.municipalities()
    names = dict(zip(munis["code"], munis["name"], strict=True))
    if who.role == "editor":
        code = who.municipality_code
        st.text(f"{tx('municipality')}: {names.get(code or '', code)}")
        return code
    if not names:
        return None
    return st.selectbox(tx("municipality"), list(names), format_func=lambda c: names[c],
                        key="gm_entry_municipality")


def indicator_choice(s: MonitorStore, key: str) -> dict[Any, Any] | None:
    indicators = s.indicators()
    if indicators.empty:
        return None
    records = {r["code"]: r for r in indicators.to_dict("records")}
    label = f"label_{lang()}"
    code = st.selectbox(tx("indicator"), list(records), format_func=lambda c: records[c][label],
                        key=key)
    return records[code]


def _seen(key: tuple[str, str, str], s: MonitorStore) -> int:
    seen: dict[tuple[str, str, str], int] = st.session_state.setdefault(SEEN, {})
    if key not in seen:
        seen[key] = s.current_version(*key)
    return seen[key]


def _remember(key: tuple[str, str, str], version: int) -> None:
    st.session_state.setdefault(SEEN, {})[key] = version


def _num(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def entry_form(s: MonitorStore, who: Actor, municipality: str) -> None:
    """Form per indicator and period, showing the current version it edits."""
    spec = indicator_choice(s, "gm_entry_indicator")
    if spec is None:
        return
    frequency = spec["frequency"]
    period = st.text_input(f"{tx('period')} ({EXAMPLES[frequency]})", value=EXAMPLES[frequency],
                           key="gm_entry_period").strip()
    key = (municipality, spec["code"], period)
    expected = _seen(key, s)
    history = s.observation_history(who, municipality, spec["code"], period)
    current = history.iloc[-1].to_dict() if len(history) else None
    if current is not None and int(current["version"]) == expected:
        st.caption(tx("current", v=expected))
        _history_table(history.tail(1))
    elif expected == 0:
        st.caption(tx("new"))
    units = s.units(municipality)
    unit_names = dict(zip(units["id"], units[f"name_{lang()}"], strict=True))
    wkey = "::".join(key)  # widgets per observation: typed values survive a conflict
    with st.form("gm_entry_form"):
        women = men = None
        if spec["by_sex"]:
            a, b = st.columns(2)
            women = a.number_input(tx("women"), min_value=0.0, value=_num(current and current["value_women"]),
                                   key=f"gm_entry_women::{wkey}")
            men = b.number_input(tx("men"), min_value=0.0, value=_num(current and current["value_men"]),
                                 key=f"gm_entry_men::{wkey}")
        total = st.number_input(tx("total"), min_value=0.0, value=_num(current and current["value_total"]),
                                key=f"gm_entry_total::{wkey}")
        unit_id = st.selectbox(tx("unit"), [None, *unit_names], key=f"gm_entry_unit::{wkey}",
                               format_func=lambda u: tx("none") if u is None else unit_names[u])
        source = st.text_input(tx("source"), key=f"gm_entry_source::{wkey}")
        note = st.text_area(tx("note"), key=f"gm_entry_note::{wkey}")
        save = st.form_submit_button(tx("save"))
    if save:
        entry = ObservationEntry(municipality, spec["code"], period, women, men, total,
                                 source=source, note=note,
                                 unit_id=None if unit_id is None else int(unit_id))
        _write(key, lambda: s.save_observation(who, entry, expected), s, who)
    if current is not None and current["status"] == "active":
        if st.button(tx("withdraw"), key="gm_entry_withdraw"):
            _write(key, lambda: s.withdraw_observation(who, *key, expected), s, who)


def _write(key: tuple[str, str, str], action: Any, s: MonitorStore, who: Actor) -> None:
    try:
        version = action()
    except ConflictError as error:
        show_error(error)
        st.info(tx("conflict_now"))
        _remember(key, error.current_version)
        _history_table(s.observation_history(who, *key).tail(1))
    except MonitorError as error:
        show_error(error)
    else:
        _remember(key, version)
        # redraw at once: the form above must show the value just saved, not "no value yet"
        st.session_state[NOTICE] = tx("saved", v=version)
        st.rerun()


STATUS_WORDS = {
    "tr": {"active": "geçerli", "withdrawn": "geri çekildi", True: "yayında", False: "taslak / yayın bekliyor"},
    "en": {"active": "current", "withdrawn": "withdrawn", True: "published", False: "draft / awaiting publication"},
}


def _readable(frame: pd.DataFrame) -> pd.DataFrame:
    """Status and publication in words of the page's language, headers from the one label table."""
    words = STATUS_WORDS[lang()]
    out = frame.copy()
    for col in ("status", "published"):
        if col in out:
            out[col] = [words.get(v, v) for v in out[col]]
    return out.rename(columns=COLUMNS[lang()])


def _history_table(history: pd.DataFrame) -> None:
    shown = history[["period", "version", "value_women", "value_men", "value_total", "source",
                     "note", "status", "published", "created_by", "created_at"]]
    st.dataframe(_readable(shown), hide_index=True, width="stretch")


def history_view(s: MonitorStore, who: Actor, municipality: str) -> None:
    spec = indicator_choice(s, "gm_history_indicator")
    if spec is not None:
        _history_table(s.observation_history(who, municipality, spec["code"]))


def upload(s: MonitorStore, who: Actor) -> None:
    """Upload, preview every problem, then save all rows in one transaction."""
    st.download_button(tx("template"), importer.template_csv(), "izleme-sablon.csv", "text/csv",
                       key="gm_upload_template")
    file = st.file_uploader(tx("file"), type=["csv", "xlsx"], key="gm_upload_file")
    if file is None:
        st.session_state.pop(PREVIEW, None)
        return
    content = file.getvalue()
    digest = hashlib.sha256(content).hexdigest()
    stored = st.session_state.get(PREVIEW)
    if stored is None or stored[0] != digest:
        stored = (digest, importer.preview_import(s, who, file.name, content))
        st.session_state[PREVIEW] = stored
    preview = stored[1]
    if len(preview.problems):
        st.subheader(tx("problems"))
        st.dataframe(preview.problems[["file", "row", "column", "severity", "problem"]],
                     hide_index=True, width="stretch")
    st.subheader(tx("preview"))
    st.dataframe(preview.rows, hide_index=True, width="stretch")
    if not preview.ok:
        st.error(tx("fix_first"))
        return
    if st.button(tx("commit"), key="gm_upload_commit"):
        try:
            result = importer.commit_import(s, who, preview)
        except MonitorError as error:
            show_error(error)
        else:
            st.session_state.pop(PREVIEW, None)
            st.success(tx("imported", n=result.saved, u=result.unchanged))


def targets_form(s: MonitorStore, who: Actor, municipality: str) -> None:
    spec = indicator_choice(s, "gm_target_indicator")
    if spec is None:
        return
    targets = s.targets(who, municipality, include_drafts=True)
    mine = targets[targets["indicator_code"] == spec["code"]]
    key = (municipality, spec["code"], "__target__")
    seen: dict = st.session_state.setdefault(SEEN, {})
    version = seen.setdefault(key, int(mine["version"].iloc[0]) if len(mine) else 0)
    if len(mine):
        st.dataframe(_readable(mine.drop(columns=["municipality_code"])), hide_index=True, width="stretch")
    with st.form("gm_target_form"):
        value = st.number_input(tx("target_value"), min_value=0.0, value=None, key="gm_target_value")
        due = st.text_input(tx("due"), value="2027", key="gm_target_due")
        note = st.text_input(tx("note"), key="gm_target_note")
        save = st.form_submit_button(tx("save"))
    if save:
        try:
            new = s.set_target(who, municipality, spec["code"], value, due, version, note=note)
        except ConflictError as error:
            show_error(error)
            seen[key] = error.current_version
        except MonitorError as error:
            show_error(error)
        else:
            seen[key] = new
            st.session_state[NOTICE] = tx("saved", v=new)
            st.rerun()


def admin_tools(s: MonitorStore, who: Actor) -> None:
    """Publication, a new indicator definition, and the user list."""
    if st.button(tx("publish"), key="gm_admin_publish"):
        try:
            st.success(tx("published", n=s.publish(who)))
        except MonitorError as error:
            show_error(error)
    with st.form("gm_admin_indicator"):
        st.markdown(f"**{md(tx('new_indicator'))}**")
        code = st.text_input(tx("code"), key="gm_admin_code")
        label_tr = st.text_input(tx("label_tr"), key="gm_admin_label_tr")
        label_en = st.text_input(tx("label_en"), key="gm_admin_label_en")
        a, b, c = st.columns(3)
        unit = a.selectbox("unit", ["count", "percent", "number", "currency"], key="gm_admin_unit")
        direction = b.selectbox(tx("direction"), ["higher_is_better", "lower_is_better"],
                                key="gm_admin_direction")
        frequency = c.selectbox(tx("frequency"), ["annual", "quarterly", "monthly"], key="gm_admin_freq")
        by_sex = st.checkbox(tx("by_sex"), key="gm_admin_by_sex")
        article = st.number_input(tx("article"), min_value=0, max_value=30, value=0, key="gm_admin_article")
        plan = st.text_input(tx("plan"), key="gm_admin_plan")
        define = st.form_submit_button(tx("define"))
    if define:
        spec = IndicatorSpec(code=code.strip(), label_tr=label_tr, label_en=label_en or label_tr,
                             unit=unit, direction=direction, by_sex=by_sex, frequency=frequency,
                             charter_article=int(article) or None, action_plan_item=plan or None)
        try:
            s.define_indicator(who, spec, 0)
        except MonitorError as error:
            show_error(error)
        else:
            st.success(tx("saved", v=1))
    st.markdown(f"**{md(tx('users'))}**")
    try:
        st.dataframe(s.list_users(who), hide_index=True, width="stretch")
    except MonitorError as error:
        show_error(error)


def entry_area(s: MonitorStore, who: Actor) -> None:
    """Everything an editor or admin can do, as tabs."""
    show_notice()  # e.g. "saved" after the rerun that shows the saved value in the form
    municipality = municipality_choice(s, who)
    if municipality is None:
        return
    names = ["form", "upload", "history", "targets"] + (["admin"] if who.role == "admin" else [])
    tabs = dict(zip(names, st.tabs([tx(n) for n in names]), strict=True))
    with tabs["form"]:
        entry_form(s, who, municipality)
    with tabs["upload"]:
        upload(s, who)
    with tabs["history"]:
        history_view(s, who, municipality)
    with tabs["targets"]:
        targets_form(s, who, municipality)
    if "admin" in tabs:
        with tabs["admin"]:
            admin_tools(s, who)

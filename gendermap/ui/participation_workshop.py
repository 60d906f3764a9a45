"""Streamlit side of a workshop (çalıştay): participants distribute 100 points on a phone or
a laptop; the moderator opens the session, sees the aggregation, saves, reopens, exports and
adopts the result.

The numbers come from :func:`gendermap.participation.workshop.workshop_result` over the
build's focus criteria (the Odak page's function and table), cached on (build, allocations).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from gendermap import DEMO_LABEL
from gendermap.focus import CRITERIA
from gendermap.monitor import Actor, MonitorError
from gendermap.numbers import format_date, format_number
from gendermap.participation.allocations import BUDGET, OPINION_CRITERIA
from gendermap.participation.inputs import NoFocusTable, focus_inputs
from gendermap.participation.workshop import WorkshopResult, workshop_result
from gendermap.tabular import write_csv, write_xlsx
from gendermap.ui import monitoring as mon
from gendermap.ui.participation import FLASH, store, visitor_key

CODE = "gm_workshop_code"
"""Session-state key: the session code this browser joined or moderates."""

TEXT: dict[str, dict[str, str]] = {
    "tr": {
        "join": "Çalıştaya katıl", "code": "Çalıştay kodu", "enter": "Katıl",
        "intro": "100 puanı odak ilçe seçiminde önemli bulduğunuz ölçütlere dağıtın "
        "(bütçe dağıtımı yöntemi). Adınızı yazmak zorunlu değil.",
        "you": "Adınız ya da rumuzunuz (isteğe bağlı)", "total": "Toplam: {n} / 100",
        "must": "Puanların toplamı tam 100 olmalı.", "send": "Puanlarımı gönder",
        "sent": "Puanlarınız kaydedildi (gönderim {n}). Yeniden gönderirseniz son gönderiminiz "
        "sayılır.", "direction": "Yön", "high": "yüksek olan öncelikli",
        "low": "düşük olan öncelikli", "closed": "Bu çalıştay kapandı.",
        "moderate": "Çalıştayı yönet", "open_new": "Yeni çalıştay aç", "title": "Başlık",
        "opened": "Çalıştay açıldı. Kod: {code}", "session": "Çalıştay",
        "participants": "Katılımcı sayısı", "weights": "Ölçüt ağırlıkları",
        "consensus": "Uzlaşı sıralaması", "shortlist": "Kısa listedeki ilçe sayısı",
        "save": "Sonucu kaydet", "saved": "Sonuç kaydedildi (sürüm {v}).",
        "adopt": "Bu sonucu odak kısa listesi olarak kabul et",
        "adopted": "Kabul edildi: raporlar bu kısa listeyi kullanacak.",
        "versions": "Kaydedilmiş sonuçlar", "version": "Sürüm", "close": "Gönderimleri kapat",
        "reopen": "Yeniden aç", "none_yet": "Henüz gönderim yok.",
        "download_csv": "Uzlaşı sıralaması (CSV)", "download_xlsx": "Sonuç (XLSX)",
        "range": "Sıralamaların aralığı, uzlaşı ağırlıklarıyla ve her katılımcının kendi "
        "ağırlıklarıyla: dar aralık, ilçenin seçiminin kime sorulduğuna bağlı olmadığını gösterir.",
        "nofocus": "Odak ölçütleri henüz hesaplanmamış (veri derlemesi gerekli).",
        "upload": "Kâğıt formları dosyadan ekle (CSV)", "upload_help": "Sütunlar: katılımcı;ölçüt;"
        "puan;yön (ya da participant,criterion,points,direction). Her katılımcının puanları 100 "
        "eder.", "too_big": "Dosya çok büyük (en fazla {kb} KB).", "upload_bad": "Dosyada hata "
        "var; hiçbir puan eklenmedi. Tablodaki satırları düzeltip yeniden yükleyin.",
        "upload_store": "{n} katılımcının puanlarını ekle", "upload_done": "{n} katılımcı eklendi.",
        "share": "Katılımcılar Çalıştay sayfasında bu kodu yazar: {code} (bağlantı: "
        "calistay?kod={code})", "adopted_mark": "kabul edildi", "moderator_only": "Çalıştay açmak ve sonuçları kaydetmek "
        "için moderatör olarak giriş yapın (Giriş sayfası).",
        "rank": "sıra", "range_col": "aralık", "score": "puan", "district": "ilçe",
        "province": "il", "median": "ortanca", "mean": "ortalama", "spread": "yayılım (ÇAA)",
        "weight": "uzlaşı ağırlığı", "criterion": "ölçüt", "from_mean": "Ortancaların hepsi 0 "
        "olduğu için (tam görüş ayrılığı) uzlaşı ağırlıkları ortalamadan alındı.",
    },
    "en": {
        "join": "Join a workshop", "code": "Workshop code", "enter": "Join",
        "intro": "Distribute 100 points over the criteria you find important for choosing focus "
        "districts (budget allocation). Your name is optional.",
        "you": "Your name or a nickname (optional)", "total": "Total: {n} / 100",
        "must": "The points must add up to exactly 100.", "send": "Send my points",
        "sent": "Your points were saved (submission {n}). If you send again, your latest "
        "submission counts.", "direction": "Direction", "high": "higher is priority",
        "low": "lower is priority", "closed": "This workshop is closed.",
        "moderate": "Run the workshop", "open_new": "Open a new workshop", "title": "Title",
        "opened": "Workshop opened. Code: {code}", "session": "Workshop",
        "participants": "Participants", "weights": "Criteria weights",
        "consensus": "Consensus ranking", "shortlist": "Districts on the shortlist",
        "save": "Save the result", "saved": "Result saved (version {v}).",
        "adopt": "Adopt this result as the focus shortlist",
        "adopted": "Adopted: reports will use this shortlist.",
        "versions": "Saved results", "version": "Version", "close": "Close submissions",
        "reopen": "Reopen", "none_yet": "No submissions yet.",
        "download_csv": "Consensus ranking (CSV)", "download_xlsx": "Result (XLSX)",
        "range": "Range of ranks under the consensus weights and each participant's own weights: "
        "a narrow range means the choice of that district does not depend on who is asked.",
        "nofocus": "The focus criteria are not computed yet (the data build is needed).",
        "upload": "Add paper forms from a file (CSV)", "upload_help": "Columns: participant,"
        "criterion,points,direction. Each participant's points add up to 100.",
        "too_big": "The file is too large (at most {kb} KB).", "upload_bad": "The file has "
        "errors; no points were added. Fix the rows in the table and upload again.",
        "upload_store": "Add the points of {n} participants", "upload_done": "{n} participants added.",
        "share": "Participants type this code on the Workshop page: {code} (link: "
        "calistay?kod={code})", "adopted_mark": "adopted", "moderator_only": "Sign in as a moderator (Sign in page) to "
        "open workshops and save results.",
        "rank": "rank", "range_col": "range", "score": "score", "district": "district",
        "province": "province", "median": "median", "mean": "mean", "spread": "spread (IQR)",
        "weight": "consensus weight", "criterion": "criterion", "from_mean": "Every median is 0 "
        "(complete disagreement), so the consensus weights are the means.",
    },
}


def tx(key: str, **fmt: object) -> str:
    text = TEXT[mon.lang()][key]
    return text.format(**fmt) if fmt else text


def _label(cid: str) -> str:
    c = next(c for c in CRITERIA if c.id == cid)
    text = c.label_en if mon.lang() == "en" else c.label_tr
    return text[:1].upper() + text[1:]


# ---------------------------------------------------------------- participants
def participant_form(code_from_url: str = "") -> None:
    """Join with a code and submit 100 points (phones: one column of sliders)."""
    s = store()
    code = st.text_input(tx("code"), value=st.session_state.get(CODE, code_from_url),
                         max_chars=16).strip().upper()
    if not code:
        return
    try:
        session = s.workshop(code)
    except MonitorError as error:
        mon.show_error(error)
        return
    st.session_state[CODE] = session["code"]
    st.subheader(mon.md(session["title"]))
    if session["status"] != "open":
        st.info(tx("closed"))
        return
    st.caption(tx("intro"))
    name = st.text_input(tx("you"), max_chars=80, key="gm_ws_name")
    points: dict[str, float] = {}
    directions: dict[str, str] = {}
    for c in CRITERIA:
        points[c.id] = float(st.slider(_label(c.id), 0, 100, 0, 5, key=f"gm_ws_{c.id}"))
        if c.id in OPINION_CRITERIA and points[c.id] > 0:
            options = ["higher_is_priority", "lower_is_priority"]
            directions[c.id] = str(st.radio(
                tx("direction"), options, index=options.index(c.direction), horizontal=True,
                key=f"gm_ws_dir_{c.id}", format_func=lambda d: tx("high" if d.startswith("higher")
                                                                  else "low")))
    total = sum(points.values())
    (st.success if total == BUDGET else st.warning)(tx("total", n=format_number(total, mon.lang(), 0)))
    if st.button(tx("send"), disabled=total != BUDGET, type="primary"):
        given = {k: v for k, v in points.items() if v > 0}
        try:
            n = s.submit_allocation(session["code"], visitor_key(), name, given,
                                    {k: v for k, v in directions.items() if k in given})
        except MonitorError as error:
            mon.show_error(error)
        else:
            st.success(tx("sent", n=n))


# ---------------------------------------------------------------- moderator
@st.cache_data(show_spinner="Sıralanıyor / ranking…", max_entries=16)
def _result(version: str, rows: tuple[tuple[str, str, float, str | None], ...]) -> WorkshopResult:
    allocations = pd.DataFrame(list(rows), columns=["participant", "criterion", "points", "direction"])
    return workshop_result(focus_inputs().criteria, allocations)


def _consensus_view(consensus: pd.DataFrame, n: int) -> pd.DataFrame:
    lang = mon.lang()
    view = consensus[consensus["rank"] <= n] if n else consensus
    return pd.DataFrame({
        tx("rank"): view["rank"], tx("district"): view["district"], tx("province"): view["province"],
        tx("score"): view["score"].map(lambda v: format_number(v, lang, 1)),
        tx("range_col"): [f"{a}–{b}" for a, b in zip(view["rank_min"], view["rank_max"], strict=True)],
    })


def _weights_view(weights: pd.DataFrame) -> pd.DataFrame:
    lang = mon.lang()
    return pd.DataFrame({
        tx("criterion"): weights[f"label_{lang}"],
        tx("median"): weights["median"].map(lambda v: format_number(v, lang, 0)),
        tx("mean"): weights["mean"].map(lambda v: format_number(v, lang, 1)),
        tx("spread"): weights["spread"].map(lambda v: format_number(v, lang, 0)),
        tx("weight"): weights["consensus_weight"].map(lambda v: format_number(v, lang, 1)),
    })


def _downloads(weights: pd.DataFrame, consensus: pd.DataFrame, code: str, synthetic: bool) -> None:
    mark = {"veri_notu": DEMO_LABEL} if synthetic else {}
    cols = st.columns(2)
    cols[0].download_button(tx("download_csv"), write_csv(consensus.assign(**mark), excel_tr=True),
                            f"calistay-{code}-uzlasi.csv", "text/csv", key=f"gm_ws_csv_{code}")
    cols[1].download_button(
        tx("download_xlsx"), write_xlsx({"uzlasi": consensus.assign(**mark),
                                         "agirliklar": weights.assign(**mark)}),
        f"calistay-{code}.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"gm_ws_xlsx_{code}")


def _upload(actor: Actor, code: str) -> None:
    """Paper forms typed into a spreadsheet: checked, problems listed, stored only when clean."""
    from gendermap.participation.allocations import MAX_BYTES, parse_allocations
    from gendermap.problems import has_errors

    with st.expander(tx("upload")):
        st.caption(tx("upload_help"))
        file = st.file_uploader(tx("upload"), type=["csv", "txt"], key=f"gm_ws_upload_{code}",
                                label_visibility="collapsed")
        if file is None:
            return
        if file.size > MAX_BYTES:
            st.error(tx("too_big", kb=MAX_BYTES // 1024))
            return
        frame, problems = parse_allocations(file.getvalue(), file.name)
        if not problems.empty:
            message = "problem_en" if mon.lang() == "en" else "problem"
            heads = (["file", "row", "column", "problem"] if mon.lang() == "en"
                     else ["dosya", "satır", "sütun", "sorun"])
            shown = problems[["file", "row", "column", message]]
            shown.columns = heads
            st.dataframe(shown, hide_index=True, width="stretch")
        if has_errors(problems):
            st.error(tx("upload_bad"))
            return
        if st.button(tx("upload_store", n=frame["participant"].nunique()), key=f"gm_ws_store_{code}"):
            try:
                n = store().import_allocations(actor, code, frame, file.name)
            except MonitorError as error:
                mon.show_error(error)
            else:
                st.session_state[FLASH] = tx("upload_done", n=n)
                st.rerun()


def moderator_area(actor: Actor) -> None:
    """Open sessions, watch the aggregation, save, reopen, export and adopt."""
    s = store()
    with st.expander(tx("open_new")), st.form("gm_ws_open", clear_on_submit=True):
        title = st.text_input(tx("title"), max_chars=200)
        if st.form_submit_button(tx("open_new")):
            try:
                code = s.open_workshop(actor, title)
            except MonitorError as error:
                mon.show_error(error)
            else:
                st.session_state[CODE] = code
                st.session_state[FLASH] = tx("opened", code=code)
                st.rerun()
    sessions = s.workshops(actor)
    if sessions.empty:
        return
    codes = sessions["code"].tolist()
    current = st.session_state.get(CODE)
    code = st.selectbox(tx("session"), codes, index=codes.index(current) if current in codes else 0,
                        format_func=lambda c: f"{c} — {sessions.set_index('code').loc[c, 'title']}")
    info = sessions.set_index("code").loc[code]
    st.info(tx("share", code=code))
    st.metric(tx("participants"), int(str(info["participants"])))
    status_button = tx("close") if info["status"] == "open" else tx("reopen")
    if st.button(status_button, key="gm_ws_status"):
        s.set_workshop_status(actor, code, "closed" if info["status"] == "open" else "open")
        st.rerun()
    _upload(actor, code)
    try:
        inputs = focus_inputs()
    except NoFocusTable:
        st.info(tx("nofocus"))
        return
    if inputs.synthetic:
        st.warning(f"{DEMO_LABEL}: " + ("ölçütler örnek verilerden hesaplanıyor."
                                         if mon.lang() == "tr" else "the criteria rest on demo values."))
    allocations = s.allocations(code)
    if allocations.empty:
        st.caption(tx("none_yet"))
    else:
        rows = tuple((str(who), str(crit), float(pts), None if d is None else str(d))
                     for who, crit, pts, d in zip(allocations["participant"],
                                                  allocations["criterion"],
                                                  allocations["points"].astype(float),
                                                  allocations["direction"], strict=True))
        result = _result(inputs.version, rows)
        n = st.slider(tx("shortlist"), 3, 15, 5, key="gm_ws_n")
        st.subheader(tx("weights"))
        if (result.weights["consensus_from"] == "mean").any():
            st.info(tx("from_mean"))
        st.dataframe(_weights_view(result.weights), hide_index=True, width="stretch")
        st.subheader(tx("consensus"))
        st.caption(tx("range"))
        st.dataframe(_consensus_view(result.consensus, n), hide_index=True, width="stretch")
        if st.button(tx("save"), type="primary"):
            v = s.save_result(actor, code, result, synthetic=inputs.synthetic, shortlist_size=n)
            st.session_state[FLASH] = tx("saved", v=v)
            st.rerun()
    saved = s.results(code)
    if not saved:
        return
    st.subheader(tx("versions"))
    pick = st.selectbox(tx("version"), [r.version for r in saved], format_func=lambda v: next(
        f"{v} · {format_date(r.created_at, mon.lang(), 'short')} · {r.participants} · "
        f"{r.shortlist_size}" + (f" · {tx('adopted_mark')}" if r.adopted else "")
        for r in saved if r.version == v))
    chosen = next(r for r in saved if r.version == pick)
    st.dataframe(_consensus_view(chosen.consensus, chosen.shortlist_size), hide_index=True,
                 width="stretch")
    _downloads(chosen.weights, chosen.consensus, code, chosen.synthetic)
    if st.button(tx("adopt"), disabled=chosen.adopted):
        s.adopt_result(actor, code, chosen.version)
        st.session_state[FLASH] = tx("adopted")
        st.rerun()

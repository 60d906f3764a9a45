"""Streamlit side of comments on map views, their moderation and feedback meetings.

Components other pages can place: :func:`comments_panel` (published comments beside a map or
on a mahalle/district panel), :func:`comment_form` (anyone may comment on the view shown),
:func:`comment_counts` (per district, for Odak). The Geri bildirim page adds moderation and
meeting records.

Safety: user text reaches Streamlit only through ``st.text`` / ``st.dataframe`` (no HTML), or
through :func:`gendermap.ui.monitoring.md`, which escapes HTML and Markdown; never through
``unsafe_allow_html``. Names are shown only when their writer ticked "show my name". Writes
are checked again in the store (role from the database, rate limits, text limits).
"""

from __future__ import annotations

import secrets
from datetime import date

import pandas as pd
import streamlit as st

from gendermap.config import get_settings
from gendermap.monitor import Actor, MonitorError
from gendermap.numbers import format_date
from gendermap.participation.rules import (
    KIND_LABELS,
    KVKK_NOTICE,
    LIMITS,
    CommentInput,
    MeetingInput,
)
from gendermap.participation.store import ParticipationStore
from gendermap.ui import monitoring as mon
from gendermap.ui import state

VISITOR = "gm_visitor"
"""Session-state key: a random key of this browser session (hashed in the store; rate limits)."""
FLASH = "gm_participation_flash"

TEXT: dict[str, dict[str, str]] = {
    "tr": {
        "comments": "Yorumlar", "none": "Bu görünüm için yayımlanmış yorum yok.",
        "answer": "Yanıt", "write": "Yorum yaz", "text": "Yorumunuz",
        "kind": "Yorum türü", "name": "Adınız (isteğe bağlı)", "org": "Kurumunuz (isteğe bağlı)",
        "show": "Adım ve kurumum yorumla birlikte görünsün", "send": "Gönder",
        "sent": "Teşekkürler. Yorumunuz moderatör onayından sonra yayımlanacak.",
        "about": "Bu yorum şu görünümle ilgili", "district": "İlçe", "mahalle": "Mahalle",
        "indicator": "Gösterge", "queue": "Moderasyon", "status": "Durum", "action": "İşlem",
        "note": "Not (yalnızca moderatörler görür)", "apply": "Uygula", "history": "Geçmiş",
        "pending": "onay bekliyor", "published": "yayımlandı", "hidden": "gizlendi",
        "publish": "Yayımla", "hide": "Gizle", "answer_only": "Yanıtla (durum aynı kalır)",
        "back": "Onay bekleyene geri al", "meetings": "Geri bildirim toplantıları",
        "new_meeting": "Toplantı kaydı ekle", "title": "Başlık", "date": "Tarih", "place": "Yer",
        "orgs": "Katılan kurumlar (her satıra bir kurum)", "views": "Görüşler ve yorumlar",
        "decisions": "Alınan kararlar", "save": "Kaydet", "saved": "Kaydedildi.",
        "no_meetings": "Henüz toplantı kaydı yok.", "minutes": "Tutanak (PDF)",
        "csv": "Toplantılar (CSV)", "xlsx": "Toplantılar ve yorumlar (XLSX)",
        "moderator_only": "Moderasyon ve toplantı kaydı için moderatör olarak giriş yapın "
        "(Giriş sayfası).", "count": "yayımlanmış yorum", "select": "Yorum", "chars":
        "en fazla {n} karakter", "whole": "tüm harita",
    },
    "en": {
        "comments": "Comments", "none": "No published comments for this view.",
        "answer": "Answer", "write": "Write a comment", "text": "Your comment",
        "kind": "Kind of comment", "name": "Your name (optional)",
        "org": "Your organisation (optional)", "show": "Show my name and organisation with "
        "the comment", "send": "Send", "sent": "Thank you. Your comment will be published "
        "after a moderator has reviewed it.", "about": "This comment is about the view",
        "district": "District", "mahalle": "Mahalle", "indicator": "Indicator",
        "queue": "Moderation", "status": "Status", "action": "Action",
        "note": "Note (moderators only)", "apply": "Apply", "history": "History",
        "pending": "waiting", "published": "published", "hidden": "hidden",
        "publish": "Publish", "hide": "Hide", "answer_only": "Answer (status unchanged)",
        "back": "Back to waiting", "meetings": "Feedback meetings",
        "new_meeting": "Add a meeting record", "title": "Title", "date": "Date", "place": "Place",
        "orgs": "Organisations present (one per line)", "views": "Views and comments",
        "decisions": "Decisions", "save": "Save", "saved": "Saved.",
        "no_meetings": "No meeting recorded yet.", "minutes": "Minutes (PDF)",
        "csv": "Meetings (CSV)", "xlsx": "Meetings and comments (XLSX)",
        "moderator_only": "Sign in as a moderator (Sign in page) to moderate and record "
        "meetings.", "count": "published comments", "select": "Comment", "chars":
        "at most {n} characters", "whole": "whole map",
    },
}


def tx(key: str, **fmt: object) -> str:
    text = TEXT[mon.lang()][key]
    return text.format(**fmt) if fmt else text


@st.cache_resource(show_spinner=False)
def _open(url: str) -> ParticipationStore:
    return ParticipationStore(url)


def store() -> ParticipationStore:
    """The participation store on the monitoring database (one per URL and process)."""
    return _open(get_settings().db_url)


def visitor_key() -> str:
    """This browser session's random key (never shown; the store keeps only its hash)."""
    if VISITOR not in st.session_state:
        st.session_state[VISITOR] = secrets.token_hex(16)
    return str(st.session_state[VISITOR])


def who() -> Actor:
    """The signed-in person (same sign-in as monitoring), re-checked by the database."""
    return mon.actor(mon.store())


def flash() -> None:
    message = st.session_state.pop(FLASH, None)
    if message:
        st.success(message)


def _kind(kind: str) -> str:
    tr, en = KIND_LABELS.get(kind, (kind, kind))
    return en if mon.lang() == "en" else tr


# ---------------------------------------------------------------- components
def comments_panel(*, district_code: int | None = None, mahalle_code: str | None = None,
                   indicator: str | None = None, limit: int = 20) -> None:
    """Published comments (newest first) about a district, a mahalle or an indicator."""
    frame = store().published_comments(district_code=district_code, mahalle_code=mahalle_code,
                                       indicator=indicator)
    st.markdown(f"**{tx('comments')}** ({len(frame)})")
    if frame.empty:
        st.caption(tx("none"))
        return
    for r in frame.head(limit).to_dict("records"):
        with st.container(border=True):
            meta = f"{_kind(str(r['kind']))} · {format_date(r['created_at'], mon.lang(), 'short')}"
            if r["author"]:
                meta += f" · {r['author']}"
            st.caption(mon.md(meta))
            st.text(str(r["text"]))
            if r["answer"]:
                st.caption(mon.md(tx("answer")))
                st.text(str(r["answer"]))


def comment_counts() -> pd.DataFrame:
    """Published comments per district (``district_code``, ``comments``)."""
    return store().comment_counts()


def comment_form(*, page: str, district_code: int | None = None,
                 mahalle_code: str | None = None, key: str = "gm_comment", folded: bool = False) -> None:
    """Anyone may comment on the view shown; held for moderation; the KVKK notice on the form.

    ``folded`` (map pages): behind a switch, so a visitor who only looks at the map does
    not wait for a form's widgets (their script files delay the map's first paint)."""
    view = state.current()
    link = "?" + "&".join(f"{k}={v}" for k, v in state.to_params(view).items())
    if folded and not st.toggle(tx("write"), key=f"{key}_open"):
        return
    with st.container(border=True) if folded else st.expander(tx("write"), expanded=True):
        st.caption(mon.md(KVKK_NOTICE[mon.lang()]))
        about = [f"{tx('indicator')}: {view.indicator or '—'}"]
        if district_code is not None:
            about.append(f"{tx('district')}: {district_code}")
        if mahalle_code:
            about.append(f"{tx('mahalle')}: {mahalle_code}")
        st.caption(mon.md(f"{tx('about')} — " + " · ".join(about)))
        with st.form(key, clear_on_submit=True):
            kinds = list(KIND_LABELS)
            kind = st.radio(tx("kind"), kinds, format_func=_kind, horizontal=True)
            text = st.text_area(tx("text"), max_chars=LIMITS.text,
                                help=tx("chars", n=LIMITS.text))
            name = st.text_input(tx("name"), max_chars=LIMITS.name)
            org = st.text_input(tx("org"), max_chars=LIMITS.organisation)
            show = st.checkbox(tx("show"), value=False)
            sent = st.form_submit_button(tx("send"))
        if sent:
            entry = CommentInput(text=text, kind=str(kind), author_name=name, organisation=org,
                                 show_name=show, view_link=f"/{page}{link}", page=page,
                                 indicator=view.indicator, district_code=district_code,
                                 province_code=view.provinces[0] if len(view.provinces) == 1 else None,
                                 mahalle_code=mahalle_code or None)
            try:
                store().submit_comment(visitor_key(), entry)
            except MonitorError as error:
                mon.show_error(error)
            else:
                st.success(tx("sent"))


# ---------------------------------------------------------------- moderation
def moderation(actor: Actor) -> None:
    """Moderators: the queue, one comment's history, and publish / answer / hide."""
    s = store()
    status = st.segmented_control(tx("status"), ["pending", "published", "hidden"],
                                  format_func=tx, default="pending", key="gm_mod_status")
    try:
        queue = s.moderation_queue(actor, status)
    except MonitorError as error:
        mon.show_error(error)
        return
    shown = queue[["id", "created_at", "kind", "text", "author_name", "organisation",
                   "show_name", "district_code", "mahalle_code", "indicator", "answer", "version"]]
    st.dataframe(shown.assign(kind=shown["kind"].map(_kind)), hide_index=True, width="stretch")
    if queue.empty:
        return
    chosen = st.selectbox(tx("select"), queue["id"].tolist(), key="gm_mod_pick",
                          format_func=lambda i: f"#{i}")
    row = queue.set_index("id").loc[chosen]
    with st.form("gm_mod_form"):
        actions = ["publish", "answer", "hide", "pending"]
        labels = {"publish": tx("publish"), "answer": tx("answer_only"), "hide": tx("hide"),
                  "pending": tx("back")}
        action = st.radio(tx("action"), actions, format_func=labels.__getitem__, horizontal=True)
        answer = st.text_area(tx("answer"), value=str(row["answer"] or ""), max_chars=LIMITS.answer)
        note = st.text_input(tx("note"), max_chars=LIMITS.answer)
        go = st.form_submit_button(tx("apply"))
    if go:
        try:
            s.moderate(actor, int(chosen), str(action), answer=answer, note=note,
                       expected_version=int(row["version"]))
        except MonitorError as error:
            mon.show_error(error)
        else:
            st.session_state[FLASH] = tx("saved")
            st.rerun()
    with st.expander(tx("history")):
        st.dataframe(s.comment_history(actor, int(chosen)), hide_index=True, width="stretch")


# ---------------------------------------------------------------- meetings
def meetings(actor: Actor, moderator: bool) -> None:
    """Meeting records, their exports, and (moderators) a form for a new record."""
    from gendermap.participation.minutes import meetings_csv, meetings_xlsx, minutes_pdf

    s = store()
    records = s.meetings()
    if records.empty:
        st.caption(tx("no_meetings"))
    else:
        st.dataframe(records[["id", "held_on", "title", "place", "organisations", "decisions"]],
                     hide_index=True, width="stretch")
        comments = s.published_comments()
        lang = mon.lang()
        cols = st.columns(3)
        cols[0].download_button(tx("minutes"), minutes_pdf(records, lang, comments),
                                "tutanak.pdf" if lang == "tr" else "minutes.pdf", "application/pdf")
        cols[1].download_button(tx("csv"), meetings_csv(records, lang), "toplantilar.csv", "text/csv")
        cols[2].download_button(tx("xlsx"), meetings_xlsx(records, comments, lang), "toplantilar.xlsx",
                                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    if not moderator:
        return
    with st.expander(tx("new_meeting")), st.form("gm_meeting", clear_on_submit=True):
        title = st.text_input(tx("title"), max_chars=LIMITS.meeting_title)
        held_on = st.date_input(tx("date"), value=date.today(), format="DD.MM.YYYY")
        place = st.text_input(tx("place"), max_chars=LIMITS.meeting_place)
        orgs = st.text_area(tx("orgs"), max_chars=LIMITS.meeting_text)
        views = st.text_area(tx("views"), max_chars=LIMITS.meeting_text)
        decisions = st.text_area(tx("decisions"), max_chars=LIMITS.meeting_text)
        save = st.form_submit_button(tx("save"))
    if save:
        try:
            s.save_meeting(actor, MeetingInput(title, held_on if isinstance(held_on, date)
                                               else date.today(), place, orgs, views, decisions))
        except MonitorError as error:
            mon.show_error(error)
        else:
            st.session_state[FLASH] = tx("saved")
            st.rerun()


# ---------------------------------------------------------------- placed on other pages
def _district_of(mahalle: pd.DataFrame, code: str) -> int | None:
    hit = mahalle.loc[mahalle["mahalle_code"].astype(str) == code, "district_code"]
    return int(hit.iloc[0]) if len(hit) else None


def map_comments(mahalle: pd.DataFrame, page: str, *, beside: bool) -> None:
    """On a map page: ``beside`` the map, the published comments on the indicator shown;
    under the mahalle panel, those on the chosen mahalle and the form to add one."""
    view = state.current()
    if beside:
        comments_panel(indicator=view.indicator or None, limit=5)
        return
    code = view.mahalle or None
    district = _district_of(mahalle, code) if code else None
    if code:
        comments_panel(mahalle_code=code)
    comment_form(page=page, district_code=district, mahalle_code=code, folded=True)


def district_comment_counts(table: pd.DataFrame) -> None:
    """Odak: published comments per district of the ranking ``table`` (district_code, district)."""
    counts = comment_counts()
    if counts.empty:
        st.caption(tx("none"))
        return
    merged = table[["district_code", "district"]].merge(counts, on="district_code", how="inner")
    st.dataframe(merged.rename(columns={"district": tx("district"), "comments": tx("count")})
                 .drop(columns="district_code"), hide_index=True, width="stretch")
    if merged.empty:
        return
    names = dict(zip(merged["district_code"], merged["district"], strict=True))
    chosen = st.selectbox(tx("district"), list(names), format_func=lambda c: str(names[c]),
                          key="gm_odak_comment_district")
    comments_panel(district_code=int(chosen))

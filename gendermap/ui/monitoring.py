"""Streamlit side of local equality monitoring: store access, who is signed in, the
dashboard components and the sign-in form. Pages under ``pages/`` only call these.

Security notes: the session token is the only thing kept in ``st.session_state`` (and in
a cookie, so a link opened in a new tab stays signed in: :mod:`gendermap.ui.session_cookie`);
the role is re-read from the database on every run and on every write (in the services).
Text from users or data goes to Streamlit only through widgets that do not render HTML
(``st.dataframe``, ``st.text``), or through :func:`md` which escapes HTML *and*
Markdown, so a municipality called ``<script>`` or ``[x](javascript:...)`` stays text.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from gendermap import DEMO_LABEL
from gendermap.config import get_settings
from gendermap.monitor import (
    ANONYMOUS,
    Actor,
    MonitorError,
    MonitorStore,
    export,
    pdf,
)
from gendermap.monitor import dashboard as dash
from gendermap.monitor.accounts import province_names
from gendermap.monitor.labels import COLUMNS, FRESHNESS, STATUS, fmt_gap, fmt_number
from gendermap.monitor.starter import ensure_seeded
from gendermap.ui import session_cookie

TOKEN = session_cookie.TOKEN
NOTICE = "gm_monitor_notice"
"""Session-state key: a message to show once after a rerun (e.g. session expired)."""

TEXT: dict[str, dict[str, str]] = {
    "tr": {
        "title": "Yerel eşitlik izleme", "intro": "Belediyelerin toplumsal cinsiyete duyarlı "
        "göstergeleri: son değer, kadın/erkek farkı, hedef ve güncellik.",
        "municipality": "Belediye", "drafts": "Yayımlanmamış değerleri de göster",
        "no_data": "Henüz değer yok.", "compare": "Belediyeleri karşılaştır", "compare_which": "Karşılaştırılacak belediyeler", "indicator": "Gösterge",
        "downloads": "İndir", "csv": "Tablo (CSV)", "xlsx": "Tablo ve değerler (XLSX)",
        "pdf": "Yazdırılabilir özet (PDF)", "target": "Hedef", "gap": "K/E farkı",
        "freshness": "Güncellik", "latest": "Son dönem", "demo_notice": "Bu sayfadaki işaretli "
        "değerler örnek veridir, gerçek değildir.", "signin": "Giriş", "username": "Kullanıcı adı",
        "password": "Parola", "submit": "Giriş yap", "signed_in": "Giriş yapan", "role": "Rol",
        "signout": "Çıkış yap", "expired": "Oturumunuzun süresi doldu; lütfen yeniden giriş yapın.",
        "signin_help": "Belediye çalışanları veri girmek için giriş yapar. Yayımlanmış verileri "
        "görmek için giriş gerekmez.", "trend": "Eğilim", "article": "Avrupa Şartı madde",
        "viewer_only": "Veri girişi için editör ya da yönetici olmalısınız.",
        "provinces": "İller", "change_password": "Parolamı değiştir",
        "current_password": "Şu anki parola", "new_password": "Yeni parola",
        "new_password_again": "Yeni parola (tekrar)", "mismatch": "Yeni parolalar aynı değil.",
        "password_changed": "Parolanız değişti; başka cihazlardaki oturumlarınız kapatıldı.",
        "data_editor_here": "Veri editörüsünüz: yetkili olduğunuz illerin harita verisini Veri "
        "sayfasında yükleyip saklayabilir ya da geri alabilirsiniz.",
        "role.viewer": "okur", "role.editor": "belediye editörü", "role.data_editor": "veri editörü",
        "role.moderator": "moderatör", "role.admin": "yönetici",
        "draft": "📝 Taslak / yayın bekliyor", "review": "Yayın bekleyen değerler",
        "review_none": "Yayın bekleyen değer yok.", "publish": "Bunları yayımla",
        "published_n": "{n} değer yayımlandı.",
    },
    "en": {
        "title": "Local equality monitoring", "intro": "Gender-sensitive indicators of the "
        "municipalities: latest value, F/M gap, target and freshness.",
        "municipality": "Municipality", "drafts": "Also show unpublished values",
        "no_data": "No values yet.", "compare": "Compare municipalities", "compare_which": "Municipalities to compare", "indicator": "Indicator",
        "downloads": "Download", "csv": "Table (CSV)", "xlsx": "Table and values (XLSX)",
        "pdf": "Printable summary (PDF)", "target": "Target", "gap": "F/M gap",
        "freshness": "Freshness", "latest": "Latest period", "demo_notice": "Marked values on "
        "this page are demonstration data, not real.", "signin": "Sign in",
        "username": "User name", "password": "Password", "submit": "Sign in",
        "signed_in": "Signed in as", "role": "Role", "signout": "Sign out",
        "expired": "Your session expired; please sign in again.",
        "signin_help": "Municipal staff sign in to enter data. Published data needs no sign-in.",
        "trend": "Trend", "article": "European Charter article",
        "viewer_only": "Data entry needs the editor or admin role.",
        "draft": "📝 Draft / awaiting publication", "review": "Values awaiting publication",
        "review_none": "No values await publication.", "publish": "Publish these",
        "published_n": "{n} values published.",
        "provinces": "Provinces", "change_password": "Change my password",
        "current_password": "Current password", "new_password": "New password",
        "new_password_again": "New password (again)", "mismatch": "The new passwords differ.",
        "password_changed": "Your password changed; your sessions on other devices were ended.",
        "data_editor_here": "You are a data editor: on the Data page you can upload, store or "
        "revert the map data of your provinces.",
        "role.viewer": "viewer", "role.editor": "municipal editor", "role.data_editor": "data editor",
        "role.moderator": "moderator", "role.admin": "administrator",
    },
}


def lang() -> str:
    """The page language: ``st.session_state['lang']``, else the app's view, else Turkish."""
    chosen = st.session_state.get("lang")
    if chosen in ("tr", "en"):
        return str(chosen)
    view = st.session_state.get("gm_view")
    return str(getattr(view, "lang", "tr")) if getattr(view, "lang", "tr") in ("tr", "en") else "tr"


def tx(key: str) -> str:
    return TEXT[lang()][key]


def md(text: object) -> str:
    """Escape HTML and Markdown so data-derived text is shown literally."""
    from gendermap.ui.views import markdown_text

    return markdown_text(text)


@st.cache_resource(show_spinner=False)
def _open(url: str) -> MonitorStore:
    store = MonitorStore(url)
    ensure_seeded(store)  # first run: the demo starter set, flagged as demo
    return store


def store() -> MonitorStore:
    """The configured store (one per database URL and process), seeded on first run."""
    return _open(get_settings().db_url)


def actor(s: MonitorStore) -> Actor:
    """Who is signed in (this tab's token, else the sign-in cookie's), re-checked against
    the database on every run; the cookie follows the session."""
    resolved = session_cookie.resolve(s, st.session_state, dict(st.context.cookies or {}))
    if resolved.expired:
        st.session_state[NOTICE] = tx("expired")
    session_cookie.apply(resolved, int(s.session_ttl.total_seconds()))
    return resolved.actor


def show_notice() -> None:
    notice = st.session_state.pop(NOTICE, None)
    if notice:
        st.info(notice)


def show_error(error: MonitorError) -> None:
    """A service error as a readable message (problems listed one per line)."""
    problems = getattr(error, "problems", None)
    if problems:
        st.error("\n".join(f"- {md(column)}: {md(message)}" for column, message in problems))
    else:
        st.error(md(error))


# ---------------------------------------------------------------- sign-in
def sign_in_form(s: MonitorStore) -> Actor:
    """Sign-in form, or who is signed in with a sign-out button."""
    show_notice()
    current = actor(s)
    if current.signed_in:
        provinces = province_names(current.provinces)
        role = TEXT[lang()].get(f"role.{current.role}", current.role)
        st.success(f"{tx('signed_in')}: {md(current.username)} · {tx('role')}: {md(role)}"
                   + (f" · {md(current.municipality_code)}" if current.municipality_code else "")
                   + (f" · {tx('provinces')}: {md(provinces)}" if provinces else ""))
        if st.button(tx("signout"), key="gm_monitor_signout"):
            s.sign_out(current)
            session_cookie.signed_out(st.session_state)
            st.rerun()
        password_form(s, current)
        return current
    st.caption(tx("signin_help"))
    with st.form("gm_monitor_signin"):
        username = st.text_input(tx("username"), key="gm_monitor_user")
        password = st.text_input(tx("password"), type="password", key="gm_monitor_password")
        submitted = st.form_submit_button(tx("submit"))
    if submitted:
        try:
            signed = s.sign_in(username, password)
        except MonitorError as error:
            show_error(error)
        else:
            st.session_state[TOKEN] = signed.token
            st.rerun()
    return ANONYMOUS


def password_form(s: MonitorStore, current: Actor) -> None:
    """The signed-in person changes their own password (their other sessions end)."""
    with st.expander(tx("change_password")), st.form("gm_monitor_password_change"):
        old = st.text_input(tx("current_password"), type="password", key="gm_pw_current")
        new = st.text_input(tx("new_password"), type="password", key="gm_pw_new")
        again = st.text_input(tx("new_password_again"), type="password", key="gm_pw_again")
        submitted = st.form_submit_button(tx("change_password"), key="gm_pw_submit")
    if not submitted:
        return
    if new != again:
        st.error(tx("mismatch"))
        return
    try:
        s.change_password(current, old, new)
    except MonitorError as error:
        show_error(error)
    else:
        st.success(tx("password_changed"))


# ---------------------------------------------------------------- dashboard
def load(s: MonitorStore, who: Actor, include_drafts: bool, today: date | None = None) -> dict[str, Any]:
    """Everything the dashboard draws, computed once per run."""
    observations = s.observations(who, include_drafts=include_drafts)
    indicators = s.indicators()
    municipalities = s.municipalities()
    targets = s.targets(who, include_drafts=include_drafts)
    cards = dash.cards(observations, indicators, targets, municipalities, today or date.today())
    return {"observations": observations, "indicators": indicators, "cards": cards,
            "municipalities": municipalities}


def filtered_municipality(munis: pd.DataFrame) -> str | None:
    """The municipality of the first district in the map's filter that has one (a visitor who
    came from Seferihisar's map opens on Seferihisar), else None."""
    from gendermap.ui import state

    by_district = {int(d): c for c, d in zip(munis["code"], munis["district_code"], strict=True) if pd.notna(d)}
    return next((by_district[d] for d in state.current().districts if d in by_district), None)


def municipality_picker(data: dict[str, Any], who: Actor | None = None) -> str | None:
    """The municipality shown; opens on the signed-in editor's own municipality."""
    munis = data["municipalities"]
    if munis.empty:
        st.info(tx("no_data"))
        return None
    names = dict(zip(munis["code"], munis["name"], strict=True))
    codes = list(names)
    own = getattr(who, "municipality_code", None) or filtered_municipality(munis)
    if own in names and st.session_state.get("gm_monitor_municipality_for") != own:
        st.session_state["gm_monitor_municipality"] = own  # once per sign-in or filter; later choices stay
        st.session_state["gm_monitor_municipality_for"] = own
    return st.selectbox(tx("municipality"), codes, format_func=lambda c: names[c],
                        key="gm_monitor_municipality")


def is_draft(data: dict[str, Any], municipality: str, indicator: str, period: object) -> bool:
    """True when the value a card shows is not published yet (only editors and admins see such)."""
    obs = data["observations"]
    if obs.empty or "published" not in obs or not period:
        return False
    row = obs[(obs["municipality_code"] == municipality) & (obs["indicator_code"] == indicator)
              & (obs["period"] == period)]
    return bool(len(row)) and not bool(row.sort_values("version")["published"].iloc[-1])


def review_and_publish(s: MonitorStore, who: Actor, data: dict[str, Any]) -> None:
    """Admins: the values saved but not yet public, and one button to publish them."""
    obs = data["observations"]
    pending = obs[~obs["published"].astype(bool)] if len(obs) and "published" in obs else obs.iloc[0:0]
    st.header(tx("review"))
    if pending.empty:
        st.caption(tx("review_none"))
        return
    language = lang()
    labels = dict(zip(data["indicators"]["code"], data["indicators"][f"label_{language}"], strict=False))
    cols = COLUMNS[language]
    table = pd.DataFrame({
        tx("municipality"): pending["municipality"].to_numpy(),
        tx("indicator"): [labels.get(c, c) for c in pending["indicator_code"]],
        cols["period"]: pending["period"].to_numpy(),
        cols["value_women"]: pending["value_women"].to_numpy(),
        cols["value_men"]: pending["value_men"].to_numpy(),
        cols["value_total"]: pending["value_total"].to_numpy(),
        cols["created_by"]: pending["created_by"].to_numpy(),
    })
    st.dataframe(table, hide_index=True, width="stretch")
    if st.button(tx("publish"), key="gm_monitor_publish", type="primary"):
        try:
            n = s.publish(who)
        except MonitorError as error:
            show_error(error)
        else:
            st.session_state[NOTICE] = tx("published_n").format(n=n)
            st.rerun()


def demo_banner(cards: pd.DataFrame) -> None:
    if len(cards) and bool(cards["demo"].any()):
        st.warning(f"**{DEMO_LABEL}** — {tx('demo_notice')}")


def cards_grid(data: dict[str, Any], municipality: str) -> None:
    """One bordered card per indicator, two per row."""
    language = lang()
    cards = data["cards"][data["cards"]["municipality_code"] == municipality]
    columns = st.columns(2)
    for i, card in enumerate(cards.to_dict("records")):
        with columns[i % 2].container(border=True):
            _card(card, data, municipality, language)


def present(value: Any) -> bool:
    """A card field that holds something (None, NaN, NaT and "" hold nothing: a missing date
    must not be written as "nan")."""
    return value is not None and not (not isinstance(value, str) and pd.isna(value)) and value != ""


def _card(card: dict[str, Any], data: dict[str, Any], municipality: str, language: str) -> None:
    st.markdown(f"**{md(card['label_' + language])}**")
    if card["demo"]:
        st.caption(f"⚠️ {DEMO_LABEL}")
    if is_draft(data, municipality, card["indicator_code"], card["latest_period"]):
        st.caption(tx("draft"))
    left, right = st.columns(2)
    left.metric(f"{tx('latest')}: {md(card['latest_period'] or '–')}",
                fmt_number(card["headline"], card["unit"], language))
    right.metric(tx("gap"), fmt_gap(card["gap"], card["gap_kind"], language))
    status = STATUS[language][card["target_status"]]
    icon = {"on_track": "🟢", "off_track": "🔴", "no_data": "⚪", "no_target": "⚪"}[card["target_status"]]
    target = fmt_number(card["target_value"], card["unit"], language)
    due = f" ({md(card['target_due'])})" if present(card["target_due"]) else ""
    fresh = FRESHNESS[language][card["freshness"]]
    st.caption(f"{icon} {tx('target')}: {target}{due} — {status} · {tx('freshness')}: {fresh}"
               + (f" · {tx('article')} {int(card['charter_article'])}"
                  if present(card["charter_article"]) else ""))
    series = dash.trend(data["observations"], data["indicators"], municipality, card["indicator_code"])
    if len(series) > 1:
        chart = series.set_index("period")[["headline"]].rename(columns={"headline": tx("trend")})
        st.line_chart(chart, height=160)


def comparison(data: dict[str, Any]) -> None:
    """Any set of municipalities side by side for one indicator (all of them by default)."""
    language = lang()
    indicators = data["indicators"]
    if indicators.empty:
        return
    labels = dict(zip(indicators["code"], indicators[f"label_{language}"], strict=True))
    code = st.selectbox(tx("indicator"), list(labels), format_func=lambda c: labels[c],
                        key="gm_monitor_compare")
    names = dict(zip(data["municipalities"]["code"], data["municipalities"]["name"], strict=True))
    chosen = st.multiselect(tx("compare_which"), list(names), default=list(names),
                            format_func=lambda c: names[c], key="gm_monitor_compare_set")
    cards = data["cards"]
    table = dash.comparison(cards[cards["municipality_code"].isin(chosen)], code)
    if table.empty:
        return
    unit = data["cards"].loc[data["cards"]["indicator_code"] == code, "unit"].iloc[0]
    gap_kind = data["cards"].loc[data["cards"]["indicator_code"] == code, "gap_kind"]
    kind = next((k for k in gap_kind if k), "")
    cols = COLUMNS[language]
    shown = pd.DataFrame({
        cols["demo"]: [DEMO_LABEL if d else "" for d in table["demo"]],
        cols["municipality"]: table["municipality"],
        cols["latest_period"]: table["latest_period"],
        cols["headline"]: [fmt_number(v, unit, language) for v in table["headline"]],
        cols["gap"]: [fmt_gap(v, kind, language) for v in table["gap"]],
        cols["target_value"]: [fmt_number(v, unit, language) for v in table["target_value"]],
        cols["target_status"]: [STATUS[language][v] for v in table["target_status"]],
        cols["freshness"]: [FRESHNESS[language][v] for v in table["freshness"]],
    })
    st.dataframe(shown, hide_index=True, width="stretch")
    chart = table.dropna(subset=["headline"]).set_index("municipality")[["headline"]]
    if len(chart):
        st.bar_chart(chart, height=220)


@st.cache_data(show_spinner=False, max_entries=16)
def _summary_pdf(cards: pd.DataFrame, observations: pd.DataFrame, indicators: pd.DataFrame,
                 municipality: str, name: str, language: str) -> bytes:
    return pdf.summary_pdf(cards, observations, indicators, municipality, name, language)


def downloads(data: dict[str, Any], municipality: str | None) -> None:
    """CSV/XLSX of the cards (and values), and the municipality's PDF summary."""
    language = lang()
    cards = data["cards"]
    a, b, c = st.columns(3)
    a.download_button(tx("csv"), export.to_csv(cards), "izleme.csv", "text/csv",
                      key="gm_monitor_csv")
    b.download_button(tx("xlsx"), export.to_xlsx({"gostergeler": cards, "degerler": data["observations"]}),
                      "izleme.xlsx",
                      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                      key="gm_monitor_xlsx")
    if municipality is not None:
        names = dict(zip(data["municipalities"]["code"], data["municipalities"]["name"], strict=True))
        summary = _summary_pdf(cards, data["observations"], data["indicators"], municipality,
                               names[municipality], language)
        c.download_button(tx("pdf"), summary, f"izleme-{municipality}.pdf", "application/pdf",
                          key="gm_monitor_pdf")

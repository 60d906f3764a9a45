"""Streamlit pieces of the "Göstergeler" page: propose an indicator, review proposals,
retire, and download the data-collection kit of an indicator for an area.

Every write goes through :class:`gendermap.monitor.user_catalogue.UserCatalogue`, which
checks the role in the database; the buttons here only say who may press them.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from gendermap.catalogue import Catalogue
from gendermap.io.catalogue_file import load_catalogue
from gendermap.io.kit import kit_frames
from gendermap.monitor import Actor, MonitorError, MonitorStore
from gendermap.monitor.user_catalogue import UserCatalogue
from gendermap.numbers import format_number
from gendermap.tabular import write_xlsx
from gendermap.ui.monitoring import lang, md, show_error

WEIGHT_CHOICES = tuple(i * 0.5 for i in range(1, 7))
"""A proposed indicator's default index weight, 0,5 to 3 by halves: a select slider, so the
value is written through :mod:`gendermap.numbers` ("1,5"); Streamlit's number slider
writes "1.50" whatever the language."""

TEXT: dict[str, dict[str, str]] = {
    "tr": {
        "title": "Göstergeler", "intro": "Yerleşik göstergelerin yanına kendi göstergelerinizi "
        "ekleyin (ör. kooperatif üyesi kadınlar, danışma merkezine başvurular). Veri editörleri "
        "önerir, yönetici onaylar; her değişiklik bir sürüm olarak saklanır. Onaylanan gösterge "
        "için veri toplama şablonunu indirip doldurun ve Veri sayfasından yükleyin.",
        "list": "Kullanıcı göstergeleri", "none": "Henüz kullanıcı göstergesi yok.",
        "propose": "Gösterge öner", "code": "Kod (küçük harf, rakam, _)", "theme": "Tema",
        "new_theme": "Yeni tema", "theme_tr": "Yeni temanın adı (Türkçe)", "theme_en": "Yeni temanın adı (İngilizce)",
        "label_tr": "Ad (Türkçe)", "label_en": "Ad (İngilizce)", "desc_tr": "Tanım (Türkçe)",
        "desc_en": "Tanım (İngilizce)", "why_tr": "Neden önemli (Türkçe)", "why_en": "Neden önemli (İngilizce)",
        "num_tr": "Pay: ne sayılıyor (Türkçe)", "num_en": "Pay (İngilizce)",
        "den_tr": "Payda: kimin içinde (Türkçe; sayımda boş)", "den_en": "Payda (İngilizce)",
        "unit": "Birim", "direction": "Daha iyi olan", "by_sex": "Kadın ve erkek için ayrı",
        "source": "Kaynak", "year": "Yıl", "licence": "Lisans", "in_index": "Sentez endeksine girsin",
        "weight": "Endeksteki varsayılan ağırlık", "submit": "Öner", "proposed": "'{code}' kaydedildi "
        "({status}).", "review": "Onay bekleyen öneriler", "approve": "Onayla", "reject": "Reddet",
        "retire": "Göstergeyi kaldır", "retire_help": "Geçmişi ve verisi durur; haritalardan kalkar.",
        "kit": "Veri toplama şablonu", "kit_indicator": "Gösterge", "kit_district": "İlçe",
        "kit_download": "Şablonu indir (XLSX)", "signin": "Gösterge önermek için veri editörü ya da "
        "yönetici olarak giriş yapın (İzleme > Giriş).", "history": "Sürümler",
        "s.active": "etkin", "s.proposed": "onay bekliyor", "s.rejected": "reddedildi", "s.retired": "kaldırıldı",
        "higher_is_better": "yüksek olması", "lower_is_better": "düşük olması",
        "reviewed": "'{code}': {status}.",
        "c.code": "Kod", "c.label": "Ad", "c.status": "Durum", "c.theme": "Tema", "c.year": "Yıl",
        "c.defined_by": "Tanımlayan", "c.version": "Sürüm",
    },
    "en": {
        "title": "Indicators", "intro": "Add your own indicators beside the built-in ones (e.g. "
        "women members of cooperatives, applications to the counselling centre). Data editors "
        "propose, an admin approves; every change is kept as a version. For an approved "
        "indicator, download the data-collection kit, fill it in and upload it on the Data page.",
        "list": "User indicators", "none": "No user indicators yet.", "propose": "Propose an indicator",
        "code": "Code (lower-case letters, digits, _)", "theme": "Theme", "new_theme": "New theme",
        "theme_tr": "New theme name (Turkish)", "theme_en": "New theme name (English)",
        "label_tr": "Name (Turkish)", "label_en": "Name (English)", "desc_tr": "Definition (Turkish)",
        "desc_en": "Definition (English)", "why_tr": "Why it matters (Turkish)", "why_en": "Why it matters (English)",
        "num_tr": "Numerator: what is counted (Turkish)", "num_en": "Numerator (English)",
        "den_tr": "Denominator: among whom (Turkish; empty for a count)", "den_en": "Denominator (English)",
        "unit": "Unit", "direction": "Better when", "by_sex": "Separately for women and men",
        "source": "Source", "year": "Year", "licence": "Licence", "in_index": "Enters the synthesis index",
        "weight": "Default weight in the index", "submit": "Propose", "proposed": "'{code}' saved ({status}).",
        "review": "Proposals waiting for review", "approve": "Approve", "reject": "Reject",
        "retire": "Retire an indicator", "retire_help": "History and data stay; it leaves the maps.",
        "kit": "Data-collection kit", "kit_indicator": "Indicator", "kit_district": "District",
        "kit_download": "Download the kit (XLSX)", "signin": "Sign in as a data editor or admin to "
        "propose indicators (Monitoring > Sign in).", "history": "Versions",
        "s.active": "active", "s.proposed": "waiting for review", "s.rejected": "rejected", "s.retired": "retired",
        "higher_is_better": "higher", "lower_is_better": "lower",
        "reviewed": "'{code}': {status}.",
        "c.code": "Code", "c.label": "Name", "c.status": "Status", "c.theme": "Theme", "c.year": "Year",
        "c.defined_by": "Defined by", "c.version": "Version",
    },
}
UNITS = ("percent", "per_1000", "ratio", "count")


NOTICE = "gm_indicators_notice"
"""Session-state key: a confirmation shown after the rerun that follows a change."""


def show_notice() -> None:
    notice = st.session_state.pop(NOTICE, None)
    if notice:
        st.success(notice)


def tx(key: str, **fmt: object) -> str:
    text = TEXT[lang()][key]
    return text.format(**fmt) if fmt else text


def service(s: MonitorStore) -> UserCatalogue:
    from gendermap.config import get_settings

    return UserCatalogue(s, load_catalogue(get_settings().catalogue_path))


def listing(users: UserCatalogue) -> None:
    table = users.table()
    if table.empty:
        st.caption(tx("none"))
        return
    language = lang()
    themes = users.builtin.themes

    def theme_label(theme: str, code: str) -> str:
        if theme in themes:
            return themes[theme].label.get(language)
        label = users.entry(code).get("theme_label") or {}
        return str(label.get(language) or label.get("tr") or theme)

    shown = pd.DataFrame({
        tx("c.code"): table["code"], tx("c.label"): table[f"label_{language}"],
        tx("c.status"): [tx(f"s.{s}") for s in table["status"]],
        tx("c.theme"): [theme_label(t, c) for t, c in zip(table["theme"], table["code"], strict=True)],
        tx("c.year"): table["year"], tx("c.defined_by"): table["defined_by"], tx("c.version"): table["version"],
    })
    st.dataframe(shown, hide_index=True, use_container_width=True)


def propose_form(users: UserCatalogue, who: Actor) -> None:
    """The proposal form for data editors and admins (validated by the catalogue's rules)."""
    language = lang()
    themes = users.builtin.themes
    new_theme = "__new__"
    with st.form("gm_indicator_propose"):
        st.markdown(f"**{tx('propose')}**")
        code = st.text_input(tx("code"), max_chars=40, key="gm_ind_code")
        theme = st.selectbox(tx("theme"), [*themes, new_theme], key="gm_ind_theme",
                             format_func=lambda t: tx("new_theme") if t == new_theme else themes[t].label.get(language))
        c1, c2 = st.columns(2)
        theme_tr = c1.text_input(tx("theme_tr"), max_chars=80, key="gm_ind_theme_tr")
        theme_en = c2.text_input(tx("theme_en"), max_chars=80, key="gm_ind_theme_en")
        fields: dict[str, str] = {}
        for left, right in (("label_tr", "label_en"), ("desc_tr", "desc_en"), ("why_tr", "why_en"),
                            ("num_tr", "num_en"), ("den_tr", "den_en")):
            a, b = st.columns(2)
            fields[left] = a.text_input(tx(left), max_chars=300, key=f"gm_ind_{left}")
            fields[right] = b.text_input(tx(right), max_chars=300, key=f"gm_ind_{right}")
        a, b, c = st.columns(3)
        unit = a.selectbox(tx("unit"), UNITS, key="gm_ind_unit")
        direction = b.selectbox(tx("direction"), ("higher_is_better", "lower_is_better"),
                                format_func=tx, key="gm_ind_direction")
        year = c.number_input(tx("year"), min_value=1990, max_value=2100, value=2025, step=1, key="gm_ind_year")
        a, b = st.columns(2)
        source = a.text_input(tx("source"), max_chars=300, key="gm_ind_source")
        licence = b.text_input(tx("licence"), value="CC BY 4.0", max_chars=100, key="gm_ind_licence")
        by_sex = st.checkbox(tx("by_sex"), value=True, key="gm_ind_by_sex")
        in_index = st.checkbox(tx("in_index"), value=False, key="gm_ind_in_index")
        weight = float(st.select_slider(tx("weight"), options=WEIGHT_CHOICES, value=1.0, key="gm_ind_weight",
                                        format_func=lambda w: format_number(w, language, 1)))
        submitted = st.form_submit_button(tx("submit"), type="primary")
    if not submitted:
        return
    entry: dict[str, Any] = {
        "id": code.strip(), "theme": theme if theme != new_theme else _theme_id(theme_en or theme_tr),
        "label": {"tr": fields["label_tr"], "en": fields["label_en"]},
        "description": {"tr": fields["desc_tr"], "en": fields["desc_en"]},
        "why": {"tr": fields["why_tr"], "en": fields["why_en"]},
        "numerator": {"tr": fields["num_tr"], "en": fields["num_en"]},
        "by_sex": by_sex, "unit": unit, "direction": direction, "source": source,
        "year": int(year), "licence": licence, "in_index": in_index, "weight": weight,
    }
    if fields["den_tr"] or fields["den_en"]:
        entry["denominator"] = {"tr": fields["den_tr"], "en": fields["den_en"] or fields["den_tr"]}
    if theme == new_theme:
        entry["theme_label"] = {"tr": theme_tr, "en": theme_en or theme_tr}
    known = users.table()
    versions = {str(c): int(v) for c, v in zip(known["code"], known["version"], strict=True)}
    try:
        users.propose(who, entry, expected_version=versions.get(entry["id"], 0))
    except MonitorError as error:
        show_error(error)
    else:
        status = users.table().set_index("code").loc[entry["id"], "status"]
        st.session_state[NOTICE] = tx("proposed", code=entry["id"], status=tx(f"s.{status}"))
        st.rerun()


def _theme_id(name: str) -> str:
    from gendermap.names import ascii_fold

    return "_".join("".join(ch if ch.isalnum() else " " for ch in ascii_fold(name)).split())[:40] or "theme"


def review(users: UserCatalogue, who: Actor) -> None:
    """Admins: approve or reject proposals, retire indicators."""
    table = users.table()
    pending = table[table["pending"]] if len(table) else table
    if len(pending):
        st.markdown(f"**{tx('review')}**")
        language = lang()
        for row in pending.itertuples():
            spec = users.entry(str(row.code))
            st.markdown(f"**{md(spec.get('label', {}).get(language, row.code))}** · {md(row.code)} · "
                        f"{md(row.created_by)}")
            st.text("\n".join(_describe(spec, language)))
            a, b = st.columns(2)
            for column, approve in ((a, True), (b, False)):
                if column.button(tx("approve" if approve else "reject"), key=f"gm_ind_rev_{row.code}_{approve}"):
                    try:
                        users.review(who, str(row.code), approve=approve)
                    except MonitorError as error:
                        show_error(error)
                    else:
                        st.session_state[NOTICE] = tx("reviewed", code=str(row.code),
                                                      status=tx("s.active" if approve else "s.rejected"))
                        st.rerun()
    active = table[table["status"] == "active"] if len(table) else table
    if len(active):
        with st.form("gm_indicator_retire"):
            st.markdown(f"**{tx('retire')}**")
            st.caption(tx("retire_help"))
            code = st.selectbox(tx("c.code"), list(active["code"]), key="gm_ind_retire")
            if st.form_submit_button(tx("retire")):
                try:
                    users.retire(who, str(code))
                except MonitorError as error:
                    show_error(error)
                else:
                    st.session_state[NOTICE] = tx("reviewed", code=str(code), status=tx("s.retired"))
                    st.rerun()


def _describe(spec: dict[str, Any], language: str) -> list[str]:
    """A proposal in plain lines for the reviewer (never raw JSON)."""
    def text(key: str) -> str:
        value = spec.get(key)
        return str(value.get(language) or value.get("tr", "")) if isinstance(value, dict) else str(value or "—")

    return [f"{tx('desc_tr' if language == 'tr' else 'desc_en')}: {text('description')}",
            f"{tx('num_tr' if language == 'tr' else 'num_en')}: {text('numerator')}",
            f"{tx('den_tr' if language == 'tr' else 'den_en')}: {text('denominator')}",
            f"{tx('unit')}: {spec.get('unit')} · {tx('year')}: {spec.get('year')} · {tx('source')}: {text('source')}"]


def kit(catalogue: Catalogue, mahalle: pd.DataFrame) -> None:
    """The data-collection kit of an indicator for a district, to download (user indicators
    first; a built-in one's kit is how real counts replace its demonstration values)."""
    language = lang()
    st.markdown(f"**{tx('kit')}**")
    entries = sorted(catalogue.at_level("mahalle"), key=lambda e: (e.defined_by is None, e.label.get(language)))
    labels = {e.id: e.label.get(language) + (f" ({e.defined_by})" if e.defined_by else "") for e in entries}
    a, b = st.columns(2)
    chosen = a.selectbox(tx("kit_indicator"), list(labels), format_func=lambda i: labels[i], key="gm_ind_kit")
    coded = mahalle[mahalle["populated"].astype(bool) & mahalle["mahalle_code"].notna()]
    districts = sorted(coded["district"].unique())
    district = b.selectbox(tx("kit_district"), districts, key="gm_ind_kit_district")
    area = pd.DataFrame(coded[coded["district"] == district][["mahalle_code", "province", "district", "mahalle"]])
    data = write_xlsx(kit_frames(catalogue, chosen, area))
    st.download_button(tx("kit_download"), data, file_name=f"{chosen}-{district}.xlsx".lower(),
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       key="gm_ind_kit_download")

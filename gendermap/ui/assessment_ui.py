"""Streamlit pieces of the needs-analysis page: the questionnaire form, results, the
offline workbook, "add to monitoring", and the admins' network view.

Why the "seen versions" bookkeeping: as in monitoring data entry, a save sends the
versions the person looked at, so two people editing the same analysis never silently
overwrite each other; the second one is told and shown the current answers.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import streamlit as st

from gendermap.monitor import Actor, ConflictError, MonitorError, MonitorStore
from gendermap.monitor import dashboard as dash
from gendermap.monitor.assessment import AssessmentService, load, workbook
from gendermap.monitor.assessment.feed import to_monitoring
from gendermap.monitor.assessment.network import join_network, network_table
from gendermap.monitor.assessment.pdf import report_pdf
from gendermap.monitor.assessment.service import latest_scores, publish
from gendermap.numbers import format_int
from gendermap.ui.monitoring import lang, md, show_error

SEEN = "gm_assessment_seen"
TEXT: dict[str, dict[str, str]] = {
    "tr": {
        "title": "İhtiyaç analizi", "intro": "Belediyenizin toplumsal cinsiyet eşitliği açısından "
        "kendini değerlendirmesi: her temada bir puan, güçlü yönler, gelişmeye açık alanlar ve "
        "önerilen eğitim konuları. Yanıtlar sürüm olarak saklanır; analizi yıllar sonra "
        "yinelediğinizde değişim görünür.", "municipality": "Belediye", "round": "Dönem (yıl)",
        "form": "Sorular", "save": "Yanıtları kaydet", "saved": "{n} yanıt kaydedildi ({u} değişmedi).",
        "unanswered": "— yanıtlanmadı —", "results": "Sonuçlar", "overall": "Genel puan",
        "theme": "Tema", "score": "Puan (100 üzerinden)", "answered": "Yanıtlanan soru",
        "total": "Soru sayısı", "strengths": "Güçlü yönler", "gaps": "Gelişmeye açık alanlar",
        "trainings": "Önerilen eğitim konuları", "none": "Yok.", "over_time": "Dönemlere göre değişim",
        "to_monitoring": "İzlemeye ekle", "target": "Hedef değer (isteğe bağlı)",
        "due": "Hedef dönemi", "added": "'{code}' göstergesi izlemede.", "feed": "Gelişmeye açık "
        "alanları izlemeye ekleyin", "feed_help": "Her alan bir izleme göstergesine bağlıdır; "
        "yeni bir göstergeyi tanımlamak yöneticinin kararıdır.", "downloads": "İndirilenler",
        "pdf": "Rapor (PDF)", "workbook": "Çalışma kitabı (XLSX, yanıtlarla)", "upload": "Doldurulmuş "
        "çalışma kitabını yükleyin", "problems": "Sorunlar", "fix_first": "Hata varken hiçbir yanıt "
        "kaydedilmez; dosyayı düzeltip yeniden yükleyin.", "store_file": "Dosyadaki yanıtları kaydet",
        "conflict": "Siz düzenlerken başka biri bu yanıtları değiştirdi; güncel yanıtlar formda. "
        "Değişikliklerinizi yeniden seçip kaydedin.", "network": "Ağ görünümü",
        "network_intro": "Ağdaki her belediye: son ihtiyaç analizi puanı, izlenen gösterge sayısı, "
        "güncelliği ve hedeflerin durumu.", "signin": "İhtiyaç analizi belediye içi bir çalışmadır: "
        "görmek ve doldurmak için giriş yapın.", "viewer": "Yanıtları yalnızca belediyenin "
        "editörleri ve yöneticiler değiştirebilir.",
        "c.municipality": "Belediye", "c.province": "İl", "c.assessment_round": "Analiz dönemi",
        "c.assessment_score": "Analiz puanı", "c.indicators_monitored": "İzlenen gösterge",
        "c.indicators_fresh": "Güncel gösterge", "c.targets_on_track": "Hedefe doğru",
        "c.targets_off_track": "Hedefin gerisinde", "join": "Ağa belediye ekle",
        "district": "İlçe belediyesi", "copy_units": "Başlangıç setinin birimlerini kopyala "
        "(göstergeler tüm ağda ortaktır; örnek değerler kopyalanmaz)",
        "join_button": "Ağa ekle", "joined": "{name} ağa eklendi (kod: {code}).",
        "incomplete": "Genel puan, her temada soruların en az yarısı yanıtlanınca verilir; "
        "az yanıtlı bir temanın puanı da gösterilmez.",
        "publish": "Puanları yayımla (ilçe özeti ve raporu)", "published": "{n} yanıt sürümü yayımlandı.",
    },
    "en": {
        "title": "Needs analysis", "intro": "Your municipality's self-assessment from a "
        "gender-equality perspective: a score per theme, strengths, areas to improve and "
        "suggested training topics. Answers are kept as versions; repeat the analysis later to "
        "see the change.", "municipality": "Municipality", "round": "Round (year)",
        "form": "Questions", "save": "Save the answers", "saved": "{n} answers saved ({u} unchanged).",
        "unanswered": "— not answered —", "results": "Results", "overall": "Overall score",
        "theme": "Theme", "score": "Score (out of 100)", "answered": "Questions answered",
        "total": "Questions", "strengths": "Strengths", "gaps": "Areas to improve",
        "trainings": "Suggested training topics", "none": "None.", "over_time": "Change over rounds",
        "to_monitoring": "Add to monitoring", "target": "Target value (optional)",
        "due": "Due period", "added": "Indicator '{code}' is monitored.", "feed": "Monitor the "
        "areas to improve", "feed_help": "Each area is tied to a monitoring indicator; defining a "
        "new indicator is an admin's decision.", "downloads": "Downloads", "pdf": "Report (PDF)",
        "workbook": "Workbook (XLSX, with answers)", "upload": "Upload a filled-in workbook",
        "problems": "Problems", "fix_first": "Nothing is saved while there are errors; fix the "
        "file and upload it again.", "store_file": "Save the answers in the file",
        "conflict": "Someone changed these answers while you were editing; the current answers "
        "are in the form. Choose your changes again and save.", "network": "Network view",
        "network_intro": "Every municipality of the network: latest needs-analysis score, "
        "indicators monitored, their freshness and target status.", "signin": "The needs "
        "analysis is internal to a municipality: sign in to see and fill it in.",
        "viewer": "Only the municipality's editors and admins can change the answers.",
        "c.municipality": "Municipality", "c.province": "Province", "c.assessment_round": "Round",
        "c.assessment_score": "Needs-analysis score", "c.indicators_monitored": "Indicators monitored",
        "c.indicators_fresh": "Fresh indicators", "c.targets_on_track": "On track",
        "c.targets_off_track": "Off track", "join": "Add a municipality to the network",
        "district": "District municipality", "copy_units": "Copy the starter set's units "
        "(indicators are shared by the whole network; no demonstration values are copied)",
        "join_button": "Add to the network", "joined": "{name} joined the network (code: {code}).",
        "incomplete": "The overall score is given once at least half of every theme's questions "
        "are answered; a theme with few answers shows no score either.",
        "publish": "Publish the scores (district summary and report)", "published": "{n} answer versions published.",
    },
}


def tx(key: str, **fmt: object) -> str:
    text = TEXT[lang()][key]
    return text.format(**fmt) if fmt else text


def pick(s: MonitorStore, who: Actor) -> tuple[str, str, str]:
    """(municipality code, its name, round): editors get their own municipality."""
    table = s.municipalities()
    names = dict(zip(table["code"], table["name"], strict=True))
    if who.role == "admin" or who.system:
        code = st.selectbox(tx("municipality"), list(names), format_func=lambda c: names[c],
                            key="gm_assessment_municipality")
    else:
        code = who.municipality_code or ""
        st.markdown(f"**{tx('municipality')}:** {md(names.get(code, code))}")
    year = st.number_input(tx("round"), min_value=2000, max_value=date.today().year + 1,
                           value=date.today().year, step=1, key="gm_assessment_round")
    return str(code), str(names.get(code, code)), str(int(year))


def _labeller(shown: list[str]) -> Callable[[int | None], str]:
    """Radio labels: None is "not answered", an index is that option."""

    def label(i: int | None) -> str:
        return shown[0 if i is None else i + 1]

    return label


def form(service: AssessmentService, who: Actor, code: str, round_: str, editable: bool) -> None:
    """The questionnaire, theme by theme, with the current answers selected."""
    q = service.questionnaire
    language = lang()
    current = service.answers(who, code, round_)
    answers = dict(zip(current["question_code"], current["answer"], strict=True))
    versions = dict(zip(current["question_code"], current["version"], strict=True))
    seen_key = (code, round_)
    seen: dict[Any, dict[str, int]] = st.session_state.setdefault(SEEN, {})
    seen.setdefault(seen_key, {c: int(v) for c, v in versions.items()})
    with st.form(f"gm_assessment_form_{code}_{round_}"):
        chosen: dict[str, str | None] = {}
        for theme, tr, en in q.themes:
            st.subheader(en if language == "en" else tr)
            for question in (x for x in q.questions if x.theme == theme):
                label = f"{question.code}. {question.text(language)}"
                if question.scored:
                    options = [None, *range(len(question.options))]
                    stored = answers.get(question.code)
                    index = 0
                    if stored:
                        for i, option in enumerate(question.options):
                            if stored in (option.tr, option.en):
                                index = i + 1
                    shown = [tx("unanswered"), *question.labels(language)]
                    picked = st.radio(
                        label, options, index=index, disabled=not editable, horizontal=False,
                        format_func=_labeller(shown),
                        key=f"gm_a_{code}_{round_}_{question.code}")
                    chosen[question.code] = None if picked is None else question.options[picked].tr
                else:
                    chosen[question.code] = st.text_area(
                        label, value=answers.get(question.code) or "", max_chars=2000,
                        disabled=not editable, key=f"gm_a_{code}_{round_}_{question.code}") or None
        submitted = st.form_submit_button(tx("save"), type="primary", disabled=not editable)
    if submitted:
        expected = {c: seen[seen_key].get(c, 0) for c in chosen}
        try:
            result = service.save(who, code, round_, chosen, expected=expected)
        except ConflictError:
            seen.pop(seen_key, None)
            for c in chosen:
                st.session_state.pop(f"gm_a_{code}_{round_}_{c}", None)
            st.warning(tx("conflict"))
        except MonitorError as error:
            show_error(error)
        else:
            seen.pop(seen_key, None)
            st.success(tx("saved", n=result.saved, u=result.unchanged))


def results(service: AssessmentService, who: Actor, code: str, name: str, round_: str) -> None:
    """Theme scores, strengths, gaps, training topics and change over rounds."""
    language = lang()
    result = service.result(who, code, round_, language)
    st.metric(tx("overall"), format_int(result.overall, language))
    if result.overall is None:
        st.caption(tx("incomplete"))
    table = result.themes.rename(columns={"label": tx("theme"), "score": tx("score"),
                                          "answered": tx("answered"), "total": tx("total")})
    st.dataframe(table.drop(columns=["theme"]), hide_index=True, use_container_width=True,
                 column_config={tx("score"): st.column_config.ProgressColumn(
                     tx("score"), min_value=0, max_value=100, format="%.0f")})
    left, middle, right = st.columns(3)
    for column, title, items in ((left, "strengths", result.strengths), (middle, "gaps", result.gaps),
                                 (right, "trainings", result.trainings)):
        with column:
            st.markdown(f"**{tx(title)}**")
            st.markdown("\n".join(f"- {md(i)}" for i in items) if items else tx("none"))
    over = service.over_time(who, code, language)
    if over["round"].nunique() > 1:
        st.markdown(f"**{tx('over_time')}**")
        wide = over.pivot(index="label", columns="round", values="score")
        st.dataframe(wide, use_container_width=True,
                     column_config={c: st.column_config.NumberColumn(c, format="%.0f") for c in wide.columns})
    rounds = service.rounds(who, code)
    earlier = [r for r in rounds if r < round_]
    previous = service.result(who, code, earlier[-1], language) if earlier else None
    current = service.answers(who, code, round_)
    free = {c: a for c, a in zip(current["question_code"], current["answer"], strict=True)
            if a and c in service.questionnaire.codes and not service.questionnaire.question(c).scored}
    answers = dict(zip(current["question_code"], current["answer"], strict=True))
    st.markdown(f"**{tx('downloads')}**")
    a, b = st.columns(2)
    a.download_button(tx("pdf"), report_pdf(service.questionnaire, result, name, round_, language,
                                            previous=previous, free_text=free),
                      file_name=f"ihtiyac-analizi-{code}-{round_}.pdf", mime="application/pdf",
                      key="gm_assessment_pdf")
    b.download_button(tx("workbook"), workbook.template(service.questionnaire, answers),
                      file_name=f"ihtiyac-analizi-{code}-{round_}.xlsx", key="gm_assessment_xlsx",
                      mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    feed(service, who, code, result.gap_codes)
    if who.role == "admin" and st.button(tx("publish"), key="gm_assessment_publish"):
        try:
            count = publish(service, who, code, round_)
        except MonitorError as error:
            show_error(error)
        else:
            st.success(tx("published", n=count))


def feed(service: AssessmentService, who: Actor, code: str, gap_codes: list[str]) -> None:
    """One button per gap that has a monitoring indicator: monitor it, optionally with a target."""
    gaps = [service.questionnaire.question(c) for c in gap_codes]
    gaps = [g for g in gaps if g.indicator]
    if not gaps or who.role not in ("editor", "admin"):
        return
    language = lang()
    with st.expander(tx("feed")):
        st.caption(tx("feed_help"))
        for question in gaps:
            with st.form(f"gm_assessment_feed_{question.code}"):
                st.markdown(f"**{md(question.short(language))}** → `{md(question.indicator)}`")
                c1, c2 = st.columns(2)
                target = c1.number_input(tx("target"), value=None, key=f"gm_af_t_{question.code}")
                due = c2.text_input(tx("due"), value=str(date.today().year + 2), key=f"gm_af_d_{question.code}")
                if st.form_submit_button(tx("to_monitoring")):
                    try:
                        added = to_monitoring(service.store, who, code, question,
                                              target=target, due_period=due or None)
                    except MonitorError as error:
                        show_error(error)
                    else:
                        st.success(tx("added", code=added))


def upload(service: AssessmentService, who: Actor, code: str, round_: str) -> None:
    """A filled-in workbook: problems with their rows, then save all or nothing."""
    file = st.file_uploader(tx("upload"), type=["xlsx"], key="gm_assessment_upload")
    if file is None:
        return
    read = workbook.read(service.questionnaire, file.getvalue(), file.name)
    if len(read.problems):
        st.markdown(f"**{tx('problems')}**")
        column = "problem_en" if lang() == "en" else "problem"
        st.dataframe(read.problems[["row", "column", column]], hide_index=True)
    if not read.ok:
        st.error(tx("fix_first"))
        return
    if st.button(tx("store_file"), key="gm_assessment_store_file"):
        try:
            result = service.save(who, code, round_, read.answers)
        except MonitorError as error:
            show_error(error)
        else:
            st.success(tx("saved", n=result.saved, u=result.unchanged))


def network(service: AssessmentService, who: Actor) -> None:
    """Admins: one row per municipality (needs analysis, monitoring, targets)."""
    s = service.store
    municipalities = s.municipalities()
    cards = dash.cards(s.observations(who, include_drafts=True), s.indicators(),
                       s.targets(who, include_drafts=True), municipalities, date.today())
    scores = latest_scores(service, who, list(municipalities["code"]))
    table = network_table(municipalities, cards, scores).drop(columns=["municipality_code"])
    table.columns = [tx(f"c.{c}") for c in table.columns]
    st.caption(tx("network_intro"))
    st.dataframe(table, hide_index=True, use_container_width=True, column_config={
        tx("c.assessment_score"): st.column_config.NumberColumn(format="%.0f")})
    join_form(service, who)


def join_form(service: AssessmentService, who: Actor) -> None:
    """Admins add a district municipality of İzmir or Balıkesir to the network."""
    from gendermap.ui import data

    build = data.load()
    if build is None:
        return
    members = set(service.store.municipalities()["district_code"].dropna().astype(int))
    districts = build.district[["district_code", "district", "province"]]
    districts = districts[~districts["district_code"].isin(members)].sort_values(["province", "district"])
    labels = {int(r.district_code): f"{r.district} ({r.province})" for r in districts.itertuples()}
    with st.form("gm_assessment_join"):
        st.markdown(f"**{tx('join')}**")
        chosen = st.selectbox(tx("district"), list(labels), format_func=lambda c: labels[c],
                              key="gm_assessment_join_district")
        copy = st.checkbox(tx("copy_units"), value=True, key="gm_assessment_join_copy")
        if st.form_submit_button(tx("join_button")) and chosen is not None:
            row = districts.set_index("district_code").loc[chosen]
            try:
                code = join_network(service.store, who, str(row["district"]), str(row["province"]),
                                    int(chosen), copy_units=copy)
            except MonitorError as error:
                show_error(error)
            else:
                st.success(tx("joined", name=md(row["district"]), code=code))


def service(s: MonitorStore) -> AssessmentService:
    return AssessmentService(s, load())



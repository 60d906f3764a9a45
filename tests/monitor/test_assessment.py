"""Needs analysis: questionnaire rules, scoring, workbook, versions and roles, monitoring link."""

from __future__ import annotations

import io
import subprocess

import openpyxl
import pandas as pd
import pytest

from gendermap.monitor import ConflictError, InvalidInput, PermissionDenied
from gendermap.monitor.assessment import AssessmentService, load, score, workbook
from gendermap.monitor.assessment.feed import to_monitoring
from gendermap.monitor.assessment.pdf import report_pdf
from gendermap.monitor.assessment.questions import QuestionnaireError, parse
from gendermap.monitor.assessment.scoring import AnswerError, option_index
from tests.monitor.conftest import PASSWORD, SYSTEM

Q = load()


def best() -> dict[str, str | None]:
    return {q.code: (q.options[-1].tr if q.scored else "Bütçeleme") for q in Q.questions}


def worst() -> dict[str, str | None]:
    return {q.code: q.options[0].tr for q in Q.questions if q.scored}


def test_questionnaire_is_big_enough_and_points_to_the_charter():
    scored = [q for q in Q.questions if q.scored]
    assert len(Q.questions) >= 25 and len({q.theme for q in Q.questions}) >= 5
    assert all(q.charter in range(1, 31) for q in scored)
    assert all(" | " not in o.tr for q in scored for o in q.options)


def test_questionnaire_rules_are_enforced():
    raw = {"version": "1", "title": {"tr": "a", "en": "b"}, "scales": {}, "themes": [{"id": "t", "tr": "T", "en": "T"}],
           "trainings": {}, "questions": [
               {"code": "A1", "theme": "x", "tr": "?", "en": "?", "short": {"tr": "a", "en": "a"}, "scale": "nope"},
               {"code": "A1", "theme": "t", "tr": "?", "en": "?", "short": {"tr": "a", "en": "a"},
                "options": [{"tr": "a", "en": "a"}, {"tr": "b", "en": "b"}]}]}
    with pytest.raises(QuestionnaireError) as err:
        parse(raw)
    message = str(err.value)
    assert "unknown theme 'x'" in message and "unknown scale 'nope'" in message and "code used twice" in message


def test_best_answers_score_100_everywhere_and_worst_0():
    top = score(Q, best())
    assert (top.themes["score"] == 100).all() and top.overall == 100 and not top.gaps
    low = score(Q, worst())
    assert (low.themes["score"] == 0).all() and len(low.gaps) == len(worst())
    assert low.trainings and len(set(low.trainings)) == len(low.trainings)


def test_unanswered_neither_helps_nor_hurts():
    answers = best()
    first = Q.questions[0]
    answers[first.code] = None
    result = score(Q, answers)
    theme = result.themes.set_index("theme").loc[first.theme]
    assert theme["score"] == 100 and theme["answered"] == theme["total"] - 1
    assert first.short("tr") in result.unanswered


def test_answers_match_in_either_language_and_turkish_case():
    q = Q.question("K01")
    assert option_index(q, "HAYIR") == 0 and option_index(q, "no") == 0
    with pytest.raises(AnswerError):
        option_index(q, "belki")


def test_workbook_round_trip_and_problems_with_rows():
    data = workbook.template(Q)
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book["sorular"]
    assert [c.value for c in sheet[1]] == ["kod", "tema", "soru", "yanıt", "seçenekler"]
    assert book.sheetnames[1] == "nasıl doldurulur"
    for row in sheet.iter_rows(min_row=2):
        if row[4].value:
            row[3].value = row[4].value.split(" | ")[-1]
    sheet["D2"].value = "belki"
    sheet.append(["ZZ9", "", "", "Evet", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    read = workbook.read(Q, buffer.getvalue(), "yanitlar.xlsx")
    assert not read.ok
    assert set(zip(read.problems["row"], read.problems["code"], strict=True)) == {(2, "bad_answer"), (sheet.max_row, "unknown_question")}


def test_workbook_refuses_a_non_workbook_plainly():
    read = workbook.read(Q, b"kod;yanit\nK01;Evet\n", "yanit.xlsx")
    assert not read.ok and "okunamadı" in read.problems.loc[0, "problem"]


@pytest.mark.monitoring
def test_versions_conflicts_and_history(world):
    service = AssessmentService(world, Q)
    ayse = world.sign_in("ayse", PASSWORD)
    fatma = world.sign_in("fatma", PASSWORD)
    assert service.save(ayse, "seferihisar", "2025", worst()).saved == len(worst())
    service.save(ayse, "seferihisar", "2026", worst())
    result = service.save(fatma, "seferihisar", "2026", {"K01": Q.question("K01").options[-1].tr},
                          expected={"K01": 1})
    assert result.saved == 1
    with pytest.raises(ConflictError):
        service.save(ayse, "seferihisar", "2026", {"K01": "Hayır"}, expected={"K01": 1})
    history = service.history(ayse, "seferihisar")
    k01 = history[(history["question_code"] == "K01") & (history["round"] == "2026")]
    assert k01["version"].tolist() == [1, 2] and k01["created_by"].tolist() == ["ayse", "fatma"]
    over = service.over_time(ayse, "seferihisar")
    assert set(over["round"]) == {"2025", "2026"}
    commitment = over[over["theme"] == "commitment"].set_index("round")["score"]
    assert commitment["2026"] > commitment["2025"]


@pytest.mark.monitoring
def test_roles_are_checked_on_every_call(world):
    from gendermap.monitor import ANONYMOUS

    service = AssessmentService(world, Q)
    kemal = world.sign_in("kemal", PASSWORD)
    with pytest.raises(PermissionDenied):
        service.save(kemal, "seferihisar", "2026", best())
    with pytest.raises(PermissionDenied):
        service.save(ANONYMOUS, "seferihisar", "2026", best())
    with pytest.raises(PermissionDenied):
        service.answers(ANONYMOUS, "seferihisar", "2026")
    with pytest.raises(PermissionDenied):
        service.answers(kemal, "seferihisar", "2026")
    admin = world.sign_in("admin", PASSWORD)
    assert service.save(admin, "seferihisar", "2026", best()).saved == len(Q.questions)
    with pytest.raises(InvalidInput):
        service.save(admin, "seferihisar", "2026", {"K01": "belki"})


@pytest.mark.monitoring
def test_a_gap_becomes_an_indicator_and_a_target(world):
    question = Q.question("V01")  # proposes a new indicator
    ayse = world.sign_in("ayse", PASSWORD)
    with pytest.raises(PermissionDenied):  # defining a new indicator is an admin's decision
        to_monitoring(world, ayse, "seferihisar", question)
    admin = world.sign_in("admin", PASSWORD)
    code = to_monitoring(world, admin, "seferihisar", question)
    assert code in set(world.indicators()["code"])
    to_monitoring(world, ayse, "seferihisar", question, target=75, due_period="2028")
    to_monitoring(world, ayse, "seferihisar", question, target=80, due_period="2028")
    targets = world.targets(SYSTEM, "seferihisar", include_drafts=True)
    mine = targets[targets["indicator_code"] == code]
    assert mine["value"].tolist() == [80] and mine["version"].tolist() == [2]


def test_pdf_names_the_municipality_and_every_theme(tmp_path, executable):
    pdftotext = executable("pdftotext")
    result = score(Q, worst())
    data = report_pdf(Q, result, "Seferihisar <b>Belediyesi</b>", "2026", previous=score(Q, best()),
                      free_text={"E05": "=HYPERLINK(\"x\") & <script>"})
    path = tmp_path / "r.pdf"
    path.write_bytes(data)
    text = subprocess.run([pdftotext, str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Seferihisar <b>Belediyesi</b>" in text and "<script>" in text
    for _, label, _ in Q.themes:
        assert label in text


@pytest.mark.monitoring
def test_cli_template_import_report_on_a_fresh_home(tmp_path, monkeypatch, capsys):
    from gendermap.cli import main

    monkeypatch.setenv("GENDERMAP_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("GENDERMAP_DB_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    assert main(["assessment", "template", "--out", "t.xlsx"]) == 0
    book = openpyxl.load_workbook(tmp_path / "t.xlsx")
    for row in book["sorular"].iter_rows(min_row=2):
        if row[4].value:
            row[3].value = row[4].value.split(" | ")[-1]
    book.save(tmp_path / "best.xlsx")
    capsys.readouterr()
    assert main(["assessment", "import", "best.xlsx", "--municipality", "seferihisar", "--round", "2026"]) == 0
    assert capsys.readouterr().out.count(": 100 (") == len(Q.themes)
    assert main(["assessment", "report", "--municipality", "Seferihisar", "--out", "r.pdf"]) == 0
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
    assert main(["assessment", "import", "best.xlsx", "--municipality", "nowhere"]) == 1
    assert "nowhere" in capsys.readouterr().err


@pytest.mark.monitoring
def test_admin_adds_a_district_municipality_with_the_starter_units(world):
    from gendermap.monitor.assessment.network import join_network
    from gendermap.monitor.starter import UNITS

    ayse = world.sign_in("ayse", PASSWORD)
    with pytest.raises(PermissionDenied):
        join_network(world, ayse, "Karşıyaka", "İzmir", 466)
    admin = world.sign_in("admin", PASSWORD)
    code = join_network(world, admin, "Karşıyaka", "İzmir", 466)
    assert code == "karsiyaka"
    row = world.municipalities().set_index("code").loc["karsiyaka"]
    assert row["name"] == "Karşıyaka Belediyesi" and row["district_code"] == 466
    assert set(world.units("karsiyaka")["code"]) == {u[0] for u in UNITS}
    assert world.observations(SYSTEM, "karsiyaka", include_drafts=True).empty  # no demo values copied


@pytest.mark.monitoring
def test_network_table_counts_per_municipality(world):
    from datetime import date

    from gendermap.monitor import dashboard
    from gendermap.monitor.assessment.network import network_table
    from gendermap.monitor.assessment.service import latest_scores
    from gendermap.monitor.starter import seed_demo

    seed_demo(world)
    service = AssessmentService(world, Q)
    service.save(SYSTEM, "seferihisar", "2026", best())
    municipalities = world.municipalities()
    cards = dashboard.cards(world.observations(SYSTEM, include_drafts=True), world.indicators(),
                            world.targets(SYSTEM, include_drafts=True), municipalities, date(2026, 12, 1))
    table = network_table(municipalities, cards, latest_scores(service, SYSTEM, list(municipalities["code"])))
    row = table.set_index("municipality_code").loc["seferihisar"]
    assert row["assessment_score"] == 100 and row["assessment_round"] == "2026"
    assert row["indicators_monitored"] > 0
    assert pd.isna(table.set_index("municipality_code").loc["kemalpasa", "assessment_round"])


@pytest.mark.monitoring
def test_published_scores_and_district_summary(world):
    from gendermap.monitor.assessment.service import publish, published
    from gendermap.monitor.assessment.summary import district_summary

    world.add_municipality(SYSTEM, "seferihisar", "Seferihisar Belediyesi", "İzmir", 470)
    service = AssessmentService(world, Q)
    service.save(SYSTEM, "seferihisar", "2026", worst())
    assert published(service, "seferihisar") is None  # nothing public before an admin publishes
    ayse = world.sign_in("ayse", PASSWORD)
    with pytest.raises(PermissionDenied):
        publish(service, ayse, "seferihisar", "2026")
    assert publish(service, SYSTEM, "seferihisar", "2026") == len(worst())
    service.save(SYSTEM, "seferihisar", "2026", best())  # changed after publication
    round_, result = published(service, "seferihisar")
    assert round_ == "2026" and result.overall == 0  # still the published answers
    summary = district_summary(service, 470)
    assert summary is not None and summary.code == "seferihisar" and summary.assessment.overall == 0
    assert district_summary(service, 999) is None


@pytest.mark.monitoring
def test_summaries_for_reads_an_existing_database_and_never_creates_one(tmp_path):
    from gendermap.config import Settings
    from gendermap.monitor.assessment.service import publish
    from gendermap.monitor.assessment.summary import summaries_for
    from gendermap.monitor.store import MonitorStore

    settings = Settings(var_dir=tmp_path / "var")
    assert summaries_for(settings) == {} and not (tmp_path / "var").exists()
    store = MonitorStore(f"sqlite:///{tmp_path / 'var' / 'monitoring.sqlite'}")
    store.add_municipality(SYSTEM, "seferihisar", "Seferihisar Belediyesi", "İzmir", 470)
    store.add_municipality(SYSTEM, "kemalpasa", "Kemalpaşa Belediyesi", "İzmir", 465)
    service = AssessmentService(store, Q)
    service.save(SYSTEM, "seferihisar", "2026", best())
    publish(service, SYSTEM, "seferihisar", "2026")
    store.close()
    found = summaries_for(settings)
    assert set(found) == {470} and found[470].assessment.overall == 100  # Kemalpaşa published nothing


def test_a_few_answers_do_not_make_a_headline_score():
    """Two answers out of 33 at the strongest option are not "100 overall"."""
    first_two = [q for q in Q.questions if q.scored][:2]
    answers = {q.code: q.options[-1].tr for q in first_two}
    result = score(Q, answers)
    assert result.overall is None
    commitment = result.themes.set_index("theme").loc["commitment"]
    assert pd.isna(commitment["score"]) and commitment["answered"] == 2
    half = [q for q in Q.questions if q.scored and q.theme == "commitment"][:3]
    scored = score(Q, {q.code: q.options[-1].tr for q in half})
    assert scored.themes.set_index("theme").loc["commitment", "score"] == 100 and scored.overall is None

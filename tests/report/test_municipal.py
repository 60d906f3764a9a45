"""The district report shows the district municipality's published equality work, when any."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pandas as pd

from gendermap import DEMO_LABEL
from gendermap.monitor.assessment import load, score
from gendermap.monitor.assessment.summary import MunicipalitySummary
from gendermap.monitor.dashboard import CARD_COLUMNS
from gendermap.report.content import assemble
from report.fixtures import report_text as _text

DAY = date(2024, 5, 17)


def summary() -> MunicipalitySummary:
    q = load()
    card = dict.fromkeys(CARD_COLUMNS)
    card.update(municipality_code="seferihisar", indicator_code="staff_women", label_tr="Personelde kadınlar",
                label_en="Women among staff", unit="count", latest_period="2025", headline=41.5,
                target_status="on_track", demo=True, n_periods=3)
    answers = {x.code: x.options[0].tr for x in q.questions if x.scored}
    return MunicipalitySummary("seferihisar", "Seferihisar <Belediyesi>", pd.DataFrame([card]), "2026",
                               score(q, answers))


def test_section_with_published_monitoring_and_needs_analysis(report_data):
    code = int(report_data.mahalle.loc[report_data.mahalle["district"] == "Seferihisar", "district_code"].iloc[0])
    data = replace(report_data, extra={"municipalities": {code: summary()}})
    text = _text(assemble(data, "Seferihisar", "tr", DAY))
    assert "Belediyenin eşitlik çalışmaları" in text and "Seferihisar <Belediyesi>" in text
    assert "Personelde kadınlar *" in text and "hedefe doğru" in text and DEMO_LABEL in text
    assert "İhtiyaç analizi (2026)" in text and "Genel puan: 0 / 100." in text
    for _, label, _ in load().themes:
        assert label in text


def test_no_section_without_a_network_municipality(report_data):
    text = _text(assemble(report_data, "Seferihisar", "tr", DAY))
    assert "Belediyenin eşitlik çalışmaları" not in text

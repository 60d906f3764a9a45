"""Starter set, exports and the PDF summary: demo label everywhere, text escaped."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import date

import pandas as pd
import pytest

from gendermap import DEMO_LABEL
from gendermap.monitor import dashboard, export, pdf, starter
from gendermap.monitor.models import Observation
from gendermap.monitor.store import MonitorStore, ObservationEntry

from .conftest import PASSWORD, SYSTEM

pytestmark = pytest.mark.monitoring


@pytest.fixture
def seeded(store: MonitorStore) -> MonitorStore:
    assert starter.ensure_seeded(store)
    return store


def test_seed_creates_published_demo_set_once(seeded: MonitorStore) -> None:
    public = seeded.observations()
    assert set(public["municipality_code"]) == {"seferihisar", "kemalpasa"}
    assert public["demo"].all() and public["published"].all()
    assert {s.code for s, _ in starter.INDICATORS} == set(seeded.indicators()["code"])
    assert len(seeded.units("seferihisar")) == len(starter.UNITS)
    rows = seeded.count_rows(Observation)
    assert not starter.ensure_seeded(seeded)
    assert starter.seed_demo(seeded) == 0 and seeded.count_rows(Observation) == rows
    again = starter.demo_entries("seferihisar", 0, 20231231)
    assert again == starter.demo_entries("seferihisar", 0, 20231231)  # deterministic


def test_real_entry_replaces_demo_value(seeded: MonitorStore) -> None:
    seeded.add_user(SYSTEM, "ayse", PASSWORD, "editor", "seferihisar")
    ayse = seeded.sign_in("ayse", PASSWORD)
    version = seeded.current_version("seferihisar", "staff_women", "2024")
    seeded.save_observation(ayse, ObservationEntry("seferihisar", "staff_women", "2024", 250, 480, 730,
                                                   source="İK"), version)
    current = seeded.observations(ayse, "seferihisar", include_drafts=True)
    row = current[(current.indicator_code == "staff_women") & (current.period == "2024")].iloc[0]
    assert not row["demo"] and row["value_women"] == 250


def _cards(store: MonitorStore) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    observations, indicators = store.observations(), store.indicators()
    cards = dashboard.cards(observations, indicators, store.targets(), store.municipalities(),
                            date(2025, 6, 1))
    return cards, observations, indicators


def test_exports_carry_the_demo_label(seeded: MonitorStore) -> None:
    cards, observations, _ = _cards(seeded)
    csv = export.to_csv(cards).decode("utf-8-sig")
    assert csv.splitlines()[0].startswith(export.LABEL_COLUMN)
    assert all(line.startswith(DEMO_LABEL) for line in csv.splitlines()[1:])
    xlsx = export.to_xlsx({"Göstergeler": cards, "Değerler": observations})
    sheets = pd.read_excel(io.BytesIO(xlsx), sheet_name=None)
    assert set(sheets) == {"Göstergeler", "Değerler", "Not"}
    assert (sheets["Değerler"][export.LABEL_COLUMN] == DEMO_LABEL).all()


def test_export_defuses_formulas() -> None:
    frame = pd.DataFrame({"note": ["=HYPERLINK(\"http://x\")", "normal"], "demo": [False, False]})
    out = export.to_csv(frame).decode("utf-8-sig")
    assert "'=HYPERLINK" in out


def _pdf_text(data: bytes, tmp_path) -> str:
    if shutil.which("pdftotext") is None:
        import os

        if os.environ.get("GENDERMAP_REQUIRE_ALL") == "1":
            pytest.fail("pdftotext (poppler-utils) is missing")
        pytest.skip("pdftotext (poppler-utils) is missing")
    path = tmp_path / "ozet.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                         check=True).stdout
    return " ".join(out.split())  # table cells wrap; compare words, not lines


def test_pdf_summary_has_turkish_text_and_demo_mark(seeded: MonitorStore, tmp_path) -> None:
    cards, observations, indicators = _cards(seeded)
    data = pdf.summary_pdf(cards, observations, indicators, "seferihisar", "Seferihisar Belediyesi",
                           "tr", date(2025, 6, 1))
    assert data.startswith(b"%PDF")
    text = _pdf_text(data, tmp_path)
    assert "Yerel eşitlik izleme özeti" in text and "Belediye personelinde kadınların payı" in text
    assert text.count(DEMO_LABEL) >= 2  # on every page (two pages)
    assert "hedefin gerisinde" in text or "hedefe doğru" in text
    assert "1 Haziran 2025" in text  # dates and numbers written by gendermap.numbers
    assert re.findall(r"%\d+,\d", text) and not re.findall(r"\d,\d+ %(?!\d)", text)  # %12,5, never "12,5 %"


def test_pdf_escapes_hostile_names(store: MonitorStore, tmp_path) -> None:
    store.add_municipality(SYSTEM, "x", "<script>alert(1)</script> & <b>", "İzmir")
    from .conftest import STAFF

    store.define_indicator(SYSTEM, STAFF, 0)
    store.save_observation(SYSTEM, ObservationEntry("x", "staff", "2024", 1, 2, 3, note="1; DROP TABLE"), 0)
    store.publish(SYSTEM)
    cards, observations, indicators = _cards(store)
    data = pdf.summary_pdf(cards, observations, indicators, "x", "<script>alert(1)</script> & <b>", "en")
    text = _pdf_text(data, tmp_path)
    assert "<script>alert(1)</script> & <b>" in text
    assert DEMO_LABEL not in text  # no demo value, no mark

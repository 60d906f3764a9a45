"""``gendermap feedback`` (moderation, minutes as PDF/CSV/XLSX) and workshop adoption for
``gendermap report --shortlist``; each test has its own database."""

from __future__ import annotations

import subprocess
from datetime import date

import openpyxl
import pandas as pd
import pytest

from gendermap.cli import main
from gendermap.participation.rules import CommentInput, MeetingInput
from gendermap.participation.store import ParticipationStore
from gendermap.participation.workshop import workshop_result
from tests.participation.conftest import SYSTEM
from tests.participation.test_workshop import criteria_table

pytestmark = pytest.mark.participation

HOSTILE = "=HYPERLINK(\"http://x\")<script>alert(1)</script> & ğüşıöçİ"


@pytest.fixture
def db(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'm.sqlite'}"
    monkeypatch.setenv("GENDERMAP_DB_URL", url)
    store = ParticipationStore(url)
    yield store
    store.close()


def test_export_minutes_pdf_csv_xlsx(tmp_path, db, executable):
    db.save_meeting(SYSTEM, MeetingInput("Kemalpaşa geri bildirim toplantısı", date(2026, 11, 20),
                                         "Kültür Merkezi", "Kadın Kooperatifi\n" + HOSTILE,
                                         "Kreş verisi eksik.", "Kreş göstergesi eklenecek."))
    cid = db.submit_comment("v", CommentInput(text=HOSTILE, kind="proposal", district_code=470))
    db.moderate(SYSTEM, cid, "publish")
    pdf = tmp_path / "tutanak.pdf"
    assert main(["feedback", "export", "--out", str(pdf)]) == 0
    text = subprocess.run([executable("pdftotext"), str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "Geri bildirim toplantısı tutanağı" in text and "20 Kasım 2026" in text
    assert "<script>alert(1)</script>" in text and "ğüşıöçİ" in text  # shown as text, not markup
    fonts = subprocess.run([executable("pdffonts"), str(pdf)], capture_output=True, text=True,
                           check=True).stdout
    assert "DejaVu" in fonts and "Helvetica" not in fonts
    csv = tmp_path / "t.csv"
    assert main(["feedback", "export", "--out", str(csv)]) == 0
    frame = pd.read_csv(csv, sep=";", encoding="utf-8-sig")
    assert frame.loc[0, "başlık"] == "Kemalpaşa geri bildirim toplantısı"
    xlsx = tmp_path / "t.xlsx"
    assert main(["feedback", "export", "--out", str(xlsx)]) == 0
    book = openpyxl.load_workbook(xlsx)
    assert book.sheetnames == ["toplantilar", "yorumlar"]
    cells = [c.value for row in book["yorumlar"].iter_rows() for c in row]
    assert "'" + HOSTILE in cells  # neutralised, not a live formula
    assert main(["feedback", "export", "--out", str(tmp_path / "t.doc")]) == 1
    assert main(["feedback", "export", "--out", str(pdf), "--meeting", "99"]) == 1


def test_moderate_from_the_command_line(db, capsys):
    cid = db.submit_comment("v", CommentInput(text="Soru?", kind="question"))
    assert main(["feedback", "queue", "--status", "pending"]) == 0
    assert "Soru?" in capsys.readouterr().out
    assert main(["feedback", "moderate", str(cid), "answer", "--answer", "Yanıt."]) == 0
    assert main(["feedback", "moderate", str(cid), "publish"]) == 0
    assert db.published_comments()["answer"].tolist() == ["Yanıt."]
    assert main(["feedback", "moderate", "999", "publish"]) == 1


def test_adopted_workshop_is_the_report_shortlist(db, capsys):
    from gendermap.cli.report import _adopted_shortlist

    assert _adopted_shortlist() is None
    code = db.open_workshop(SYSTEM, "Çalıştay")
    db.submit_allocation(code, "a", "A", {"women": 100})
    crit = criteria_table()
    result = workshop_result(crit, db.allocations(code))
    db.save_result(SYSTEM, code, result, synthetic=True, shortlist_size=4)
    assert main(["workshop", "adopt", code]) == 0
    short = _adopted_shortlist()
    assert short is not None
    expected = crit["women"].sort_values(ascending=False).index[:4].tolist()
    assert short["district_code"].tolist() == expected
    assert main(["workshop", "list"]) == 0
    assert code in capsys.readouterr().out
    assert main(["workshop", "adopt", "YOKYOK"]) == 1

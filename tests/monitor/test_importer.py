"""CSV/XLSX import: problems previewed with file/row/column, all-or-nothing save."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from gendermap.monitor import importer
from gendermap.monitor.errors import ConflictError, InvalidInput
from gendermap.monitor.models import ImportBatch, Observation
from gendermap.monitor.store import MonitorStore, ObservationEntry

from .conftest import PASSWORD

pytestmark = pytest.mark.monitoring

GOOD = (
    "belediye;gösterge;dönem;kadın;erkek;toplam;kaynak;not\n"
    "seferihisar;staff;2022;120;280;400;İK;\n"
    "seferihisar;staff;2023;130,0;290;;İK;toplam boş: kadın + erkek\n"
    "seferihisar;budget;2023;;;12,5;Strateji;\n"
)
WITH_PROBLEMS = (
    "belediye;gösterge;dönem;kadın;erkek;toplam;renk\n"
    "seferihisar;staff;2022;120;280;400;mavi\n"
    "seferihisar;staff;2023;\"1; DROP TABLE observation\";290;;\n"
    "kemalpasa;staff;2023;10;20;30;\n"
    "seferihisar;staff;2022;1;2;3;\n"
    "seferihisar;budget;2023-Q1;;;150;\n"
    "seferihisar;yok;2023;1;2;3;\n"
)


def test_clean_file_previews_then_saves_in_one_batch(world: MonitorStore) -> None:
    ayse = world.sign_in("ayse", PASSWORD)
    preview = importer.preview_import(world, ayse, "veri.csv", GOOD.encode())
    assert preview.ok, preview.problems
    assert preview.rows["action"].tolist() == ["new", "new", "new"]
    assert world.count_rows(Observation) == 0  # preview saves nothing
    result = importer.commit_import(world, ayse, preview)
    assert (result.saved, result.unchanged) == (3, 0)
    current = world.observations(ayse, include_drafts=True)
    assert current["value_total"].tolist() == [12.5, 400.0, 420.0]
    with world.transaction() as session:
        batch = session.get(ImportBatch, result.batch_id)
        assert batch.content == GOOD.encode() and batch.created_by == "ayse"
    # The same file again: nothing changes, nothing is duplicated.
    again = importer.preview_import(world, ayse, "veri.csv", GOOD.encode())
    assert again.rows["action"].tolist() == ["unchanged"] * 3
    assert importer.commit_import(world, ayse, again).saved == 0
    assert world.count_rows(Observation) == 3


def test_every_problem_is_listed_with_row_and_column(world: MonitorStore) -> None:
    ayse = world.sign_in("ayse", PASSWORD)
    preview = importer.preview_import(world, ayse, "sorunlu.csv", WITH_PROBLEMS.encode())
    assert not preview.ok
    problems = preview.problems
    assert set(problems["file"]) == {"sorunlu.csv"}
    found = {(r.row, r.column, r.severity) for r in problems.itertuples()}
    assert (1, "renk", "warning") in found  # unknown column
    assert (3, "value_women", "error") in found  # "1; DROP TABLE observation"
    assert (4, "municipality_code", "error") in found  # not her municipality
    assert (5, "period", "error") in found  # duplicate of row 2
    assert (6, "period", "error") in found and (6, "value_total", "error") in found
    assert (7, "indicator_code", "error") in found
    assert all(isinstance(p, str) and p for p in problems["problem"])
    with pytest.raises(InvalidInput):
        importer.commit_import(world, ayse, preview)
    assert world.count_rows(Observation) == 0 and world.count_rows(ImportBatch) == 0


def test_failure_midway_leaves_the_database_as_it_was(world: MonitorStore, monkeypatch) -> None:
    ayse = world.sign_in("ayse", PASSWORD)
    world.save_observation(ayse, ObservationEntry("seferihisar", "staff", "2021", 1, 2, 3), 0)
    preview = importer.preview_import(world, ayse, "veri.csv", GOOD.encode())
    original = MonitorStore.save_observation
    calls = {"n": 0}

    def failing(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("disk full (simulated)")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(MonitorStore, "save_observation", failing)
    with pytest.raises(RuntimeError):
        importer.commit_import(world, ayse, preview)
    assert calls["n"] == 3
    assert world.count_rows(Observation) == 1 and world.count_rows(ImportBatch) == 0


def test_change_after_preview_is_a_conflict_and_saves_nothing(world: MonitorStore) -> None:
    ayse = world.sign_in("ayse", PASSWORD)
    fatma = world.sign_in("fatma", PASSWORD)
    preview = importer.preview_import(world, ayse, "veri.csv", GOOD.encode())
    world.save_observation(fatma, ObservationEntry("seferihisar", "budget", "2023", value_total=9.0), 0)
    with pytest.raises(ConflictError, match="satır 4"):
        importer.commit_import(world, ayse, preview)
    assert world.count_rows(Observation) == 1


def test_xlsx_and_bad_files(world: MonitorStore) -> None:
    ayse = world.sign_in("ayse", PASSWORD)
    frame = pd.read_csv(io.StringIO(GOOD), sep=";", dtype=str, keep_default_na=False)
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False)
    preview = importer.preview_import(world, ayse, "veri.xlsx", buffer.getvalue())
    assert preview.ok and len(preview.rows) == 3
    broken = importer.preview_import(world, ayse, "veri.xlsx", b"not a zip")
    assert broken.problems["code"].tolist() == ["unreadable"] and broken.problems["row"].tolist() == [0]
    pdf = importer.preview_import(world, ayse, "veri.pdf", b"%PDF")
    assert pdf.problems["code"].tolist() == ["file_type"]
    missing = importer.preview_import(world, ayse, "v.csv", "kadın;erkek\n1;2\n".encode())
    assert "missing_column" in missing.problems["code"].tolist()
    turkish = importer.preview_import(world, ayse, "v.csv", GOOD.encode("cp1254"))
    assert "encoding" in turkish.problems["code"].tolist() and turkish.ok


def test_anonymous_upload_is_refused_row_by_row(world: MonitorStore) -> None:
    from gendermap.monitor.auth import ANONYMOUS

    preview = importer.preview_import(world, ANONYMOUS, "veri.csv", GOOD.encode())
    assert not preview.ok and set(preview.problems["code"]) == {"permission"}


def test_template_is_importable(world: MonitorStore) -> None:
    ayse = world.sign_in("ayse", PASSWORD)
    text = importer.template_csv().decode("utf-8-sig").replace("staff_women", "staff")
    assert importer.preview_import(world, ayse, "şablon.csv", text.encode()).ok


def test_numbers_are_read_the_turkish_way_or_refused(world: MonitorStore) -> None:
    """'1,234.5' in a Turkish file is refused with a suggestion, never stored as 1.2345."""
    ayse = world.sign_in("ayse", PASSWORD)
    text = (
        "belediye;gösterge;dönem;kadın;erkek;toplam\n"
        "seferihisar;staff;2022;1.234;1.300;2.534\n"
        "seferihisar;budget;2023;;;1,234.5\n"
    )
    preview = importer.preview_import(world, ayse, "sayilar.csv", text.encode())
    bad = preview.problems[preview.problems["code"] == "not_a_number"]
    assert bad["row"].tolist() == [3] and bad["column"].tolist() == ["value_total"]
    assert "1,234.5" in bad["problem"].iloc[0] and "1.234,5" in bad["problem"].iloc[0]  # names it, suggests
    assert "could not be read as a number" in bad["problem_en"].iloc[0]
    staff = preview.rows[preview.rows["indicator_code"] == "staff"].iloc[0]
    assert (staff["value_women"], staff["value_total"]) == (1234.0, 2534.0)


def test_a_spreadsheet_number_cell_keeps_its_value(world: MonitorStore) -> None:
    """An XLSX number 12.345 is twelve and a bit, not the Turkish text '12.345' (twelve thousand)."""
    ayse = world.sign_in("ayse", PASSWORD)
    frame = pd.DataFrame({"belediye": ["seferihisar"], "gösterge": ["budget"], "dönem": [2023],
                          "toplam": [12.345]})
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False)
    preview = importer.preview_import(world, ayse, "veri.xlsx", buffer.getvalue())
    assert preview.ok, preview.problems
    assert preview.rows["value_total"].tolist() == [12.345]
    assert preview.rows["period"].tolist() == ["2023"]

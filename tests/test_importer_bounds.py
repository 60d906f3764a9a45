"""Bounded resources for every incoming file (issue 10): hostile files are refused or
reported quickly, with a bounded problems table, and never read past their limits.

The hostile files are made here at run time (nothing hostile is kept in the repository);
their full-size versions are timed by ``benchmarks/bench_upload.py``.
"""

from __future__ import annotations

import io
import os
import struct
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from gendermap.cli import main
from gendermap.config import Settings
from gendermap.io.catalogue_file import load_catalogue
from gendermap.io.importers import validate_bytes, validate_file
from gendermap.io.importers.limits import InputRefused, read_member, true_size
from gendermap.io.importers.result import MAX_PROBLEMS
from gendermap.io.importers.sheets import read_sheets

pytestmark = pytest.mark.security


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(Settings().catalogue_path)


def _zeros_zip(path: Path, size: int, member: str = "veri.csv") -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive, archive.open(member, "w") as handle:
        chunk = b"0" * (1 << 20)
        for _ in range(size // len(chunk)):
            handle.write(chunk)


def _lie_about_size(path: Path, claimed: int) -> None:
    data = bytearray(path.read_bytes())
    struct.pack_into("<I", data, 22, claimed)
    central = data.rfind(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, claimed)
    path.write_bytes(bytes(data))


def test_problems_cap_keeps_the_first_and_counts_the_rest():
    from gendermap.io.importers.result import Report

    report = Report("f.csv", max_problems=3)
    for row in range(1, 11):
        report.error(row, "", f"satır {row} bozuk", f"row {row} broken", "field_count")
    report.warning(11, "", "uyarı", "warning", "markup")
    frame = report.frame()
    assert frame["row"].tolist() == [0, 0, 1, 2, 3]
    assert report.errors == 10  # every error still counts for the row decisions
    counted = frame[frame["row"] == 0].set_index("code")["problem"]
    assert "7 sorun daha" in counted["field_count"] and "1 sorun daha" in counted["markup"]


def test_lying_zip_is_refused_without_decompressing_it(tmp_path, catalogue):
    lying = tmp_path / "yalanci.zip"
    _zeros_zip(lying, 64 * 2**20)
    _lie_about_size(lying, 100)
    with zipfile.ZipFile(lying) as archive:
        assert archive.infolist()[0].file_size == 100  # the headers really lie
    started = time.perf_counter()
    result = validate_file(lying, catalogue, None)
    assert time.perf_counter() - started < 10
    assert result.problems["code"].tolist() == ["zip"]
    assert "bozuk" in result.problems["problem"].iloc[0]
    assert "CRC" not in result.problems["problem"].iloc[0]  # no raw exception text


def test_true_size_stops_at_the_limit_whatever_the_headers_say(tmp_path):
    honest = tmp_path / "buyuk.zip"
    _zeros_zip(honest, 8 * 2**20)
    with zipfile.ZipFile(honest) as archive:
        with pytest.raises(InputRefused) as refused:
            true_size(archive, 2 * 2**20)
        assert refused.value.code == "too_large"
        with pytest.raises(InputRefused):
            read_member(archive, archive.infolist()[0], 2**20)
        assert true_size(archive, 16 * 2**20) == 8 * 2**20


def _bomb_xlsx(size_mb: int) -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["mahalle_code", "indicator"])
    buffer = io.BytesIO()
    book.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out_buffer = io.BytesIO()
    row = b'<row><c t="inlineStr"><is><t>41320</t></is></c></row>'
    with zipfile.ZipFile(out_buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                with out.open(info.filename, "w") as handle:
                    handle.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
                    block = row * ((1 << 20) // len(row))
                    for _ in range(size_mb):
                        handle.write(block)
                    handle.write(b"</sheetData></worksheet>")
            else:
                out.writestr(info, source.read(info))
    return out_buffer.getvalue()


@pytest.mark.slow
def test_xlsx_bomb_is_refused_by_its_true_size(catalogue):
    bomb = _bomb_xlsx(210)  # a few MB that expand past the 200 MB limit
    assert len(bomb) < 5 * 2**20
    started = time.perf_counter()
    result = validate_bytes(bomb, "bomba.xlsx", catalogue, None)
    assert time.perf_counter() - started < 20
    assert result.problems["code"].tolist() == ["too_large"]
    assert "MB" in result.problems["problem"].iloc[0]


def test_spreadsheet_row_and_cell_limits():
    book = openpyxl.Workbook()
    for i in range(50):
        book.active.append([i, "x", "y"])
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(InputRefused) as rows:
        read_sheets(buffer.getvalue(), max_rows=20)
    assert rows.value.code == "too_large" and "satırdan fazla" in rows.value.tr
    with pytest.raises(InputRefused) as cells:
        read_sheets(buffer.getvalue(), max_cells=60)
    assert "hücreden fazla" in cells.value.tr
    assert len(read_sheets(buffer.getvalue())[0].rows) == 50


def test_a_million_bad_lines_give_a_capped_problems_table(tmp_path, catalogue):
    bad = tmp_path / "bozuk.csv"
    bad.write_bytes(b"mahalle_code;indicator;year;sex;numerator;denominator\n" + b"41320,bozuk\n" * 900_000)
    started = time.perf_counter()
    result = validate_file(bad, catalogue, None)
    assert time.perf_counter() - started < 30  # checking stops once the file is hopeless
    problems = result.problems
    assert len(problems) == MAX_PROBLEMS + 2  # the first 1,000, one line counting the rest, and why it stopped
    whole = problems[problems["row"] == 0].set_index("code")["problem"]
    assert "19.000 sorun daha" in whole["field_count"]
    assert "denetim durduruldu" in whole["too_many_problems"]
    assert result.accepted == 0 and result.file_rejected


def test_many_bad_rows_of_every_kind_stop_at_the_limit(catalogue):
    from gendermap.io.importers.result import MAX_TOTAL_PROBLEMS

    lines = ["mahalle_code;indicator;year;sex;numerator;denominator"]
    lines += [f"{41320 + i};illiteracy_15;2023;K;x{i};y{i}" for i in range(MAX_TOTAL_PROBLEMS)]
    result = validate_bytes("\n".join(lines).encode(), "kotu.csv", catalogue, None)
    assert "too_many_problems" in set(result.problems["code"])
    assert len(result.problems) <= MAX_PROBLEMS + 4 and result.accepted == 0


def test_past_the_row_limit_a_text_file_is_refused_before_any_row_is_checked(catalogue):
    from gendermap.io.importers.result import Report
    from gendermap.io.importers.rules import Options
    from gendermap.io.importers.text import read_csv_text

    report = Report("fazla.csv")
    text = "mahalle_code;indicator;year;sex;numerator;denominator\n" + "41320,bozuk\n" * 11
    rows, n = read_csv_text(text, Options(catalogue, None), report, max_rows=10)
    assert rows.empty and n == 0
    assert report.frame()["code"].tolist() == ["too_large"]


def test_symlink_to_dev_zero_is_not_read(tmp_path, catalogue, capsys):
    link = tmp_path / "veri.csv"
    link.symlink_to("/dev/zero")
    started = time.perf_counter()
    result = validate_file(link, catalogue, None)
    assert time.perf_counter() - started < 15  # bounded: it never waits on the file
    assert result.problems["code"].tolist() == ["not_regular"]
    assert main(["validate", str(link)]) == 1
    assert "Traceback" not in capsys.readouterr().err


def test_devices_fifos_and_folders_are_not_read(tmp_path, catalogue):
    assert validate_file(Path("/dev/zero"), catalogue, None).problems["code"].tolist() == ["not_regular"]
    fifo = tmp_path / "kanal.csv"
    os.mkfifo(fifo)
    started = time.perf_counter()
    assert validate_file(fifo, catalogue, None).problems["code"].tolist() == ["not_regular"]
    assert time.perf_counter() - started < 15  # never blocks waiting for a writer
    assert validate_file(tmp_path, catalogue, None).problems["code"].tolist() == ["read"]


def test_zip_member_bombs_inside_a_zip_upload_are_refused(tmp_path, catalogue):
    inner = tmp_path / "ic.zip"
    _zeros_zip(inner, 60 * 2**20, member="veri.csv")  # honest headers, ratio far above the limit
    result = validate_file(inner, catalogue, None)
    assert result.problems["code"].tolist() == ["too_large"]
    assert validate_bytes(inner.read_bytes(), "ic.zip", catalogue, None).problems["code"].tolist() == ["too_large"]


def test_broken_workbooks_are_a_message_not_a_traceback(catalogue):
    for data, name in ((b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "bozuk.xls"),
                       (b"PK\x03\x04" + b"\x00" * 100, "bozuk.xlsx")):
        result = validate_bytes(data, name, catalogue, None)
        assert len(result.problems) == 1 and result.file_rejected
        message = result.problems["problem"].iloc[0]
        assert "Error" not in message and "Traceback" not in message

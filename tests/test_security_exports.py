"""Every CSV/XLSX the project hands out goes through the one neutralising writer
(gendermap.tabular): a mahalle, file or note named like a formula never becomes live."""

from __future__ import annotations

import io
import re
from pathlib import Path

import geopandas as gpd
import openpyxl
import pandas as pd
import pytest
from shapely.geometry import box

from gendermap.cli import main
from gendermap.io.export import export_bytes
from gendermap.monitor import export as monitor_export

pytestmark = pytest.mark.security

HOSTILE = ['=HYPERLINK("http://x","tıkla")', "  =1+1", "+90 532", "-2+3", "@SUM(A1)", "\t=cmd"]
ROOT = Path(__file__).resolve().parents[1]


def _joined() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "mahalle_code": [str(41320 + i) for i in range(len(HOSTILE))],
            "mahalle": HOSTILE,
            "value_F": [-0.3] + [0.5] * (len(HOSTILE) - 1),
        },
        geometry=[box(i, 0, i + 1, 1) for i in range(len(HOSTILE))],
        crs="EPSG:4326",
    )


def _live(cell: object) -> bool:
    """Would a spreadsheet run this text cell as a formula?"""
    return isinstance(cell, str) and bool(re.match(r"^[\s]*[=+\-@]|^[\t\r]", cell))


def test_joined_data_csv_neutralises_formula_like_names() -> None:
    content, name, _ = export_bytes(_joined(), "csv")
    assert content.startswith(b"\xef\xbb\xbf") and name.endswith(".csv")
    frame = pd.read_csv(io.BytesIO(content), dtype={"mahalle": str}, encoding="utf-8-sig")
    assert not any(_live(v) for v in frame["mahalle"])
    assert frame["mahalle"].str.lstrip("'").tolist() == HOSTILE  # nothing lost
    assert frame["value_F"].iloc[0] == -0.3  # numbers stay numbers


def test_joined_data_xlsx_neutralises_formula_like_names() -> None:
    content, _, _ = export_bytes(_joined(), "xlsx")
    book = openpyxl.load_workbook(io.BytesIO(content))
    sheet = book["data"]
    header = [c.value for c in sheet[1]]
    names = [row[header.index("mahalle")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    values = [row[header.index("value_F")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert not any(_live(v) for v in names)
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert values[0] == -0.3


def test_monitoring_export_catches_a_leading_space_formula() -> None:
    frame = pd.DataFrame({"note": [" =HYPERLINK(\"http://x\")", "normal"], "demo": [False, True]})
    text = monitor_export.to_csv(frame).decode("utf-8-sig")
    assert "' =HYPERLINK" in text and "\n =HYPERLINK" not in text
    book = openpyxl.load_workbook(io.BytesIO(monitor_export.to_xlsx({"degerler": frame})))
    cells = [c.value for row in book["degerler"].iter_rows(min_row=2) for c in row]
    assert not any(_live(v) for v in cells)
    assert "Not" in book.sheetnames  # the demo row still brings the label sheet


def test_validate_csv_output_neutralises_a_formula_file_name(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("GENDERMAP_BUILD_DIR", str(tmp_path / "nobuild"))
    hostile = tmp_path / "=HYPERLINK(1).csv"
    hostile.write_text("mahalle_code;indicator;year;sex;numerator;denominator\n=cmd;x;2023;K;1;2\n",
                       encoding="utf-8")
    main(["validate", str(hostile), "--format", "csv"])
    out = capsys.readouterr().out
    rows = pd.read_csv(io.StringIO(out), dtype=str, keep_default_na=False)
    assert len(rows) >= 1
    assert not any(_live(v) for v in rows.to_numpy().ravel())


def test_no_module_writes_csv_or_xlsx_past_the_neutralising_writer() -> None:
    """A new download written with pandas directly would skip the neutralising; the build's
    own match_report.csv is data the app reads back (its download goes through tabular)."""
    allowed = {("gendermap/build_files.py", "match_report.csv")}
    offenders = []
    for path in sorted((ROOT / "gendermap").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel == "gendermap/tabular.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            # pandas' writers; monitor.export.to_csv/to_xlsx are tabular's callers, not them
            if re.search(r"(?<!\bexport)\.to_(csv|excel)\(|ExcelWriter\(", line):
                if not any(rel == f and marker in line for f, marker in allowed):
                    offenders.append(f"{rel}:{number}: {line.strip()}")
    assert not offenders, "write CSV/XLSX with gendermap.tabular:\n" + "\n".join(offenders)

"""Exports: five formats, read back by readers nobody here wrote; flags and demo label in the data."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess

import geopandas as gpd
import pandas as pd
import pytest
from report.fixtures import HOSTILE_NAMES, make_report_data

from gendermap import DEMO_LABEL
from gendermap.io.export import (
    FORMATS,
    BuildTables,
    ExportError,
    export_bytes,
    joined_frame,
    metadata,
    metadata_bytes,
    write_export,
)


@pytest.fixture(scope="module")
def tables() -> BuildTables:
    d = make_report_data(with_empty_district=False, n=3)
    return BuildTables(d.mahalle, None, d.indicators, d.synthesis, d.district_inputs, d.catalogue)


@pytest.fixture(scope="module")
def frame(tables):
    return joined_frame(tables, provinces=["İzmir"])


def test_joined_frame_filters_and_columns(tables, frame):
    assert set(frame["province"]) == {"İzmir"}
    assert len(frame) == 18
    for col in ("literacy_F", "literacy_F_flag", "literacy_M", "index_eige", "rank_p05", "rank_p95",
                "theme_work", "synthetic", "data_label"):
        assert col in frame.columns, col
    assert frame["synthetic"].all()
    assert (frame["data_label"] == DEMO_LABEL).all()
    assert frame.crs.to_epsg() == 4326
    one = joined_frame(tables, districts=["karşıyaka"], indicators=["employment"])
    assert set(one["district"]) == {"Karşıyaka"}
    assert [c for c in one.columns if c.startswith("literacy")] == []
    assert "employment_F" in one.columns


def test_a_partial_newer_vintage_does_not_replace_the_exported_year(tables, frame):
    """2030 values for one mahalle sit beside the reference year; the export keeps that year."""
    from dataclasses import replace

    ind = tables.indicators
    later = ind[ind["mahalle_code"] == ind["mahalle_code"].iloc[0]].assign(year=2030, value=0.999)
    newer = replace(tables, indicators=pd.concat([ind, later], ignore_index=True))
    pd.testing.assert_frame_equal(pd.DataFrame(joined_frame(newer, provinces=["İzmir"])), pd.DataFrame(frame))


def test_unreliable_flag_travels_into_export(tables):
    frame = joined_frame(tables, districts=["Seferihisar"])
    row = frame[frame["mahalle_code"] == "101005"]
    assert len(row) == 1
    assert row["literacy_F_flag"].iloc[0] == "unreliable"
    flags = set(frame["literacy_F_flag"].dropna())
    assert flags <= {"ok", "unreliable", "suppressed", "no_data"}


def test_bad_filters_say_what_to_do(tables):
    with pytest.raises(ExportError, match="Filtreye uyan mahalle yok"):
        joined_frame(tables, districts=["Atlantis"])
    with pytest.raises(ExportError, match="Bilinmeyen gösterge"):
        joined_frame(tables, indicators=["nope"])
    with pytest.raises(ExportError, match="Format must be in the set"):
        export_bytes(joined_frame(tables), "shp")


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_format_reads_back_with_names_and_label(tables, frame, fmt, tmp_path):
    meta = metadata(tables, frame, {"provinces": ["İzmir"]})
    content, filename, mime = export_bytes(frame, fmt, meta)
    assert filename.endswith("." + FORMATS[fmt][0]) and mime
    if fmt == "csv":
        assert content.startswith(b"\xef\xbb\xbf")  # BOM: Excel shows Turkish letters
        back = pd.read_csv(io.BytesIO(content), encoding="utf-8-sig", dtype={"mahalle_code": str})
    elif fmt == "xlsx":
        back = pd.read_excel(io.BytesIO(content), sheet_name="data", dtype={"mahalle_code": str})
        sheets = pd.read_excel(io.BytesIO(content), sheet_name=None)
        assert {"data", "indicators", "sources", "about"} <= set(sheets)
    elif fmt == "parquet":
        back = gpd.read_parquet(io.BytesIO(content))
        assert back.crs.to_epsg() == 4326
    elif fmt == "gpkg":
        path = tmp_path / filename
        path.write_bytes(content)
        back = gpd.read_file(path, layer="mahalle")
    else:
        back = gpd.read_file(io.BytesIO(content))
    assert len(back) == len(frame)
    assert set(HOSTILE_NAMES) <= set(back["mahalle"])
    assert "Mahalle 0 Çğıİöşü" in set(back["mahalle"])
    assert (back["data_label"] == DEMO_LABEL).all()
    assert "literacy_F_flag" in back.columns


def test_write_export_sidecar_and_ogrinfo(tables, frame, tmp_path):
    meta = metadata(tables, frame, {"provinces": ["İzmir"]})
    path, sidecar = write_export(frame, "gpkg", tmp_path / "izmir.gpkg", meta)
    side = json.loads(sidecar.read_text(encoding="utf-8"))
    assert side["synthetic"] is True and side["demo_label"] == DEMO_LABEL
    assert {i["id"] for i in side["indicators"]} == {"literacy", "higher_ed", "employment", "neet"}
    assert all({"source", "licence", "year", "synthetic"} <= set(i) for i in side["indicators"])
    assert any(s["licence"] == "MIT" for s in side["sources"])
    ogrinfo = shutil.which("ogrinfo")
    if not ogrinfo:
        if os.environ.get("GENDERMAP_REQUIRE_ALL") == "1":
            pytest.fail("ogrinfo missing (Debian gdal-bin)")
        pytest.skip("ogrinfo missing (Debian gdal-bin)")
    out = subprocess.run([ogrinfo, "-ro", "-so", "-al", str(path)], check=True, capture_output=True, text=True).stdout
    assert "Layer name: mahalle" in out and "Feature Count: 18" in out
    assert "literacy_F_flag" in out and "data_label" in out
    assert "Layer name: metadata" in out
    # a second write replaces the file rather than stacking layers
    write_export(frame.head(3), "gpkg", path, meta)
    out = subprocess.run([ogrinfo, "-ro", "-so", str(path), "mahalle"], check=True, capture_output=True, text=True).stdout
    assert "Feature Count: 3" in out


def test_metadata_json_is_utf8_not_escaped(tables, frame):
    text = metadata_bytes(metadata(tables, frame)).decode("utf-8")
    assert "ÖRNEK VERİ" in text and "\\u" not in text


def test_cli_export_writes_file_and_sidecar(monkeypatch, tables, tmp_path, capsys):
    from gendermap.cli import main
    from gendermap.io import export as export_mod

    monkeypatch.setattr(export_mod, "read_build_tables", lambda settings: tables)
    out = tmp_path / "x.csv"
    assert main(["export", "--format", "csv", "--out", str(out), "--district", "Ayvalık"]) == 0
    assert out.exists() and (tmp_path / "x.csv.metadata.json").exists()
    assert main(["export", "--format", "csv", "--out", str(out), "--district", "Nowhere"]) == 1
    assert "Filtreye uyan mahalle yok" in capsys.readouterr().err

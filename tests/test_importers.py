"""Importers: every bad input gets its clear message, nothing crashes, good habits pass."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pandas as pd
import pyogrio
import pytest

from gendermap.config import Settings
from gendermap.io.catalogue_file import load_catalogue
from gendermap.io.importers import (
    TIDY_COLUMNS,
    MahalleReference,
    template_frame,
    validate_bytes,
    validate_file,
    write_template_csv,
    write_template_xlsx,
)
from gendermap.problems import PROBLEM_COLUMNS

BAD = Path(__file__).parent / "bad_inputs"


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(Settings().catalogue_path)


@pytest.fixture(scope="module")
def reference() -> MahalleReference:
    """A tiny mahalle layer with the real codes and names used by the bad inputs."""
    return MahalleReference.from_frame(pd.DataFrame([
        {"mahalle_code": "41320", "tuik_codes": "41320", "mahalle": "Atatürk Mah.", "district": "Aliağa", "province": "İzmir"},
        {"mahalle_code": "41328", "tuik_codes": "41328", "mahalle": "B.Hayrettin Paşa Mah.", "district": "Aliağa", "province": "İzmir"},
        {"mahalle_code": "192907", "tuik_codes": "192907;753590", "mahalle": "Yenişakran Mah.", "district": "Aliağa", "province": "İzmir"},
        {"mahalle_code": "30001", "tuik_codes": "30001", "mahalle": "Yalı Mh.", "district": "Karşıyaka", "province": "İzmir"},
        {"mahalle_code": "30002", "tuik_codes": "30002", "mahalle": "Yalı Mahallesi", "district": "Karşıyaka", "province": "İzmir"},
        {"mahalle_code": None, "tuik_codes": None, "mahalle": "Ada", "district": "Urla", "province": "İzmir"},
    ]))


# file -> (error expected?, problem code that must appear, text in the Turkish message, accepted rows)
CASES = {
    "wrong_encoding_double_utf8.csv": (True, "encoding", "iki kez kodlanmış", 0),
    "wrong_encoding_undecodable.csv": (True, "encoding", "bayt 0x81", 0),
    "not_a_text_file.csv": (True, "binary", "metin değil", 0),
    "mixed_separators.csv": (True, "field_count", "ayırıcılar karışık", 1),
    "semicolon_decimal_comma_ok.csv": (False, None, None, 4),
    "decimal_comma_in_count.csv": (True, "not_integer", "Ondalık virgül", 0),
    "duplicate_keys.csv": (True, "duplicate", "yinelenen kayıt", 1),
    "unknown_mahalle.csv": (True, "unknown_mahalle", "Olmayan Mahallesi", 1),
    "unknown_indicator.csv": (True, "unknown_indicator", "Benzer: illiteracy_15", 0),
    "negative_count.csv": (True, "negative", "negatif olamaz", 0),
    "women_gt_total.csv": (True, "part_gt_total", "toplamdan (T) 600 büyük", 1),
    "numerator_gt_denominator.csv": (True, "num_gt_den", "paydadan (3450) büyük", 0),
    "empty.csv": (True, "empty_file", "Dosya boş", 0),
    "header_only.csv": (True, "header_only", "veri satırı yok", 0),
    "script_name.csv": (True, "markup", "asla çalıştırılmaz", 0),
    "medas_by_sex_cp1254_ok.csv": (False, None, None, 6),
    "medas_sum_mismatch.csv": (True, "sum_mismatch", "toplama (T = 1600) eşit değil", 3),
    "invalid_geometry.geojson": (True, "invalid_geometry", "Self-intersection", 1),
    "wrong_crs.geojson": (True, "crs_wrong", "CRS büyük olasılıkla yanlış", 0),
    "projected_crs_ok.geojson": (False, "reprojected", "EPSG:32635", 1),
    "missing_crs_shapefile.zip": (True, "crs_missing", ".prj", 0),
    "zip_slip.zip": (True, "zip_unsafe", "'../../x.csv' arşivin dışını gösteriyor", 0),
    "not_geojson.geojson": (True, "geo_read", "GeoJSON, GeoPackage ya da zip içinde shapefile olmalı", 0),
}


def test_every_file_in_the_folder_is_covered():
    files = {p.name for p in BAD.iterdir() if p.name != "README.md"}
    assert files == set(CASES)
    readme = (BAD / "README.md").read_text(encoding="utf-8")
    for name in CASES:
        assert f"`{name}`" in readme


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input(name, catalogue, reference):
    error, code, text, accepted = CASES[name]
    result = validate_file(BAD / name, catalogue, reference)
    assert list(result.problems.columns) == PROBLEM_COLUMNS
    assert list(result.rows.columns) == TIDY_COLUMNS
    assert result.ok is (not error), result.problems.to_string()
    assert result.accepted == accepted
    if code is not None:
        hits = result.problems[result.problems["code"] == code]
        assert not hits.empty, result.problems.to_string()
        assert hits["problem"].str.contains(text, regex=False).any(), hits["problem"].tolist()
        assert (hits["problem_en"].str.len() > 0).all()
        assert (hits["file"].str.startswith(name)).all()
    # every input row is either accepted or named in the problems table
    if result.rejected:
        assert len(result.problems[result.problems["severity"] == "error"]) > 0


def test_bad_input_files_are_what_the_readme_says():
    raw = (BAD / "wrong_encoding_double_utf8.csv").read_bytes()
    assert "KarÅŸÄ±yaka" in raw.decode("utf-8")
    with pytest.raises(UnicodeDecodeError):
        (BAD / "wrong_encoding_undecodable.csv").read_bytes().decode("cp1254")
    names = zipfile.ZipFile(BAD / "zip_slip.zip").namelist()
    assert "../../x.csv" in names and "/tmp/absolute.csv" in names
    assert not any(n.endswith(".prj") for n in zipfile.ZipFile(BAD / "missing_crs_shapefile.zip").namelist())
    assert (BAD / "empty.csv").stat().st_size == 0
    (BAD / "medas_by_sex_cp1254_ok.csv").read_bytes().decode("cp1254")
    with pytest.raises(UnicodeDecodeError):
        (BAD / "medas_by_sex_cp1254_ok.csv").read_bytes().decode("utf-8")


def test_zip_slip_extracts_nothing(tmp_path, catalogue, reference, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a" / "b").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "a" / "b")
    validate_file(BAD / "zip_slip.zip", catalogue, reference)
    assert list(tmp_path.rglob("*.csv")) == []


def test_very_large_file_is_refused_unread(tmp_path, catalogue, reference):
    big = tmp_path / "huge.csv"
    with big.open("wb") as handle:  # sparse: 1 byte over the limit without writing megabytes
        handle.truncate(50 * 1024 * 1024 + 1)
    result = validate_file(big, catalogue, reference)
    assert not result.ok and result.problems["code"].tolist() == ["too_large"]
    assert "sınır 50 MB" in result.problems["problem"].iloc[0]
    small_limit = validate_file(BAD / "semicolon_decimal_comma_ok.csv", catalogue, reference, max_bytes=100)
    assert small_limit.problems["code"].tolist() == ["too_large"]


def test_zip_bomb_is_refused(tmp_path, catalogue, reference):
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("veri.csv", "a" * 5_000_000)
    result = validate_file(bomb, catalogue, reference)
    assert result.problems["code"].tolist() == ["too_large"]


def test_good_zip_of_csv_and_geojson(tmp_path, catalogue, reference):
    archive = tmp_path / "iki.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(BAD / "semicolon_decimal_comma_ok.csv", "klasor/veri.csv")
        z.write(BAD / "projected_crs_ok.geojson", "harita.geojson")
    result = validate_file(archive, catalogue, reference)
    assert result.accepted == 3 and not result.ok  # the GeoJSON repeats a key of the CSV: both go
    assert "duplicate" in result.problems["code"].tolist()


def test_cp1254_semicolon_csv_with_names_and_thousands(catalogue, reference):
    text = ("İl;İlçe;Mahalle;Gösterge;Yıl;Cinsiyet;Pay;Payda\n"
            "İZMİR;ALİAĞA;ATATÜRK MAHALLESİ;illiteracy_15;2023;Kadın;1.020;3.450\n"
            "izmir;aliaga;b hayrettin pasa;Okuryazar olmayanlar (15+);2023;erkek;25;3380\n")
    result = validate_bytes(text.encode("cp1254"), "veri.csv", catalogue, reference)
    assert result.ok, result.problems.to_string()
    assert result.rows["mahalle_code"].tolist() == ["41320", "41328"]
    assert result.rows["numerator"].tolist() == [1020, 25]
    assert result.rows["sex"].tolist() == ["F", "M"]
    assert result.encoding == "cp1254"


def test_ambiguous_name_merged_code_and_value_checks(catalogue, reference):
    text = ("province,district,mahalle,mahalle_code,indicator,year,sex,numerator,denominator,value\n"
            "İzmir,Karşıyaka,Yalı,,illiteracy_15,2023,F,1,10,\n"
            ",,,753590,illiteracy_15,2023,F,1,10,\n"
            ",,,41320,illiteracy_15,2023,F,1,10,50\n"
            ",,,41328,higher_education_25,2023,F,,,124\n"
            ",,,41328,population,2023,F,,,1500\n"
            ",,,41328,district_population,2021,F,1500,,\n"
            ",,,41328,illiteracy_15,23,X,1,,\n")
    result = validate_bytes(text.encode(), "v.csv", catalogue, reference)
    codes = result.problems.set_index("row")["code"]
    assert codes[2] == "ambiguous_mahalle"
    row3 = set(result.problems.loc[result.problems["row"] == 3, "code"])
    assert row3 == {"merged_code", "merged_partial"}  # warnings: accepted as the map's code, said to be partial
    assert codes[4] == "value_mismatch"
    assert codes[5] == "range"
    assert codes[7] == "level"
    assert {"year", "sex"} <= set(result.problems.loc[result.problems["row"] == 8, "code"])
    accepted = result.rows.set_index("indicator")
    assert accepted.loc["illiteracy_15", "mahalle_code"] == "192907"
    assert accepted.loc["population", "numerator"] == 1500


def test_missing_columns_and_cli_defaults(catalogue, reference):
    result = validate_bytes(b"kod,deger\n41320,5\n", "v.csv", catalogue, reference)
    assert result.problems["code"].tolist() == ["missing_columns"]
    assert "gosterge" in result.problems["problem"].iloc[0] and "indicator" in result.problems["problem_en"].iloc[0]
    filled = validate_bytes(b"mahalle_code,sex,numerator,denominator\n41320,K,1,10\n", "v.csv", catalogue, reference,
                            indicator="illiteracy_15", year=2023)
    assert filled.ok and filled.rows["year"].tolist() == [2023]


def test_medas_options(catalogue, reference):
    medas = (BAD / "medas_by_sex_cp1254_ok.csv").read_bytes()
    rate = validate_bytes(medas, "m.csv", catalogue, reference, indicator="illiteracy_15")
    assert rate.problems["code"].tolist() == ["medas_rate"]
    no_year = validate_bytes("İzmir(Aliağa/Aliağa Bel./Atatürk Mah.)-41320|8758.0|\n".encode(), "m.csv", catalogue, reference)
    assert no_year.problems["code"].tolist() == ["year"]
    given = validate_bytes("\ufeffİzmir(Aliağa/Aliağa Bel./Atatürk Mah.)-41320|8758.0|\n".encode(), "m.csv", catalogue,
                           reference, year=2023)
    assert given.ok and given.rows.iloc[0][["sex", "numerator"]].tolist() == ["T", 8758]


def test_no_reference_warns_but_checks_the_rest(catalogue):
    result = validate_file(Settings().data_dir / "indicators" / "template.csv", catalogue, None)
    assert result.accepted == 3  # codes are taken as given; the name-only row needs the build
    assert result.problems["code"].tolist() == ["no_reference"]


def test_templates_round_trip(tmp_path, catalogue, reference):
    csv_path = write_template_csv(tmp_path / "t.csv", catalogue)
    assert csv_path.read_bytes().startswith(b"\xef\xbb\xbf")
    xlsx_path = write_template_xlsx(tmp_path / "t.xlsx", catalogue)
    for path in (csv_path, xlsx_path):
        result = validate_file(path, catalogue, reference)
        assert result.ok, result.problems.to_string()
        assert result.accepted == len(template_frame(catalogue))
    sheets = pd.read_excel(xlsx_path, sheet_name=None)
    assert {"veri", "gostergeler", "aciklama"} <= set(sheets)
    assert set(sheets["gostergeler"]["indicator"]) == {e.id for e in catalogue.at_level("mahalle")}
    shipped = Settings().data_dir / "indicators" / "template.csv"
    assert shipped.read_bytes() == csv_path.read_bytes()


def test_broken_xlsx_and_gpkg_inside_zip(tmp_path, catalogue, reference):
    bad_xlsx = validate_bytes(b"PK\x03\x04 not really", "x.xlsx", catalogue, reference)
    assert bad_xlsx.problems["code"].tolist() == ["xlsx"]
    import geopandas as gpd

    gdf = gpd.read_file(BAD / "projected_crs_ok.geojson")
    gpkg = tmp_path / "veri.gpkg"
    gdf.to_file(gpkg, layer="veri", engine="pyogrio")
    archive = tmp_path / "gpkg.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(gpkg, "veri.gpkg")
    result = validate_file(archive, catalogue, reference)
    assert result.ok and result.accepted == 1
    assert pyogrio.read_info(gpkg)["crs"] == "EPSG:32635"


def test_markup_is_kept_as_text_not_run(catalogue, reference):
    text = "mahalle_code,indicator,year,sex,numerator,denominator,note\n41320,illiteracy_15,2023,F,1,10,<img src=x onerror=alert(1)>\n"
    result = validate_bytes(text.encode(), "n.csv", catalogue, reference)
    assert result.ok and result.accepted == 1
    assert "markup" in result.problems["code"].tolist()
    assert "<img src=x onerror=alert(1)>" in result.problems["problem"].iloc[-1] or "<img" in "".join(result.problems["problem"])


def test_utf16_excel_unicode_text(catalogue, reference):
    text = "mahalle_code\tindicator\tyear\tsex\tnumerator\tdenominator\n41320\tillıteracy_15\t2023\tK\t1\t10\n"
    result = validate_bytes(text.replace("ı", "i").encode("utf-16"), "u.txt", catalogue, reference)
    assert result.ok and result.accepted == 1
    assert io  # keep the import used for readers of this module


@pytest.mark.data
@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input_against_the_real_build(name, catalogue):
    """The same messages with the real mahalle layer (codes and names in the files are real)."""
    from gendermap.io.importers import load_reference
    from tests.conftest import need

    gpkg = Settings().gpkg_path
    need(gpkg.exists(), f"no build at {gpkg} (run `gendermap build`)")
    error, code, _, accepted = CASES[name]
    result = validate_file(BAD / name, catalogue, load_reference(gpkg))
    assert result.ok is (not error) and result.accepted == accepted
    assert code is None or code in result.problems["code"].tolist()


def test_counts_against_denominators_and_years_out_of_range(catalogue, reference):
    text = ("mahalle_code,indicator,year,sex,numerator,denominator\n"
            "41320,population,2023,F,620,600\n"      # women more than the denominator: refused
            "41328,population,2023,F,500,1000\n"     # a count's denominator is checked, then said to be dropped
            "41320,illiteracy_15,2031,F,1,10\n"      # a year that has not come
            "41328,illiteracy_15,2005,F,1,10\n")     # before the population register: warned
    result = validate_bytes(text.encode(), "c.csv", catalogue, reference)
    by_row = result.problems.groupby("row")["code"].apply(set)
    assert by_row[2] == {"num_gt_den"}
    assert by_row[3] == {"count_denominator"}
    assert by_row[4] == {"year_future"}
    assert by_row[5] == {"year_range"}
    kept = result.rows.set_index(["mahalle_code", "indicator"])
    assert kept.loc[("41328", "population"), "numerator"] == 500
    assert pd.isna(kept.loc[("41328", "population"), "denominator"])
    assert len(result.rows) == 2


def test_xlsx_data_on_the_second_sheet_is_read(tmp_path, catalogue, reference):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "Kapak"
    book.active.append(["Belediye veri teslimi"])
    book.active.append(["Hazırlayan", "Ayşe"])
    data = book.create_sheet("Sayfa2")
    data.append(["mahalle_kodu", "gosterge", "yil", "cinsiyet", "pay", "payda"])
    data.append(["41320", "illiteracy_15", 2023, "K", 120, 3450])
    data.append([41328, "illiteracy_15", 2023, "E", 25, 3380])
    path = tmp_path / "iki_sayfa.xlsx"
    book.save(path)
    result = validate_file(path, catalogue, reference)
    assert result.ok and result.accepted == 2, result.problems.to_string()
    assert result.rows["mahalle_code"].tolist() == ["41320", "41328"]
    assert result.problems["code"].tolist() == ["sheet_skipped"]  # the cover is named, not counted as rejected rows
    assert result.rejected == 0


def test_binary_xls_template_is_read(tmp_path, catalogue, reference):
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("veri")
    for c, name in enumerate(["mahalle_kodu", "gosterge", "yil", "cinsiyet", "pay", "payda"]):
        sheet.write(0, c, name)
    for r, row in enumerate([(41320.0, "illiteracy_15", 2023.0, "Kadın", 120.0, 3450.0),
                             (41328.0, "illiteracy_15", 2023.0, "Erkek", 25.0, 3380.0)], start=1):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    path = tmp_path / "sablon.xls"
    book.save(str(path))
    result = validate_file(path, catalogue, reference)
    assert result.kind == "tidy-xls" and result.ok, result.problems.to_string()
    assert result.rows[["mahalle_code", "sex", "numerator", "denominator"]].values.tolist() == [
        ["41320", "F", 120, 3450], ["41328", "M", 25, 3380]]


def test_fast_and_line_by_line_readers_agree(catalogue, reference, monkeypatch):
    """Well-formed text goes through pandas' C reader and bulk checks; the same file read
    line by line, row by row, must give the same rows and the same problems."""
    from gendermap.io.importers import text as text_reader

    lines = ["mahalle_code;indicator;year;sex;numerator;denominator"]
    for year in (2021, 2022, 2023):
        lines += [f"41320;illiteracy_15;{year};K;120;3450", f"41320;illiteracy_15;{year};E;25;3380",
                  f"41320;illiteracy_15;{year};T;145;6830", f"41328;illiteracy_15;{year};K;4000;3450",
                  f"753590;illiteracy_15;{year};K;10;100", f"192907;illiteracy_15;{year};K;5;50",
                  f"99999;illiteracy_15;{year};K;1;10", f"41328;population;{year};K;700;",
                  f"41328;illiteracy_15;{year};X;1;10", "41320;illiteracy_15;2031;K;1;10"]
    data = ("\n".join(lines) + "\n").encode()
    fast = validate_bytes(data, "v.csv", catalogue, reference)
    monkeypatch.setattr(text_reader, "_read_well_formed", lambda *args: None)
    slow = validate_bytes(data, "v.csv", catalogue, reference)
    pd.testing.assert_frame_equal(fast.rows, slow.rows)
    pd.testing.assert_frame_equal(fast.problems, slow.problems)
    assert fast.accepted > 0 and not fast.problems.empty

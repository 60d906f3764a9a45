"""MEDAS label exports: encodings, headers, several value columns, bad rows reported."""

from __future__ import annotations

from pathlib import Path

from gendermap.io.medas import parse_medas, read_medas

TWO_ROWS = (
    "İzmir(Aliağa/Aliağa Bel./Atatürk Mah.)-41320|8758.0|\n"
    "İzmir(Aliağa/Aliağa Bel./B.Hayrettin Paşa Mah.)-41328|1516.0|\n"
)


def test_plain_export_one_total_column() -> None:
    table = parse_medas(TWO_ROWS, file="m.csv")
    assert table.ok
    assert table.value_columns == ("total",)
    row = table.data.iloc[0]
    assert (row["province"], row["district"], row["municipality"], row["mahalle"]) == (
        "İzmir", "Aliağa", "Aliağa Bel.", "Atatürk Mah.")
    assert row["mahalle_code"] == "41320"
    assert table.data["total"].tolist() == [8758, 1516]
    assert str(table.data["total"].dtype) == "Int64"
    assert table.data["row"].tolist() == [1, 2]


def test_parentheses_inside_the_mahalle_name() -> None:
    table = parse_medas("İzmir(Bergama/Bergama Bel./Hacılar (Dereköy Bucağı) Mah.)-193691|163.0|\n")
    assert table.ok
    assert table.data.loc[0, "mahalle"] == "Hacılar (Dereköy Bucağı) Mah."
    assert table.data.loc[0, "mahalle_code"] == "193691"


def test_header_lines_name_three_value_columns() -> None:
    text = (
        "Belediye, köy ve mahalle nüfusları\n"
        "Yıl|2023|2023|2023|\n"
        "İl(İlçe/Belediye/Mahalle)|Erkek|Kadın|Toplam|\n"
        "İzmir(Aliağa/Aliağa Bel./Atatürk Mah.)-41320|4400|4358|8758|\n"
        "İzmir(Aliağa/Aliağa Bel./Bahçedere Mah.)-193001|5100.0|5085.0|10185.0|\n"
    )
    table = parse_medas(text)
    assert table.ok, table.problems
    assert table.value_columns == ("male", "female", "total")
    assert table.data[["male", "female", "total"]].values.tolist() == [[4400, 4358, 8758], [5100, 5085, 10185]]
    assert table.data["row"].tolist() == [4, 5]


def test_utf8_bom_and_cp1254_are_detected(tmp_path: Path) -> None:
    bom = tmp_path / "bom.csv"
    bom.write_bytes(b"\xef\xbb\xbf" + TWO_ROWS.encode("utf-8"))
    win = tmp_path / "win.csv"
    win.write_bytes(TWO_ROWS.encode("cp1254"))
    plain = tmp_path / "plain.csv"
    plain.write_bytes(TWO_ROWS.encode("utf-8"))
    for path, encoding in ((bom, "utf-8-sig"), (win, "cp1254"), (plain, "utf-8")):
        table = read_medas(path)
        assert table.encoding == encoding
        assert table.ok
        assert table.data.loc[1, "mahalle"] == "B.Hayrettin Paşa Mah."
        assert table.data.loc[0, "province"] == "İzmir"


def test_binary_bytes_are_a_problem_not_a_crash(tmp_path: Path) -> None:
    binary = tmp_path / "resim.csv"
    binary.write_bytes(bytes(range(256)))
    table = read_medas(binary)
    assert not table.ok and table.data.empty
    assert "metin değil" in table.problems["problem"].iloc[0]


def test_bad_rows_are_reported_with_row_and_column_never_dropped_silently() -> None:
    text = (
        "İzmir(Aliağa/Aliağa Bel./Atatürk Mah.)-41320|8758.0|\n"
        "İzmir(Aliağa Aliağa Bel. Bozköy Mah.)-193003|549.0|\n"   # label without "/"
        "İzmir(Aliağa/Aliağa Bel./Çaltılıdere Mah.)-193005|abc|\n"  # not a number
        "İzmir(Aliağa/Aliağa Bel./Çoraklar Mah.)-193007|-5|\n"      # negative
        "İzmir(Aliağa/Aliağa Bel./Atatürk Mah.)-41320|1.0|\n"       # duplicate code
        "İzmir(Aliağa/Aliağa Bel./Kalabak Mah.)-193009|12.5|\n"     # not an integer
        "bozuk satır\n"                                              # garbage after data
        "İzmir(Aliağa/Aliağa Bel./Samurlu Mah.)-193011||\n"          # empty value
    )
    table = parse_medas(text, file="bad.csv")
    problems = table.problems
    assert set(problems["file"]) == {"bad.csv"}
    by_row = {int(r.row): (r.column, r.problem) for r in problems.itertuples()}
    assert by_row[2][0] == "label"
    assert by_row[3] == ("total", "sayı değil: 'abc'")
    assert "negatif" in by_row[4][1]
    assert by_row[5][0] == "mahalle_code" and "satır 1" in by_row[5][1]
    assert "tam sayı değil" in by_row[6][1]
    assert by_row[7][0] == "label"
    assert 8 not in by_row  # an empty cell is a blank MEDAS left (zero or hidden), not a bad value
    assert table.blanks.values.tolist() == [[8, "total", False]]
    # Rows whose label parsed stay in the data (value missing), so nothing vanishes.
    assert table.data["mahalle_code"].tolist() == ["41320", "193005", "193007", "193009", "193011"]
    assert table.data["total"].isna().tolist() == [False, True, True, True, True]


def test_wrong_number_of_values_is_reported() -> None:
    text = (
        "|Erkek|Kadın|Toplam|\n"
        "İzmir(Aliağa/Aliağa Bel./Atatürk Mah.)-41320|4400|4358|8758|\n"
        "İzmir(Aliağa/Aliağa Bel./Yalı Mah.)-41330|4400|\n"
    )
    table = parse_medas(text)
    assert table.problems.iloc[0]["row"] == 3
    assert "3 değer bekleniyordu, 1 bulundu" in table.problems.iloc[0]["problem"]


def test_empty_header_only_and_missing_files_are_problems_not_crashes(tmp_path: Path) -> None:
    for text in ("", "İl(İlçe/Belediye/Mahalle)|Toplam|\n"):
        table = parse_medas(text, file="x.csv")
        assert table.data.empty
        assert table.problems.iloc[0]["problem"] == "dosyada hiç mahalle satırı yok"
    missing = read_medas(tmp_path / "nope.csv")
    assert not missing.ok
    assert "dosya okunamadı" in missing.problems.iloc[0]["problem"]


def test_browser_export_with_year_column_filled_only_when_it_changes() -> None:
    text = (
        "Belediye, köy ve mahalle nüfusları|||\n"
        "Yıl|İl(İlçe/Belediye/Mahalle)|Erkek|Kadın|\n"
        "2022|İzmir(Aliağa/Aliağa Bel./Atatürk Mah.)-41320|4300|4200|\n"
        "    |İzmir(Aliağa/Aliağa Bel./Bahçedere Mah.)-193001|5000.0|5000.0|\n"
        "2023|İzmir(Aliağa/Aliağa Bel./Atatürk Mah.)-41320|4400|4358|\n"
        "    |İzmir(Aliağa/Aliağa Bel./Bahçedere Mah.)-193001|5100|-|\n"
    )
    table = parse_medas(text, file="web.csv")
    assert table.value_columns == ("male", "female")
    assert table.data["year"].tolist() == [2022, 2022, 2023, 2023]
    assert table.data["mahalle_code"].tolist() == ["41320", "193001", "41320", "193001"]
    assert table.data["male"].tolist() == [4300, 5000, 4400, 5100]
    # the same code in two years is not a duplicate; the suppressed cell is kept apart as a blank
    assert table.ok
    assert table.blanks.values.tolist() == [[6, "female", False]]


def test_plain_export_has_no_year() -> None:
    assert parse_medas(TWO_ROWS).data["year"].isna().all()


def test_scaffolding_measure_line_first_row_year_and_footer() -> None:
    text = (
        "||Sütunlar|\n"
        "Satırlar||Belediye, köy ve mahalle nüfusları|\n"
        "||Ölçüm bazında|\n"
        "|||\n"
        "2023|İzmir(Aliağa/Aliağa Bel./Atatürk Mah.)-41320|8758.0|\n"
        "|İzmir(Aliağa/Aliağa Bel./B.Hayrettin Paşa Mah.)-41328|1516.0|\n"
        "|||\n"
    )
    table = parse_medas(text, file="t.csv")
    assert table.ok, table.problems
    assert table.value_columns == ("total",)
    assert [(c.sex, c.age_group) for c in table.columns] == [("T", "all")]
    assert table.data["year"].tolist() == [2023, 2023]
    assert table.measure == "Belediye, köy ve mahalle nüfusları"


def test_withheld_marker_is_a_blank_not_a_billion_people() -> None:
    text = "||Erkek|Kadın|\n2023|İzmir(Aliağa/Aliağa Bel./Atatürk Mah.)-41320|4380|-9.98E8|\n"
    table = parse_medas(text)
    assert table.ok
    assert table.data["female"].isna().all()
    assert table.blanks.values.tolist() == [[2, "female", True]]


def test_age_blocks_one_cell_or_stacked_give_the_same_columns() -> None:
    one = parse_medas("||Erkek ve 0-64|Erkek ve 65 ve üzeri|Kadın ve 0-64|Kadın ve 65+|\n"
                      "2023|İzmir(Aliağa/Aliağa Bel./Atatürk Mah.)-41320|1|2|3|4|\n")
    stacked = parse_medas("||0-64||65+||\n||Erkek|Kadın|Erkek|Kadın|\n"
                          "2023|İzmir(Aliağa/Aliağa Bel./Atatürk Mah.)-41320|1|3|2|4|\n")
    assert one.understood and stacked.understood
    key = {(c.sex, c.age_group): c.name for c in one.columns}
    assert set(key) == {(c.sex, c.age_group) for c in stacked.columns} == {("M", "0-64"), ("M", "65+"), ("F", "0-64"), ("F", "65+")}
    for (sex, age), name in key.items():
        other = next(c.name for c in stacked.columns if (c.sex, c.age_group) == (sex, age))
        assert one.data[name].tolist() == stacked.data[other].tolist()


def test_village_rows_are_counted_not_reported_one_by_one() -> None:
    text = "||Ölçüm bazında|\n2023|Manisa(Akhisar/Ahmetli Köyü)-170001|412|\n|Manisa(Akhisar/Beyoba Köyü)-170002|980|\n"
    table = parse_medas(text)
    assert table.problems.empty and table.data.empty
    assert table.other_levels == {"village": 2}


def test_spreadsheet_rows_padded_with_blank_cells() -> None:
    from gendermap.io.medas import parse_grid

    rows = [[None, None, "Sütunlar"], ["Satırlar", None, "Nüfus"], [None, None, "Erkek", "Kadın", None, None],
            [2023.0, "İzmir(Aliağa/Aliağa Bel./Atatürk Mah.)-41320", 4380.0, 4378.0, None, None]]
    table = parse_grid(rows, padded=True)
    assert table.ok and table.value_columns == ("male", "female")
    assert table.data[["year", "male", "female"]].values.tolist() == [[2023, 4380, 4378]]


def test_too_many_lines_refused_whole() -> None:
    from gendermap.io.medas import parse_grid

    rows = [["2023", f"İzmir(Aliağa/Aliağa Bel./M{i} Mah.)-{50000 + i}", "5"] for i in range(30)]
    table = parse_grid(rows, max_lines=20)
    assert table.data.empty
    assert table.problems["row"].tolist() == [0] and "satırdan fazla" in table.problems["problem"].iloc[0]

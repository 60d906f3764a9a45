"""Every MEDAS layout reads as delivered, with no options; useless files say so once."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from gendermap.cli import main
from gendermap.config import Settings
from gendermap.io.catalogue_file import load_catalogue
from gendermap.io.importers import MahalleReference, validate_bytes, validate_file

FORMATS = Path(__file__).parent / "medas_formats"


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(Settings().catalogue_path)


@pytest.fixture(scope="module")
def reference() -> MahalleReference:
    """The fixtures' mahalle as a build would know them (aliases, an unjoined code)."""
    layer = pd.DataFrame([
        {"mahalle_code": "41320", "tuik_codes": "41320", "mahalle": "Atatürk Mah.", "district": "Aliağa", "province": "İzmir"},
        {"mahalle_code": "41328", "tuik_codes": "41328", "mahalle": "B.Hayrettin Paşa Mah.", "district": "Aliağa", "province": "İzmir"},
        {"mahalle_code": "192907", "tuik_codes": "192907;753590", "mahalle": "Yenişakran Mah.", "district": "Aliağa", "province": "İzmir"},
        {"mahalle_code": "147073", "tuik_codes": "147073", "mahalle": "Köylü Mh.", "district": "Altıeylül", "province": "Balıkesir"},
    ])
    unjoined = pd.DataFrame([
        {"mahalle_code": "317842", "province": "İzmir", "district": "Aliağa", "name": "Örnekkent Mah.", "status": "unmatched"},
        {"mahalle_code": "753590", "province": "İzmir", "district": "Aliağa", "name": "Şakran Sayfiye Mah.", "status": "matched_alias"},
    ])
    return MahalleReference.from_frame(layer, unjoined)


def _counts(result, indicator="population"):
    rows = result.rows[result.rows["indicator"] == indicator]
    return {(r.mahalle_code, r.sex): int(r.numerator) for r in rows.itertuples()}


GOOD = {
    # file -> {(code, sex): population}
    "by_sex_scaffold_utf8bom.txt": {("41320", "M"): 4380, ("41320", "F"): 4378, ("41328", "M"): 760,
                                    ("192907", "M"): 1480 + 1700, ("192907", "F"): 1442 + 1606,
                                    ("147073", "M"): 450, ("147073", "F"): 440},
    "total_olcum_bazinda_cp1254.csv": {("41320", "T"): 8758, ("41328", "T"): 1516, ("192907", "T"): 2922 + 3306,
                                       ("147073", "T"): 890},
    "by_sex_total_utf16.txt": {("41320", "M"): 4380, ("41320", "F"): 4378, ("41320", "T"): 8758},
    "age_by_sex_blocks_utf8.txt": {("41320", "M"): 4380, ("41320", "F"): 4378, ("147073", "F"): 440},
    "age_stacked_header.xlsx": {("41320", "M"): 4380, ("41320", "F"): 4378, ("147073", "F"): 440},
    "by_sex_medas.xls": {("41320", "M"): 4380, ("41320", "F"): 4378, ("147073", "M"): 450},
}


@pytest.mark.parametrize("name", sorted(GOOD))
def test_every_layout_reads_without_options(name, catalogue, reference):
    result = validate_file(FORMATS / name, catalogue, reference)
    assert result.ok, result.problems.to_string()
    assert result.kind == "medas"
    assert set(result.rows["year"]) == {2023}
    counts = _counts(result)
    for key, value in GOOD[name].items():
        assert counts[key] == value, (key, counts)
    assert result.rejected == 0
    assert "merged_sum" in set(result.problems["code"]) or "192907" not in {c for c, _ in GOOD[name]}


def test_blank_cells_are_named_not_guessed(catalogue, reference):
    for name, missing in (("by_sex_scaffold_utf8bom.txt", ("41328", "F")), ("by_sex_medas.xls", ("147073", "F"))):
        result = validate_file(FORMATS / name, catalogue, reference)
        assert missing not in _counts(result)
        note = result.problems[result.problems["code"] == "blank_cells"]
        assert len(note) == 1 and "tahmin edilmedi" in note["problem"].iloc[0]


def test_age_groups_give_population_and_the_65_plus_share(catalogue, reference):
    result = validate_file(FORMATS / "age_by_sex_blocks_utf8.txt", catalogue, reference)
    old = result.rows[(result.rows["indicator"] == "aged_65_plus") & (result.rows["mahalle_code"] == "41320")]
    women = old[old["sex"] == "F"].iloc[0]
    assert (int(women["numerator"]), int(women["denominator"])) == (262 + 351, 4378)
    stacked = validate_file(FORMATS / "age_stacked_header.xlsx", catalogue, reference)
    assert stacked.rows.sort_values(["mahalle_code", "indicator", "sex"]).reset_index(drop=True).equals(
        result.rows.sort_values(["mahalle_code", "indicator", "sex"]).reset_index(drop=True))
    assert "sheet_skipped" in set(stacked.problems["code"])  # the cover sheet is named, not read


def test_age_groups_that_miss_ages_are_refused_in_one_sentence(catalogue, reference):
    text = ("||Erkek ve 0-14|Erkek ve 65+|\n"
            "2023|İzmir(Aliağa/Aliağa Bel./Atatürk Mah.)-41320|788|614|\n")
    result = validate_bytes(text.encode(), "yas.txt", catalogue, reference)
    assert result.problems["code"].tolist() == ["medas_ages"]


@pytest.mark.parametrize(("name", "code"), [("village_file.txt", "village_file"), ("other_province.txt", "province_not_covered")])
def test_valid_but_useless_files_say_so_once(name, code, catalogue, reference):
    result = validate_file(FORMATS / name, catalogue, reference)
    assert result.problems["code"].tolist() == [code]
    assert result.problems["row"].tolist() == [0]
    message = result.problems["problem"].iloc[0]
    assert message.count(".") <= 3 and "--" not in message and "/" not in message.split(":")[0]


def test_codes_judged_against_what_the_project_knows(catalogue, reference):
    result = validate_file(FORMATS / "codes_new_unjoined_mismatch.txt", catalogue, reference)
    codes = result.problems.set_index("row")["code"]
    assert codes[5] == "not_joined" and codes[6] == "new_mahalle" and codes[7] == "code_place"
    assert "Manisa / Akhisar" in result.problems.loc[result.problems["code"] == "code_place", "problem"].iloc[0]
    assert set(result.rows["mahalle_code"]) == {"317842", "999001", "41328"}  # 41320 under Manisa is not stored
    assert result.new_mahalle.to_dict("records") == [
        {"mahalle_code": "999001", "province": "İzmir", "district": "Aliağa", "mahalle": "Yeni Umut Mah."}]
    assert set(result.rows["year"]) == {2024}


def test_a_merged_code_alone_is_taken_with_a_warning(catalogue, reference):
    text = "2023|İzmir(Aliağa/Aliağa Bel./Şakran Sayfiye Mah.)-753590|3306|\n"
    result = validate_bytes(text.encode(), "m.txt", catalogue, reference)
    assert result.ok and result.rows["mahalle_code"].tolist() == ["192907"]
    assert {"merged_code", "merged_partial"} <= set(result.problems["code"])


@pytest.mark.parametrize("name", sorted(GOOD))
def test_cli_validate_exits_zero(name, capsys):
    assert main(["validate", str(FORMATS / name)]) == 0
    out = capsys.readouterr().out
    assert "kabul" in out


def test_fixtures_are_what_the_readme_says():
    readme = (FORMATS / "README.md").read_text(encoding="utf-8")
    files = {p.name for p in FORMATS.iterdir() if p.suffix not in (".md", ".py")}
    assert files == {n for n in files if f"`{n}`" in readme}
    assert (FORMATS / "by_sex_medas.xls").read_bytes()[:4] == b"\xd0\xcf\x11\xe0"  # BIFF/OLE2, not text
    assert (FORMATS / "by_sex_scaffold_utf8bom.txt").read_bytes()[:3] == b"\xef\xbb\xbf"
    assert (FORMATS / "by_sex_total_utf16.txt").read_bytes()[:2] in (b"\xff\xfe", b"\xfe\xff")
    (FORMATS / "total_olcum_bazinda_cp1254.csv").read_bytes().decode("cp1254")


def _real_mahalle_rows(settings: Settings) -> list[tuple[str, str, str, str, str, int]]:
    """İzmir and Balıkesir rows of the real TÜİK 2023 export (from the mirror or cache)."""
    from gendermap.io import fetch
    from gendermap.io.medas import read_medas

    entries = [e for e in fetch.load_registry(fetch.registry_path(settings)) if e.kind == "tuik_mahalle"]
    table = read_medas(fetch.fetch_entry(entries[0], settings))
    data = table.data[table.data["province"].isin(["İzmir", "Balıkesir"])]
    return [(r.mahalle_code, r.province, r.district, r.municipality, r.mahalle, int(r.total)) for r in data.itertuples()]


def _by_sex_lines(rows, new: list[tuple[str, str, str, str, str, int]]) -> list[list[object]]:
    grid: list[list[object]] = [["", "", "Sütunlar"], ["Satırlar", "", "Belediye, köy ve mahalle nüfusları"],
                                ["", "", "Erkek", "Kadın"], ["", "", "", ""]]
    for i, (code, p, d, m, name, total) in enumerate(rows + new):
        men = total // 2 + (int(code) % 7)
        men = min(men, total)
        grid.append([2024 if i == 0 else "", f"{p}({d}/{m}/{name})-{code}", men, total - men])
    return grid


@pytest.mark.data
@pytest.mark.slow
def test_faithful_real_exports_validate_and_keep_99_percent(tmp_path, catalogue, mirror):
    """By sex as pipe text and as .xls, totals as 'Ölçüm bazında', both provinces, with
    new mahalle: validate exits 0 and ≥ 99 % of the mahalle keep their exact counts."""
    from dataclasses import replace

    import xlwt

    from gendermap.config import get_settings
    from gendermap.io.importers import load_reference
    from tests.conftest import need

    settings = replace(get_settings(), mirror=mirror)
    need(settings.gpkg_path.exists(), f"no build at {settings.gpkg_path} (run `gendermap build`)")
    reference = load_reference(settings.gpkg_path)
    rows = _real_mahalle_rows(settings)
    new = [("990001", "İzmir", "Seferihisar", "Seferihisar Bel.", "Deneme Yeni Mah.", 812),
           ("990002", "Balıkesir", "Karesi", "Karesi Bel.", "Deneme Sahil Mah.", 455)]
    grid = _by_sex_lines(rows, new)
    text = tmp_path / "cinsiyet.txt"
    text.write_text("\n".join("|".join(str(c) for c in row) + "|" for row in grid) + "\n|||\n", encoding="utf-8-sig")
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Sonuç")
    for r, row in enumerate(grid):
        for c, cell in enumerate(row):
            if cell != "":
                sheet.write(r, c, float(cell) if isinstance(cell, int) else cell)
    xls = tmp_path / "cinsiyet.xls"
    book.save(str(xls))
    totals = tmp_path / "toplam.csv"
    lines = ["||Sütunlar|", "Satırlar||Belediye, köy ve mahalle nüfusları|", "||Ölçüm bazında|", "|||"]
    lines += [f"{'2024' if i == 0 else ''}|{p}({d}/{m}/{name})-{code}|{total}.0|" for i, (code, p, d, m, name, total) in enumerate(rows)]
    totals.write_bytes(("\r\n".join(lines) + "\r\n|||\r\n").encode("cp1254"))

    expected = {code for code, *_ in rows}
    for path, sexes in ((text, {"F", "M"}), (xls, {"F", "M"}), (totals, {"T"})):
        assert main(["validate", str(path)]) == 0, path.name
        result = validate_file(path, catalogue, reference)
        assert result.ok
        stored = result.rows[result.rows["indicator"] == "population"]
        assert set(stored["sex"]) == sexes
        kept = set(stored["mahalle_code"]) | {c for c in expected if reference.codes.get(c) in set(stored["mahalle_code"])}
        assert len(kept & expected) >= 0.99 * len(expected), (path.name, len(kept & expected), len(expected))
        if sexes == {"F", "M"}:
            assert set(result.new_mahalle["mahalle_code"]) == {"990001", "990002"}
        by_code = {(r.mahalle_code, r.sex): int(r.numerator) for r in stored.itertuples()}
        code, _, _, _, _, total = rows[0]
        assert sum(by_code[(code, s)] for s in sexes) == total


_NOT_USER_WORDS = ("--", "data/", "gendermap ", "Traceback", "Error", "Exception", "male", "female", "numerator",
                   "denominator", "mahalle_code", "/vsimem", "None", "nan")


def test_turkish_messages_speak_the_users_words(catalogue, reference):
    """No CLI flags, project paths, raw exception text or English column ids in the
    Turkish messages of any fixture or bad input."""
    bad = Path(__file__).parent / "bad_inputs"
    files = [p for folder in (FORMATS, bad) for p in folder.iterdir() if p.suffix not in (".md", ".py")]
    seen = 0
    for path in files:
        result = validate_file(path, catalogue, reference)
        for message in result.problems["problem"]:
            seen += 1
            text = message.replace(path.name, "")
            for word in _NOT_USER_WORDS:
                assert not re.search(rf"(?<![\w-]){re.escape(word)}(?!\w)", text), (path.name, word, message)
    assert seen > 30


def test_cli_names_the_new_mahalle(capsys):
    assert main(["validate", str(FORMATS / "codes_new_unjoined_mismatch.txt")]) == 1  # the Manisa label is an error
    out = capsys.readouterr().out
    assert "yeni mahalle" in out and "Yeni Umut Mah. (999001)" in out

"""Writes the MEDAS format fixtures in this folder (run from the project root:
``.venv/bin/python tests/medas_formats/make_fixtures.py``).

Hand-made in the layouts MEDAS delivers (never copies of TÜİK files): the mahalle codes
and names are real İzmir and Balıkesir ones so the files also check against a real
build; the counts are invented. README.md in this folder says what each file is.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import xlwt

HERE = Path(__file__).parent

# code, province, district, municipality, mahalle, men, women
MAHALLE = [
    ("41320", "İzmir", "Aliağa", "Aliağa Bel.", "Atatürk Mah.", 4380, 4378),
    ("41328", "İzmir", "Aliağa", "Aliağa Bel.", "B.Hayrettin Paşa Mah.", 760, 756),
    ("192907", "İzmir", "Aliağa", "Aliağa Bel.", "Şakran Hasbi Efendi Mah.", 1480, 1442),
    ("753590", "İzmir", "Aliağa", "Aliağa Bel.", "Şakran Sayfiye Mah.", 1700, 1606),
    ("147073", "Balıkesir", "Altıeylül", "Altıeylül Bel.", "Köylü Köyü Mah.", 450, 440),
]


def label(code: str, province: str, district: str, municipality: str, mahalle: str) -> str:
    return f"{province}({district}/{municipality}/{mahalle})-{code}"


def scaffold(measure: str, columns: list[str], lead: int = 2) -> list[str]:
    pad = "|" * lead
    return [
        f"{pad}Sütunlar{'|' * len(columns)}",
        f"Satırlar{'|' * (lead - 1)}|{measure}{'|' * len(columns)}",
        f"{pad}{'|'.join(columns)}|",
        "|" * (lead + len(columns)),
    ]


def write(name: str, lines: list[str], encoding: str) -> None:
    (HERE / name).write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))


def sex_pipe() -> None:
    """Erkek|Kadın, no Toplam; year only on the first row; a blank cell; the footer; BOM."""
    lines = scaffold("Belediye, köy ve mahalle nüfusları", ["Erkek", "Kadın"])
    for i, (code, p, d, m, name, men, women) in enumerate(MAHALLE):
        year = "2023" if i == 0 else ""
        women_cell = "" if code == "41328" else str(women)
        lines.append(f"{year}|{label(code, p, d, m, name)}|{men}.0|{women_cell}|")
    lines.append("|||")
    write("by_sex_scaffold_utf8bom.txt", lines, "utf-8-sig")


def total_pipe() -> None:
    """'Ölçüm bazında' (the total only), Windows-1254, year on the first row only."""
    lines = scaffold("Belediye, köy ve mahalle nüfusları", ["Ölçüm bazında"])
    for i, (code, p, d, m, name, men, women) in enumerate(MAHALLE):
        lines.append(f"{'2023' if i == 0 else ''}|{label(code, p, d, m, name)}|{men + women}.0|")
    lines.append("||")
    write("total_olcum_bazinda_cp1254.csv", lines, "cp1254")


def sex_total_utf16() -> None:
    """Erkek|Kadın|Toplam, the year as a header line, UTF-16 (Excel's 'Unicode text')."""
    lines = ["Belediye, köy ve mahalle nüfusları", "Yıl|2023|2023|2023|", "İl(İlçe/Belediye/Mahalle)-kod|Erkek|Kadın|Toplam|"]
    for code, p, d, m, name, men, women in MAHALLE:
        lines.append(f"{label(code, p, d, m, name)}|{men}|{women}|{men + women}|")
    write("by_sex_total_utf16.txt", lines, "utf-16")


AGES = ["0-14", "15-64", "65-69", "70+"]


def _age_counts(men: int, women: int) -> dict[tuple[str, str], int]:
    shares = [0.18, 0.68, 0.06, 0.08]
    out = {}
    for sex, total in (("Erkek", men), ("Kadın", women)):
        parts = [int(total * s) for s in shares[:-1]]
        parts.append(total - sum(parts))
        out.update({(sex, age): n for age, n in zip(AGES, parts, strict=True)})
    return out


def age_blocks_pipe() -> None:
    """Age-group blocks by sex in one header cell ('Erkek ve 65-69'), UTF-8 without BOM."""
    columns = [f"{sex} ve {age}" for sex in ("Erkek", "Kadın") for age in AGES]
    lines = scaffold("Cinsiyet ve yaş grubuna göre mahalle nüfusu", columns)
    for i, (code, p, d, m, name, men, women) in enumerate(MAHALLE):
        counts = _age_counts(men, women)
        values = "|".join(str(counts[(sex, age)]) for sex in ("Erkek", "Kadın") for age in AGES)
        lines.append(f"{'2023' if i == 0 else ''}|{label(code, p, d, m, name)}|{values}|")
    lines.append("|" * (len(columns) + 2))
    write("age_by_sex_blocks_utf8.txt", lines, "utf-8")


def age_stacked_xlsx() -> None:
    """Age groups on one header row spanning Erkek|Kadın below; a cover sheet first."""
    book = openpyxl.Workbook()
    cover = book.active
    cover.title = "Kapak"
    cover.append(["TÜİK MEDAS sorgusu"])
    sheet = book.create_sheet("Sonuç")
    sheet.append([None, None, "Sütunlar"])
    sheet.append(["Satırlar", None, "Cinsiyet ve yaş grubuna göre mahalle nüfusu"])
    top: list[object] = [None, None]
    for age in AGES:
        top += [age, None]
    sheet.append(top)
    sheet.append([None, None] + ["Erkek", "Kadın"] * len(AGES))
    for i, (code, p, d, m, name, men, women) in enumerate(MAHALLE):
        counts = _age_counts(men, women)
        row: list[object] = [2023 if i == 0 else None, label(code, p, d, m, name)]
        for age in AGES:
            row += [counts[("Erkek", age)], counts[("Kadın", age)]]
        sheet.append(row)
    book.save(HERE / "age_stacked_header.xlsx")


def sex_xls() -> None:
    """MEDAS's default download: a binary .xls with the scaffolding, Erkek|Kadın, the year
    on the first data row only, and blank cells where a value is zero or hidden."""
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Sayfa1")
    sheet.write(0, 2, "Sütunlar")
    sheet.write(1, 0, "Satırlar")
    sheet.write(1, 2, "Belediye, köy ve mahalle nüfusları")
    sheet.write(2, 2, "Erkek")
    sheet.write(2, 3, "Kadın")
    for i, (code, p, d, m, name, men, women) in enumerate(MAHALLE):
        r = 4 + i
        if i == 0:
            sheet.write(r, 0, 2023)
        sheet.write(r, 1, label(code, p, d, m, name))
        sheet.write(r, 2, float(men))
        if code != "147073":
            sheet.write(r, 3, float(women))
    book.save(str(HERE / "by_sex_medas.xls"))


def village_pipe() -> None:
    """A village (köy) file: Manisa villages, province(district/village)-code."""
    lines = scaffold("Köy nüfusları", ["Ölçüm bazında"])
    villages = [("Manisa", "Akhisar", "Ahmetli Köyü", "170001", 412), ("Manisa", "Akhisar", "Beyoba Köyü", "170002", 980)]
    for i, (p, d, v, code, n) in enumerate(villages):
        lines.append(f"{'2023' if i == 0 else ''}|{p}({d}/{v})-{code}|{n}.0|")
    lines.append("|||")
    write("village_file.txt", lines, "utf-8-sig")


def other_province_pipe() -> None:
    """Mahalle of a province the project does not cover (Manisa)."""
    lines = scaffold("Belediye, köy ve mahalle nüfusları", ["Erkek", "Kadın"])
    lines.append("2023|Manisa(Akhisar/Akhisar Bel./Atatürk Mah.)-41621|5100|5230|")
    lines.append("|Manisa(Akhisar/Akhisar Bel./Hürriyet Mah.)-41622|3200|3301|")
    write("other_province.txt", lines, "utf-8-sig")


def codes_pipe() -> None:
    """Known-unmatched code (Örnekkent), a new mahalle since 2023, and a label whose
    province does not match its code (Manisa(...)-41320)."""
    lines = scaffold("Belediye, köy ve mahalle nüfusları", ["Erkek", "Kadın"])
    lines.append("2024|İzmir(Aliağa/Aliağa Bel./Örnekkent Mah.)-317842|3400|3359|")
    lines.append("|İzmir(Aliağa/Aliağa Bel./Yeni Umut Mah.)-999001|210|205|")
    lines.append("|Manisa(Akhisar/Akhisar Bel./Atatürk Mah.)-41320|4380|4378|")
    lines.append("|İzmir(Aliağa/Aliağa Bel./B.Hayrettin Paşa Mah.)-41328|760|756|")
    lines.append("|||")
    write("codes_new_unjoined_mismatch.txt", lines, "utf-8-sig")


if __name__ == "__main__":
    sex_pipe()
    total_pipe()
    sex_total_utf16()
    age_blocks_pipe()
    age_stacked_xlsx()
    sex_xls()
    village_pipe()
    other_province_pipe()
    codes_pipe()

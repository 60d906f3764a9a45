"""A row's mahalle judged against what the project knows.

The 2023 TÜİK list (the build's mahalle layer and its match report), the codes the
project knows but has no polygon for (``known_unmatched.csv``), the alias merges (two
codes in one polygon: summed, see :mod:`.crosscheck`), and codes newer than the list
("yeni mahalle": kept, named, not joined). A label whose province or district is not
the code's is an error: ``Manisa(...)-41621`` is not stored for İzmir.
"""

from __future__ import annotations

from collections.abc import Sequence

from gendermap.io.importers.reference import MahalleReference, Place
from gendermap.io.importers.result import Report, show
from gendermap.names import ascii_fold, name_key

__all__ = ["judge_code", "resolve_name", "same_place"]


def same_place(a: str, b: str) -> bool:
    """Two spellings of one province or district name (case, Turkish letters, suffixes)."""
    return name_key(a) == name_key(b) or ascii_fold(name_key(a)) == ascii_fold(name_key(b))


def _blank(value: object) -> bool:
    return value is None or str(value).strip() == "" or str(value) == "nan"


def _place_mismatch(row: int, code: str, place: tuple[str, str, str], known: Place, report: Report) -> bool:
    province, district, _ = place
    wrong_province = bool(province) and not same_place(province, known.province)
    wrong_district = bool(district) and not same_place(district, known.district)
    if not (wrong_province or wrong_district):
        return False
    given = " / ".join(p for p in (province, district) if p)
    report.error(
        row, "mahalle_code",
        f"{code} kodu {known.province} / {known.district} ilçesindeki {known.mahalle} mahallesinin kodu, ama satır "
        f"{show(given, 80)} diyor: kod ya da yer adı yanlış, satır alınmadı",
        f"code {code} belongs to {known.mahalle} in {known.province} / {known.district}, but the row says "
        f"{show(given, 80)}: the code or the place name is wrong; row not taken",
        "code_place",
    )
    return True


def judge_code(
    row: int, code: str, place: tuple[str, str, str], reference: MahalleReference | None, report: Report,
) -> tuple[str, str] | None:
    """(map code, code as given) for a row that gives a TÜİK code, or None (reported)."""
    if reference is None:
        return code, code
    province, district, mahalle = place
    known = reference.places.get(code)
    if known is not None and _place_mismatch(row, code, place, known, report):
        return None
    target = reference.codes.get(code)
    if target is not None:
        if target != code:
            name = known.mahalle if known else code
            report.warning(row, "mahalle_code",
                           f"{code} kodu ({name}) haritada {target} ile tek mahalle; sayıları {target} mahallesine eklenir",
                           f"code {code} ({name}) shares one polygon with {target} on the map; its counts are added to {target}",
                           "merged_code")
        return target, code
    if code in reference.unjoined:
        name = known.mahalle if known else code
        report.warning(row, "mahalle_code",
                       f"{name} ({code}) TÜİK 2023 listesinde var ama haritada sınırı yok: değer saklanır, haritada gösterilmez",
                       f"{name} ({code}) is in TÜİK's 2023 list but has no boundary on the map: the value is kept, not shown on the map",
                       "not_joined")
        return code, code
    if province and not reference.covers(province):
        covered = ", ".join(sorted(reference.provinces.values()))
        report.error(row, "mahalle_code", f"{show(province)} ili bu projenin kapsamında değil (kapsanan iller: {covered})",
                     f"province {show(province)} is not covered by this project (covered: {covered})", "province_not_covered")
        return None
    if province and district and reference.covers(province, district):
        label = mahalle or code
        report.warning(row, "mahalle_code",
                       f"yeni mahalle: {show(label)} ({province} / {district}, kod {code}) TÜİK 2023 listesinde yok; "
                       "saklanır, sınırları bilinene kadar haritaya bağlanmaz",
                       f"new mahalle: {show(label)} ({province} / {district}, code {code}) is not in TÜİK's 2023 list; "
                       "kept, not joined to the map until its boundary is known",
                       "new_mahalle")
        report.new_mahalle[code] = (province, district, mahalle)
        return code, code
    if province and district:
        report.error(row, "mahalle_code", f"{show(district)} ilçesi {province} ilinde bilinmiyor (kod {code})",
                     f"district {show(district)} is not known in {province} (code {code})", "unknown_mahalle")
        return None
    report.error(row, "mahalle_code", f"bilinmeyen mahalle kodu {show(code)} (İzmir ve Balıkesir TÜİK kodlarında yok)",
                 f"unknown mahalle code {show(code)} (not a TÜİK code of İzmir or Balıkesir)", "unknown_mahalle")
    return None


def resolve_name(row: int, names: Sequence[object], reference: MahalleReference | None, report: Report) -> tuple[str, str] | None:
    """(map code, code) for a row that names its mahalle instead of giving a code."""
    if any(_blank(n) for n in names):
        report.error(row, "mahalle_code", "mahalle kodu veya il + ilçe + mahalle adı gerekli",
                     "mahalle code or province + district + mahalle name needed", "empty")
        return None
    if reference is None:
        report.error(row, "mahalle", "mahalle adları ancak harita verisi hazırlandıktan sonra eşleştirilebilir: mahalle kodunu verin",
                     "mahalle names can only be matched once the map data is built: give the mahalle code", "no_reference")
        return None
    found, close = reference.resolve(*(str(n) for n in names))
    label = " / ".join(str(n) for n in names)
    if not found:
        hint = f" Benzer adlar: {close}." if close else ""
        hint_en = f" Close names: {close}." if close else ""
        report.error(row, "mahalle", f"bilinmeyen mahalle: {show(label, 100)}.{hint}",
                     f"unknown mahalle: {show(label, 100)}.{hint_en}", "unknown_mahalle")
        return None
    if len(found) > 1:
        report.error(row, "mahalle", f"ad birden çok mahalleye uyuyor ({', '.join(sorted(found))}): mahalle kodunu verin",
                     f"name matches several mahalle ({', '.join(sorted(found))}): give the mahalle code", "ambiguous_mahalle")
        return None
    code = next(iter(found))
    return code, code

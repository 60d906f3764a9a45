"""The data-collection kit of one indicator for one area: a workbook to fill in and upload.

A municipality unit or an association fills in counts per mahalle without knowing codes:
the sheet ``veri`` lists every populated mahalle of the area with its TÜİK code, the
indicator, the year and the sex (K/E, or T for indicators not split by sex), with empty
``pay`` / ``payda`` (numerator / denominator) cells; its Turkish headers are ones the
importer reads. The sheet ``tanım`` says what to count, the source and how to fill it in.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyogrio

from gendermap.catalogue import Catalogue
from gendermap.config import Settings
from gendermap.names import fold
from gendermap.tabular import write_xlsx

KIT_COLUMNS = ["mahalle_kodu", "il", "ilçe", "mahalle", "gösterge", "yıl", "cinsiyet", "pay", "payda"]


class AreaError(ValueError):
    """An area name that is not a district or province of the build."""


def area_mahalle(settings: Settings, district: str | None = None, province: str | None = None) -> pd.DataFrame:
    """mahalle_code, province, district, mahalle of the populated, coded mahalle of an area."""
    frame = pyogrio.read_dataframe(
        settings.gpkg_path, layer="mahalle", read_geometry=False,
        columns=["mahalle_code", "mahalle", "district", "province", "populated"],
    )
    frame = frame[frame["populated"].astype(bool) & frame["mahalle_code"].notna()]
    if district:
        chosen = frame[frame["district"].map(fold) == fold(district)]
        if chosen.empty:
            known = ", ".join(sorted(frame["district"].unique()))
            raise AreaError(f"'{district}' adlı ilçe yok; ilçeler: {known}")
        frame = chosen
    if province:
        chosen = frame[frame["province"].map(fold) == fold(province)]
        if chosen.empty:
            raise AreaError(f"'{province}' adlı il yok; iller: {', '.join(sorted(frame['province'].unique()))}")
        frame = chosen
    return frame.sort_values(["province", "district", "mahalle"]).reset_index(drop=True)


def kit_frames(catalogue: Catalogue, indicator_id: str, mahalle: pd.DataFrame, year: int | None = None
               ) -> dict[str, pd.DataFrame]:
    """The kit's sheets: ``veri`` (one row per mahalle and sex) and ``tanım``."""
    entry = catalogue.get(indicator_id)
    sexes = ["K", "E"] if entry.by_sex else ["T"]
    rows = [
        [m.mahalle_code, m.province, m.district, m.mahalle, entry.id, year or entry.year, sex, None, None]
        for m in mahalle.itertuples() for sex in sexes
    ]
    data = pd.DataFrame(rows, columns=KIT_COLUMNS)
    for column in ("pay", "payda"):
        data[column] = data[column].astype("Int64")
    denominator = entry.denominator.tr if entry.denominator else "— (sayım; payda gerekmez)"
    about = [
        ("Gösterge", f"{entry.label.tr} ({entry.id})"),
        ("Indicator", entry.label.en),
        ("Tanım", entry.description.tr),
        ("Neden önemli", entry.why.tr),
        ("Pay (sayılacak olan)", entry.numerator.tr),
        ("Payda (kimin içinde)", denominator),
        ("Birim", entry.unit),
        ("Kaynak", entry.source),
        ("Yıl", str(year or entry.year)),
        ("Lisans", entry.licence),
        ("Tanımlayan", entry.defined_by or "yerleşik katalog"),
        ("Nasıl doldurulur", "'veri' sayfasında her mahalle ve cinsiyet için pay ve payda sütunlarına "
         "kişi sayılarını yazın. Bilmediğiniz satırları silin (boş bırakılan satırlar yüklemede "
         "'pay/payda gerekli' diye listelenir, diğerleri yine kaydedilir). Kodları ve diğer "
         "sütunları değiştirmeyin. Dosyayı platformun Veri sayfasından ya da "
         "'gendermap import' ile yükleyin."),
        ("How to fill it in", "On the 'veri' sheet write the counts in the pay (numerator) and "
         "payda (denominator) columns for each mahalle and sex. Delete the rows you cannot fill "
         "(rows left empty are listed as needing counts; the others are still stored). Do not change the codes or other columns. Upload it on the Data page."),
    ]
    return {"veri": data, "tanım": pd.DataFrame(about, columns=["alan", "açıklama"])}


def write_kit(path: str | Path, catalogue: Catalogue, indicator_id: str, mahalle: pd.DataFrame,
              year: int | None = None) -> Path:
    """Write the kit as XLSX (``.csv`` writes the ``veri`` sheet the Turkish-Excel way)."""
    from gendermap.tabular import write_csv

    path = Path(path)
    frames = kit_frames(catalogue, indicator_id, mahalle, year)
    if path.suffix.lower() == ".csv":
        write_csv(frames["veri"], path, excel_tr=True)
    else:
        write_xlsx(frames, path)
    return path

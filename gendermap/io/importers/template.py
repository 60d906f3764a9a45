"""The tidy template people fill in (CSV the way Turkish Excel opens it, and XLSX)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from gendermap.catalogue import Catalogue
from gendermap.tabular import write_csv, write_xlsx

__all__ = ["TEMPLATE_COLUMNS", "template_frame", "write_template_csv", "write_template_xlsx"]

TEMPLATE_COLUMNS = [
    "mahalle_code", "province", "district", "mahalle", "indicator", "year", "sex",
    "numerator", "denominator", "value",
]


def template_frame(catalogue: Catalogue) -> pd.DataFrame:
    """Example rows of the tidy template: one by code with counts, one by name, one by value."""
    rates = [e for e in catalogue.at_level("mahalle") if e.unit == "percent"]
    entry = next((e for e in rates if e.id == "illiteracy_15"), rates[0])
    frame = pd.DataFrame(
        [
            ["41320", "", "", "", entry.id, entry.year, "K", 120, 3450, None],
            ["41320", "", "", "", entry.id, entry.year, "E", 25, 3380, None],
            ["41320", "", "", "", entry.id, entry.year, "T", 145, 6830, None],
            ["", "İzmir", "Aliağa", "Atatürk Mah.", "higher_education_25", 2023, "K", None, None, 24.5],
        ],
        columns=TEMPLATE_COLUMNS,
    )
    for column in ("numerator", "denominator"):
        frame[column] = frame[column].astype("Int64")
    return frame


def write_template_csv(path: str | Path, catalogue: Catalogue) -> Path:
    """The tidy template as CSV the way Turkish Excel opens it: ';' separated, UTF-8 with BOM."""
    path = Path(path)
    write_csv(template_frame(catalogue), path, excel_tr=True)
    return path


def write_template_xlsx(path: str | Path, catalogue: Catalogue) -> Path:
    """The tidy template as XLSX: sheet "veri" (fill in), "gostergeler" (indicator ids and
    definitions) and "aciklama" (how to fill it in, Turkish and English)."""
    path = Path(path)
    indicators = pd.DataFrame(
        [
            {"indicator": e.id, "tema / theme": e.theme, "ad": e.label.tr, "name": e.label.en, "birim / unit": e.unit,
             "pay / numerator": e.numerator.tr, "payda / denominator": e.denominator.tr if e.denominator else "",
             "yıl / year": e.year}
            for e in catalogue.at_level("mahalle")
        ]
    )
    help_rows = [
        ("mahalle_code", "TÜİK mahalle kodu (ör. 41320). Yoksa il + ilçe + mahalle adını yazın.",
         "TÜİK mahalle code (e.g. 41320). Otherwise give province + district + mahalle name."),
        ("indicator", "'gostergeler' sayfasındaki kod.", "An id from the 'gostergeler' sheet."),
        ("year", "Verinin yılı (ör. 2023).", "Year of the data (e.g. 2023)."),
        ("sex", "K (kadın), E (erkek), T (toplam).", "F/K (women), M/E (men), T (total)."),
        ("numerator, denominator", "Kişi sayıları (tam sayı). Pay paydadan büyük olamaz.",
         "Counts of people (whole numbers). The numerator cannot exceed the denominator."),
        ("value", "Sayılar yoksa oran; yüzde göstergelerde 0–100 (ör. 24,5).",
         "A rate when counts are missing; 0–100 for percent indicators (e.g. 24.5)."),
    ]
    help_frame = pd.DataFrame(help_rows, columns=["sütun / column", "açıklama", "explanation"])
    write_xlsx({"veri": template_frame(catalogue), "gostergeler": indicators, "aciklama": help_frame}, path)
    return path


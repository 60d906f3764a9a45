"""The Odak download says how its list was made: settings sheet (XLSX) and block (CSV)."""

from __future__ import annotations

import io
from datetime import date

import pandas as pd

from gendermap import DEMO_LABEL
from gendermap.analysis import AnalysisSettings
from gendermap.ui.focus_export import files, settings_table
from gendermap.ui.state import View, to_params


def _record(lang: str, ranked: int = 1, top: int = 5) -> pd.DataFrame:
    from gendermap.config import get_settings
    from gendermap.io.catalogue_file import load_catalogue

    settings = AnalysisSettings(method="minmax", theme_weights=(("education", 3.0),),
                                criteria_weights=(("women", 2.0), ("coverage", 0.0)),
                                criteria_directions=(("mean_index", "higher_is_priority"),), districts=(470,))
    link = to_params(View(districts=(470,), method="minmax", weights=(("education", 3.0),),
                          criteria=(("women", 2.0), ("coverage", 0.0)), directions=(("mean_index", "higher"),)))
    return settings_table(load_catalogue(get_settings().catalogue_path), "abc123", True, settings,
                          area="Seferihisar", ranked=ranked, top=top, link=link, lang=lang, today=date(2026, 12, 1))


def test_settings_say_how_the_list_was_made() -> None:
    rec = dict(_record("tr").to_numpy().tolist())
    assert rec["Oluşturulma tarihi"] == "1 Aralık 2026" and rec["Veri sürümü"] == "abc123"
    assert rec["Veri"] == DEMO_LABEL and rec["Endeks yöntemi"].endswith("(minmax)")
    assert rec["Endeks ağırlıkları (tema / gösterge)"].endswith(": 3")
    assert rec["Sıralama alanı"] == "Seferihisar"
    assert rec["Ölçüt: kadın nüfusu"] == "ağırlık 2 · yüksek değer = öncelik [women]"
    assert rec["Ölçüt: nüfus ağırlıklı ortalama eşitlik endeksi"].startswith("ağırlık 1 · yüksek değer")
    assert rec["Ölçüt: endeksi hesaplanabilen mahalle payı (veri kapsamı)"].startswith("kullanılmadı")
    link = rec["Bağlantı parametreleri (aynı listeyi yeniden açar)"]
    assert "cweights=women:2,coverage:0" in link and "cdirs=mean_index:higher" in link and "districts=470" in link
    english = dict(_record("en").to_numpy().tolist())
    assert english["Made on"] == "1 December 2026" and "Criterion: number of women" in english
    assert rec["Endeks için Bayes düzeltmesi"].endswith("(none)") and rec["Endeks yılı"] == "Her göstergenin ana yılı"


def test_settings_count_the_districts_the_shortlist_really_holds() -> None:
    """Top 5 of 3 ranked districts is a list of 3, and the sheet says 3."""
    rec = dict(_record("tr", ranked=3, top=5).to_numpy().tolist())
    assert rec["Sıralanan ilçe sayısı"] == "3" and rec["Kısa listedeki ilçe sayısı"] == "3"
    assert dict(_record("en", ranked=30, top=5).to_numpy().tolist())["Districts in the shortlist"] == "5"


def test_settings_name_the_index_smoothing_and_year() -> None:
    from gendermap.config import get_settings
    from gendermap.io.catalogue_file import load_catalogue

    settings = AnalysisSettings(smoothing="spatial", year=2025)
    link = to_params(View(index_smooth="spatial", index_year=2025))
    rec = dict(settings_table(load_catalogue(get_settings().catalogue_path), "abc", False, settings, area="x",
                              ranked=1, top=5, link=link, lang="en").to_numpy().tolist())
    assert rec["Bayes smoothing for the index"].endswith("(spatial)") and rec["Index year"] == "2025"
    assert "ismooth=spatial" in rec["Link parameters (reopen the same list)"]


def test_downloads_carry_the_settings() -> None:
    record = _record("tr")
    short = pd.DataFrame({"Sıra": [1], "İlçe": ["Seferihisar"], "Öncelik puanı (0–100)": [71.5], "Gerekçe": ["x " * 80]})
    csv, xlsx = files(short, record, synthetic=True, lang="tr")
    sheets = pd.read_excel(io.BytesIO(xlsx), sheet_name=None)
    assert list(sheets) == ["Odak ilçeler (ORNEK VERI)", "Ayarlar"]
    assert sheets["Ayarlar"].equals(record)
    assert sheets["Odak ilçeler (ORNEK VERI)"]["Veri etiketi"].tolist() == [DEMO_LABEL]  # Turkish header
    text = csv.decode("utf-8-sig")
    head, _, table = text.partition("\n\n")
    assert pd.read_csv(io.StringIO(head)).equals(record)
    assert pd.read_csv(io.StringIO(table))["Öncelik puanı (0–100)"].tolist() == [71.5]
    english = pd.read_excel(io.BytesIO(files(short, _record("en"), synthetic=True, lang="en")[1]), sheet_name=None)
    assert list(english) == ["Focus districts (ORNEK VERI)", "Settings"]
    assert list(english["Focus districts (ORNEK VERI)"].columns)[0] == "Data label"
    assert list(english["Settings"].columns) == ["Setting", "Value"]


def test_long_text_is_wrapped_in_the_workbook() -> None:
    from openpyxl import load_workbook

    short = pd.DataFrame({"Gerekçe": ["uzun gerekçe " * 20], "Sıra": [1]})
    _, xlsx = files(short, _record("tr"), synthetic=False, lang="tr")
    sheet = load_workbook(io.BytesIO(xlsx))["Odak ilçeler"]
    assert sheet["A2"].alignment.wrap_text and not sheet["B2"].alignment.wrap_text
    assert sheet.column_dimensions["A"].width == 80

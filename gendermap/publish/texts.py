"""The publication's own words, Turkish first (one table, like the app's ``ui.i18n``).

Pure: no I/O. Data labels (indicator names, sources) come from the catalogue.
"""

from __future__ import annotations

PLATFORM = "gendermap · İzmir ve Balıkesir toplumsal cinsiyet haritası"
PLATFORM_EN = "gendermap · gender inequality map of İzmir and Balıkesir"

STRINGS: dict[str, tuple[str, str]] = {
    "sex.F": ("Kadınlar", "Women"),
    "sex.M": ("Erkekler", "Men"),
    "sex.T": ("Toplam", "Total"),
    "sex.gap": ("Fark (kadın − erkek)", "Gap (women − men)"),
    "flag.ok": ("güvenilir", "reliable"),
    "flag.unreliable": ("düşük güvenilirlik", "low reliability"),
    "flag.suppressed": ("gizlendi (küçük sayı)", "suppressed (small numbers)"),
    "flag.no_data": ("veri yok", "no data"),
    "flag.no_residents": ("yerleşik nüfus yok", "no residents"),
    "source": ("Kaynak", "Source"),
    "boundaries": (
        "Sınırlar: TurkeyGeoJSON (MIT), 2021; nüfus: TÜİK ADNKS 2023",
        "Boundaries: TurkeyGeoJSON (MIT), 2021; population: TÜİK ADNKS 2023",
    ),
    "index.title": ("Toplumsal cinsiyet eşitliği endeksi", "Gender equality index"),
    "index.source": (
        "gendermap sentez endeksi (EIGE yöntemi), katalogdaki göstergelerden",
        "gendermap synthesis index (EIGE method), from the catalogue's indicators",
    ),
    "index.legend": ("Endeks puanı (1–100, yüksek = daha eşit)", "Index score (1–100, high = more equal)"),
    "legend": ("Lejant", "Legend"),
    "map.alt": ("{area} mahalle haritası: {title}", "Map of {area} by mahalle: {title}"),
    "embed.noscript": (
        "Bu harita JavaScript ile çizilir; aşağıdaki tablo aynı değerleri verir.",
        "This map is drawn with JavaScript; the table below gives the same values.",
    ),
    "col.mahalle": ("Mahalle", "Mahalle"),
    "col.district": ("İlçe", "District"),
    "col.value": ("Değer", "Value"),
    "col.class": ("Sınıf", "Class"),
    "demo.note": (
        "Mahalle değerleri gösterim amaçlı üretilmiş örnek verilerdir.",
        "Mahalle values are generated demonstration values.",
    ),
}


def tr_en(key: str, lang: str) -> str:
    """The string in ``lang`` (English on "en", Turkish otherwise)."""
    tr, en = STRINGS[key]
    return en if lang == "en" else tr


def platform(lang: str) -> str:
    return PLATFORM_EN if lang == "en" else PLATFORM

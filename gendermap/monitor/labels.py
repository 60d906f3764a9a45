"""Turkish and English words for monitoring values (shared by pages, exports and the PDF)."""

from __future__ import annotations

from gendermap.numbers import (
    MISSING,
    format_int,
    format_number,
    format_percent_points,
    format_signed,
    is_missing,
)

STATUS = {
    "tr": {"on_track": "hedefe doğru", "off_track": "hedefin gerisinde", "no_data": "veri yok",
           "no_target": "hedef yok"},
    "en": {"on_track": "on track", "off_track": "off track", "no_data": "no data",
           "no_target": "no target"},
}
FRESHNESS = {
    "tr": {"fresh": "güncel", "stale": "eski", "no_data": "veri yok"},
    "en": {"fresh": "up to date", "stale": "out of date", "no_data": "no data"},
}
COLUMNS = {
    "tr": {"municipality": "Belediye", "label": "Gösterge", "latest_period": "Son dönem",
           "headline": "Değer", "gap": "K/E farkı", "target_value": "Hedef", "target_due": "Hedef dönemi",
           "target_status": "Hedef durumu", "freshness": "Güncellik", "demo": "Veri durumu",
           "period": "Dönem", "value_women": "Kadın", "value_men": "Erkek", "value_total": "Toplam",
           "source": "Kaynak", "note": "Not", "version": "Sürüm", "created_by": "Giren",
           "created_at": "Zaman", "status": "Durum", "published": "Yayında"},
    "en": {"municipality": "Municipality", "label": "Indicator", "latest_period": "Latest period",
           "headline": "Value", "gap": "F/M gap", "target_value": "Target", "target_due": "Target due",
           "target_status": "Target status", "freshness": "Freshness", "demo": "Data status",
           "period": "Period", "value_women": "Women", "value_men": "Men", "value_total": "Total",
           "source": "Source", "note": "Note", "version": "Version", "created_by": "Entered by",
           "created_at": "Time", "status": "Status", "published": "Published"},
}


def fmt_number(value: object, unit: str = "number", lang: str = "tr") -> str:
    """A monitoring value in its unit, by :mod:`gendermap.numbers`: percent values are in
    points (12.5 -> '%12,5' tr / '12.5%' en), counts whole, whole numbers from 100 up without
    decimals, others with one; missing -> '—'."""
    if is_missing(value):
        return MISSING
    number = float(value)  # type: ignore[arg-type]
    if unit == "percent":
        return format_percent_points(number, lang)
    if unit == "count" or (abs(number) >= 100 and number == int(number)):
        return format_int(number, lang)
    return format_number(number, lang, 1)


def fmt_gap(gap: object, kind: str, lang: str = "tr") -> str:
    """Ratio -> 'K/E 0,48' / 'F/M 0.48'; points -> '−12,3 puan' / '−12.3 pts'."""
    if is_missing(gap) or not kind:
        return MISSING
    number = float(gap)  # type: ignore[arg-type]
    if kind == "ratio":
        return ("K/E " if lang == "tr" else "F/M ") + format_number(number, lang, 2)
    return format_signed(number, lang, 1) + (" puan" if lang == "tr" else " pts")

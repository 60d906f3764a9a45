"""What a report reads (:class:`ReportData`: the build's tables, or a page's analysis via
:func:`with_analysis`), which district is meant (:func:`find_district`), and small helpers
shared by the sections (vintages, Turkish collation, rank text)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import pandas as pd

from gendermap.catalogue import Catalogue, Indicator
from gendermap.names import ascii_key, name_key, turkish_lower
from gendermap.numbers import MISSING
from gendermap.report.blocks import ReportError
from gendermap.report.i18n import fmt_int
from gendermap.vintages import one_vintage

if TYPE_CHECKING:
    from gendermap.analysis import AnalysisResult


# ---------------------------------------------------------------- inputs
@dataclass(frozen=True)
class ReportData:
    """Everything a report reads; the CLI and the app build it once and reuse it.

    Every table is a build output as read (contracts in docs/architecture.md), so a report
    shows exactly what the build computed, once: ``mahalle`` (layer ``mahalle``),
    ``indicators``, ``synthesis``, ``district_indicators`` (pooled district values, totals
    that would disclose a suppressed cell withheld), ``province_indicators`` (from full
    counts; without it, provinces are pooled from district values), ``district_synthesis`` (the 50
    districts scored from pooled counts, with rank intervals), ``district_inputs`` (real
    population by sex), ``hotspots`` (LISA per method) and ``focus`` (criteria and default
    ranking). Missing optional parts give a sentence saying so, never a silent blank.
    A report made from a page is handed the page's analysis instead (:func:`with_analysis`):
    ``synthesis``, ``district_synthesis``, ``hotspots``, ``focus``, ``method`` and
    ``criteria_weights`` are then the page's, so the report shows the numbers the page showed.
    """

    mahalle: gpd.GeoDataFrame
    indicators: pd.DataFrame
    synthesis: pd.DataFrame
    catalogue: Catalogue
    district_indicators: pd.DataFrame | None = None
    province_indicators: pd.DataFrame | None = None
    district_synthesis: pd.DataFrame | None = None
    district_inputs: pd.DataFrame | None = None
    hotspots: pd.DataFrame | None = None
    focus: pd.DataFrame | None = None
    method: str = "eige"
    criteria_weights: dict[str, float] = field(default_factory=dict)
    from_page: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def with_analysis(data: ReportData, result: AnalysisResult) -> ReportData:
    """``data`` with the synthesis, district index, hot spots and focus ranking of a page's
    analysis (:func:`gendermap.analysis.analysis`), never recomputed here."""
    districts = data.district_synthesis if result.districts is None else result.districts
    return replace(
        data, synthesis=result.synthesis, hotspots=result.hotspots, focus=result.focus,
        district_synthesis=districts,
        method=result.settings.focus_method, criteria_weights=dict(result.settings.criteria_weights),
        from_page=True,
    )


# ---------------------------------------------------------------- districts
def district_names(mahalle: pd.DataFrame) -> pd.DataFrame:
    """The distinct districts: ``district_code, district, province, province_code``."""
    cols = ["district_code", "district", "province", "province_code"]
    return mahalle[cols].drop_duplicates("district_code").sort_values(["province_code", "district"])


def find_district(mahalle: pd.DataFrame, name: str) -> pd.Series:
    """The district row for a name typed by a person ("seferihisar", "SEFERİHİSAR",
    "İzmir/Seferihisar", or a district code). :class:`ReportError` with close names otherwise.
    """
    districts = district_names(mahalle)
    text = str(name).strip()
    if text.isdigit():
        hit = districts[districts["district_code"].astype(str) == text]
        if len(hit):
            return hit.iloc[0]
    province = None
    if "/" in text:
        province, text = (p.strip() for p in text.split("/", 1))
    keys = districts["district"].map(name_key)
    mask = keys == name_key(text)
    if province:
        mask &= districts["province"].map(name_key) == name_key(province)
    if not mask.any():  # typed without Turkish letters: "karsiyaka"
        mask = districts["district"].map(ascii_key) == ascii_key(text)
        if province:
            mask &= districts["province"].map(ascii_key) == ascii_key(province)
    hit = districts[mask]
    if len(hit) == 1:
        return hit.iloc[0]
    if len(hit) > 1:
        options = ", ".join(f"{r.province}/{r.district}" for r in hit.itertuples())
        raise ReportError(f"'{name}' iki ilde var; ili de yazın: {options}")
    close = difflib.get_close_matches(name_key(text), list(keys), n=4, cutoff=0.6)
    by_key = dict(zip(keys, districts["district"], strict=True))
    hint = f" Bunu mu demek istediniz: {', '.join(by_key[k] for k in close)}?" if close else ""
    raise ReportError(
        f"Bilinmeyen ilçe: '{name}'.{hint} "
        f"Geçerli ilçeler için: gendermap report --list (unknown district)"
    )


# ---------------------------------------------------------------- helpers
def _vintage(indicators: pd.DataFrame, years: dict[str, int]) -> pd.DataFrame:
    """Rows of each indicator's reference vintage (:func:`gendermap.vintages.reference_years`
    of the mahalle table), the year the app's maps show by default: a newer vintage imported
    for a few mahalle never replaces it, and district and province rows use the same year."""
    return one_vintage(indicators, years) if not indicators.empty else indicators


_TR_ALPHABET = "abcçdefgğhıijklmnoöprsştuüvyz"
_TR_ORDER = {ch: i for i, ch in enumerate(_TR_ALPHABET)}


def _collate(text: str) -> tuple[int, ...]:
    """Turkish alphabetical order: Ç after C, Ğ after G, I before İ, Ö after O, Ş after S, Ü after U
    (code-point order would put every Ç… name after Z)."""
    return tuple(_TR_ORDER.get(ch, len(_TR_ALPHABET) + ord(ch)) for ch in text)


def _sort_name(s: pd.Series) -> pd.Series:
    """Turkish alphabetical, natural order ("Mahalle 2" before "Mahalle 10")."""
    return s.astype(str).map(
        lambda x: tuple(
            (0, int(part), ()) if part.isdigit() else (1, 0, _collate(part))
            for part in re.split(r"(\d+)", turkish_lower(x))
            if part
        )
    )


def _rank_text(low: object, high: object, lang: str) -> str:
    if pd.isna(low) or pd.isna(high):  # type: ignore[call-overload]
        return MISSING
    return f"{fmt_int(low, lang)}–{fmt_int(high, lang)}"


def _indicator_meta(catalogue: Catalogue, ids: Sequence[str]) -> dict[str, Indicator]:
    return {i: catalogue.get(i) for i in ids if i in catalogue}

"""What a district report says, assembled from frames; rendering is someone else's job.

Split by the reason a part changes: :mod:`~gendermap.report.blocks` (what a report is made
of), :mod:`~gendermap.report.inputs` (what it reads, which district), the text sections
(:mod:`~gendermap.report.sections`) and map sections (:mod:`~gendermap.report.mapsections`);
this module puts them in order (:func:`assemble`) and is the package's entry point.

Why separate: the PDF and the HTML version must carry the *same* content, and the
content (which mahalle is in the bottom ten, which gaps are largest, what the summary
sentences say) must be testable without a PDF reader. :func:`assemble` returns a
:class:`Report`: a flat list of blocks (headings, text, tables, maps, notes) that
:mod:`gendermap.report.render` and :mod:`gendermap.report.html` walk in order.

Pure: frames in, dataclasses out. No files; maps are described here (a GeoDataFrame and
a column) and drawn by :mod:`gendermap.report.staticmaps`.
"""

from __future__ import annotations

from datetime import date

import geopandas as gpd
import pandas as pd

from gendermap import DEMO_LABEL
from gendermap.report.blocks import (
    Block,
    Bullets,
    Facts,
    Figures,
    Heading,
    MapBlock,
    NewPage,
    Note,
    Report,
    ReportError,
    TableBlock,
    Text,
)
from gendermap.report.i18n import BASE_SOURCES, fmt_date, fmt_int, t
from gendermap.report.inputs import (
    ReportData,
    _indicator_meta,
    _vintage,
    district_names,
    find_district,
    with_analysis,
)
from gendermap.report.mapsections import _maps, core_extent, short_name
from gendermap.report.municipal import municipal_blocks
from gendermap.report.sections import (
    _compare,
    _focus,
    _gap_sentences,
    _indicator_table,
    _mahalle_tables,
    _population,
    _score,
    _sources,
    both_provinces,
)
from gendermap.vintages import reference_years

__all__ = [
    "Bullets",
    "Facts",
    "Figures",
    "Heading",
    "MapBlock",
    "Note",
    "NewPage",
    "Report",
    "ReportData",
    "ReportError",
    "TableBlock",
    "Text",
    "assemble",
    "core_extent",
    "find_district",
    "district_names",
    "short_name",
    "with_analysis",
]


# ---------------------------------------------------------------- assemble
def assemble(data: ReportData, district: str, lang: str = "tr", made_on: date | None = None) -> Report:
    """The report for ``district`` (a name as typed, or a code) in ``lang``.

    Raises :class:`ReportError` for an unknown district or one with no mahalle data.
    """
    made_on = made_on or date.today()
    row = find_district(data.mahalle, district)
    name, province = str(row["district"]), str(row["province"])
    code, pcode = int(row["district_code"]), int(row["province_code"])
    mahalle = data.mahalle
    local = mahalle[(mahalle["district_code"] == code) & mahalle["mahalle_code"].notna()]
    if local.empty:
        raise ReportError(
            f"{name} ({province}) ilçesinde TÜİK koduyla eşleşen mahalle yok; rapor üretilemez. "
            f"Eşleşme raporuna bakın (build/match_report.csv). (no mahalle data for this district)"
        )
    vintage_years = reference_years(data.indicators)
    ind = _vintage(data.indicators, vintage_years)
    meta = _indicator_meta(data.catalogue, list(dict.fromkeys(ind["indicator"])))
    rated = {i: e for i, e in meta.items() if e.is_rate and e.level == "mahalle"}
    equality = {i: e for i, e in rated.items() if e.in_index}  # direction means better/worse
    local_codes = set(local["mahalle_code"])
    syn_all = data.synthesis[data.synthesis["method"] == data.method]
    overall = syn_all.loc[syn_all["theme"] == "overall", ["mahalle_code", "score", "rank_median", "rank_p05", "rank_p95"]]
    has_local = ind["mahalle_code"].isin(local_codes).any() or overall["mahalle_code"].isin(local_codes).any()
    if not has_local:
        raise ReportError(
            f"{name} ({province}) için gösterge verisi yok; önce 'gendermap build' çalıştırın "
            f"ya da veri içe aktarın. (no indicator data for this district)"
        )
    synthetic = bool(ind.loc[ind["mahalle_code"].isin(local_codes), "synthetic"].any()) or any(
        e.synthetic for e in meta.values()
    )

    # district values as the build pooled them; provinces pooled from those district counts
    district_values = _vintage(data.district_indicators, vintage_years) if data.district_indicators is not None \
        else pd.DataFrame(columns=["district_code", "indicator", "year", "sex", "numerator",
                                   "denominator", "value", "flag", "synthetic"])
    district_rates = district_values[district_values["district_code"] == code]
    # the build's province values (from full counts, one rule: indicators.province_indicators);
    # an older build without them shows "—" for the province columns, never a second rule
    province_rates = _vintage(data.province_indicators, vintage_years) if data.province_indicators is not None \
        else pd.DataFrame(columns=["province_code", "indicator", "year", "sex", "value", "flag"])
    # the district against its own province and against both provinces together -- never
    # against the other province alone (that says more about the other province than about it)
    prov = province_rates[province_rates["province_code"] == pcode]
    other = both_provinces(province_rates, meta)
    other_name = t("both_provinces", lang)

    blocks: list[Block] = []
    # cover
    years = sorted({e.year for e in meta.values()})
    vintages = "; ".join(
        [f"{t('col_pop', lang)} 2023", f"{'Sınırlar' if lang == 'tr' else 'Boundaries'} 2021"]
        + ([f"{t('col_indicator', lang)} {', '.join(map(str, years))}"] if years else [])
    )
    sources = [s[0] for s in BASE_SOURCES]
    sources.append(t("more_sources", lang, n=len({e.source for e in meta.values()})))
    blocks.append(
        Facts(
            (
                (t("district", lang), name),
                (t("province", lang), province),
                (t("date", lang), fmt_date(made_on, lang)),
                (t("mahalle_count", lang), fmt_int(len(local), lang)),
                (t("method", lang), t(f"method_{data.method}", lang)),
                (t("vintages", lang), vintages),
                (t("sources", lang), "; ".join(sources)),
            )
        )
    )
    if synthetic:
        blocks.append(Note(DEMO_LABEL + " — " + t("demo_notice", lang), tone="demo"))
    blocks.append(NewPage())

    # summary
    blocks.append(Heading(t("sec_summary", lang), anchor="summary"))
    blocks.append(Heading(t("pop_by_sex", lang), level=2))
    pop_blocks, _ = _population(data, row, lang)
    blocks += pop_blocks
    blocks.append(Heading(t("score", lang), level=2))
    blocks += _score(data, row, lang)
    blocks.append(Heading(t("gaps_province", lang), level=2))
    blocks.append(Bullets(_gap_sentences(_compare(equality, district_rates, prov), equality, province, lang)))
    blocks.append(Heading(t("gaps_both", lang), level=2))
    blocks.append(Bullets(_gap_sentences(_compare(equality, district_rates, other), equality, other_name, lang)))

    # maps
    blocks.append(NewPage())
    blocks.append(Heading(t("sec_maps", lang), anchor="maps"))
    blocks.append(Text(t("maps_intro", lang)))
    blocks += _maps(data, gpd.GeoDataFrame(local), lang)

    # tables
    blocks.append(NewPage())
    blocks.append(Heading(t("sec_tables", lang), anchor="tables"))
    in_index = [i for i, e in meta.items() if e.in_index] or list(meta)
    local_flags = ind[
        ind["mahalle_code"].isin(local_codes) & ind["indicator"].isin(in_index) & (ind["flag"].astype(str) != "ok")
    ]
    blocks += _mahalle_tables(local, overall, local_flags, lang)
    blocks.append(NewPage())
    blocks.append(Heading(t("sec_indicators", lang), anchor="indicators"))
    blocks.append(_indicator_table(rated, district_rates, prov, other, other_name, lang))

    # focus, method, sources
    blocks.append(Heading(t("sec_focus", lang), anchor="focus"))
    blocks += _focus(data, row, lang)
    summary = data.extra.get("municipalities", {}).get(code)
    if summary is not None:  # the district municipality's published monitoring and needs analysis
        blocks += municipal_blocks(summary, lang)
    blocks.append(NewPage())
    blocks.append(Heading(t("sec_method", lang), anchor="method"))
    blocks += [Text(p) for p in t("method_text", lang).split("\n")]
    blocks.append(Heading(t("sec_sources", lang), anchor="sources"))
    blocks += _sources(meta, lang)

    return Report(
        lang=lang,
        district=name,
        province=province,
        district_code=code,
        title=f"{name} · {t('report_title', lang)}",
        subtitle=t("subtitle", lang),
        made_on=made_on,
        synthetic=synthetic,
        blocks=tuple(blocks),
        footer=t("footer", lang, district=name, province=province, date=fmt_date(made_on, lang)),
    )

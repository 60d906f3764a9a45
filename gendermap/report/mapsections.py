"""The report's map sections: the index map with a close-up of a dense centre, and the hot
spots (LISA clusters from the analysis) with the mahalle in significant clusters listed."""

from __future__ import annotations

import re

import geopandas as gpd
import pandas as pd

from gendermap.report.blocks import HOTSPOT_CLASSES, Block, Heading, MapBlock, TableBlock, Text
from gendermap.report.i18n import fmt_int, fmt_num, t
from gendermap.report.inputs import ReportData

# ---------------------------------------------------------------- maps
MAP_ALL_NAMES = 30
"""Districts with at most this many mahalle get every name that fits on every map; larger ones get
the names of the ten lowest-scoring mahalle (overall map) and of the hot spots."""


def short_name(name: object) -> str:
    """A mahalle name for a map label: without the "Mah." / "Mahallesi" suffix."""
    return re.sub(r"\s*\bMah(?:allesi|\.)?(?=\s*(?:/|$))", "", str(name)).strip()


def core_extent(local: gpd.GeoDataFrame, share: float = 0.2) -> tuple[float, float, float, float] | None:
    """The box around the smaller three quarters of the mahalle, when it covers less than
    ``share`` of the district's box: a dense town centre (Karabağlar: 56 of 58 mahalle)
    that a map of the whole district would draw too small to read. None otherwise."""
    if len(local) < 12 or local.crs is None:
        return None
    proj = local.to_crs(local.estimate_utm_crs())
    area = proj.geometry.area
    small = proj[area <= area.quantile(0.75)]
    x0, y0, x1, y1 = small.total_bounds
    X0, Y0, X1, Y1 = proj.total_bounds
    if (x1 - x0) * (y1 - y0) >= share * (X1 - X0) * (Y1 - Y0):
        return None
    pad = 0.06 * max(x1 - x0, y1 - y0)
    from shapely.geometry import box

    out = gpd.GeoSeries([box(x0 - pad, y0 - pad, x1 + pad, y1 + pad)], crs=proj.crs).to_crs(local.crs)
    a, b, c, d = out.total_bounds
    return (float(a), float(b), float(c), float(d))


def _maps(
    data: ReportData, local: gpd.GeoDataFrame, lang: str
) -> list[Block]:
    syn = data.synthesis[data.synthesis["method"] == data.method]
    blocks: list[Block] = []
    themes = ["overall"] + [th for th in data.catalogue.themes if th in set(syn["theme"])]
    label_all = len(local) <= MAP_ALL_NAMES
    core = core_extent(local)
    for theme in themes:
        scores = syn.loc[syn["theme"] == theme, ["mahalle_code", "score"]]
        frame = local[["mahalle_code", "mahalle", "geometry"]].merge(scores, on="mahalle_code", how="left")
        frame = gpd.GeoDataFrame(frame, geometry="geometry", crs=local.crs)
        if label_all:
            frame["name"] = frame["mahalle"].map(short_name)
            names = t("map_names_all", lang)
        elif theme == "overall":
            lowest = frame.dropna(subset=["score"]).nsmallest(10, "score").index
            frame["name"] = frame["mahalle"].map(short_name).where(frame.index.isin(lowest))
            names = t("map_names_bottom", lang)
        else:
            frame["name"] = None
            names = ""
        title = (
            t("map_overall", lang)
            if theme == "overall"
            else t("map_theme", lang, theme=data.catalogue.themes[theme].label.get(lang))
        )
        blocks.append(
            MapBlock(
                key=f"index_{theme}",
                title=title,
                caption=" ".join(filter(None, (t("map_caption", lang), names,
                                               t("map_zoom_mark", lang) if core and theme == "overall" else ""))),
                frame=frame,
                column="score",
                legend_title=t("col_score", lang),
                label="name",
                mark=core if theme == "overall" else None,
            )
        )
        if core is not None and theme == "overall":
            blocks.append(
                MapBlock(
                    key="index_overall_zoom",
                    title=t("map_zoom", lang, title=title),
                    caption=" ".join((t("map_caption", lang), t("map_zoom_caption", lang))),
                    frame=frame.assign(name=frame["mahalle"].map(short_name)),
                    column="score",
                    legend_title=t("col_score", lang),
                    label="name",
                    extent=core,
                )
            )
    blocks += _hotspots(data, local, lang)
    return blocks


def _hot_parts(counts: pd.Series, lang: str) -> str:
    """The cluster counts as words ("7 lie in an inequality cluster …"), non-zero kinds only."""
    kinds = (("ll", int(counts.get("LL", 0)), ("lie", "lies")),
             ("hh", int(counts.get("HH", 0)), ("lie", "lies")),
             ("out", int(counts.get("HL", 0) + counts.get("LH", 0)), ("differ", "differs")))
    parts = [
        t(f"hot_part_{key}", lang, k=k, verb=verbs[k == 1], its="its" if k == 1 else "their")
        for key, k, verbs in kinds if k
    ]
    if len(parts) > 1:
        return ", ".join(parts[:-1]) + f" {t('and', lang)} " + parts[-1]
    return parts[0]


def _hotspots(data: ReportData, local: gpd.GeoDataFrame, lang: str) -> list[Block]:
    """The LISA map of the overall index, a sentence counting the clusters, and the list of
    mahalle in a significant cluster (name, type, adjusted p)."""
    blocks: list[Block] = []
    lisa = data.hotspots
    if lisa is not None and not lisa.empty:
        lisa = lisa[(lisa["method"] == data.method) & (lisa["theme"] == "overall")]
    if lisa is None or lisa.empty:
        return [Heading(t("map_hotspots", lang), level=2), Text(t("hot_missing", lang))]
    frame = local[["mahalle_code", "mahalle", "geometry"]].merge(
        lisa[["mahalle_code", "cluster", "p_sim", "p_fdr"]], on="mahalle_code", how="left"
    )
    frame["cluster"] = frame["cluster"].fillna("no_data")
    in_cluster = frame["cluster"].isin(HOTSPOT_CLASSES)
    frame["name"] = frame["mahalle"].map(short_name).where(
        in_cluster | (len(frame) <= MAP_ALL_NAMES))
    blocks.append(
        MapBlock(
            key="hotspots",
            title=t("map_hotspots", lang),
            caption=t("map_hot_caption", lang),
            frame=gpd.GeoDataFrame(frame, geometry="geometry", crs=local.crs),
            column="cluster",
            kind="hotspots",
            legend_title=t("hot_legend", lang),
            label="name",
        )
    )
    counts = frame["cluster"].value_counts()
    significant = frame[frame["cluster"].isin(HOTSPOT_CLASSES)]
    if significant.empty:
        blocks.append(Text(t("hot_none", lang, n=fmt_int(len(frame), lang))))
    else:
        blocks.append(Text(t("hot_sentence", lang, n=fmt_int(len(frame), lang),
                             parts=_hot_parts(counts, lang))))
    if len(significant):
        order = {c: i for i, c in enumerate(("LL", "LH", "HL", "HH"))}
        significant = significant.assign(_o=significant["cluster"].map(order)).sort_values(
            ["_o", "p_fdr", "mahalle"])
        rows = tuple(
            (str(r.mahalle), str(r.mahalle_code), t(f"hot_{str(r.cluster).lower()}", lang),
             fmt_num(r.p_sim, lang, 3), fmt_num(r.p_fdr, lang, 3))
            for r in significant.itertuples()
        )
        blocks.append(TableBlock(
            t("tbl_hot", lang),
            (t("col_mahalle", lang), t("col_code", lang), t("col_cluster", lang), "p", "p (FDR)"),
            rows, numeric=(3, 4), widths=(3.2, 1.2, 4.2, 0.9, 1.1),
        ))
    return blocks

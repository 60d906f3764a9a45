"""What a district report says, assembled from frames; rendering is someone else's job.

Why separate: the PDF and the HTML version must carry the *same* content, and the
content (which mahalle is in the bottom ten, which gaps are largest, what the summary
sentences say) must be testable without a PDF reader. :func:`assemble` returns a
:class:`Report`: a flat list of blocks (headings, text, tables, maps, notes) that
:mod:`gendermap.report.render` and :mod:`gendermap.report.html` walk in order.

Pure: frames in, dataclasses out. No files; maps are described here (a GeoDataFrame and
a column) and drawn by :mod:`gendermap.report.staticmaps`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

import geopandas as gpd
import numpy as np
import pandas as pd

from gendermap import DEMO_LABEL
from gendermap.catalogue import Catalogue, Indicator
from gendermap.config import PROVINCES
from gendermap.names import ascii_key, name_key, turkish_lower, turkish_upper
from gendermap.numbers import MISSING
from gendermap.report.i18n import BASE_SOURCES, fmt_date, fmt_int, fmt_num, fmt_share, fmt_value, t
from gendermap.vintages import one_vintage, reference_years

if TYPE_CHECKING:
    from gendermap.analysis import AnalysisResult

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
    "find_district",
    "district_names",
]

HOTSPOT_CLASSES = ("HH", "LL", "HL", "LH")
"""Significant LISA cluster types (``hotspots.parquet``); any other value is drawn apart."""


class ReportError(ValueError):
    """A request the report cannot serve (unknown district, no data): a message for people."""


# ---------------------------------------------------------------- blocks
@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1
    anchor: str = ""


@dataclass(frozen=True)
class Text:
    text: str
    style: Literal["body", "small", "lead"] = "body"


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Facts:
    """Key/value pairs (cover facts, sources)."""

    pairs: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Figures:
    """A row of key numbers: (label, value, note)."""

    items: tuple[tuple[str, str, str], ...]


@dataclass(frozen=True)
class TableBlock:
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[int, ...] = ()
    widths: tuple[float, ...] = ()  # relative widths; empty = equal
    note: str = ""
    highlight: tuple[int, ...] = ()


@dataclass(frozen=True)
class MapBlock:
    """A static map to draw: ``frame[column]`` over the district's mahalle.

    ``kind`` is ``index`` (a continuous score, classified) or ``hotspots`` (the ``cluster``
    values of ``hotspots.parquet``).
    """

    key: str
    title: str
    caption: str
    frame: gpd.GeoDataFrame
    column: str
    kind: Literal["index", "hotspots"] = "index"
    legend_title: str = ""
    scheme: str = "quantiles"
    k: int = 5
    label: str = ""  # column of names to write on the map (empty/NA: no name)
    extent: tuple[float, float, float, float] | None = None  # zoom to (minx, miny, maxx, maxy), frame CRS
    mark: tuple[float, float, float, float] | None = None  # outline this box (where a zoom map looks)


@dataclass(frozen=True)
class Note:
    text: str
    tone: Literal["accent", "demo"] = "accent"


@dataclass(frozen=True)
class NewPage:
    pass


Block = Heading | Text | Bullets | Facts | Figures | TableBlock | MapBlock | Note | NewPage


@dataclass(frozen=True)
class Report:
    lang: str
    district: str
    province: str
    district_code: int
    title: str
    subtitle: str
    made_on: date
    synthetic: bool
    blocks: tuple[Block, ...]
    footer: str = ""

    @property
    def maps(self) -> list[MapBlock]:
        return [b for b in self.blocks if isinstance(b, MapBlock)]


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
    ``synthesis``, ``hotspots``, ``focus``, ``method`` and ``criteria_weights`` are then the
    page's, so the report shows the numbers the page showed.
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
    """``data`` with the synthesis, hot spots and focus ranking of a page's analysis
    (:func:`gendermap.analysis.analysis`), never recomputed here."""
    return replace(
        data, synthesis=result.synthesis, hotspots=result.hotspots, focus=result.focus,
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


# ---------------------------------------------------------------- sections
def _population(data: ReportData, row: pd.Series, lang: str) -> tuple[list[Block], dict[str, str]]:
    """Population by sex from the real district inputs; total from mahalle otherwise."""
    inputs = data.district_inputs
    name = str(row["district"])
    women = men = total = None
    year: object = 2023
    if inputs is not None and not inputs.empty:
        pop = inputs[
            (inputs["district_code"] == row["district_code"])
            & (inputs["measure"] == "population")
            & (inputs["age_group"] == "all")
        ]
        if len(pop):
            year = int(pop["year"].max())
            pop = pop[pop["year"] == year].groupby("sex")["count"].sum()
            women, men = pop.get("F"), pop.get("M")
            total = pop.get("T", (women or 0) + (men or 0) if women is not None and men is not None else None)
    if total is None:
        mahalle_pop = data.mahalle.loc[data.mahalle["district_code"] == row["district_code"], "population_2023"]
        total = float(pd.to_numeric(mahalle_pop, errors="coerce").sum())
        year = 2023
    figures = {"total": fmt_int(total, lang)}
    if women is not None and men is not None and total:
        figures |= {"women": fmt_int(women, lang), "men": fmt_int(men, lang)}
        share = fmt_share(float(women) / float(total), lang)
        sentence = t(
            "pop_sentence", lang, district=name, year=year, total=figures["total"],
            women=figures["women"], men=figures["men"], share=share,
        )
    else:
        sentence = t("pop_sentence_total", lang, district=name, year=year, total=figures["total"])
    block = Figures(
        (
            (t("women", lang), figures.get("women", MISSING), str(year)),
            (t("men", lang), figures.get("men", MISSING), str(year)),
            (t("total", lang), figures["total"], str(year)),
        )
    )
    return [block, Text(sentence)], figures


def _district_scores(data: ReportData, theme: str = "overall") -> pd.DataFrame:
    """The build's district synthesis rows for the report's method and ``theme``."""
    table = data.district_synthesis
    if table is None or table.empty:
        return pd.DataFrame(columns=["district_code", "score", "rank_median", "rank_p05", "rank_p95"])
    return table[(table["method"] == data.method) & (table["theme"] == theme)]


def _score(data: ReportData, row: pd.Series, lang: str) -> list[Block]:
    scores = _district_scores(data)
    name = str(row["district"])
    if scores.empty or row["district_code"] not in set(scores["district_code"]):
        return [Text(t("score_missing", lang))]
    me = scores[scores["district_code"] == row["district_code"]].iloc[0]
    if pd.isna(me["score"]):
        return [Text(t("score_missing", lang))]
    n = int(scores["score"].notna().sum())
    rank = me["rank_median"]
    figures = Figures(
        (
            (t("score", lang), fmt_num(me["score"], lang), "0–100"),
            (t("rank", lang), f"{fmt_int(rank, lang)} / {n}", ""),
            (t("rank_interval", lang), _rank_text(me["rank_p05"], me["rank_p95"], lang), ""),
        )
    )
    sentence = t(
        "score_sentence", lang, district=name, score=fmt_num(me["score"], lang), n=n,
        rank=fmt_int(rank, lang), low=fmt_int(me["rank_p05"], lang), high=fmt_int(me["rank_p95"], lang),
    )
    return [figures, Text(sentence), *_theme_scores(data, row, lang)]


def _theme_scores(data: ReportData, row: pd.Series, lang: str) -> list[Block]:
    """The district's score on each theme with its plain rank among the districts."""
    rows = []
    for theme_id, theme in data.catalogue.themes.items():
        scores = _district_scores(data, theme_id).dropna(subset=["score"])
        if scores.empty or row["district_code"] not in set(scores["district_code"]):
            continue
        ranks = scores["score"].rank(ascending=False, method="min")
        mine = scores["district_code"] == row["district_code"]
        rows.append((
            theme.label.get(lang),
            fmt_num(scores.loc[mine, "score"].iloc[0], lang),
            f"{fmt_int(ranks[mine].iloc[0], lang)} / {len(scores)}",
        ))
    if not rows:
        return []
    return [TableBlock(
        t("tbl_themes", lang), (t("col_theme", lang), t("col_score", lang), t("rank", lang)),
        tuple(rows), numeric=(1, 2), widths=(4, 1.2, 2), note=t("tbl_themes_note", lang),
    )]


def _compare(
    meta: dict[str, Indicator],
    district: pd.DataFrame,
    reference: pd.DataFrame,
) -> pd.DataFrame:
    """Women's value (or total, for indicators not by sex) in the district vs a reference."""
    rows = []
    for ind_id, entry in meta.items():
        sex = "F" if entry.by_sex else "T"
        d = district[(district["indicator"] == ind_id) & (district["sex"] == sex)]
        r = reference[(reference["indicator"] == ind_id) & (reference["sex"] == sex)]
        if d.empty or r.empty:
            continue
        dv, rv = float(d["value"].iloc[0]), float(r["value"].iloc[0])
        ok = str(d["flag"].iloc[0]) in ("ok", "unreliable") and np.isfinite(dv) and np.isfinite(rv)
        sign = 1.0 if entry.direction == "higher_is_better" else -1.0
        rows.append(
            {
                "indicator": ind_id,
                "district": dv,
                "reference": rv,
                "diff": dv - rv,
                "better": sign * (dv - rv) > 0,
                "relative": abs(dv - rv) / abs(rv) if ok and rv else np.nan,
            }
        )
    return pd.DataFrame(rows, columns=["indicator", "district", "reference", "diff", "better", "relative"])


def _diff_text(diff: float, unit: str, lang: str) -> str:
    if unit == "percent":
        return t("gap_points", lang, d=fmt_num(abs(diff) * 100, lang))
    if unit == "per_1000":
        return fmt_num(abs(diff) * 1000, lang) + " ‰"
    return fmt_num(abs(diff), lang, 2)


def _gap_sentences(
    comparison: pd.DataFrame, meta: dict[str, Indicator], where: str, lang: str, n: int = 3
) -> tuple[str, ...]:
    top = comparison.dropna(subset=["relative"]).sort_values("relative", ascending=False).head(n)
    out = []
    for r in top.itertuples():
        entry = meta[str(r.indicator)]
        label = entry.label.get(lang) + (f" ({t('women_value', lang)})" if entry.by_sex else "")
        out.append(
            t(
                "gap_sentence", lang, label=label, where=where,
                value=fmt_value(r.district, entry.unit, lang),
                ref=fmt_value(r.reference, entry.unit, lang),
                diff=_diff_text(float(r.diff), entry.unit, lang),  # type: ignore[arg-type]
                dir=t("gap_better" if r.better else "gap_worse", lang),
            )
        )
    return tuple(out) or (t("gaps_none", lang),)


def _flags_text(counts: pd.Series, lang: str) -> str:
    parts = []
    for flag, key in (("unreliable", "flag_unreliable"), ("suppressed", "flag_suppressed"), ("no_data", "flag_no_data")):
        raw = counts.get(flag, 0)
        n = 0 if pd.isna(raw) else int(raw)
        if n:
            parts.append(t(key, lang, n=n))
    return ", ".join(parts) or t("flags_ok", lang)


def _mahalle_tables(
    local: pd.DataFrame, overall: pd.DataFrame, flags: pd.DataFrame, lang: str
) -> list[Block]:
    table = local[["mahalle_code", "mahalle", "population_2023"]].merge(overall, on="mahalle_code", how="left")
    flag_counts = (
        flags.groupby(["mahalle_code", "flag"], observed=True).size().unstack(fill_value=0)
        if len(flags)
        else pd.DataFrame(index=pd.Index([], name="mahalle_code"))
    )
    table = table.join(flag_counts, on="mahalle_code")

    def rows(frame: pd.DataFrame) -> tuple[tuple[str, ...], ...]:
        return tuple(
            (
                str(r["mahalle"]),
                str(r["mahalle_code"]),
                fmt_int(r["population_2023"], lang),
                fmt_num(r.get("score"), lang),
                fmt_int(r.get("rank_median"), lang),
                _rank_text(r.get("rank_p05"), r.get("rank_p95"), lang),
                _flags_text(r, lang),
            )
            for _, r in frame.iterrows()
        )

    columns = (
        t("col_mahalle", lang), t("col_code", lang), t("col_pop", lang), t("col_score", lang),
        t("col_rank", lang), t("col_interval", lang), t("col_flags", lang),
    )
    widths = (3.4, 1.1, 1.1, 0.9, 0.8, 1.4, 2.9)
    numeric = (2, 3, 4, 5)
    scored = table.dropna(subset=["score"]).sort_values(["score", "mahalle_code"], ascending=[False, True])
    k = min(10, len(scored))
    by_name = table.sort_values("mahalle", key=_sort_name)
    return [
        TableBlock(t("tbl_top", lang), columns, rows(scored.head(k)), numeric, widths),
        TableBlock(t("tbl_bottom", lang), columns, rows(scored.tail(k).iloc[::-1]), numeric, widths),
        TableBlock(t("tbl_all", lang), columns, rows(by_name), numeric, widths, t("tbl_rank_note", lang)),
    ]


def _indicator_table(
    meta: dict[str, Indicator],
    district: pd.DataFrame,
    province: pd.DataFrame,
    other: pd.DataFrame,
    other_name: str,
    lang: str,
) -> TableBlock:
    def value(frame: pd.DataFrame, ind: str, sex: str, unit: str) -> str:
        hit = frame[(frame["indicator"] == ind) & (frame["sex"] == sex)]
        if hit.empty:
            return MISSING
        flag = str(hit["flag"].iloc[0])
        text = fmt_value(hit["value"].iloc[0], unit, lang)
        return text + (" *" if flag == "unreliable" else "")

    comparison = _compare(meta, district, province).set_index("indicator")
    rows = []
    for ind_id, entry in meta.items():
        w = "F" if entry.by_sex else "T"
        diff = MISSING
        gap = float(comparison.at[ind_id, "diff"]) if ind_id in comparison.index else float("nan")  # type: ignore[arg-type]
        if np.isfinite(gap):
            better = bool(comparison.at[ind_id, "better"])
            arrow = ("↑" if better else ("↓" if gap != 0 else "=")) if entry.in_index else ""
            sign = "+" if gap > 0 else ("−" if gap < 0 else "")
            diff = f"{sign}{_diff_text(gap, entry.unit, lang)} {arrow}".strip()
        rows.append(
            (
                entry.label.get(lang),
                value(district, ind_id, w, entry.unit),
                value(district, ind_id, "M", entry.unit) if entry.by_sex else MISSING,
                value(province, ind_id, w, entry.unit),
                value(other, ind_id, w, entry.unit),
                diff,
            )
        )
    return TableBlock(
        "",
        (
            t("col_indicator", lang), t("col_district_w", lang), t("col_district_m", lang),
            t("col_province_w", lang), t("col_other_w", lang, other=other_name), t("col_diff", lang),
        ),
        tuple(rows),
        numeric=(1, 2, 3, 4, 5),
        widths=(4.2, 1.4, 1.4, 1.4, 1.6, 1.8),
        note=t("tbl_ind_note", lang) + " *: " + t("flag_unreliable", lang, n="").strip(),
    )


def _capital(text: str, lang: str) -> str:
    """First letter upper case, the Turkish way in Turkish (i -> İ)."""
    if not text:
        return text
    first = turkish_upper(text[0]) if lang == "tr" else text[0].upper()
    return first + text[1:]


def _focus_value(value: object, kind: str, lang: str) -> str:
    if kind == "count":
        return fmt_int(value, lang)
    if kind == "share":
        return fmt_value(value, "percent", lang)
    return fmt_num(value, lang)


def _focus(data: ReportData, row: pd.Series, lang: str) -> list[Block]:
    """Where the district stands in the build's default focus ranking, and why."""
    from gendermap.focus import CRITERIA

    table = data.focus
    code = row["district_code"]
    if table is None or table.empty or code not in set(table["district_code"]):
        return [Text(t("focus_missing", lang))]
    me = table[table["district_code"] == code].iloc[0]
    n = len(table)
    ranked = int(table["rank"].notna().sum())
    page = "_page" if data.from_page else ""
    blocks: list[Block] = [Text(t("focus_intro" + page, lang, n=n))]
    if pd.isna(me["rank"]):
        blocks.append(Note(t("focus_unranked", lang, district=row["district"])))
    else:
        on_list = bool(me.get("shortlisted", False))
        size = int(table["shortlisted"].sum()) if "shortlisted" in table else 0
        key = ("focus_selected" if on_list else "focus_not_selected") + page
        blocks.append(Note(t(key, lang, district=row["district"], rank=fmt_int(me["rank"], lang),
                             n=ranked, score=fmt_num(me["score"], lang), k=size)))
    reason = me.get(f"reason_{lang}")
    if isinstance(reason, str) and reason:
        blocks.append(Text(reason))
    rows, bold = [], []
    for i, c in enumerate(CRITERIA):
        if c.id not in table.columns:
            continue
        values = pd.to_numeric(table[c.id], errors="coerce")
        value = values[table["district_code"] == code].iloc[0]
        if pd.isna(value):
            position = MISSING
        else:
            order = values.rank(ascending=c.direction == "lower_is_priority", method="min")
            position = f"{fmt_int(order[table['district_code'] == code].iloc[0], lang)} / {int(values.notna().sum())}"
        contrib = me.get(f"contrib_{c.id}", np.nan)
        weight = data.criteria_weights.get(c.id, c.weight)
        rows.append((
            _capital(c.label_tr if lang == "tr" else c.label_en, lang),
            _focus_value(value, c.kind, lang),
            position,
            fmt_num(weight, lang),
            fmt_num(contrib, lang) if weight > 0 else MISSING,
        ))
        if weight > 0 and pd.notna(contrib) and contrib >= 15:
            bold.append(i)
    blocks.append(TableBlock(
        "",
        (t("col_criterion", lang), t("col_value", lang), t("col_position", lang),
         t("col_weight", lang), t("col_points", lang)),
        tuple(rows), numeric=(1, 2, 3, 4), widths=(6.2, 1.5, 1.4, 1.0, 1.3),
        note=t("focus_note", lang), highlight=tuple(bold),
    ))
    return blocks


def _sources(meta: dict[str, Indicator], lang: str) -> list[Block]:
    base = TableBlock(
        t("base_sources", lang),
        (t("col_source", lang), t("col_year", lang), t("col_licence", lang), ""),
        tuple((name, year, lic, tr if lang == "tr" else en) for name, year, lic, tr, en in BASE_SOURCES),
        widths=(3, 0.8, 1.6, 4),
    )
    rows = tuple(
        (
            e.label.get(lang),
            e.source,
            str(e.year),
            e.licence,
            t("yes" if e.synthetic else "no", lang),
        )
        for e in meta.values()
    )
    indicators = TableBlock(
        t("col_indicator", lang),
        (t("col_indicator", lang), t("col_source", lang), t("col_year", lang), t("col_licence", lang), t("col_synthetic", lang)),
        rows,
        widths=(3.5, 3, 0.8, 1.5, 1.1),
    )
    return [base, indicators]


# ---------------------------------------------------------------- maps
MAP_ALL_NAMES = 30
"""Districts with at most this many mahalle get every name on every map; larger ones get
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
    other_code = next((c for c in PROVINCES if c != pcode), pcode)
    other_name = PROVINCES.get(other_code, "")
    prov = province_rates[province_rates["province_code"] == pcode]
    other = province_rates[province_rates["province_code"] == other_code]

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
    if other_code != pcode:
        blocks.append(Heading(t("gaps_other", lang, other=other_name), level=2))
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

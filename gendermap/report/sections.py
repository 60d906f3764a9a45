"""The report's text and table sections, one function per section: population, scores,
theme scores, gaps, mahalle tables, indicator table, focus ranking, sources."""

from __future__ import annotations

import numpy as np
import pandas as pd

from gendermap.catalogue import Indicator
from gendermap.config import PROVINCES as _PROVINCES
from gendermap.names import turkish_upper
from gendermap.numbers import MISSING
from gendermap.report.blocks import Block, Figures, Note, TableBlock, Text
from gendermap.report.i18n import BASE_SOURCES, fmt_int, fmt_num, fmt_share, fmt_value, t
from gendermap.report.inputs import ReportData, _rank_text, _sort_name


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


PROVINCE_CODES = tuple(_PROVINCES)


def both_provinces(province_rates: pd.DataFrame, meta: dict[str, Indicator]) -> pd.DataFrame:
    """Rates of both provinces together, pooled from the build's province counts (sum of
    numerators / sum of denominators, never an average of the two rates). A cell withheld
    in either province stays withheld (``—``); the flag is the worse of the two."""
    cols = ["indicator", "year", "sex", "value", "flag"]
    rated = province_rates[province_rates["indicator"].map(lambda i: i in meta and meta[i].is_rate).astype(bool)]
    if rated.empty or not {"numerator", "denominator"} <= set(rated.columns):
        return pd.DataFrame(columns=cols)
    order = {"ok": 0, "unreliable": 1, "suppressed": 2, "no_data": 3}
    rows = []
    for (ind, year, sex), g in rated.groupby(["indicator", "year", "sex"], observed=True):
        num = pd.to_numeric(g["numerator"], errors="coerce")
        den = pd.to_numeric(g["denominator"], errors="coerce")
        flags = [str(f) for f in g["flag"]]
        whole = len(g) == len(PROVINCE_CODES) and num.notna().all() and den.notna().all() and float(den.sum()) > 0
        worst = max(flags, key=lambda f: order.get(f, 3))
        rows.append({"indicator": ind, "year": year, "sex": sex,
                     "value": float(num.sum() / den.sum()) if whole else np.nan,
                     "flag": worst if whole else "suppressed"})
    return pd.DataFrame(rows, columns=cols)


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

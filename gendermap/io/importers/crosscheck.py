"""Checks across rows: merged codes summed into their polygon, duplicate keys, and the
women's and men's counts against the total.

Vectorised over the whole frame (a file may hold hundreds of thousands of rows); only
offending groups are looked at one by one, to word their messages.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from gendermap.io.importers.result import Report

__all__ = ["cross_checks"]

KEYS = ["mahalle_code", "indicator", "year", "sex"]


def _sum_merged(frame: pd.DataFrame, report: Report, members: Mapping[str, tuple[str, ...]]) -> pd.DataFrame:
    """Rows of TÜİK codes that share one polygon (aliases.csv) become one row with the
    summed counts, and each gets a note; a polygon given only in part is warned about."""
    merged = frame["mahalle_code"].isin(list(members))
    if not merged.any():
        return frame
    sub = frame[merged]
    summed: list[pd.DataFrame] = []
    dropped: list[object] = []
    sizes = sub.groupby(KEYS, sort=False)["_row"].transform("size")
    for code, source, row in zip(sub["mahalle_code"][sizes == 1], sub["_source"][sizes == 1], sub["_row"][sizes == 1], strict=True):
        missing = ", ".join(sorted(set(members[code]) - {source}))  # one code of a merged polygon, alone
        report.warning(int(row), "mahalle_code",
                       f"haritadaki {code} mahallesi {', '.join(members[code])} kodlarının toplamı; dosyada {missing} yok: bu mahallenin değeri eksik kalabilir",
                       f"the map's {code} is the sum of codes {', '.join(members[code])}; the file lacks {missing}: its value may be short",
                       "merged_partial")
    for key, group in sub[sizes > 1].groupby(KEYS, sort=False):
        code = str(key[0])
        sources = group["_source"].tolist()
        complete = set(members[code]) <= set(sources)
        summable = (len(group) > 1 and group["_source"].is_unique and group["numerator"].notna().all()
                    and (group["denominator"].notna().all() or group["denominator"].isna().all()))
        if summable:
            first = group.iloc[[0]].copy()
            first["numerator"] = int(group["numerator"].sum())
            if group["denominator"].notna().all():
                first["denominator"] = int(group["denominator"].sum())
            codes = " + ".join(sources)
            for row in group["_row"]:
                report.warning(int(row), "mahalle_code", f"{codes} kodları haritada tek mahalle ({code}): sayıları toplandı",
                               f"codes {codes} are one polygon on the map ({code}): their counts were summed", "merged_sum")
            summed.append(first)
            dropped.extend(group.index)
            report.merged += len(group) - 1
        if not complete and len(group) == len(set(sources)):
            missing = ", ".join(sorted(set(members[code]) - set(sources)))
            for row in group["_row"]:
                report.warning(int(row), "mahalle_code",
                               f"haritadaki {code} mahallesi {', '.join(members[code])} kodlarının toplamı; dosyada {missing} yok: bu mahallenin değeri eksik kalabilir",
                               f"the map's {code} is the sum of codes {', '.join(members[code])}; the file lacks {missing}: its value may be short",
                               "merged_partial")
    if not summed:
        return frame
    return pd.concat([frame.drop(index=dropped), *summed]).sort_index(kind="stable")


def _duplicates(frame: pd.DataFrame, report: Report) -> set[int]:
    bad: set[int] = set()
    dup = frame[frame.duplicated(KEYS, keep=False)]
    for _, group in dup.groupby(KEYS, sort=False):
        rows = [int(r) for r in group["_row"]]
        for row in rows:
            others = ", ".join(str(r) for r in rows if r != row) or str(row)
            report.error(row, "sex", f"yinelenen kayıt: aynı mahalle, gösterge, yıl ve cinsiyet {others}. satırda da var",
                         f"duplicate key: the same mahalle, indicator, year and sex is also in row {others}", "duplicate")
            bad.add(row)
    return bad


def _parts_against_total(frame: pd.DataFrame, report: Report, bad: set[int]) -> None:
    """Women ≤ total, men ≤ total, and women + men = total where all three are given."""
    if not (frame["sex"] == "T").any():
        return
    group_keys = ["mahalle_code", "indicator", "year"]
    for column in ("numerator", "denominator"):
        given = frame[frame[column].notna()]
        if given.empty:
            continue
        given = given.assign(**{column: pd.to_numeric(given[column]).astype(float)})
        given = given[given.duplicated(group_keys, keep=False)]  # a lone sex has nothing to add up
        if given.empty:
            continue
        wide = given.set_index([*group_keys, "sex"])[[column, "_row"]].unstack("sex")  # keys are unique here
        if (column, "T") not in wide.columns:
            continue
        total = wide[(column, "T")]
        column_tr = "pay" if column == "numerator" else "payda"
        over: set[tuple[object, ...]] = set()
        for sex, word_tr, word_en in (("F", "kadın", "women"), ("M", "erkek", "men")):
            if (column, sex) not in wide.columns:
                continue
            part = wide[(column, sex)]
            for index in wide.index[(part > total).fillna(False).to_numpy(dtype=bool)]:
                p_value, t_value = int(part[index]), int(total[index])
                p_row, t_row = int(wide[("_row", sex)][index]), int(wide[("_row", "T")][index])
                report.error(p_row, column, f"{word_tr} ({sex}) {column_tr} {p_value} toplamdan (T) {t_value} büyük",
                             f"{word_en} ({sex}) {column} {p_value} exceeds the total (T) {t_value}", "part_gt_total")
                if t_row != p_row:
                    report.error(t_row, column, f"toplam (T) {column_tr} {t_value}, {p_row}. satırdaki {word_tr} sayısından ({p_value}) küçük",
                                 f"total (T) {column} {t_value} is smaller than the {word_en} count ({p_value}) in row {p_row}", "part_gt_total")
                bad.update({p_row, t_row})
                over.add(index)
        if (column, "F") in wide.columns and (column, "M") in wide.columns:
            f, m = wide[(column, "F")], wide[(column, "M")]
            mismatch = (f + m != total) & f.notna() & m.notna() & total.notna()
            for index in wide.index[mismatch.fillna(False).to_numpy(dtype=bool)]:
                if index in over:
                    continue
                fv, mv, tv = int(f[index]), int(m[index]), int(total[index])
                for sex in ("F", "M", "T"):
                    row = int(wide[("_row", sex)][index])
                    report.error(row, column, f"kadın + erkek ({fv} + {mv}) toplama (T = {tv}) eşit değil",
                                 f"women + men ({fv} + {mv}) do not equal the total (T = {tv})", "sum_mismatch")
                    bad.add(row)


def cross_checks(frame: pd.DataFrame, report: Report, members: Mapping[str, tuple[str, ...]]) -> pd.DataFrame:
    """Accepted rows (with ``_row`` and ``_source``) after the checks across rows; the
    offending rows are removed and listed in the report."""
    if frame.empty:
        return frame
    frame = _sum_merged(frame, report, members)
    bad = _duplicates(frame, report)
    clean = frame[~frame["_row"].isin(bad)]
    _parts_against_total(clean, report, bad)
    return frame[~frame["_row"].isin(bad)].drop(columns=["_row", "_source"])

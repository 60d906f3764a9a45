"""Focus districts: which of the 50 districts to work in first, and why.

Two steps. :func:`district_criteria` turns mahalle attributes into one row per district with
the criteria a municipal planner weighs (how unequal, how many women affected, where the
hot spots are, how good the evidence is). :func:`rank_districts` normalises each criterion
across districts (0 = least, 1 = most priority, in the criterion's direction), combines them
with the user's weights into a 0-100 score, ranks, and writes for every district a sentence in
Turkish and English naming the criteria that contribute most to its score.

Nothing is silently zero: a criterion a district has no data for is left out of *its* score
(the weights of the rest are rescaled) and the reason says so; a district with no usable
criterion gets no score and ranks last.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np
import pandas as pd

from gendermap.numbers import format_int, format_number, format_share

__all__ = [
    "CRITERIA",
    "Criterion",
    "FocusResult",
    "district_criteria",
    "mahalle_inputs",
    "rank_districts",
]

Direction = Literal["higher_is_priority", "lower_is_priority"]
Kind = Literal["count", "share", "index"]
_DIRECTIONS: tuple[str, ...] = ("higher_is_priority", "lower_is_priority")
_BAD_FLAGS = ("unreliable", "suppressed")


@dataclass(frozen=True)
class Criterion:
    """One column of the district table, with how it counts towards priority by default."""

    id: str
    label_tr: str
    label_en: str
    direction: Direction
    weight: float
    kind: Kind


CRITERIA: tuple[Criterion, ...] = (
    Criterion("mean_index", "nüfus ağırlıklı ortalama eşitlik endeksi",
              "population-weighted mean equality index", "lower_is_priority", 1.0, "index"),
    Criterion("women_worst_quintile", "ilin en eşitsiz beşte birlik mahallelerinde yaşayan kadın",
              "women living in the province's least equal fifth of mahalle",
              "higher_is_priority", 1.0, "count"),
    Criterion("share_women_worst_quintile", "kadınların en eşitsiz beşte birlikte yaşayan payı",
              "share of the district's women living in the least equal fifth",
              "higher_is_priority", 1.0, "share"),
    Criterion("inequality_clusters", "eşitsizlik kümelerindeki (LISA) mahalle",
              "mahalle in inequality clusters (LISA)", "higher_is_priority", 1.0, "count"),
    Criterion("index_spread", "mahalleler arası endeks farkı (90.–10. yüzdelik)",
              "spread of the index between mahalle (90th-10th percentile)",
              "higher_is_priority", 0.5, "index"),
    Criterion("women", "kadın nüfusu", "number of women", "higher_is_priority", 0.0, "count"),
    Criterion("coverage", "endeksi hesaplanabilen mahalle payı (veri kapsamı)",
              "share of mahalle with an index (data coverage)", "higher_is_priority", 0.5, "share"),
    Criterion("unreliable_share", "güvenilir olmayan ya da gizlenen değer payı",
              "share of values unreliable or suppressed", "lower_is_priority", 0.5, "share"),
)
"""The default criteria, directions and weights; users change weights and directions."""


def _need(frame: pd.DataFrame, columns: Sequence[str], name: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"'{name}' lacks column(s) {missing}; it has {list(frame.columns)}.")


def mahalle_inputs(
    indicators: pd.DataFrame, index_ids: Sequence[str], year: int | None = None
) -> tuple[pd.Series, pd.DataFrame]:
    """Women per mahalle and the reliability flags :func:`district_criteria` counts.

    From the published indicator table, one vintage per indicator
    (:func:`gendermap.vintages.one_vintage`: ``year`` as of, or each indicator's reference
    year): women are the ``population`` indicator's women (numerator); flags are those of
    the indicators in the index (``index_ids``), both sexes. Never summed over years: a new
    vintage replaces the old one, it does not add to it.
    """
    from gendermap.vintages import one_vintage

    ind = one_vintage(indicators, year)
    codes = ind["mahalle_code"].astype(str)
    pop = ind[(ind["indicator"] == "population") & (ind["sex"] == "F")]
    women = pd.to_numeric(pop["numerator"], errors="coerce").groupby(codes[pop.index]).first()
    rows = ind[ind["indicator"].isin(list(index_ids))]
    flags = pd.DataFrame({"flag": rows["flag"].astype(str).to_numpy()},
                         index=pd.Index(codes[rows.index].to_numpy(), name="mahalle_code"))
    return women, flags


def district_criteria(
    units: pd.DataFrame,
    scores: pd.Series,
    *,
    inequality_cluster: pd.Series | None = None,
    flags: pd.DataFrame | None = None,
    worst_share: float = 0.2,
) -> pd.DataFrame:
    """One row per district (index ``district_code``) with every criterion of :data:`CRITERIA`.

    units               one row per mahalle, index = mahalle key, columns ``district_code``,
                        ``district``, ``populated`` (bool), ``women``, ``population``; optional
                        ``province`` (the worst fifth is then taken within each province).
    scores              synthesis index per mahalle (same key; higher = more equal; NaN =
                        insufficient data).
    inequality_cluster  bool per mahalle: in a LISA inequality cluster
                        (``LisaResult.frame["inequality_cluster"]``); None leaves that criterion
                        missing.
    flags               tidy indicator flags: index = mahalle key, column ``flag``; None leaves
                        ``unreliable_share`` missing.

    Also returns ``district``, ``province`` (if given), ``mahalle`` (populated mahalle) and
    ``mahalle_scored``.
    """
    _need(units, ["district_code", "district", "populated", "women", "population"], "units")
    if not units.index.is_unique:
        raise ValueError("'units' must have one row per mahalle (its index has repeats).")
    if not 0 < worst_share < 1:
        raise ValueError(f"worst_share must be between 0 and 1; got {worst_share}.")
    u = units.copy()
    u["populated"] = u["populated"].astype("boolean").fillna(False).astype(bool)
    u["score"] = pd.to_numeric(scores.reindex(u.index), errors="coerce")
    u.loc[~u["populated"], "score"] = np.nan  # nobody lives there: no index to count
    for col in ("women", "population"):
        u[col] = pd.to_numeric(u[col], errors="coerce").fillna(0.0).where(u["populated"], 0.0)
    group = u["province"] if "province" in u.columns else pd.Series("all", index=u.index)
    cut = u.groupby(group)["score"].transform(lambda s: s.quantile(worst_share))
    u["worst"] = u["score"] <= cut  # NaN scores compare False
    pop = u[u["populated"]]

    def wmean(g: pd.DataFrame) -> float:
        ok = g["score"].notna() & (g["population"] > 0)
        return float(np.average(g.loc[ok, "score"], weights=g.loc[ok, "population"])) \
            if ok.any() else np.nan

    by = pop.groupby("district_code")
    out = pd.DataFrame({
        "district": u.groupby("district_code")["district"].first(),
        "mahalle": by.size(),
        "mahalle_scored": by["score"].count(),
        "women": by["women"].sum(),
        "mean_index": by[["score", "population"]].apply(wmean),
        "women_worst_quintile": by.apply(lambda g: g.loc[g["worst"], "women"].sum()),
        "index_spread": by["score"].quantile(0.9) - by["score"].quantile(0.1),
    })
    if "province" in u.columns:
        out.insert(1, "province", u.groupby("district_code")["province"].first())
    out[["mahalle", "mahalle_scored"]] = out[["mahalle", "mahalle_scored"]].fillna(0).astype(int)
    out["women"] = out["women"].fillna(0.0)
    out["women_worst_quintile"] = out["women_worst_quintile"].where(out["mahalle_scored"] > 0)
    out["share_women_worst_quintile"] = (out["women_worst_quintile"] / out["women"]).where(
        out["women"] > 0)
    out["coverage"] = (out["mahalle_scored"] / out["mahalle"]).where(out["mahalle"] > 0)
    if inequality_cluster is not None:
        flag = inequality_cluster.reindex(u.index).astype("boolean").fillna(False).astype(bool)
        out["inequality_clusters"] = flag[u["populated"]].groupby(pop["district_code"]).sum()
        out["inequality_clusters"] = out["inequality_clusters"].fillna(0).astype(float)
    else:
        out["inequality_clusters"] = np.nan
    if flags is not None:
        _need(flags, ["flag"], "flags")
        f = flags[flags.index.isin(pop.index)]
        district = u.loc[f.index, "district_code"].to_numpy()
        bad = f["flag"].isin(_BAD_FLAGS).groupby(district).mean()
        out["unreliable_share"] = bad.reindex(out.index)
    else:
        out["unreliable_share"] = np.nan
    out.index.name = "district_code"
    return out


def _ordinal(n: int, lang: str) -> str:
    if lang == "tr":
        return f"{n}."
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _fmt(value: float, kind: Kind, lang: str) -> str:
    if kind == "count":
        return format_int(value, lang)
    if kind == "share":
        return format_share(value, lang, 0)
    return format_number(value, lang, 1)


def _validated(
    specs: Sequence[Criterion],
    weights: Mapping[str, float] | None,
    directions: Mapping[str, str] | None,
) -> tuple[Criterion, ...]:
    known = [c.id for c in specs]
    for name, given in (("weights", weights), ("directions", directions)):
        unknown = sorted(set(given or {}) - set(known))
        if unknown:
            raise ValueError(f"Unknown criterion in {name}: {unknown}\nCriteria are: {known}")
    out = []
    for c in specs:
        w = (weights or {}).get(c.id, c.weight)
        try:
            w = float(w)
        except (TypeError, ValueError):
            raise ValueError(f"Weight of '{c.id}' must be a number; got {w!r}.") from None
        if not np.isfinite(w) or w < 0:
            raise ValueError(f"Weight of '{c.id}' must be a finite number >= 0; got {w!r}.")
        d = (directions or {}).get(c.id, c.direction)
        if d not in _DIRECTIONS:
            raise ValueError(f"Direction of '{c.id}' must be one of {list(_DIRECTIONS)}; got {d!r}.")
        out.append(replace(c, weight=w, direction=d))  # type: ignore[arg-type]
    if sum(c.weight for c in out) <= 0:
        raise ValueError("At least one criterion needs a weight above zero; all weights are 0.")
    return tuple(out)


@dataclass(frozen=True, eq=False)
class FocusResult:
    """Ranked districts.

    ``table``: one row per district, best-priority first, with the raw criteria, ``norm_<id>``
    (0-1, 1 = most priority), ``contrib_<id>`` (points of the 0-100 score), ``score``, ``rank``
    (1 = first to focus on; NaN when no criterion has data), ``criteria_missing`` and
    ``reason_tr`` / ``reason_en``. ``criteria``: the criteria used, with weights and directions.
    """

    table: pd.DataFrame
    criteria: tuple[Criterion, ...]

    def shortlist(self, n: int = 10) -> pd.DataFrame:
        """The first ``n`` districts (ties at the cut are kept)."""
        if n < 1:
            raise ValueError(f"The shortlist needs n >= 1; got {n}.")
        return self.table[self.table["rank"] <= n]

    def criteria_frame(self, lang: Literal["tr", "en"] = "tr") -> pd.DataFrame:
        return pd.DataFrame([
            {"criterion": c.id, "label": c.label_tr if lang == "tr" else c.label_en,
             "direction": c.direction, "weight": c.weight}
            for c in self.criteria
        ])

    def export_frame(self, lang: Literal["tr", "en"] = "tr") -> pd.DataFrame:
        """The table with readable column names, for CSV/XLSX export (values unformatted)."""
        t = self.table.reset_index()
        names = {c.id: c.label_tr if lang == "tr" else c.label_en for c in self.criteria}
        head = {"tr": {"district_code": "ilçe kodu", "district": "ilçe", "province": "il",
                       "rank": "sıra", "score": "öncelik puanı (0-100)", "reason_tr": "gerekçe"},
                "en": {"district_code": "district code", "district": "district",
                       "province": "province", "rank": "rank", "score": "priority score (0-100)",
                       "reason_en": "reason"}}[lang]
        keep = [c for c in head if c in t.columns] + list(names)
        return t[keep].rename(columns={**head, **names})


def _stands_out(c: Criterion, value: float, flat: frozenset[str]) -> bool:
    """Whether a criterion may be given as a reason: not when every district shares the
    value (a tie says nothing), nor a zero count/share that counts towards priority (zero
    means "none": no women in the worst fifth, no cluster)."""
    if c.id in flat:
        return False
    return not (c.kind != "index" and c.direction == "higher_is_priority" and value == 0)


def _reason(row: pd.Series, specs: Sequence[Criterion], n: int, positions: pd.Series,
            lang: str, flat: frozenset[str] = frozenset()) -> str:
    """One sentence naming the (up to) two criteria that add most to the district's score
    and on which it stands out (:func:`_stands_out`); ``flat``: criteria all districts share."""
    name = str(row["district"])
    if pd.isna(row["rank"]):
        return (f"{name}: sıralanamadı, ölçütlerin hiçbiri için veri yok."
                if lang == "tr" else f"{name} could not be ranked: no criterion has data.")
    contrib = {c.id: row[f"contrib_{c.id}"] for c in specs if c.weight > 0}
    by_id = {c.id: c for c in specs}
    top = [cid for cid, v in sorted(contrib.items(), key=lambda kv: -np.nan_to_num(kv[1]))
           if np.isfinite(v) and v > 0 and _stands_out(by_id[cid], float(row[cid]), flat)][:2]
    parts = []
    for cid in top:
        c = by_id[cid]
        label = c.label_tr if lang == "tr" else c.label_en
        pos = int(positions[cid])
        value = _fmt(float(row[cid]), c.kind, lang)
        high = c.direction == "higher_is_priority"
        if lang == "tr":
            side = ("en yüksek" if high else "en düşük") + ("" if pos == 1 else f"ten {pos}.")
            parts.append(f"{label} ({value}; {n} ilçe arasında {side})")
        else:
            side = ("highest" if high else "lowest") if pos == 1 else \
                f"{_ordinal(pos, lang)} {'highest' if high else 'lowest'}"
            parts.append(f"{label} ({value}; {side} of {n} districts)")
    rank = _ordinal(int(row["rank"]), lang)
    missing = [by_id[c] for c in row["criteria_missing"]]
    upper = int(row["rank"]) <= (n + 1) // 2
    if lang == "tr":
        text = f"{name} {rank} sırada"
        if not parts:
            text += "; hiçbir ölçütte öbür ilçelerden ayrılmıyor"
        elif upper:
            text += ", başlıca şu ölçütler nedeniyle: " + " ve ".join(parts)
        else:
            text += "; puanının çoğu şu ölçütlerden geliyor: " + " ve ".join(parts)
        if missing:
            text += ". Veri yok: " + ", ".join(c.label_tr for c in missing)
    else:
        text = f"{name} ranks {rank}"
        if not parts:
            text += "; it does not stand out from the other districts on any criterion"
        elif upper:
            text += " mainly because of " + " and ".join(parts)
        else:
            text += "; its score comes mostly from " + " and ".join(parts)
        if missing:
            text += ". No data for: " + ", ".join(c.label_en for c in missing)
    return text + "."


def rank_districts(
    criteria: pd.DataFrame,
    *,
    weights: Mapping[str, float] | None = None,
    directions: Mapping[str, str] | None = None,
    specs: Sequence[Criterion] = CRITERIA,
    reasons: bool = True,
) -> FocusResult:
    """Normalise, weight and rank the districts of :func:`district_criteria`.

    weights     criterion id -> weight (>= 0, not all 0); unnamed ones keep their default.
    directions  criterion id -> ``higher_is_priority`` or ``lower_is_priority``.
    reasons     False leaves ``reason_tr``/``reason_en`` empty: writing them is most of the
                time, and a workshop ranks once per participant only for the ranks.
    """
    used = _validated(specs, weights, directions)
    _need(criteria, ["district", *(c.id for c in used)], "criteria")
    t = criteria.copy()
    active = [c for c in used if c.weight > 0]
    norm = pd.DataFrame(index=t.index)
    for c in used:
        x = pd.to_numeric(t[c.id], errors="coerce").astype(float)
        lo, hi = x.min(), x.max()
        n = (x - lo) / (hi - lo) if hi > lo else x * 0 + 0.5  # all equal: no one stands out
        norm[c.id] = 1 - n if c.direction == "lower_is_priority" else n
    weight = pd.Series({c.id: c.weight for c in active}, dtype=float)
    have = norm[weight.index].notna()
    total = have.mul(weight, axis=1).sum(axis=1)
    for c in used:
        t[f"norm_{c.id}"] = norm[c.id]
        t[f"contrib_{c.id}"] = (100 * c.weight * norm[c.id] / total.where(total > 0)
                                if c.weight > 0 else 0.0)
    t["score"] = t[[f"contrib_{c.id}" for c in active]].sum(axis=1, min_count=1)
    t.loc[total <= 0, "score"] = np.nan
    missing = ~have.to_numpy()
    t["criteria_missing"] = [[c.id for c, m in zip(active, row, strict=True) if m] for row in missing]
    t["rank"] = t["score"].rank(ascending=False, method="min")
    t = t.sort_values(["rank", "district"], na_position="last")
    # each district's position on each criterion, in its priority direction (for the reasons)
    crit_rank = norm.rank(ascending=False, method="min")
    n_districts = len(t)
    positions = crit_rank.loc[t.index]
    flat = frozenset(c for c in norm.columns if pd.to_numeric(t[c], errors="coerce").nunique() <= 1)
    for lang in ("tr", "en"):
        if not reasons:
            t[f"reason_{lang}"] = ""
            continue
        t[f"reason_{lang}"] = [
            _reason(r, used, n_districts, p, lang, flat)
            for (_, r), (_, p) in zip(t.iterrows(), positions.iterrows(), strict=True)
        ]
    return FocusResult(t, used)

"""A workshop's criteria weights, aggregated, and the focus ranking they give.

Method: budget allocation (OECD/JRC Handbook on Constructing Composite Indicators, 2008,
§6.1.3): each participant distributes 100 points over the focus criteria. The consensus
weight of a criterion is the *median* of the participants' points (robust to one person
putting everything on one criterion), rescaled to add up to 100; when every median is 0
(people disagree completely) the mean is used instead and the weights table says so.
Where the direction of a criterion is a matter of opinion, the consensus direction is the
one backed by more of the points given to it (ties keep the default).

Districts are ranked through :func:`gendermap.focus.rank_districts`, the function the Odak
page and the build use, once under the consensus weights and once under each participant's
own weights. ``rank_min``/``rank_max`` span the consensus rank and every participant's rank:
a narrow range means the choice of that district does not depend on who is asked.

Pure: frames in, frames out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from gendermap.focus import CRITERIA, Criterion, rank_districts

__all__ = [
    "CONSENSUS_COLUMNS",
    "WEIGHT_COLUMNS",
    "WorkshopResult",
    "aggregate_weights",
    "criteria_from_focus",
    "workshop_result",
]

CONSENSUS_COLUMNS = ["district_code", "district", "province", "rank", "score", "rank_min",
                     "rank_max"]
WEIGHT_COLUMNS = ["criterion", "label_tr", "label_en", "median", "mean", "spread", "min", "max",
                  "participants_giving", "consensus_weight", "direction", "consensus_from"]


def criteria_from_focus(focus: pd.DataFrame, specs: Sequence[Criterion] = CRITERIA) -> pd.DataFrame:
    """The build's focus table -> the district criteria table :func:`rank_districts` takes."""
    keep = ["district", "province", *(c.id for c in specs)]
    missing = [c for c in ["district_code", *keep] if c not in focus.columns]
    if missing:
        raise ValueError(f"The focus table lacks column(s) {missing}; rebuild with 'gendermap build'.")
    if "method" in focus.columns and focus["method"].nunique() > 1:
        focus = focus[focus["method"] == "eige"]  # the build's default index method
    if not focus["district_code"].is_unique:
        raise ValueError("The focus table has a district twice; rebuild with 'gendermap build'.")
    out = focus.set_index("district_code")[keep].copy()
    out.index = out.index.astype(int)
    return out.sort_index()


def _weights_matrix(allocations: pd.DataFrame, specs: Sequence[Criterion]) -> pd.DataFrame:
    """participant x criterion points (0 where a criterion got nothing), in criteria order."""
    m = allocations.pivot_table(index="participant", columns="criterion", values="points",
                                aggfunc="sum", sort=False)
    return m.reindex(columns=[c.id for c in specs]).fillna(0.0).astype(float)


def _directions(allocations: pd.DataFrame, specs: Sequence[Criterion]) -> pd.DataFrame:
    """participant x criterion direction (the default where a participant set none)."""
    people = list(dict.fromkeys(allocations["participant"]))
    out = pd.DataFrame({c.id: [c.direction] * len(people) for c in specs}, index=people)
    given = allocations.dropna(subset=["direction"])
    for who, crit, direction in zip(given["participant"], given["criterion"], given["direction"],
                                    strict=True):
        out.loc[str(who), str(crit)] = str(direction)
    return out


def aggregate_weights(
    allocations: pd.DataFrame, specs: Sequence[Criterion] = CRITERIA
) -> pd.DataFrame:
    """Per criterion: median, mean, spread (interquartile range), min, max of the points,
    how many participants gave it any, the consensus weight (0-100) and direction."""
    if allocations.empty:
        raise ValueError("No allocations: at least one participant is needed.")
    m = _weights_matrix(allocations, specs)
    median, mean = m.median(), m.mean()
    source = "median" if median.sum() > 0 else "mean"
    base = median if source == "median" else mean
    consensus = 100 * base / base.sum()
    dirs = _directions(allocations, specs)
    direction = {}
    for c in specs:
        votes = m[c.id].groupby(dirs[c.id]).sum()
        other = "lower_is_priority" if c.direction == "higher_is_priority" else "higher_is_priority"
        direction[c.id] = other if votes.get(other, 0.0) > votes.get(c.direction, 0.0) else c.direction
    return pd.DataFrame({
        "criterion": [c.id for c in specs],
        "label_tr": [c.label_tr for c in specs],
        "label_en": [c.label_en for c in specs],
        "median": median.to_numpy(),
        "mean": mean.to_numpy(),
        "spread": (m.quantile(0.75) - m.quantile(0.25)).to_numpy(),
        "min": m.min().to_numpy(),
        "max": m.max().to_numpy(),
        "participants_giving": (m > 0).sum().to_numpy(),
        "consensus_weight": consensus.to_numpy(),
        "direction": [direction[c.id] for c in specs],
        "consensus_from": source,
    }, columns=WEIGHT_COLUMNS)


@dataclass(frozen=True, eq=False)
class WorkshopResult:
    """``weights``: :data:`WEIGHT_COLUMNS`. ``consensus``: :data:`CONSENSUS_COLUMNS`, best
    priority first, plus ``rank_spread`` and ``reason_tr``/``reason_en`` under the consensus.
    ``participant_ranks``: district_code x participant rank. ``participants``: how many."""

    weights: pd.DataFrame
    consensus: pd.DataFrame
    participant_ranks: pd.DataFrame
    participants: int

    def shortlist(self, n: int = 5) -> pd.DataFrame:
        """The first ``n`` districts under the consensus (ties at the cut kept)."""
        return self.consensus[self.consensus["rank"] <= n]


def _ranks(criteria: pd.DataFrame, weights: dict[str, float], directions: dict[str, str],
           specs: Sequence[Criterion], reasons: bool = True) -> pd.DataFrame:
    return rank_districts(criteria, weights=weights, directions=directions, specs=specs,
                          reasons=reasons).table


def workshop_result(
    criteria: pd.DataFrame, allocations: pd.DataFrame, specs: Sequence[Criterion] = CRITERIA
) -> WorkshopResult:
    """Aggregate ``allocations`` and rank the districts of ``criteria`` (index district_code)."""
    weights = aggregate_weights(allocations, specs)
    w = dict(zip(weights["criterion"], weights["consensus_weight"], strict=True))
    d = dict(zip(weights["criterion"], weights["direction"], strict=True))
    table = _ranks(criteria, w, d, specs)
    m = _weights_matrix(allocations, specs)
    dirs = _directions(allocations, specs).loc[m.index]
    # per participant only the ranks are needed: the same function over a slimmer frame
    slim = criteria[["district", *(c.id for c in specs)]].astype({"district": object})
    ranks: dict[str, pd.Series] = {}
    done: dict[tuple, pd.Series] = {}  # identical allocations are ranked once
    for who in m.index:
        pw, pd_ = m.loc[who].to_dict(), dirs.loc[who].to_dict()
        key = (tuple(pw.values()), tuple(pd_.values()))
        if key not in done:
            done[key] = _ranks(slim, pw, pd_, specs, reasons=False)["rank"]
        ranks[str(who)] = done[key]
    per = pd.DataFrame(ranks).reindex(table.index)
    both = per.assign(_consensus=table["rank"])
    out = table.reset_index()[["district_code", "district", "province", "rank", "score",
                               "reason_tr", "reason_en"]].copy()
    out["rank_min"] = both.min(axis=1).to_numpy()
    out["rank_max"] = both.max(axis=1).to_numpy()
    for col in ("rank", "rank_min", "rank_max"):
        out[col] = out[col].astype("Float64").round().astype("Int64")
    out["rank_spread"] = out["rank_max"] - out["rank_min"]
    out = out[[*CONSENSUS_COLUMNS, "rank_spread", "reason_tr", "reason_en"]]
    per.index.name = "district_code"
    return WorkshopResult(weights, out.reset_index(drop=True), per, int(len(m)))

"""The network view: one row per municipality of the network (pure).

For each municipality: its latest needs-analysis round and overall score, how many
indicators it monitors (with at least one value), how many of those are fresh, and how
many targets are on or off track. Built from the dashboard's cards so the numbers are
the ones the İzleme page shows.
"""

from __future__ import annotations

import pandas as pd

from gendermap.monitor.auth import Actor
from gendermap.monitor.errors import InvalidInput
from gendermap.monitor.store import MonitorStore

NETWORK_COLUMNS = [
    "municipality_code", "municipality", "province", "assessment_round", "assessment_score",
    "indicators_monitored", "indicators_fresh", "targets_on_track", "targets_off_track",
]


def network_table(
    municipalities: pd.DataFrame, cards: pd.DataFrame, scores: pd.DataFrame
) -> pd.DataFrame:
    """``municipalities`` (code, name, province), dashboard ``cards``, and ``scores``
    (municipality_code, round, overall) of each municipality's latest round."""
    rows = []
    for m in municipalities.itertuples(index=False):
        mine = cards[cards["municipality_code"] == m.code] if len(cards) else cards
        monitored = mine[mine["n_periods"] > 0] if len(mine) else mine
        score = scores[scores["municipality_code"] == m.code] if len(scores) else scores
        rows.append({
            "municipality_code": m.code, "municipality": m.name, "province": m.province,
            "assessment_round": score["round"].iloc[0] if len(score) else None,
            "assessment_score": float(score["overall"].iloc[0]) if len(score) else float("nan"),
            "indicators_monitored": int(len(monitored)),
            "indicators_fresh": int((monitored["freshness"] == "fresh").sum()) if len(monitored) else 0,
            "targets_on_track": int((mine["target_status"] == "on_track").sum()) if len(mine) else 0,
            "targets_off_track": int((mine["target_status"] == "off_track").sum()) if len(mine) else 0,
        })
    return pd.DataFrame(rows, columns=NETWORK_COLUMNS)


def municipality_code(district: str) -> str:
    """A stable code for a district municipality: its ASCII-folded name ("Kemalpaşa" -> "kemalpasa")."""
    from gendermap.names import ascii_fold

    return "".join(ch for ch in ascii_fold(district) if ch.isalnum())


def join_network(
    store: MonitorStore, actor: Actor, district: str, province: str, district_code: int | None,
    copy_units: bool = True,
) -> str:
    """Add a district municipality to the network (admins; the store checks it).

    Returns its code. With ``copy_units`` it gets the starter set's units so it can enter
    values for the shared starter indicators at once.
    """
    from gendermap.monitor.starter import copy_starter_units

    code = municipality_code(district)
    if not code:
        raise InvalidInput([("district", "ilçe adı gerekli")])
    store.add_municipality(actor, code, f"{district.strip()} Belediyesi", province, district_code)
    if copy_units:
        copy_starter_units(store, actor, code)
    return code

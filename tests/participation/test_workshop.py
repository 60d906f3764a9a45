"""Workshop aggregation and ranking: pure functions on a criteria table built in code."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from gendermap.focus import CRITERIA, rank_districts
from gendermap.participation.allocations import parse_allocations, validate_allocations
from gendermap.participation.workshop import aggregate_weights, workshop_result

pytestmark = pytest.mark.participation
IDS = [c.id for c in CRITERIA]


def criteria_table(n: int = 12, seed: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    t = pd.DataFrame({c: rng.random(n) * 100 for c in IDS},
                     index=pd.Index(range(100, 100 + n), name="district_code"))
    t.insert(0, "district", [f"İlçe {i}" for i in range(n)])
    t.insert(1, "province", ["İzmir"] * (n // 2) + ["Balıkesir"] * (n - n // 2))
    return t


def allocations(rows: list[tuple[str, str, float, str | None]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["participant", "criterion", "points", "direction"])


def test_all_points_on_one_criterion_ranks_by_that_criterion_alone():
    crit = criteria_table()
    result = workshop_result(crit, allocations([("tek", "women", 100, None),
                                                ("iki", "mean_index", 100, None)]))
    by_women = crit["women"].rank(ascending=False, method="min")  # higher is priority
    assert (result.participant_ranks["tek"] == by_women.reindex(result.participant_ranks.index)).all()
    by_index = crit["mean_index"].rank(ascending=True, method="min")  # lower is priority
    assert (result.participant_ranks["iki"] == by_index.reindex(result.participant_ranks.index)).all()


def test_a_participant_may_reverse_an_opinion_direction():
    crit = criteria_table()
    result = workshop_result(crit, allocations([("a", "coverage", 100, "lower_is_priority")]))
    expected = crit["coverage"].rank(ascending=True, method="min")
    assert (result.participant_ranks["a"] == expected.reindex(result.participant_ranks.index)).all()
    assert result.weights.set_index("criterion").loc["coverage", "direction"] == "lower_is_priority"


def test_consensus_is_the_median_and_ranges_contain_the_consensus_rank():
    crit = criteria_table()
    rows = [("a", "mean_index", 60, None), ("a", "women", 40, None),
            ("b", "mean_index", 20, None), ("b", "coverage", 80, None),
            ("c", "mean_index", 50, None), ("c", "women", 50, None)]
    result = workshop_result(crit, allocations(rows))
    w = result.weights.set_index("criterion")
    assert w.loc["mean_index", "median"] == 50 and w.loc["women", "median"] == 40
    assert w.loc["mean_index", "mean"] == pytest.approx(130 / 3)
    assert w.loc["mean_index", "spread"] == pytest.approx(20.0)  # 55 - 35
    assert w["consensus_weight"].sum() == pytest.approx(100)
    assert w.loc["mean_index", "consensus_weight"] == pytest.approx(100 * 50 / 90)
    # the consensus ranking is rank_districts under the consensus weights
    direct = rank_districts(crit, weights=dict(w["consensus_weight"]),
                            directions=dict(w["direction"])).table["rank"]
    c = result.consensus.set_index("district_code")
    assert (c["rank"].astype(float) == direct.reindex(c.index)).all()
    assert (c["rank_min"] <= c["rank"]).all() and (c["rank"] <= c["rank_max"]).all()
    assert len(c) == len(crit) and result.participants == 3
    assert (c["rank_max"] - c["rank_min"] == c["rank_spread"]).all()


def test_complete_disagreement_falls_back_to_the_mean():
    result = workshop_result(criteria_table(), allocations([("a", "women", 100, None),
                                                            ("b", "coverage", 100, None),
                                                            ("c", "mean_index", 100, None)]))
    w = result.weights.set_index("criterion")
    assert (w["consensus_from"] == "mean").all()
    assert w.loc["women", "consensus_weight"] == pytest.approx(100 / 3)


def test_aggregate_needs_someone():
    with pytest.raises(ValueError, match="participant"):
        aggregate_weights(allocations([]))


def test_parse_accepts_turkish_headers_semicolons_and_decimal_commas():
    data = "katılımcı;ölçüt;puan;yön\nK1;women;62,5;\nK1;coverage;37,5;düşük\n".encode("cp1254")
    frame, problems = parse_allocations(data, "puan.csv")
    assert problems.empty, problems
    assert frame["points"].tolist() == [62.5, 37.5]
    assert frame["direction"].tolist() == [None, "lower_is_priority"]


@pytest.mark.parametrize(("text", "code", "row", "column"), [
    ("participant,criterion,points\nA,women,60\n", "budget", 2, "points"),
    ("participant,criterion,points\nA,nope,100\n", "unknown_criterion", 2, "criterion"),
    ("participant,criterion,points\nA,women,yüz\n", "not_a_number", 2, "points"),
    ("participant,criterion,points\nA,women,-5\nA,coverage,105\n", "points_range", 2, "points"),
    ("participant,criterion,points\n,women,100\n", "empty_participant", 2, "participant"),
    ("participant,criterion,points\nA,women,50\nA,women,50\n", "duplicate", 3, "criterion"),
    ("participant,criterion,points,direction\nA,mean_index,100,high\n", "fixed_direction", 2,
     "direction"),
    ("participant,criterion,points,direction\nA,women,100,sideways\n", "bad_direction", 2,
     "direction"),
    ("who,what\nA,women\n", "missing_column", 1, "participant, criterion, points"),
    ("participant,criterion,points\n", "empty", 0, ""),
])
def test_bad_files_get_a_problems_table(text, code, row, column):
    _, problems = parse_allocations(text.encode(), "bad.csv")
    hit = problems[problems["code"] == code]
    assert not hit.empty, problems
    assert hit.iloc[0]["row"] == row and hit.iloc[0]["column"] == column
    assert hit.iloc[0]["file"] == "bad.csv"
    assert hit.iloc[0]["problem"] and hit.iloc[0]["problem_en"]


def test_hostile_files_are_bounded():
    _, problems = parse_allocations(b"x" * (3 * 1024 * 1024), "big.csv")
    assert problems["code"].tolist() == ["too_large"]
    _, problems = parse_allocations(b"\x00\x01\x02binary", "bin.csv")
    assert len(problems) == 1 and problems.iloc[0]["row"] == 0
    many = "participant,criterion,points\n" + "A,women,0\n" * 25_000
    _, problems = parse_allocations(many.encode(), "many.csv")
    assert "too_many_rows" in set(problems["code"])


def test_validate_allocations_checks_the_budget_of_a_form():
    frame = allocations([("a", "women", 70, None), ("a", "coverage", 20, None)])
    assert validate_allocations(frame, "form")["code"].tolist() == ["budget"]
    assert validate_allocations(allocations([("a", "women", 100, None)])).empty


def test_ranking_without_reasons_gives_the_same_ranks_and_scores():
    crit = criteria_table(n=20, seed=9)
    w = {"women": 3.0, "mean_index": 1.0, "coverage": 0.0}
    full = rank_districts(crit, weights=w).table
    fast = rank_districts(crit, weights=w, reasons=False).table
    pd.testing.assert_series_equal(full["rank"], fast["rank"])
    pd.testing.assert_series_equal(full["score"], fast["score"])
    assert (fast["reason_tr"] == "").all() and full["reason_tr"].str.len().gt(0).all()
    assert full["criteria_missing"].tolist() == fast["criteria_missing"].tolist()


@pytest.mark.slow
def test_any_budget_allocation_gives_weights_of_100_and_ranges_around_the_consensus():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    crit = criteria_table(n=10, seed=2)

    @st.composite
    def allocation_sets(draw):
        rows = []
        for p in range(draw(st.integers(1, 6))):
            cuts = sorted(draw(st.lists(st.integers(0, 100), min_size=len(IDS) - 1,
                                        max_size=len(IDS) - 1)))
            points = np.diff([0, *cuts, 100])
            rows += [(f"K{p}", c, float(x), None) for c, x in zip(IDS, points, strict=True) if x]
        return allocations(rows)

    @settings(max_examples=15, deadline=None)
    @given(allocation_sets())
    def check(alloc):
        result = workshop_result(crit, alloc)
        assert result.weights["consensus_weight"].sum() == pytest.approx(100)
        c = result.consensus
        ranked = c["rank"].notna()
        assert ((c.loc[ranked, "rank_min"] <= c.loc[ranked, "rank"])
                & (c.loc[ranked, "rank"] <= c.loc[ranked, "rank_max"])).all()
        assert result.participants == alloc["participant"].nunique()

    check()

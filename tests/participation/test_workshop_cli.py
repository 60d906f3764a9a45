"""``gendermap workshop result`` on an allocations file the repository does not hold."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from gendermap.cli import main
from gendermap.focus import CRITERIA

pytestmark = pytest.mark.participation


@pytest.fixture
def build_dir(tmp_path, monkeypatch):
    """A build folder with a focus table of 50 districts (the shape the build writes)."""
    rng = np.random.default_rng(7)
    n = 50
    table = pd.DataFrame({c.id: rng.random(n) * 50 for c in CRITERIA})
    table.insert(0, "district_code", range(400, 400 + n))
    table.insert(1, "district", [f"İlçe{i}" for i in range(n)])
    table.insert(2, "province", ["İzmir"] * 30 + ["Balıkesir"] * 20)
    table["synthetic"] = True
    build = tmp_path / "build"
    build.mkdir()
    table.to_parquet(build / "focus.parquet")
    monkeypatch.setenv("GENDERMAP_BUILD_DIR", str(build))
    return table


def test_result_writes_consensus_and_weights(tmp_path, build_dir, capsys):
    rng = np.random.default_rng(11)
    rows = []
    for p in range(9):
        points = rng.multinomial(100, [1 / len(CRITERIA)] * len(CRITERIA))
        rows += [(f"K{p}", c.id, int(x)) for c, x in zip(CRITERIA, points, strict=True)]
    rows += [("tek", "inequality_clusters", 100)]
    file = tmp_path / "puanlar.csv"
    pd.DataFrame(rows, columns=["participant", "criterion", "points"]).to_csv(file, index=False)
    assert main(["workshop", "result", "--allocations", str(file), "--out", str(tmp_path / "o")]) == 0
    out = pd.read_csv(tmp_path / "o" / "consensus.csv", encoding="utf-8-sig")
    assert list(out.columns)[:7] == ["district_code", "district", "province", "rank", "score",
                                     "rank_min", "rank_max"]
    assert len(out) == 50 and out["synthetic"].all()
    assert ((out["rank_min"] <= out["rank"]) & (out["rank"] <= out["rank_max"])).all()
    ranks = pd.read_csv(tmp_path / "o" / "participant_ranks.csv", encoding="utf-8-sig")
    expected = build_dir.set_index("district_code")["inequality_clusters"].rank(
        ascending=False, method="min")
    assert (ranks.set_index("district_code")["tek"] == expected.reindex(ranks["district_code"])).all()
    weights = pd.read_csv(tmp_path / "o" / "weights.csv", encoding="utf-8-sig")
    assert {"median", "mean", "spread"} <= set(weights.columns) and len(weights) == len(CRITERIA)
    assert "ÖRNEK VERİ" in capsys.readouterr().err


def test_bad_file_prints_problems_and_writes_nothing(tmp_path, build_dir, capsys):
    file = tmp_path / "bozuk.csv"
    file.write_text("participant,criterion,points\nA,women,70\nB,kimbilir,100\n", encoding="utf-8")
    assert main(["workshop", "result", "--allocations", str(file), "--out", str(tmp_path / "o")]) == 1
    printed = capsys.readouterr().out
    assert "bozuk.csv" in printed and "kimbilir" in printed and "70" in printed
    assert not (tmp_path / "o").exists()

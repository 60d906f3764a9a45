"""Benchmark: Monte Carlo rank uncertainty at the project's real size.

Target (issues 3 and 9): 1,000 draws over about 2,500 mahalle and 12+ indicators in under
3 s on the 2-core project machine, for :func:`rank_uncertainty` (what the build, the app and
``gendermap analyse`` run: weights around the user's and the method's choices varied). Synthetic inputs of that size (10 % of cells missing); prints
one JSON object. Run: ``.venv/bin/python benchmarks/bench_uncertainty.py [--units N]
[--indicators K] [--draws D] [--repeat R]``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time

import numpy as np
import pandas as pd

from gendermap.composite import METHODS, indicator_scores
from gendermap.uncertainty import rank_uncertainty


def synthetic_inputs(
    units: int, indicators: int, themes: int, seed: int = 1
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, int], dict[str, str]]:
    rng = np.random.default_rng(seed)
    index = pd.Index([f"{40000 + i}" for i in range(units)], name="mahalle_code")
    names = [f"ind{j:02d}" for j in range(indicators)]
    base = rng.uniform(0.05, 0.9, size=(units, indicators))
    women = np.clip(base * rng.normal(0.9, 0.15, size=base.shape), 0, 1)
    men = np.clip(base * rng.normal(1.05, 0.1, size=base.shape), 0, 1)
    women[rng.random(women.shape) < 0.1] = np.nan
    directions = {n: (1 if j % 3 else -1) for j, n in enumerate(names)}
    theme_of = {n: f"theme{j % themes}" for j, n in enumerate(names)}
    return (
        pd.DataFrame(women, index=index, columns=names),
        pd.DataFrame(men, index=index, columns=names),
        directions,
        theme_of,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=2500)
    parser.add_argument("--indicators", type=int, default=12)
    parser.add_argument("--themes", type=int, default=5)
    parser.add_argument("--draws", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    women, men, directions, themes = synthetic_inputs(args.units, args.indicators, args.themes)
    scores = {m: indicator_scores(women, men, directions, m) for m in METHODS}  # type: ignore[arg-type]
    timings, cpu = [], []
    result = None
    for _ in range(args.repeat):
        start, cpu_start = time.perf_counter(), time.process_time()
        result = rank_uncertainty(
            scores, themes=themes, method="eige", theme_weights={"theme0": 2.0}, n_draws=args.draws, seed=7
        )
        timings.append(time.perf_counter() - start)
        cpu.append(time.process_time() - cpu_start)
    assert result is not None
    print(
        json.dumps(
            {
                "benchmark": "rank_uncertainty",
                "units": args.units,
                "indicators": args.indicators,
                "themes": args.themes,
                "draws": args.draws,
                "seconds_best": round(min(timings), 3),
                "seconds_all": [round(t, 3) for t in timings],
                "cpu_seconds_best": round(min(cpu), 3),  # wall time on a shared machine includes waiting
                "load_average_1min": round(os.getloadavg()[0], 2),
                "target_seconds": 3.0,
                "within_target": min(timings) < 3.0,
                "ranked_units": int(result["rank_median"].notna().sum()),
                "stability_counts": result["stability"].value_counts().to_dict(),
                "cpus": os.cpu_count(),
                "python": platform.python_version(),
                "numpy": np.__version__,
            }
        )
    )


if __name__ == "__main__":
    main()

"""Run every benchmark and collect their JSON into one file.

    make bench                               # all, results in build/benchmarks/results.json
    .venv/bin/python benchmarks/run.py --only build uncertainty

Each benchmark is its own script printing one JSON object; this runner starts each in a
fresh process (so import and cache costs count as they do for a user), keeps what it
printed, and exits non-zero when one failed to run. The floors the issues set are read
inside each result (``targets`` / ``*_under_*`` keys); this runner does not judge them.
Run it under ``scripts/with-postgres.sh`` (as ``make bench`` does) for the PostgreSQL half
of the monitoring load test.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

BENCHMARKS: dict[str, list[str]] = {
    "build": ["bench_build.py", "--repeat", "1"],
    "uncertainty": ["bench_uncertainty.py"],
    "report": ["bench_report.py", "--all"],
    "app": ["bench_app.py"],
    "monitor_load": ["monitor_load.py", "--duration", "60"],
    "upload": ["bench_upload.py"],
    "import": ["bench_import.py"],
    "signin": ["bench_signin.py"],
}


def _last_json(text: str) -> object:
    """The JSON object a benchmark printed (whole output, or its last parseable block)."""
    text = text.strip()
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        pass
    start = text.rfind("\n{")
    while start != -1:
        try:
            return json.loads(text[start + 1 :])
        except json.JSONDecodeError:
            start = text.rfind("\n{", 0, start)
    return json.loads(text[text.index("{") :])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", nargs="*", choices=sorted(BENCHMARKS), help="run only these")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "benchmarks" / "results.json")
    args = parser.parse_args(argv)
    names = args.only or list(BENCHMARKS)
    results: dict[str, object] = {}
    failed = []
    for name in names:
        script, *extra = BENCHMARKS[name]
        print(f"[bench] {name} ...", file=sys.stderr, flush=True)
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, str(HERE / script), *extra], cwd=ROOT, capture_output=True, text=True
        )
        seconds = round(time.perf_counter() - started, 1)
        try:
            results[name] = {"result": _last_json(done.stdout), "exit": done.returncode, "wall_s": seconds}
        except (json.JSONDecodeError, ValueError):
            results[name] = {"exit": done.returncode, "wall_s": seconds, "stderr": done.stderr[-2000:]}
        if done.returncode != 0:
            failed.append(name)
        print(f"[bench] {name}: exit {done.returncode} in {seconds} s", file=sys.stderr, flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2, ensure_ascii=False))
    print(f"[bench] wrote {args.out}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())

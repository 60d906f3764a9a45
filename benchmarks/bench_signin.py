"""Sign-in under attack, with production argon2 (64 MiB per hash), as issue 10 tried it.

    .venv/bin/python benchmarks/bench_signin.py            # SQLite (+ PostgreSQL under
    bash scripts/with-postgres.sh .venv/bin/python benchmarks/bench_signin.py   # with-postgres)

1. 32 simultaneous sign-ins (distinct names): the most password hashes that ran at once
   and the growth of the process's peak memory (before: 32 x 64 MiB = 2 GB).
2. 40 parallel guesses at one account, the right password last: is it refused while
   locked, and how many guesses reached a password check.
3. An unknown name against a known one: the same answers and the time each takes.

Prints one JSON object (``benchmarks/run.py`` collects it).
"""

from __future__ import annotations

import json
import os
import re
import resource
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from argon2 import PasswordHasher
from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from gendermap.monitor import auth  # noqa: E402
from gendermap.monitor.auth import Actor  # noqa: E402
from gendermap.monitor.errors import SignInError  # noqa: E402
from gendermap.monitor.store import MonitorStore  # noqa: E402

PASSWORD = "doğru-parola-123"
SYSTEM = Actor.system_actor("bench")


class Counting(PasswordHasher):
    """Production parameters; counts verifications and the most running at once."""

    def __init__(self) -> None:
        super().__init__()
        self.calls = self.active = self.peak = 0
        self._lock = threading.Lock()

    def verify(self, hash: str | bytes, password: str | bytes) -> bool:  # noqa: A002
        with self._lock:
            self.calls += 1
            self.active += 1
            self.peak = max(self.peak, self.active)
        try:
            return super().verify(hash, password)
        finally:
            with self._lock:
                self.active -= 1


def _attempt(store: MonitorStore, name: str, password: str) -> object:
    try:
        return store.sign_in(name, password)
    except SignInError as error:
        return error


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(store: MonitorStore) -> dict[str, object]:
    hasher = Counting()
    auth._HASHER = hasher
    store.add_user(SYSTEM, "ayse", PASSWORD, "admin")
    out: dict[str, object] = {}

    before = _peak_rss_mb()
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=32) as pool:
        list(pool.map(lambda i: _attempt(store, f"kisi{i}", "yanlış-parola-1"), range(32)))
    out["concurrent_32"] = {
        "seconds": round(time.perf_counter() - start, 2),
        "peak_hashes_at_once": hasher.peak,
        "hash_limit": auth.MAX_CONCURRENT_HASHES,
        "peak_rss_growth_mb": round(_peak_rss_mb() - before, 1),
    }

    hasher.calls = 0
    barrier = threading.Barrier(40)

    def guess(i: int) -> object:
        barrier.wait()
        if i == 39:
            time.sleep(0.5)  # the right password arrives last, while the others race
        return _attempt(store, "ayse", PASSWORD if i == 39 else "yanlış-parola-1")

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=40) as pool:
        outcomes = list(pool.map(guess, range(40)))
    last = outcomes[-1]
    out["parallel_40_right_last"] = {
        "seconds": round(time.perf_counter() - start, 2),
        "right_password_refused": isinstance(last, SignInError),
        "answer": str(last) if isinstance(last, SignInError) else "signed in",
        "signed_in": sum(not isinstance(o, SignInError) for o in outcomes),
        "password_checks": hasher.calls,
    }

    answers: dict[str, list[str]] = {}
    store.add_user(SYSTEM, "fatma", PASSWORD, "viewer")
    for name in ("fatma", "kimse-yok"):
        seen = [str(_attempt(store, name, "yanlış-parola-1")) for _ in range(auth.FREE_ATTEMPTS + 1)]
        answers[name] = [re.sub(r"\d+", "N", a) for a in seen]  # the wait depends on timing
    times: dict[str, list[float]] = {"known": [], "unknown": []}
    for i in range(8):  # interleaved, so load from elsewhere falls on both alike
        store.add_user(SYSTEM, f"bilinen{i}", PASSWORD, "viewer")
        for kind, name in (("known", f"bilinen{i}"), ("unknown", f"bilinmeyen{i}")):
            started = time.perf_counter()
            _attempt(store, name, "yanlış-parola-1")
            times[kind].append(time.perf_counter() - started)
    out["known_vs_unknown"] = {
        "same_answers": answers["fatma"] == answers["kimse-yok"],
        "answers": answers["fatma"],
        "known_median_ms": round(statistics.median(times["known"]) * 1000, 1),
        "unknown_median_ms": round(statistics.median(times["unknown"]) * 1000, 1),
    }
    return out


def main() -> int:
    results: dict[str, object] = {"argon2_memory_kib": PasswordHasher().memory_cost}
    with tempfile.TemporaryDirectory() as tmp:
        store = MonitorStore(f"sqlite:///{Path(tmp) / 'm.sqlite'}")
        results["sqlite"] = run(store)
        store.close()
    url = os.environ.get("GENDERMAP_TEST_PG_URL")
    if url:
        schema = f"bench_{os.getpid()}"
        admin = create_engine(url)
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        try:
            engine = create_engine(url, connect_args={"options": f"-csearch_path={schema}"})
            store = MonitorStore(engine=engine)
            results["postgresql"] = run(store)
            store.close()
        finally:
            with admin.begin() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()
    backends = [v for k, v in results.items() if k in ("sqlite", "postgresql")]
    results["targets"] = {
        "right_password_refused_while_locked": all(
            b["parallel_40_right_last"]["right_password_refused"] for b in backends  # type: ignore[index]
        ),
        "same_answer_unknown_and_known": all(
            b["known_vs_unknown"]["same_answers"] for b in backends  # type: ignore[index]
        ),
        "hashes_bounded": all(
            b["concurrent_32"]["peak_hashes_at_once"] <= auth.MAX_CONCURRENT_HASHES  # type: ignore[index]
            for b in backends
        ),
    }
    print(json.dumps(results, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

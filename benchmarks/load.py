"""Load: a fixed number of requests from a thread pool against `armswatch serve`, while an ingest writes the same store.

    .venv/bin/python benchmarks/load.py                      # 5,000 requests, 8 threads, 100k-claim store, 300-article ingest
    .venv/bin/python benchmarks/load.py --requests 500 --claims 20000 --json out.json

Why: the dashboard and an ingester share one SQLite file (WAL) in the common deployment; the store must
answer under write load without errors. Everything stays on 127.0.0.1: the server is a child process
on a free port, the ingest another child process, the load comes from this process. The store is built
with the API benchmark's synthetic batches (armswatch.bench.api.build_store, reused when it exists) and
the ingest reads a generated corpus (armswatch.bench.corpus). Prints requests/s, p50/p95/p99, errors,
and whether the ingest ran for the whole load.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

from armswatch.bench.api import _free_port, _queries, build_store
from armswatch.bench.corpus import write_corpus

ARMSWATCH = [sys.executable, "-m", "armswatch"]


def _wait_up(base: str, proc: subprocess.Popen[bytes], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("armswatch serve exited before it answered")
        try:
            if httpx.get(f"{base}/api/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"armswatch serve did not answer in {seconds:g} s")


def _percentiles(ms: list[float]) -> dict[str, float]:
    q = statistics.quantiles(ms, n=100, method="inclusive")
    return {"p50_ms": round(q[49], 1), "p95_ms": round(q[94], 1), "p99_ms": round(q[98], 1), "max_ms": round(max(ms), 1)}


def run(requests: int, threads: int, claims: int, articles: int, workdir: Path) -> dict[str, Any]:
    """Build or reuse the store, start the server and the ingest, fire `requests` GETs; plain data, JSON-ready."""
    db = workdir / f"load-{claims}.db"
    built = build_store(db, claims, seed=0, progress=lambda m: print(m, file=sys.stderr, flush=True))
    corpus = write_corpus(workdir / f"load-corpus-{articles}.jsonl", articles, "jsonl", seed=5)
    paths = [("/api/events?" + q) if q else "/api/events" for _kind, q in _queries(0, requests)]
    for i in range(0, requests, 10):  # one in ten: the overview page's data
        paths[i] = "/api/overview"
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [*ARMSWATCH, "serve", "--db", str(db), "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    ingest: subprocess.Popen[bytes] | None = None
    try:
        _wait_up(base, server)
        env = {**os.environ, "ARMSWATCH_BATCH_SIZE": "25"}
        ingest = subprocess.Popen(
            [*ARMSWATCH, "ingest", str(corpus), "--db", str(db), "--top", "0"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        ingest_started = time.perf_counter()
        time.sleep(3)  # let the ingest load its extractor and begin writing before the load starts
        times: list[float] = []
        errors: Counter[str] = Counter()
        with httpx.Client(base_url=base, timeout=60, limits=httpx.Limits(max_connections=threads)) as client:

            def get(path: str) -> tuple[float, str | None]:
                t0 = time.perf_counter()
                try:
                    res = client.get(path)
                except httpx.HTTPError as exc:
                    return (time.perf_counter() - t0) * 1000, exc.__class__.__name__
                return (time.perf_counter() - t0) * 1000, None if res.status_code == 200 else str(res.status_code)

            start = time.perf_counter()
            with ThreadPoolExecutor(threads) as pool:
                for ms, error in pool.map(get, paths):
                    if error is None:
                        times.append(ms)
                    else:
                        errors[error] += 1
            wall = time.perf_counter() - start
        ingest_running_at_end = ingest.poll() is None
        code = ingest.wait(timeout=1800)
        ingest_seconds = time.perf_counter() - ingest_started
    finally:
        if ingest is not None and ingest.poll() is None:
            ingest.kill()
            ingest.wait()
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    return {
        "store": built,
        "requests": requests,
        "threads": threads,
        "ok": len(times),
        "errors": sum(errors.values()),
        "error_kinds": dict(errors),
        "requests_per_s": round(len(times) / wall, 1),
        "wall_s": round(wall, 1),
        **_percentiles(times),
        "ingest": {
            "articles": articles,
            "exit_code": code,
            "seconds": round(ingest_seconds, 1),
            "running_when_load_ended": ingest_running_at_end,
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--requests", type=int, default=5_000)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--claims", type=int, default=100_000, help="claims in the synthetic store (built once, then reused)")
    parser.add_argument("--articles", type=int, default=300, help="articles the concurrent ingest reads")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()))
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    result = run(args.requests, args.threads, args.claims, args.articles, args.workdir)
    text = json.dumps(result, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n")
    return 0 if result["errors"] == 0 and result["ingest"]["exit_code"] in (0, 1) else 1


if __name__ == "__main__":
    sys.exit(main())

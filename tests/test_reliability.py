"""Crash safety on PostgreSQL and an ingester beside the dashboard: the store stays what a serial run would make.

tests/test_pipeline.py kills SQLite ingests; here the same kill -9 hits an ingest into a PostgreSQL schema
(skipped without ARMSWATCH_TEST_PG), and `armswatch serve` answers a burst of requests while another
process writes into the same SQLite file (WAL): no 5xx, and the final store equals a serial ingest.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa

from armswatch.store import SqlStore, open_store
from tests.conftest import StoreFactory

ARMSWATCH = [sys.executable, "-m", "armswatch"]
DOCS = 1000
BATCH = 25


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from armswatch.bench.corpus import write_corpus

    return write_corpus(tmp_path_factory.mktemp("rel") / "corpus.jsonl", DOCS, "jsonl", seed=11)


def _ingest(corpus: Path, url: str) -> None:
    env = {**os.environ, "ARMSWATCH_BATCH_SIZE": str(BATCH)}
    done = subprocess.run(
        [*ARMSWATCH, "ingest", str(corpus), "--db", url, "--top", "0"], env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr


def _count(store: SqlStore) -> int:
    try:
        with store.engine.connect() as conn:
            return int(conn.execute(sa.text("select count(*) from documents")).scalar_one())
    except sa.exc.DBAPIError:
        return 0


@pytest.mark.postgres
@pytest.mark.parametrize("make_store", ["postgres"], indirect=True)
def test_reliability_kill_9_mid_ingest_into_postgres_then_rerun_converges(make_store: StoreFactory, corpus: Path) -> None:
    """A kill -9 mid-ingest into PostgreSQL leaves whole batches only; the rerun ends where an uninterrupted run ends."""
    killed, whole = make_store(), make_store()
    env = {**os.environ, "ARMSWATCH_BATCH_SIZE": str(BATCH)}
    proc = subprocess.Popen(
        [*ARMSWATCH, "ingest", str(corpus), "--db", killed.url, "--top", "0"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 120
    stored = 0
    while time.monotonic() < deadline and proc.poll() is None and stored < 100:
        time.sleep(0.05)
        stored = _count(killed)
    assert proc.poll() is None, "the ingest ended before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    after = _count(killed)
    assert 0 < after < DOCS and after % BATCH == 0  # whole batches only: the one in flight left nothing
    _ingest(corpus, killed.url)
    _ingest(corpus, whole.url)
    assert killed.table_digest() == whole.table_digest()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(db: str) -> Iterator[str]:
    """`armswatch serve` over `db` on a free loopback port, until the block ends; yields its base URL."""
    port = _free_port()
    proc = subprocess.Popen(
        [*ARMSWATCH, "serve", "--db", db, "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else "serve exited"
            try:
                if httpx.get(f"{base}/api/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "serve did not come up in 60 s"
            time.sleep(0.1)
        yield base
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stderr:
            proc.stderr.close()


REQUESTS = 300
MAX_REQUESTS = 3000
PATHS = ("/api/events?limit=50", "/api/overview", "/api/events?order=outlets&limit=20", "/api/events?supplier=IRN")


def test_reliability_dashboard_while_ingesting_sqlite_no_errors_same_store(tmp_path: Path, corpus: Path) -> None:
    """An ingest in one process, the dashboard in another, this process firing GETs at it: no 5xx, no failed
    connection, and the store at the end equals a serial ingest of the same corpus."""
    db = tmp_path / "live.db"
    store = open_store(str(db))
    store.upgrade()
    store.close()
    statuses: list[int] = []
    overlapped = 0  # requests sent while the ingest was running
    with serving(str(db)) as base:
        env = {**os.environ, "ARMSWATCH_BATCH_SIZE": str(BATCH)}
        ingest = subprocess.Popen(
            [*ARMSWATCH, "ingest", str(corpus), "--db", str(db), "--top", "0"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        live = open_store(str(db))
        deadline = time.monotonic() + 120
        while _count(live) == 0 and ingest.poll() is None and time.monotonic() < deadline:  # fire once writing has begun
            time.sleep(0.05)
        live.close()
        with httpx.Client(base_url=base, timeout=30) as client:

            def get(i: int) -> int:
                return client.get(PATHS[i % len(PATHS)]).status_code

            with ThreadPoolExecutor(8) as pool:
                # rounds of 50 while the ingest writes; at least REQUESTS in all, at most MAX_REQUESTS
                while len(statuses) < MAX_REQUESTS and (ingest.poll() is None or len(statuses) < REQUESTS):
                    running = ingest.poll() is None
                    statuses.extend(pool.map(get, range(len(statuses), len(statuses) + 50)))
                    overlapped += 50 if running else 0
        _out, err = ingest.communicate(timeout=600)
        assert ingest.returncode == 0, err
        after = httpx.get(f"{base}/api/overview", timeout=10)
        assert after.status_code == 200
    assert len(statuses) >= REQUESTS and all(s == 200 for s in statuses), sorted(set(statuses))
    assert overlapped >= 100, f"only {overlapped} requests while the ingest ran: too little was tested at the same time"
    serial = tmp_path / "serial.db"
    _ingest(corpus, str(serial))
    live, alone = open_store(str(db)), open_store(str(serial))
    assert live.counts().documents == DOCS
    assert live.table_digest() == alone.table_digest()
    live.close()
    alone.close()

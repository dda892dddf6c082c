"""The Dask engine on a real LocalCluster (two single-threaded worker processes on 127.0.0.1): the same store as the
local engine, workers killed mid-job, a client killed mid-job, resuming, fsspec URLs, the CLI."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from armswatch import scale
from armswatch.config import Settings
from armswatch.ingest.sources import iter_documents, readable_files
from armswatch.model import Document
from armswatch.pipeline import ingest
from armswatch.scale import ShardFailed, ingest_dask, shards
from armswatch.store import ClaimFilter, SqlStore, open_store

SAMPLE = Path(__file__).resolve().parents[1] / "armswatch" / "samples" / "corpus"
SETTINGS = Settings(batch_size=25)  # several batches a shard, so batch order and boundaries matter
SAME_EITHER_WAY = ("documents", "doc_bands", "claims", "events", "event_claims", "ingest_log")


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    """One cluster for the module. A task whose worker dies twice fails for good (KilledWorker), so a test can
    make a shard fail without waiting for four restarts."""
    from distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address="127.0.0.1:0",
            scheduler_kwargs={"allowed_failures": 1},
        ) as cluster,
        Client(cluster) as c,
    ):
        yield c


@pytest.fixture(scope="module")
def gen_shards(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """400 generated articles in 4 JSON Lines shards of 100."""
    from armswatch.bench.corpus import write_corpus

    folder = tmp_path_factory.mktemp("shards")
    lines = write_corpus(folder / "all.jsonl.tmp", 400, "jsonl", seed=11).read_text().splitlines(keepends=True)
    (folder / "all.jsonl.tmp").unlink()
    names = []
    for i in range(4):
        shard = folder / f"shard-{i}.jsonl"
        shard.write_text("".join(lines[i * 100 : (i + 1) * 100]))
        names.append(str(shard))
    return names


def _store(tmp_path: Path, name: str) -> SqlStore:
    store = open_store(str(tmp_path / f"{name}.db"))
    store.upgrade()
    return store


@pytest.fixture(scope="module")
def gen_local(tmp_path_factory: pytest.TempPathFactory, gen_shards: list[str]) -> dict[str, str]:
    """The local engine's store over the generated shards, as table digests: what every Dask run must equal."""
    store = _store(tmp_path_factory.mktemp("local"), "local")
    ingest(gen_shards, store, SETTINGS)
    digest = store.table_digest()
    store.close()
    return digest


def test_scale_shards_are_the_files_the_folder_reads_in_its_order() -> None:
    names = list(shards([str(SAMPLE)]))
    assert names == [str(f) for f in readable_files(SAMPLE)] and len(names) == 20
    labels = [i.label for i in iter_documents([str(SAMPLE)], Settings()) if isinstance(i, Document)]
    assert labels == [i.label for i in iter_documents(names, Settings()) if isinstance(i, Document)]


def test_scale_dask_equals_local_on_the_sample_corpus(client: Any, tmp_path: Path) -> None:
    folder_local, files_local, dask = (_store(tmp_path, n) for n in ("folder", "files", "dask"))
    ingest([str(SAMPLE)], folder_local, SETTINGS)
    ingest(list(shards([str(SAMPLE)])), files_local, SETTINGS)
    summary = ingest_dask([str(SAMPLE)], dask, SETTINGS, client)
    assert summary.stored == 55 and summary.claims > 100 and summary.near_duplicates >= 2
    assert dask.table_digest() == files_local.table_digest()
    # Given the folder, the local engine batches across its files; claims and events are the same all the same
    # (outlet display names and the finished-shard rows depend on batch boundaries).
    a, b = folder_local.table_digest(), dask.table_digest()
    assert {t: a[t] for t in SAME_EITHER_WAY} == {t: b[t] for t in SAME_EITHER_WAY}


def test_scale_dask_equals_local_on_generated_shards_and_reruns_skip_them(
    client: Any, tmp_path: Path, gen_shards: list[str], gen_local: dict[str, str]
) -> None:
    store = _store(tmp_path, "dask")
    first = ingest_dask(gen_shards[:2], store, SETTINGS, client, window=2)
    assert first.read == 200
    whole = ingest_dask(gen_shards, store, SETTINGS, client)
    assert whole.read == 200 and whole.already_stored == 0  # the first two shards were skipped unread
    assert store.table_digest() == gen_local
    again = ingest_dask(gen_shards, store, SETTINGS, client)
    assert again.read == 0 and store.table_digest() == gen_local


def dying_work_shard(name: str, settings: Settings, batch_size: int, network: scale.Network | None = None) -> list[scale.Part]:
    """work_shard, but the worker that takes shard-2 dies on the spot (kill -9 of its own process) the first time,
    or every time while a file named `poison` lies next to the shards."""
    here = Path(name).parent
    if name.endswith("shard-2.jsonl") and ((here / "poison").exists() or not (here / "killed-once").exists()):
        (here / "killed-once").touch()
        os.kill(os.getpid(), signal.SIGKILL)
    return scale.work_shard(name, settings, batch_size, network)


@pytest.fixture()
def killing(monkeypatch: pytest.MonkeyPatch, gen_shards: list[str]) -> Iterator[Path]:
    folder = Path(gen_shards[0]).parent
    monkeypatch.setattr(scale, "work_shard", dying_work_shard)
    yield folder
    for marker in ("poison", "killed-once"):
        (folder / marker).unlink(missing_ok=True)


def test_scale_a_worker_killed_mid_job_loses_and_doubles_nothing(
    client: Any, tmp_path: Path, gen_shards: list[str], gen_local: dict[str, str], killing: Path
) -> None:
    store = _store(tmp_path, "dask")
    summary = ingest_dask(gen_shards, store, SETTINGS, client)  # the scheduler runs the dead worker's shard again
    assert (killing / "killed-once").exists()
    assert summary.read == 400 and store.table_digest() == gen_local


def test_scale_a_shard_failing_for_good_stops_the_job_and_a_rerun_finishes_it(
    cli: Callable[..., Any], client: Any, tmp_path: Path, gen_shards: list[str], gen_local: dict[str, str], killing: Path
) -> None:
    (killing / "poison").touch()
    store = _store(tmp_path, "dask")
    with pytest.raises(ShardFailed) as failed:
        ingest_dask(gen_shards, store, SETTINGS, client)
    assert failed.value.source == gen_shards[2] and "KilledWorker" in str(failed.value)
    assert failed.value.summary.read == 200  # shards 0 and 1, written in order; nothing after the failed one
    assert store.counts().documents == 200
    # The command says so and fails; run again (still poisoned) it skips the two finished shards and stops again.
    command = ("ingest", *gen_shards, "--db", store.url, "--engine", "dask", "--scheduler", client.scheduler.address, "--top", "0")
    res = cli(*command, env={"ARMSWATCH_BATCH_SIZE": "25"})
    assert res.exit_code == 1 and "read 0 documents" in res.stderr
    assert f"{gen_shards[2]}: its task failed (KilledWorker" in res.stderr and "Run the same command again" in res.stderr
    (killing / "poison").unlink()
    res = cli(*command, env={"ARMSWATCH_BATCH_SIZE": "25"})
    assert res.exit_code == 0 and "read 200 documents" in res.stderr
    assert store.table_digest() == gen_local


def _count_documents(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=0.1) as conn:
            return int(conn.execute("select count(*) from documents").fetchone()[0])
    except sqlite3.Error:
        return 0


def test_scale_cli_client_killed_mid_job_then_rerun_converges(
    client: Any, tmp_path: Path, gen_shards: list[str], gen_local: dict[str, str]
) -> None:
    db = tmp_path / "k.db"
    env = {**os.environ, "ARMSWATCH_DB": str(db), "ARMSWATCH_BATCH_SIZE": "25"}
    cmd = [
        sys.executable,
        "-m",
        "armswatch",
        "ingest",
        *gen_shards,
        "--engine",
        "dask",
        "--scheduler",
        client.scheduler.address,
        "--top",
        "0",
    ]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    stored = 0
    while time.monotonic() < deadline and proc.poll() is None and stored < 25:
        time.sleep(0.02)
        stored = _count_documents(db) if db.exists() else 0
    assert proc.poll() is None, "the ingest ended before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert 0 < _count_documents(db) < 400
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    store = open_store(str(db))
    assert store.table_digest() == gen_local
    store.close()


def test_scale_cli_engine_options(
    cli: Callable[..., Any], client: Any, tmp_path: Path, gen_shards: list[str], gen_local: dict[str, str]
) -> None:
    db = tmp_path / "c.db"
    env = {"ARMSWATCH_BATCH_SIZE": "25"}
    res = cli("ingest", *gen_shards, "--db", str(db), "--engine", "dask", "--scheduler", client.scheduler.address, "--top", "0", env=env)
    assert res.exit_code == 0, res.output
    assert "read 400 documents" in res.stderr and "400 stored" in res.stderr
    store = open_store(str(db))
    assert store.table_digest() == gen_local
    store.close()
    assert cli("ingest", gen_shards[0], "--db", str(db), "--engine", "spark").exit_code == 2
    assert cli("ingest", gen_shards[0], "--db", str(db), "--scheduler", client.scheduler.address).exit_code == 2


def test_scale_fsspec_urls_are_read_on_the_workers(client: Any, tmp_path: Path, gen_shards: list[str]) -> None:
    folder = Path(gen_shards[0]).parent
    names = list(shards([folder.as_uri()]))
    assert names == [Path(n).as_uri() for n in gen_shards]
    assert all(scale.key_of(n) for n in names)  # size and modification time: resumable
    by_url, by_path = _store(tmp_path, "url"), _store(tmp_path, "path")
    summary = ingest_dask([folder.as_uri()], by_url, SETTINGS, client)
    ingest(gen_shards, by_path, SETTINGS)
    a, b = by_url.counts(), by_path.counts()
    assert summary.read == 400 and (a.documents, a.claims, a.events) == (b.documents, b.claims, b.events)
    [labelled] = by_url.claims(ClaimFilter(limit=1))
    assert labelled.record.claim.evidence.doc.startswith("file://")
    assert ingest_dask([folder.as_uri()], by_url, SETTINGS, client).read == 0
    missing = ingest_dask([(folder / "nope.jsonl").as_uri()], by_url, SETTINGS, client)
    assert missing.skipped_items and "fsspec" in missing.skipped_items[0].reason


@pytest.mark.slow
def test_scale_slow_10000_articles_in_20_shards_dask_equals_local(client: Any, tmp_path: Path) -> None:
    """The acceptance run: 10,000 generated articles in 20 JSON Lines shards, the local engine with two processes
    and Dask with two workers, identical stores; timings printed (docs/benchmarks.md, "Dask")."""
    from armswatch.bench.corpus import write_corpus

    lines = write_corpus(tmp_path / "all.jsonl", 10_000, "jsonl", seed=0).read_text().splitlines(keepends=True)
    names = []
    for i in range(20):
        shard = tmp_path / f"shard-{i:02d}.jsonl"
        shard.write_text("".join(lines[i * 500 : (i + 1) * 500]))
        names.append(str(shard))
    settings = Settings()
    local, dask = _store(tmp_path, "local"), _store(tmp_path, "dask")
    t = time.perf_counter()
    ingest(names, local, settings, workers=2)
    local_s = time.perf_counter() - t
    t = time.perf_counter()
    ingest_dask(names, dask, settings, client)
    dask_s = time.perf_counter() - t
    print(
        f"\n10,000 articles, 20 shards: local 2 processes {local_s:.1f} s ({10_000 / local_s:.0f} articles/s), "
        f"dask 2 workers {dask_s:.1f} s ({10_000 / dask_s:.0f} articles/s), dask/local time {dask_s / local_s:.2f}"
    )
    assert dask.table_digest() == local.table_digest()
    assert dask.counts().documents == 10_000


def test_scale_dask_equals_local_in_either_store(client: Any, make_store: Callable[[], SqlStore], gen_shards: list[str]) -> None:
    """SQLite, and PostgreSQL when ARMSWATCH_TEST_PG is set: the client writes to either through the same Writer."""
    local, dask = make_store(), make_store()
    ingest(gen_shards, local, SETTINGS)
    ingest_dask(gen_shards, dask, SETTINGS, client)
    assert dask.table_digest() == local.table_digest()


def test_scale_a_remote_shard_that_cannot_be_fetched_is_skipped_and_tried_again(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, gen_shards: list[str]
) -> None:
    """A network error is not a property of the shard, as a bad local file is: the job goes on, and the shard is not
    recorded as done. (A cluster of threads in this process, so the patched fsspec reaches the worker.)"""
    import fsspec
    from distributed import Client, LocalCluster

    def refuse(*args: object, **kwargs: object) -> None:
        raise ConnectionResetError("connection reset by peer")

    url = Path(gen_shards[0]).as_uri()
    store = _store(tmp_path, "remote")
    with (
        LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address="127.0.0.1:0") as cluster,
        Client(cluster) as local,
    ):
        with monkeypatch.context() as patch:
            patch.setattr(fsspec, "open", refuse)
            failed = ingest_dask([url], store, SETTINGS, local)
        [item] = failed.skipped_items
        assert item.label == url and "ConnectionResetError" in item.reason and "a rerun tries it again" in item.reason
        assert not store.source_done(scale.key_of(url))
        again = ingest_dask([url], store, SETTINGS, local)
    assert again.read == 100 and not again.skipped_items and store.source_done(scale.key_of(url))

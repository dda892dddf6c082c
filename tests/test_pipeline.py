"""The whole flow on the bundled sample corpus: ingest, idempotence, outlets, contested events, bad input, crashes."""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from armswatch.config import Settings
from armswatch.pipeline import ingest
from armswatch.store import EventFilter, open_store
from tests.conftest import jsonl

SAMPLE = Path(__file__).resolve().parents[1] / "armswatch" / "samples" / "corpus"


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory, extractor: object) -> Path:
    db = tmp_path_factory.mktemp("sample") / "sample.db"
    store = open_store(str(db))
    store.upgrade()
    summary = ingest([str(SAMPLE)], store, Settings.from_env(db=str(db)), extractor=extractor)  # type: ignore[arg-type]
    assert summary.stored == 55 and summary.not_extracted == 2 and summary.near_duplicates >= 2
    store.close()
    return db


def test_pipeline_sample_corpus_gives_events_with_outlets(sample_db: Path) -> None:
    store = open_store(str(sample_db))
    counts = store.counts()
    assert counts.documents == 55 and counts.claims > 100 and counts.events > 50 and counts.contested >= 3
    top = store.events(EventFilter(supplier="IRN", recipient="RUS", types=("transfer",), limit=5, order="outlets"))
    assert top and top[0].outlets >= 3
    store.close()


def test_pipeline_ingesting_twice_changes_nothing(sample_db: Path, extractor: object) -> None:
    store = open_store(str(sample_db))
    before = store.table_digest()
    summary = ingest([str(SAMPLE)], store, Settings.from_env(db=str(sample_db)), extractor=extractor)  # type: ignore[arg-type]
    assert summary.stored == 0 and summary.already_stored == 55
    assert store.table_digest() == before
    store.close()


def test_pipeline_syndicated_copy_raises_no_outlet_count(tmp_path: Path, extractor: object) -> None:
    text = (
        "Turkey has delivered six more Bayraktar TB2 drones to Poland, the Polish defence ministry said on Monday. "
        "The aircraft join a squadron at a base in the east of the country."
    )
    first = tmp_path / "a.jsonl"
    first.write_text(
        json.dumps({"text": text, "outlet": "Harbour Post", "url": "https://harbour.example/a", "published": "2023-05-02"}) + "\n"
    )
    copy = tmp_path / "b.jsonl"
    copy.write_text(
        json.dumps(
            {
                "text": text + " This article was syndicated from Harbour Post.",
                "outlet": "Inland Wire",
                "url": "https://inland.example/b",
                "published": "2023-05-03",
            }
        )
        + "\n"
    )
    other = tmp_path / "c.jsonl"
    other.write_text(
        '{"text": "Poland took delivery of more TB2 drones from Turkey this week, officials in Warsaw said.", '
        '"outlet": "Lake Times", "url": "https://lake.example/c", "published": "2023-05-04"}\n'
    )
    store = open_store(str(tmp_path / "s.db"))
    store.upgrade()
    settings = Settings.from_env(db=str(tmp_path / "s.db"))
    ingest([str(first), str(copy)], store, settings, extractor=extractor)  # type: ignore[arg-type]
    [event] = store.events(EventFilter(supplier="TUR", recipient="POL"))
    assert len(event.claim_ids) == 2 and event.outlets == 1
    ingest([str(other)], store, settings, extractor=extractor)  # type: ignore[arg-type]
    [event] = store.events(EventFilter(supplier="TUR", recipient="POL"))
    assert event.outlets == 2
    store.close()


def test_pipeline_contested_events_are_listed(cli: Callable[..., object], sample_db: Path) -> None:
    res = cli("events", "--db", str(sample_db), "--contested", "--json", "--limit", "500")
    assert res.exit_code == 0
    rows = jsonl(res.stdout)
    assert rows and all(r["contested"] for r in rows)
    assert any(r["supplier"] == "IRN" and r["recipient"] == "RUS" for r in rows)
    assert any({r["supplier"], r["recipient"]} == {"IRN", "BOL"} and r["type"] == "agreement" for r in rows)


def test_pipeline_queries_and_exports(cli: Callable[..., object], sample_db: Path, tmp_path: Path) -> None:
    res = cli("events", "--db", str(sample_db), "--supplier", "IRN", "--type", "request,transfer", "--since", "2022", "--csv")
    assert res.exit_code == 0 and res.stdout.startswith("id,type,supplier")
    res = cli("actors", "IRN", "--db", str(sample_db), "--json")
    assert res.exit_code == 0 and '"as_supplier"' in res.stdout
    res = cli("systems", "Geran-2", "--db", str(sample_db), "--json")
    assert res.exit_code == 0 and '"system": "Shahed-136"' in res.stdout
    for fmt, name in (
        ("csv", "e.csv"),
        ("jsonl", "e.jsonl"),
        ("parquet", "e.parquet"),
        ("graphml", "e.graphml"),
        ("geojson", "e.geojson"),
        ("register", "r.csv"),
    ):
        res = cli("export", "--format", fmt, "-o", str(tmp_path / name), "--db", str(sample_db))
        assert res.exit_code == 0, res.output
        assert (tmp_path / name).stat().st_size > 100


def test_pipeline_bad_input_is_logged_and_the_batch_goes_on(cli: Callable[..., object], tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Iran has supplied drones to Russia, officials said.\n")
    (tmp_path / "bin.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "cut.txt.gz").write_bytes(gzip.compress(b"Iran sent drones to Russia.")[:15])
    (tmp_path / "nested.html").write_text("<html><body>" + "<div>" * 10_000 + "drones" + "</div>" * 10_000 + "</body></html>")
    (tmp_path / "bomb.xml").write_text(
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
        "<rss><channel><item><title>&lol2;</title></item></channel></rss>"
    )
    db = tmp_path / "s.db"
    res = cli("ingest", str(tmp_path), "--db", str(db), "--top", "0")
    assert res.exit_code == 1
    assert "1 stored" in res.stderr and "5 items skipped" in res.stderr
    for name in ("bin.txt", "empty.txt", "cut.txt.gz", "nested.html", "bomb.xml"):
        assert any(name in line for line in res.stderr.splitlines()), name
    store = open_store(str(db))
    assert store.counts().skipped_by_reason and len(store.skipped()) == 5
    store.close()


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from armswatch.bench.corpus import write_corpus

    return write_corpus(tmp_path_factory.mktemp("gen") / "gen.jsonl", 600, "jsonl", seed=7)


@pytest.fixture(scope="module")
def generated_whole(tmp_path_factory: pytest.TempPathFactory, generated: Path) -> Path:
    db = tmp_path_factory.mktemp("whole") / "whole.db"
    env = {**os.environ, "ARMSWATCH_DB": str(db), "ARMSWATCH_BATCH_SIZE": "25"}
    subprocess.run(
        [sys.executable, "-m", "armswatch", "ingest", str(generated), "--top", "0"], env=env, check=True, capture_output=True, timeout=600
    )
    return db


@pytest.mark.parametrize("after_documents", [25, 300])
def test_pipeline_kill_9_mid_ingest_then_rerun_converges(
    tmp_path: Path, generated: Path, generated_whole: Path, after_documents: int
) -> None:
    db = tmp_path / "k.db"
    env = {**os.environ, "ARMSWATCH_DB": str(db), "ARMSWATCH_BATCH_SIZE": "25"}
    cmd = [sys.executable, "-m", "armswatch", "ingest", str(generated), "--top", "0"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    stored = 0
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
        if db.exists():
            import sqlite3

            try:
                with sqlite3.connect(db, timeout=0.1) as conn:
                    stored = conn.execute("select count(*) from documents").fetchone()[0]
            except sqlite3.Error:
                continue
            if stored >= after_documents:
                break
    assert proc.poll() is None, "the ingest ended before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert 0 < stored < 600
    killed = open_store(str(db))
    assert killed.counts().documents % 25 == 0  # whole batches only: the one in flight left nothing
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    whole = open_store(str(generated_whole))
    assert killed.table_digest() == whole.table_digest()
    killed.close()
    whole.close()


def test_pipeline_two_ingest_processes_at_once_lose_and_double_nothing(
    make_store: Callable[[], object], generated: Path, tmp_path: Path
) -> None:
    """Two `armswatch ingest` processes over overlapping halves of a corpus, at once, into one store (SQLite: one
    writer at a time; PostgreSQL: advisory locks per event group) end as a serial ingest of the whole."""
    lines = generated.read_text().splitlines(keepends=True)
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    first.write_text("".join(lines[:400]))
    second.write_text("".join(lines[200:]))
    concurrent, serial = make_store(), make_store()
    env = {**os.environ, "ARMSWATCH_BATCH_SIZE": "20"}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "armswatch", "ingest", str(part), "--db", concurrent.url, "--top", "0"],  # type: ignore[attr-defined]
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for part in (first, second)
    ]
    for proc in procs:
        _out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err
    done = subprocess.run(
        [sys.executable, "-m", "armswatch", "ingest", str(generated), "--db", serial.url, "--top", "0"],  # type: ignore[attr-defined]
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    a, b = concurrent.counts(), serial.counts()  # type: ignore[attr-defined]
    assert (
        (a.documents, a.claims, a.events, a.contested)
        == (b.documents, b.claims, b.events, b.contested)
        == (600, b.claims, b.events, b.contested)
    )
    events_a = {(e.id, e.claim_ids, e.outlets, e.contested) for e in concurrent.events(EventFilter(limit=100_000))}  # type: ignore[attr-defined]
    events_b = {(e.id, e.claim_ids, e.outlets, e.contested) for e in serial.events(EventFilter(limit=100_000))}  # type: ignore[attr-defined]
    assert events_a == events_b

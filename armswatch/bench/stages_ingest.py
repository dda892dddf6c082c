"""The ingest stages: the corpus as JSON Lines into a fresh SQLite store, events resolved, by `pipeline.ingest`.

DESIGN.md asks for >= 500 articles/s in one process, "and more with a second
worker". The local engine's pool uses spawn, and each worker builds its own
extractor (a second or two), so two workers are timed twice: cold, exactly
as `armswatch ingest --workers 2` runs (pool start-up inside the clock), and
warm, with the pool started and two batches run through it before the clock
(the steady rate of a long ingest, which is what the start-up is amortised
over). The pool start-up is reported beside the warm figure. The store is
created and migrated before the clock; the extractor of the writing process
is built before it too, as the `ingest` command does before reading.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from collections.abc import Mapping
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Any

from armswatch.bench.corpus import Corpus
from armswatch.bench.stages import WARMUP_DOCUMENTS, Prepared, register, shared_extractor
from armswatch.config import Settings

if TYPE_CHECKING:
    from armswatch.store import SqlStore

__all__ = ["WORKERS", "discard", "fresh_store", "warm_language_model", "write_jsonl"]

WORKERS = 2
#: Not English, so language detection loads its model before the clock, as the first foreign article of a real feed would.
_FOREIGN = "Die Regierung hat am Montag neue Pläne für den Ausbau der Bahnstrecken im Norden des Landes vorgestellt."


def write_jsonl(corpus: Corpus, path: Path) -> Path:
    """The corpus as one JSON object a line (id, title, outlet, url, published, text where known), the way feeds are exported."""
    with path.open("w", encoding="utf-8") as f:
        for i in range(len(corpus.texts)):
            f.write(json.dumps(corpus.record(i), ensure_ascii=False) + "\n")
    return path


def warm_language_model() -> None:
    """Load the language model before the clock; the fast English check would otherwise leave it to the first foreign page."""
    from armswatch.ingest import lang

    lang.detect(_FOREIGN)


def fresh_store(db: Path) -> SqlStore:
    """An empty, migrated SQLite store at `db`, replacing whatever a previous round left there."""
    from armswatch.store import open_store

    for leftover in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        leftover.unlink(missing_ok=True)
    store = open_store(str(db))
    store.upgrade()
    return store


def discard(tmp: Path, state: dict[str, Any]) -> None:
    """Clean up after a stage that failed while being prepared: its store closed, its temporary folder removed."""
    store = state.pop("store", None)
    if store is not None:
        store.close()
    shutil.rmtree(tmp, ignore_errors=True)


def _ingest_stage(corpus: Corpus, settings: Settings, workers: int, warm_pool: bool) -> Prepared:
    from armswatch.ingest import make_document
    from armswatch.pipeline import ingest, local_mapper

    tmp = Path(tempfile.mkdtemp(prefix="armswatch-bench-ingest-"))
    path = tmp / "articles.jsonl"
    extractor = shared_extractor(settings.spacy_model)
    warm_language_model()
    batch = settings.batch_size or 200
    warm_docs = [make_document(t, label) for label, t in zip(corpus.labels[:batch], corpus.texts[:batch])]
    state: dict[str, Any] = {}
    pool = ExitStack()

    def before() -> Mapping[str, float]:
        state["store"] = fresh_store(tmp / "store.db")
        if not warm_pool:
            return {}
        started = time.perf_counter()
        mapper = pool.enter_context(local_mapper(extractor, workers, settings.spacy_model))
        mapper(warm_docs)()  # waits for the workers' extractors, then works a batch
        first = time.perf_counter() - started
        mapper(warm_docs)()  # a second batch, so that a worker that came up late has joined in
        state["mapper"] = mapper
        return {"pool_start_s": first, "pool_start_and_warmup_s": time.perf_counter() - started}

    def ingest_file(source: Path, workers: int = workers) -> dict[str, int]:
        summary = ingest([str(source)], state["store"], settings, extractor=extractor, workers=workers, mapper=state.get("mapper"))
        return {"read": summary.read, "stored": summary.stored, "claims": summary.claims, "near_duplicates": summary.near_duplicates}

    def after() -> None:
        pool.close()
        state.pop("mapper", None)
        store = state.pop("store", None)
        if store is not None:
            store.close()

    def close() -> None:
        after()
        shutil.rmtree(tmp, ignore_errors=True)

    # Warm-up outside the clock, in this process (the workers' start-up is what the cold stage measures): imports,
    # the store's first migration, SQL compilation.
    try:
        write_jsonl(corpus, path)
        warm_file = write_jsonl(corpus.head(WARMUP_DOCUMENTS), tmp / "warmup.jsonl")
        state["store"] = fresh_store(tmp / "store.db")
        ingest_file(warm_file, workers=1)
        after()
    except BaseException:
        discard(tmp, state)
        raise
    return Prepared(lambda _c: ingest_file(path), before=before, after=after, close=close)


@register(
    "ingest_jsonl",
    "pipeline.ingest of the corpus as .jsonl into a fresh SQLite store, events resolved, one process",
    group="ingest_jsonl",
    min_documents_per_s=500,
)
def _ingest_one(corpus: Corpus, settings: Settings) -> Prepared:
    return _ingest_stage(corpus, settings, 1, warm_pool=False)


@register(
    "ingest_jsonl_w2",
    f"the same with --workers {WORKERS}, cold: pool start-up (spawn, an extractor per worker) inside the clock",
    baseline="ingest_jsonl",
    target=1.0,
    strict=True,
    group="ingest_jsonl",
)
def _ingest_two_cold(corpus: Corpus, settings: Settings) -> Prepared:
    return _ingest_stage(corpus, settings, WORKERS, warm_pool=False)


@register(
    "ingest_jsonl_w2_warm",
    f"the same with {WORKERS} workers, warm: pool started and two batches run before the clock (steady rate)",
    baseline="ingest_jsonl",
    target=1.0,
    strict=True,
    group="ingest_jsonl",
)
def _ingest_two_warm(corpus: Corpus, settings: Settings) -> Prepared:
    return _ingest_stage(corpus, settings, WORKERS, warm_pool=True)


@register(
    "ingest_jsonl_dask",
    f"the same on Dask: a LocalCluster of {WORKERS} worker processes, started and warmed before the clock; the file is "
    "one shard, so one worker reads and works it and the client writes: Dask's overhead over one process",
    baseline="ingest_jsonl",
    group="ingest_jsonl",
)
def _ingest_dask(corpus: Corpus, settings: Settings) -> Prepared:
    from armswatch.scale import dask_client, ingest_dask, prepare_workers

    tmp = Path(tempfile.mkdtemp(prefix="armswatch-bench-dask-"))
    state: dict[str, Any] = {}
    cluster = ExitStack()

    def before() -> Mapping[str, float]:
        state["store"] = fresh_store(tmp / "store.db")
        return {}

    def ingest_file(source: Path) -> dict[str, int]:
        summary = ingest_dask([str(source)], state["store"], settings, state["client"])
        return {"read": summary.read, "stored": summary.stored, "claims": summary.claims, "near_duplicates": summary.near_duplicates}

    def after() -> None:
        store = state.pop("store", None)
        if store is not None:
            store.close()

    def close() -> None:
        after()
        cluster.close()
        shutil.rmtree(tmp, ignore_errors=True)

    try:
        path = write_jsonl(corpus, tmp / "articles.jsonl")
        warm_file = write_jsonl(corpus.head(WARMUP_DOCUMENTS), tmp / "warmup.jsonl")
        started = time.perf_counter()
        state["client"] = cluster.enter_context(dask_client(None, WORKERS))
        prepare_workers(state["client"], settings)  # every worker's extractor built
        state["store"] = fresh_store(tmp / "store.db")
        ingest_file(warm_file)  # imports, the first task's pickling, SQL compilation
        after()
        state["cluster_start_s"] = time.perf_counter() - started
    except BaseException:
        close()
        raise

    def timed_before() -> Mapping[str, float]:
        before()
        return {"cluster_start_and_warmup_s": state["cluster_start_s"]}

    return Prepared(lambda _c: ingest_file(path), before=timed_before, after=after, close=close)

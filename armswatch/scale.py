"""The Dask engine: the local engine's pipeline, scheduled over a Dask cluster, one task per shard.

The client sends only shard names (paths or URLs). A worker reads its own shard
(`work_shard`), cuts it into the same batches the local engine would
(`pipeline.partitions`), and works each batch with an extractor it builds once
and keeps. The results come back to the client, the single writer, which feeds
them through the local engine's `pipeline.Writer` in the local engine's order:
so both engines store exactly the same documents, claims and events.

Memory stays bounded: at most `window` shards are submitted and not yet written
(results that arrive early wait in that window), and a shard's results are
written as soon as the shards before it are. Each finished shard is recorded in
the transaction of its last batch (`store.source_done`), so a rerun after a
crash, a killed worker or Ctrl-C skips what is done and finishes the rest.

Folders are listed on the client (names only) and every file becomes a shard of
its own, so a folder is resumable file by file. Names with a scheme other than
http(s) (`s3://`, `gs://`, `file://`, ...) are read through fsspec on the
worker, when the user has installed the scheme's driver.
"""

from __future__ import annotations

import itertools
import queue
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from armswatch.catalog import Catalog
from armswatch.claims import Extractor
from armswatch.config import Settings
from armswatch.errors import ArmswatchError, InputError
from armswatch.ingest.fetch import Fetcher
from armswatch.ingest.sources import iter_documents, kind_of, read_file_as, readable_files
from armswatch.model import Document, SkippedItem
from armswatch.pipeline import BATCH_SIZE, Mapper, Summary, Worked, Writer, partitions, shard_key, work
from armswatch.store.base import Store

__all__ = ["Network", "Part", "ShardFailed", "dask_client", "ingest_dask", "prepare_workers", "shards", "work_shard"]

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*)://")
_GLOB = re.compile(r"[*?\[]")


class ShardFailed(ArmswatchError):
    """A shard's task failed (its worker died too often, or extraction raised): shards before it are stored, none after.

    Writing stops there because later shards must be written after it for the result to equal the local
    engine's; rerunning the same command skips the finished shards and goes on from this one."""

    def __init__(self, source: str, cause: BaseException, summary: Summary) -> None:
        self.source, self.cause, self.summary = source, cause, summary
        detail = " ".join(str(cause).split())[:200]
        super().__init__(
            f"{source}: its task failed ({cause.__class__.__name__}: {detail}); the shards before it are stored. "
            "Run the same command again to finish the rest"
        )


@dataclass(frozen=True, slots=True)
class Network:
    """What a worker may fetch (feed items' pages, URL shards); None in its place means no network at all.
    A Fetcher is not sent to workers: each builds its own from this."""

    allow_private: bool = False


@dataclass(frozen=True, slots=True)
class Part:
    """One batch of a shard, worked: the documents' ids in reading order (repeats kept, so the writer sees the
    batch as the local engine does), the work of each distinct document once, and the items that failed to read."""

    ids: tuple[str, ...]
    worked: tuple[Worked, ...]
    skipped: tuple[SkippedItem, ...]
    retry: bool = False  # the shard could not be fetched: not recorded as done, so a rerun tries it again


class _Unfetched(InputError):
    """A remote shard that could not be copied to the worker (a network error, refused credentials, no driver):
    skipped with its reason like any unreadable input, but unlike a bad local file it may read fine next time."""


# -- on the workers ---------------------------------------------------------------

_EXTRACTORS: dict[str, queue.SimpleQueue[Extractor]] = {}


@contextmanager
def _extractor(model: str) -> Iterator[Extractor]:
    """An extractor for this task, built once per worker process and then reused (building one takes about a
    second). One per concurrent task, so a worker with several threads never shares one between two tasks."""
    pool = _EXTRACTORS.setdefault(model, queue.SimpleQueue())
    try:
        extractor = pool.get_nowait()
    except queue.Empty:
        extractor = Extractor(model=model)
    try:
        yield extractor
    finally:
        pool.put(extractor)


@contextmanager
def _fetcher(network: Network | None, settings: Settings) -> Iterator[Fetcher | None]:
    if network is None:
        yield None
        return
    fetcher = Fetcher(allow_private=network.allow_private, max_bytes=settings.max_text_bytes)
    try:
        yield fetcher
    finally:
        fetcher.close()


def work_shard(name: str, settings: Settings, batch_size: int, network: Network | None = None) -> list[Part]:
    """The task a worker runs: read shard `name` itself, cut it into batches, work each (pure: no store)."""
    unfetched = False

    def watched(items: Iterator[Document | InputError]) -> Iterator[Document | InputError]:
        nonlocal unfetched
        for item in items:
            unfetched = unfetched or isinstance(item, _Unfetched)
            yield item

    with _extractor(settings.spacy_model) as extractor, _fetcher(network, settings) as fetcher:
        parts: list[Part] = []
        for docs, skips, final in partitions(watched(_read(name, settings, fetcher, extractor.catalog)), batch_size):
            first: dict[str, Document] = {}
            for doc in docs:
                first.setdefault(doc.id, doc)  # the writer keeps a batch's first copy of a text, so work that one
            worked = tuple(work(d, extractor) for d in first.values())
            parts.append(Part(tuple(d.id for d in docs), worked, tuple(skips), retry=final and unfetched))
        return parts


def _build_extractor(model: str) -> None:
    with _extractor(model):
        pass


def prepare_workers(client: Any, settings: Settings) -> None:
    """Build every worker's extractor now (about a second each) rather than in its first task: for timing runs, and
    so that a model a worker cannot load fails before any shard is read."""
    client.run(_build_extractor, settings.spacy_model)


def _read(name: str, settings: Settings, fetcher: Fetcher | None, catalog: Catalog) -> Iterator[Document | InputError]:
    scheme = _SCHEME.match(name)
    if scheme is None or scheme.group(1).lower() in ("http", "https"):
        yield from iter_documents([name], settings, fetcher=fetcher, catalog=catalog)
        return
    # An fsspec URL: copy it to this worker's disk (streamed, so memory stays flat) and read the copy under its URL.
    with tempfile.TemporaryDirectory(prefix="armswatch-shard-") as tmp:
        local = Path(tmp) / (name.rstrip("/").rsplit("/", 1)[-1] or "shard")
        try:
            import fsspec

            with fsspec.open(name, "rb") as src, local.open("wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
        except Exception as exc:  # whatever the driver raises: no driver, a bad URL, not found, refused, the network
            detail = " ".join(str(exc).split())[:160]
            yield _Unfetched(name, f"cannot be read through fsspec ({exc.__class__.__name__}: {detail}); a rerun tries it again")
            return
        yield from read_file_as(local, name, settings, fetcher, catalog)


# -- on the client ----------------------------------------------------------------


def shards(sources: Iterable[str]) -> Iterator[str]:
    """The shards to schedule, by name only (nothing is read here): folders become their files, in the order the
    local engine reads them, and fsspec folders and globs their matching files, sorted; anything else as given."""
    for source in sources:
        scheme = _SCHEME.match(source)
        if scheme is not None and scheme.group(1).lower() not in ("http", "https"):
            yield from _remote_shards(source)
        elif scheme is None and Path(source).is_dir():
            yield from (str(file) for file in readable_files(Path(source)))
        else:
            yield source


def _remote_shards(url: str) -> list[str]:
    try:
        from fsspec.core import url_to_fs

        fs, path = url_to_fs(url)
        if _GLOB.search(path):
            found = fs.glob(path)
        elif fs.isdir(path):
            found = fs.find(path)
        else:
            return [url]
    except (ImportError, ValueError, OSError):
        return [url]  # the worker says why it cannot be read
    names = sorted(p for p in found if kind_of(p) is not None and not any(part.startswith(".") for part in p.split("/")))
    return [fs.unstrip_protocol(p) for p in names]


def key_of(name: str) -> str:
    """The shard's key for resuming: pipeline.shard_key for a file the client can see; for an fsspec URL its size
    and version (ETag or modification time) when the driver gives them; "" (not resumable) otherwise."""
    scheme = _SCHEME.match(name)
    if scheme is None or scheme.group(1).lower() in ("http", "https"):
        return shard_key(name)
    try:
        from fsspec.core import url_to_fs

        fs, path = url_to_fs(name)
        info = fs.info(path)
    except (ImportError, ValueError, OSError):
        return ""
    version = next((info[k] for k in ("ETag", "etag", "mtime", "LastModified", "last_modified", "updated") if info.get(k)), None)
    if info.get("type") != "file" or version is None:
        return ""
    return f"{name}:{info.get('size')}:{version}"


def _lookup(by_id: dict[str, Worked]) -> Mapper:
    """A mapper whose work is already done (on a Dask worker): the writer asks for the batch's new documents."""

    def mapped(docs: list[Document]) -> Callable[[], list[Worked]]:
        done = [by_id[d.id] for d in docs]
        return lambda: done

    return mapped


def _write_shard(parts: Sequence[Part], key: str, writer: Writer, summary: Summary, on_document: Callable[[str], None] | None) -> None:
    for k, part in enumerate(parts):
        by_id = {w.document.id: w for w in part.worked}
        docs = [by_id[i].document for i in part.ids]
        summary.read += len(docs)
        if on_document is not None:
            for doc in docs:
                on_document(doc.label)
        finishes = k == len(parts) - 1 and not part.retry
        writer.add(docs, part.skipped, source=key if finishes else "", mapper=_lookup(by_id))


def ingest_dask(
    sources: Sequence[str],
    store: Store,
    settings: Settings,
    client: Any,
    *,
    batch_size: int | None = None,
    network: Network | None = None,
    window: int | None = None,
    on_document: Callable[[str], None] | None = None,
) -> Summary:
    """Read every source into the store on the cluster behind `client` (a distributed.Client): the same store, to
    the row, as `pipeline.ingest` over the same shards. Raises ShardFailed when a shard's task fails for good.

    `window` bounds the shards submitted and not yet written (default: twice the cluster's threads).
    """
    from distributed import as_completed

    started = time.perf_counter()
    batch_size = batch_size or settings.batch_size or BATCH_SIZE
    window = window or max(2, 2 * sum(client.nthreads().values()))
    summary = Summary()
    writer = Writer(store, _lookup({}), summary)
    todo = ((name, key) for name in shards(sources) if not ((key := key_of(name)) and store.source_done(key)))
    shard: dict[int, tuple[str, str]] = {}  # index in reading order -> (name, shard key), until written
    index_of: dict[str, int] = {}  # future key -> index, until back
    counter = itertools.count()
    futures: dict[int, Any] = {}  # submitted, not yet back
    ready: dict[int, list[Part]] = {}  # back, waiting for the shards before them
    arrived = as_completed()
    failed: tuple[int, BaseException] | None = None
    next_write = 0

    def submit_more() -> None:
        while failed is None and len(futures) + len(ready) < window:
            nxt = next(todo, None)
            if nxt is None:
                return
            index = next(counter)
            future = client.submit(work_shard, nxt[0], settings, batch_size, network, pure=False)
            shard[index], index_of[future.key], futures[index] = nxt, index, future
            arrived.add(future)

    try:
        submit_more()
        for future in arrived:
            index = index_of.pop(future.key)
            if futures.pop(index, None) is None:
                continue  # cancelled after a failure
            try:
                ready[index] = future.result()
            except Exception as exc:  # KilledWorker, or a bug in extraction: stop before this shard; a rerun resumes here
                if failed is None or index < failed[0]:
                    failed = (index, exc)
            future.release()
            while next_write in ready and (failed is None or next_write < failed[0]):
                _name, key = shard.pop(next_write)
                parts = ready.pop(next_write)
                if not (key and store.source_done(key)):  # checked where the local engine checks: just before reading it
                    _write_shard(parts, key, writer, summary, on_document)
                next_write += 1
            if failed is not None:
                for j in [j for j in futures if j > failed[0]]:
                    futures.pop(j).cancel()
                if not futures:
                    break
            submit_more()
        writer.close()
    finally:
        arrived.clear()
        client.cancel(list(futures.values()))
    summary.seconds = time.perf_counter() - started
    if failed is not None:
        raise ShardFailed(shard[failed[0]][0], failed[1], summary)
    return summary


@contextmanager
def dask_client(scheduler: str | None = None, workers: int = 1) -> Iterator[Any]:
    """A distributed.Client: connected to the scheduler at `scheduler` (tcp://host:8786), or to a LocalCluster of
    `workers` single-threaded worker processes on 127.0.0.1 started for this run and stopped after it.

    Worker processes are spawned: a script that calls this needs an `if __name__ == "__main__":` guard."""
    from distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    with (
        LocalCluster(
            n_workers=max(1, workers), threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address="127.0.0.1:0"
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client

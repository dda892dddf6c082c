"""The pipeline: sources -> documents -> claims -> the store, in bounded batches.

`process_document` is the unit a worker runs (pure: a document in, its
record and claim records out). `ingest` wires the readers, the extractor and
the store: documents are read one at a time, processed in batches of a few
hundred, and each batch is written in one transaction, so memory does not
grow with the corpus and a crash loses at most the batch in flight (which
the next run redoes: ids are content hashes, writes are upserts).
"""

from __future__ import annotations

import multiprocessing as mp
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from armswatch.catalog import Catalog
from armswatch.claims import EXTRACTOR_VERSION, Extractor
from armswatch.config import Settings
from armswatch.errors import InputError
from armswatch.events.keys import claim_id
from armswatch.ingest import lang
from armswatch.ingest.dedupe import minhash_bands
from armswatch.ingest.sources import iter_documents, outlet_of
from armswatch.model import Claim, ClaimRecord, Document, OutletInfo, SkippedItem
from armswatch.store.base import Batch, DocumentRecord, Store

BATCH_SIZE = 200


@dataclass
class Summary:
    """What an ingest did, for the closing report."""

    read: int = 0
    stored: int = 0
    already_stored: int = 0
    near_duplicates: int = 0
    not_extracted: int = 0
    claims: int = 0
    events_touched: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    skipped_items: list[SkippedItem] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def any_skipped(self) -> bool:
        return bool(self.skipped_items)


def skip_reason(doc: Document) -> str | None:
    """Why a stored document is not extracted, or None."""
    return lang.skip_reason(doc.language) if doc.language else None


@dataclass(frozen=True, slots=True)
class Worked:
    """What a worker computes for one document, with no store involved: the unit every engine schedules."""

    document: Document
    outlet: OutletInfo | None
    bands: tuple[str, ...]
    skip_reason: str | None
    claims: tuple[Claim, ...]


def work(doc: Document, extractor: Extractor) -> Worked:
    reason = skip_reason(doc)
    claims = () if reason is not None else tuple(extractor.extract(doc))
    return Worked(doc, outlet_of(doc, extractor.catalog), minhash_bands(doc.text), reason, claims)


def records(w: Worked, original: str | None) -> tuple[DocumentRecord, list[ClaimRecord]]:
    """The rows of a worked document, once the writer knows which earlier document (if any) it duplicates."""
    doc, outlet = w.document, w.outlet
    record = DocumentRecord(doc, outlet, original, w.bands, w.skip_reason, EXTRACTOR_VERSION)
    claims = [
        ClaimRecord(
            claim_id(c),
            c,
            doc.published,
            outlet.id if outlet else None,
            original or doc.id,
            EXTRACTOR_VERSION,
            outlet_kind=outlet.kind if outlet else None,
            outlet_state=outlet.state if outlet else None,
        )
        for c in w.claims
    ]
    return record, claims


def process_document(doc: Document, extractor: Extractor, original: str | None = None) -> tuple[DocumentRecord, list[ClaimRecord]]:
    """One document's record and claims, in this process."""
    return records(work(doc, extractor), original)


def _original(bands: tuple[str, ...], owners: dict[str, tuple[int, str]], local: dict[str, str], own_id: str) -> str | None:
    """The earlier document this one nearly duplicates: one shared LSH band (16 bands of 8 rows) means an
    estimated Jaccard similarity of 0.8 or more with 95% probability, and 0.5 with only 6%. Stored documents
    come first (the oldest), then earlier documents of the same batch."""
    stored = [owners[b] for b in bands if b in owners and owners[b][1] != own_id]
    if stored:
        return min(stored)[1]
    for band in bands:
        if band in local and local[band] != own_id:
            return local[band]
    return None


# An engine: takes a batch of documents, starts their work, and returns a call that waits for the results.
# Returning before the work is done lets the writer store one batch while the workers work the next.
Mapper = Callable[[list[Document]], Callable[[], list[Worked]]]


@dataclass
class _Pending:
    """A batch whose work has started: the writer finishes it once the results are in."""

    results: Callable[[], list[Worked]]
    skipped: list[SkippedItem]
    source: str
    already: int


def start_batch(docs: Sequence[Document], store: Store, mapper: Mapper, skipped: Sequence[SkippedItem] = (), source: str = "") -> _Pending:
    """Start the work of one batch: documents already stored (or twice in the batch) are left out."""
    stored = store.has_documents([d.id for d in docs])
    fresh: dict[str, Document] = {}
    for doc in docs:
        if doc.id not in stored and doc.id not in fresh:
            fresh[doc.id] = doc
    return _Pending(mapper(list(fresh.values())), list(skipped), source, len(docs) - len(fresh))


def finish_batch(pending: _Pending, store: Store, summary: Summary) -> None:
    """Write a started batch in one transaction, linking near duplicates to their originals."""
    summary.already_stored += pending.already
    local: dict[str, str] = {}
    docs_out: list[DocumentRecord] = []
    claims: list[ClaimRecord] = []
    skips = pending.skipped
    worked = pending.results()
    owners = store.band_owners([b for w in worked for b in w.bands]) if worked else {}
    for w in worked:
        original = _original(w.bands, owners, local, w.document.id)
        for band in w.bands:
            local.setdefault(band, w.document.id)
        record, found = records(w, original)
        if original:
            summary.near_duplicates += 1
        if record.skip_reason:
            summary.not_extracted += 1
            skips.append(SkippedItem(w.document.label, record.skip_reason, stage="extract"))
        docs_out.append(record)
        claims.extend(found)
    result = store.write_batch(Batch(docs_out, claims, skips, pending.source))
    summary.stored += result.documents_added
    summary.claims += result.claims_added
    summary.events_touched += result.events_touched
    for item in skips:
        summary.skipped_items.append(item)
        summary.skipped[item.reason.split(";")[0].split(" (")[0]] += 1


_WORKER: list[Extractor] = []


def _init_worker(model: str) -> None:
    """Build the extractor once per worker process."""
    _WORKER[:] = [Extractor(model=model)]


def _work_in_worker(doc: Document) -> Worked:
    return work(doc, _WORKER[0])


@contextmanager
def local_mapper(extractor: Extractor, workers: int, model: str = "") -> Iterator[Mapper]:
    """The local engine: this process, or a pool of `workers` processes each building its own extractor."""
    if workers <= 1:

        def here(docs: list[Document]) -> Callable[[], list[Worked]]:
            done = [work(d, extractor) for d in docs]
            return lambda: done

        yield here
        return
    ctx = mp.get_context("spawn")
    with ctx.Pool(workers, initializer=_init_worker, initargs=(model,)) as pool:

        def pooled(docs: list[Document]) -> Callable[[], list[Worked]]:
            result = pool.map_async(_work_in_worker, docs, chunksize=max(1, len(docs) // (workers * 4)))
            return lambda: result.get()

        yield pooled


class Writer:
    """The single writer every engine feeds, batch by batch in reading order.

    Each batch is started (documents already stored left out, its work begun) before the previous one is
    written, so the workers work one batch while the writer stores another. Engines that deliver the same
    batches in the same order therefore leave the same store: near-duplicate originals and "already stored"
    depend on what was written before, and this order is the only thing that decides it.
    """

    def __init__(self, store: Store, mapper: Mapper, summary: Summary) -> None:
        self.store, self.mapper, self.summary = store, mapper, summary
        self.in_flight: _Pending | None = None

    def add(self, docs: Sequence[Document], skips: Sequence[SkippedItem] = (), source: str = "", mapper: Mapper | None = None) -> None:
        """Start this batch (with `mapper`, else the writer's own), then write the one before it.

        `source` is the shard key this batch finishes ("" when it finishes none): it is recorded in the same
        transaction, so a shard counts as done exactly when its last batch is stored."""
        started = start_batch(docs, self.store, mapper or self.mapper, skips, source=source)
        if self.in_flight is not None:
            finish_batch(self.in_flight, self.store, self.summary)
        self.in_flight = started

    def close(self) -> None:
        """Write the batch still in flight."""
        if self.in_flight is not None:
            pending, self.in_flight = self.in_flight, None
            finish_batch(pending, self.store, self.summary)


def partitions(
    items: Iterable[Document | InputError], batch_size: int, on_document: Callable[[Document], None] | None = None
) -> Iterator[tuple[list[Document], list[SkippedItem], bool]]:
    """One source's items cut into batches: (documents, read failures, final), each full batch as soon as it fills.

    The final batch (the rest, perhaps empty) always comes, flagged, because it carries the source's end; the
    local engine and the Dask workers cut sources with this one function so their batches are the same."""
    docs: list[Document] = []
    skips: list[SkippedItem] = []
    for item in items:
        if isinstance(item, InputError):
            skips.append(SkippedItem(item.label, item.detail, stage="read"))
            continue
        if on_document is not None:
            on_document(item)
        docs.append(item)
        if len(docs) >= batch_size:
            yield docs, skips, False
            docs, skips = [], []
    yield docs, skips, True


def ingest(
    sources: Sequence[str],
    store: Store,
    settings: Settings,
    *,
    extractor: Extractor | None = None,
    fetcher: object | None = None,
    batch_size: int | None = None,
    workers: int = 1,
    mapper: Mapper | None = None,
    on_document: Callable[[str], None] | None = None,
) -> Summary:
    """Read every source into the store; bad items are logged with their reason and the batch goes on.

    `workers` > 1 extracts in a local process pool; `mapper` plugs in another engine. One writer either way.
    (The Dask engine, armswatch.scale, reads on its workers and feeds the same Writer.)
    """
    started = time.perf_counter()
    batch_size = batch_size or settings.batch_size or BATCH_SIZE
    extractor = extractor or Extractor(model=settings.spacy_model)
    summary = Summary()

    def read(doc: Document) -> None:
        summary.read += 1
        if on_document is not None:
            on_document(doc.label)

    with ExitStack() as stack:
        if mapper is None:
            mapper = stack.enter_context(local_mapper(extractor, workers, settings.spacy_model))
        writer = Writer(store, mapper, summary)
        for source in sources:
            shard = shard_key(source)
            if shard and store.source_done(shard):
                continue  # a file this store has read whole before, unchanged since
            for docs, skips, final in partitions(_items([source], settings, fetcher, extractor.catalog), batch_size, read):
                writer.add(docs, skips, source=shard if final else "")
        writer.close()
    summary.seconds = time.perf_counter() - started
    return summary


def ingest_documents(docs: Sequence[Document], store: Store, extractor: Extractor, skipped: Sequence[SkippedItem] = ()) -> Summary:
    """Documents already read (a watcher's new feed items) into the store as one batch, in this process: the same
    writer as `ingest`, so a document stored this way is stored exactly as `ingest` would store it."""
    started = time.perf_counter()
    summary = Summary(read=len(docs))
    with local_mapper(extractor, 1) as mapper:
        writer = Writer(store, mapper, summary)
        writer.add(docs, skipped)
        writer.close()
    summary.seconds = time.perf_counter() - started
    return summary


def shard_key(source: str) -> str:
    """A key for a file read whole (path, size, modification time), so a rerun skips it; "" for folders and URLs,
    which can change without their name changing and are read again (stored documents are not extracted twice)."""
    path = Path(source)
    if source.startswith(("http://", "https://")) or not path.is_file():
        return ""
    st = path.stat()
    return f"{path.resolve()}:{st.st_size}:{st.st_mtime_ns}"


def _items(sources: Sequence[str], settings: Settings, fetcher: object | None, catalog: Catalog) -> Iterator[Document | InputError]:
    try:
        yield from iter_documents(sources, settings, fetcher=fetcher, catalog=catalog)  # type: ignore[arg-type]
    except InputError as exc:
        yield exc


def reextract(store: Store, extractor: Extractor | None = None) -> int:
    """Run the current rules and catalog over every stored document; reviews survive. Returns claims written."""
    extractor = extractor or Extractor()
    total = 0
    for record in store.documents():
        if record.skip_reason:
            continue
        _rec, claims = process_document(record.document, extractor, record.original)
        store.replace_claims(record.document.id, claims, EXTRACTOR_VERSION)
        total += len(claims)
    return total


def documents_of(items: Iterable[Document | InputError]) -> Iterator[Document]:
    for item in items:
        if not isinstance(item, InputError):
            yield item

"""The pipeline: sources -> documents -> claims -> the store, in bounded batches.

`process_document` is the unit a worker runs (pure: a document in, its
record and claim records out). `ingest` wires the readers, the extractor and
the store: documents are read one at a time, processed in batches of a few
hundred, and each batch is written in one transaction, so memory does not
grow with the corpus and a crash loses at most the batch in flight (which
the next run redoes: ids are content hashes, writes are upserts).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
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
from armswatch.model import ClaimRecord, Document, SkippedItem
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


def process_document(doc: Document, extractor: Extractor, catalog: Catalog, original: str | None = None,
                     bands: tuple[str, ...] | None = None) -> tuple[DocumentRecord, list[ClaimRecord]]:
    """One document's record and claims: what a worker computes, with no store involved."""
    outlet = outlet_of(doc, catalog)
    reason = skip_reason(doc)
    record = DocumentRecord(doc, outlet, original, bands if bands is not None else minhash_bands(doc.text), reason, EXTRACTOR_VERSION)
    if reason is not None:
        return record, []
    claims = [
        ClaimRecord(claim_id(c), c, doc.published, outlet.id if outlet else None, original or doc.id, EXTRACTOR_VERSION,
                    outlet_kind=outlet.kind if outlet else None, outlet_state=outlet.state if outlet else None)
        for c in extractor.extract(doc)
    ]
    return record, claims


def _original(bands: tuple[str, ...], store: Store, local: dict[str, str], own_id: str) -> str | None:
    """The earlier document this one nearly duplicates: one shared LSH band (16 bands of 8 rows) means an
    estimated Jaccard similarity of 0.8 or more with 95% probability, and 0.5 with only 6%."""
    for doc_id in store.near_duplicates(bands):
        if doc_id != own_id:
            return doc_id
    for band in bands:
        if band in local and local[band] != own_id:
            return local[band]
    return None


def run_batch(docs: Sequence[Document], store: Store, extractor: Extractor, catalog: Catalog, summary: Summary,
              skipped: Sequence[SkippedItem] = (), source: str = "") -> None:
    """Process one batch of documents and write it in one transaction."""
    stored = store.has_documents([d.id for d in docs])
    local: dict[str, str] = {}
    records: list[DocumentRecord] = []
    claims: list[ClaimRecord] = []
    skips = list(skipped)
    seen: set[str] = set()
    for doc in docs:
        if doc.id in stored or doc.id in seen:
            summary.already_stored += 1
            continue
        seen.add(doc.id)
        bands = minhash_bands(doc.text)
        original = _original(bands, store, local, doc.id)
        for band in bands:
            local.setdefault(band, doc.id)
        record, found = process_document(doc, extractor, catalog, original, bands)
        if original:
            summary.near_duplicates += 1
        if record.skip_reason:
            summary.not_extracted += 1
            skips.append(SkippedItem(doc.label, record.skip_reason, stage="extract"))
        records.append(record)
        claims.extend(found)
    result = store.write_batch(Batch(records, claims, skips, source))
    summary.stored += result.documents_added
    summary.claims += result.claims_added
    summary.events_touched += result.events_touched
    for item in skips:
        summary.skipped_items.append(item)
        summary.skipped[item.reason.split(";")[0].split(" (")[0]] += 1


def ingest(sources: Sequence[str], store: Store, settings: Settings, *, extractor: Extractor | None = None,
           fetcher: object | None = None, batch_size: int | None = None,
           on_document: Callable[[str], None] | None = None) -> Summary:
    """Read every source into the store; bad items are logged with their reason and the batch goes on."""
    started = time.perf_counter()
    batch_size = batch_size or settings.batch_size or BATCH_SIZE
    extractor = extractor or Extractor(model=settings.spacy_model)
    catalog = extractor.catalog
    summary = Summary()
    for source in sources:
        shard = shard_key(source)
        if shard and store.source_done(shard):
            continue  # a file this store has read whole before, unchanged since
        pending: list[Document] = []
        skips: list[SkippedItem] = []
        for item in _items([source], settings, fetcher, catalog):
            if isinstance(item, InputError):
                skips.append(SkippedItem(item.label, item.detail, stage="read"))
                continue
            summary.read += 1
            if on_document is not None:
                on_document(item.label)
            pending.append(item)
            if len(pending) >= batch_size:
                run_batch(pending, store, extractor, catalog, summary, skips)
                pending, skips = [], []
        run_batch(pending, store, extractor, catalog, summary, skips, source=shard)
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
    for record in list(store.documents()):
        if record.skip_reason:
            continue
        _rec, claims = process_document(record.document, extractor, extractor.catalog, record.original, record.bands)
        store.replace_claims(record.document.id, claims, EXTRACTOR_VERSION)
        total += len(claims)
    return total


def documents_of(items: Iterable[Document | InputError]) -> Iterator[Document]:
    for item in items:
        if not isinstance(item, InputError):
            yield item

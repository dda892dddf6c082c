"""API latency: p50/p95/p99 of GET /api/events with varied filters at a million claims, served from a second process.

`armswatch bench --api` builds (or reuses, `--api-db PATH`) a SQLite store
of synthetic claims, starts `armswatch serve --read-only` on a free
127.0.0.1 port in a child process, warms it up, then sends a bounded number
of requests one after another from this process over one keep-alive
connection and reports the latency of each, overall and per kind of filter.
DESIGN.md's target: p95 < 50 ms for filtered event queries at 1 M claims.

The store is written through `Store.write_batch`, the same path as ingest,
so events are resolved exactly as for real text. The synthetic claims come
in type+dyad group order, each group whole inside one batch, so each group
is resolved once (ingest order would re-read a hot group batch after
batch: realistic, but it would make building the store the slow part of a
latency benchmark). Parties, systems and outlets follow skewed (Zipf)
weights: a few suppliers and systems carry most claims, as in the news.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from armswatch.catalog import load as load_catalog
from armswatch.events.keys import claim_id
from armswatch.model import Category, Claim, ClaimRecord, Document, EventType, Evidence, OutletInfo, Stance
from armswatch.store import Batch, DocumentRecord, open_store

CLAIMS = 1_000_000
REQUESTS = 2_000
WARMUP = 100
PER_DOC = 10
BATCH_CLAIMS = 20_000
VERSION = "bench-synthetic"
STANCES = ((Stance.ASSERTED, 70), (Stance.CLAIMED, 18), (Stance.DENIED, 6), (Stance.PLANNED, 4), (Stance.NEGATED, 2))
VERBS = {
    "offer": "offered",
    "interest": "showed interest in",
    "request": "asked for",
    "agreement": "agreed on",
    "order": "ordered",
    "transfer": "delivered",
    "production": "began producing",
    "use": "used",
    "sanction": "sanctioned the sale of",
}
YEARS = tuple(range(2005, 2026))
WORDS = ("drones", "missiles", "delivered", "ordered", "ministry", "reported", "ballistic", "Shahed")


def _zipf(items: list[str], s: float = 1.1) -> list[float]:
    return [1 / (i + 1) ** s for i in range(len(items))]


class Synthetic:
    """The parties, systems and outlets claims are drawn from, with their weights."""

    def __init__(self, seed: int) -> None:
        cat = load_catalog()
        self.rng = random.Random(seed)
        states = sorted(s.id for s in cat.states)
        self.rng.shuffle(states)
        self.suppliers = states[:40]
        self.recipients = states[10:160] + sorted(g.id for g in cat.groups)[:20]
        systems = sorted((s for s in cat.systems), key=lambda s: s.name)
        self.rng.shuffle(systems)
        self.systems = [(s.name, s.category) for s in systems]
        # A supplier reported on names a few systems of its own, else a category only ("drones"), as the news does.
        by_origin: dict[str, list[tuple[str, Category]]] = defaultdict(list)
        for sy in systems:
            by_origin[sy.origin].append((sy.name, sy.category))
        self.own = {s: (by_origin.get(s) or self.systems)[:4] for s in self.suppliers}
        self.outlets = [OutletInfo(f"outlet{i}.example", f"Outlet {i}", f"outlet{i}.example", "newspaper") for i in range(300)]
        self.names = {s.id: s.name for s in cat.states} | {g.id: g.name for g in cat.groups}

    def groups(self, n_claims: int) -> list[tuple[tuple[str, str, str], int]]:
        """How many claims each (type, supplier, recipient) gets, in group order."""
        rng = self.rng
        types = [t.value for t in EventType]
        drawn: Counter[tuple[str, str, str]] = Counter()
        sw, rw = _zipf(self.suppliers), _zipf(self.recipients, 0.9)
        tw = [3, 2, 3, 3, 3, 6, 1, 2, 1]
        for _ in range(0, n_claims, 100_000):
            k = min(100_000, n_claims - sum(drawn.values()))
            sup = rng.choices(self.suppliers, sw, k=k)
            rec = rng.choices(self.recipients, rw, k=k)
            typ = rng.choices(types, tw, k=k)
            drawn.update((t, s, r if r != s else self.recipients[0]) for t, s, r in zip(typ, sup, rec))
        return sorted(drawn.items())


def synthetic_batches(n_claims: int = CLAIMS, seed: int = 0) -> Iterator[Batch]:
    """Batches of documents (PER_DOC claims each) and claims, whole groups per batch, in group order."""
    syn = Synthetic(seed)
    rng = syn.rng
    docs: list[DocumentRecord] = []
    claims: list[ClaimRecord] = []
    pending: list[tuple[str, str, str]] = []
    counter = 0

    def flush_doc() -> None:
        nonlocal counter
        if not pending:
            return
        counter += 1
        outlet = rng.choice(syn.outlets)
        year = rng.choices(YEARS, [y - 2004 for y in YEARS])[0]  # more reporting in recent years
        published = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
        sentences, parts, offset = [], [], 0
        for type_, s, r in pending:
            if rng.random() < 0.4:
                system, category = None, rng.choice((Category.DRONE, Category.MISSILE, Category.OTHER))
            else:
                system, category = rng.choice(syn.own[s])
            n = rng.randint(2, 60)
            what = system or {Category.DRONE: "drones", Category.MISSILE: "missiles"}.get(category, "weapons")
            text = f"{syn.names.get(s, s)} {VERBS[type_]} {n} {what} for {syn.names.get(r, r)}, {outlet.name} reported."
            sentences.append((type_, s, r, system, category, n, offset, text))
            parts.append(text)
            offset += len(text) + 1
        body = " ".join(parts) + f" Item {counter}."
        doc_id = hashlib.sha256(body.encode()).hexdigest()
        docs.append(
            DocumentRecord(
                Document(
                    doc_id,
                    body,
                    f"bench#{counter}",
                    f"https://{outlet.domain}/a/{counter}",
                    f"Report {counter}",
                    outlet.name,
                    published,
                    "en",
                ),
                outlet,
                extractor_version=VERSION,
            )
        )
        for i, (type_, s, r, system, category, n, start, text) in enumerate(sentences):
            stance = rng.choices([st for st, _ in STANCES], [w for _, w in STANCES])[0]
            name_len = len(syn.names.get(s, s))
            ev = Evidence(f"bench#{counter}", doc_id, i, start, start + len(text), text, ((start, start + name_len, "supplier"),))
            date = f"{published.year}-{published.month:02d}" if rng.random() < 0.5 else None
            claim = Claim(
                EventType(type_),
                s,
                r,
                stance,
                ev,
                f"bench.{type_}",
                system=system,
                category=Category(category),
                date=date,
                quantity=n,
                confidence=0.75,
            )
            claims.append(ClaimRecord(claim_id(claim), claim, published, outlet.id, doc_id, VERSION))
        pending.clear()

    for group, count in syn.groups(n_claims):
        for _ in range(count):
            pending.append(group)
            if len(pending) == PER_DOC:
                flush_doc()
        flush_doc()  # a document never spans two groups, so a batch never splits one
        if len(claims) >= BATCH_CLAIMS:
            yield Batch(documents=tuple(docs), claims=tuple(claims))
            docs, claims = [], []
    if claims:
        yield Batch(documents=tuple(docs), claims=tuple(claims))


def build_store(path: Path, n_claims: int = CLAIMS, seed: int = 0, progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Write the synthetic store at `path` (reused when it already holds `n_claims` or more)."""
    say = progress or (lambda _m: None)
    store = open_store(str(path))
    store.upgrade()
    try:
        have = store.counts()
        if have.claims >= n_claims:
            say(f"reusing {path}: {have.claims:,} claims, {have.events:,} events")
            return {"path": str(path), "claims": have.claims, "events": have.events, "built_s": None}
        if have.claims:
            raise RuntimeError(f"{path}: holds {have.claims:,} claims, fewer than {n_claims:,}; remove it or give another --api-db")
        start = time.perf_counter()
        written = 0
        for batch in synthetic_batches(n_claims, seed):
            store.write_batch(batch)
            written += len(batch.claims)
            say(f"built {written:,} / ~{n_claims:,} claims in {time.perf_counter() - start:.0f} s")
        built = time.perf_counter() - start
        counts = store.counts()
        return {"path": str(path), "claims": counts.claims, "events": counts.events, "built_s": round(built, 1)}
    finally:
        store.close()


def _queries(seed: int, n: int) -> list[tuple[str, str]]:
    """n (kind, query string) pairs over the filters of the events table, drawn like an analyst's clicks."""
    syn = Synthetic(seed)
    rng = random.Random(seed + 1)
    types = [t.value for t in EventType]
    top_s, top_r = syn.suppliers[:15], syn.recipients[:40]
    kinds: dict[str, Callable[[], str]] = {
        "none": lambda: "",
        "supplier": lambda: f"supplier={rng.choice(top_s)}",
        "recipient": lambda: f"recipient={rng.choice(top_r)}",
        "actor": lambda: f"actor={rng.choice(top_s + top_r)}",
        "type": lambda: f"type={rng.choice(types)}",
        "supplier+type": lambda: f"supplier={rng.choice(top_s)}&type={rng.choice(types)},{rng.choice(types)}",
        "system": lambda: f"system={rng.choice(syn.systems[:50])[0]}",
        "category": lambda: f"category={rng.choice(['drone', 'missile', 'other'])}",
        "since": lambda: f"since={rng.randint(2010, 2025)}",
        "range": lambda: f"since={(y := rng.randint(2006, 2024))}-01-01&until={y}-12-31",
        "contested": lambda: "contested=true",
        "stance": lambda: f"stance={rng.choice(['denied', 'negated', 'planned'])}",
        "min_outlets": lambda: f"min_outlets={rng.randint(2, 3)}",
        "text": lambda: f"q={rng.choice(WORDS)}",
        "order": lambda: f"order={rng.choice(['outlets', 'corroboration', 'first_seen'])}",
        "page": lambda: f"offset={rng.randint(1, 20) * 50}",
        "supplier+recipient": lambda: f"supplier={rng.choice(top_s)}&recipient={rng.choice(top_r)}",
    }
    names = list(kinds)
    return [(kind, kinds[kind]()) for kind in (names[i % len(names)] if i < len(names) else rng.choice(names) for i in range(n))]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _percentiles(ms: list[float]) -> dict[str, float]:
    q = statistics.quantiles(ms, n=100, method="inclusive") if len(ms) > 1 else ms * 99
    return {
        "p50_ms": round(q[49], 2),
        "p95_ms": round(q[94], 2),
        "p99_ms": round(q[98], 2),
        "max_ms": round(max(ms), 2),
        "mean_ms": round(statistics.fmean(ms), 2),
    }


def measure(db: Path, requests: int = REQUESTS, seed: int = 0, progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Serve `db` from `armswatch serve --read-only` in a child process and time `requests` GET /api/events from here."""
    import httpx

    say = progress or (lambda _m: None)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "armswatch", "serve", "--db", str(db), "--port", str(port), "--read-only"],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            with httpx.Client(base_url=base, timeout=30) as client:
                deadline = time.monotonic() + 120
                while True:
                    try:
                        if client.get("/api/health").status_code == 200:
                            break
                    except httpx.TransportError:
                        pass
                    if proc.poll() is not None or time.monotonic() > deadline:
                        log.seek(0)
                        raise RuntimeError(f"armswatch serve did not start: {log.read().decode(errors='replace')[-2000:]}")
                    time.sleep(0.2)
                queries = _queries(seed, WARMUP + requests)
                say(f"serving {db} on {base}; {WARMUP} warm-up and {requests:,} measured requests")
                times: dict[str, list[float]] = defaultdict(list)
                errors: Counter[str] = Counter()
                rows = 0
                start = time.perf_counter()
                for i, (kind, query) in enumerate(queries):
                    t0 = time.perf_counter()
                    res = client.get("/api/events" + (f"?{query}" if query else ""))
                    elapsed = (time.perf_counter() - t0) * 1000
                    if i < WARMUP:
                        start = time.perf_counter()
                        continue
                    if res.status_code != 200:
                        errors[f"{res.status_code} {kind}"] += 1
                        continue
                    rows += len(res.json()["events"])
                    times[kind].append(elapsed)
                wall = time.perf_counter() - start
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    everything = [t for ts in times.values() for t in ts]
    return {
        "requests": requests,
        "errors": sum(errors.values()),
        "error_kinds": dict(errors),
        "requests_per_s": round(len(everything) / wall, 1) if wall else None,
        "mean_rows": round(rows / max(len(everything), 1), 1),
        **(_percentiles(everything) if everything else {}),
        "by_filter": {kind: {"n": len(ts), **_percentiles(ts)} for kind, ts in sorted(times.items())},
        "target_p95_ms": 50.0,
    }


def run(
    db: Path | None = None, n_claims: int = CLAIMS, requests: int = REQUESTS, seed: int = 0, progress: Callable[[str], None] | None = None
) -> dict[str, Any]:
    """Build or reuse the store, then measure; plain data, JSON-ready."""
    from armswatch.bench import machine

    path = db or Path(tempfile.gettempdir()) / f"armswatch-bench-api-{n_claims}.db"
    store = build_store(path, n_claims, seed, progress)
    figures = measure(path, requests, seed, progress)
    figures["meets_target"] = figures.get("p95_ms", 1e9) < figures["target_p95_ms"] and figures["errors"] == 0
    return {"machine": machine(), "store": store, "latency": figures}


def print_api_result(result: dict[str, Any], out: Callable[[str], None]) -> None:
    lat, store = result["latency"], result["store"]
    out(
        f"store {store['path']}: {store['claims']:,} claims, {store['events']:,} events"
        + (f" (built in {store['built_s']} s)" if store["built_s"] is not None else " (reused)")
    )
    out(f"GET /api/events, {lat['requests']:,} requests from a second process over loopback, one connection, one at a time:")
    out(
        f"  p50 {lat['p50_ms']} ms, p95 {lat['p95_ms']} ms, p99 {lat['p99_ms']} ms, max {lat['max_ms']} ms; {lat['errors']} errors; "
        f"{lat['requests_per_s']} requests/s; {lat['mean_rows']} events per response"
    )
    out(f"  target p95 < {lat['target_p95_ms']:g} ms: {'met' if result['latency']['meets_target'] else 'not met'}")
    out(f"  {'filter':<20} {'n':>5} {'p50':>8} {'p95':>8} {'max':>8}")
    for kind, f in lat["by_filter"].items():
        out(f"  {kind:<20} {f['n']:>5} {f['p50_ms']:>8} {f['p95_ms']:>8} {f['max_ms']:>8}")

"""The commands over the store: ingest, reextract, db, events, claims, actors, systems, export.

Registered on the one `armswatch` app (cli.py); thin over pipeline, store and exports.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from armswatch.cli import _date_option, _out, _warn, app, err
from armswatch.config import Settings
from armswatch.contract import claim_to_dict, event_to_dict
from armswatch.model import Event
from armswatch.store.base import ClaimFilter, EventFilter, Store, StoredClaim

if TYPE_CHECKING:
    from armswatch.pipeline import Summary

DbOption = Annotated[
    str | None, typer.Option("--db", help="The store: a SQLite path or a postgresql:// URL (default: ARMSWATCH_DB or armswatch.db).")
]
db_app = typer.Typer(help="The store's schema.", no_args_is_help=True)
app.add_typer(db_app, name="db")


def _store(db: str | None) -> Store:
    from armswatch.store import open_store

    settings = Settings.from_env(db=db)
    store = open_store(settings.db)
    store.upgrade()
    return store


def _split(values: str | None) -> tuple[str, ...]:
    return tuple(v.strip() for v in values.split(",") if v.strip()) if values else ()


@db_app.command("upgrade")
def db_upgrade(db: DbOption = None) -> None:
    """Create or migrate the store's schema to the newest revision."""
    store = _store(db)
    err.print(f"{store.url}: schema up to date", markup=False)
    store.close()


@app.command()
def ingest(
    sources: Annotated[list[str], typer.Argument(help="Files, folders, feeds (file or URL), OPML or .feeds lists, WARC archives, URLs.")],
    db: DbOption = None,
    allow_private: Annotated[bool, typer.Option("--allow-private", help="Let the fetcher reach private and loopback addresses.")] = False,
    top: Annotated[int, typer.Option(help="How many of the top events to show after the summary.")] = 10,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            min=1,
            help="Extraction processes of the local engine, or Dask workers of the "
            "local cluster that --engine dask starts when no --scheduler is given; one writer either way.",
        ),
    ] = 1,
    engine: Annotated[
        str,
        typer.Option(
            "--engine",
            help="local (this machine: in process or a process pool) or dask (each file "
            "a shard, read and worked on Dask workers; resumable file by file).",
        ),
    ] = "local",
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="With --engine dask: the scheduler of a running cluster, e.g. tcp://host:8786 (default: a local cluster for this run).",
        ),
    ] = None,
) -> None:
    """Read SOURCES into the store (idempotent); print a summary and the top events."""

    if engine not in ("local", "dask"):
        _warn(f"--engine {engine}: not one of local, dask")
        raise typer.Exit(2)
    if scheduler and engine != "dask":
        _warn("--scheduler needs --engine dask")
        raise typer.Exit(2)
    settings = Settings.from_env(db=db)
    store = _store(db)
    failure: str | None = None
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as progress:
        task = progress.add_task("ingesting", total=None)

        def tick(label: str) -> None:
            progress.update(task, advance=1, description=f"ingesting {Path(label).name[:40]}")

        if engine == "dask":
            from armswatch.scale import Network, ShardFailed, dask_client, ingest_dask

            try:
                with dask_client(scheduler, workers) as client:
                    summary = ingest_dask(sources, store, settings, client, network=Network(allow_private), on_document=tick)
            except ShardFailed as exc:
                summary, failure = exc.summary, str(exc)
        else:
            summary = _ingest_local(sources, store, settings, allow_private, workers, tick)
    for item in summary.skipped_items:
        _warn(f"{item.label}: {item.reason}" + ("" if item.reason.endswith("skipped") or item.stage == "extract" else "; skipped"))
    counts = store.counts()
    err.print(
        f"read {summary.read} documents in {summary.seconds:.1f} s: {summary.stored} stored, {summary.already_stored} already stored, "
        f"{summary.near_duplicates} near duplicates linked, {summary.not_extracted} not extracted; "
        f"{len(summary.skipped_items)} items skipped"
        + (f" ({', '.join(f'{k}: {v}' for k, v in summary.skipped.most_common())})" if summary.skipped else ""),
        markup=False,
    )
    err.print(
        f"store {store.url}: {counts.documents} documents, {counts.claims} claims, {counts.events} events, {counts.contested} contested",
        markup=False,
    )
    if top:
        _events_table(store.events(EventFilter(limit=top, order="outlets")), title="top events")
    store.close()
    if failure:
        _warn(failure)
    if failure or any(i.stage == "read" for i in summary.skipped_items):
        raise typer.Exit(1)


def _ingest_local(
    sources: list[str], store: Store, settings: Settings, allow_private: bool, workers: int, tick: Callable[[str], None]
) -> Summary:
    from armswatch.claims import Extractor
    from armswatch.ingest.fetch import Fetcher
    from armswatch.pipeline import ingest as run_ingest

    extractor = Extractor(model=settings.spacy_model)
    fetcher = Fetcher(allow_private=allow_private, max_bytes=settings.max_text_bytes)
    return run_ingest(sources, store, settings, extractor=extractor, fetcher=fetcher, workers=workers, on_document=tick)


@app.command("reextract")
def reextract_cmd(db: DbOption = None) -> None:
    """Run the current rules and catalog over every stored document; reviews survive."""
    from armswatch.claims import EXTRACTOR_VERSION
    from armswatch.pipeline import reextract

    store = _store(db)
    total = reextract(store)
    err.print(f"reextracted with extractor {EXTRACTOR_VERSION}: {total} claims", markup=False)
    store.close()


def _event_filter(
    supplier: str | None,
    recipient: str | None,
    actor: str | None,
    type_: str | None,
    stance: str | None,
    system: str | None,
    category: str | None,
    since: str | None,
    until: str | None,
    contested: bool,
    min_outlets: int,
    text: str | None,
    limit: int,
    offset: int,
) -> EventFilter:
    return EventFilter(
        supplier=supplier,
        recipient=recipient,
        actor=actor,
        types=_split(type_),
        stances=_split(stance),
        system=system,
        category=category,
        since=_since(since),
        until=_until(until),
        contested=True if contested else None,
        min_outlets=min_outlets,
        text=text,
        limit=limit,
        offset=offset,
    )


def _since(value: str | None) -> Any:
    if value and len(value) == 4 and value.isdigit():
        value = f"{value}-01-01"
    return _date_option(value)


def _until(value: str | None) -> Any:
    if value and len(value) == 4 and value.isdigit():
        value = f"{value}-12-31"
    return _date_option(value)


def _emit(rows: Iterable[dict[str, Any]], as_json: bool, as_csv: bool, columns: list[str]) -> bool:
    """Write rows as JSON Lines or CSV on stdout; False when the caller should print a table."""
    if as_json:
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
        return True
    if as_csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: (json.dumps(v) if isinstance(v, list | dict) else v) for k, v in row.items()})
        return True
    return False


EVENT_COLUMNS = [
    "id",
    "type",
    "supplier",
    "recipient",
    "by",
    "system",
    "category",
    "year",
    "first_seen",
    "last_seen",
    "claims",
    "outlets",
    "corroboration",
    "contested",
    "status",
]


def _events_table(events: list[Event], title: str = "events") -> None:
    table = Table(title=f"{title} ({len(events)})")
    for col in ("event", "type", "supplier", "recipient", "system/category", "year", "claims", "outlets", "contested", "last seen"):
        table.add_column(col)
    for e in events:
        table.add_row(
            e.id[:12],
            e.type.value,
            e.supplier or "",
            e.recipient or (e.by or ""),
            e.system or (e.category.value if e.category else ""),
            str(e.year or ""),
            str(len(e.claim_ids)),
            str(e.outlets),
            "yes" if e.contested else "",
            str(e.last_seen or ""),
        )
    _out().print(table)


@app.command()
def events(
    db: DbOption = None,
    supplier: Annotated[str | None, typer.Option(help="Supplier (ISO3 or group id).")] = None,
    recipient: Annotated[str | None, typer.Option(help="Recipient (ISO3 or group id).")] = None,
    actor: Annotated[str | None, typer.Option(help="Either side.")] = None,
    type_: Annotated[
        str | None,
        typer.Option("--type", help="Types, comma-separated: offer,interest,request,agreement,order,transfer,production,use,sanction."),
    ] = None,
    stance: Annotated[str | None, typer.Option(help="Events with claims of these stances, comma-separated.")] = None,
    system: Annotated[str | None, typer.Option(help="Catalog system name, e.g. Shahed-136.")] = None,
    category: Annotated[str | None, typer.Option(help="drone, drone_technology, missile or other.")] = None,
    since: Annotated[str | None, typer.Option(help="From this date or year (event date, else publication).")] = None,
    until: Annotated[str | None, typer.Option(help="Up to this date or year.")] = None,
    contested: Annotated[bool, typer.Option("--contested", help="Only contested events.")] = False,
    min_outlets: Annotated[int, typer.Option(help="At least this many independent outlets.")] = 0,
    text: Annotated[str | None, typer.Option(help="Full-text search over the evidence sentences.")] = None,
    limit: Annotated[int, typer.Option(help="How many.")] = 50,
    offset: Annotated[int, typer.Option(help="Skip this many.")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="JSON Lines.")] = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="CSV.")] = False,
) -> None:
    """Events: claims merged by type, dyad, system and year, with outlets, corroboration and contested flag."""
    store = _store(db)
    found = store.events(
        _event_filter(
            supplier, recipient, actor, type_, stance, system, category, since, until, contested, min_outlets, text, limit, offset
        )
    )
    if not _emit((event_to_dict(e) for e in found), as_json, as_csv, EVENT_COLUMNS):
        _events_table(found)
    store.close()


CLAIM_COLUMNS = [
    "id",
    "event_id",
    "type",
    "supplier",
    "recipient",
    "system",
    "category",
    "stance",
    "attributed_to",
    "date",
    "url",
    "outlet",
    "evidence",
]


def _claim_row(sc: StoredClaim) -> dict[str, Any]:
    return {
        "id": sc.record.id,
        "event_id": sc.event_id,
        "url": sc.url,
        "outlet": sc.outlet_name,
        "status": sc.record.status.value,
        **claim_to_dict(sc.record.claim),
    }


@app.command()
def claims(
    db: DbOption = None,
    event: Annotated[str | None, typer.Option(help="The claims behind this event id (or its first characters).")] = None,
    supplier: Annotated[str | None, typer.Option(help="Supplier.")] = None,
    recipient: Annotated[str | None, typer.Option(help="Recipient.")] = None,
    type_: Annotated[str | None, typer.Option("--type", help="Types, comma-separated.")] = None,
    stance: Annotated[str | None, typer.Option(help="Stances, comma-separated.")] = None,
    system: Annotated[str | None, typer.Option(help="Catalog system name.")] = None,
    text: Annotated[str | None, typer.Option(help="Full-text search over the evidence.")] = None,
    limit: Annotated[int, typer.Option(help="How many.")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="JSON Lines (the ONTOLOGY.md contract plus id, event_id, url).")] = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="CSV.")] = False,
) -> None:
    """Claims with their evidence sentences."""
    store = _store(db)
    if event and len(event) < 32:
        match = [e for e in store.events(EventFilter(limit=100_000)) if e.id.startswith(event)]
        event = match[0].id if match else event
    found = store.claims(
        ClaimFilter(
            event=event,
            supplier=supplier,
            recipient=recipient,
            types=_split(type_),
            stances=_split(stance),
            system=system,
            text=text,
            limit=limit,
        )
    )
    rows = [_claim_row(sc) for sc in found]
    if not _emit(rows, as_json, as_csv, CLAIM_COLUMNS):
        table = Table(title=f"claims ({len(rows)})")
        for col in ("type", "supplier", "recipient", "stance", "attributed to", "outlet", "evidence"):
            table.add_column(col, overflow="fold")
        for r in rows:
            table.add_row(
                r["type"],
                r["supplier"] or "",
                r["recipient"] or "",
                r["stance"],
                r["attributed_to"] or "",
                r["outlet"] or "",
                r["evidence"]["text"],
            )
        _out().print(table)
    store.close()


@app.command()
def actors(
    actor: Annotated[str, typer.Argument(help="ISO3 code or group id, e.g. IRN or Houthis.")],
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON.")] = False,
) -> None:
    """An actor as supplier and as recipient."""
    store = _store(db)
    as_supplier = store.events(EventFilter(supplier=actor, limit=10_000))
    as_recipient = store.events(EventFilter(recipient=actor, limit=10_000))
    if as_json:
        typer.echo(
            json.dumps(
                {
                    "actor": actor,
                    "as_supplier": [event_to_dict(e) for e in as_supplier],
                    "as_recipient": [event_to_dict(e) for e in as_recipient],
                },
                default=str,
            )
        )
    else:
        _events_table(as_supplier, title=f"{actor} as supplier")
        _events_table(as_recipient, title=f"{actor} as recipient")
    store.close()


@app.command()
def systems(
    system: Annotated[str, typer.Argument(help="Catalog system name or alias, e.g. Shahed-136 or Geran-2.")],
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON.")] = False,
) -> None:
    """A weapon system: what the catalog knows, and its events."""
    from armswatch.catalog import load

    cat = load()
    wanted = system.lower().replace("-", "").replace(" ", "")
    entry = next((s for s in cat.systems if wanted in {a.lower().replace("-", "").replace(" ", "") for a in (s.name, *s.aliases)}), None)
    if entry is None:
        _warn(f"{system}: not in the catalog; try the canonical name (armswatch/catalog/data/systems.toml)")
        raise typer.Exit(2)
    store = _store(db)
    found = store.events(EventFilter(system=entry.name, limit=10_000))
    if as_json:
        typer.echo(
            json.dumps(
                {
                    "system": entry.name,
                    "aliases": list(entry.aliases),
                    "category": entry.category.value,
                    "class": entry.klass,
                    "origin": entry.origin,
                    "events": [event_to_dict(e) for e in found],
                },
                default=str,
            )
        )
    else:
        err.print(
            f"{entry.name}: {entry.klass or entry.category.value}, origin {entry.origin or '?'}; aliases: {', '.join(entry.aliases) or '-'}",
            markup=False,
        )
        _events_table(found, title=entry.name)
    store.close()


@app.command()
def export(
    format_: Annotated[str, typer.Option("--format", help="csv, jsonl, parquet, graphml, geojson or register.")],
    out: Annotated[Path, typer.Option("-o", "--out", help="The file to write.")],
    db: DbOption = None,
    reviewed_only: Annotated[bool, typer.Option("--reviewed-only", help="Leave out unreviewed claims.")] = False,
) -> None:
    """Export events and their claims."""
    from armswatch.catalog import load
    from armswatch.exports import FORMATS
    from armswatch.exports import export as run_export

    if format_ not in FORMATS:
        _warn(f"--format {format_}: not one of {', '.join(FORMATS)}")
        raise typer.Exit(2)
    store = _store(db)
    found = store.events(EventFilter(limit=10_000_000, include_unreviewed=not reviewed_only))
    all_claims = store.claims(ClaimFilter(limit=100_000_000))
    if reviewed_only:
        all_claims = [c for c in all_claims if c.record.status.value == "confirmed"]
    run_export(format_, found, all_claims, load(), out)
    err.print(f"wrote {len(found)} events and {len(all_claims)} claims to {out} ({format_})", markup=False)
    store.close()

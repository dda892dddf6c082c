"""The watch commands: watch, watch-status, alerts list|show|ack, watchlist add|list|remove.

Registered on the one `armswatch` app (cli.py); thin over armswatch.watch and the store. Alerts are data: with
`--jsonl -` they go to stdout as JSON Lines; a readable line per alert always goes to stderr.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from dataclasses import replace
from pathlib import Path
from types import FrameType
from typing import Annotated, Any

import typer
from rich.table import Table

from armswatch.cli import _out, _warn, app, err
from armswatch.cli_records import DbOption, _split, _store
from armswatch.config import Settings
from armswatch.errors import UsageError
from armswatch.store.base import Alert, AlertFilter, Store, WatchRule
from armswatch.store.write import UnknownTarget

alerts_app = typer.Typer(help="Alerts the watch raised: list, show, acknowledge.", no_args_is_help=True)
watchlist_app = typer.Typer(
    help="Watchlist rules kept in the store (a TOML file given to `watch --alerts` adds to them).", no_args_is_help=True
)
app.add_typer(alerts_app, name="alerts")
app.add_typer(watchlist_app, name="watchlist")


def _usage(message: str) -> typer.Exit:
    _warn(message)
    return typer.Exit(2)


@app.command()
def watch(
    sources: Annotated[list[str], typer.Argument(help="Feeds to poll: RSS/Atom files or URLs, lists of feeds (.opml, .feeds).")],
    every: Annotated[str, typer.Option("--every", help="How often each feed is polled: 15m, 90s, 1h30m, 1d.")] = "15m",
    alerts_file: Annotated[
        Path | None,
        typer.Option(
            "--alerts", help="A watchlist TOML file of [[rule]] tables, added to the rules kept in the store (`armswatch watchlist add`)."
        ),
    ] = None,
    webhook: Annotated[
        str | None, typer.Option("--webhook", help="POST each alert as JSON to this URL (retried on 5xx and failed connections).")
    ] = None,
    smtp: Annotated[str | None, typer.Option("--smtp", help="Mail each alert through this SMTP server, host:port (no login).")] = None,
    mail_to: Annotated[
        list[str] | None, typer.Option("--mail-to", help="Recipient of the alert mails (repeat for more); needs --smtp.")
    ] = None,
    mail_from: Annotated[str, typer.Option("--mail-from", help="Sender of the alert mails.")] = "armswatch@localhost",
    jsonl: Annotated[str | None, typer.Option("--jsonl", help="Append each alert as a JSON line to this file, or - for stdout.")] = None,
    once: Annotated[bool, typer.Option("--once", help="Poll every feed once, due or not, deliver the alerts, and exit.")] = False,
    allow_private: Annotated[bool, typer.Option("--allow-private", help="Let the fetcher reach private and loopback addresses.")] = False,
    max_items: Annotated[
        int,
        typer.Option("--max-items", min=1, help="New items taken from one feed per poll; the rest are taken at the next (due at once)."),
    ] = 20,
    politeness: Annotated[float, typer.Option("--politeness", min=0.0, help="Seconds between two requests to one host.")] = 2.0,
    timeout: Annotated[
        float, typer.Option("--timeout", min=0.1, help="Seconds to wait for a server before the poll counts as failed (then backed off).")
    ] = 10.0,
    db: DbOption = None,
) -> None:
    """Poll feeds on a schedule, ingest new items, raise alerts; SIGTERM or Ctrl-C ends it after the current step."""
    from armswatch.claims import Extractor
    from armswatch.ingest.fetch import Fetcher
    from armswatch.watch import Runner, Schedule, SystemClock
    from armswatch.watch.feeds import feed_sources, parse_duration
    from armswatch.watch.sinks import JsonlSink, LineSink, Sink, SmtpSink, WebhookSink

    try:
        schedule = Schedule(every=parse_duration(every), max_items=max_items, politeness=politeness)
        host, port = _host_port(smtp) if smtp else ("", 0)
    except UsageError as exc:
        raise _usage(str(exc)) from exc
    if smtp and not mail_to:
        raise _usage("--smtp needs --mail-to ADDRESS (who gets the alert mails)")
    settings = Settings.from_env(db=db)
    extractor = Extractor(model=settings.spacy_model)
    store = _store(db)
    rules = _rules(store, alerts_file, extractor.catalog)
    if not rules:
        _warn("no watchlist rules: new items are ingested but no alert can fire (give --alerts FILE or `armswatch watchlist add`)")
    clock = SystemClock()
    fetcher = Fetcher(allow_private=allow_private, timeout=timeout, max_bytes=settings.max_text_bytes)
    feeds, problems = feed_sources(sources, fetcher)
    for problem in problems:
        _warn(str(problem))
    if not feeds:
        raise _usage("no feed to watch; give feed files or URLs, or an .opml / .feeds list")
    sinks: list[Sink] = [LineSink(_warn)]
    if jsonl:
        sinks.append(JsonlSink(jsonl))
    if webhook:
        sinks.append(WebhookSink(webhook, clock, timeout=timeout))
    if smtp:
        sinks.append(SmtpSink(host, port, mail_from, mail_to or [], clock, timeout=timeout))
    runner = Runner(store, feeds, rules=rules, sinks=sinks, fetcher=fetcher, clock=clock, extractor=extractor, schedule=schedule, log=_warn)

    def stop(signum: int, _frame: FrameType | None) -> None:
        _warn(f"{signal.Signals(signum).name}: stopping after the current step")
        runner.stop()

    previous = {s: signal.signal(s, stop) for s in (signal.SIGTERM, signal.SIGINT)}
    _warn(f"watching {len(feeds)} feed(s) every {every} with {len(rules)} rule(s) into {store.url}" + (" (once)" if once else ""))
    try:
        report = runner.run(once=once)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        for sink in sinks:
            sink.close()
        fetcher.close()
        store.close()
    _warn(
        f"{report.polls} poll(s), {report.failures} failed; {report.items} item(s), {report.documents} new document(s); "
        f"{len(report.alerts)} alert(s)"
    )
    if once and report.failures:
        raise typer.Exit(1)


def _host_port(value: str) -> tuple[str, int]:
    host, _, port = value.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise UsageError(f"--smtp {value}: give host:port, e.g. localhost:25")
    return host.strip("[]"), int(port)


def _rules(store: Store, path: Path | None, catalog: Any) -> list[Any]:
    """The store's rules and the file's; a rule of the file replaces the stored rule of the same id."""
    from armswatch.watch.rules import RuleError, load_rules, rule_from_spec

    try:
        stored = [rule_from_spec(r.spec, f"watchlist rule {r.id} in the store", catalog) for r in store.watch_rules()]
        given = load_rules(path, catalog) if path is not None else []
    except RuleError as exc:
        raise _usage(str(exc)) from exc
    ids = {r.id for r in given}
    return [r for r in stored if r.id not in ids] + given


@app.command("watch-status")
def watch_status(
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per feed, then the health verdict.")] = False,
) -> None:
    """The watched feeds: last poll, next poll, failures, last error, items today; exit 1 when the watch is stale."""
    from armswatch.watch import SystemClock
    from armswatch.watch.status import feed_rows, health

    store = _store(db)
    now = SystemClock().now()
    rows = feed_rows(store, now)
    code, verdict = health(store, now)
    store.close()
    if as_json:
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        sys.stdout.write(json.dumps({"health": verdict}, ensure_ascii=False) + "\n")
    else:
        table = Table(title=f"feeds ({len(rows)})")
        for col in ("feed", "last poll", "next poll", "failures", "last error", "items today", "items"):
            table.add_column(col, overflow="fold")
        for r in rows:
            table.add_row(
                r["feed"],
                r["last_poll"] or "",
                (r["next_poll"] or "") + (" (overdue)" if r["overdue"] else ""),
                str(r["failures"]),
                r["last_error"] or "",
                str(r["items_today"]),
                str(r["items_total"]),
            )
        _out().print(table)
        err.print(f"health: {verdict['status']}; {verdict['alerts_unacknowledged']} alert(s) not acknowledged", markup=False)
    if code != 200 and rows:
        raise typer.Exit(1)


# -- alerts --------------------------------------------------------------------------------------


def _alert_row(a: Alert) -> dict[str, Any]:
    from armswatch.watch.sinks import alert_payload

    return {
        **alert_payload(a),
        "delivered": a.delivered.isoformat() if a.delivered else None,
        "delivery_error": a.delivery_error,
        "acked": a.acked.isoformat() if a.acked else None,
        "acked_by": a.acked_by,
        "ack_note": a.ack_note,
    }


@alerts_app.command("list")
def alerts_list(
    db: DbOption = None,
    unacked: Annotated[bool, typer.Option("--unacked", help="Only alerts not yet acknowledged.")] = False,
    rule: Annotated[str | None, typer.Option("--rule", help="Only alerts of this rule id.")] = None,
    limit: Annotated[int, typer.Option(help="How many, newest first.")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="JSON Lines, with the event and the evidence.")] = False,
) -> None:
    """Alerts, newest first: id, when, rule, what changed, acknowledged."""
    store = _store(db)
    found = store.alerts(AlertFilter(acked=False if unacked else None, rule_id=rule, limit=limit))
    store.close()
    if as_json:
        for a in found:
            sys.stdout.write(json.dumps(_alert_row(a), ensure_ascii=False, default=str) + "\n")
        return
    table = Table(title=f"alerts ({len(found)})")
    for col in ("id", "created", "rule", "change", "event", "acked"):
        table.add_column(col, overflow="fold")
    for a in found:
        table.add_row(
            str(a.id), a.created.strftime("%Y-%m-%d %H:%M"), a.rule_id, a.change, a.event_id[:12], a.acked_by or ("yes" if a.acked else "")
        )
    _out().print(table)


@alerts_app.command("show")
def alerts_show(
    alert_id: Annotated[int, typer.Argument(help="The alert's id (armswatch alerts list).")],
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON.")] = False,
) -> None:
    """One alert: what changed, the event, the evidence sentences and their sources."""
    from armswatch.watch.sinks import email_body

    store = _store(db)
    alert = store.alert(alert_id)
    store.close()
    if alert is None:
        raise _usage(f"alert {alert_id}: not in the store; list alerts with `armswatch alerts list`")
    if as_json:
        typer.echo(json.dumps(_alert_row(alert), ensure_ascii=False, default=str))
        return
    sys.stdout.write(email_body(alert))
    if alert.acked:
        sys.stdout.write(
            f"acknowledged by {alert.acked_by or '?'} at {alert.acked.isoformat(timespec='seconds')}"
            + (f": {alert.ack_note}" if alert.ack_note else "")
            + "\n"
        )


@alerts_app.command("ack")
def alerts_ack(
    alert_ids: Annotated[list[int], typer.Argument(help="The ids of the alerts to acknowledge.")],
    db: DbOption = None,
    who: Annotated[str | None, typer.Option("--who", help="Who acknowledges (default: the login name).")] = None,
    note: Annotated[str, typer.Option("--note", help="Why, or what was done.")] = "",
) -> None:
    """Acknowledge alerts, so they leave the unacknowledged list."""
    from armswatch.watch import SystemClock

    store = _store(db)
    name = who or os.environ.get("USER") or "analyst"
    missing = 0
    for alert_id in alert_ids:
        try:
            store.ack_alert(alert_id, name, note, SystemClock().now())
            err.print(f"alert {alert_id} acknowledged by {name}", markup=False)
        except UnknownTarget as exc:
            _warn(str(exc))
            missing += 1
    store.close()
    if missing:
        raise typer.Exit(2)


# -- watchlist --------------------------------------------------------------------------------------


@watchlist_app.command("add")
def watchlist_add(
    kind: Annotated[str, typer.Argument(help="new_recipient, system, contested or stage.")],
    db: DbOption = None,
    rule_id: Annotated[str | None, typer.Option("--id", help="A stable id (default: the kind and the names in the rule).")] = None,
    supplier: Annotated[str | None, typer.Option(help="Supplier: ISO3 (IRN) or a group id.")] = None,
    recipient: Annotated[str | None, typer.Option(help="Recipient: ISO3 or a group id.")] = None,
    system: Annotated[str | None, typer.Option(help="Catalog system name or alias, e.g. Shahed-136.")] = None,
    type_: Annotated[str | None, typer.Option("--type", help="Event types, comma-separated (default: the kind's).")] = None,
    stance: Annotated[str | None, typer.Option("--stance", help="Stances, comma-separated (default: the kind's).")] = None,
    min_outlets: Annotated[int, typer.Option("--min-outlets", min=1, help="Independent outlets before the rule fires.")] = 1,
    description: Annotated[str, typer.Option(help="What the rule is for, shown with its alerts.")] = "",
) -> None:
    """Add (or replace) a watchlist rule in the store; every later `armswatch watch` uses it."""
    from armswatch.catalog import load
    from armswatch.watch import SystemClock
    from armswatch.watch.rules import RuleError, rule_from_spec, rule_id_for

    spec: dict[str, Any] = {"kind": kind}
    for name, value in (("supplier", supplier), ("recipient", recipient), ("system", system), ("description", description)):
        if value:
            spec[name] = value
    if type_:
        spec["types"] = list(_split(type_))
    if stance:
        spec["stances"] = list(_split(stance))
    if min_outlets > 1:
        spec["min_outlets"] = min_outlets
    spec["id"] = rule_id or "new"
    try:
        rule = rule_from_spec(spec, "watchlist add", load())
    except RuleError as exc:
        raise _usage(str(exc)) from exc
    if not rule_id:  # named after the catalog's names, not the spelling given
        rule = replace(rule, id=rule_id_for(rule.spec()))
    store = _store(db)
    store.save_watch_rule(WatchRule(rule.id, rule.kind, rule.spec(), SystemClock().now()))
    store.close()
    err.print(f"rule {rule.id} saved", markup=False)


@watchlist_app.command("list")
def watchlist_list(
    db: DbOption = None,
    alerts_file: Annotated[
        Path | None, typer.Option("--alerts", help="Also the rules of this watchlist TOML file, as `watch` would.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON Lines.")] = False,
) -> None:
    """The rules a watch would use: the store's, and a file's when given."""
    from armswatch.catalog import load

    store = _store(db)
    rules = _rules(store, alerts_file, load())
    store.close()
    if as_json:
        for rule in rules:
            sys.stdout.write(json.dumps(rule.spec(), ensure_ascii=False) + "\n")
        return
    table = Table(title=f"watchlist ({len(rules)})")
    for col in ("id", "kind", "supplier", "recipient", "system", "types", "stances", "min outlets"):
        table.add_column(col, overflow="fold")
    for r in rules:
        table.add_row(
            r.id,
            r.kind,
            r.supplier or "",
            r.recipient or "",
            r.system or "",
            ",".join(r.event_types),
            ",".join(r.event_stances),
            str(r.min_outlets),
        )
    _out().print(table)


@watchlist_app.command("remove")
def watchlist_remove(rule_id: Annotated[str, typer.Argument(help="The rule's id.")], db: DbOption = None) -> None:
    """Remove a rule from the store (its alerts stay)."""
    store = _store(db)
    removed = store.remove_watch_rule(rule_id)
    store.close()
    if not removed:
        raise _usage(f"rule {rule_id}: not in the store; see `armswatch watchlist list`")
    err.print(f"rule {rule_id} removed", markup=False)

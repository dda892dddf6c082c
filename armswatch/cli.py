"""The armswatch command: thin over the package.

Data goes to stdout, messages and progress to stderr. Exit codes: 0 when
every input was read, 1 when some were skipped (each with a one-line reason
on stderr), 2 on a usage error.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from armswatch import __version__
from armswatch.config import Settings

app = typer.Typer(
    add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False, help="News text in, sourced arms-transfer claims out."
)
err = Console(stderr=True, highlight=False, width=None if sys.stderr.isatty() else 200)


def _warn(message: str) -> None:
    """One line on stderr, never wrapped: the reason an input was skipped."""
    sys.stderr.write(message.replace("\n", " ") + "\n")
    sys.stderr.flush()


def _out() -> Console:
    return Console(highlight=False, width=None if sys.stdout.isatty() else 220)


def _date_option(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD") from exc


def _version(value: bool) -> None:
    if value:
        typer.echo(f"armswatch {__version__}")
        raise typer.Exit()


@app.callback()
def _main(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")] = False) -> None:
    """armswatch: a sourced, queryable record of arms transfers from news text."""


@app.command()
def extract(
    files: Annotated[list[Path], typer.Argument(help="Text (.txt) or JSON Lines (.jsonl, one article a line) files; .gz of either.")],
    as_json: Annotated[bool, typer.Option("--json", help="One claim a line, the JSON Lines contract of ONTOLOGY.md.")] = False,
    published: Annotated[str | None, typer.Option(help="Publication date (YYYY-MM-DD) for documents that carry none.")] = None,
) -> None:
    """Print the claims in FILES (no store involved)."""
    from armswatch.claims import Extractor
    from armswatch.contract import claim_to_dict
    from armswatch.errors import InputError
    from armswatch.ingest.text import read_path

    settings = Settings.from_env()
    pub = _date_option(published)
    extractor = Extractor(model=settings.spacy_model)
    skipped = 0
    rows = []
    for path in files:
        label = str(path)
        try:
            if path.is_dir():
                raise InputError(label, "is a folder; `armswatch extract` takes files (use `armswatch ingest` for folders)")
            for item in read_path(path, label, settings.max_text_bytes, pub):
                if isinstance(item, InputError):
                    _warn(str(item))
                    skipped += 1
                    continue
                for claim in extractor.extract(item):
                    if as_json:
                        sys.stdout.write(json.dumps(claim_to_dict(claim), ensure_ascii=False) + "\n")
                    else:
                        rows.append(claim)
        except InputError as exc:
            _warn(str(exc))
            skipped += 1
    if not as_json:
        _claims_table(rows)
    if skipped:
        _warn(f"{skipped} input(s) skipped")
        raise typer.Exit(1)


def _claims_table(claims: list) -> None:
    table = Table(show_lines=False)
    for col in ("type", "supplier", "recipient", "system/category", "stance", "attributed to", "date", "doc:sentence", "evidence"):
        table.add_column(col, overflow="fold")
    for c in claims:
        what = c.system or (c.category.value if c.category else "")
        ev = c.evidence
        table.add_row(
            c.type.value,
            c.supplier or "",
            c.recipient or "",
            what,
            c.stance.value,
            c.attributed_to or "",
            c.date or "",
            f"{ev.doc}:{ev.sentence}",
            ev.text if len(ev.text) < 160 else ev.text[:157] + "...",
        )
    _out().print(table)


@app.command("eval")
def evaluate(
    gold: Annotated[Path, typer.Argument(help="Annotated sentences in the ONTOLOGY.md format (JSON Lines).")],
    part: Annotated[
        str, typer.Option(help="all, or the half of the set split by source site: seen (to tune on) or unseen (to judge by).")
    ] = "all",
    errors: Annotated[bool, typer.Option("--errors", help="List every miss, false alarm and wrong stance.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="The figures as JSON.")] = False,
) -> None:
    """Precision, recall and F1 against annotated sentences, scored as ONTOLOGY.md says."""
    from armswatch.claims import Extractor
    from armswatch.errors import GoldFormatError
    from armswatch.evaluate import Report, part_of, read_gold, score_item
    from armswatch.ingest import make_document

    if part not in ("all", "seen", "unseen"):
        raise typer.BadParameter("--part is all, seen or unseen")
    if not gold.is_file():
        _warn(f"{gold}: no such file; give the path of an evaluation set in the ONTOLOGY.md format")
        raise typer.Exit(2)
    extractor = Extractor(model=Settings.from_env().spacy_model)
    report = Report()
    diagnoses = []
    try:
        for item in read_gold(gold):
            if part != "all" and part_of(item.source) != part:
                continue
            text = f"{item.context} {item.text}" if item.context else item.text
            context_len = len(item.context) + 1 if item.context else 0
            doc = make_document(text, f"{gold}#{item.id}", published=item.published)
            scored = score_item(item, extractor.extract(doc), context_len, report)
            if errors:
                from armswatch.diagnose import classify

                diagnoses += classify(
                    extractor,
                    item.id,
                    item.text,
                    item.context,
                    scored.gold,
                    scored.predicted,
                    set(scored.matched_gold),
                    set(scored.matched_pred),
                )
    except GoldFormatError as exc:
        _warn(str(exc))
        raise typer.Exit(2) from exc
    if as_json:
        out = report.as_dict()
        if errors:
            out["errors"] = [
                {"item": d.item, "kind": d.kind, "key": list(d.key), "cause": d.cause, "rule": d.rule, "text": d.text} for d in diagnoses
            ]
        typer.echo(json.dumps(out, indent=2))
        return
    _print_report(report, errors, diagnoses)


def _print_report(report: object, errors: bool, diagnoses: list | None = None) -> None:
    from armswatch.diagnose import summary
    from armswatch.evaluate import TYPES, Report

    assert isinstance(report, Report)
    out = _out()
    table = Table(title=f"{report.items} items")
    for col in ("type", "P", "R", "F1", "tp", "fp", "fn"):
        table.add_column(col, justify="right" if col != "type" else "left")
    for t in TYPES:
        p, r, f = report.prf(report.tp[t], report.fp[t], report.fn[t])
        table.add_row(t, f"{p:.2f}", f"{r:.2f}", f"{f:.2f}", str(report.tp[t]), str(report.fp[t]), str(report.fn[t]))
    out.print(table)
    if errors:
        by_cause: dict[tuple[str, str], list] = {}
        for d in diagnoses or []:
            by_cause.setdefault((d.kind, d.cause), []).append(d)
        for (kind, cause), count in summary(diagnoses or []).most_common():
            out.print(f"\n{kind}: {cause} ({count})", markup=False)
            for d in by_cause[(kind, cause)]:
                out.print(f"  {d.item:>6} {d.key} {d.rule}\n         {d.text}", markup=False)
        for kind in ("stance", "system"):  # attributes of matched claims that are wrong
            wrong = [e for e in report.errors if e.kind == kind]
            if wrong:
                out.print(f"\n{kind} ({len(wrong)})", markup=False)
                for e in wrong:
                    out.print(f"  {e.item:>6} {e.key}  {e.detail}\n         {e.text}", markup=False)
    attrs = "  ".join(f"{k} {v[0]}/{v[1]}" for k, v in report.attrs.items())
    out.print(f"attributes of matched claims: {attrs}", markup=False)
    p, r, f = report.overall()
    out.print(f"stance accuracy {report.stance_accuracy():.3f} on {report.stance_total} matched claims", markup=False)
    out.print(
        f"overall precision {p:.3f} recall {r:.3f} F1 {f:.3f} "
        f"(tp {sum(report.tp.values())}, fp {sum(report.fp.values())}, fn {sum(report.fn.values())})",
        markup=False,
    )


@app.command()
def bench(
    corpus: Annotated[
        Path | None,
        typer.Option("--corpus", help="A .jsonl (one article a line) or a folder of .txt to measure instead of generated text."),
    ] = None,
    size: Annotated[str, typer.Option("--size", help="How much text to generate: 5MB, 0.2MB, 500KB, 1GB.")] = "5MB",
    repeat: Annotated[int, typer.Option("--repeat", min=1, help="Interleaved rounds; the best and the median are reported.")] = 3,
    defence_share: Annotated[
        float, typer.Option("--defence-share", min=0.0, max=1.0, help="Share of generated articles about arms (1.0: a defence-only feed).")
    ] = 0.2,
    as_json: Annotated[bool, typer.Option("--json", help="The figures as JSON.")] = False,
    stages: Annotated[
        str, typer.Option("--stages", help='Comma list of baseline, extraction, ingest_jsonl, html ("" for none, e.g. with --warc-mb).')
    ] = "baseline,extraction,ingest_jsonl,html",
    warc_mb: Annotated[
        float,
        typer.Option(
            "--warc-mb", min=0.0, help="Also ingest a generated WARC.gz of this many MB in a child process; its peak RSS (0: skip)."
        ),
    ] = 0.0,
    api: Annotated[
        bool,
        typer.Option("--api", help="Instead: p50/p95 latency of GET /api/events with filters at 1 M claims, served from a second process."),
    ] = False,
    api_db: Annotated[
        Path | None, typer.Option("--api-db", help="With --api: the SQLite store to build once and reuse (default: in the temp folder).")
    ] = None,
) -> None:
    """Throughput and memory against DESIGN.md's targets: extraction beside spaCy's bare tokenizer, ingest, HTML beside trafilatura."""
    from armswatch import bench as harness
    from armswatch.bench.report import print_result
    from armswatch.errors import InputError

    if api:
        from armswatch.bench.api import print_api_result
        from armswatch.bench.api import run as run_api

        figures = run_api(api_db, progress=lambda message: err.print(message, markup=False))
        if as_json:
            typer.echo(json.dumps(figures, indent=2))
        else:
            print_api_result(figures, lambda line: typer.echo(line))
        return

    try:
        size_mb = harness.parse_size(size)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--size") from exc
    try:
        result = harness.run(
            size_mb,
            corpus,
            repeat,
            stages=[s.strip() for s in stages.split(",") if s.strip()],
            defence_share=defence_share,
            warc_mb=warc_mb,
            progress=lambda message: err.print(message, markup=False),
        )
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--stages") from exc
    except InputError as exc:
        err.print(str(exc), markup=False)
        raise typer.Exit(2) from exc
    if as_json:
        typer.echo(json.dumps(result, indent=2))
        return
    print_result(result, _out())


# The commands over the store register themselves on `app`.
from armswatch import cli_records, cli_serve, cli_watch  # noqa: E402, F401


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        err.print("interrupted", markup=False)
        sys.exit(130)

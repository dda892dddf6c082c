"""The bench result as people read it: Rich tables and a few lines, from the dict `run()` returns."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

__all__ = ["print_result", "table", "targets_table"]


def _rate(value: float | None) -> str:
    if value is None:
        return ""
    if value >= 1e6:
        return f"{value / 1e6:.2f}M"
    if value >= 1e4:
        return f"{value / 1e3:.1f}k"
    if value >= 100:
        return f"{value:,.0f}"
    return f"{value:.2f}"


def _verdict(met: bool | None) -> str:
    return "not judged" if met is None else ("met" if met else "NOT met")


def table(result: dict[str, Any]) -> Table:
    """One row per stage: best-run rates, the medians, and the best-run MB/s ratio to its baseline."""
    corpus = result["corpus"]
    t = Table(title=f"{corpus['mb']:.1f} MB, {corpus['documents']:,} documents, best of {result['repeat']} interleaved runs")
    for col in ("stage", "MB/s", "median", "docs/s", "median", "sent/s", "words/s", "claims", "ratio", "vs"):
        t.add_column(col, justify="left" if col in ("stage", "vs") else "right", no_wrap=True)
    ratios = result["ratios"]
    for name, f in result["stages"].items():
        r = ratios.get(name)
        t.add_row(
            name,
            _rate(f["mb_per_s"]),
            _rate(f["mb_per_s_median"]),
            _rate(f.get("documents_per_s")),
            _rate(f.get("documents_per_s_median")),
            _rate(f.get("sentences_per_s")),
            _rate(f.get("words_per_s")),
            f"{f['claims']:,}" if "claims" in f else "",
            f"{r['best']:.2f}" if r else "",
            r["baseline"] if r else "",
        )
    return t


def targets_table(result: dict[str, Any]) -> Table:
    """One row per DESIGN.md target measured: the best-run figure, the median, the median of the per-round ratios, the target, the verdict."""
    t = Table(title="targets (DESIGN.md)")
    for col in ("stage", "figure", "best", "median", "per round", "target", "verdict (best)"):
        t.add_column(col, justify="left" if col in ("stage", "figure", "verdict (best)") else "right", no_wrap=True)
    for row in result["targets"]:
        fmt = _rate if row["figure"] == "documents/s" else (lambda v: "" if v is None else f"{v:,.2f}")
        t.add_row(
            row["stage"],
            row["figure"],
            fmt(row["measured"]),
            fmt(row["median"]),
            fmt(row.get("per_round_median")),
            f"{row['op']} {row['target']:g}",
            _verdict(row["met"]),
        )
    return t


def _store_cost(stages: dict[str, Any]) -> str | None:
    """What storing adds per HTML page: the time per page of html_ingest minus that of html."""
    if "html" not in stages or "html_ingest" not in stages:
        return None
    ours, stored = stages["html"]["documents_per_s"], stages["html_ingest"]["documents_per_s"]
    return (
        f"storing (files read, rows written, events resolved) adds {1000 / stored - 1000 / ours:.2f} ms a page "
        f"to the {1000 / ours:.2f} ms of html (best runs)"
    )


def print_result(result: dict[str, Any], console: Console) -> None:
    """The stage table, what each stage is, the targets, the ingest extras, the WARC run, memory and the machine."""
    stages = result["stages"]
    if stages:
        console.print(table(result))
        for name, f in stages.items():
            console.print(f"{name}: {f['title']}", markup=False)
        for name, r in result["ratios"].items():
            verdict = "" if r["target"] is None else f", target {r['op']} {r['target']:g}: {_verdict(r['meets_target'])}"
            console.print(
                f"{name} / {r['baseline']} MB/s: {r['best']:.2f} (median {r['median']:.2f}, per round "
                f"{', '.join(f'{x:.2f}' for x in r['per_round'])}){verdict}",
                markup=False,
            )
        for name, f in stages.items():
            start = f.get("pool_start_s")
            if start:
                console.print(
                    f"{name}: pool start-up (spawn, extractors, first batch of work) {start['best']:.2f} s best, "
                    f"{start['median']:.2f} s median, outside the clock",
                    markup=False,
                )
            if not f.get("same_counts_every_run", True):
                console.print(f"{name}: the counts differed between rounds", markup=False)
        cost = _store_cost(stages)
        if cost:
            console.print(cost, markup=False)
    w = result.get("warc")
    if w:
        rss = "n/a" if w["peak_rss_mb"] is None else f"{w['peak_rss_mb']:.0f} MB"
        rate = "n/a" if w["documents_per_s"] is None else f"{w['documents_per_s']:.0f}"
        console.print(
            f"WARC: {w['warc_mb']:,.0f} MB on disk ({w['payload_mb']:,.0f} MB of HTML, {w['records']:,} pages) ingested by a child process: "
            f"peak RSS {rss}, {w['documents_read'] or 0:,} pages read in {w['ingest_s'] or 0:.0f} s ({rate} pages/s; "
            f"{w['child_wall_s']:.0f} s wall, start-up included), {w['claims']:,} claims, exit code {w['exit_code']}",
            markup=False,
        )
    if result["targets"]:
        console.print(targets_table(result))
    m = result["machine"]
    rss = result["peak_rss_mb"]
    console.print(f"peak RSS {rss:.0f} MB (this process)" if rss is not None else "peak RSS not available on this system", markup=False)
    console.print(
        f"Python {m['python']}, spaCy {m['spacy']} ({m['spacy_model']}), {m['cpu_count']} CPUs ({m['usable_cpus']} usable), {m['cpu']}",
        markup=False,
    )

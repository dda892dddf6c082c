"""The bench result as people read it: a Rich table and a few lines, from the dict `run()` returns."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

__all__ = ["print_result", "table"]


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


def table(result: dict[str, Any]) -> Table:
    """One row per stage: best-run rates, the median MB/s, and the best-run MB/s ratio to its baseline."""
    corpus = result["corpus"]
    t = Table(title=f"{corpus['mb']:.1f} MB, {corpus['documents']:,} documents, best of {result['repeat']} interleaved runs")
    for col in ("stage", "MB/s", "median", "docs/s", "sent/s", "words/s", "claims", "ratio"):
        t.add_column(col, justify="left" if col == "stage" else "right", no_wrap=True)
    ratios = result["ratios"]
    for name, f in result["stages"].items():
        r = ratios.get(name)
        vs = f"{r['best']:.2f}" if r else ""
        t.add_row(
            name,
            _rate(f["mb_per_s"]),
            _rate(f["mb_per_s_median"]),
            _rate(f.get("documents_per_s")),
            _rate(f.get("sentences_per_s")),
            _rate(f.get("words_per_s")),
            f"{f['claims']:,}" if "claims" in f else "",
            vs,
        )
    return t


def print_result(result: dict[str, Any], console: Console) -> None:
    """The table, then what each stage is, the ratios in words, memory and the machine."""
    console.print(table(result))
    for name, f in result["stages"].items():
        console.print(f"{name}: {f['title']}", markup=False)
    for name, r in result["ratios"].items():
        verdict = "" if r["target"] is None else f", target >= {r['target']:g}: {'met' if r['meets_target'] else 'not met'}"
        console.print(f"{name} / {r['baseline']} MB/s: {r['best']:.2f} (median {r['median']:.2f}){verdict}", markup=False)
    m = result["machine"]
    rss = result["peak_rss_mb"]
    console.print(f"peak RSS {rss:.0f} MB" if rss is not None else "peak RSS not available on this system", markup=False)
    console.print(
        f"Python {m['python']}, spaCy {m['spacy']} ({m['spacy_model']}), {m['cpu_count']} CPUs ({m['usable_cpus']} usable), {m['cpu']}",
        markup=False,
    )

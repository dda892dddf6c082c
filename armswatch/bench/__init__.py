"""The benchmark harness behind `armswatch bench`, shipped in the package so an installed armswatch can measure itself.

`run()` times the registered stages (`stages.STAGES`) on one corpus in one
process, interleaved round by round (baseline, extraction, ingest, HTML,
baseline, extraction, ...), so that a slow spell on a shared machine hits
both sides of a ratio alike. Each stage is built and warmed up before the
clock starts. With `warc_mb`, a generated WARC.gz of that size is then
ingested in a child process whose peak memory is measured (memory.py).
Figures are reported, never asserted: DESIGN.md ("Targets") states the
targets, mostly as ratios, and docs/benchmarks.md records the measured ones.
"""

from __future__ import annotations

import gc
import os
import platform
import re
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from armswatch.bench import stages_html, stages_ingest  # noqa: F401  (they register their stages, in this order)
from armswatch.bench.corpus import DEFENCE_SHARE, Corpus, generate_articles, generated_corpus, load_corpus, write_corpus
from armswatch.bench.stages import STAGES, Prepared, Stage, groups
from armswatch.config import Settings

__all__ = [
    "DEFAULT_STAGES",
    "STAGES",
    "Corpus",
    "generate_articles",
    "groups",
    "load_corpus",
    "machine",
    "parse_size",
    "peak_rss_mb",
    "run",
    "write_corpus",
]

#: What `armswatch bench` measures unless told otherwise: every group that has a target in DESIGN.md and runs on text.
DEFAULT_STAGES = ("baseline", "extraction", "ingest_jsonl", "html")

_SIZE = re.compile(r"^\s*(\d+(?:\.\d*)?|\.\d+)\s*([kmg]?b?)\s*$", re.IGNORECASE)
_UNIT_MB = {"": 1.0, "b": 1e-6, "k": 1e-3, "kb": 1e-3, "m": 1.0, "mb": 1.0, "g": 1e3, "gb": 1e3}


def parse_size(text: str) -> float:
    """A size as people write it ("5MB", "0.2MB", "500KB", "1GB", or a bare number of MB) in MB of 10^6 bytes."""
    m = _SIZE.match(text)
    if not m or float(m.group(1)) <= 0:
        raise ValueError(f"{text!r} is not a size; write it like 5MB, 0.2MB, 500KB or 1GB")
    return float(m.group(1)) * _UNIT_MB[m.group(2).lower()]


def peak_rss_mb() -> float | None:
    """Peak resident memory of this process so far, in MB (10^6 bytes); None where the OS does not say."""
    try:
        import resource
    except ImportError:  # Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1e6 if sys.platform == "darwin" else peak * 1024 / 1e6  # macOS counts bytes, Linux KiB


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine() -> dict[str, Any]:
    """What the figures were measured on; absolute speeds mean little without it."""
    import spacy

    from armswatch import __version__

    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "armswatch": __version__,
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "spacy": spacy.__version__,
        "platform": platform.platform(),
        "cpu": _cpu_model(),
        "cpu_count": os.cpu_count(),
        "usable_cpus": usable,
    }


def _stage_figures(
    stage: Stage, corpus: Corpus, times: list[float], counts: list[dict[str, int]], fixed: dict[str, int], parts: list[dict[str, float]]
) -> dict[str, Any]:
    best, median = min(times), statistics.median(times)
    mb = corpus.bytes / 1e6
    totals = {"documents": len(corpus.texts), "words": corpus.words, **fixed, **counts[-1]}
    figures: dict[str, Any] = {
        "title": stage.title,
        "runs_s": [round(t, 4) for t in times],
        "best_s": round(best, 4),
        "median_s": round(median, 4),
        "mb_per_s": mb / best,
        "mb_per_s_median": mb / median,
    }
    for key in ("documents", "words", "sentences", "tokens"):
        if key in totals:
            figures[key] = totals[key]
            figures[f"{key}_per_s"] = totals[key] / best
    figures["documents_per_s_median"] = totals["documents"] / median
    if "html_bytes" in totals:
        figures["html_mb_per_s"] = totals["html_bytes"] / 1e6 / best
    for key, value in totals.items():
        figures.setdefault(key, value)  # claims, and whatever later stages count
    figures["same_counts_every_run"] = all(c == counts[0] for c in counts)
    # Seconds a stage measured outside its clock, round by round (the pool start-up of the warm ingest).
    for key in dict.fromkeys(k for p in parts for k in p):
        values = [p[key] for p in parts if key in p]
        figures[key] = {"runs": [round(v, 4) for v in values], "best": min(values), "median": statistics.median(values)}
    return figures


def _select(stages: Sequence[str]) -> list[Stage]:
    """The stages of the named groups (or single stages), with the baselines they are compared with, in round order."""
    known = set(groups()) | set(STAGES)
    unknown = [s for s in stages if s not in known]
    if unknown:
        raise ValueError(f"unknown bench stage(s) {', '.join(unknown)}; known: {', '.join(groups())}")
    wanted = {st.name for st in STAGES.values() if st.group in stages or st.name in stages}
    for name in list(wanted):
        base = STAGES[name].baseline
        while base is not None:
            wanted.add(base)
            base = STAGES[base].baseline
    return [st for name, st in STAGES.items() if name in wanted]  # registry order: baselines first


def _targets(chosen: list[Stage], figures: dict[str, Any], ratios: dict[str, Any]) -> list[dict[str, Any]]:
    """Every DESIGN.md target the chosen stages measure, with the measured figure and whether it is met."""
    out: list[dict[str, Any]] = []
    for st in chosen:
        f = figures[st.name]
        if st.min_documents_per_s is not None:
            value = f["documents_per_s"]
            out.append(
                {
                    "stage": st.name,
                    "figure": "documents/s",
                    "measured": value,
                    "median": f["documents_per_s_median"],
                    "op": ">=",
                    "target": st.min_documents_per_s,
                    "met": value >= st.min_documents_per_s,
                }
            )
        if st.name in ratios and st.target is not None:
            r = ratios[st.name]
            out.append(
                {
                    "stage": st.name,
                    "figure": f"ratio to {st.baseline}",
                    "measured": r["best"],
                    "median": r["median"],
                    "per_round_median": r["per_round_median"],
                    "op": r["op"],
                    "target": st.target,
                    "met": r["meets_target"],
                }
            )
    return out


def _time_rounds(
    data: Corpus,
    chosen: list[Stage],
    prepared: dict[str, Prepared],
    settings: Settings,
    repeat: int,
    times: dict[str, list[float]],
    counts: dict[str, list[dict[str, int]]],
    parts: dict[str, list[dict[str, float]]],
    say: Callable[[str], None],
) -> float | None:
    """Prepare the stages (into `prepared`, so the caller can close them whatever happens), then time `repeat` interleaved rounds.

    Each stage's `before` and `after` run outside the clock; what `before` measured goes into `parts`.
    Returns the peak RSS after setup.
    """
    for st in chosen:
        say(f"preparing {st.name}: {st.title}")
        prepared[st.name] = st.prepare(data, settings)
    rss_setup = peak_rss_mb()
    for round_ in range(1, repeat + 1):
        for st in chosen:
            p = prepared[st.name]
            gc.collect()
            side = dict(p.before()) if p.before is not None else {}
            try:
                start = time.perf_counter()
                got = p.run(data)
                elapsed = time.perf_counter() - start
            finally:
                if p.after is not None:
                    p.after()
            times[st.name].append(elapsed)
            counts[st.name].append(got)
            parts[st.name].append(side)
            say(f"round {round_}/{repeat} {st.name}: {elapsed:.2f} s, {len(data.texts) / elapsed:,.0f} documents/s")
    return rss_setup


def run(
    corpus_size_mb: float = 5.0,
    corpus: Path | None = None,
    repeat: int = 3,
    *,
    stages: Sequence[str] = DEFAULT_STAGES,
    seed: int = 0,
    defence_share: float = DEFENCE_SHARE,
    warc_mb: float = 0.0,
    settings: Settings | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Time `stages` on a generated corpus of `corpus_size_mb` (or on `corpus`), `repeat` interleaved rounds.

    `stages` names groups (`groups()`: baseline, extraction, ingest_jsonl, html) or single stages; a stage's
    baseline comes along. Returns plain data (JSON-ready): the machine, the corpus, per stage the run times
    and best-run rates (MB/s, documents/s, words/s, sentences/s) with the medians beside them, each compared
    stage's ratio to its baseline by MB/s (best and median), the targets with the measured figures, the
    process's peak RSS, and with `warc_mb` > 0 the WARC ingest in a child process (memory.measure_warc).
    Raises ValueError on a bad argument and InputError on an unreadable corpus.
    """
    if repeat < 1:
        raise ValueError("repeat must be at least 1")
    if warc_mb < 0:
        raise ValueError("warc_mb must be 0 (skip) or more")
    chosen = _select(stages)
    say = progress or (lambda _message: None)
    settings = settings or Settings.from_env()

    times: dict[str, list[float]] = {st.name: [] for st in chosen}
    counts: dict[str, list[dict[str, int]]] = {st.name: [] for st in chosen}
    parts: dict[str, list[dict[str, float]]] = {st.name: [] for st in chosen}
    prepared: dict[str, Prepared] = {}
    data: Corpus | None = None
    rss_setup: float | None = None
    if chosen:
        say(f"reading {corpus}" if corpus is not None else f"generating {corpus_size_mb:g} MB of articles (seed {seed})")
        data = load_corpus(corpus) if corpus is not None else generated_corpus(corpus_size_mb, seed, defence_share)
        try:
            rss_setup = _time_rounds(data, chosen, prepared, settings, repeat, times, counts, parts, say)
        finally:
            for p in prepared.values():
                if p.close is not None:
                    p.close()

    figures = {}
    if data is not None:
        figures = {
            st.name: _stage_figures(st, data, times[st.name], counts[st.name], dict(prepared[st.name].counts), parts[st.name])
            for st in chosen
        }
    ratios: dict[str, dict[str, Any]] = {}
    for st in chosen:
        if st.baseline in figures:
            base = figures[st.baseline]
            best = figures[st.name]["mb_per_s"] / base["mb_per_s"]
            # Each round's ratio pairs two runs minutes apart at most, so a slow spell on a shared machine
            # tilts it less than it tilts best-against-best or median-against-median.
            per_round = [b / t for b, t in zip(times[st.baseline], times[st.name])]
            ratios[st.name] = {
                "baseline": st.baseline,
                "best": best,
                "median": figures[st.name]["mb_per_s_median"] / base["mb_per_s_median"],
                "per_round": per_round,
                "per_round_median": statistics.median(per_round),
                "target": st.target,
                "op": ">" if st.strict else ">=",
                "meets_target": None if st.target is None else (best > st.target if st.strict else best >= st.target),
            }
    targets = _targets(chosen, figures, ratios) if figures else []
    warc = None
    if warc_mb > 0:
        from armswatch.bench.memory import measure_warc

        warc = measure_warc(warc_mb, seed, defence_share, progress=say)
        targets.append(
            {
                "stage": "warc",
                "figure": f"peak RSS (MB) of a {warc['warc_mb']:,.0f} MB WARC ingest",
                "measured": warc["peak_rss_mb"],
                "median": None,
                "op": "<",
                "target": warc["rss_target_mb"],
                "met": warc["meets_target"],
            }
        )
    return {
        "machine": machine() | {"spacy_model": settings.spacy_model or "blank en"},
        "corpus": None
        if data is None
        else {
            "source": data.source,
            "documents": len(data.texts),
            "mb": data.bytes / 1e6,
            "words": data.words,
            "skipped": data.skipped,
        },
        "repeat": repeat,
        "stages": figures,
        "ratios": ratios,
        "targets": targets,
        "ratio": ratios["extraction"]["best"] if "extraction" in ratios else None,
        "warc": warc,
        "rss_after_setup_mb": rss_setup,
        "peak_rss_mb": peak_rss_mb(),
    }

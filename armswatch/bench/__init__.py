"""The benchmark harness behind `armswatch bench`, shipped in the package so an installed armswatch can measure itself.

`run()` times the registered stages (`stages.STAGES`) on one corpus in one
process, interleaved round by round (baseline, extraction, baseline,
extraction, ...), so that a slow spell on a shared machine hits both sides of
a ratio alike. Each stage is built and warmed up before the clock starts.
Figures are reported, never asserted: DESIGN.md ("Targets") states the
targets as ratios, and docs/benchmarks.md records the measured ones.
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

from armswatch.bench.corpus import DEFENCE_SHARE, Corpus, generate_articles, generated_corpus, load_corpus, write_corpus
from armswatch.bench.stages import STAGES, Stage
from armswatch.config import Settings

__all__ = ["STAGES", "Corpus", "generate_articles", "load_corpus", "machine", "parse_size", "peak_rss_mb", "run", "write_corpus"]

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


def _stage_figures(stage: Stage, corpus: Corpus, times: list[float], counts: list[dict[str, int]], fixed: dict[str, int]) -> dict[str, Any]:
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
    for key, value in totals.items():
        figures.setdefault(key, value)  # claims, and whatever later stages count
    figures["same_counts_every_run"] = all(c == counts[0] for c in counts)
    return figures


def run(
    corpus_size_mb: float = 5.0,
    corpus: Path | None = None,
    repeat: int = 3,
    *,
    stages: Sequence[str] = ("baseline", "extraction"),
    seed: int = 0,
    defence_share: float = DEFENCE_SHARE,
    settings: Settings | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Time `stages` on a generated corpus of `corpus_size_mb` (or on `corpus`), `repeat` interleaved rounds.

    Returns plain data (JSON-ready): the machine, the corpus, per stage the
    run times and best-run rates (MB/s, documents/s, words/s, sentences/s)
    with the median MB/s beside them, each compared stage's ratio to its
    baseline by MB/s (best and median), and the process's peak RSS.
    Raises ValueError on a bad argument and InputError on an unreadable corpus.
    """
    if repeat < 1:
        raise ValueError("repeat must be at least 1")
    unknown = [s for s in stages if s not in STAGES]
    if unknown:
        raise ValueError(f"unknown bench stage(s) {', '.join(unknown)}; known: {', '.join(STAGES)}")
    say = progress or (lambda _message: None)
    settings = settings or Settings.from_env()
    wanted = set(stages)
    chosen = [st for name, st in STAGES.items() if name in wanted]  # registry order: baselines first

    say(f"reading {corpus}" if corpus is not None else f"generating {corpus_size_mb:g} MB of articles (seed {seed})")
    data = load_corpus(corpus) if corpus is not None else generated_corpus(corpus_size_mb, seed, defence_share)
    prepared = {}
    for st in chosen:
        say(f"preparing {st.name}: {st.title}")
        prepared[st.name] = st.prepare(data, settings)
    rss_setup = peak_rss_mb()

    times: dict[str, list[float]] = {st.name: [] for st in chosen}
    counts: dict[str, list[dict[str, int]]] = {st.name: [] for st in chosen}
    for round_ in range(1, repeat + 1):
        for st in chosen:
            gc.collect()
            start = time.perf_counter()
            got = prepared[st.name].run(data)
            elapsed = time.perf_counter() - start
            times[st.name].append(elapsed)
            counts[st.name].append(got)
            say(f"round {round_}/{repeat} {st.name}: {elapsed:.2f} s, {data.bytes / 1e6 / elapsed:.2f} MB/s")

    figures = {st.name: _stage_figures(st, data, times[st.name], counts[st.name], dict(prepared[st.name].counts)) for st in chosen}
    ratios: dict[str, dict[str, Any]] = {}
    for st in chosen:
        if st.baseline in figures:
            base = figures[st.baseline]
            best = figures[st.name]["mb_per_s"] / base["mb_per_s"]
            ratios[st.name] = {
                "baseline": st.baseline,
                "best": best,
                "median": figures[st.name]["mb_per_s_median"] / base["mb_per_s_median"],
                "target": st.target,
                "meets_target": None if st.target is None else best >= st.target,
            }
    return {
        "machine": machine() | {"spacy_model": settings.spacy_model or "blank en"},
        "corpus": {
            "source": data.source,
            "documents": len(data.texts),
            "mb": data.bytes / 1e6,
            "words": data.words,
            "skipped": data.skipped,
        },
        "repeat": repeat,
        "stages": figures,
        "ratios": ratios,
        "ratio": ratios["extraction"]["best"] if "extraction" in ratios else None,
        "rss_after_setup_mb": rss_setup,
        "peak_rss_mb": peak_rss_mb(),
    }

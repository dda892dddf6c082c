"""Ingest throughput against corpus size and workers: the local engine with 1 and 2 processes, Dask with 2 workers.

Why a script and not a bench stage: it starts a Dask cluster and process pools, writes SQLite stores, and takes
minutes; `armswatch bench` times single stages in one process. The figures go to docs/benchmarks.md ("Dask") and
the plot to docs/throughput.png.

Reproduce (about ten minutes on two cores; from the repository root):

    .venv/bin/python benchmarks/plot_throughput.py                    # measure, then write the JSON and the plot
    .venv/bin/python benchmarks/plot_throughput.py --sizes 1000,5000  # fewer, smaller runs
    .venv/bin/python benchmarks/plot_throughput.py --from benchmarks/throughput.json   # redraw without measuring

What runs: generated articles (armswatch.bench.corpus, seed 0; a smaller corpus is a prefix of a larger one) in
JSON Lines shards of `--shard` articles, ingested into a fresh SQLite store with events resolved, the same shards
for every engine. Each size runs local-1, local-2 and dask-2 back to back, round after round (`--repeat`), so a
slow spell on a shared machine hits all three alike. Throughput is articles / wall seconds of the whole ingest
call. local-2 includes starting its process pool (the local engine starts one per run); dask-2 runs on a cluster
started and warmed up before the clock (a long-lived cluster); what starting one costs (`armswatch ingest
--engine dask` without --scheduler) is measured apart, as is every engine's fixed cost on 20 articles.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
ENGINES = ("local-1", "local-2", "dask-2")
LABELS = {"local-1": "local engine, 1 process", "local-2": "local engine, 2 processes", "dask-2": "Dask, 2 workers (LocalCluster)"}


def _shards(lines: list[str], n: int, per_shard: int, folder: Path) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for i in range(0, n, per_shard):
        shard = folder / f"shard-{i // per_shard:03d}.jsonl"
        shard.write_text("".join(lines[i : min(n, i + per_shard)]), encoding="utf-8")
        names.append(str(shard))
    return names


def _cpu() -> float:
    """CPU seconds of this process and its reaped children (the process pool's workers, once the pool is closed)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _run(engine: str, names: list[str], db: Path, client: Any, extractor: Any) -> tuple[float, float, int]:
    """One timed ingest into a fresh store: (wall seconds, CPU seconds of every process involved, documents stored).

    CPU seconds count this process (the writer; for Dask also the scheduler and the nannies, which live here), the
    pool's workers, and the Dask workers' own usage: a measure of the work done that a busy machine disturbs less
    than wall time does."""
    from armswatch.config import Settings
    from armswatch.pipeline import ingest
    from armswatch.scale import ingest_dask
    from armswatch.store import open_store

    store = open_store(str(db))
    store.upgrade()
    settings = Settings.from_env(db=str(db))
    workers_before = sum(client.run(_cpu).values())
    cpu_before = _cpu()
    started = time.perf_counter()
    if engine == "dask-2":
        summary = ingest_dask(names, store, settings, client)
    else:
        summary = ingest(names, store, settings, extractor=extractor, workers=int(engine[-1]))
    seconds = time.perf_counter() - started
    cpu = _cpu() - cpu_before + sum(client.run(_cpu).values()) - workers_before
    store.close()
    return seconds, cpu, summary.stored


def measure(sizes: list[int], per_shard: int, repeat: int, seed: int) -> dict[str, Any]:
    from armswatch.bench.corpus import write_corpus
    from armswatch.claims import Extractor
    from armswatch.config import Settings
    from armswatch.scale import dask_client, prepare_workers

    runs: list[dict[str, Any]] = []
    fixed: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="armswatch-throughput-") as tmp:
        work = Path(tmp)
        lines = write_corpus(work / "all.jsonl", max(sizes), "jsonl", seed=seed).read_text(encoding="utf-8").splitlines(keepends=True)
        corpora = {n: _shards(lines, n, per_shard, work / f"c{n}") for n in sizes}
        tiny = _shards(lines, 20, 20, work / "tiny")
        extractor = Extractor()
        load_before = os.getloadavg()
        started = time.perf_counter()
        with dask_client(None, 2) as client:
            prepare_workers(client, Settings())  # each worker builds its extractor
            fixed["dask-2 cluster start and warm-up"] = time.perf_counter() - started
            for engine in ENGINES:
                fixed[f"{engine} on 20 articles"] = _run(engine, tiny, work / f"tiny-{engine}.db", client, extractor)[0]
                fixed[f"{engine} on 20 articles, CPU"] = _run(engine, tiny, work / f"tiny2-{engine}.db", client, extractor)[1]
            for r in range(repeat):
                for n in sizes:
                    for engine in ENGINES:
                        seconds, cpu, stored = _run(engine, corpora[n], work / f"r{r}-{n}-{engine}.db", client, extractor)
                        runs.append(
                            {
                                "round": r,
                                "articles": n,
                                "shards": len(corpora[n]),
                                "engine": engine,
                                "seconds": round(seconds, 3),
                                "cpu_seconds": round(cpu, 3),
                                "stored": stored,
                                "articles_per_s": round(n / seconds, 1),
                                "articles_per_cpu_s": round(n / cpu, 1),
                            }
                        )
                        print(
                            f"round {r} {n:>6} articles {engine:8} {seconds:7.2f} s {n / seconds:7.1f} articles/s "
                            f"{cpu:7.2f} CPU s {n / cpu:7.1f} articles/CPU s load {os.getloadavg()[0]:.1f}",
                            file=sys.stderr,
                        )
        load_after = os.getloadavg()
    return {
        "sizes": sizes,
        "articles_per_shard": per_shard,
        "seed": seed,
        "repeat": repeat,
        "runs": runs,
        "fixed_seconds": {k: round(v, 3) for k, v in fixed.items()},
        "machine": _machine(load_before, load_after),
    }


def _machine(before: tuple[float, float, float], after: tuple[float, float, float]) -> dict[str, Any]:
    import dask
    import distributed

    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    return {
        "cpus": os.cpu_count(),
        "usable_cpus": len(os.sched_getaffinity(0)),
        "python": platform.python_version(),
        "platform": f"{platform.system()} {platform.release()} {platform.machine()}",
        "dask": dask.__version__,
        "distributed": distributed.__version__,
        "commit": commit,
        "load_average_before": [round(x, 2) for x in before],
        "load_average_after": [round(x, 2) for x in after],
        "at": time.strftime("%Y-%m-%d %H:%M", time.gmtime()),
    }


def best(data: dict[str, Any], field: str = "articles_per_s") -> dict[tuple[str, int], float]:
    """The best round of each (engine, size): the one least disturbed by other work on the machine."""
    out: dict[tuple[str, int], float] = {}
    for run in data["runs"]:
        if field in run:
            key = (run["engine"], run["articles"])
            out[key] = max(out.get(key, 0.0), run[field])
    return out


def plot(data: dict[str, Any], out: Path) -> None:
    """Wall-clock throughput (what a user waits for) beside articles per CPU-second (the work each engine does,
    which other load on a shared machine disturbs less): one line per engine, against corpus size."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    panels = [("articles_per_s", "articles/s (wall clock)")]
    if any("articles_per_cpu_s" in r for r in data["runs"]):
        panels.append(("articles_per_cpu_s", "articles per CPU-second, all processes"))
    fig, axes = plt.subplots(1, len(panels), figsize=(6.2 * len(panels), 4.4), dpi=110, squeeze=False)
    for ax, (field, ylabel) in zip(axes[0], panels):
        rates = best(data, field)
        for engine, marker in zip(ENGINES, ("o", "s", "^")):
            sizes = [n for n in data["sizes"] if (engine, n) in rates]
            ax.plot(sizes, [rates[(engine, n)] for n in sizes], marker=marker, label=LABELS[engine])
        ax.set_xscale("log")
        ax.set_xticks(data["sizes"], [f"{n:,}" for n in data["sizes"]])
        ax.minorticks_off()
        ax.set_ylim(bottom=0)
        ax.set_xlabel(f"corpus size (generated articles, shards of {data['articles_per_shard']})")
        ax.set_ylabel(ylabel)
        ax.grid(True, alpha=0.3)
        ax.legend(fontsize=8, loc="lower right")
    machine = data["machine"]
    fig.suptitle(
        f"armswatch ingest into SQLite, events resolved: {machine['usable_cpus']} CPUs, shared "
        f"(load {machine['load_average_before'][0]:.1f} before, {machine['load_average_after'][0]:.1f} after); "
        f"best of {data['repeat']} rounds",
        fontsize=9,
    )
    fig.tight_layout()
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out)
    plt.close(fig)


def table(data: dict[str, Any]) -> str:
    """The figures as Markdown tables, for docs/benchmarks.md."""
    shards = {r["articles"]: r["shards"] for r in data["runs"]}
    out = []
    for field, what in (("articles_per_s", "articles/s, best round"), ("articles_per_cpu_s", "articles per CPU-second, best round")):
        rates = best(data, field)
        if not rates:
            continue
        out.append(f"{what}:\n")
        out.append("| articles | shards | " + " | ".join(ENGINES) + " | dask-2 ÷ local-2 | dask-2 ÷ local-1 |")
        out.append("|---:" * (len(ENGINES) + 4) + "|")
        for n in data["sizes"]:
            vals = [rates.get((e, n), 0.0) for e in ENGINES]
            two = vals[2] / vals[1] if vals[1] else 0.0
            one = vals[2] / vals[0] if vals[0] else 0.0
            out.append(f"| {n:,} | {shards[n]} | " + " | ".join(f"{v:,.0f}" for v in vals) + f" | {two:.2f} | {one:.2f} |")
        out.append("")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,2500,5000,10000", help="corpus sizes in articles, comma-separated")
    parser.add_argument("--shard", type=int, default=500, help="articles per JSON Lines shard")
    parser.add_argument("--repeat", type=int, default=2, help="rounds")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "throughput.json", help="where the measurements go")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "throughput.png", help="the plot")
    parser.add_argument("--from", dest="source", type=Path, help="redraw from these measurements instead of measuring")
    args = parser.parse_args(argv)
    if args.source:
        data = json.loads(args.source.read_text(encoding="utf-8"))
    else:
        data = measure([int(s) for s in args.sizes.split(",")], args.shard, args.repeat, args.seed)
        args.json.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    plot(data, args.out)
    print(table(data))
    print(json.dumps(data["fixed_seconds"], indent=1))
    return 0


if __name__ == "__main__":  # the Dask workers and the process pool are spawned: they import this file again
    sys.exit(main())

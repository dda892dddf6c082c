"""Memory of a big ingest: a generated WARC.gz ingested by `armswatch ingest` in a child process, its peak RSS measured.

DESIGN.md: streaming everywhere; a 1 GB WARC ingests in < 500 MB RSS. The
ingest runs in a child so that its peak is its own, not that of the bench
process that holds a corpus and a tokenizer; the peak comes from wait4(),
which reports the resource use of exactly that child (getrusage's
RUSAGE_CHILDREN would fold in the bench's earlier pool workers).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from armswatch.bench.corpus import DEFENCE_SHARE
from armswatch.bench.pages import write_warc

__all__ = ["RSS_TARGET_MB", "TARGET_WARC_MB", "measure_warc"]

RSS_TARGET_MB = 500
TARGET_WARC_MB = 1000  # the target is stated for a 1 GB archive; smaller ones are measured but not judged

_SUMMARY = re.compile(r"read (\d+) documents in ([\d.]+) s")


def _maxrss_mb(maxrss: int) -> float:
    return maxrss / 1e6 if sys.platform == "darwin" else maxrss * 1024 / 1e6  # macOS counts bytes, Linux KiB


def _run_child(cmd: list[str], stderr: Path) -> tuple[int, float, float | None]:
    """Run `cmd`; its exit code, wall-clock seconds and peak RSS in MB (None where the OS cannot say)."""
    with stderr.open("wb") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
        if hasattr(os, "wait4"):
            _pid, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
            peak: float | None = _maxrss_mb(usage.ru_maxrss)
        else:  # Windows
            proc.wait()
            peak = None
        return proc.returncode, time.perf_counter() - started, peak


def measure_warc(
    size_mb: float,
    seed: int = 0,
    defence_share: float = DEFENCE_SHARE,
    progress: Callable[[str], None] | None = None,
    keep: Path | None = None,
) -> dict[str, Any]:
    """Generate a WARC.gz of `size_mb` MB of HTML responses, ingest it with `python -m armswatch ingest` in a child, and report.

    The archive and the store go to a temporary folder that is removed afterwards (or to `keep`, left in place).
    """
    from armswatch.store import open_store

    say = progress or (lambda _message: None)
    folder = keep or Path(tempfile.mkdtemp(prefix="armswatch-bench-warc-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        say(f"writing a {size_mb:g} MB WARC.gz of generated HTML pages to {folder}")
        started = time.perf_counter()
        written = write_warc(folder / "bench.warc.gz", size_mb, seed, defence_share)
        generate_s = time.perf_counter() - started
        db = folder / "store.db"
        for leftover in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
            leftover.unlink(missing_ok=True)
        cmd = [sys.executable, "-m", "armswatch", "ingest", str(written.path), "--db", str(db), "--top", "0"]
        say(f"ingesting {written.records:,} pages in a child process: {' '.join(cmd[1:])}")
        code, wall_s, peak = _run_child(cmd, folder / "ingest.stderr")
        message = (folder / "ingest.stderr").read_text(encoding="utf-8", errors="replace")
        found = _SUMMARY.search(message)
        read, ingest_s = (int(found[1]), float(found[2])) if found else (None, None)
        with open_store(str(db)) as store:
            counts = store.counts()
        judged = size_mb >= TARGET_WARC_MB
        return {
            "warc_mb": written.bytes / 1e6,
            "payload_mb": written.payload_bytes / 1e6,
            "records": written.records,
            "generate_s": generate_s,
            "exit_code": code,
            "documents_read": read,
            "documents_stored": counts.documents,
            "claims": counts.claims,
            "events": counts.events,
            "child_wall_s": wall_s,
            "ingest_s": ingest_s,
            "documents_per_s": read / ingest_s if read and ingest_s else None,
            "documents_per_s_wall": written.records / wall_s,
            "peak_rss_mb": peak,
            "rss_target_mb": RSS_TARGET_MB,
            "meets_target": (peak < RSS_TARGET_MB) if judged and peak is not None else None,
            "stderr_tail": message.strip().splitlines()[-3:],
        }
    finally:
        if keep is None:
            shutil.rmtree(folder, ignore_errors=True)

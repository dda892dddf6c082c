"""A bounded coverage-guided fuzz of the ingest readers with atheris (libFuzzer for Python).

    .venv/bin/python scripts/fuzz_readers.py -runs=20000          # the recorded run (docs/reliability.md)
    .venv/bin/python scripts/fuzz_readers.py -max_total_time=600  # longer, by time

Why: the readers take bytes from anyone (DESIGN.md, "Bad input"); their contract is to return Documents
or raise InputError (one line) and nothing else. Hypothesis (tests/test_ingest_properties.py) checks that
on random bytes; a coverage-guided fuzzer reaches the branches random bytes miss. The first byte of
each input picks the reader (text, JSON Lines, HTML, feed, feed list, web archive); the rest is the
file. Seeds are tests/data/fuzz_seeds/ (copied to a scratch folder, since libFuzzer writes new inputs
into its corpus folder). Any other exception, or a multi-line reason, is a crash libFuzzer reports
with the input that caused it. Without atheris (`pip install -e ".[fuzz]"`) it says so and exits 0.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[1] / "tests" / "data" / "fuzz_seeds"
LIMIT = 1 << 20


def main() -> int:
    try:
        import atheris
    except ImportError:
        print("fuzz_readers: atheris is not installed (pip install -e '.[fuzz]'); nothing fuzzed", file=sys.stderr)
        return 0

    with atheris.instrument_imports(include=["armswatch"]):
        from armswatch.errors import InputError
        from armswatch.ingest.feeds import read_feed, read_feed_list
        from armswatch.ingest.html import read_html
        from armswatch.ingest.text import decode, read_path
        from armswatch.ingest.warc import read_warc

    # One fixed scratch folder, emptied at the start: libFuzzer ends the process itself, so no cleanup after runs.
    scratch = Path(tempfile.gettempdir()) / "armswatch-fuzz"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir()
    corpus = scratch / "corpus"
    shutil.copytree(SEEDS, corpus)

    def on_file(name: str, read: Callable[[Path], Iterable[object]]) -> Callable[[bytes], Iterable[object]]:
        path = scratch / name

        def run(data: bytes) -> Iterable[object]:
            path.write_bytes(data)
            return read(path)

        return run

    readers: list[Callable[[bytes], Iterable[object]]] = [
        lambda data: [decode(data, "fuzz")],
        on_file("fuzz.jsonl", lambda p: read_path(p, "fuzz", LIMIT)),
        lambda data: [read_html(data, "fuzz")],
        lambda data: read_feed(data, "fuzz"),
        lambda data: read_feed_list(data, "fuzz"),
        on_file("fuzz.warc", lambda p: read_warc(p, "fuzz", LIMIT)),
        on_file("fuzz.txt.gz", lambda p: read_path(p, "fuzz", LIMIT)),
    ]

    def one_input(data: bytes) -> None:
        if not data:
            return
        read = readers[data[0] % len(readers)]
        try:
            for item in read(data[1:]):
                if isinstance(item, InputError) and "\n" in str(item):
                    raise AssertionError(f"a reason over more than one line: {item!r}")
        except InputError as exc:
            if "\n" in str(exc):
                raise AssertionError(f"a reason over more than one line: {exc!r}") from exc

    args = [a for a in sys.argv if a.startswith("-") or a == sys.argv[0]]
    if not any(a.startswith("-max_len") for a in args):
        args.append("-max_len=65536")
    atheris.Setup([*args, str(corpus)], one_input)
    atheris.Fuzz()  # exits the process when the runs are done, with libFuzzer's status (non-zero on a crash)
    return 0


if __name__ == "__main__":
    sys.exit(main())

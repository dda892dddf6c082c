"""Exports: events and claims out of armswatch, one module per format.

Each module has `write(events, claims, out, catalog=None)`: the data comes
from the caller (the CLI or API reads the store; this package never imports
it), `out` is a path or an open stream (binary or text; parquet needs bytes
or a path). The formats and what each holds:

- csv: events, one row each, claims as a count + the first report (csvfile.py)
- jsonl: events with their claims in the ONTOLOGY.md contract (jsonl.py)
- parquet: events and claims tables (parquet.py)
- graphml: the supplier -> recipient network (graphml.py)
- geojson: one line per dyad between the parties' capitals (geojson.py)
- register: a SIPRI-style trade register with sources, as CSV (register.py)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from armswatch.catalog import Catalog
from armswatch.errors import UsageError
from armswatch.exports import csvfile, geojson, graphml, jsonl, parquet, register
from armswatch.exports.common import Output
from armswatch.model import Event

if TYPE_CHECKING:  # the type only: exports never touch the store, the caller passes its data
    from armswatch.store.base import StoredClaim

Writer = Callable[[Sequence[Event], Sequence["StoredClaim"], Output, Catalog | None], None]

_WRITERS: dict[str, Writer] = {
    "csv": csvfile.write,
    "jsonl": jsonl.write,
    "parquet": parquet.write,
    "graphml": graphml.write,
    "geojson": geojson.write,
    "register": register.write,
}

#: The format names, in the order the CLI lists them.
FORMATS: tuple[str, ...] = tuple(_WRITERS)

#: The usual file name ending of each format (parquet: a directory unless the path ends in .parquet).
SUFFIXES: dict[str, str] = {
    "csv": ".csv",
    "jsonl": ".jsonl",
    "parquet": ".parquet",
    "graphml": ".graphml",
    "geojson": ".geojson",
    "register": ".csv",
}


def export(fmt: str, events: Sequence[Event], claims: Sequence[StoredClaim], catalog: Catalog | None, out: Output) -> None:
    """Write `events` (and the `claims` behind them) in format `fmt` to `out`.

    `catalog` names parties and systems (None: the packaged catalog).
    """
    writer = _WRITERS.get(fmt)
    if writer is None:
        raise UsageError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    writer(events, claims, out, catalog)


__all__ = ["FORMATS", "SUFFIXES", "Output", "export"]

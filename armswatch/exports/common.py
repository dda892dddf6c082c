"""What every export format shares: where the bytes go, which claims belong to which event, names of parties.

Exports take the data from the caller (the CLI or the API reads the store)
and never import the store, so they can be tested on hand-built events and
run on any slice of the data.
"""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, cast

from armswatch.catalog import SUPRANATIONAL, Catalog
from armswatch.model import Event

if TYPE_CHECKING:  # the type only: exports never touch the store, the caller passes its data
    from armswatch.store.base import StoredClaim

#: Where an export goes: a path, or an open stream (binary or text).
Output = str | os.PathLike[str] | IO[bytes] | IO[str]


def is_path(out: Output) -> bool:
    return isinstance(out, str | os.PathLike)


def is_binary(stream: IO[Any]) -> bool:
    """Whether an open stream takes bytes: sys.stdout.buffer, BytesIO, files opened with "wb"."""
    if isinstance(stream, io.TextIOBase):
        return False
    if isinstance(stream, io.RawIOBase | io.BufferedIOBase):
        return True
    return "b" in str(getattr(stream, "mode", ""))


@contextlib.contextmanager
def open_text(out: Output) -> Iterator[IO[str]]:
    """A UTF-8 text stream onto `out`; the caller's stream is flushed, never closed.

    newline="" so the csv module's own line endings are kept as written.
    """
    if isinstance(out, str | os.PathLike):
        with Path(out).open("w", encoding="utf-8", newline="") as f:
            yield f
        return
    stream = cast(IO[Any], out)
    if is_binary(stream):
        wrapper = io.TextIOWrapper(cast(IO[bytes], stream), encoding="utf-8", newline="", write_through=True)
        try:
            yield wrapper
            wrapper.flush()
        finally:
            wrapper.detach()  # leave the caller's stream open
    else:
        yield cast(IO[str], stream)
        stream.flush()


def claims_by_event(events: Sequence[Event], claims: Sequence[StoredClaim]) -> dict[str, list[StoredClaim]]:
    """Each event's claims among those given, in the event's claim order (sorted ids).

    The event's `claim_ids` decide, so claims whose `event_id` the store has
    not filled in still find their event; claims of other events are ignored.
    """
    by_id = {c.record.id: c for c in claims}
    return {e.id: [by_id[cid] for cid in e.claim_ids if cid in by_id] for e in events}


def earliest(claims: Sequence[StoredClaim]) -> StoredClaim | None:
    """The first report: earliest publication, undated last, ties by claim id."""
    if not claims:
        return None
    return min(claims, key=lambda c: (c.record.published is None, c.record.published or 0, c.record.id))


def actor_name(actor: str | None, catalog: Catalog) -> str:
    """A party's display name: the state's short name, a group's canonical short name, else the id."""
    if actor is None:
        return ""
    state = catalog.state_by_id.get(actor)
    return state.name if state else actor


def actor_kind(actor: str, catalog: Catalog) -> str:
    """state, the group's kind (armed group, militia, ...), supranational, or unknown."""
    if actor in catalog.state_by_id:
        return "state"
    group = next((g for g in catalog.groups if g.id == actor), None)
    if group is not None:
        return group.kind or "group"
    return "supranational" if actor in SUPRANATIONAL else "unknown"


def event_fields(event: Event) -> dict[str, Any]:
    """An event's own fields as plain values (dates as ISO strings), shared by the row-shaped formats."""
    return {
        "id": event.id,
        "type": event.type.value,
        "supplier": event.supplier,
        "recipient": event.recipient,
        "by": event.by,
        "system": event.system,
        "category": event.category.value if event.category else None,
        "year": event.year,
        "first_seen": event.first_seen.isoformat() if event.first_seen else None,
        "last_seen": event.last_seen.isoformat() if event.last_seen else None,
        "outlets": event.outlets,
        "corroboration": event.corroboration,
        "contested": event.contested,
        "status": event.status.value,
        "claims": len(event.claim_ids),
    }


def stances_text(stances: Mapping[str, int] | Sequence[tuple[str, int]]) -> str:
    """Stance counts as "asserted:2;denied:1": compact for one CSV cell."""
    pairs = stances.items() if isinstance(stances, Mapping) else stances
    return ";".join(f"{s}:{n}" for s, n in pairs)

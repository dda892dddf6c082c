"""The API's JSON, as pydantic models: the public shape, kept apart from model.py's dataclasses (STYLE.md 8).

The store's rows and the internal dataclasses may change shape; these models
are what a script fetching /api relies on, and what /docs describes. Every
HTML page renders one of them, and `?format=json` on the page returns it.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

ReviewStatusName = Literal["unreviewed", "confirmed", "rejected"]
EventOrder = Literal["last_seen", "first_seen", "outlets", "corroboration"]
PartyKind = Literal["state", "group", "other"]


class Out(BaseModel):
    model_config = ConfigDict(frozen=True, populate_by_name=True)


class EventOut(Out):
    id: str
    type: str
    supplier: str | None
    supplier_name: str | None
    recipient: str | None
    recipient_name: str | None
    by: str | None
    system: str | None
    category: str | None
    year: int | None
    first_seen: dt.date | None
    last_seen: dt.date | None
    claims: int = Field(description="How many claims make the event.")
    outlets: int = Field(description="Independent outlets: syndicated copies and near duplicates count once.")
    corroboration: float
    contested: bool
    status: ReviewStatusName
    stances: dict[str, int]
    page: str = Field(description="The event's page in the dashboard.")


class EventList(Out):
    events: list[EventOut]
    limit: int
    offset: int
    next_offset: int | None = Field(description="The offset of the next page, or null on the last page.")
    order: EventOrder
    filters: dict[str, str]


class Segment(Out):
    """A piece of the evidence sentence; `role` is set where the words are a matched span (supplier, trigger, ...)."""

    text: str
    role: str | None = None


class SpanOut(Out):
    start: int
    end: int
    role: str


class EvidenceOut(Out):
    doc: str
    doc_id: str
    sentence: int
    start: int
    end: int
    text: str
    spans: list[SpanOut] = Field(description="Offsets in the document, as in the extract contract.")
    segments: list[Segment] = Field(description="The sentence cut at the spans, for highlighting without markup in the data.")


class ClaimOut(Out):
    id: str
    event_id: str | None
    type: str
    supplier: str | None
    recipient: str | None
    target: str | None
    by: str | None
    system: str | None
    category: str | None
    stance: str
    attributed_to: str | None
    date: str | None
    date_text: str | None
    quantity: int | None
    quantity_text: str | None
    value: dict[str, float | str] | None
    confidence: float
    rule_id: str
    inferred: bool
    status: ReviewStatusName
    published: dt.date | None
    outlet: str | None
    url: str | None = Field(description="The source, when it is an http(s) address.")
    title: str | None
    evidence: EvidenceOut


class ClaimList(Out):
    claims: list[ClaimOut]
    limit: int
    offset: int
    next_offset: int | None


class ReviewIn(BaseModel):
    """An analyst's verdict on a claim or an event."""

    model_config = ConfigDict(extra="forbid")

    target: Literal["claim", "event"]
    target_id: str = Field(pattern=r"^[0-9a-f]{16,64}$")
    status: ReviewStatusName
    note: str = Field(default="", max_length=4000)


class ReviewOut(Out):
    target: str
    target_id: str
    status: ReviewStatusName
    note: str
    who: str
    at: dt.datetime | None


class ReviewLog(Out):
    reviews: list[ReviewOut]


class Sides(Out):
    """The claims of the event's type and dyad on each side, when it is contested (ONTOLOGY.md)."""

    supporting: list[ClaimOut] = Field(description="Asserted or claimed.")
    contradicting: list[ClaimOut] = Field(description="Denied or negated.")


class EventDetail(Out):
    event: EventOut
    claims: list[ClaimOut]
    rejected: list[ClaimOut] = Field(description="Claims of this type and dyad an analyst rejected: they have left every event.")
    sides: Sides | None
    reviews: list[ReviewOut]


class Tally(Out):
    id: str
    name: str
    events: int
    partners: int = 0


class MonthCount(Out):
    month: str
    type: str
    events: int


class Timeline(Out):
    months: list[str] = Field(description="Every month from the first to the last, gaps included.")
    types: list[str]
    counts: list[MonthCount]


class ActorOut(Out):
    id: str
    name: str
    kind: PartyKind
    as_supplier: list[EventOut]
    as_recipient: list[EventOut]
    systems: list[Tally]
    timeline: Timeline


class SystemOut(Out):
    name: str
    aliases: list[str]
    category: str
    klass: str
    origin: str
    maker: str
    events: list[EventOut]
    suppliers: list[Tally]
    recipients: list[Tally]
    timeline: Timeline


class MapDyad(Out):
    supplier: str
    supplier_name: str
    recipient: str
    recipient_name: str
    supplier_lonlat: tuple[float, float] | None
    recipient_lonlat: tuple[float, float] | None
    stage: str = Field(description="The furthest stage reached: offer ... use; sanction only when nothing else.")
    types: dict[str, int]
    events: int
    outlets: int
    contested: int
    first_seen: dt.date | None
    last_seen: dt.date | None
    events_page: str


class MapOut(Out):
    stages: list[str]
    dyads: list[MapDyad] = Field(description="One per supplier -> recipient with both ends placed: one arc each.")
    unplaced: list[MapDyad] = Field(description="Dyads with a party that has no place on the map.")


class NetworkNode(Out):
    id: str
    name: str
    kind: PartyKind
    partners: int
    as_supplier: int
    as_recipient: int


class NetworkEdge(Out):
    id: str
    source: str
    target: str
    type: str
    events: int
    contested: int


class NetworkOut(Out):
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]


class NewDyad(Out):
    supplier: str
    supplier_name: str
    recipient: str
    recipient_name: str
    first_seen: dt.date


class SkippedOut(Out):
    label: str
    reason: str
    stage: str


class CountsOut(Out):
    documents: int
    documents_not_extracted: int
    claims: int
    events: int
    contested: int


class Overview(Out):
    counts: CountsOut
    newest: list[EventOut]
    week_ending: dt.date | None = Field(description="The newest report in the store: 'this week' is the seven days up to it.")
    new_dyads: list[NewDyad]
    contested: list[EventOut]
    top_suppliers: list[Tally]
    top_recipients: list[Tally]
    skipped_by_reason: dict[str, int]
    recent_skipped: list[SkippedOut]


class DocumentOut(Out):
    id: str
    label: str
    url: str | None
    title: str | None
    outlet: str | None
    published: dt.date | None
    language: str | None
    text: str


class Health(Out):
    status: Literal["ok"]
    version: str
    store: str
    read_only: bool
    front_end: bool = Field(description="Whether the front-end libraries are installed (make setup).")


class Problem(Out):
    detail: str

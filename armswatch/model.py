"""The types that flow through armswatch, one stage to the next.

    source --ingest--> Document --nlp--> Sentence + Mention
           --extract--> Claim --resolve--> Event --> store --> api / web / export

Every type is a frozen dataclass; this module holds no logic.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class EventType(StrEnum):
    """The nine stages of a deal, ordered roughly along its life."""

    OFFER = "offer"
    INTEREST = "interest"
    REQUEST = "request"
    AGREEMENT = "agreement"
    ORDER = "order"
    TRANSFER = "transfer"
    PRODUCTION = "production"
    USE = "use"
    SANCTION = "sanction"


class Stance(StrEnum):
    """How the text holds a claim; the first in this order wins when several apply."""

    DENIED = "denied"
    NEGATED = "negated"
    PLANNED = "planned"
    CLAIMED = "claimed"
    ASSERTED = "asserted"


class Category(StrEnum):
    DRONE = "drone"
    DRONE_TECHNOLOGY = "drone_technology"
    MISSILE = "missile"
    OTHER = "other"


class MentionKind(StrEnum):
    """What a span names."""

    ACTOR = "actor"  # a party: state, armed group, company, body, office, person
    ORIGIN = "origin"  # a demonym modifying a weapon: "Iranian(-made) drones"
    SYSTEM = "system"  # a catalogued weapon system
    WEAPON = "weapon"  # a class of weapon: "drones", "ballistic missiles", "arms"
    OUTLET = "outlet"  # a news organisation or named source
    REFERENCE = "reference"  # a phrase pointing back: "the two countries", "the latter"
    UNNAMED = "unnamed"  # a counterpart that is not named: "22 countries", "Western partners"
    DATE = "date"
    QUANTITY = "quantity"


@dataclass(frozen=True, slots=True)
class Document:
    """One article: its text as armswatch holds it, and what is known of it."""

    id: str  # sha256 of the normalised text
    text: str
    label: str = "text"  # the source label that goes into evidence.doc
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int  # from 0 within the document
    start: int  # character offsets in Document.text
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of a sentence that names something, resolved against the catalog.

    `start`/`end` are character offsets in the document; `first`/`last` are
    token indices in the sentence (last exclusive). `value` is the catalog id
    (ISO3 for states, a short name for other actors, the canonical name of a
    system, the category for a weapon class).
    """

    kind: MentionKind
    start: int
    end: int
    first: int
    last: int
    text: str
    value: str
    rule_id: str
    category: Category | None = None  # for SYSTEM and WEAPON
    origin: str | None = None  # for SYSTEM: state of design; for WEAPON: supplier named inside it
    role: str = ""  # for ACTOR: "state", "group", "maker", "body", "office", "person", "capital", "media"


@dataclass(frozen=True, slots=True)
class Evidence:
    doc: str
    doc_id: str
    sentence: int
    start: int
    end: int
    text: str
    spans: tuple[tuple[int, int, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Value:
    amount: float
    currency: str


@dataclass(frozen=True, slots=True)
class Claim:
    """One statement about a movement of weapons between two parties (ONTOLOGY.md)."""

    type: EventType
    supplier: str | None
    recipient: str | None
    stance: Stance
    evidence: Evidence
    rule_id: str
    target: str | None = None
    by: str | None = None
    system: str | None = None
    category: Category | None = None
    attributed_to: str | None = None
    date: str | None = None
    date_text: str | None = None
    quantity: int | None = None
    quantity_text: str | None = None
    value: Value | None = None
    confidence: float = 0.5
    inferred: bool = False


class ReviewStatus(StrEnum):
    UNREVIEWED = "unreviewed"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True)
class OutletInfo:
    """The publishing site, with what the catalog knows of it."""

    id: str  # catalog outlet id when known, else the site's domain, else the outlet's name in lower case
    name: str
    domain: str | None = None
    kind: str | None = None  # state media, wire service, newspaper, ...
    state: str | None = None  # for state media: the state it speaks for


@dataclass(frozen=True, slots=True)
class ClaimRecord:
    """A claim as stored, with what the events stage needs of its document."""

    id: str  # stable: events.keys.claim_id(claim)
    claim: Claim
    published: dt.date | None
    outlet: str | None  # OutletInfo.id of the document's outlet
    original_doc: str  # the original's doc id for a syndicated copy or near duplicate, else the claim's own doc id
    extractor_version: str
    status: ReviewStatus = ReviewStatus.UNREVIEWED
    outlet_kind: str | None = None
    outlet_state: str | None = None


@dataclass(frozen=True, slots=True)
class SkippedItem:
    """An input that was not read or not extracted, and why."""

    label: str
    reason: str
    stage: str = "read"  # read | extract (e.g. not English, over the size limit)


@dataclass(frozen=True, slots=True)
class Event:
    """Claims merged on (type, supplier, recipient, system or category, by, year)."""

    id: str
    type: EventType
    supplier: str | None
    recipient: str | None
    by: str | None
    system: str | None
    category: Category | None
    year: int | None
    first_seen: dt.date | None
    last_seen: dt.date | None
    claim_ids: tuple[str, ...] = field(default=())
    outlets: int = 0  # independent outlets: syndicated copies and near duplicates count once
    corroboration: float = 0.0  # 0..1, see events/corroboration
    contested: bool = False  # ONTOLOGY.md: denied/negated and asserted/claimed claims on the same type and dyad, periods overlapping
    status: ReviewStatus = ReviewStatus.UNREVIEWED
    stances: tuple[tuple[str, int], ...] = field(default=())  # (stance, number of claims), for display

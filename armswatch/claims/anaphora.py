"""Event anaphora: a sentence that speaks of a claim made just before ("the sale", "the report", "such a request").

    Washington had formally approved the sale in February.          -> the order of the sentence before, planned
    North Korea's foreign ministry called the report groundless.    -> the transfer reported before, denied
    Delivery of the last two squadrons has slipped to 2026.         -> the transfer of the deal before

The sentence names no dyad of its own, so it takes the dyad of the latest
claim of the one or two sentences before, with the type its noun says (a
"sale" is an order, a "delivery" a transfer; a "report" or "claim" keeps the
type it points to), and the stance its own words give. It makes a claim only
when every party it names belongs to that dyad (the speaker is a party), and
a report, claim or accusation only when the sentence denies or attributes it.
"""

from __future__ import annotations

from dataclasses import dataclass

from armswatch.catalog import SUPRANATIONAL
from armswatch.claims.analysis import MONEY_WORDS, Analysis
from armswatch.model import Claim, EventType, MentionKind
from armswatch.nlp.mentions import PEOPLE

# noun -> the type it names, or None when it keeps the type of the claim it points to
ANAPHORS: dict[str, EventType | None] = {
    "sale": EventType.ORDER,
    "sales": EventType.ORDER,
    "purchase": EventType.ORDER,
    "purchases": EventType.ORDER,
    "order": EventType.ORDER,
    "contract": EventType.ORDER,
    "deal": None,
    "agreement": None,
    "memorandum": None,
    "transfer": EventType.TRANSFER,
    "transfers": EventType.TRANSFER,
    "delivery": EventType.TRANSFER,
    "deliveries": EventType.TRANSFER,
    "shipment": EventType.TRANSFER,
    "shipments": EventType.TRANSFER,
    "supplies": EventType.TRANSFER,
    "supply": EventType.TRANSFER,
    "batch": EventType.TRANSFER,
    "batches": EventType.TRANSFER,
    "consignment": EventType.TRANSFER,
    "consignments": EventType.TRANSFER,
    "tranche": EventType.TRANSFER,
    "request": EventType.REQUEST,
    "offer": EventType.OFFER,
    "plan": None,
    "plans": None,
    "report": None,
    "reports": None,
    "claim": None,
    "claims": None,
    "accusation": None,
    "accusations": None,
    "allegation": None,
    "allegations": None,
    "charge": None,
    "charges": None,
}
PLURALS = frozenset(
    {"sales", "purchases", "transfers", "deliveries", "shipments", "supplies", "plans", "reports", "claims", "batches", "consignments"}
)
#: Nouns that name a part of a delivery only when what they hold is weapons or unsaid: "the first batch", not "a batch of pilots".
PARTS = frozenset({"batch", "batches", "consignment", "consignments", "tranche"})
REPORTS = frozenset({"report", "reports", "claim", "claims", "accusation", "accusations", "allegation", "allegations", "charge", "charges"})
DETERMINERS = frozenset({"the", "this", "that", "these", "those", "such", "its", "their"})
MODIFIERS = frozenset(
    {"new", "latest", "planned", "proposed", "first", "last", "reported", "alleged", "whole", "entire", "two", "three"}
    | {"second", "third", "fourth", "final", "next", "initial"}
)
#: Ordinals that make "a" point back: "a second consignment", "a third batch".
ORDINALS = frozenset({"second", "third", "fourth", "fifth", "final", "further"})


#: Verbs that deny what a pronoun after them points back to: "denied it", "rejected this".
DENYING = frozenset("denied denies deny denying rejected rejects reject dismissed dismisses refuted refutes".split())


@dataclass(frozen=True, slots=True)
class Anaphor:
    index: int  # token index of the noun
    type: EventType | None
    report: bool
    similar: bool = False  # "similar purchases": the same kind of claim, other parties


def find(a: Analysis) -> Anaphor | None:
    """The first definite noun that points back to a claim: "the sale", "such a request", "the report"."""
    for i, low in enumerate(a.lows):
        if low in ("it", "this") and i > 0 and a.lows[i - 1] in DENYING and a.lows[i + 1 : i + 2] in ([], ["."], [","]):
            return Anaphor(i, None, True)  # "Moscow and Tehran have denied it": the claim just reported
        if low not in ANAPHORS or a.at[i] is not None:
            continue
        if i > 0 and a.lows[i - 1] in ("similar", "comparable") and low not in REPORTS:
            return Anaphor(i, ANAPHORS[low], False, similar=True)
        k = before_modifiers(a, i)
        if k >= 0 and a.lows[k] in ("its", "their") and low in PLURALS and a.lows[i + 1 : i + 2] not in (["to"], ["of"]):
            continue  # "its sales abroad topped $1 billion": a company's trade in general, not the sale just reported
        if low in PARTS and a.lows[i + 1 : i + 2] == ["of"] and not any(i + 2 <= w.first <= i + 5 for w in a.weapons):
            continue  # "the first batch of pilots": a part of something else
        ordinal = k >= 0 and a.lows[k] in ("a", "another") and (a.lows[k] == "another" or a.lows[k + 1] in ORDINALS)
        if (
            (k >= 0 and (a.lows[k] in DETERMINERS or ordinal or (a.lows[k] == "a" and k > 0 and a.lows[k - 1] == "such")))
            or (low in ("delivery", "deliveries") and i + 1 < len(a.lows) and a.lows[i + 1] == "of")
            or (i == 0 and low in ("deliveries", "shipments", "transfers"))  # "Deliveries began a year later."
        ):
            return Anaphor(i, ANAPHORS[low], low in REPORTS)
    return None


def before_modifiers(a: Analysis, i: int) -> int:
    """The token before the words that describe the noun at i: "the [overland] transfers", "the [collapsed Egyptian]
    purchase", "a [$2 billion arms] package". Besides the known modifiers, figures and sums, at most two other lower-case
    words, or a party's adjective ("Egyptian"), stand there."""
    k = i - 1
    open_words = 0
    while k >= 0 and i - k <= 6:
        low = a.lows[k]
        m = a.at[k]
        if low in MODIFIERS or low[:1].isdigit() or low in MONEY_WORDS:
            k -= 1
        elif m is not None and m.kind == MentionKind.ACTOR and m.role == "adjective":
            k = m.first - 1
        elif low.isalpha() and a.tokens[k].text.islower() and low not in DETERMINERS and low not in _CLOSED and open_words < 2:
            open_words += 1
            k -= 1
        else:
            break
    return k


#: Words that end a noun phrase's modifiers: "the report said sales", "a deal and the transfers".
_CLOSED = frozenset("a an and or but of to from by with for in on at as that which who is was are were has have had be been".split())
#: Prepositions that make a party a place: "the embassy in Washington", "talks at Ankara".
_PLACES = frozenset({"in", "at", "near", "across", "inside"})
#: Words that open a phrase of its own after the noun: "shelved the plan after pressure from Washington".
_OUTSIDE = frozenset({"after", "before", "because", "amid", "despite", "following", "while", "since", "under"})


def _speaker_seat(a: Analysis, k: int) -> bool:
    """Whether "in X" at k names who speaks: "officials in Belgrade", not "the Chinese embassy in Washington"."""
    if k < 1 or a.lows[k - 1] not in PEOPLE:
        return False
    return not any(m is not None and m.kind == MentionKind.ACTOR for m in a.at[max(0, k - 4) : k - 1])


def consistent(a: Analysis, claim: Claim, noun: int) -> bool:
    """Whether every party the sentence names belongs to the claim's dyad. Sources and bodies like the UN may speak, a
    place is no party ("the embassy in Washington"), and a party in a phrase of its own after the noun stands outside
    ("shelved the plan after pressure from Washington")."""
    dyad = {claim.supplier, claim.recipient}
    for m in a.mentions:
        if m.kind != MentionKind.ACTOR or m.role == "adjective" or m.value in SUPRANATIONAL or m.value in dyad:
            continue
        k = m.first - 1
        while k >= 0 and a.lows[k] in DETERMINERS:
            k -= 1
        if k >= 0 and a.lows[k] in _PLACES and not _speaker_seat(a, k):
            continue
        if m.first > noun and _OUTSIDE & set(a.lows[noun : m.first]):
            continue
        return False
    return True

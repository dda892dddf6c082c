"""Arms-transfer sentences for the benchmark corpus, built from the catalog.

Each sentence comes from a coherent scene: the supplier is the state that
designed the system, the recipient and the target are other states, the
maker, demonym and capitals belong to the states they stand beside, so the
rules see the kind of sentence they were written for (offers, requests,
orders, deliveries, denials, sanctions, production, use in combat). The
templates were written for armswatch; only the names come from the catalog.
"""

from __future__ import annotations

import random

from armswatch.bench.templates import Template, compile_all
from armswatch.catalog import Catalog, State, System

TEMPLATES: tuple[str, ...] = (
    # deliveries
    "{Supplier} has delivered {n} {system} {kind} to {recipient}, {outlet} reported.",
    "A first batch of {system} {kind} arrived in {recipient} last {weekday}, according to {recipient_pos} defence ministry.",
    "{Recipient_pos} armed forces took delivery of {n} {demonym}-made {system} {kind} in {month}.",
    "{Supplier} has supplied {recipient} with {system} {kind} since {year}, according to a report by {outlet}.",
    "Investigators said {supplier} shipped components for {system} {kind} to {recipient} through a third country.",
    "{Maker} will deliver {n} {system} {kind} to {recipient} by the end of {year}, the company said in a statement.",
    "{Supplier} is expected to send the first {system} {kind} to {recipient} next year, officials in {supplier_capital} said.",
    # offers, interest, requests
    "{Supplier} has offered {system} {kind} to {recipient} at a discount, {outlet} reported, citing two officials.",
    "During a visit to {recipient_capital}, {supplier_pos} defence minister offered to sell {system} {kind} to {recipient}.",
    "{Recipient} has expressed interest in acquiring {demonym} {system} {kind}, officials in {recipient_capital} said.",
    "{Recipient} has asked {supplier} for more {system} {kind} to protect its cities, {outlet} reported.",
    "Officials in {recipient_capital} said talks on a {system} purchase were continuing.",
    # orders and agreements
    "{Recipient} signed a contract worth ${money} million for {n} {system} {kind} from {supplier} in {month} {year}.",
    "{Recipient_pos} defence ministry ordered {n} {system} {kind} from {maker}, the ministry said on {weekday}.",
    "{Supplier} and {recipient} signed a memorandum of understanding on the joint production of {system} {kind}.",
    "{Recipient} plans to buy {n} {system} {kind} from {supplier} by {year}, the defence minister told parliament.",
    "{Supplier} agreed to sell {recipient} {n} {system} {kind} in a deal worth ${money} million, {outlet} said.",
    # denials and negations
    "{Recipient_pos} defence ministry denied buying {demonym} {kind}.",
    "{Supplier} denied supplying {kind} to {recipient}, calling the reports baseless.",
    "Officials in {supplier_capital} rejected claims that {supplier} had sent {system} {kind} to {recipient}.",
    "{Recipient} has not received any {system} {kind} from {supplier}, a government spokesman said on {weekday}.",
    "Lawmakers in {supplier_capital} blocked the sale of {system} {kind} to {recipient} on {weekday}.",
    # sanctions
    "{Sanctioner} imposed sanctions on {maker} over the transfer of {system} {kind} to {recipient}.",
    "{Sanctioner} announced sanctions against {small} companies accused of supplying {demonym} {kind} to {recipient}.",
    "{Sanctioner} sanctioned {supplier_pos} defence ministry for delivering {system} {kind} to {group}.",
    # use in combat
    "{Recipient_pos} forces launched {demonym}-made {system} {kind} at targets in {target} overnight, the military said.",
    "{Group_adj} fighters used {demonym} {kind} in an attack on {target_capital}, {outlet} reported, citing local officials.",
    "Air defences in {target} shot down {n} {system} {kind} launched by {recipient} on {weekday}, officials said.",
    "{Target_pos} military said it had recovered the wreckage of {a_system} supplied to {recipient} by {supplier}.",
    # production and technology
    "{Recipient} has begun producing {system} {kind} under licence from {supplier}, state media said.",
    "A factory near {recipient_capital} assembles {system} {kind} with parts supplied by {supplier}, according to {outlet}.",
    "{Supplier} agreed to transfer {system} technology to {recipient}, {outlet} said on {weekday}.",
    "{Recipient_pos} army displayed {demonym} {system} {kind} at a military parade in {recipient_capital}.",
)

TITLES: tuple[str, ...] = (
    "{Recipient} seeks {demonym} {kind}",
    "{Supplier} delivers {system} to {recipient}",
    "{Recipient} denies {system} purchase",
    "New sanctions over {kind} for {recipient}",
    "{system} deal for {recipient} moves ahead",
)

# Names that take "the": "the United States", "the Philippines", "the Holy See".
_THE_WORDS = frozenset(
    {"Republic", "Kingdom", "States", "Emirates", "Islands", "Netherlands", "Philippines", "Bahamas", "Gambia", "Maldives", "Seychelles"}
    | {"Comoros", "See"}
)
# Armed groups as a noun ("supplied to the Houthis") and as a modifier ("Houthi fighters").
_GROUPS = {
    "Houthis": ("the Houthis", "Houthi"),
    "Hezbollah": ("Hezbollah", "Hezbollah"),
    "Hamas": ("Hamas", "Hamas"),
    "RSF": ("the RSF", "RSF"),
    "Taliban": ("the Taliban", "Taliban"),
    "Wagner": ("Wagner", "Wagner"),
}
_SANCTIONERS = ("the United States", "the European Union", "the United Kingdom", "Canada", "Japan", "Australia", "Switzerland")
_NEWS_KINDS = frozenset({"wire service", "newspaper", "broadcaster"})
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")
_NUMBERS = ("two", "three", "four", "six", "eight", "12", "20", "24", "30", "36", "48", "50", "60", "100", "120", "150", "200")


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _named(state: State) -> str:
    """A state's name as it stands mid-sentence: "the United States", "Iran"."""
    return f"the {state.name}" if _THE_WORDS.intersection(state.name.split()) else state.name


def _possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def _kind(system: System, rng: random.Random) -> str:
    """The plural weapon word after a system name: "Shahed-136 drones", "Kalibr cruise missiles"."""
    klass = system.klass.lower()
    if rng.random() < 0.5:
        return "drones" if system.category.value == "drone" else "missiles"
    for end in ("munition", "drone", "missile", "missile system", "rocket"):
        if klass.endswith(end):
            return klass + "s"
    return "drones" if system.category.value == "drone" else "missiles"


class Arms:
    """Builds arms-transfer sentences from the catalog; build once, then `sentence(rng)` per sentence."""

    def __init__(self, catalog: Catalog) -> None:
        self.states = [
            s for s in catalog.states if s.demonyms and s.capitals and s.name not in s.ambiguous and s.capitals[0] not in s.ambiguous
        ]
        by_id = {s.id: s for s in self.states}
        self.systems = [
            sy for sy in catalog.systems if sy.category.value in ("drone", "missile") and not sy.ambiguous_aliases and sy.origin in by_id
        ]
        self.by_id = by_id
        self.makers_of: dict[str, list[str]] = {}
        maker_name = {m.id: m.name for m in catalog.makers}
        for m in catalog.makers:
            self.makers_of.setdefault(m.state, []).append(m.name)
        self.maker_name = maker_name
        self.outlets = [o.name for o in catalog.outlets if o.kind in _NEWS_KINDS]
        self.groups = list(_GROUPS.values())  # the catalog loader guarantees these (FIXED_GROUPS)
        self.templates: list[Template] = compile_all(TEMPLATES, self._slots())
        self.titles: list[Template] = compile_all(TITLES, self._slots())

    def _slots(self) -> dict[str, str]:
        return dict.fromkeys(self.scene(random.Random(0)), "")

    def scene(self, rng: random.Random) -> dict[str, str]:
        """Every slot value of one coherent scene: who supplies what to whom, and who reports it."""
        system = rng.choice(self.systems)
        supplier = self.by_id[system.origin]
        recipient = supplier
        while recipient is supplier:
            recipient = rng.choice(self.states)
        target = supplier
        while target is supplier or target is recipient:
            target = rng.choice(self.states)
        maker = self.maker_name.get(system.maker) or rng.choice(self.makers_of.get(supplier.id) or ["a state-owned manufacturer"])
        group, group_adj = rng.choice(self.groups)
        values = {
            "system": system.name,
            "kind": _kind(system, rng),
            "demonym": supplier.demonyms[0],
            "maker": maker,
            "Maker": _cap(maker),
            "group": group,
            "Group_adj": group_adj,
            "a_system": ("an " if system.name[:1] in "AEIOU" else "a ") + system.name,
            "Sanctioner": _cap(rng.choice(_SANCTIONERS)),
            "outlet": rng.choice(self.outlets),
            "n": rng.choice(_NUMBERS),
            "small": str(rng.randint(3, 19)),
            "money": str(rng.randint(12, 900)),
            "year": str(rng.randint(2015, 2026)),
            "month": rng.choice(_MONTHS),
            "weekday": rng.choice(_WEEKDAYS),
        }
        for role, state in (("supplier", supplier), ("recipient", recipient), ("target", target)):
            name = _named(state)
            values[role] = name
            values[_cap(role)] = _cap(name)
            values[f"{role}_pos"] = _possessive(name)
            values[f"{_cap(role)}_pos"] = _cap(_possessive(name))
            values[f"{role}_capital"] = state.capitals[0]
        return values

    def sentence(self, rng: random.Random) -> str:
        return rng.choice(self.templates).substitute(self.scene(rng))

    def title(self, rng: random.Random) -> str:
        return rng.choice(self.titles).substitute(self.scene(rng))

"""The catalog: states, armed groups, makers, weapon systems, offices, outlets.

Data lives in TOML files under `data/` (format in SCHEMA.md); `load()` reads
and validates them once and returns a frozen `Catalog`. `phrases()` flattens
the catalog into the surface forms the mention matcher looks for, each with
the stable id of the entry that made it.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from armswatch.errors import CatalogError
from armswatch.model import Category

DATA = Path(__file__).parent / "data"

#: Parties that are not states; ONTOLOGY.md fixes these short names.
FIXED_GROUPS = ("Houthis", "Hezbollah", "Hamas", "Wagner", "Polisario", "RSF", "Tigray", "GNA", "LNA", "Taliban", "PKK")

#: Supranational parties that may stand in `by` or be sources, never as supplier or recipient.
SUPRANATIONAL = ("EU", "NATO", "UN")


@dataclass(frozen=True, slots=True)
class State:
    id: str
    name: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    capitals: tuple[str, ...]
    seats: tuple[str, ...]
    ambiguous: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Group:
    id: str
    name: str
    aliases: tuple[str, ...]
    kind: str
    country: str


@dataclass(frozen=True, slots=True)
class Maker:
    id: str
    name: str
    aliases: tuple[str, ...]
    state: str


@dataclass(frozen=True, slots=True)
class System:
    id: str
    name: str
    aliases: tuple[str, ...]
    category: Category
    klass: str
    origin: str
    maker: str
    family: str
    ambiguous_aliases: tuple[str, ...]  # forms that are also ordinary words or names ("Patriot", "Heron", "Majid")


@dataclass(frozen=True, slots=True)
class Office:
    id: str
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Body:
    id: str
    name: str
    aliases: tuple[str, ...]
    state: str


@dataclass(frozen=True, slots=True)
class Holder:
    id: str
    name: str
    aliases: tuple[str, ...]
    state: str
    office: str
    start: int
    end: int  # 0 while in office


@dataclass(frozen=True, slots=True)
class Outlet:
    id: str
    name: str
    aliases: tuple[str, ...]
    domains: tuple[str, ...]
    kind: str
    state: str


@dataclass(frozen=True, slots=True)
class Phrase:
    """One surface form the matcher looks for.

    `case` is how strictly the text must match the form: "exact" (acronyms such
    as "US", which must not match "us"), "title" (the first letter as written),
    or "any".
    """

    text: str
    kind: str  # state, demonym, capital, seat, group, maker, body, person, office, outlet, system
    value: str
    rule_id: str
    case: str = "title"
    ambiguous: bool = False


@dataclass(frozen=True)
class Catalog:
    states: tuple[State, ...]
    groups: tuple[Group, ...]
    makers: tuple[Maker, ...]
    systems: tuple[System, ...]
    offices: tuple[Office, ...]
    bodies: tuple[Body, ...]
    holders: tuple[Holder, ...]
    outlets: tuple[Outlet, ...]

    @functools.cached_property
    def system_by_name(self) -> dict[str, System]:
        return {s.name: s for s in self.systems}

    @functools.cached_property
    def state_by_id(self) -> dict[str, State]:
        return {s.id: s for s in self.states}

    @functools.cached_property
    def party_ids(self) -> frozenset[str]:
        return frozenset([s.id for s in self.states] + [g.id for g in self.groups])

    @functools.cached_property
    def outlet_by_id(self) -> dict[str, Outlet]:
        return {o.id: o for o in self.outlets}

    def phrases(self) -> Iterator[Phrase]:
        """Every surface form in the catalog, with the id of its entry."""
        for s in self.states:
            amb = set(s.ambiguous)
            for text in dict.fromkeys((s.name, *s.aliases)):
                yield Phrase(text, "state", s.id, f"catalog.state.{s.id}", _case(text), text in amb)
            for text in s.demonyms:
                yield Phrase(text, "demonym", s.id, f"catalog.state.{s.id}.demonym", _case(text), text in amb)
            for text in s.capitals:
                yield Phrase(text, "capital", s.id, f"catalog.state.{s.id}.capital", _case(text), text in amb)
            for text in s.seats:
                yield Phrase(text, "seat", s.id, f"catalog.state.{s.id}.seat", _case(text))
        for g in self.groups:
            for text in dict.fromkeys((g.id, g.name, *g.aliases)):
                yield Phrase(text, "group", g.id, f"catalog.group.{g.id}", _case(text))
        for m in self.makers:
            for text in dict.fromkeys((m.name, *m.aliases)):
                yield Phrase(text, "maker", m.state, f"catalog.maker.{m.id}", _case(text))
        for b in self.bodies:
            for text in dict.fromkeys((b.name, *b.aliases)):
                yield Phrase(text, "body", b.state, f"catalog.body.{b.id}", _case(text))
        for h in self.holders:
            for text in dict.fromkeys((h.name, *h.aliases)):
                yield Phrase(text, "person", h.state, f"catalog.holder.{h.id}", _case(text))
        for o in self.offices:
            for text in o.aliases:
                yield Phrase(text, "office", o.id, f"catalog.office.{o.id}", "any")
        for out in self.outlets:
            for text in dict.fromkeys((out.name, *out.aliases)):
                yield Phrase(text, "outlet", out.id, f"catalog.outlet.{out.id}", _case(text))
        for sy in self.systems:
            risky = set(sy.ambiguous_aliases)
            for text in dict.fromkeys((sy.name, *sy.aliases)):
                yield Phrase(text, "system", sy.name, f"catalog.system.{sy.id}", "title" if text in risky else "any", text in risky)


def _case(text: str) -> str:
    letters = [c for c in text if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) <= 5:
        return "exact"
    return "title" if text[:1].isupper() else "any"


def _strs(entry: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = entry.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise CatalogError(f"{where}: '{key}' must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def _str(entry: dict[str, Any], key: str, where: str, required: bool = True) -> str:
    value = entry.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise CatalogError(f"{where}: '{key}' must be a non-empty string")
    return value.strip()


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except FileNotFoundError as exc:
        raise CatalogError(f"{path}: missing catalog file; reinstall armswatch") from exc
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError(f"{path.name}: not valid TOML ({exc}); fix the file") from exc


def _unique(items: list[Any], name: str) -> None:
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            raise CatalogError(f"{name}: duplicate id {item.id!r}; ids must be unique")
        seen.add(item.id)


@functools.cache
def load(directory: Path = DATA) -> Catalog:
    """Read and validate the catalog; cached, so every caller shares one copy."""
    raw = {name: _read(directory / f"{name}.toml") for name in ("states", "groups", "makers", "systems", "offices", "outlets")}
    states = [
        State(
            id=_str(e, "id", w := f"states.toml [{i}]"),
            name=_str(e, "name", w),
            aliases=_strs(e, "aliases", w),
            demonyms=_strs(e, "demonyms", w),
            capitals=_strs(e, "capitals", w),
            seats=_strs(e, "seats", w),
            ambiguous=_strs(e, "ambiguous", w),
        )
        for i, e in enumerate(raw["states"].get("state", []))
    ]
    for st in states:
        if not (len(st.id) == 3 and st.id.isupper()):
            raise CatalogError(f"states.toml {st.id}: id must be an ISO 3166-1 alpha-3 code")
    state_ids = {s.id for s in states}
    groups = [
        Group(
            id=_str(e, "id", w := f"groups.toml [{i}]"),
            name=_str(e, "name", w),
            aliases=_strs(e, "aliases", w),
            kind=_str(e, "kind", w, required=False),
            country=_str(e, "country", w, required=False),
        )
        for i, e in enumerate(raw["groups"].get("group", []))
    ]
    missing = set(FIXED_GROUPS) - {g.id for g in groups}
    if missing:
        raise CatalogError(f"groups.toml: fixed actors missing: {', '.join(sorted(missing))}")
    party_ids = state_ids | {g.id for g in groups} | set(SUPRANATIONAL)
    makers = [
        Maker(
            id=_str(e, "id", w := f"makers.toml [{i}]"), name=_str(e, "name", w), aliases=_strs(e, "aliases", w), state=_str(e, "state", w)
        )
        for i, e in enumerate(raw["makers"].get("maker", []))
    ]
    maker_ids = {m.id for m in makers}
    systems = []
    for i, e in enumerate(raw["systems"].get("system", [])):
        w = f"systems.toml [{i}] {e.get('id', '?')}"
        try:
            category = Category(_str(e, "category", w))
        except ValueError as exc:
            raise CatalogError(f"{w}: category must be one of {[c.value for c in Category]}") from exc
        systems.append(
            System(
                id=_str(e, "id", w),
                name=_str(e, "name", w),
                aliases=_strs(e, "aliases", w),
                category=category,
                klass=_str(e, "class", w, required=False),
                origin=_str(e, "origin", w, required=False),
                maker=_str(e, "maker", w, required=False),
                family=_str(e, "family", w, required=False),
                ambiguous_aliases=_strs(e, "ambiguous_aliases", w),
            )
        )
    offices_raw = raw["offices"]
    offices = [
        Office(id=_str(e, "id", w := f"offices.toml office [{i}]"), aliases=_strs(e, "aliases", w))
        for i, e in enumerate(offices_raw.get("office", []))
    ]
    bodies = [
        Body(
            id=_str(e, "id", w := f"offices.toml body [{i}]"),
            name=_str(e, "name", w),
            aliases=_strs(e, "aliases", w),
            state=_str(e, "state", w),
        )
        for i, e in enumerate(offices_raw.get("body", []))
    ]
    holders = [
        Holder(
            id=_str(e, "id", w := f"offices.toml holder [{i}]"),
            name=_str(e, "name", w),
            aliases=_strs(e, "aliases", w),
            state=_str(e, "state", w),
            office=_str(e, "office", w, required=False),
            start=int(e.get("from", 0)),
            end=int(e.get("to", 0)),
        )
        for i, e in enumerate(offices_raw.get("holder", []))
    ]
    outlets = [
        Outlet(
            id=_str(e, "id", w := f"outlets.toml [{i}]"),
            name=_str(e, "name", w),
            aliases=_strs(e, "aliases", w),
            domains=_strs(e, "domains", w),
            kind=_str(e, "kind", w, required=False),
            state=_str(e, "state", w, required=False),
        )
        for i, e in enumerate(raw["outlets"].get("outlet", []))
    ]
    for name, items in (
        ("states", states),
        ("groups", groups),
        ("makers", makers),
        ("systems", systems),
        ("offices", offices),
        ("bodies", bodies),
        ("holders", holders),
        ("outlets", outlets),
    ):
        _unique(items, name)
    for m in makers:
        if m.state not in party_ids:
            raise CatalogError(f"makers.toml {m.id}: unknown state {m.state!r}")
    for sy in systems:
        stray = set(sy.ambiguous_aliases) - {sy.name, *sy.aliases}
        if stray:
            raise CatalogError(f"systems.toml {sy.id}: ambiguous_aliases {sorted(stray)} are not among its name and aliases")
        if sy.origin and sy.origin not in party_ids:
            raise CatalogError(f"systems.toml {sy.id}: unknown origin {sy.origin!r}")
        if sy.maker and sy.maker not in maker_ids:
            raise CatalogError(f"systems.toml {sy.id}: unknown maker {sy.maker!r}; add it to makers.toml")
    for b in bodies:
        if b.state not in party_ids:
            raise CatalogError(f"offices.toml body {b.id}: unknown state {b.state!r}")
    for h in holders:
        if h.state not in party_ids:
            raise CatalogError(f"offices.toml holder {h.id}: unknown state {h.state!r}")
    return Catalog(
        states=tuple(states),
        groups=tuple(groups),
        makers=tuple(makers),
        systems=tuple(systems),
        offices=tuple(offices),
        bodies=tuple(bodies),
        holders=tuple(holders),
        outlets=tuple(outlets),
    )

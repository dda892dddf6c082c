"""Watchlist rules: what an analyst wants to hear about, as data validated on load (STYLE 5).

A watchlist is a TOML file of `[[rule]]` tables, or rules kept in the store
(`armswatch watchlist add`). Each rule has a stable `id` (alerts are kept
once per rule and event, so the id must not change) and one `kind`:

- `new_recipient`: an event whose recipient was never seen before with the
  rule's supplier (or, without `supplier`, a dyad never seen before);
- `system`: any event about the named system (catalog name or alias);
- `contested`: an event becomes contested (ONTOLOGY.md);
- `stage`: a dyad moves to a later stage along offer < interest < request <
  agreement < order < transfer < production < use.

Every kind narrows with `supplier`, `recipient`, `system`, `types`,
`stances` and `min_outlets` (independent outlets before it fires: an event
first seen in one outlet fires when the second reports it). Defaults that
matter: `new_recipient` and `stage` look at the eight stages, not at
sanctions; `new_recipient` counts only claims that affirm or plan a deal
(asserted, claimed, planned), `stage` only affirmed ones (asserted, claimed),
so a denial does not move a dyad on. A mistake is one line naming the file,
the rule and the remedy.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from armswatch.catalog import Catalog
from armswatch.errors import RuleError
from armswatch.model import Event, EventType, ReviewStatus, Stance

__all__ = ["KINDS", "STAGES", "Rule", "RuleError", "load_rules", "rule_from_spec", "rule_id_for"]

KINDS = ("new_recipient", "system", "contested", "stage")
STAGES = ("offer", "interest", "request", "agreement", "order", "transfer", "production", "use")
FIELDS = ("id", "kind", "supplier", "recipient", "system", "types", "stances", "min_outlets", "description")
DEFAULT_TYPES = {"new_recipient": STAGES, "stage": STAGES}
DEFAULT_STANCES = {"new_recipient": ("asserted", "claimed", "planned"), "stage": ("asserted", "claimed")}
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    kind: str
    supplier: str | None = None
    recipient: str | None = None
    system: str | None = None  # the catalog's canonical name
    types: tuple[str, ...] = ()  # empty: the kind's default
    stances: tuple[str, ...] = ()
    min_outlets: int = 1
    description: str = ""

    @property
    def event_types(self) -> tuple[str, ...]:
        return self.types or DEFAULT_TYPES.get(self.kind, ())

    @property
    def event_stances(self) -> tuple[str, ...]:
        return self.stances or DEFAULT_STANCES.get(self.kind, ())

    def spec(self) -> dict[str, Any]:
        """The rule as the fields of a `[[rule]]` table (what the store keeps)."""
        out: dict[str, Any] = {"id": self.id, "kind": self.kind}
        for name in ("supplier", "recipient", "system", "description"):
            if getattr(self, name):
                out[name] = getattr(self, name)
        if self.types:
            out["types"] = list(self.types)
        if self.stances:
            out["stances"] = list(self.stances)
        if self.min_outlets > 1:
            out["min_outlets"] = self.min_outlets
        return out

    def matches(self, event: Event) -> bool:
        """Whether the event is one this rule looks at: its filters, its outlets, and not rejected by an analyst."""
        if event.status == ReviewStatus.REJECTED or event.outlets < self.min_outlets:
            return False
        if self.event_types and event.type.value not in self.event_types:
            return False
        if self.system is not None and event.system != self.system:
            return False
        if self.event_stances and not any(n > 0 and s in self.event_stances for s, n in event.stances):
            return False
        return self._side(event, self.supplier, "supplier") and self._side(event, self.recipient, "recipient")

    @staticmethod
    def _side(event: Event, wanted: str | None, side: str) -> bool:
        if wanted is None:
            return True
        if event.type == EventType.AGREEMENT:  # an agreement's pair is unordered: either side will do
            return wanted in (event.supplier, event.recipient)
        return getattr(event, side) == wanted


def _problem(where: str, message: str) -> RuleError:
    return RuleError(f"{where}: {message}")


def _strings(value: object, where: str, name: str, allowed: Sequence[str]) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
        raise _problem(where, f'{name} must be a list of names, e.g. {name} = ["{allowed[0]}"]')
    unknown = [v for v in items if v not in allowed]
    if unknown:
        raise _problem(where, f"{name}: {', '.join(map(repr, unknown))} not known; use {', '.join(allowed)}")
    return tuple(dict.fromkeys(items))


def _party(value: object, where: str, name: str, catalog: Catalog) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _problem(where, f"{name} must be a party id: ISO3 for a state (IRN) or a catalog group id (Houthis)")
    ids = catalog.party_ids
    for candidate in (value.strip(), value.strip().upper()):
        if candidate in ids:
            return candidate
    by_fold = {p.casefold(): p for p in ids}
    if value.strip().casefold() in by_fold:
        return by_fold[value.strip().casefold()]
    raise _problem(where, f"{name} {value!r} is not a party in the catalog; give ISO3 for a state (IRN) or a group id")


def _system(value: object, where: str, catalog: Catalog) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _problem(where, 'system must be a catalog system name or alias, e.g. system = "Shahed-136"')
    wanted = _fold(value)
    for entry in catalog.systems:
        if wanted in {_fold(a) for a in (entry.name, *entry.aliases)}:
            return entry.name
    raise _problem(where, f"system {value!r} is not in the catalog; try its canonical name (armswatch systems NAME)")


def _fold(name: str) -> str:
    return name.casefold().replace("-", "").replace(" ", "")


def rule_from_spec(spec: Mapping[str, Any], where: str, catalog: Catalog) -> Rule:
    """A validated rule from the fields of one `[[rule]]` table; RuleError (one line) otherwise."""
    rule_id = spec.get("id")
    if not isinstance(rule_id, str) or not _ID.match(rule_id):
        raise _problem(where, "needs an id of letters, digits, '-', '_' or '.' (alerts are kept once per rule id and event)")
    where = f"{where} ({rule_id})"
    unknown = sorted(set(spec) - set(FIELDS))
    if unknown:
        raise _problem(where, f"unknown field {unknown[0]!r}; a rule has {', '.join(FIELDS)}")
    kind = spec.get("kind")
    if kind not in KINDS:
        raise _problem(where, f"kind {kind!r} is not one of {', '.join(KINDS)}")
    outlets = spec.get("min_outlets", 1)
    if not isinstance(outlets, int) or isinstance(outlets, bool) or outlets < 1:
        raise _problem(where, "min_outlets must be a whole number, 1 or more")
    description = spec.get("description", "")
    if not isinstance(description, str):
        raise _problem(where, "description must be text")
    if kind == "system" and "system" not in spec:
        raise _problem(where, 'a system rule needs system = "NAME" (catalog name or alias)')
    return Rule(
        id=rule_id,
        kind=kind,
        supplier=_party(spec["supplier"], where, "supplier", catalog) if "supplier" in spec else None,
        recipient=_party(spec["recipient"], where, "recipient", catalog) if "recipient" in spec else None,
        system=_system(spec["system"], where, catalog) if "system" in spec else None,
        types=_strings(spec["types"], where, "types", [t.value for t in EventType]) if "types" in spec else (),
        stances=_strings(spec["stances"], where, "stances", [s.value for s in Stance]) if "stances" in spec else (),
        min_outlets=outlets,
        description=description,
    )


def load_rules(path: Path, catalog: Catalog) -> list[Rule]:
    """The rules of a watchlist TOML file (`[[rule]]` tables), validated; RuleError names the first mistake."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RuleError(f"{path}: cannot read the watchlist ({exc.strerror or exc})") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise RuleError(f"{path}: not valid TOML ({' '.join(str(exc).split())})") from exc
    extra = sorted(set(data) - {"rule"})
    if extra:
        raise RuleError(f"{path}: unknown table {extra[0]!r}; a watchlist is a list of [[rule]] tables")
    tables = data.get("rule", [])
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise RuleError(f"{path}: write each rule as a [[rule]] table")
    rules = [rule_from_spec(t, f"{path}: rule {n}", catalog) for n, t in enumerate(tables, 1)]
    seen: set[str] = set()
    for rule in rules:
        if rule.id in seen:
            raise RuleError(f"{path}: rule id {rule.id!r} is used twice; ids must be unique")
        seen.add(rule.id)
    return rules


def rule_id_for(spec: Mapping[str, Any]) -> str:
    """A readable id for a rule given without one: its kind and the names in it ("new_recipient-IRN")."""
    parts = [str(spec.get(k)) for k in ("kind", "supplier", "recipient", "system") if spec.get(k)]
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", "-".join(parts)).strip("-")[:64] or "rule"

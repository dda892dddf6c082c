"""Where the parties sit on a map: the capital of each state, the seat of each fixed non-state actor.

The geojson export draws one line per dyad between its two parties, so it
needs a point for every party. Points are data (`data/geo.toml`: a `[state]`
table with every state of states.toml and a `[group]` table for the fixed
non-state actors, each `ID = [lat, lon]`), loaded once and validated like the
rest of the catalog: a missing state or a coordinate off the globe stops the
load with the file, the id and the problem.

`locate` answers for any party: a state's capital; a group's own seat, else
the capital of the country it operates in (groups.toml `country`); None for
what has no place (supranational bodies, unknown ids), which callers report
rather than guess.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from armswatch.catalog import DATA, FIXED_GROUPS, Catalog
from armswatch.catalog import load as load_catalog
from armswatch.errors import CatalogError

LatLon = tuple[float, float]


@dataclass(frozen=True, slots=True)
class Geo:
    """Points by party id, [latitude, longitude] in decimal degrees."""

    states: Mapping[str, LatLon]
    groups: Mapping[str, LatLon]


def _points(table: Any, where: str) -> dict[str, LatLon]:
    if not isinstance(table, dict):
        raise CatalogError(f"geo.toml: [{where}] must be a table of ID = [lat, lon]")
    out: dict[str, LatLon] = {}
    for key, value in table.items():
        if not (isinstance(value, list) and len(value) == 2 and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)):
            raise CatalogError(f"geo.toml [{where}] {key}: must be [lat, lon] in decimal degrees")
        lat, lon = float(value[0]), float(value[1])
        if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
            raise CatalogError(f"geo.toml [{where}] {key}: [{lat}, {lon}] is off the globe; latitude comes first")
        out[key] = (lat, lon)
    return out


@functools.cache
def load_geo(directory: Path = DATA) -> Geo:
    """Read and validate geo.toml against the catalog in the same directory; cached like `catalog.load`."""
    path = directory / "geo.toml"
    try:
        with path.open("rb") as f:
            raw = tomllib.load(f)
    except FileNotFoundError as exc:
        raise CatalogError(f"{path}: missing coordinates file; reinstall armswatch") from exc
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError(f"geo.toml: not valid TOML ({exc}); fix the file") from exc
    states = _points(raw.get("state", {}), "state")
    groups = _points(raw.get("group", {}), "group")
    catalog = load_catalog(directory)
    missing = sorted({s.id for s in catalog.states} - states.keys())
    if missing:
        raise CatalogError(f"geo.toml: no coordinates for states {', '.join(missing)}; add their capitals")
    unknown = sorted((states.keys() - catalog.state_by_id.keys()) | (groups.keys() - {g.id for g in catalog.groups}))
    if unknown:
        raise CatalogError(f"geo.toml: unknown ids {', '.join(unknown)}; use ids from states.toml and groups.toml")
    absent = sorted(set(FIXED_GROUPS) - groups.keys())
    if absent:
        raise CatalogError(f"geo.toml: no seat for fixed actors {', '.join(absent)}; add them under [group]")
    return Geo(states=MappingProxyType(states), groups=MappingProxyType(groups))


def locate(party: str | None, geo: Geo, catalog: Catalog) -> LatLon | None:
    """A party's point: a state's capital, a group's seat or its country's capital; None when it has no place."""
    if party is None:
        return None
    if party in geo.states:
        return geo.states[party]
    if party in geo.groups:
        return geo.groups[party]
    group = next((g for g in catalog.groups if g.id == party), None)
    if group is not None:
        return geo.states.get(group.country)
    return None

"""exports/: every format written and read back; catalog.geo: a point for every party."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
from pathlib import Path
from typing import Any

import networkx as nx
import pyarrow.parquet as pq
import pytest

from armswatch.catalog import FIXED_GROUPS, load
from armswatch.catalog.geo import load_geo, locate
from armswatch.contract import FIELDS
from armswatch.errors import UsageError
from armswatch.events import resolve
from armswatch.exports import FORMATS, SUFFIXES, csvfile, export, register
from armswatch.exports.common import open_text
from armswatch.model import ClaimRecord, Event
from armswatch.store.base import StoredClaim
from tests.test_events import rec

CATALOG = load()

R_ORDER = rec(
    type="order", system="Shahed-136", date="2022-08", quantity=2400, doc="o1", outlet="reuters", text="Russia ordered 2,400 Shahed-136."
)
R_COPY = rec(
    type="order",
    system="Shahed-136",
    date="2022-08",
    quantity=2400,
    doc="o2",
    outlet="yahoo",
    original="o1",
    published=dt.date(2023, 3, 2),
    text="Russia ordered 2,400 Shahed-136.",
)
R_DELIVERED = rec(
    system="Shahed-136",
    date="2022-09",
    quantity=400,
    stance="claimed",
    attributed_to="ISW",
    doc="t1",
    outlet="ap",
    published=dt.date(2022, 10, 1),
    text="ISW said Iran delivered 400 Shahed-136.",
)
R_DENIED = rec(
    system="Shahed-136",
    date="2022",
    stance="denied",
    doc="t2",
    outlet="irna",
    outlet_kind="state media",
    outlet_state="IRN",
    text="Iran denied sending Shahed drones.",
)
R_AGREEMENT = rec(type="agreement", supplier="IRN", recipient="BOL", category=None, date="2023-07", doc="a1", outlet="efe")
R_HOUTHIS = rec(recipient="Houthis", category="missile", doc="h1", outlet="bbc", quantity=None)
R_UNNAMED = rec(supplier=None, recipient="SDN", doc="u1", outlet="bbc")
R_SANCTION = rec(type="sanction", by="USA", doc="s1", outlet="voa")
RECORDS = [R_ORDER, R_COPY, R_DELIVERED, R_DENIED, R_AGREEMENT, R_HOUTHIS, R_UNNAMED, R_SANCTION]
EVENTS = resolve(RECORDS)
OWNER = {cid: e.id for e in EVENTS for cid in e.claim_ids}
CLAIMS = [
    StoredClaim(
        record=r,
        event_id=OWNER[r.id],
        url=f"https://news.example/{r.claim.evidence.doc_id}",
        title=f"Story {r.claim.evidence.doc_id}",
        outlet_name=(r.outlet or "").upper(),
    )
    for r in RECORDS
]


def event_of(record: ClaimRecord) -> Event:
    return next(e for e in EVENTS if e.id == OWNER[record.id])


# -- geo -------------------------------------------------------------------------


def test_geo_has_a_capital_for_every_state_and_a_seat_for_every_fixed_actor() -> None:
    geo = load_geo()
    assert set(geo.states) == {s.id for s in CATALOG.states}
    assert set(FIXED_GROUPS) <= set(geo.groups)
    for lat, lon in [*geo.states.values(), *geo.groups.values()]:
        assert -90 <= lat <= 90 and -180 <= lon <= 180
        assert round(lat, 2) == lat and round(lon, 2) == lon


@pytest.mark.parametrize(
    ("party", "near"),
    [("IRN", (35.7, 51.4)), ("RUS", (55.8, 37.6)), ("USA", (38.9, -77.0)), ("Houthis", (15.4, 44.2)), ("Polisario", (27.7, -8.2))],
)
def test_geo_points_are_where_the_capitals_are(party: str, near: tuple[float, float]) -> None:
    point = locate(party, load_geo(), CATALOG)
    assert point is not None
    assert math.dist(point, near) < 0.2


def test_geo_group_without_a_seat_sits_at_its_countrys_capital_and_bodies_nowhere() -> None:
    geo = load_geo()
    assert locate("Islamic State", geo, CATALOG) == geo.states["SYR"]
    assert locate("EU", geo, CATALOG) is None
    assert locate(None, geo, CATALOG) is None


# -- dispatch and streams --------------------------------------------------------


def test_exports_formats_listed_and_unknown_format_refused(tmp_path: Path) -> None:
    assert set(FORMATS) == {"csv", "jsonl", "parquet", "graphml", "geojson", "register"}
    assert set(SUFFIXES) == set(FORMATS)
    with pytest.raises(UsageError, match="unknown export format 'xls'"):
        export("xls", EVENTS, CLAIMS, CATALOG, tmp_path / "x")


@pytest.mark.parametrize("fmt", FORMATS)
def test_exports_write_to_a_binary_stream_and_leave_it_open(fmt: str) -> None:
    buf = io.BytesIO()
    export(fmt, EVENTS, CLAIMS, CATALOG, buf)
    assert not buf.closed
    assert len(buf.getvalue()) > 100


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f != "parquet"])
def test_exports_text_formats_write_to_a_text_stream(fmt: str) -> None:
    buf = io.StringIO()
    export(fmt, EVENTS, CLAIMS, CATALOG, buf)
    assert not buf.closed and buf.getvalue()


def test_exports_parquet_refuses_a_text_stream_without_a_buffer() -> None:
    with pytest.raises(UsageError, match="binary"):
        export("parquet", EVENTS, CLAIMS, CATALOG, io.StringIO())


def test_exports_open_text_keeps_the_callers_text() -> None:
    buf = io.BytesIO()
    with open_text(buf) as f:
        f.write("Tehran → Moscow\n")
    assert buf.getvalue().decode("utf-8") == "Tehran → Moscow\n"


# -- each format read back -------------------------------------------------------


def test_exports_csv_one_row_per_event_with_first_evidence(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    export("csv", EVENTS, CLAIMS, CATALOG, path)
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        assert tuple(reader.fieldnames or ()) == csvfile.COLUMNS
        rows = {r["id"]: r for r in reader}
    assert set(rows) == {e.id for e in EVENTS}
    order = rows[event_of(R_ORDER).id]
    assert (order["claims"], order["outlets"], order["evidence_outlet"]) == ("2", "1", "REUTERS")
    assert order["evidence_text"] == "Russia ordered 2,400 Shahed-136."
    assert order["evidence_url"] == "https://news.example/o1"
    transfer = rows[event_of(R_DELIVERED).id]
    assert transfer["contested"] == "true"
    assert transfer["stances"] == "claimed:1;denied:1"
    assert transfer["evidence_published"] == "2022-10-01"
    assert rows[event_of(R_UNNAMED).id]["supplier"] == ""


def test_exports_jsonl_events_with_claims_in_the_contract(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    export("jsonl", EVENTS, CLAIMS, CATALOG, path)
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [d["id"] for d in lines] == [e.id for e in EVENTS]
    for d in lines:
        assert [c["id"] for c in d["claims"]] == d["claim_ids"]
        for c in d["claims"]:
            assert set(FIELDS) <= set(c)
            assert {"url", "outlet", "published", "status"} <= set(c)
    order = next(d for d in lines if d["id"] == event_of(R_ORDER).id)
    assert order["stances"] == {"asserted": 2}
    assert order["claims"][0]["evidence"]["doc_id"] in {"o1", "o2"}
    assert order["year"] == 2022 and order["system"] == "Shahed-136"


def test_exports_parquet_directory_holds_events_and_claims_tables(tmp_path: Path) -> None:
    out = tmp_path / "tables"
    export("parquet", EVENTS, CLAIMS, CATALOG, out)
    events = pq.read_table(out / "events.parquet").to_pylist()
    claims = pq.read_table(out / "claims.parquet").to_pylist()
    assert {e["id"] for e in events} == {e.id for e in EVENTS}
    assert len(claims) == len(RECORDS)
    ids = {e["id"] for e in events}
    assert all(c["event_id"] in ids for c in claims)
    order = next(c for c in claims if c["id"] == R_ORDER.id)
    assert (order["quantity"], order["date"], order["published"]) == (2400, "2022-08", dt.date(2023, 3, 1))
    assert next(e for e in events if e["id"] == event_of(R_DENIED).id)["contested"] is True


def test_exports_parquet_single_file_nests_the_claims(tmp_path: Path) -> None:
    buf = io.BytesIO()
    export("parquet", EVENTS, CLAIMS, CATALOG, buf)
    table = pq.read_table(io.BytesIO(buf.getvalue()))
    rows = table.to_pylist()
    assert sum(len(r["claim_records"]) for r in rows) == len(RECORDS)
    path = tmp_path / "all.parquet"
    export("parquet", EVENTS, CLAIMS, CATALOG, path)
    assert pq.read_table(path).num_rows == len(EVENTS)


def test_exports_graphml_network_of_actors(tmp_path: Path) -> None:
    path = tmp_path / "net.graphml"
    export("graphml", EVENTS, CLAIMS, CATALOG, path)
    g = nx.read_graphml(path)
    assert isinstance(g, nx.DiGraph)
    assert g.nodes["IRN"] == {"label": "Iran", "kind": "state"}
    assert g.nodes["Houthis"]["kind"] == "armed group"
    irn_rus: dict[str, Any] = g.edges["IRN", "RUS"]
    assert (irn_rus["events"], irn_rus["order"], irn_rus["transfer"], irn_rus["sanction"], irn_rus["contested"]) == (3, 1, 1, 1, 1)
    assert g.edges["IRN", "BOL"]["agreement"] == g.edges["BOL", "IRN"]["agreement"] == 1
    assert g.graph["events_not_drawn"] == 1
    assert "SDN" not in g


def test_exports_geojson_one_line_per_dyad_between_capitals(tmp_path: Path) -> None:
    path = tmp_path / "dyads.geojson"
    export("geojson", EVENTS, CLAIMS, CATALOG, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    features = {f["id"]: f for f in data["features"]}
    assert set(features) == {"IRN->RUS", "IRN->Houthis", "BOL->IRN"}
    for f in data["features"]:
        assert f["geometry"]["type"] == "LineString"
        coords = f["geometry"]["coordinates"]
        assert len(coords) == 2 and all(-180 <= lon <= 180 and -90 <= lat <= 90 for lon, lat in coords)
        assert f["properties"]["count"] == len(f["properties"]["event_ids"]) == len(f["properties"]["events"])
    irn_rus = features["IRN->RUS"]
    assert irn_rus["geometry"]["coordinates"] == [[51.39, 35.69], [37.62, 55.76]]
    assert irn_rus["properties"]["types"] == {"order": 1, "sanction": 1, "transfer": 1}
    assert irn_rus["properties"]["contested"] == 1
    assert data["unlocated"] == [{"supplier": None, "recipient": "SDN", "event_ids": [event_of(R_UNNAMED).id]}]


def test_exports_geojson_agreement_joins_the_direction_with_other_events() -> None:
    transfer = rec(supplier="IRN", recipient="BOL", doc="b1")
    events = resolve([R_AGREEMENT, transfer])
    buf = io.StringIO()
    export("geojson", events, [], CATALOG, buf)
    features = json.loads(buf.getvalue())["features"]
    assert [f["id"] for f in features] == ["IRN->BOL"]
    assert features[0]["properties"]["types"] == {"agreement": 1, "transfer": 1}


def test_exports_register_lines_by_dyad_and_designation(tmp_path: Path) -> None:
    path = tmp_path / "register.csv"
    export("register", EVENTS, CLAIMS, CATALOG, path)
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        assert tuple(reader.fieldnames or ()) == register.COLUMNS
        rows = list(reader)
    assert [(r["supplier_id"], r["recipient_id"], r["designation"]) for r in rows] == [
        ("", "SDN", "drone"),
        ("IRN", "Houthis", "missile"),
        ("IRN", "RUS", "Shahed-136"),
    ]
    shahed = rows[2]
    assert (shahed["supplier"], shahed["recipient"], shahed["description"]) == ("Iran", "Russia", "loitering munition")
    assert (shahed["number_ordered"], shahed["year_of_order"], shahed["years_of_delivery"], shahed["number_delivered"]) == (
        "2400",
        "2022",
        "2022",
        "400",
    )
    assert shahed["status"] == "contested"
    assert "according to ISW" in shahed["comments"] and "denied 1" in shahed["comments"]
    assert shahed["sources"] == "AP; IRNA; REUTERS; YAHOO"
    assert "https://news.example/o1" in shahed["urls"].split(" ")
    assert shahed["claims"] == "4"
    assert rows[1]["status"] == "delivered" and rows[1]["description"] == "missile"


@pytest.mark.parametrize(
    ("stances", "status"),
    [(("asserted",), "ordered"), (("planned",), "planned"), (("denied",), "denied"), (("negated", "planned"), "planned")],
)
def test_exports_register_status_from_stances(stances: tuple[str, ...], status: str) -> None:
    records = [
        rec(type="order", system="Bayraktar TB2", supplier="TUR", recipient="ALB", stance=s, doc=f"d{i}") for i, s in enumerate(stances)
    ]
    (line,) = register.lines(resolve(records), [])
    assert register.row(line, CATALOG)["status"] == status


def test_exports_register_years_of_delivery_as_runs() -> None:
    records = [rec(supplier="TUR", recipient="ALB", system="Bayraktar TB2", date=y, doc=y) for y in ("2021", "2023", "2024")]
    (line,) = register.lines(resolve(records), [])
    assert register.row(line, CATALOG)["years_of_delivery"] == "2021; 2023-2024"

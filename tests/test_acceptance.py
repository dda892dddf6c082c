"""Issue 2's acceptance article: every dyad with the right type, the MoU contested, nothing invented."""

from __future__ import annotations

import json
from collections.abc import Callable

from tests.conftest import DATA, jsonl


def _key(c: dict) -> tuple[str, str | None, str | None, str, str | None]:
    s, r = c["supplier"], c["recipient"]
    if c["type"] == "agreement":
        s, r = sorted([s, r])
    return (c["type"], s, r, c["stance"], c.get("by"))


def test_acceptance_iran_drone_exports_article(cli: Callable[..., object]) -> None:
    article = DATA / "iran_drone_exports.txt"
    expected = {_key(c) for c in json.loads((DATA / "iran_drone_exports.expected.json").read_text())}
    res = cli("extract", str(article), "--published", "2023-07-31", "--json")
    assert res.exit_code == 0
    got = {_key(c) for c in jsonl(res.stdout)}
    assert expected <= got, sorted(expected - got)
    dyads = {(t, s, r) for t, s, r, _, _ in expected}
    assert {(t, s, r) for t, s, r, _, _ in got} <= dyads, "invented dyads"
    mou = {st for t, s, r, st, _ in got if t == "agreement" and {s, r} == {"BOL", "IRN"}}
    assert {"claimed", "denied"} <= mou

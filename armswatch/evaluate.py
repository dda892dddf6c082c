"""Scoring against annotated sentences, exactly as ONTOLOGY.md "How accuracy is scored" says.

- A claim's key is (type, supplier, recipient); the pair is unordered for `agreement`.
- Per item, the set of predicted keys is matched with the set of gold keys;
  a gold event's `alt_type` also counts as its type. True positives, false
  positives and misses are summed over items (micro average); per-type
  tables credit the gold type.
- An item is its `context` and `text` joined by one space, as one document;
  claims whose evidence lies wholly in the context are not scored.
- Stance is right when it equals the gold `stance` or `alt_stance`, over
  matched claims. system, target, by, category and attributed_to are scored
  as attributes of matched claims.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from armswatch.errors import GoldFormatError
from armswatch.model import Claim, EventType

TYPES = [t.value for t in EventType]
Key = tuple[str, str | None, str | None]


@dataclass(frozen=True, slots=True)
class GoldItem:
    id: str
    text: str
    context: str | None
    source: str | None
    published: dt.date | None
    events: tuple[dict[str, Any], ...]


@dataclass
class Miss:
    item: str
    kind: str  # "miss" or "false alarm", or "stance" or "system" of a matched claim
    key: Key
    detail: str
    text: str


@dataclass
class Report:
    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)
    stance_right: int = 0
    stance_total: int = 0
    attrs: dict[str, list[int]] = field(
        default_factory=lambda: {k: [0, 0] for k in ("system", "category", "target", "by", "attributed_to")}
    )
    errors: list[Miss] = field(default_factory=list)
    items: int = 0

    @staticmethod
    def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    def overall(self) -> tuple[float, float, float]:
        return self.prf(sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values()))

    def stance_accuracy(self) -> float:
        return self.stance_right / self.stance_total if self.stance_total else 0.0

    def as_dict(self) -> dict[str, Any]:
        p, r, f = self.overall()
        return {
            "items": self.items,
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(f, 4),
            "tp": sum(self.tp.values()),
            "fp": sum(self.fp.values()),
            "fn": sum(self.fn.values()),
            "stance_accuracy": round(self.stance_accuracy(), 4),
            "stance_matched": self.stance_total,
            "attributes": {
                k: {"right": v[0], "of": v[1], "accuracy": round(v[0] / v[1], 4) if v[1] else None} for k, v in self.attrs.items()
            },
            "by_type": {
                t: dict(
                    zip(("precision", "recall", "f1"), (round(x, 4) for x in self.prf(self.tp[t], self.fp[t], self.fn[t])), strict=True)
                )
                | {"tp": self.tp[t], "fp": self.fp[t], "fn": self.fn[t]}
                for t in TYPES
            },
        }


def part_of(source: str | None) -> str:
    """Which half of a set an item belongs to, by its source's site: "seen" to tune on, "unseen" to judge by."""
    src = source or ""
    site = src.split("/")[2] if src.count("/") >= 2 else src
    return "unseen" if int(hashlib.sha256(site.encode()).hexdigest(), 16) % 2 else "seen"


def read_gold(path: Path) -> Iterator[GoldItem]:
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                d = json.loads(line)
                published = dt.date.fromisoformat(d["published"]) if d.get("published") else None
                events = tuple(d["events"])
                for e in events:
                    if e["type"] not in TYPES:
                        raise ValueError(f"unknown type {e['type']!r}")
                yield GoldItem(str(d["id"]), d["text"], d.get("context"), d.get("source"), published, events)
            except (json.JSONDecodeError, KeyError, ValueError, TypeError) as exc:
                raise GoldFormatError(f"{path}:{n}: not an evaluation item ({exc}); see ONTOLOGY.md") from exc


def checksum(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def key_of(type_: str, supplier: str | None, recipient: str | None) -> Key:
    if type_ == EventType.AGREEMENT.value:
        a, b = sorted([supplier or "", recipient or ""])
        return (type_, a or None, b or None)
    return (type_, supplier, recipient)


def _same_source(pred: str | None, gold: str | None) -> bool:
    if not pred or not gold:
        return pred == gold
    p, g = pred.lower(), gold.lower()
    return p in g or g in p or bool(set(p.split()) & set(g.replace("(", " ").replace(")", " ").split()) - {"the", "and", "of"})


@dataclass(frozen=True, slots=True)
class ItemScore:
    """How one item's keys matched: what the error classifier (diagnose.py) needs."""

    gold: tuple[Key, ...]
    predicted: dict[Key, str]  # key -> rule id of its first claim
    matched_gold: frozenset[Key]
    matched_pred: frozenset[Key]


def score_item(item: GoldItem, claims: Iterable[Claim], context_len: int, report: Report) -> ItemScore:
    scored = [c for c in claims if not c.inferred and c.evidence.end > context_len]
    preds: dict[Key, list[Claim]] = {}
    for c in scored:
        preds.setdefault(key_of(c.type.value, c.supplier, c.recipient), []).append(c)
    golds: dict[Key, dict[str, Any]] = {}
    for e in item.events:
        golds.setdefault(key_of(e["type"], e.get("supplier"), e.get("recipient")), e)
    used: set[Key] = set()
    matched_gold: set[Key] = set()
    for gkey, e in golds.items():
        options = [gkey]
        if e.get("alt_type"):
            options.append(key_of(e["alt_type"], e.get("supplier"), e.get("recipient")))
        match = next((k for k in options if k in preds and k not in used), None)
        if match is None:
            report.fn[e["type"]] += 1
            report.errors.append(Miss(item.id, "miss", gkey, f"stance {e.get('stance')}", item.text))
            continue
        used.add(match)
        matched_gold.add(gkey)
        report.tp[e["type"]] += 1
        claims_for = preds[match]
        ok: set[str] = {v for v in (e.get("stance"), e.get("alt_stance")) if isinstance(v, str)}
        report.stance_total += 1
        if any(c.stance.value in ok for c in claims_for):
            report.stance_right += 1
        else:
            report.errors.append(
                Miss(
                    item.id,
                    "stance",
                    gkey,
                    f"gold {'/'.join(sorted(ok))}, got {claims_for[0].stance.value} ({claims_for[0].rule_id})",
                    item.text,
                )
            )
        c0 = claims_for[0]
        for attr in ("system", "category", "target", "by"):
            gold_value = e.get(attr)
            if attr == "system" and gold_value is None:
                continue
            if attr in ("target", "by") and gold_value is None and getattr(c0, attr) is None:
                continue
            report.attrs[attr][1] += 1
            got = getattr(c0, attr)
            got = got.value if hasattr(got, "value") else got
            if (
                any((getattr(c, attr).value if hasattr(getattr(c, attr), "value") else getattr(c, attr)) == gold_value for c in claims_for)
                or got == gold_value
            ):
                report.attrs[attr][0] += 1
            elif attr == "system":
                report.errors.append(Miss(item.id, "system", gkey, f"gold {gold_value}, got {got} ({c0.rule_id})", item.text))
        report.attrs["attributed_to"][1] += 1
        if any(_same_source(c.attributed_to, e.get("attributed_to")) for c in claims_for):
            report.attrs["attributed_to"][0] += 1
    for pkey, cs in preds.items():
        if pkey not in used:
            report.fp[pkey[0]] += 1
            report.errors.append(Miss(item.id, "false alarm", pkey, f"{cs[0].stance.value} ({cs[0].rule_id})", item.text))
    report.items += 1
    return ItemScore(tuple(golds), {k: cs[0].rule_id for k, cs in preds.items()}, frozenset(matched_gold), frozenset(used))

"""Why the extractor missed a claim or raised a false alarm: error classes for `armswatch eval --errors`.

Each miss and false alarm of an evaluation item gets one cause, the first that applies:

    wrong direction    the same type and parties, the other way round
    wrong type         the same parties, another type
    list handling      a sibling of a list was found (same type and supplier, or recipient), this one not
    negative item      a claim on an item annotated as holding none
    reference          a party is named only in the context sentence, or only by a pointer ("the two countries")
    catalog gap        a party the text names is not matched by the catalog at all
    sentence split     the item's parties fall into different sentences of our splitter
    no cue             no cue word of the lexicon in the sentence
    party not found    the parties and a cue are there, but no frame joined them (or joined the wrong ones)

The classes point at the component to work on: rules, catalog, lexicon, references or splitting.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from armswatch.claims import Extractor, _DocState
from armswatch.ingest import make_document
from armswatch.model import MentionKind
from armswatch.nlp.sentences import split_sentences

Key = tuple[str, str | None, str | None]


@dataclass(frozen=True, slots=True)
class Diagnosis:
    item: str
    kind: str  # "miss" or "false alarm"
    key: Key
    cause: str
    rule: str
    text: str


def _parties_named(extractor: Extractor, text: str) -> list[set[str]]:
    """For each sentence of the text, the parties its mentions stand for (actors, origins, systems' origins)."""
    doc = make_document(text)
    state = _DocState(doc, split_sentences(doc.text))
    out: list[set[str]] = []
    for k in range(len(state.sentences)):
        a = extractor.analyse(state, k)
        found: set[str] = set()
        for m in a.mentions:
            if m.kind in (MentionKind.ACTOR, MentionKind.ORIGIN):
                found.add(m.value)
            elif m.kind in (MentionKind.SYSTEM, MentionKind.WEAPON) and m.origin:
                found.add(m.origin)
        out.append(found)
    return out


def _has_cue(extractor: Extractor, text: str) -> bool:
    doc = make_document(text)
    state = _DocState(doc, split_sentences(doc.text))
    return any(extractor._triggers(extractor.analyse(state, k)) for k in range(len(state.sentences)))


def classify(
    extractor: Extractor,
    item_id: str,
    text: str,
    context: str | None,
    gold: Iterable[Key],
    predicted: dict[Key, str],
    matched_gold: set[Key],
    matched_pred: set[Key],
) -> list[Diagnosis]:
    """Causes for every unmatched gold key (miss) and predicted key (false alarm) of one item."""
    gold = list(gold)
    out: list[Diagnosis] = []
    named_text = _parties_named(extractor, text)
    in_text = set().union(*named_text) if named_text else set()
    in_context = set().union(*_parties_named(extractor, context)) if context else set()
    cue = _has_cue(extractor, text)

    def parties_cause(s: str | None, r: str | None) -> str | None:
        wanted = {p for p in (s, r) if p}
        missing = wanted - in_text
        if missing and missing <= in_context:
            return "reference"
        if missing:
            return "catalog gap"
        if len(named_text) > 1 and not any(wanted <= sent for sent in named_text):
            return "sentence split"
        if not cue:
            return "no cue"
        return None

    for g in gold:
        if g in matched_gold:
            continue
        t, s, r = g
        if (t, r, s) in predicted:
            cause = "wrong direction"
        elif any(p[0] != t and {p[1], p[2]} == {s, r} for p in predicted):
            cause = "wrong type"
        elif any(m[0] == t and (m[1] == s or m[2] == r) for m in matched_gold):
            cause = "list handling"
        else:
            cause = parties_cause(s, r) or "party not found"
        out.append(Diagnosis(item_id, "miss", g, cause, "", text))
    for p, rule in predicted.items():
        if p in matched_pred:
            continue
        t, s, r = p
        if not gold:
            cause = "negative item"
        elif (t, r, s) in gold:
            cause = "wrong direction"
        elif any(g[0] != t and {g[1], g[2]} == {s, r} for g in gold):
            cause = "wrong type"
        elif any(g[0] == t and (g[1] == s or g[2] == r) for g in gold):
            cause = "list handling" if any(m[0] == t for m in matched_gold) else "party not found"
        else:
            cause = "party not found"
        out.append(Diagnosis(item_id, "false alarm", p, cause, rule, text))
    return out


def summary(diagnoses: Iterable[Diagnosis]) -> Counter[tuple[str, str]]:
    return Counter((d.kind, d.cause) for d in diagnoses)

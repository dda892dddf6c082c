"""Evidence sentences cut into plain-text segments at their matched spans, for highlighting.

The page wraps each segment with a role in <mark> through the template, and
Jinja escapes every segment's text, so no markup is ever built by joining
strings of document text: a sentence holding "<script>" stays text.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from armswatch.model import Evidence
from armswatch.serve.schemas import Segment


def segments(evidence: Evidence) -> list[Segment]:
    """The sentence in pieces: every span boundary cuts it; a piece inside spans takes the innermost span's role.

    Spans are document offsets (the extract contract); those outside the
    sentence, or empty, are ignored rather than trusted.
    """
    text, base = evidence.text, evidence.start
    spans = [(max(s - base, 0), min(e - base, len(text)), role) for s, e, role in evidence.spans]
    spans = [(s, e, role) for s, e, role in spans if s < e]
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    out: list[Segment] = []
    for lo, hi in itertools.pairwise(cuts):
        role = _innermost(spans, lo, hi)
        if out and out[-1].role == role and role is None:
            out[-1] = Segment(text=out[-1].text + text[lo:hi])
        else:
            out.append(Segment(text=text[lo:hi], role=role))
    return out


def _innermost(spans: Sequence[tuple[int, int, str]], lo: int, hi: int) -> str | None:
    covering = [(e - s, role) for s, e, role in spans if s <= lo and hi <= e]
    return min(covering)[1] if covering else None

"""Claims -> Events across documents: merge, independent outlets, corroboration, contested.

Pure functions, no I/O: the store passes in every claim of the type+dyad
groups a batch touches and stores what comes back.

- `resolve` (resolve.py): records -> events, order-independent.
- periods.py: the span of days an ISO 8601 claim date covers.
- corroboration.py: independent outlets and the 0..1 corroboration score.
- contested.py: ONTOLOGY.md's contested flag across the events of a group.
- keys.py: stable ids of claims and events.
"""

from __future__ import annotations

from armswatch.events.corroboration import corroboration, independent_outlets
from armswatch.events.keys import claim_id, event_id, event_key, group_key
from armswatch.events.periods import Period, claim_period, parse_period
from armswatch.events.resolve import group_records, resolve

__all__ = [
    "Period",
    "claim_id",
    "claim_period",
    "corroboration",
    "event_id",
    "event_key",
    "group_key",
    "group_records",
    "independent_outlets",
    "parse_period",
    "resolve",
]

from __future__ import annotations

import armswatch


def test_api_public_names_are_pinned() -> None:
    assert sorted(armswatch.__all__) == sorted(
        ["Category", "Claim", "Document", "Event", "EventType", "Evidence", "Stance", "__version__", "extract"]
    )


def test_api_extract_returns_claims_with_evidence() -> None:
    [claim] = armswatch.extract("Iran has supplied drones to Russia.", published="2023-07-31", label="note")
    assert (claim.type, claim.supplier, claim.recipient) == (armswatch.EventType.TRANSFER, "IRN", "RUS")
    assert claim.evidence.doc == "note" and claim.evidence.text == "Iran has supplied drones to Russia."

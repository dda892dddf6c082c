"""The errors armswatch raises, each saying what went wrong and what to do next.

ArmswatchError
├── CatalogError        a catalog data file is malformed (file, entry, problem)
├── InputError          one input cannot be read; the batch skips it and goes on
│   ├── EmptyInput
│   ├── BinaryInput
│   ├── UndecodableInput
│   └── TooLargeInput
├── GoldFormatError     an evaluation file is not in the ONTOLOGY.md format
├── SinkError           an alert sink (webhook, mail, file) refused an alert after its retries
└── UsageError          the command was called wrongly (exit code 2)
    └── RuleError       a watchlist rule cannot be used (file, rule, remedy)
"""

from __future__ import annotations


class ArmswatchError(Exception):
    """Base of every error armswatch raises on purpose."""


class CatalogError(ArmswatchError):
    """A catalog data file is malformed."""


class InputError(ArmswatchError):
    """One input cannot be read. The message is one line: 'label: reason; skipped'."""

    reason = "unreadable"

    def __init__(self, label: str, detail: str = "") -> None:
        self.label = label
        self.detail = detail or self.reason
        super().__init__(f"{label}: {self.detail}; skipped")


class EmptyInput(InputError):
    reason = "empty (no text)"


class BinaryInput(InputError):
    reason = "binary content (not text)"


class UndecodableInput(InputError):
    reason = "not valid text in UTF-8, UTF-16, Windows-1252 or Latin-1"


class TooLargeInput(InputError):
    reason = "over the size limit"


class GoldFormatError(ArmswatchError):
    """An evaluation file does not follow the ONTOLOGY.md format."""


class UsageError(ArmswatchError):
    """The command was called wrongly."""


class RuleError(UsageError):
    """A watchlist rule that cannot be used; the message names the file, the rule and what to do."""


class SinkError(ArmswatchError):
    """A sink refused an alert after its retries; the message is one line."""

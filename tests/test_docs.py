"""Docs change with the code: the command reference is generated, and every setting read is documented."""

from __future__ import annotations

import re
from pathlib import Path

from armswatch.clidoc import SETTINGS, render

ROOT = Path(__file__).resolve().parents[1]


def test_docs_cli_reference_is_current() -> None:
    assert (ROOT / "docs" / "cli.md").read_text() == render(), "run: python -m armswatch.clidoc > docs/cli.md"


def test_docs_every_setting_read_is_documented() -> None:
    read = set()
    for path in (ROOT / "armswatch").rglob("*.py"):
        read.update(re.findall(r"ARMSWATCH_[A-Z_]+", path.read_text()))
    read.discard("ARMSWATCH_TEST_PG")
    assert read <= set(SETTINGS), sorted(read - set(SETTINGS))
    readme = (ROOT / "README.md").read_text()
    assert all(name in readme for name in read), sorted(n for n in read if n not in readme)

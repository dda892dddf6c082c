"""Shared fixtures. Inputs are hand-built; the tiny catalog holds fictional states."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from armswatch.catalog import Catalog, load
from armswatch.claims import Extractor
from armswatch.ingest import make_document
from armswatch.model import Claim

DATA = Path(__file__).parent / "data"
SHARED_EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return Extractor()


@pytest.fixture(scope="session")
def tiny_catalog() -> Catalog:
    return load(DATA / "tiny_catalog")


@pytest.fixture(scope="session")
def tiny_extractor(tiny_catalog: Catalog) -> Extractor:
    return Extractor(catalog=tiny_catalog)


def keys(claims: list[Claim]) -> set[str]:
    """Claims as 'type supplier recipient stance', the agreement pair sorted."""
    out = set()
    for c in claims:
        s, r = c.supplier, c.recipient
        if c.type.value == "agreement":
            s, r = sorted([s or "", r or ""])
        out.add(f"{c.type.value} {s} {r} {c.stance.value}")
    return out


@pytest.fixture(scope="session")
def extract_keys(extractor: Extractor) -> Callable[..., set[str]]:
    def run(text: str, published: str | None = None) -> set[str]:
        pub = dt.date.fromisoformat(published) if published else None
        return keys(extractor.extract(make_document(text, published=pub)))

    return run


@pytest.fixture()
def cli() -> Callable[..., object]:
    from armswatch.cli import app

    runner = CliRunner()

    def run(*args: str, env: dict[str, str] | None = None) -> object:
        return runner.invoke(app, list(args), env=env, catch_exceptions=False)

    return run


def jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]

"""Shared fixtures. Inputs are hand-built; the tiny catalog holds fictional states."""

from __future__ import annotations

import datetime as dt
import json
import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from armswatch.catalog import Catalog, load
from armswatch.claims import Extractor
from armswatch.ingest import make_document
from armswatch.model import Claim
from armswatch.store import SqlStore, open_store
from armswatch.store.engine import engine_url

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


PG_ENV = "ARMSWATCH_TEST_PG"
PG_SKIP = f"set {PG_ENV} to a PostgreSQL URL to run the PostgreSQL store tests"
StoreFactory = Callable[[], SqlStore]


def _pg_url(schema: str) -> str:
    base = sa.make_url(engine_url(os.environ[PG_ENV]))
    return base.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def make_store(request: pytest.FixtureRequest, tmp_path: Any) -> Iterator[StoreFactory]:
    """Makes empty, upgraded stores of one dialect (a file each, or a schema each), removed after."""
    made: list[SqlStore] = []
    schemas: list[str] = []
    admin: sa.Engine | None = None
    if request.param == "postgres":
        if not os.environ.get(PG_ENV):
            pytest.skip(PG_SKIP)
        admin = sa.create_engine(engine_url(os.environ[PG_ENV]))

    def make() -> SqlStore:
        if admin is None:
            url = str(tmp_path / f"store{len(made)}.db")
        else:
            schema = f"test_{uuid.uuid4().hex[:12]}"
            with admin.begin() as conn:
                conn.execute(sa.schema.CreateSchema(schema))
            schemas.append(schema)
            url = _pg_url(schema)
        store = open_store(url)
        store.upgrade()
        made.append(store)
        return store

    yield make
    for store in made:
        store.close()
    if admin is not None:
        with admin.begin() as conn:
            for schema in schemas:
                conn.execute(sa.schema.DropSchema(schema, cascade=True))
        admin.dispose()


@pytest.fixture()
def store(make_store: StoreFactory) -> SqlStore:
    return make_store()


def jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


# -- the dashboard -------------------------------------------------------------------------

SAMPLE = Path(__file__).resolve().parents[1] / "armswatch" / "samples" / "corpus"
XSS_TITLE = '<script>alert("title")</script>'
XSS_TEXT = (
    'Iran has supplied Shahed-136 drones to Russia <script>alert(1)</script> and "><img src=x onerror=alert(1)>, '
    "the ministry said on Monday. Nothing else happened."
)


def write_xss_article(folder: Path) -> Path:
    """A JSON Lines article whose title, text and link try to inject markup, with an arms sentence so it yields a claim."""
    path = folder / "xss.jsonl"
    path.write_text(
        json.dumps(
            {
                "text": XSS_TEXT,
                "title": XSS_TITLE,
                "outlet": '"><b>Evil Outlet</b>',
                "url": "javascript:alert(1)",
                "published": "2021-02-03",
            }
        )
        + "\n"
    )
    return path


def ingest_into(store: SqlStore, sources: list[str], extractor: Extractor) -> None:
    from armswatch.config import Settings
    from armswatch.pipeline import ingest

    ingest(sources, store, Settings.from_env(db=store.url), extractor=extractor)


@pytest.fixture(scope="session", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def sample_store_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, extractor: Extractor) -> Iterator[str]:
    """A store holding the sample corpus and the XSS article, for read-only tests (one per dialect and session)."""
    folder = tmp_path_factory.mktemp("served")
    schema = None
    if request.param == "postgres":
        if not os.environ.get(PG_ENV):
            pytest.skip(PG_SKIP)
        schema = f"test_{uuid.uuid4().hex[:12]}"
        admin = sa.create_engine(engine_url(os.environ[PG_ENV]))
        with admin.begin() as conn:
            conn.execute(sa.schema.CreateSchema(schema))
        url = _pg_url(schema)
    else:
        url = str(folder / "sample.db")
    store = open_store(url)
    store.upgrade()
    ingest_into(store, [str(SAMPLE), str(write_xss_article(folder))], extractor)
    store.close()
    yield url
    if schema is not None:
        with admin.begin() as conn:
            conn.execute(sa.schema.DropSchema(schema, cascade=True))
        admin.dispose()


REVIEW_ARTICLES = (
    {
        "text": "Iran has supplied Shahed-136 drones to Russia, officials in Kyiv said.",
        "outlet": "Harbour Post",
        "url": "https://harbour.example/a",
        "published": "2022-10-20",
    },
    {
        "text": "Russia has received more Shahed-136 drones from Iran, according to a Western intelligence assessment.",
        "outlet": "Lake Times",
        "url": "https://lake.example/b",
        "published": "2022-10-22",
    },
    {
        "text": "Turkey has delivered six Bayraktar TB2 drones to Poland, the Polish defence ministry said.",
        "outlet": "Inland Wire",
        "url": "https://inland.example/c",
        "published": "2023-05-02",
    },
)


@pytest.fixture()
def review_store(make_store: StoreFactory, tmp_path: Path, extractor: Extractor) -> SqlStore:
    """A small store for write tests: one event of two claims (IRN -> RUS) and one of one (TUR -> POL)."""
    path = tmp_path / "review.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in REVIEW_ARTICLES))
    store = make_store()
    ingest_into(store, [str(path)], extractor)
    return store

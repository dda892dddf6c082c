"""Hostile input through `armswatch ingest`, as a user would run it: a few hundred seeded bad files after a good corpus.

DESIGN.md ("Bad input") promises: each bad item skipped with a one-line reason, the batch goes on, nothing
already stored is lost or duplicated. The command runs in a subprocess so a traceback on stderr, or a
crash that typer's runner would swallow, fails the test. The extractor is then run on the same files: a
claim's offsets stay inside the text and its evidence is the slice they name, whatever the text holds.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa

from armswatch.claims import Extractor
from armswatch.config import Settings
from armswatch.errors import InputError
from armswatch.ingest.sources import iter_documents
from armswatch.store import open_store
from armswatch.store.schema import DIGEST_EXCLUDED, metadata
from tests import hostile

CI_COUNT = 300  # hostile files in CI (plus the long line and the long document); about 20 s of ingest
SLOW_COUNT = 2_000
SEED = 8
TIMEOUT = 900


@dataclass
class Run:
    """One `armswatch ingest` over the hostile folder: its exit code and stderr."""

    code: int
    stderr: str


def _ingest(source: Path, db: Path, env: dict[str, str] | None = None) -> Run:
    done = subprocess.run(
        [sys.executable, "-m", "armswatch", "ingest", str(source), "--db", str(db), "--top", "0"],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env={**os.environ, **(env or {})},
    )
    return Run(done.returncode, done.stderr)


def _rows_digest(db: Path, doc_ids: set[str]) -> str:
    """sha256 of the good documents' rows (documents, their bands, their claims), leaving out what a later document
    may rightly change: insertion order, and which event a claim belongs to (new evidence can merge events)."""
    store = open_store(str(db))
    digest = hashlib.sha256()
    skip = {
        "documents": DIGEST_EXCLUDED["documents"],
        "claims": DIGEST_EXCLUDED["claims"] | {"event_id", "status"},
        "doc_bands": frozenset(),
    }
    with store.engine.connect() as conn:  # type: ignore[attr-defined]
        for name, key, order in (("documents", "id", "id"), ("doc_bands", "doc_id", "band"), ("claims", "doc_id", "id")):
            table = metadata.tables[name]
            cols = [c for c in table.columns if c.name not in skip[name]]
            rows = conn.execute(sa.select(*cols).where(table.c[key].in_(sorted(doc_ids))).order_by(table.c[key], table.c[order]))
            for row in rows:
                digest.update(json.dumps([str(v) for v in row], ensure_ascii=False).encode() + b"\n")
    store.close()
    return digest.hexdigest()


def _doc_ids(db: Path) -> set[str]:
    store = open_store(str(db))
    with store.engine.connect() as conn:  # type: ignore[attr-defined]
        ids = set(conn.execute(sa.select(metadata.tables["documents"].c.id)).scalars())
    store.close()
    return ids


@dataclass
class Hostile:
    """A store that held a good corpus and then took the hostile folder, with what the test needs to judge it."""

    folder: Path
    files: list[Path]
    db: Path
    good_ids: set[str]
    good_digest: str
    first: Run
    second: Run
    digest_after_first: dict[str, str]
    digest_after_second: dict[str, str]


def _hostile(tmp: Path, count: int, slow: bool) -> Hostile:
    from armswatch.bench.corpus import write_corpus

    good = write_corpus(tmp / "good.jsonl", 60, "jsonl", seed=3)
    db = tmp / "h.db"
    setup = _ingest(good, db)
    assert setup.code == 0, setup.stderr
    good_ids = _doc_ids(db)
    good_digest = _rows_digest(db, good_ids)
    folder = tmp / "hostile"
    files = hostile.write_hostile(folder, count, seed=SEED, slow=slow)
    first = _ingest(folder, db)
    store = open_store(str(db))
    after_first = store.table_digest()
    store.close()
    second = _ingest(folder, db)
    store = open_store(str(db))
    after_second = store.table_digest()
    store.close()
    return Hostile(folder, files, db, good_ids, good_digest, first, second, after_first, after_second)


@pytest.fixture(scope="module")
def ci_run(tmp_path_factory: pytest.TempPathFactory) -> Hostile:
    return _hostile(tmp_path_factory.mktemp("hostile"), CI_COUNT, slow=False)


def _check(run: Hostile) -> None:
    for r in (run.first, run.second):
        assert r.code in (0, 1), r.stderr[-3000:]
        assert "Traceback" not in r.stderr and "please report this as an armswatch bug" not in r.stderr, r.stderr[-3000:]
    # Every line on stderr is a skip (one line: label, reason) or the closing summary; nothing else leaks out.
    prefix = str(run.folder) + os.sep
    lines = run.first.stderr.splitlines()
    summary = next(i for i, line in enumerate(lines) if line.startswith("read "))
    skip_lines = [line for line in lines[:summary] if line]  # the CLI leaves one blank line before its summary
    assert all(line.startswith(prefix) for line in skip_lines), [line for line in skip_lines if not line.startswith(prefix)][:5]
    assert skip_lines, "hostile input with nothing skipped: the generator lost its teeth"
    for line in skip_lines:
        assert re.match(rf"^{re.escape(prefix)}\S+: \S.*$", line), line
    store = open_store(str(run.db))
    skipped = store.skipped(limit=100_000)
    store.close()
    assert skipped and all("\n" not in s.reason and "\r" not in s.reason and s.reason.strip() for s in skipped)
    assert len(skip_lines) == sum(1 for s in skipped if s.stage == "read" or s.label.startswith(prefix))
    # Nothing lost: the good corpus's rows are as they were; nothing doubled: the rerun changed no table.
    assert _rows_digest(run.db, run.good_ids) == run.good_digest
    assert run.digest_after_second == run.digest_after_first
    # XXE: no entity reached a document, so no line of /etc/passwd is in the store
    store = open_store(str(run.db))
    with store.engine.connect() as conn:  # type: ignore[attr-defined]
        texts = conn.execute(sa.select(metadata.tables["documents"].c.text)).scalars().all()
    store.close()
    assert not any("root:x:0:0" in (t or "") for t in texts)
    assert not any("lollollol" in (t or "") for t in texts)


def test_hostile_ingest_skips_in_one_line_loses_and_doubles_nothing(ci_run: Hostile) -> None:
    assert len(ci_run.files) == CI_COUNT + 2
    _check(ci_run)


def _documents(files: list[Path]) -> Iterator[tuple[Path, object]]:
    settings = Settings.from_env()
    for path in files:
        for item in iter_documents([str(path)], settings):
            yield path, item


def test_hostile_extractor_offsets_inside_and_evidence_is_its_slice(ci_run: Hostile, extractor: Extractor) -> None:
    seen = claims = 0
    for path, item in _documents(ci_run.files):
        if isinstance(item, InputError):
            assert "\n" not in str(item), path
            continue
        seen += 1
        for claim in extractor.extract(item):  # type: ignore[arg-type]
            claims += 1
            text = item.text  # type: ignore[attr-defined]
            ev = claim.evidence
            assert 0 <= ev.start <= ev.end <= len(text), path
            assert text[ev.start : ev.end] == ev.text, path
            for s, e, _role in ev.spans:
                assert ev.start <= s < e <= ev.end, path
            assert claim.supplier is None or claim.supplier != claim.recipient
    assert seen > 50 and claims > 20


@pytest.mark.parametrize("name", hostile.TRICKY_NAMES)
def test_hostile_invisible_characters_in_country_names_invent_no_party(extractor: Extractor, name: str) -> None:
    """A zero-width or bidi control inside a name may hide the name from the matcher, but never makes it another
    country, and the offsets still point at the words."""
    from armswatch.ingest import make_document

    doc = make_document(f"{name} has supplied Shahed-136 drones to Russia, officials said.")
    for claim in extractor.extract(doc):
        assert {claim.supplier, claim.recipient} <= {"IRN", "RUS", None}
        assert doc.text[claim.evidence.start : claim.evidence.end] == claim.evidence.text


@pytest.mark.slow
def test_hostile_slow_thousands_with_a_100_mb_line(tmp_path: Path) -> None:
    """The slow run: 2,000 hostile files, a 100 MB single line (refused over the 25 MB text limit) and a document of
    50,000 sentences."""
    run = _hostile(tmp_path, SLOW_COUNT, slow=True)
    assert len(run.files) == SLOW_COUNT + 2
    _check(run)


def test_hostile_lone_surrogate_in_json_lines_is_replaced_not_fatal(tmp_path: Path) -> None:
    """A JSON escape for a lone surrogate once crashed the id hash and ended the file; the records after it must stay."""
    from armswatch.ingest.text import read_path

    path = tmp_path / "s.jsonl"
    path.write_text('{"text": "Iran \\ud800 sent drones.", "title": "\\udfff"}\n{"text": "Next record."}\n')
    first, second = list(read_path(path, "s.jsonl", 1 << 20))
    assert not isinstance(first, InputError) and "\ufffd" in first.text and first.title == "\ufffd"
    assert not isinstance(second, InputError) and second.text == "Next record."


def test_hostile_sentence_longer_than_spacy_max_length_is_tokenised_in_windows() -> None:
    """A 1.2 MB run without a full stop once made spaCy raise and stop the ingest; its tokens keep document offsets."""
    from armswatch.model import Sentence
    from armswatch.nlp.pipeline import tokenize

    text = "drone " * 200_000 + "Iran"
    tokens = tokenize(Sentence(0, 7, 7 + len(text), text))
    assert len(tokens) == 200_001 and tokens[-1].text == "Iran"
    assert all(text[t.start - 7 : t.end - 7] == t.text for t in tokens[::997] + tokens[-3:])

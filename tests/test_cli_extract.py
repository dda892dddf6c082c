"""`armswatch extract`: the JSON Lines contract, labels, bad input and exit codes."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from pathlib import Path

from armswatch.contract import FIELDS
from tests.conftest import jsonl

TEXT = "Iran has supplied drones to Russia, the ministry said last week.\n"


def test_extract_json_follows_the_contract(cli: Callable[..., object], tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text(TEXT)
    res = cli("extract", str(f), "--json", "--published", "2023-07-31")
    assert res.exit_code == 0, res.output
    [claim] = jsonl(res.stdout)
    assert set(claim) == set(FIELDS)
    assert (claim["type"], claim["supplier"], claim["recipient"], claim["stance"]) == ("transfer", "IRN", "RUS", "claimed")
    assert claim["date"] == "2023-W30" and claim["date_text"] == "last week"
    ev = claim["evidence"]
    assert ev["doc"] == str(f) and ev["sentence"] == 0 and ev["text"] == TEXT.strip()
    assert set(ev) == {"doc", "doc_id", "sentence", "start", "end", "text", "spans"}
    assert all(0 <= s < e <= len(TEXT) for s, e, _ in ev["spans"])


def test_extract_labels_records_of_a_jsonl_file(cli: Callable[..., object], tmp_path: Path) -> None:
    f = tmp_path / "items.jsonl"
    rows = [{"text": "Nothing here."}, {"text": TEXT, "published": "2023-07-31"}]
    f.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    res = cli("extract", str(f), "--json")
    assert res.exit_code == 0
    [claim] = jsonl(res.stdout)
    assert claim["evidence"]["doc"] == f"{f}#2" and claim["date"] == "2023-W30"


def test_extract_reads_gzip(cli: Callable[..., object], tmp_path: Path) -> None:
    f = tmp_path / "a.txt.gz"
    f.write_bytes(gzip.compress(TEXT.encode()))
    res = cli("extract", str(f), "--json")
    assert res.exit_code == 0 and len(jsonl(res.stdout)) == 1


def test_extract_decodes_windows_1252(cli: Callable[..., object], tmp_path: Path) -> None:
    f = tmp_path / "cp.txt"
    f.write_bytes("Türkiye’s Baykar delivered TB2 drones to Poland.".encode("cp1252"))
    res = cli("extract", str(f), "--json")
    assert res.exit_code == 0
    assert [(c["supplier"], c["recipient"]) for c in jsonl(res.stdout)] == [("TUR", "POL")]


def test_extract_bad_inputs_are_skipped_with_one_line_each(cli: Callable[..., object], tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(TEXT)
    binary = tmp_path / "image.txt"
    binary.write_bytes(bytes(range(256)) * 3)
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n")
    big = tmp_path / "big.txt"
    big.write_text("word " * 400)
    broken = tmp_path / "broken.txt.gz"
    broken.write_bytes(gzip.compress(TEXT.encode())[:20])
    missing = tmp_path / "missing.txt"
    bad_lines = tmp_path / "bad.jsonl"
    bad_lines.write_text('{"text": "Iran sent drones to Russia."}\nnot json\n{"title": "no text"}\n')
    res = cli(
        "extract",
        str(binary),
        str(empty),
        str(good),
        str(big),
        str(broken),
        str(missing),
        str(bad_lines),
        "--json",
        env={"ARMSWATCH_MAX_TEXT_BYTES": "1000"},
    )
    assert res.exit_code == 1
    claims = jsonl(res.stdout)
    assert {c["evidence"]["doc"] for c in claims} == {str(good), f"{bad_lines}#1"}
    lines = [line for line in res.stderr.splitlines() if line.strip()]
    reasons = {line.split(":", 1)[0]: line for line in lines if "skipped" in line and not line.endswith("input(s) skipped")}
    assert "binary" in reasons[str(binary)]
    assert "empty" in reasons[str(empty)]
    assert "limit" in reasons[str(big)]
    assert "gzip" in reasons[str(broken)]
    assert "unreadable" in reasons[str(missing)]
    assert "JSON" in reasons[f"{bad_lines}#2"] and "text" in reasons[f"{bad_lines}#3"]
    assert lines[-1] == "7 input(s) skipped"


def test_extract_usage_error_exits_2(cli: Callable[..., object], tmp_path: Path) -> None:
    assert cli("extract").exit_code == 2
    f = tmp_path / "a.txt"
    f.write_text(TEXT)
    assert cli("extract", str(f), "--published", "yesterday").exit_code == 2


def test_extract_table_without_json(cli: Callable[..., object], tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text(TEXT)
    res = cli("extract", str(f))
    assert res.exit_code == 0 and "transfer" in res.stdout and "IRN" in res.stdout

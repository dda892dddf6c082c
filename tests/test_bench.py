"""The benchmark harness: a deterministic corpus, arms sentences the rules answer to, pages and WARCs, every stage, `armswatch bench --json`.

Speeds are reported by `armswatch bench`, never asserted here (DESIGN.md, "Targets").
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import armswatch
from armswatch.bench import groups as bench_groups
from armswatch.bench import load_corpus, parse_size
from armswatch.bench import run as bench_run
from armswatch.bench.corpus import arms_sentences, generate_articles, generated_corpus, write_corpus
from armswatch.bench.pages import render_page, write_warc
from armswatch.cli import app
from armswatch.ingest.html import read_html
from armswatch.ingest.warc import read_warc
from armswatch.model import Document
from armswatch.nlp.sentences import split_sentences

KEYS = {"id", "title", "outlet", "url", "published", "text"}


def test_bench_corpus_same_seed_same_articles() -> None:
    assert list(generate_articles(12, seed=7)) == list(generate_articles(12, seed=7))
    assert list(generate_articles(12, seed=7)) != list(generate_articles(12, seed=8))


def test_bench_corpus_smaller_corpus_is_a_prefix() -> None:
    assert list(generate_articles(5, seed=3)) == list(generate_articles(9, seed=3))[:5]


@pytest.mark.parametrize("n", [0, 1, 17])
def test_bench_corpus_gives_the_number_of_articles_asked(n: int) -> None:
    articles = list(generate_articles(n))
    assert len(articles) == n
    assert all(set(a) == KEYS and a["text"].strip() for a in articles)
    assert len({a["id"] for a in articles}) == n


def test_bench_corpus_articles_are_8_to_25_sentences() -> None:
    for a in generate_articles(60, seed=1):
        assert 8 <= len(split_sentences(a["text"])) <= 25, a["text"]


def test_bench_corpus_arms_sentences_yield_claims() -> None:
    sentences = arms_sentences(60, seed=2)
    with_claims = [s for s in sentences if armswatch.extract(s)]
    assert len(with_claims) >= len(sentences) // 3


def test_bench_corpus_mixes_arms_and_other_news() -> None:
    """Some sentences of a generated article make claims, most do not."""
    text = "\n\n".join(a["text"] for a in generate_articles(30, seed=4))
    sentences = split_sentences(text)
    claimed = {c.evidence.sentence for c in armswatch.extract(text)}
    assert 0 < len(claimed) < len(sentences) / 2


def test_bench_corpus_generated_reaches_its_size() -> None:
    corpus = generated_corpus(0.05)
    assert corpus.bytes >= 50_000
    assert corpus.bytes - len(corpus.texts[-1].encode()) < 50_000


@pytest.mark.parametrize("fmt", ["txt", "jsonl"])
def test_bench_corpus_written_reads_back(tmp_path: Path, fmt: str) -> None:
    target = tmp_path / ("corpus.jsonl" if fmt == "jsonl" else "corpus")
    write_corpus(target, 6, fmt, seed=5)
    corpus = load_corpus(target)
    assert [t.strip() for t in corpus.texts] == [a["text"] for a in generate_articles(6, seed=5)]


@pytest.mark.parametrize(("text", "mb"), [("5MB", 5.0), ("0.2MB", 0.2), ("500KB", 0.5), ("1GB", 1000.0), ("3", 3.0), ("2 mb", 2.0)])
def test_bench_parse_size(text: str, mb: float) -> None:
    assert parse_size(text) == pytest.approx(mb)


@pytest.mark.parametrize("text", ["", "MB", "-1MB", "0MB", "5 parsecs"])
def test_bench_parse_size_refuses_nonsense(text: str) -> None:
    with pytest.raises(ValueError):
        parse_size(text)


def test_bench_cli_json_reports_baseline_extraction_and_ratio() -> None:
    args = ["bench", "--size", "0.2MB", "--repeat", "1", "--stages", "baseline,extraction", "--json"]
    result = CliRunner().invoke(app, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    baseline, extraction = figures["stages"]["baseline"], figures["stages"]["extraction"]
    for stage in (baseline, extraction):
        for key in ("mb_per_s", "documents_per_s", "sentences_per_s", "words_per_s"):
            assert isinstance(stage[key], float) and stage[key] > 0, key
    assert extraction["claims"] > 0
    assert figures["ratio"] > 0 and figures["ratio"] == figures["ratios"]["extraction"]["best"]
    assert figures["peak_rss_mb"] > 0
    assert {"python", "spacy", "cpu_count"} <= set(figures["machine"])


def test_bench_cli_measures_a_given_corpus(tmp_path: Path) -> None:
    path = write_corpus(tmp_path / "given.jsonl", 4, "jsonl")
    args = ["bench", "--corpus", str(path), "--repeat", "1", "--stages", "extraction,html", "--json"]
    result = CliRunner().invoke(app, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures["corpus"]["documents"] == 4
    assert figures["stages"]["html"]["pages_with_text"] == 4  # the given records' titles, outlets and dates made the pages


def test_bench_corpus_keeps_article_metadata(tmp_path: Path) -> None:
    generated = generated_corpus(0.01)
    assert set(generated.record(0)) == KEYS and generated.record(0)["text"] == generated.texts[0]
    given = load_corpus(write_corpus(tmp_path / "given.jsonl", 3, "jsonl"))
    assert [given.record(i) for i in range(3)] == [dict(a) for a in generate_articles(3)]
    bare = load_corpus(write_corpus(tmp_path / "bare", 2, "txt"))
    assert set(bare.record(1)) == {"id", "text"}


@pytest.mark.parametrize("i", [0, 1, 2])
def test_bench_page_reads_back_as_its_article(i: int) -> None:
    """The rendered page gives our reader the article's text (after its headline), title, outlet and date; trafilatura finds the text too."""
    import trafilatura

    record = generated_corpus(0.01).record(i)
    page = render_page(record)
    doc = read_html(page.encode(), "page", url=record["url"])
    assert doc.text.split() == f"{record['title']} {record['text']}".split()  # the headline, then the paragraphs; no boilerplate
    assert (doc.title, doc.outlet, str(doc.published)) == (record["title"], record["outlet"], record["published"])
    extracted = trafilatura.extract(page, include_comments=False, with_metadata=False)
    assert extracted is not None and record["text"].split("\n\n")[0] in extracted


def test_bench_warc_generator_writes_a_readable_warc(tmp_path: Path) -> None:
    written = write_warc(tmp_path / "bench.warc.gz", 0.05, seed=3)
    assert written.bytes == written.path.stat().st_size >= 50_000 and written.records > 10
    docs = [d for d in read_warc(written.path, "w", 1 << 20) if isinstance(d, Document)]
    assert len(docs) == written.records
    assert [d.title for d in docs[:3]] == [a["title"] for a in generate_articles(3, seed=3)]


def _positive_rates(stage: dict[str, object]) -> None:
    for key in ("mb_per_s", "mb_per_s_median", "documents_per_s", "documents_per_s_median"):
        value = stage[key]
        assert isinstance(value, float) and value > 0, key
    assert stage["same_counts_every_run"] is True


def test_bench_ingest_stages_report_articles_per_second_and_speedup() -> None:
    result = bench_run(0.05, repeat=1, stages=["ingest_jsonl"])
    stages = result["stages"]
    assert list(stages) == ["ingest_jsonl", "ingest_jsonl_w2", "ingest_jsonl_w2_warm", "ingest_jsonl_dask"]
    documents = result["corpus"]["documents"]
    for stage in stages.values():
        _positive_rates(stage)
        assert stage["read"] == stage["stored"] == documents and stage["claims"] > 0
    assert {stages[s]["claims"] for s in stages} == {stages["ingest_jsonl"]["claims"]}  # workers change speed, not results
    start = stages["ingest_jsonl_w2_warm"]["pool_start_s"]
    assert start["best"] > 0 and len(start["runs"]) == 1
    assert stages["ingest_jsonl_dask"]["cluster_start_and_warmup_s"]["best"] > 0
    for name in ("ingest_jsonl_w2", "ingest_jsonl_w2_warm", "ingest_jsonl_dask"):
        ratio = result["ratios"][name]
        assert ratio["baseline"] == "ingest_jsonl" and ratio["best"] > 0 and ratio["op"] == (">=" if name.endswith("dask") else ">")
        assert len(ratio["per_round"]) == 1 and ratio["per_round_median"] == pytest.approx(ratio["best"])
    [floor] = [t for t in result["targets"] if t["figure"] == "documents/s"]
    assert floor["stage"] == "ingest_jsonl" and floor["target"] == 500 and floor["measured"] > 0


def test_bench_html_stages_report_pages_per_second_and_ratio() -> None:
    result = bench_run(0.05, repeat=1, stages=["html"])
    stages = result["stages"]
    assert list(stages) == ["html_trafilatura", "html", "html_ingest"]
    documents = result["corpus"]["documents"]
    for stage in stages.values():
        _positive_rates(stage)
        assert stage["html_bytes"] > result["corpus"]["mb"] * 1e6 and stage["html_mb_per_s"] > 0
    assert stages["html_trafilatura"]["pages_with_text"] == stages["html"]["pages_with_text"] == documents
    assert stages["html"]["claims"] == stages["html_ingest"]["claims"] > 0
    assert stages["html_ingest"]["stored"] == documents
    ratio = result["ratios"]["html"]
    assert ratio["baseline"] == "html_trafilatura" and ratio["target"] == 0.7 and ratio["best"] > 0
    assert [t["stage"] for t in result["targets"]] == ["html"]


def test_bench_stage_names_select_groups_with_their_baselines() -> None:
    assert bench_groups()[:4] == ["baseline", "extraction", "ingest_jsonl", "html"]
    result = bench_run(0.02, repeat=1, stages=["extraction"])
    assert list(result["stages"]) == ["baseline", "extraction"]
    with pytest.raises(ValueError, match="unknown bench stage"):
        bench_run(0.02, repeat=1, stages=["warp"])


def test_bench_cli_unknown_stage_is_a_usage_error() -> None:
    result = CliRunner().invoke(app, ["bench", "--size", "0.02MB", "--stages", "warp"])
    assert result.exit_code == 2


def test_bench_warc_memory_is_measured_in_a_child_process() -> None:
    result = bench_run(stages=[], warc_mb=0.05)
    warc = result["warc"]
    assert result["stages"] == {} and warc["exit_code"] == 0
    assert warc["documents_read"] == warc["documents_stored"] == warc["records"] > 10
    assert warc["peak_rss_mb"] > 0 and warc["documents_per_s"] > 0 and warc["claims"] > 0
    assert warc["meets_target"] is None  # the target is stated for a 1 GB archive
    [target] = result["targets"]
    assert target["stage"] == "warc" and target["op"] == "<" and target["target"] == 500


def test_bench_cli_bad_size_is_a_usage_error() -> None:
    result = CliRunner().invoke(app, ["bench", "--size", "lots"])
    assert result.exit_code == 2


def test_bench_cli_table_shows_every_stage_and_the_targets() -> None:
    result = CliRunner().invoke(app, ["bench", "--size", "0.02MB", "--repeat", "1", "--stages", "extraction,html"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    for text in ("baseline", "html_trafilatura", "html_ingest", "targets (DESIGN.md)", ">= 0.7", "storing (files read"):
        assert text in result.stdout, text


def test_bench_child_peak_is_its_own_not_the_bench_process(tmp_path: Path) -> None:
    # A child's ru_maxrss keeps the high-water mark of the image it had before exec; started from the bench
    # process itself it would report the bench's memory. The launcher keeps that out.
    from armswatch.bench.memory import _run_child

    ballast = b"x" * 250_000_000  # the bench process holding a corpus
    code, _wall, peak = _run_child([sys.executable, "-c", "pass"], tmp_path / "stderr")
    assert code == 0 and peak is not None and len(ballast) > 0
    assert peak < 100

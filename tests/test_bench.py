"""The benchmark harness: a deterministic corpus, arms sentences the rules answer to, and `armswatch bench --json`.

Speeds are reported by `armswatch bench`, never asserted here (DESIGN.md, "Targets").
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import armswatch
from armswatch.bench import load_corpus, parse_size
from armswatch.bench.corpus import arms_sentences, generate_articles, generated_corpus, write_corpus
from armswatch.cli import app
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
    result = CliRunner().invoke(app, ["bench", "--size", "0.2MB", "--repeat", "1", "--json"], catch_exceptions=False)
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
    result = CliRunner().invoke(app, ["bench", "--corpus", str(path), "--repeat", "1", "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["corpus"]["documents"] == 4


def test_bench_cli_bad_size_is_a_usage_error() -> None:
    result = CliRunner().invoke(app, ["bench", "--size", "lots"])
    assert result.exit_code == 2

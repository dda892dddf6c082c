"""The stages `armswatch bench` can time, in one registry.

A stage is prepared once, outside the clock (models built, catalog loaded,
a few documents run to warm caches and import lazily loaded code), and then
timed over the whole corpus. A stage may name a baseline stage and a target
ratio to it: targets in DESIGN.md are ratios to a reference tool measured
side by side, because absolute times drift on shared machines. A stage may
also have a floor in documents/s where DESIGN.md states one (ingest: 500
articles/s). Stages belong to a group, the unit `--stages` selects: the
ingest group times one process, two cold and two warm workers, the HTML
group trafilatura beside our reader. The ingest and HTML stages live in
stages_ingest.py and stages_html.py and register here the same way.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from armswatch.bench.corpus import Corpus
from armswatch.config import Settings

if TYPE_CHECKING:
    from armswatch.claims import Extractor

__all__ = ["STAGES", "WARMUP_DOCUMENTS", "Prepared", "Stage", "groups", "register", "shared_extractor"]

#: Documents each stage runs before timing starts.
WARMUP_DOCUMENTS = 20


@dataclass(frozen=True)
class Prepared:
    """A stage ready to time: `run` processes a corpus and returns what it counted on the way."""

    run: Callable[[Corpus], dict[str, int]]
    #: Figures about the corpus counted outside the clock, when counting inside would add work the stage does not do.
    counts: Mapping[str, int] = field(default_factory=dict)
    #: Called before every timed round, outside the clock (a fresh store, a pool started); returns the seconds it measured, by name.
    before: Callable[[], Mapping[str, float]] | None = None
    #: Called after every timed round, outside the clock (the store closed, the pool stopped).
    after: Callable[[], None] | None = None
    #: Called once after the last round (temporary files removed).
    close: Callable[[], None] | None = None


@dataclass(frozen=True)
class Stage:
    name: str
    title: str
    prepare: Callable[[Corpus, Settings], Prepared]
    baseline: str | None = None  # the stage this one's throughput is compared with
    target: float | None = None  # the ratio to the baseline that DESIGN.md asks for
    group: str = ""  # what --stages names; the stage's own name when empty
    strict: bool = False  # the ratio must exceed the target ("more with a second worker"), not merely reach it
    min_documents_per_s: float | None = None  # a floor DESIGN.md states in documents (articles, pages) per second


#: Every stage, in the order a round runs them (a baseline before the stages compared with it).
STAGES: dict[str, Stage] = {}


def register(
    name: str,
    title: str,
    *,
    baseline: str | None = None,
    target: float | None = None,
    group: str = "",
    strict: bool = False,
    min_documents_per_s: float | None = None,
) -> Callable[[Callable[[Corpus, Settings], Prepared]], Callable[[Corpus, Settings], Prepared]]:
    """Add a stage to the registry; used as a decorator on its prepare function."""

    def add(prepare: Callable[[Corpus, Settings], Prepared]) -> Callable[[Corpus, Settings], Prepared]:
        if name in STAGES:
            raise ValueError(f"bench stage {name!r} is registered twice")
        if baseline is not None and baseline not in STAGES:
            raise ValueError(f"bench stage {name!r}: register its baseline {baseline!r} first")
        STAGES[name] = Stage(name, title, prepare, baseline, target, group or name, strict, min_documents_per_s)
        return prepare

    return add


def groups() -> list[str]:
    """The names `--stages` takes, in round order."""
    return list(dict.fromkeys(st.group for st in STAGES.values()))


@functools.cache
def shared_extractor(model: str) -> Extractor:
    """One extractor for every stage of a run: building one takes a second or two and a lot of memory."""
    from armswatch.claims import Extractor

    return Extractor(model=model)


@register("baseline", "spaCy blank English tokenizer + sentencizer")
def _baseline(corpus: Corpus, settings: Settings) -> Prepared:
    # The reference is spaCy itself, so this is the one place outside armswatch.nlp that imports it.
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")

    def run(c: Corpus) -> dict[str, int]:
        sentences = tokens = 0
        for doc in nlp.pipe(c.texts):
            tokens += len(doc)
            for _sent in doc.sents:
                sentences += 1
        return {"sentences": sentences, "tokens": tokens}

    run(corpus.head(WARMUP_DOCUMENTS))
    return Prepared(run)


@register("extraction", "armswatch extraction: make_document + Extractor.extract", baseline="baseline", target=0.5)
def _extraction(corpus: Corpus, settings: Settings) -> Prepared:
    from armswatch.ingest import make_document
    from armswatch.nlp.sentences import split_sentences

    extractor = shared_extractor(settings.spacy_model)

    def run(c: Corpus) -> dict[str, int]:
        extract = extractor.extract
        claims = 0
        for label, text in zip(c.labels, c.texts):
            claims += len(extract(make_document(text, label)))
        return {"claims": claims}

    run(corpus.head(WARMUP_DOCUMENTS))
    # Counted apart: extract() splits every document already, and splitting twice would slow the stage being timed.
    sentences = sum(len(split_sentences(t)) for t in corpus.texts)
    return Prepared(run, {"sentences": sentences})

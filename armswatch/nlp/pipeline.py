"""The spaCy pipeline: a blank English tokeniser, built once per process.

This package is the only one that imports spaCy. A trained pipeline can be
named with ARMSWATCH_SPACY_MODEL; armswatch only uses its tokeniser, so the
rules behave the same either way.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass

import spacy
from spacy.attrs import IDX, IS_SPACE, LENGTH
from spacy.language import Language

from armswatch.model import Sentence


@functools.cache
def get_nlp(model: str = "") -> Language:
    if model:
        return spacy.load(model, exclude=["parser", "ner", "lemmatizer", "tagger", "attribute_ruler", "tok2vec"])
    return spacy.blank("en")


@dataclass(slots=True, unsafe_hash=True)  # not frozen: a frozen dataclass costs three times as much to build, and
class Token:  # every sentence that passes the gate builds a few dozen; nothing changes a token once made
    text: str
    low: str  # lower case, curly quotes straightened
    key: str  # matching key: lower case, no diacritics, no hyphens or apostrophes
    start: int  # character offsets in the document
    end: int


_ATTRS = [IDX, LENGTH, IS_SPACE]
_FOLD = str.maketrans({"’": "'", "‘": "'", "ı": "i", "–": "-", "—": "-"})


@functools.lru_cache(maxsize=200_000)
def fold(text: str) -> tuple[str, str]:
    """(lower, key) for a token's text."""
    low = text.translate(_FOLD).lower()
    plain = low if low.isascii() else "".join(c for c in unicodedata.normalize("NFKD", low) if not unicodedata.combining(c))
    key = plain.replace("-", "").replace("'", "").replace(".", "") if len(plain) > 1 else plain
    return low, key


def tokenize(sentence: Sentence, model: str = "") -> list[Token]:
    """Tokens of one sentence, with document offsets.

    A "sentence" longer than spaCy's max_length (a megabyte line with no full stop, from a hostile or broken
    input) is tokenised in windows cut at whitespace: make_doc would raise on it and stop the whole ingest."""
    text = sentence.text
    nlp = get_nlp(model)
    tokens: list[Token] = []
    add = tokens.append
    for offset, chunk in _windows(text, nlp.max_length):
        base = sentence.start + offset
        for idx, length, space in nlp.make_doc(chunk).to_array(_ATTRS).tolist():
            if space:
                continue
            word = chunk[idx : idx + length]
            low, key = fold(word)
            s = base + idx
            add(Token(word, low, key, s, s + length))
    return tokens


def _windows(text: str, size: int) -> list[tuple[int, str]]:
    """`text` as (offset, piece) of at most `size` characters, each cut after whitespace when there is any."""
    if len(text) <= size:
        return [(0, text)]
    out = []
    start = 0
    while start < len(text):
        end = min(start + size, len(text))
        if end < len(text):
            cut = max(text.rfind(" ", start, end), text.rfind("\n", start, end))
            if cut > start:
                end = cut + 1
        out.append((start, text[start:end]))
        start = end
    return out


def tokenize_text(text: str, model: str = "") -> list[str]:
    """Token texts of a phrase, for building matcher patterns."""
    return [t.text for t in get_nlp(model).make_doc(text) if not t.is_space]

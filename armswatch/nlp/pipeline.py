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


@dataclass(frozen=True, slots=True)
class Token:
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
    """Tokens of one sentence, with document offsets."""
    text = sentence.text
    doc = get_nlp(model).make_doc(text)
    base = sentence.start
    tokens = []
    for idx, length, space in doc.to_array(_ATTRS).tolist():
        if space:
            continue
        word = text[idx : idx + length]
        low, key = fold(word)
        s = base + idx
        tokens.append(Token(word, low, key, s, s + length))
    return tokens


def tokenize_text(text: str, model: str = "") -> list[str]:
    """Token texts of a phrase, for building matcher patterns."""
    return [t.text for t in get_nlp(model).make_doc(text) if not t.is_space]

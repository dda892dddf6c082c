"""Sentence boundaries for news text.

A rule splitter over the raw string, not spaCy's sentencizer: it has to keep
"U.S.", "Gen.", "Jan." and "No." inside a sentence, treat a blank line (or a
line ending in a full stop) as a boundary, keep closing quotes with the
sentence they close, and run at the speed of a regular expression, since
every document passes through it whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from armswatch.model import Sentence

# Abbreviations that never end a sentence when followed by a capitalised word.
_TITLES = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "gen",
        "lt",
        "col",
        "maj",
        "capt",
        "cpt",
        "adm",
        "sgt",
        "cmdr",
        "cdr",
        "brig",
        "rep",
        "sen",
        "gov",
        "pres",
        "prof",
        "rev",
        "st",
        "no",
        "nos",
        "vs",
        "fr",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mt",
        "ft",
        "inc",
        "corp",
        "co",
        "ltd",
        "jr",
        "sr",
        "gens",
        "cols",
        "messrs",
        "approx",
        "est",
        "dept",
        "univ",
        "assn",
        "bros",
        "ave",
        "blvd",
        "fig",
        "op",
        "pp",
        "vol",
        "art",
    ]
)
# Abbreviations that can end a sentence ("supplied by the U.S. The deal ...").
_CAN_END = frozenset(["u.s", "u.k", "u.n", "e.u", "u.a.e", "u.s.a", "d.c", "a.m", "p.m", "etc"])
_STARTERS = frozenset(
    [
        "The",
        "A",
        "An",
        "It",
        "He",
        "She",
        "They",
        "We",
        "I",
        "In",
        "On",
        "At",
        "But",
        "And",
        "This",
        "That",
        "These",
        "Those",
        "Its",
        "His",
        "Her",
        "Their",
        "There",
        "However",
        "Meanwhile",
        "Last",
        "Earlier",
        "Later",
        "Since",
        "After",
        "Before",
        "When",
        "While",
        "According",
        "Officials",
    ]
)

_BOUNDARY = re.compile(r"""([.!?…]+)(["'”’)\]]*)(\s+)(?=["'“‘(\[]?[A-Z0-9\u00c0-\u024f])""")
_LINEBREAK = re.compile(r"[ \t]*\n\s*")


def _ends_sentence(text: str, stop: int, after: int) -> bool:
    """Whether the full stop ending at `stop` ends a sentence; the next sentence would start at `after`."""
    lo = max(0, stop - 20)
    k = stop
    while k > lo and (text[k - 1].isalnum() or text[k - 1] in "._"):
        k -= 1  # the run of word characters and full stops that ends here, as [\w.]+ would find it
    if k == stop:
        return True
    word = text[k:stop].rstrip(".").lower()
    if word in _CAN_END:
        return text[after : after + 12].split(" ", 1)[0].strip("\"'“‘([") in _STARTERS
    if word in _TITLES:
        return False
    # A single capital initial ("J. Smith"), or a dotted abbreviation ("e.g.").
    if len(word) == 1 and word.isalpha():
        return False
    return word not in ("e.g", "i.e", "cf")


def _line_ends(text: str) -> Iterator[int]:
    """Offsets where a line break separates two sentences (paragraphs, headlines)."""
    for m in _LINEBREAK.finditer(text):
        end = m.start()
        if end == 0 or text[end - 1] == "\n":
            continue
        line_start = text.rfind("\n", 0, end) + 1
        if m.group().count("\n") > 1 or text[end - 1] in '.!?:"”’)' or end - line_start < 120:
            yield end


def split_sentences(text: str) -> list[Sentence]:
    """Split `text` into sentences with their offsets; whitespace is trimmed."""
    cuts: list[int] = []
    for m in _BOUNDARY.finditer(text):
        stop = m.start(1)
        if m.group(1) == "." and not _ends_sentence(text, stop, m.end()):
            continue
        cuts.append(m.start(3))
    if "\n" in text:
        cuts.extend(_line_ends(text))
        cuts.sort()
    sentences: list[Sentence] = []
    start = 0
    for cut in [*cuts, len(text)]:
        if cut <= start:
            continue
        chunk = text[start:cut]
        trimmed = chunk.lstrip()
        body = trimmed.rstrip()
        if body:
            s = start + len(chunk) - len(trimmed)
            sentences.append(Sentence(len(sentences), s, s + len(body), body))
        start = cut
    return sentences

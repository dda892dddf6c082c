from __future__ import annotations

import datetime as dt

import pytest

from armswatch.catalog import load
from armswatch.model import MentionKind, Sentence
from armswatch.nlp.dates import find_dates
from armswatch.nlp.mentions import Matcher, compose
from armswatch.nlp.pipeline import tokenize
from armswatch.nlp.quantities import find_value, quantity_before
from armswatch.nlp.sentences import split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gen. Smith met U.S. officials on Jan. 5. The talks ended.", ["Gen. Smith met U.S. officials on Jan. 5.", "The talks ended."]),
        ("DUBAI (AP) — Iran said it sent drones. Russia denied it.", ["DUBAI (AP) — Iran said it sent drones.", "Russia denied it."]),
        ('"We supplied them." He said no more.', ['"We supplied them."', "He said no more."]),
        ("The deal was signed by the U.S. The drones came later.", ["The deal was signed by the U.S.", "The drones came later."]),
        ("Iran sends drones\n\nTehran said on Monday that it had.", ["Iran sends drones", "Tehran said on Monday that it had."]),
        ("It cost $3.5 million. No. 5 is J. Smith.", ["It cost $3.5 million.", "No. 5 is J. Smith."]),
    ],
)
def test_sentences_split_news_text(text: str, expected: list[str]) -> None:
    sents = split_sentences(text)
    assert [s.text for s in sents] == expected
    assert all(text[s.start : s.end] == s.text for s in sents)


def _mentions(text: str):
    cat = load()
    toks = tokenize(Sentence(0, 0, len(text), text))
    return compose(toks, Matcher.for_catalog(cat).raw(toks), cat, text, 0)


@pytest.mark.parametrize("apostrophe", ["'", "’"])
def test_mentions_possessive_office_is_one_actor(apostrophe: str) -> None:
    ms = _mentions(f"Bolivia{apostrophe}s defence minister Edmundo Novillo spoke.")
    actors = [m for m in ms if m.kind == MentionKind.ACTOR]
    assert actors[0].value == "BOL" and actors[0].role == "office"
    assert actors[0].text.endswith("Novillo")


def test_mentions_demonym_before_a_weapon_is_its_origin() -> None:
    ms = _mentions("Russia used Iranian-made Shahed-136 drones.")
    assert [(m.kind, m.value) for m in ms if m.kind == MentionKind.ORIGIN] == [(MentionKind.ORIGIN, "IRN")]
    assert any(m.kind == MentionKind.SYSTEM and m.value == "Shahed-136" for m in ms)


def test_mentions_acronyms_need_their_case() -> None:
    assert not [m for m in _mentions("Give us the drones.") if m.kind == MentionKind.ACTOR]
    assert [m.value for m in _mentions("The US sent drones.") if m.kind == MentionKind.ACTOR] == ["USA"]


def test_mentions_metonyms_and_unnamed_counterparts() -> None:
    ms = _mentions("The Kremlin and Tehran met; 22 countries want drones.")
    assert [m.value for m in ms if m.kind == MentionKind.ACTOR] == ["RUS", "IRN"]
    assert [m.text for m in ms if m.kind == MentionKind.UNNAMED] == ["22 countries"]


PUB = dt.date(2023, 7, 31)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("in October 2022", "2022-10"),
        ("on July 20", "2023-07-20"),
        ("since 2007", "2007/.."),
        ("between July 12-14", "2023-07-12/2023-07-14"),
        ("earlier this year", "2023"),
        ("last week", "2023-W30"),
        ("last month", "2023-06"),
        ("in the summer of 2022", "2022-06/2022-08"),
        ("between 2018 and 2020", "2018/2020"),
        ("on Apr.16, 2023", "2023-04-16"),
        ("on 5 March 2021", "2021-03-05"),
        ("on Tuesday", "2023-07-25"),
        ("three weeks ago", "2023-07-10"),
        ("in December", None),
    ],
)
def test_dates_resolve_against_publication(text: str, value: str | None) -> None:
    found = find_dates(text, PUB)
    if value is None:
        assert not found or found[0].value != "2023-12"
    else:
        assert found and found[0].value == value


def test_dates_relative_stay_null_without_publication() -> None:
    assert find_dates("last week", None)[0].value is None
    assert find_dates("in October 2022", None)[0].value == "2022-10"


@pytest.mark.parametrize(
    ("text", "head", "value", "words"),
    [
        ("Albania purchased three Bayraktar TB2 drones", "bayraktar", 3, "three"),
        ("a batch of up to 2,400 drones", "drones", 2400, "up to 2,400"),
        ("several hundred UAVs", "uavs", None, "several hundred"),
        ('provided "hundreds" of drones', "drones", None, "hundreds"),
        ("24 attack drones", "attack", 24, "24"),
        ("more than 6 million artillery shells", "artillery", 6_000_000, "more than 6 million"),
    ],
)
def test_quantities_before_a_weapon(text: str, head: str, value: int | None, words: str) -> None:
    toks = tokenize(Sentence(0, 0, len(text), text))
    first = next(i for i, t in enumerate(toks) if t.low == head)
    q = quantity_before(toks, first)
    assert q is not None and q.value == value and q.text == words


def test_quantities_deal_values() -> None:
    assert find_value("a contract worth $370 million")[:2] == (370_000_000, "USD")
    assert find_value("a €1.2 billion package")[:2] == (1_200_000_000, "EUR")
    assert find_value("no money was mentioned") is None


@pytest.mark.parametrize(
    "text",
    [
        "Iran delivered 24 drones in October 2022 and more between July 12-14, 2023, officials said on Monday.",
        "Since early 2019 the FY24 budget and fiscal year 2025 plans were cut by 12 percent.",
        "In the summer of 2021, three weeks ago, and earlier this year the ministry said so.",
        "The 2018-2020 programme and the order from 2015 to 2017 ran until 2022.",
        "He spoke yesterday; today the 5th of March 2021 and Apr.16, 2023 were named, not 1999.",
        "No date at all here, only 300 drones and 42 launchers.",
        "Late last spring the batch came, a week later another, and on Sunday a third.",
    ],
)
def test_dates_skipping_hopeless_patterns_changes_nothing(text: str) -> None:
    # find_dates skips the patterns whose key words or digits the text lacks; scanning them all must agree.
    from armswatch.nlp import dates

    taken: list[tuple[int, int]] = []
    expected = []
    for kind, pattern in dates._PATTERNS:
        for m in pattern.finditer(text):
            s, e = m.span()
            if not any(s < te and ts < e for ts, te in taken):
                taken.append((s, e))
                expected.append((s, e, m.group(0), dates._resolve(kind, m, PUB)))
    assert [(d.start, d.end, d.text, d.value) for d in find_dates(text, PUB)] == sorted(expected)

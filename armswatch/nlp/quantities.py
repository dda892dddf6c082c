"""Quantities of weapons ("24 drones", "several hundred UAVs", "up to 2,400") and deal values."""

from __future__ import annotations

import re
from dataclasses import dataclass

from armswatch.nlp.pipeline import Token

WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "dozen": 12,
}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
VAGUE = frozenset(
    [
        "several",
        "hundreds",
        "dozens",
        "thousands",
        "many",
        "some",
        "few",
        "numerous",
        "scores",
        "a",
        "an",
        "about",
        "around",
        "nearly",
        "almost",
        "over",
        "more",
        "than",
        "up",
        "to",
        "at",
        "least",
        "some",
        "as",
        "of",
        "batch",
        "batches",
        "number",
        "unspecified",
        "undisclosed",
        "large",
        "small",
    ]
)
MODIFIERS = frozenset(
    {
        "up",
        "to",
        "about",
        "around",
        "nearly",
        "almost",
        "over",
        "more",
        "than",
        "at",
        "least",
        "some",
        "roughly",
        "approximately",
        "another",
        "additional",
        "further",
        "of",
        "a",
        "an",
        "the",
        "first",
        "batch",
        "new",
    }
)
SKIP_ADJ = frozenset(
    {
        "-",
        "more",
        "additional",
        "new",
        "armed",
        "attack",
        "combat",
        "military",
        "advanced",
        "kamikaze",
        "suicide",
        "ballistic",
        "cruise",
        "short-range",
        "long-range",
        "unmanned",
        "of",
        "its",
        "their",
    }
)


@dataclass(frozen=True, slots=True)
class Quantity:
    value: int | None
    text: str
    start: int
    end: int


def _number(low: str) -> int | None:
    plain = low.replace(",", "")
    if plain.isdigit():
        return int(plain)
    try:
        return int(float(plain)) if re.fullmatch(r"\d+\.\d+", plain) else WORDS.get(low)
    except ValueError:
        return None


def quantity_before(tokens: list[Token], first: int) -> Quantity | None:
    """The quantity that counts a weapon mention starting at token `first`."""
    k = first - 1
    while (
        k >= 0
        and first - k <= 3
        and (
            tokens[k].low in SKIP_ADJ
            or tokens[k].low in ('"', "“", "”")
            or (
                tokens[k].low.isalpha()
                and tokens[k].low not in WORDS
                and tokens[k].low not in VAGUE
                and tokens[k].low not in SCALES
                and tokens[k].text[:1].islower()
                and first - k == 1
            )
        )
    ):
        k -= 1
    end = k
    value: int | None = None
    begin = k + 1
    while k >= 0 and end - k < 6:
        low = tokens[k].low.strip('"“”')
        n = _number(low)
        if low in SCALES and value is None:
            value = -SCALES[low]  # a scale seen first: multiply when the number arrives
        elif n is not None:
            if value is not None and value < 0:
                value = n * -value
            elif value is None:
                value = n
            else:
                break
        elif low in VAGUE or low in MODIFIERS or low in ('"', "“", "”"):
            pass
        else:
            break
        begin = k
        k -= 1
    if begin > end:
        return None
    words = tokens[begin : end + 1]
    while words and words[0].low in ("a", "an", "the", "batch", "of", "first", "new", "another", "additional", "further"):
        words = words[1:]
    if not words or all(t.low in MODIFIERS or t.low in ('"', "“", "”") for t in words):
        return None
    if value is not None and value < 0:
        value = None
    if value is not None and any(t.low in ("hundreds", "dozens", "thousands", "several", "scores") for t in words):
        value = None
    return Quantity(value, " ".join(t.text for t in words).replace(" ,", ","), words[0].start, words[-1].end)


_VALUE = re.compile(
    r"(?P<cur>US\$|\$|€|£|USD|EUR|GBP)\s?(?P<num>\d[\d,]*(?:\.\d+)?)\s*(?P<scale>million|billion|bn|mn|m|thousand)?\b"
    r"|(?P<num2>\d[\d,]*(?:\.\d+)?)\s*(?P<scale2>million|billion)\s+(?P<cur2>dollars|euros|pounds|rubles|roubles|yuan)",
    re.I,
)
CURRENCY = {
    "$": "USD",
    "us$": "USD",
    "usd": "USD",
    "dollars": "USD",
    "€": "EUR",
    "eur": "EUR",
    "euros": "EUR",
    "£": "GBP",
    "gbp": "GBP",
    "pounds": "GBP",
    "rubles": "RUB",
    "roubles": "RUB",
    "yuan": "CNY",
}
SCALE_WORDS = {"million": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "thousand": 1e3}


def find_value(text: str) -> tuple[float, str, int, int] | None:
    """The first deal value in a sentence: (amount, currency, start, end)."""
    m = _VALUE.search(text)
    if not m:
        return None
    num = m.group("num") or m.group("num2")
    cur = (m.group("cur") or m.group("cur2")).lower()
    scale = (m.group("scale") or m.group("scale2") or "").lower()
    amount = float(num.replace(",", "")) * SCALE_WORDS.get(scale, 1)
    return amount, CURRENCY.get(cur, cur.upper()), m.start(), m.end()

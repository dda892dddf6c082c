"""Sentence templates with named slots, compiled once and filled from a seeded Random.

`str.format` would need every slot filled before formatting, so each
sentence would pay for dozens of random picks it never uses; compiling a
template into its literal pieces and slot names keeps generating 20 MB of
text to a couple of seconds.
"""

from __future__ import annotations

import random
import string
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

__all__ = ["Filler", "Template", "compile_all", "pick"]

Filler = Callable[[random.Random], str] | Sequence[str]


def pick(rng: random.Random, filler: Filler) -> str:
    """One value for a slot: a choice from a list, or whatever a function makes."""
    if callable(filler):
        return filler(rng)
    return filler[rng.randrange(len(filler))]


@dataclass(frozen=True, slots=True)
class Template:
    """A template split into (literal, slot) pairs; a slot is "" after the last literal."""

    source: str
    parts: tuple[tuple[str, str], ...]

    @classmethod
    def compile(cls, source: str, known: Iterable[str]) -> Template:
        names = set(known)
        parts = []
        for literal, field, spec, conv in string.Formatter().parse(source):
            if spec or conv:
                raise ValueError(f"template {source!r}: slots take no format spec or conversion")
            if field is not None and field not in names:
                raise ValueError(f"template {source!r}: unknown slot {{{field}}}")
            parts.append((literal, field or ""))
        return cls(source, tuple(parts))

    def render(self, rng: random.Random, fill: Mapping[str, Filler]) -> str:
        """The template with every slot filled.

        A slot named like another with a trailing "2" ("club2", "state2")
        never repeats that other slot's value, so no team plays itself.
        """
        out: list[str] = []
        chosen: dict[str, str] = {}
        for literal, name in self.parts:
            out.append(literal)
            if not name:
                continue
            value = chosen.get(name)
            if value is None:
                value = pick(rng, fill[name])
                if name.endswith("2"):
                    for _ in range(5):
                        if value != chosen.get(name[:-1]):
                            break
                        value = pick(rng, fill[name])
                chosen[name] = value
            out.append(value)
        return "".join(out)

    def substitute(self, values: Mapping[str, str]) -> str:
        """The template filled from fixed values (a scene whose parts must agree with each other)."""
        return "".join(literal + (values[name] if name else "") for literal, name in self.parts)


def compile_all(sources: Iterable[str], fill: Mapping[str, object]) -> list[Template]:
    """Compile templates against the slots `fill` knows, failing at build time on a typo."""
    return [Template.compile(s, fill.keys()) for s in sources]

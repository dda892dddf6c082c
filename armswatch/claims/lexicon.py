"""The cue lexicon (cues.toml): surface forms of the words that make claims."""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path

from armswatch.errors import CatalogError
from armswatch.model import EventType

CUES = Path(__file__).parent / "cues.toml"
FRAMES = frozenset({"give", "get", "have", "use", "make", "deal", "sanction", "arrive", "select"})


@dataclass(frozen=True, slots=True)
class Cue:
    id: str
    type: EventType
    frame: str
    governs: bool = False
    object_is_recipient: bool = False


@dataclass(frozen=True, slots=True)
class Form:
    words: tuple[str, ...]
    cue: Cue
    pos: str  # "verb", "noun" or "phrase"
    participle: bool  # a past participle or past tense ("supplied", "sold")
    gerund: bool = False


def inflect(base: str) -> list[tuple[str, bool, bool]]:
    """Regular inflections of an English verb: (form, is past/participle, is gerund)."""
    forms = [(base, False, False)]
    if base.endswith("e"):
        forms += [(base + "s", False, False), (base + "d", True, False), (base[:-1] + "ing", False, True)]
    elif base.endswith("y") and base[-2:-1] not in "aeiou":
        forms += [(base[:-1] + "ies", False, False), (base[:-1] + "ied", True, False), (base + "ing", False, True)]
    else:
        s = base + ("es" if base.endswith(("s", "sh", "ch", "x")) else "s")
        forms += [(s, False, False), (base + "ed", True, False), (base + "ing", False, True)]
        # one-syllable verbs double the consonant ("ship", "shipped"); "transfer", "equip" and their kind are listed as forms
        if len(base) <= 4 and base[-1] in "pt" and base[-2] in "aeiou" and base[-3:-2] not in "aeiou":
            forms += [(base + base[-1] + "ed", True, False), (base + base[-1] + "ing", False, True)]
    return forms


@dataclass(frozen=True, slots=True)
class Lexicon:
    by_first: dict[str, tuple[Form, ...]]

    def match(self, lows: list[str], i: int) -> list[Form]:
        """The longest cue forms starting at token i (several cues may share a word)."""
        found: list[Form] = []
        for form in self.by_first.get(lows[i], ()):
            n = len(form.words)
            if found and n < len(found[0].words):
                break
            if tuple(lows[i : i + n]) == form.words:
                found.append(form)
        return found


_ADJECTIVES = frozenset({"interested", "designated"})
_PAST_IRREGULAR = frozenset(
    [
        "sent",
        "given",
        "gave",
        "sold",
        "bought",
        "got",
        "gotten",
        "built",
        "struck",
        "sought",
        "handed",
        "shipped",
        "fired",
        "used",
        "flown",
        "brought",
        "lent",
        "shown",
        "taken",
        "made",
    ]
)


@functools.cache
def load(path: Path = CUES) -> Lexicon:
    with path.open("rb") as f:
        data = tomllib.load(f)
    table: dict[str, list[Form]] = {}
    for entry in data["cue"]:
        try:
            cue = Cue(
                entry["id"], EventType(entry["type"]), entry["frame"], bool(entry.get("governs")), bool(entry.get("object_is_recipient"))
            )
        except (KeyError, ValueError) as exc:
            raise CatalogError(f"cues.toml {entry.get('id', '?')}: {exc}; fix the entry") from exc
        if cue.frame not in FRAMES:
            raise CatalogError(f"cues.toml {cue.id}: unknown frame {cue.frame!r}")
        forms: list[Form] = []
        for verb in entry.get("verbs", []):
            forms += [Form((w,), cue, "verb", past, ger) for w, past, ger in inflect(verb)]
        for noun in entry.get("nouns", []):
            forms.append(Form(tuple(noun.split()), cue, "noun", False))
        for phrase in entry.get("forms", []):
            words = tuple(phrase.split())
            past = words[-1] in _PAST_IRREGULAR or (words[-1].endswith("ed") and words[-1] not in _ADJECTIVES)
            forms.append(Form(words, cue, "phrase", past, words[-1].endswith("ing")))
        for form in forms:
            table.setdefault(form.words[0], []).append(form)
    return Lexicon({k: tuple(sorted(v, key=lambda f: -len(f.words))) for k, v in table.items()})

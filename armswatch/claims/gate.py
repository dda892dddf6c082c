"""The gate: which sentences can hold a claim, decided by set tests on their words before any tokenising.

Most sentences of most articles name no weapon. A claim needs one of: a
weapon or system form (every token of a catalog form must be present, so
its longest key is a necessary word), a deal, MoU or sanction word, an
"arm"/"equip" verb, or — right after a sentence that names weapons — a word
that points back to them ("them", "the hardware"). The gate is built from
the matcher's trie and the cue lexicon, so it can only pass over sentences
the rules could not use: extraction with and without it gives the same claims.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Any

from armswatch.claims.anaphora import ANAPHORS
from armswatch.claims.lexicon import Lexicon
from armswatch.nlp.mentions import PLURAL_COUNTS, WEAPON_CONTEXT

_PUNCT = '!"#$%&()*+,/:;<=>?@[\\]^_`{|}~“”«»…'
# Pass one splits at every mark; pass two joins across hyphens, apostrophes and full stops, as token keys do.
_SPLIT = str.maketrans({**{c: " " for c in _PUNCT + "-'."}, "’": " ", "‘": " ", "–": " ", "—": " ", "ı": "i"})
_JOINED = str.maketrans({**{c: " " for c in _PUNCT}, "-": None, "'": None, ".": None, "’": None, "‘": None, "–": None, "—": " ", "ı": "i"})
DEAL_WORDS = frozenset(
    [
        "mou",
        "mous",
        "memorandum",
        "agreement",
        "agreements",
        "pact",
        "pacts",
        "treaty",
        "accord",
        "accords",
        "sanction",
        "sanctions",
        "sanctioned",
        "sanctioning",
        "blacklisted",
        "blacklist",
        "partnership",
        "contract",
        "contracts",
        "deal",
        "deals",
        "credit",  # a defence line of credit is an offer (GUIDELINES)
    ]
)
REFERENCE_WORDS = frozenset(
    "them they their these those it its hardware systems units platforms aircraft batteries batch batches buyers customers operators "
    "squadrons squadron buyer customer operator user users importer importers recipient recipients".split()
)
# Nouns that point back to a claim ("the sale", "the report"): claims/anaphora.py. They matter only right after a claim.
ANAPHOR_WORDS = frozenset(ANAPHORS)


def _ascii_table(table: Mapping[int, int | str | None]) -> tuple[bytes, bytes]:
    """A str.maketrans table as bytes.translate's (table, deletions), for the ASCII characters."""
    out, deletions = bytearray(range(256)), bytearray()
    for code in range(128):
        value = table.get(code, code)
        if value is None:
            deletions.append(code)
        else:
            out[code] = ord(value) if isinstance(value, str) else value
    return bytes(out), bytes(deletions)


_SPLIT_ASCII = _ascii_table(_SPLIT)
_JOINED_ASCII = _ascii_table(_JOINED)


class Words:
    """The text's words as the matcher's keys see them: split at every mark, the gate's keys among them (one
    pass, in C), and (computed only when asked) the words joined across hyphens, apostrophes and full stops.
    Translate-and-split runs on bytes for ASCII text (most news), so the gate costs a fraction of tokenising."""

    __slots__ = ("_joined", "_low", "hits", "split")

    def __init__(self, text: str, keys: frozenset[str]) -> None:
        low = text.lower()
        self._joined: list[str] | None = None
        if low.isascii():
            raw = low.encode("ascii")
            self.split = raw.translate(*_SPLIT_ASCII).decode("ascii").split()
            self._low: str | bytes = raw
        else:
            split = low.translate(_SPLIT)
            if not split.isascii():
                split = "".join(c for c in unicodedata.normalize("NFKD", split) if not unicodedata.combining(c))
                low = "".join(c for c in unicodedata.normalize("NFKD", low) if not unicodedata.combining(c))
            self.split = split.split()
            self._low = low
        self.hits = keys.intersection(self.split)

    @property
    def joined(self) -> list[str]:
        if self._joined is None:
            low = self._low
            self._joined = (low.translate(*_JOINED_ASCII).decode("ascii") if isinstance(low, bytes) else low.translate(_JOINED)).split()
        return self._joined


# Words too common in English prose to stand for a catalog form on their own ("National Advanced ...", "F 15").
COMMON = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "by",
        "for",
        "from",
        "in",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
        "have",
        "has",
        "new",
        "old",
        "high",
        "low",
        "long",
        "short",
        "medium",
        "small",
        "large",
        "light",
        "heavy",
        "national",
        "advanced",
        "improved",
        "ground",
        "point",
        "air",
        "sea",
        "land",
        "naval",
        "surface",
        "system",
        "systems",
        "range",
        "strike",
        "anti",
        "attack",
        "guided",
        "mobile",
        "tactical",
        "multiple",
        "precision",
        "type",
        "class",
        "block",
        "variant",
        "mark",
        "mk",
        "mod",
        "version",
        "series",
        "family",
        "one",
        "way",
        "armed",
        "aerial",
        "vehicle",
        "vehicles",
        "aircraft",
        "launcher",
        "launchers",
        "launched",
        "super",
        "extended",
        "enhanced",
        "next",
        "generation",
        "future",
        "standard",
        "special",
        "general",
        "united",
        "star",
        "eagle",
        "hawk",
        "fire",
        "storm",
        "shield",
        "sky",
        "production",
        "parts",
        "technology",
        "technologies",
        "components",
        "engines",
        "engine",
        "spare",
        "grey",
        "gray",
        # words of ship classes, trainers and programmes, common in other news: "project", "yuan", "masters"
        "project",
        "class",
        "submarine",
        "submarines",
        "frigate",
        "frigates",
        "corvette",
        "kilo",
        "ming",
        "yuan",
        "master",
        "masters",
        "trainer",
        "trainers",
        "millennium",
        "khalid",
        "reis",
        "harbin",
        "aero",
        "fencer",
        "flanker",
        "flankers",
        # words of round 11's classes and names that ordinary news uses alone ("a single", "the fleet", "Arsenal")
        "single",
        "fleet",
        "fleets",
        "arsenal",
        "arsenals",
        "machine",
        "mines",
        "guns",
        "sea",
        "land",
        "naval",
        "electronic",
        "portable",
        "shoulder",
        "super",
        "hercules",
        "pegasus",
        "poseidon",
        "terminator",
        "osprey",
    ]
)


def _necessary(path: tuple[str, ...], names: frozenset[str] = frozenset()) -> str | None:
    """One key that every match of this path contains, rare enough to gate on; None when there is none. `names` are
    words that are also ordinary names ("Arjun" of "Arjun MBT"), which gate no better than common words."""
    mixed = [k for k in path if any(c.isdigit() for c in k) and any(c.isalpha() for c in k)]
    if mixed:
        return max(mixed, key=len)
    plain = [k for k in path if k.isalpha() and len(k) >= 3 and k not in COMMON and k not in names]
    return max(plain, key=len) if plain else None


class Gate:
    def __init__(self, trie: dict[str, Any], lexicon: Lexicon) -> None:
        weapon: set[str] = set()
        pairs: set[tuple[str, str]] = set()

        makers: set[str] = set()  # an arms maker's name makes a sentence worth reading: "Baykar has not supplied Russia"

        def walk(node: dict[str, Any], path: tuple[str, ...]) -> None:
            for key, child in node.items():
                if key == "":
                    if len(path) == 1 and len(path[0]) >= 5 and path[0] not in COMMON and any(p.kind == "maker" for p, _c in child):
                        makers.add(path[0])  # one-word names only ("Baykar", "Hanwha"); longer ones hold common words
                    # an ambiguous alias ("Arjun", "Hawk", "Patriot") counts only beside a weapon word, which gates it
                    if any(phrase.kind in ("system", "class") and not phrase.ambiguous for phrase, _cat in child):
                        word = _necessary(path, names)
                        if len(path) > 1 and names & set(path) and (word is None or not any(c.isdigit() for c in word)):
                            pairs.add((path[0], path[1]))  # "Red Arrow-8", "Agni Prime": the name with its neighbour
                        elif word is not None:
                            weapon.add(word)
                        elif len(path) == 1:
                            weapon.add(path[0])
                        elif all(k.isalpha() and len(k) >= 3 for k in path[:2]):
                            pairs.add((path[0], path[1]))  # "air defence systems": only the two together are rare
                        # "F 15", "I Hawk" with a space are left to their joined forms "F-15", "I-Hawk", which the trie also holds
                    continue
                walk(child, (*path, key))

        names = frozenset(
            key
            for key, child in trie.items()
            if "" in child
            and all(p.ambiguous for p, _c in child[""] if p.kind == "system")
            and any(p.kind == "system" for p, _c in child[""])
        )  # one-word aliases that are also names or words: "Arjun", "Hawk"
        walk(trie, ())
        self.weapon = frozenset(weapon)
        self.names = names  # they gate with a weapon word beside them, as the matcher wants (WEAPON_CONTEXT)
        self.plural_names = frozenset(n + "s" for n in names if not n.endswith("s"))  # or a count: "eight Apaches"
        self.pairs = frozenset(pairs)
        self.pair_first = frozenset(a for a, _b in pairs)
        arm = {w for w, forms in lexicon.by_first.items() if any(f.cue.object_is_recipient for f in forms)}
        self.other = DEAL_WORDS | frozenset(arm) | frozenset(makers)
        #: Every word any test below looks for, so that one pass over a text finds all it holds.
        self.keys = (
            self.weapon
            | self.pair_first
            | self.names
            | self.plural_names
            | self.other
            | WEAPON_CONTEXT
            | PLURAL_COUNTS
            | REFERENCE_WORDS
            | ANAPHOR_WORDS
        )

    def document_may_hold(self, text: str) -> bool:
        """Whether any sentence of the document can pass: most articles name no weapon at all."""
        w = Words(text, self.keys)
        return self._names_weapon(w) or not self.other.isdisjoint(w.hits)

    def _names_weapon(self, w: Words) -> bool:
        hits = w.hits
        if hits:
            if not self.weapon.isdisjoint(hits):
                return True
            if not self.pair_first.isdisjoint(hits) and not self.pairs.isdisjoint(zip(w.split, w.split[1:])):
                return True
            if not self.names.isdisjoint(hits) and not WEAPON_CONTEXT.isdisjoint(hits):
                return True  # "Patriot batteries", not "Arjun Munda said"
            if not self.plural_names.isdisjoint(hits) and (not PLURAL_COUNTS.isdisjoint(hits) or any(x.isdigit() for x in w.split)):
                return True  # "eight Apaches", as the matcher counts them
        return not self.weapon.isdisjoint(w.joined)

    def passes(self, text: str, after_weapons: bool, after_claims: bool = False) -> tuple[bool, bool]:
        """(whether the sentence can hold a claim, whether it can on its own: a weapon, deal or sanction word)."""
        w = Words(text, self.keys)
        hits = w.hits
        if not self.other.isdisjoint(hits) or self._names_weapon(w):
            return True, True
        return (after_weapons and not REFERENCE_WORDS.isdisjoint(hits)) or (after_claims and not ANAPHOR_WORDS.isdisjoint(hits)), False

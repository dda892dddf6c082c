"""Mentions: the spans of a sentence that name parties, weapons and sources.

Find, then write: `Matcher.raw()` walks a trie of every catalog form over
the tokens (longest match wins, hyphens and spaces inside a designation
folded, plurals of systems accepted); `Matcher.mentions()` then composes the
raw matches into the mentions the claim rules read:

- ACTOR: a state, group, company, body, office or person that stands for a
  party ("Bolivia's Defense Minister Edmundo Novillo" is one actor, BOL);
- ORIGIN: a demonym that modifies a weapon ("Iranian-made", "Turkish");
- SYSTEM and WEAPON: a catalogued system or a class of weapon;
- OUTLET: a news organisation (state media carry their state only here);
- UNNAMED: counterparts that are not named ("22 countries");
- REFERENCE: phrases that point back ("the two countries", "the latter").
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from armswatch.catalog import DATA, Catalog, Phrase
from armswatch.model import Category, Mention, MentionKind
from armswatch.nlp.pipeline import Token, fold, tokenize_text
from armswatch.nlp.quantities import WORDS

# Nouns that, after a demonym or a possessive, make a body that speaks or acts for the state.
PEOPLE = frozenset(
    [
        "official",
        "officials",
        "authorities",
        "authority",
        "government",
        "governments",
        "military",
        "army",
        "navy",
        "forces",
        "troops",
        "soldiers",
        "intelligence",
        "leader",
        "leaders",
        "leadership",
        "diplomats",
        "diplomat",
        "officer",
        "officers",
        "commander",
        "commanders",
        "general",
        "generals",
        "envoy",
        "ambassador",
        "embassy",
        "side",
        "counterpart",
        "counterparts",
        "delegation",
        "regime",
        "junta",
        "state",
        "administration",
        "lawmakers",
        "parliament",
        "ministry",
        "minister",
        "ministers",
        "spokesman",
        "spokesperson",
        "spokeswoman",
        "president",
        "premier",
        "king",
        "emir",
        "crown",
        "prince",
        "chief",
        "chiefs",
        "analysts",
        "experts",
        "sources",
        "source",
        "companies",
        "company",
        "firms",
        "firm",
        "entities",
        "entity",
        "individuals",
        "executives",
        "businesses",
        "manufacturers",
        "networks",
        "network",
        "crews",
        "crew",
        "units",
        "pilots",
        "fighters",
        "militants",
        "rebels",
        "militia",
        "militias",
        "marines",
        "operators",
        "ministries",
        "agencies",
        "agency",
        "contractors",
        "traders",
        "dealers",
        "brokers",
        "middlemen",
        "intermediaries",
        "smugglers",
    ]
)
MEDIA = frozenset(
    ["media", "press", "outlets", "outlet", "newspaper", "newspapers", "television", "tv", "agency", "agencies", "broadcaster"]
)
#: "Serbian arms makers", "Chinese drone manufacturers": a demonym, an industry word and a maker noun name a state's industry.
INDUSTRY_WORDS = frozenset("arms weapons drone drones defence defense missile munitions ammunition military aerospace".split())
MAKER_NOUNS = frozenset(
    "makers maker manufacturers manufacturer producers producer companies company firms firm exporters exporter "
    "suppliers supplier contractors industry industries".split()
)
#: People named by the weapons they work with: "weapons experts", "drone operators", "missile engineers".
PERSONNEL = frozenset(
    "expert experts specialist specialists engineer engineers technician technicians instructor instructors adviser advisers "
    "advisor advisors scientist scientists inspector inspectors operator operators pilot pilots crew crews trainer trainers".split()
)
#: Military units named by their arm: "artillery units", "drone battalions", "missile brigades".
UNIT_NOUNS = frozenset("unit units battalion battalions brigade brigades regiment regiments squadron squadrons troops".split())
#: The participles that make a demonym or a state's name a weapon's origin: "Chinese-built", "US-supplied".
MAKE_WORDS = frozenset({"made", "built", "produced", "manufactured", "designed", "origin", "supplied"})
# Words between a demonym and its weapon: "Iranian-made", "Chinese-built", "Turkish combat drones".
ORIGIN_LINKS = frozenset(
    [
        "-",
        '"',
        "“",
        "”",
        "'",
        "made",
        "built",
        "produced",
        "manufactured",
        "designed",
        "supplied",
        "sourced",
        "sources",
        "origin",
        "developed",
        "provided",
        "combat",
        "attack",
        "armed",
        "military",
        "advanced",
        "new",
        "kamikaze",
        "suicide",
        "long-range",
        "short-range",
        "medium-range",
        "heavy",
        "light",
        "ballistic",
        "cruise",
        "guided",
        "unmanned",
        "modern",
        "sophisticated",
    ]
)
UNNAMED_HEADS = frozenset(
    ["countries", "nations", "states", "partners", "allies", "buyers", "customers", "clients", "governments", "armies", "militaries"]
)
UNNAMED_SINGULAR = frozenset(["government", "country", "state", "buyer", "customer", "nation", "client", "user"])
REFERENCE_PAIRS = (
    ("the", "two", "countries"),
    ("the", "two", "nations"),
    ("the", "two", "states"),
    ("both", "countries"),
    ("the", "two", "sides"),
    ("both", "sides"),
    ("both", "nations"),
    ("the", "two", "governments"),
)
REFERENCE_ONE = (
    ("the", "latter"),
    ("the", "former"),
    ("the", "country"),
    ("the", "kingdom"),
    ("the", "island"),
    ("the", "republic"),
    ("the", "islamic", "republic"),
    ("the", "gulf", "state"),
    ("the", "emirate"),
    ("the", "north"),
    ("the", "regime"),
)
# A country's armed services named alone, after the country: "The navy received two frigates from China". Their value is
# "service:<noun>"; the claim rules look back for the country named with that service ("Bangladesh's navy").
REFERENCE_SERVICES = (
    # an armed group named alone after its name: "Hezbollah ... The group has received most of its drones from Iran"
    ("the", "group"),
    ("the", "militia"),
    ("the", "rebels"),
    ("the", "movement"),
    ("the", "paramilitary"),
    ("the", "junta"),
    ("the", "navy"),
    ("the", "army"),
    ("the", "air", "force"),
    ("the", "military"),
    ("the", "service"),
)
_KIND_ORDER = {
    k: i
    for i, k in enumerate(
        ("person", "body", "maker", "group", "state", "capital", "seat", "demonym", "outlet", "office", "system", "class")
    )
}


@dataclass(frozen=True, slots=True)
class Raw:
    """A raw catalog match over tokens [first, last)."""

    first: int
    last: int
    phrase: Phrase
    category: Category | None = None


def _walk_keys(text: str) -> list[list[str]]:
    """The key sequences under which a catalog form is stored."""
    variants = {text, text.replace("-", " ")}
    out = []
    for v in variants:
        keys = [fold(t)[1] for t in tokenize_text(v)]
        keys = [k for k in keys if k and k != "-"]
        if keys:
            out.append(keys)
    joined = "".join(k for keys in out[:1] for k in keys)
    if joined and len(out[0]) > 1:
        out.append([joined])
    return out


@functools.cache
def _classes(directory: Path = DATA) -> tuple[tuple[str, str, Category], ...]:
    with (directory / "classes.toml").open("rb") as f:
        data: dict[str, Any] = tomllib.load(f)
    return tuple((phrase, c["id"], Category(c["category"])) for c in data["class"] for phrase in c["phrases"])


class Matcher:
    """Finds catalog forms in tokens. Build once per process (`for_catalog`)."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.trie: dict[str, Any] = {}
        for phrase in catalog.phrases():
            self._add(phrase, None)
        for text, cid, category in _classes():
            self._add(Phrase(text, "class", cid, f"catalog.class.{cid}", "any"), category)
        self.first_keys = frozenset(self.trie)

    def _add(self, phrase: Phrase, category: Category | None) -> None:
        seqs = _walk_keys(phrase.text)
        if phrase.kind == "system":
            seqs += [[*s[:-1], s[-1] + "s"] for s in seqs if not s[-1].endswith("s")]
        for keys in seqs:
            node = self.trie
            for k in keys:
                node = node.setdefault(k, {})
            entries = node.setdefault("", [])
            if all(e[0] != phrase for e in entries):
                entries.append((phrase, category))

    @staticmethod
    @functools.cache
    def for_catalog(catalog: Catalog) -> Matcher:
        return Matcher(catalog)

    def raw(self, tokens: list[Token]) -> list[Raw]:
        """Longest catalog matches, left to right, after case checks."""
        out: list[Raw] = []
        n = len(tokens)
        i = 0
        trie = self.trie
        while i < n:
            node = trie.get(tokens[i].key)
            if node is None:
                i += 1
                continue
            best: tuple[int, list[tuple[Phrase, Category | None]]] | None = None
            j = i
            while node is not None:
                if "" in node:
                    best = (j + 1, node[""])
                j += 1
                while j < n and tokens[j].key in ("-", ""):
                    j += 1
                if j >= n:
                    break
                node = node.get(tokens[j].key)
            if best is None:
                i += 1
                continue
            last, entries = best
            chosen = self._choose(tokens, i, last, entries)
            if chosen is None:
                i += 1
                continue
            out.append(Raw(i, last, chosen[0], chosen[1]))
            i = last
        return out

    @staticmethod
    def _choose(
        tokens: list[Token], first: int, last: int, entries: list[tuple[Phrase, Category | None]]
    ) -> tuple[Phrase, Category | None] | None:
        text = tokens[first].text
        ok = []
        for phrase, category in entries:
            if phrase.case == "exact":
                letters = [c for t in tokens[first:last] for c in t.text if c.isalpha()]
                if not all(c.isupper() for c in letters):
                    continue
            elif phrase.case == "title" and not text[:1].isupper() and text[:1].isalpha():
                continue
            if phrase.ambiguous and not _ambiguous_ok(tokens, first, last, phrase):
                continue
            ok.append((phrase, category))
        if len(ok) < 2:
            return ok[0] if ok else None
        return min(ok, key=lambda e: _KIND_ORDER.get(e[0].kind, 99))


# Words that, beside an ambiguous system name ("Patriot", "Apache", "Heron"), show it is the weapon.
WEAPON_CONTEXT = frozenset(
    "drone drones missile missiles system systems uav uavs munition munitions rocket rockets interceptor interceptors launcher "
    "launchers battery batteries helicopter helicopters jet jets fighter fighters aircraft tank tanks howitzer howitzers "
    "frigate frigates warship warships radar radars air-defence air-defense loitering vehicle vehicles armoured armored "
    "submarine submarines corvette corvettes trainer trainers".split()
)


#: Counts before a plural that make a capitalised name a number of things: "eight Apaches", "dozens of Leopards".
PLURAL_COUNTS = frozenset(WORDS) | frozenset("several dozens hundreds thousands scores more additional further".split())


def _counted_plural(tokens: list[Token], first: int, last: int) -> bool:
    """A system's name in the plural right after a count, which names its people no other way: "sent eight Apaches"."""
    word = tokens[last - 1].text
    if last - first != 1 or not word.endswith("s") or not word[:1].isupper() or first == 0:
        return False
    before = tokens[first - 1].low
    if before == "of" and first > 1:
        before = tokens[first - 2].low
    return before in PLURAL_COUNTS or before.replace(",", "").isdigit()


def _ambiguous_ok(tokens: list[Token], first: int, last: int, phrase: Phrase) -> bool:
    """An ambiguous form counts only with a cue: a weapon word beside a system, no name before a state."""
    if phrase.kind == "system":
        if not WEAPON_CONTEXT.isdisjoint(t.low for t in tokens[max(0, first - 4) : last + 5]):
            return True  # "systems such as Patriot"
        return _counted_plural(tokens, first, last)
    if first > 0:
        prev = tokens[first - 1].text
        if prev[:1].isupper() and prev.isalpha() and prev not in ("The", "In", "To", "From", "And", "With"):
            return False
    return True


def compose(tokens: list[Token], raws: list[Raw], catalog: Catalog, text: str = "", base: int = 0) -> list[Mention]:
    """Turn raw matches into the mentions the claim rules read.

    `text` is the sentence and `base` its offset in the document, so that a
    mention's text is the document's own words; without them tokens are joined by spaces.
    """
    out: list[Mention] = []
    n = len(tokens)
    by_first = {r.first: r for r in raws}
    used: set[int] = set()

    def span(first: int, last: int) -> tuple[int, int, str]:
        s, e = tokens[first].start, tokens[last - 1].end
        words = text[s - base : e - base] if text else " ".join(t.text for t in tokens[first:last])
        return s, e, words

    def weapon_at(j: int) -> Raw | None:
        r = by_first.get(j)
        return r if r is not None and r.phrase.kind in ("system", "class") else None

    def extend_name(last: int) -> int:
        """Absorb a personal name after a title: "Defense Minister Edmundo Novillo"."""
        k = last
        while k < n and k - last < 4 and tokens[k].text[:1].isupper() and tokens[k].text.isalpha():
            held = by_first.get(k)
            if held is not None:
                if held.phrase.kind != "person":
                    break
                used.add(k)  # a known office-holder after the title: one actor
                k = held.last
                continue
            k += 1
        return k

    for r in raws:
        if r.first in used:
            continue
        p = r.phrase
        kind = p.kind
        if kind in ("system", "class"):
            continue
        nxt = r.last
        if kind == "demonym":
            # Demonym + links + weapon -> ORIGIN; demonym + people/office -> ACTOR; + media -> source only.
            if nxt + 1 < n and tokens[nxt].low in INDUSTRY_WORDS and tokens[nxt + 1].low in MAKER_NOUNS:
                # "Serbian arms makers", "Chinese drone manufacturers": the state's industry acts for it
                s, e, t = span(r.first, nxt + 2)
                out.append(Mention(MentionKind.ACTOR, s, e, r.first, nxt + 2, t, p.value, p.rule_id, role="maker"))
                continue
            k = nxt
            while k < n and k - nxt < 3 and weapon_at(k) is None and (tokens[k].low in ORIGIN_LINKS or tokens[k].key == "-"):
                k += 1
            named = k
            while named < n and named - k < 2 and weapon_at(named) is None and by_first.get(named) is None and _name_word(tokens[named]):
                named += 1  # "Israeli Hermes drones": a name the catalog lacks between the demonym and the weapon word
            if named > k and weapon_at(named) is not None:
                k = named
            if weapon_at(k) is not None or (
                k > nxt and tokens[nxt].key == "-" and k < n and weapon_at(k) is None and tokens[k - 1].low in MAKE_WORDS
            ):
                s, e, t = span(r.first, k)
                out.append(Mention(MentionKind.ORIGIN, s, e, r.first, k, t, p.value, p.rule_id))
                continue
            follow = by_first.get(nxt)
            if follow is not None and follow.phrase.kind == "office":
                last = extend_name(follow.last)
                s, e, t = span(r.first, last)
                out.append(Mention(MentionKind.ACTOR, s, e, r.first, last, t, p.value, follow.phrase.rule_id, role="office"))
                used.add(follow.first)
                continue
            if (nxt < n and tokens[nxt].low in MEDIA) or (nxt + 1 < n and tokens[nxt].low == "state" and tokens[nxt + 1].low in MEDIA):
                last = nxt + (2 if tokens[nxt].low == "state" else 1)
                s, e, t = span(r.first, last)
                out.append(Mention(MentionKind.OUTLET, s, e, r.first, last, t, p.value, p.rule_id, role="media"))
                continue
            if nxt < n and tokens[nxt].low in PEOPLE:
                last = extend_name(nxt + 1)
                s, e, t = span(r.first, last)
                out.append(Mention(MentionKind.ACTOR, s, e, r.first, last, t, p.value, p.rule_id, role="office"))
                continue
            s, e, t = span(r.first, nxt)
            out.append(Mention(MentionKind.ACTOR, s, e, r.first, nxt, t, p.value, p.rule_id, role="adjective"))
            continue
        if kind == "office":
            continue  # an office alone names no state; attached above or below
        if kind == "outlet":
            out_entry = catalog.outlet_by_id.get(p.value)
            s, e, t = span(r.first, nxt)
            out.append(
                Mention(
                    MentionKind.OUTLET,
                    s,
                    e,
                    r.first,
                    nxt,
                    t,
                    out_entry.name if out_entry else t,
                    p.rule_id,
                    origin=out_entry.state if out_entry else None,
                    role="outlet",
                )
            )
            continue
        if kind == "state" and nxt + 1 < n and tokens[nxt].key == "-" and tokens[nxt + 1].low in MAKE_WORDS:
            # "US-made", "Iran-supplied": a state's name as a weapon's origin
            s, e, t = span(r.first, nxt + 2)
            out.append(Mention(MentionKind.ORIGIN, s, e, r.first, nxt + 2, t, p.value, p.rule_id))
            continue
        # A named party: "Bolivia's defence minister", "Russia's", "Tehran", "Baykar", "IRGC".
        last = nxt
        role = kind
        if last + 1 < n and tokens[last].low in ("'s", "'"):
            follow = by_first.get(last + 1)
            if follow is not None and follow.phrase.kind == "office":
                last = extend_name(follow.last)
                role = "office"
                used.add(follow.first)
        elif kind in ("state", "group") and last < n:
            follow = by_first.get(last)
            if follow is not None and follow.phrase.kind == "office":
                last = extend_name(follow.last)
                role = "office"
                used.add(follow.first)
        if kind in ("body", "maker", "person") or role == "office":
            last = extend_name(last) if kind != "person" else last
        s, e, t = span(r.first, last)
        out.append(Mention(MentionKind.ACTOR, s, e, r.first, last, t, p.value, p.rule_id, role=role))

    # "Turkish, Iranian and Chinese drones": demonyms coordinated with an origin are origins too.
    by_last = {m.last: m for m in out}
    for m in sorted((m for m in out if m.kind == MentionKind.ORIGIN), key=lambda m: -m.first):
        k = m.first - 1
        while k > 0 and tokens[k].low in (",", "and", "or"):
            prev = by_last.get(k)
            if prev is None or prev.kind != MentionKind.ACTOR or prev.role != "adjective":
                break
            as_origin = replace(prev, kind=MentionKind.ORIGIN, role="")
            out[out.index(prev)] = as_origin
            by_last[as_origin.last] = as_origin
            k = as_origin.first - 1
    origins = {m.last: m for m in out if m.kind == MentionKind.ORIGIN}
    for r in raws:
        p = r.phrase
        if p.kind == "system":
            system = catalog.system_by_name.get(p.value)
            s, e, t = span(r.first, r.last)
            origin = system.origin if system else None
            out.append(
                Mention(
                    MentionKind.SYSTEM,
                    s,
                    e,
                    r.first,
                    r.last,
                    t,
                    p.value,
                    p.rule_id,
                    category=system.category if system else None,
                    origin=origin or None,
                )
            )
        elif p.kind == "class":
            if r.last < n and (tokens[r.last].low in PERSONNEL or tokens[r.last].low in UNIT_NOUNS):
                continue  # "weapons experts", "drone operators", "artillery units": people, not the weapons
            s, e, t = span(r.first, r.last)
            # An origin demonym before the class word ("Iranian drones", "an Iranian-made Almas anti-tank missile")
            # travels with it, across modifiers and a name.
            org = None
            k = r.first
            while (
                k > 0
                and r.first - k < 4
                and k not in origins
                and (
                    tokens[k - 1].low in ORIGIN_LINKS
                    or tokens[k - 1].key == "-"
                    or "-" in tokens[k - 1].text
                    or tokens[k - 1].text[:1].isupper()
                    or tokens[k].key == "-"  # "Iranian air-defence missiles", "Iranian precision-guided missile kits"
                    or (k >= 2 and tokens[k - 2].key == "-")
                )
            ):
                k -= 1
            if k in origins:
                org = origins[k].value
            out.append(
                Mention(
                    MentionKind.WEAPON,
                    s,
                    e,
                    r.first,
                    r.last,
                    t,
                    r.category.value if r.category else "other",
                    p.rule_id,
                    category=r.category,
                    origin=org,
                )
            )
    out = [_loyal_to(tokens, m, span) if m.kind == MentionKind.ACTOR else m for m in out]
    out.extend(_parts_for(tokens, out, span))
    out.extend(_unnamed(tokens, out))
    taken = {i for m in out for i in range(m.first, m.last)}
    out.extend(r for r in _references(tokens) if not any(i in taken for i in range(r.first, r.last)))
    out.sort(key=lambda m: (m.first, -m.last))
    return out


def _name_word(t: Token) -> bool:
    """A capitalised word of a name: "Hermes", "Kargu"."""
    return t.text[:1].isupper() and t.text.isalpha() and len(t.text) > 1


#: Rulers named by the place they rule from: "the junta in Niger", "the government in Kyiv".
RULERS = frozenset({"junta", "government", "regime", "authorities", "rulers"})


def _loyal_to(tokens: list[Token], m: Mention, span: Any) -> Mention:
    """ "Forces loyal to the Tripoli government", "troops loyal to Haftar": the forces are the party they are loyal to;
    "the junta in Niger" is Niger's."""
    if m.role in ("state", "capital") and m.first >= 3 and tokens[m.first - 1].low == "in" and tokens[m.first - 2].low in RULERS:
        k = m.first - 2 if tokens[m.first - 3].low not in ("military", "new", "transitional") else m.first - 3
        if k >= 1 and tokens[k - 1].low == "the":
            s, e, t = span(k, m.last)  # from the ruler noun: "the" stays a determiner, as before any party
            return replace(m, start=s, end=e, first=k, text=t)
    k = m.first - (2 if m.first >= 1 and tokens[m.first - 1].low == "the" else 1)
    if k < 2 or tokens[k].low != "to" or tokens[k - 1].low != "loyal" or tokens[k - 2].low not in PEOPLE:
        return m
    s, e, t = span(k - 2, m.last)
    return replace(m, start=s, end=e, first=k - 2, text=t)


#: Parts that, "for" drones or missiles, are their components: "engines for Russian drones", "chips for Iranian missiles".
PART_NOUNS = frozenset("engines engine components parts electronics microelectronics chips kits motors".split())


def _parts_for(tokens: list[Token], found: list[Mention], span: Any) -> list[Mention]:
    """ "Engines for Russian drones", "components for the missiles": parts named by what they are for, drone
    technology for drones and missile parts for missiles (GUIDELINES: components go with their class)."""
    if PART_NOUNS.isdisjoint(t.low for t in tokens):
        return []
    taken = {i for m in found for i in range(m.first, m.last)}
    out = []
    for i in range(len(tokens) - 2):
        if tokens[i].low not in PART_NOUNS or tokens[i + 1].low != "for" or i in taken:
            continue
        whole = next((m for m in found if m.kind in (MentionKind.WEAPON, MentionKind.SYSTEM) and i + 2 <= m.first <= i + 4), None)
        if whole is None or whole.category not in (Category.DRONE, Category.MISSILE):
            continue
        category = Category.DRONE_TECHNOLOGY if whole.category == Category.DRONE else Category.MISSILE
        s, e, t = span(i, i + 1)
        out.append(Mention(MentionKind.WEAPON, s, e, i, i + 1, t, category.value, "parts-for", category=category))
    return out


def _unnamed(tokens: list[Token], found: list[Mention]) -> list[Mention]:
    """Counterparts that are not named: "22 countries", "several African states", "Western partners"."""
    taken = {i for m in found for i in range(m.first, m.last)}
    out = []
    for i, tok in enumerate(tokens):
        if (
            tok.low in UNNAMED_SINGULAR
            and i > 0
            and tokens[i - 1].low in ("any", "another", "every", "each", "a", "third", "some")
            and i not in taken
        ):
            # "any government buying Iranian drones", "a third country": a counterpart that is not named
            out.append(
                Mention(
                    MentionKind.UNNAMED,
                    tokens[i - 1].start,
                    tok.end,
                    i - 1,
                    i + 1,
                    f"{tokens[i - 1].text} {tok.text}",
                    "",
                    "nlp.unnamed.v1",
                )
            )
            continue
        if tok.low not in UNNAMED_HEADS or i in taken:
            continue
        if tok.low == "states" and i > 0 and tokens[i - 1].low == "united":
            continue
        k = i
        while (
            k > 0
            and i - k < 4
            and (
                tokens[k - 1].low[:1].isdigit()
                or tokens[k - 1].low
                in (
                    "several",
                    "many",
                    "some",
                    "other",
                    "various",
                    "friendly",
                    "western",
                    "european",
                    "african",
                    "asian",
                    "arab",
                    "gulf",
                    "allied",
                    "neighbouring",
                    "neighboring",
                    "foreign",
                    "about",
                    "around",
                    "over",
                    "more",
                    "than",
                    "nearly",
                    "dozens",
                    "of",
                    "a",
                    "number",
                    "few",
                    "two",
                    "three",
                    "four",
                    "five",
                    "six",
                    "seven",
                    "eight",
                    "nine",
                    "ten",
                    "twenty",
                    "dozen",
                    "numerous",
                    "unnamed",
                    "unidentified",
                    "third",
                    "nato",
                    "-",  # "twenty-two countries"
                    "asean",
                    "eu",
                    "latin",
                    "american",
                )
                or (k - 1) in taken
            )
        ):
            k -= 1
        nxt = i + 2 if i + 2 < len(tokens) and tokens[i + 1].low == "," else i + 1
        listed = nxt < len(tokens) and tokens[nxt].low in ("including", "like", "such")
        if k == i and not listed:
            continue  # "countries" alone: "the two countries" is a reference, bare plurals say nothing
        # but "sold to countries including Ukraine and Qatar" names them
        if any(tokens[j].low in ("two", "both") for j in range(k, i)) and tokens[k].low in ("the", "both", "two"):
            continue
        if tokens[k].low in COUNTS and k > 0 and tokens[k - 1].low in ("all", "the", "these", "those"):
            continue  # "all three countries": a reference to a list named before
        s, e = tokens[k].start, tok.end
        out.append(Mention(MentionKind.UNNAMED, s, e, k, i + 1, " ".join(t.text for t in tokens[k : i + 1]), "", "nlp.unnamed.v1"))
    return out


COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}


_REF_FIRST = frozenset({"all", "the", "these", "those"} | {p[0] for p in REFERENCE_PAIRS} | {p[0] for p in REFERENCE_ONE})


def _by_opening(patterns: tuple[tuple[str, ...], ...]) -> dict[tuple[str, str], list[tuple[str, ...]]]:
    """Patterns by their first two words, in order: a token tries only those its next word can complete."""
    out: dict[tuple[str, str], list[tuple[str, ...]]] = {}
    for pattern in patterns:
        out.setdefault((pattern[0], pattern[1]), []).append(pattern)
    return out


_PAIRS_AT = _by_opening(REFERENCE_PAIRS)
_ONES_AT = _by_opening((*REFERENCE_ONE, *REFERENCE_SERVICES))


def _references(tokens: list[Token]) -> list[Mention]:
    out = []
    lows = [t.low for t in tokens]
    for i in range(len(tokens)):
        if lows[i] not in _REF_FIRST:
            continue
        if (
            i + 2 < len(tokens)
            and lows[i] in ("all", "the", "these", "those")
            and lows[i + 1] in COUNTS
            and lows[i + 2] in ("countries", "nations", "states", "governments")
        ):
            n = COUNTS[lows[i + 1]]
            if n > 2 or lows[i] == "all":
                out.append(
                    Mention(
                        MentionKind.REFERENCE,
                        tokens[i].start,
                        tokens[i + 2].end,
                        i,
                        i + 3,
                        " ".join(t.text for t in tokens[i : i + 3]),
                        f"list:{n}",
                        "nlp.reference.list.v1",
                    )
                )
                continue
        opening = (lows[i], lows[i + 1]) if i + 1 < len(lows) else ("", "")
        for pattern, value in ((p, "pair") for p in _PAIRS_AT.get(opening, ())):
            if tuple(lows[i : i + len(pattern)]) == pattern:
                j = i + len(pattern)
                out.append(
                    Mention(
                        MentionKind.REFERENCE,
                        tokens[i].start,
                        tokens[j - 1].end,
                        i,
                        j,
                        " ".join(t.text for t in tokens[i:j]),
                        value,
                        "nlp.reference.pair.v1",
                    )
                )
        for pattern in _ONES_AT.get(opening, ()):
            if tuple(lows[i : i + len(pattern)]) == pattern:
                j = i + len(pattern)
                if pattern[-1] == "north" and tokens[j - 1].text != "North":
                    continue  # "in the north" is a place; "the North" is the state
                value = pattern[-1] if pattern[-1] in ("latter", "former", "north") else "one"
                if pattern in REFERENCE_SERVICES:
                    value = "service:" + " ".join(pattern[1:])
                out.append(
                    Mention(
                        MentionKind.REFERENCE,
                        tokens[i].start,
                        tokens[j - 1].end,
                        i,
                        j,
                        " ".join(t.text for t in tokens[i:j]),
                        value,
                        "nlp.reference.one.v1",
                    )
                )
    return out

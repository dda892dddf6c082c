"""A sentence as the claim rules read it: tokens, mentions and slot finders.

The slot finders answer the questions every frame asks of a trigger word:
who is its subject, who stands after "to", "from" or "by", which weapon it
is about and where that weapon comes from. They work on the token sequence
and the mentions only (no parser), within the trigger's clause.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from armswatch.catalog import SUPRANATIONAL, Catalog
from armswatch.model import Category, EventType, Mention, MentionKind
from armswatch.nlp.pipeline import Token

PREPS = frozenset(
    [
        "to",
        "from",
        "by",
        "with",
        "in",
        "against",
        "of",
        "for",
        "on",
        "at",
        "into",
        "through",
        "via",
        "over",
        "about",
        "between",
        "including",
        "like",
        "than",
        "after",
        "before",
        "toward",
        "towards",
        "across",
        "near",
        "inside",
        "within",
        "under",
        "among",
        "amid",
        "during",
        "despite",
        "onto",
        "upon",
        "per",
        "among",
    ]
)
DETS = frozenset(
    [
        "the",
        "a",
        "an",
        "its",
        "their",
        "his",
        "her",
        "our",
        "some",
        "several",
        "more",
        "new",
        "own",
        "first",
        "latest",
        "this",
        "that",
        "these",
        "those",
    ]
)
BE = frozenset(
    ["is", "are", "was", "were", "be", "been", "being", "'s", "'re", "am", "get", "got", "gets", "getting", "has", "have", "had"]
)
ADVERBS = frozenset(
    [
        "also",
        "already",
        "reportedly",
        "allegedly",
        "reportedly",
        "recently",
        "now",
        "still",
        "just",
        "previously",
        "earlier",
        "later",
        "then",
        "repeatedly",
        "secretly",
        "quietly",
        "officially",
        "formally",
        "reportedly",
        "purportedly",
        "increasingly",
        "actively",
        "apparently",
        "not",
        "n't",
        "never",
        "further",
        "finally",
        "soon",
        "since",
        "once",
        "again",
        "long",
    ]
)
APPOSITIVES = frozenset(
    [
        "ally",
        "allies",
        "partner",
        "partners",
        "neighbour",
        "neighbor",
        "close",
        "longtime",
        "long-time",
        "key",
        "main",
        "strategic",
        "traditional",
        "old",
        "regional",
        "maker",
        "manufacturer",
        "manufacturers",
        "firm",
        "company",
        "companies",
        "producer",
        "contractor",
        "giant",
        "developer",
        "state-owned",
        "state-run",
        "defence",
        "defense",
        "arms",
        "drone",
        "aerospace",
        "group",
        "conglomerate",
        "agency",
    ]
)
# What stands between an owner's possessive and its weapons: "Rabat's three Heron drones", "the Houthis' long-range missiles".
OWNED_MODIFIERS = frozenset(
    "first new three two four five six ten twelve long short medium range - older old latest newest modern advanced heavy".split()
)
DELEGATES = frozenset("delegations delegation officials visitors representatives buyers customers guests".split())
STATE_ADJECTIVES = frozenset({"U.S.", "US", "UK", "U.K.", "EU"})
ATTACK_NOUNS = tuple([w] for w in "attack attacks strike strikes raid raids assault assaults".split())
PART_OF_WHOLE = frozenset("much most part half all bulk some many".split())
DESIGN_NOUNS = (["design"], ["designs"], ["models"], ["make"])
CLAUSE_BREAKS = frozenset({";", "while", "whereas", "although", "though", "but", "however", "meanwhile", "because"})
SUBORDINATORS = frozenset({"before", "after", "until", "when", "once", "since", "as"})
SUBJECT_PRONOUNS = frozenset({"it", "they", "he", "she", "we", "i"})
LIST_FOLLOWERS = PREPS | frozenset(
    "and or as also too alike respectively last this next earlier later recently which who where while but ahead according said "
    "says say reported officials respectively each both all".split()
)
PRONOUNS_ONE = frozenset({"it", "its", "itself"})
PRONOUNS_MANY = frozenset({"they", "their", "them"})
#: Weapon nouns wide enough to name any kind named before: "the aircraft" may be the drones, "the weapons" the missiles.
UMBRELLA = frozenset("aircraft weapons arms systems hardware equipment platforms munitions".split())
#: Words that make a weapon the one named before: "the missiles", "these drones".
DEFINITE = frozenset({"the", "these", "those", "such", "same"})  # "bought the same drones"
#: Nouns a party's name only modifies when it stands for the source of a report: "U.S. documents", "Israeli intelligence".
SOURCE_NOUNS = frozenset("documents document intelligence sources media officials data assessment assessments estimates cables".split())
PEOPLE_PRONOUNS = frozenset({"he", "she", "his", "her"})
OPERATE_VERBS = frozenset(
    "use uses used launch launches launched fire fires fired fly flies flew operate operates operated deploy deploys deployed".split()
)
SOURCE_VERBS = frozenset("say says said believe believes believed allege alleges alleged".split())
# What may stand between an interjected source and the verb it qualifies: "which Washington says has armed".
INTERJECTED = frozenset(", has have had is was were are been be will would also already recently reportedly secretly".split())
QUOTES = frozenset({'"', "“", "”", "''", "``"})
SPEECH_VERBS = frozenset("said says told tells added adds wrote writes stated insisted declared insists".split())
LIST_LINKS = frozenset({",", "and", "or", "&", "as", "well"})
PARTY_KINDS = frozenset({MentionKind.ACTOR, MentionKind.REFERENCE})
#: Words that write a sum of money: "$1.4 billion", "€200 million".
MONEY_WORDS = frozenset({"$", "€", "£", "million", "billion"})


def size_words(lows: list[str]) -> int:
    """How many of the words size a deal ("a $735 million sale"): sums of money and figures, which widen a reach."""
    return sum(1 for low in lows if low in MONEY_WORDS or low[:1].isdigit())


#: What a state's forces are called after "its"/"their": "its forces", "their troops".
FORCE_NOUNS = frozenset("forces troops military army units navy crews".split())
#: Verbs of a purpose clause whose object receives: "to resupply Houthi forces", "to arm the RSF".
PURPOSE_VERBS = frozenset("resupply supply arm rearm equip re-equip replenish reinforce".split())
#: Nouns that a party's name modifies rather than heads: "the first NATO member", "a Western ally".
MODIFIED_NOUNS = frozenset("member members ally allies partner partners country state nation bloc".split())


@dataclass(frozen=True, slots=True)
class Dyad:
    """The sides and weapon of a claim made in a sentence before, for a clause that names only one side."""

    type: EventType
    supplier: str
    recipient: str
    system: str | None
    category: Category | None


@dataclass(frozen=True, slots=True)
class Party:
    """A resolved party and the mention (or pronoun token) that named it."""

    id: str
    start: int
    end: int
    mention: Mention | None = None


@dataclass
class Analysis:
    tokens: list[Token]
    mentions: list[Mention]
    catalog: Catalog
    resolve_back: Callable[[str, int], list[str]]  # ("one"|"pair"|"latter"|"former"|"many", n) -> party ids from earlier text
    origin_back: Callable[[], str | None] = lambda: None  # where the weapons of the sentences before come from
    known: dict[str, str] = field(default_factory=dict)  # recipient -> supplier of transfers seen so far in the document
    military_before: bool = False  # whether the sentence before named weapons (an unqualified "memorandum" is then the defence one)
    recent: list[Dyad] = field(default_factory=list)  # the claims of the two sentences before, latest first
    lows: list[str] = field(init=False)
    at: list[Mention | None] = field(init=False)  # the party-like mention covering each token
    ends: dict[int, Mention] = field(init=False)  # party-like mention by its last token index
    weapons: list[Mention] = field(init=False)
    weapon_tokens: set[int] = field(init=False)
    _weapon_words: set[int] = field(init=False)

    def __post_init__(self) -> None:
        self.lows = [t.low for t in self.tokens]
        n = len(self.tokens)
        self.at = [None] * n
        self.ends = {}
        self.weapons = []
        self.weapon_tokens = set()
        self._weapon_words = set()
        for m in self.mentions:
            if m.kind in (MentionKind.SYSTEM, MentionKind.WEAPON):
                self.weapons.append(m)
                self._weapon_words.update(range(m.first, m.last))
                if m.last - m.first > 1:
                    self.weapon_tokens.update(range(m.first, m.last))
                continue
            if m.kind in (MentionKind.ACTOR, MentionKind.REFERENCE, MentionKind.UNNAMED, MentionKind.OUTLET, MentionKind.ORIGIN):
                if any(self.at[i] is not None for i in range(m.first, m.last)):
                    continue
                for i in range(m.first, m.last):
                    self.at[i] = m
                self.ends[m.last - 1] = m

    # -- parties -----------------------------------------------------------

    def party_ids(self, m: Mention) -> list[str]:
        """The party ids a mention stands for (a reference may stand for two, or a list)."""
        if m.kind == MentionKind.ACTOR:
            return [m.value]
        if m.kind == MentionKind.REFERENCE:
            if m.value.startswith("list:"):
                return self._list_before(m.first, int(m.value[5:]))
            return self.resolve_back(m.value, m.first)
        return []

    def _list_before(self, before: int, size: int) -> list[str]:
        """ "all three countries": the latest coordinated list of that many parties before the phrase."""
        for j in range(before - 1, -1, -1):
            m = self.ends.get(j)
            if m is None or m.kind != MentionKind.ACTOR:
                continue
            members = [m]
            k = m.first - 1
            while (
                k > 0 and self.lows[k] in (",", "and") and self.ends.get(k - 1) is not None and self.ends[k - 1].kind == MentionKind.ACTOR
            ):
                members.insert(0, self.ends[k - 1])
                k = self.ends[k - 1].first - 1
            ids = list(dict.fromkeys(x.value for x in members))
            if len(ids) == size:
                return ids
        return []

    def members(self, unnamed: Mention) -> list[Party]:
        """The named members of an unnamed set: "22 countries, including Algeria", "..., naming Algeria and Serbia among them"."""
        found = self._including(unnamed)
        if found:
            return found
        n = len(self.tokens)
        for k in range(unnamed.last, n):
            if self.lows[k] in (";",):
                break
            if self.lows[k] in ("naming", "including", "listing", "notably", "among") and k > unnamed.last:
                m = self._object_at(k + 1)
                if m is not None and m.kind in PARTY_KINDS:
                    return self.expand(m)
        return []

    def parties(self, m: Mention) -> list[Party]:
        return [Party(pid, m.start, m.end, m) for pid in self.party_ids(m)]

    def pronoun(self, i: int) -> list[Party]:
        """Resolve "it", "its", "they" at token i to the latest party before it."""
        low = self.lows[i]
        want = "many" if low in PRONOUNS_MANY else "one"
        fallback: Mention | None = None
        for j in range(i - 1, -1, -1):
            m = self.at[j]
            if (
                m is not None
                and m.first == j
                and m.kind == MentionKind.ACTOR
                and m.role not in ("adjective",)
                and m.value not in SUPRANATIONAL
            ):
                k = m.first - 1
                while k >= 0 and self.lows[k] in DETS:
                    k -= 1
                absolute = (
                    k >= 0 and self.lows[k] == "with" and m.last < i and self.lows[m.last].endswith("ing")
                )  # "with the US supplying ... its"
                if absolute or (k >= 0 and self.lows[k] in ("from", "to", "in", "at", "into", "for", "on", "citing", "quoting")):
                    # "received jets from Russia, and ... it has since used them": not Russia; "citing U.S. officials": a source
                    fallback = fallback or m
                    continue
                if self.lows[m.last : m.last + 1] and self.lows[m.last] in SOURCE_NOUNS:
                    fallback = fallback or m  # "denied a report, based on leaked U.S. documents, that it planned": not the U.S.
                    continue
                return [Party(m.value, m.start, m.end, m)]
        if fallback is not None:
            return [Party(fallback.value, fallback.start, fallback.end, fallback)]
        ids = self.resolve_back(want, i)
        t = self.tokens[i]
        return [Party(pid, t.start, t.end) for pid in ids[:1]]

    def expand(self, m: Mention, leftwards: bool = False) -> list[Party]:
        """A party and those coordinated with it: "Algeria, Armenia, Serbia and Venezuela"."""
        found = self.parties(m)
        n = len(self.tokens)
        j = m.last
        while j < n:
            k = j
            while (k < n and self.lows[k] in LIST_LINKS) or (k < n and self.lows[k] in ("the", "to", "also")):
                k += 1
            if k == j or k >= n:
                break
            nxt = self.at[k]
            if nxt is None or nxt.first != k or nxt.kind not in PARTY_KINDS:
                break
            if nxt.kind == MentionKind.ACTOR and nxt.role in ("office", "person") and m.role not in ("office", "person"):
                break  # "to Russia, U.S. Secretary of State Antony Blinken said": a source, not a list member
            after = self.tokens[nxt.last].text if nxt.last < n else "."
            if after.isalpha() and after.islower() and after.lower() not in LIST_FOLLOWERS and {",", "and"} & set(self.lows[j:k]):
                break  # "delivered to Pakistan and Azerbaijan, and Saudi Arabia signed for it": a new clause's subject
            links = set(self.lows[j:k])
            if "," in links and not links & {"and", "or"} and after.lower() in ("said", "says", "reported", "told", "added", "announced"):
                break  # "to resupply the Houthis, the Royal Navy said": the source, not a second recipient
            found += self.parties(nxt)
            j = nxt.last
        if leftwards:
            # "Saudi Arabia and the United States": only a list that ends in "and"/"or" reaches left
            j = m.first - 1
            while j >= 0 and self.lows[j] == "the":
                j -= 1
            if j >= 1 and self.lows[j] in ("'s", "'") and m.role == "maker":
                owner = self.ends.get(j - 1)  # "Baykar and Italy's Leonardo": the maker's state says where it is, no list
                if owner is not None and owner.kind == MentionKind.ACTOR and owner.value == m.value:
                    j = owner.first - 1
            link = self.lows[j] if j >= 0 else ""
            if link in ("and", "or", "nor"):
                while j > 0:
                    k = j - 1
                    while k >= 0 and self.lows[k] == "the":
                        k -= 1
                    prev = self.ends.get(k)
                    if prev is None or prev.kind not in PARTY_KINDS:
                        break
                    found = self.parties(prev) + found
                    j = prev.first - 1
                    while j >= 0 and self.lows[j] == "the":
                        j -= 1
                    if j < 0 or self.lows[j] != ",":
                        break
        return found

    def _object_at(self, k: int) -> Mention | None:
        """The party-like mention starting at token k, skipping determiners and appositive words
        ("its ally Turkey", "Turkish drone maker Baykar", "the state-owned firm Rafael")."""
        n = len(self.tokens)
        start = k
        while k < n and k - start < 6:
            low = self.lows[k]
            held = self.at[k]
            if held is not None and held.kind == MentionKind.REFERENCE and held.first >= start:
                return held  # "the group", "the country": a reference, whatever its words
            if low in DETS or low in APPOSITIVES or low in ("at", "least", "more", "than", "about", "around", "nearly", "over", "some"):
                k += 1  # "to at least 30 countries, including ...": the quantity leads to the unnamed set
                continue
            m = self.at[k]
            if m is not None and m.first == k and m.kind == MentionKind.ORIGIN:
                nxt = m.last
                while nxt < n and (self.lows[nxt] in APPOSITIVES or any(w.first == nxt for w in self.weapons)):
                    w = next((w for w in self.weapons if w.first == nxt), None)
                    nxt = w.last if w is not None else nxt + 1
                later = self.at[nxt] if nxt < n else None
                if later is not None and later.first == nxt and later.kind == MentionKind.ACTOR:
                    return later
                return m
            break
        if k >= n:
            return None
        m = self.at[k]
        return m if m is not None and m.first == k else None

    def after(self, i: int, preps: frozenset[str] | set[str], window: int = 14) -> list[Party]:
        """Parties after the first of `preps` that follows token i within its clause."""
        n = len(self.tokens)
        for k in range(i + 1, min(n, i + 1 + window)):
            low = self.lows[k]
            if low in CLAUSE_BREAKS or (low == "," and k + 1 < n and self.lows[k + 1] in ("which", "who", "where", "while", "but")):
                return []
            if low in SUBORDINATORS and k + 1 < n and self.lows[k + 1] in SUBJECT_PRONOUNS:
                return []  # "weighed buying JF-17s before it settled on F-16s from Denmark": another clause's party
            if low in preps:
                if low == "to" and self.lows[k - 1] in ("according", "due", "owing", "thanks", "close", "next", "compared"):
                    continue  # "according to South Korean intelligence": a source, not a recipient
                m = self._object_at(k + 1)
                if m is None and low == "to" and k + 2 < n and self.lows[k + 1] in PURPOSE_VERBS:
                    m = self._object_at(k + 2)  # "weapons from Iran to resupply Houthi forces": the party supplied
                if m is None and k + 3 < n and self.lows[k + 1] in DELEGATES and self.lows[k + 2] == "from":
                    m = self._object_at(k + 3)  # "showcased drones to delegations from Kuwait and Qatar": their states
                if m is None:
                    continue
                if m.kind == MentionKind.UNNAMED:
                    return self._including(m)
                if m.kind not in PARTY_KINDS:
                    continue
                m = self._possessed(m)
                return self.expand(m)
        return []

    def _possessed(self, m: Mention) -> Mention:
        """ "Yemen's Huthi rebels": the group after a state's possessive is the party."""
        n = len(self.tokens)
        if m.last + 1 < n and self.lows[m.last] in ("'s", "'"):
            k = m.last + 1
            nxt = self.at[k]
            if nxt is not None and nxt.first == k and nxt.kind == MentionKind.ACTOR and nxt.role == "group":
                return nxt
        return m

    def _including(self, unnamed: Mention) -> list[Party]:
        """ "22 countries, including Algeria and Armenia": the named members."""
        n = len(self.tokens)
        k = unnamed.last
        while k < n and self.lows[k] in (",", "—", "-", "("):
            k += 1
        if k < n and self.lows[k] in ("including", "like", "among"):
            k += 1
        elif k + 1 < n and self.lows[k] == "such" and self.lows[k + 1] == "as":
            k += 2
        else:
            return []
        m = self._object_at(k)
        if m is None or m.kind not in PARTY_KINDS:
            return []
        return self.expand(m)

    def object_party(self, i: int) -> list[Party]:
        """A party right after the verb: "provided Russia with", "armed the Houthis"."""
        m = self._object_at(i + 1)
        if m is None:
            return []
        if m.kind == MentionKind.UNNAMED:
            return self._including(m)
        if m.kind not in PARTY_KINDS:
            return []
        return self.expand(self._possessed(m))

    def subject(self, i: int, limit: int = 25) -> tuple[list[Party], bool]:
        """The party acting at token i, scanning left; (parties, blocked by an unnamed subject)."""
        j = i - 1
        gerund_after_prep = j >= 0 and self.lows[j] in ("of", "for", "over", "after", "by", "in")
        if (
            j >= 2
            and self.lows[j] in ("and", "or")
            and self.lows[j - 1].endswith("ing")
            and self.lows[j - 2] in ("of", "for", "over", "in", "by")
        ):
            gerund_after_prep = True  # "in training and arming the Polisario": the gerunds share their preposition
        stop = max(-1, i - 1 - limit)
        while j > stop:
            low = self.lows[j]
            if low == ",":
                # "The drones, which analysts say come from Iran, have been flown": skip the aside to its antecedent
                k = j - 1
                while k > stop and self.lows[k] not in (",", ";", "(", ")"):
                    k -= 1
                if k > stop and self.lows[k] == "," and self.lows[k + 1] in ("which", "who"):
                    j = k - 1
                    continue
            if low in (";",) or (low in CLAUSE_BREAKS and low not in ("while",) and j < i - 1):
                return [], False
            if low in ("which", "who", "that") and j > 0:
                k = j - 1
                if self.lows[k] == ",":
                    k -= 1
                ante = self.ends.get(k)
                if ante is not None and ante.kind in PARTY_KINDS:
                    before = ante.first - 1
                    while before >= 0 and self.lows[before] in DETS:
                        before -= 1
                    if (
                        low == "that"
                        and k == j - 1
                        and before >= 0
                        and self.lows[before] in PREPS
                        and (ante.role in ("state", "capital", "adjective") or self.lows[before] not in ("on", "against"))
                    ):
                        # "a ship off the coast of Somalia that was supplying": the ship, not Somalia; but "sanctions on
                        # Iranian companies that shipped missiles": the companies
                        return [], False
                    return self.expand(ante, leftwards=True), False
                if low != "that" or any(w.last - 1 == k for w in self.weapons):
                    return [], False  # "the drones that struck Port Sudan": the drones act
            if low in ("he", "she") and self.at[j] is None:
                for k in range(j - 1, -1, -1):
                    m = self.at[k]
                    if m is not None and m.kind == MentionKind.ACTOR and m.role in ("person", "office"):
                        return [Party(m.value, self.tokens[j].start, self.tokens[j].end, m)], False
                return [], False
            if (low == "we" or (low in ("country", "nation", "government") and self.lows[j - 1 : j] == ["our"])) and self.at[j] is None:
                speaker = self.quote_speaker(j)  # '"Our country has not sold a single bullet to Ukraine," Vucic said'
                if speaker:
                    return speaker, False  # '"We have not supplied Russia," Baykar's chief said': the speaker's side
            if low in ("its", "their") and self.at[j] is None and j + 1 < i and self.lows[j + 1] in FORCE_NOUNS:
                return self.pronoun(j), False  # "which its forces have launched at": the forces' state acts
            if low in PRONOUNS_ONE | PRONOUNS_MANY and self.at[j] is None:
                if low in ("them", "its", "their"):
                    j -= 1
                    continue
                return self.pronoun(j), False
            m = self.ends.get(j)
            if m is not None:
                if m.kind == MentionKind.UNNAMED:
                    if (
                        m.first >= 2
                        and self.lows[m.first - 1] in ("of", "among")
                        and self.lows[m.first - 2] in ("one", "among", "is", "was", "are", "were")
                    ):
                        j = m.first - 1
                        continue
                    named = self.members(m)
                    return (named, False) if named else ([], True)
                if (
                    m.kind in PARTY_KINDS
                    and m.last < i - 1
                    and self.lows[m.last] in SOURCE_VERBS
                    and all(self.lows[k] in INTERJECTED for k in range(m.last + 1, i))
                ):
                    j = m.first - 1  # "which Washington says has armed the Houthis": the source, not the subject
                    continue
                if m.kind in PARTY_KINDS and (m.kind != MentionKind.ACTOR or m.role != "adjective"):
                    before = m.first - 1
                    while before >= 0 and self.lows[before] in DETS:
                        before -= 1
                    prep = before >= 0 and self.lows[before] in PREPS
                    if prep and before >= 1 and self.lows[before] == "of" and self.lows[before - 1] in PART_OF_WHOLE:
                        prep = False  # "Much of Myanmar's air force is made up of": the whole is the subject
                    head = m
                    nxt_low = self.lows[m.last] if m.last < len(self.lows) else ""
                    in_list = before >= 0 and (
                        self.lows[before] in ("and", "or", "nor") or (self.lows[before] == "," and nxt_low in (",", "and", "or"))
                    )
                    while not prep and in_list and before >= 1 and self.lows[before] in (",", "and", "or", "nor"):
                        prev = self.ends.get(before - 1)
                        if prev is None or prev.kind not in PARTY_KINDS:
                            break
                        head = prev
                        before = head.first - 1
                        while before >= 0 and self.lows[before] in DETS:
                            before -= 1
                        prep = before >= 0 and self.lows[before] in PREPS  # "in Syria, Libya and Azerbaijan"
                    lead = m.first - 1
                    while lead >= 0 and m.first - lead <= 3 and self.tokens[lead].text.islower() and self.lows[lead] not in ("a", "an"):
                        lead -= 1
                    if m.last < len(self.tokens) and self.lows[m.last] in MODIFIED_NOUNS:
                        prep = True  # "the first NATO member to acquire", "a Russian ally": a modifier, not a subject
                    if (
                        lead >= 0
                        and self.lows[lead] in ("a", "an")
                        and m.role in ("state", "capital", "group")
                        and m.last < len(self.tokens)
                        and self.tokens[m.last].text.islower()
                    ):
                        prep = True  # "a previous Israel attack": a modifier, not a subject
                    possessive = m.last < len(self.tokens) and self.lows[m.last] in ("'s", "'")
                    by_agent = before >= 0 and self.lows[before] == "by"
                    if (
                        prep
                        and m.last == i
                        and self.lows[i].endswith("ing")
                        and self.lows[before] in ("of", "about", "on", "over", "against")
                        and self.lows[before - 1 : before] not in ATTACK_NOUNS  # "attacks on Israel using drones": the target
                    ):
                        return self.expand(m, leftwards=True), False  # "details of Iran supplying Russia": the gerund's subject
                    if (
                        prep
                        and self.lows[before] in ("after", "before", "since", "until", "once")
                        and all(self.lows[k] in INTERJECTED for k in range(m.last, i))
                    ):
                        return self.expand(m, leftwards=True), False  # "after Jakarta signed for 12": a clause's subject
                    if (
                        not prep
                        and not possessive
                        and self.lows[m.last : i] == ["and"]
                        and before >= 0
                        and self.tokens[before].text.isalpha()
                        and self.tokens[before].text.islower()
                        and self.lows[before] not in PREPS
                    ):
                        j = before  # "Iran backs the Houthis and supplies them": the object of the verb before is no subject
                        continue
                    if (not prep or (gerund_after_prep and not by_agent)) and not possessive:
                        return self.expand(m, leftwards=True), False
                    if prep and self.lows[before] == "with" and self.lows[m.last : m.last + 1] and self.lows[m.last].endswith("ing"):
                        return self.expand(m), False  # "with the United States supplying 45 per cent": an absolute clause's subject
                    if (
                        possessive
                        and not prep
                        and m.last + 1 < i
                        and m.last + 5 >= i
                        and not any(w.first > m.last and w.last <= i for w in self.weapons)
                        and all(self.at[k] is None for k in range(m.last + 1, i))
                        and "," not in self.lows[m.last : i]  # "the RSF's main backer, supplying it": the clause's subject
                    ):
                        return self.parties(m), False  # "Kosovo's security force has taken delivery": the owner acts
                    if possessive and m.last + 1 < len(self.tokens) and self.at[m.last + 1] is None and m.last + 1 < i:
                        # "Russia's defence ministry": handled as one actor; "Iran's drones": owner, not subject
                        pass
                j = m.first - 1
                continue
            j -= 1
        return self._after_opening_clause(i), False

    def _after_opening_clause(self, i: int) -> list[Party]:
        """ "Having bought Turkish drones in 2021, Poland ...": an opening participle's subject is the main clause's,
        the party right after the comma that closes it."""
        k = i - 1
        if k >= 0 and self.lows[k] in ("having", "after", "before", "since", "while"):
            k -= 1
        elif not self.lows[i].endswith("ing"):
            return []
        if k >= 0:
            return []  # the participle does not open the sentence
        comma = next((c for c in range(i + 1, min(len(self.lows), i + 16)) if self.lows[c] in (",", ";")), None)
        if comma is None or self.lows[comma] != ",":
            return []
        m = self._object_at(comma + 1)
        return self.parties(m) if m is not None and m.kind == MentionKind.ACTOR and m.role != "adjective" else []

    def opening(self) -> Mention | None:
        """The mention the sentence opens with, after a leading "the": its subject when it starts with one."""
        return self.at[1] if self.lows[:1] == ["the"] and len(self.at) > 1 else (self.at[0] if self.at else None)

    def quote_speaker(self, i: int) -> list[Party]:
        """The party that speaks the quotation holding token i, when it is named right after it: '"...," X said'."""
        n = len(self.tokens)
        close = next((k for k in range(i + 1, n) if self.tokens[k].text in QUOTES), None)
        if close is None or not any(self.tokens[k].text in QUOTES for k in range(0, i)):
            return []
        window = range(close + 1, min(n, close + 12))
        if not any(self.lows[k] in SPEECH_VERBS for k in window):
            return []
        for k in window:
            m = self.at[k]
            if m is not None and m.kind == MentionKind.ACTOR and m.role != "adjective" and m.value not in SUPRANATIONAL:
                return self.parties(m)
            if self.lows[k] in (".", ";"):
                break
        return []

    def possessor(self, i: int) -> list[Party]:
        """The party whose possessive or adjective stands before a noun trigger: "Iran's supply", "Russia's leading supplier"."""
        j = i - 1
        steps = 0
        while j >= 0 and steps < 5:
            low = self.lows[j]
            if low in ("'s", "'") and j > 0:
                m = self.ends.get(j - 1)
                if m is not None and m.kind in PARTY_KINDS:
                    return self.parties(m)
                return []
            m = self.ends.get(j)
            if m is not None and m.kind == MentionKind.ACTOR and m.role in ("adjective", "state", "capital", "group"):
                if m.role != "adjective" and not (m.last < len(self.tokens) and self.lows[m.last] in ("'s", "'")):
                    prev = m.first - 1
                    if prev >= 0 and self.lows[prev] in PREPS:
                        return []
                return self.parties(m)
            if low in PREPS or low in CLAUSE_BREAKS or low in (",", ".", "and", "or"):
                return []  # "Libya and Azerbaijan and interest in them": a list, not a possessor
            j -= 1
            steps += 1
        return []

    # -- weapons -----------------------------------------------------------

    def weapons_near(self, i: int, end: int, prefer_right: bool = True, window: int = 15) -> list[Mention]:
        """The weapon mentions a trigger at [i, end) is about: the nearest group in its clause."""
        if not self.weapons:
            return []
        right = [w for w in self.weapons if end <= w.first <= end + window]
        left = [w for w in self.weapons if i - window <= w.last - 1 < i]
        ordered = (right, left[::-1]) if prefer_right else (left[::-1], right)
        for group in ordered:
            if group:
                first = group[0]
                out = [first]
                for w in group[1:]:
                    if abs(w.first - out[-1].last) <= 5 or abs(out[-1].first - w.last) <= 5:
                        out.append(w)
                return out
        return []

    def in_weapon(self, k: int) -> bool:
        """Whether token k is part of a weapon's mention, one word or more ("drone", "Shahed drones")."""
        return k in self._weapon_words

    def weapons_before(self, i: int, window: int) -> list[Mention]:
        """The weapons named in this sentence that end at most `window` words before token i: what a verb's subject holds."""
        return [w for w in self.weapons if 0 <= w.last <= i and i - w.last <= window]

    def context_is_military(self) -> bool:
        return self.military_before or bool(self.weapons)

    def operator_of(self, weapons: list[Mention]) -> list[Party]:
        """The party named as the weapons' operator right after them: "Pantsir systems used by Haftar's LNA"."""
        n = len(self.tokens)
        for w in weapons:
            k = w.last
            if 0 <= k < n - 2 and self.lows[k] in ("used", "operated", "flown", "fielded") and self.lows[k + 1] == "by":
                m = self._object_at(k + 2)
                if m is not None and m.kind in PARTY_KINDS:
                    return self.parties(self._possessed(m))
        return []

    def relative_operator(self, weapons: list[Mention], after: int) -> list[Party]:
        """The party that operates the weapons in a relative clause on them: "the drones that Russia launched at Kyiv"."""
        n = len(self.tokens)
        for w in weapons:
            k = w.last
            if w.first < after or k >= n - 2 or self.lows[k] not in ("that", "which"):
                continue
            m = self._object_at(k + 1)
            if m is None or m.kind not in PARTY_KINDS:
                continue
            if any(self.lows[v] in OPERATE_VERBS for v in range(m.last, min(n, m.last + 6))):  # "Russian units are expected to fire"
                return self.parties(self._possessed(m))
        return []

    def from_context(self, suppliers: list[Party], recipients: list[Party], weapons: list[Mention]) -> tuple[list[Party], list[Party]]:
        """A clause that names one side, or none, of weapons a sentence before has placed: "Ukraine asked Germany for
        Taurus missiles. Berlin declined to send the missiles"; "Greece bought 24 Rafales. The last of the aircraft
        landed in January". The missing side comes from the latest claim of the two sentences before whose weapon is
        the one named here: the same system, or the same kind said with "the" ("the missiles") and a side in the same
        role. With no side named, the clause must name no other party."""
        # named here, or a system named just before and pointed to ("delivered the last of them"): "its revenue from
        # exports" points to no weapons
        pointed = "them" in self.lows or "it" in self.lows
        weapons = [w for w in weapons if w.first >= 0 or (pointed and w.kind == MentionKind.SYSTEM)]
        if (suppliers and recipients) or not self.recent or not weapons:
            return suppliers, recipients
        named = [
            p for p in suppliers or recipients if p.mention is not None and p.mention.kind in (MentionKind.ACTOR, MentionKind.REFERENCE)
        ]
        if not named and any(
            (m.kind == MentionKind.ACTOR and m.role not in ("adjective", "office", "person") and m.value not in SUPRANATIONAL)
            or m.kind == MentionKind.REFERENCE
            for m in self.mentions
        ):
            return suppliers, recipients  # a party stands in the clause that the frame did not place: no guessing
        systems = {w.value for w in weapons if w.kind == MentionKind.SYSTEM}
        definite = [w for w in weapons if w.first > 0 and self.lows[w.first - 1] in DEFINITE]
        known = named
        if known and known[0].mention.value.startswith("service:"):  # type: ignore[union-attr]
            return suppliers, recipients  # "the navy will get 15 of them": a share of the same purchase, not a new claim
        also = "also" in self.lows  # "It has also supplied Fath-360 missiles": more of the same dyad
        for d in self.recent:
            side = d.supplier if known and suppliers else d.recipient
            if also and known and known[0].id == side:
                pass
            elif systems:
                if d.system not in systems:
                    continue
            elif not definite or not any(w.category in (None, d.category) or w.text.lower().split()[-1] in UMBRELLA for w in definite):
                continue
            if known and known[0].id != side:
                continue  # "Russia sent the drones" after "Iran sent drones to Russia": not the side named before
            at = weapons[0].start  # the context names the side: no span of its own in this sentence
            supplier, recipient = [Party(d.supplier, at, at)], [Party(d.recipient, at, at)]
            if known and suppliers:
                return suppliers, recipient
            if known:
                return supplier, recipients
            return supplier, recipient
        return suppliers, recipients

    def owner_of(self, weapons: list[Mention]) -> list[Party]:
        """The party whose possessive stands before the weapons: "Rabat's three Heron drones"."""
        start = min((w.first for w in weapons if w.first >= 0), default=-1)
        if start < 0:
            return []
        k = start - 1
        while k >= 0 and start - k <= 4 and (self.tokens[k].low[:1].isdigit() or self.lows[k] in OWNED_MODIFIERS):
            k -= 1
        origin = self.ends.get(k)
        if k >= 0 and origin is not None and origin.kind == MentionKind.ORIGIN:
            k = origin.first - 1  # "Azerbaijan's Israeli-made Harops"
        if k >= 1 and self.lows[k] in ("'s", "'"):
            m = self.ends.get(k - 1)
            if m is not None and m.kind == MentionKind.ACTOR:
                return [Party(m.value, m.start, m.end, m)]
            if m is not None and m.kind == MentionKind.REFERENCE:
                return self.parties(m)  # "the country's Chinese-built drones"
        elif k >= 0 and self.lows[k] in ("its", "their") and self.at[k] is None:
            return self.pronoun(k)
        return []

    def origins_of(self, weapons: list[Mention]) -> list[Party]:
        """All the origins of the weapons: "Turkish, Iranian and Chinese drones" has three."""
        first = self.origin_of(weapons)
        if first is None:
            return []
        found = [first]
        m = first.mention
        if (m is None or m.kind != MentionKind.ORIGIN) and weapons and weapons[0].first >= 0:
            near = [
                o for o in self.mentions if o.kind == MentionKind.ORIGIN and o.value == first.id and 0 <= weapons[0].first - o.last <= 4
            ]
            m = near[-1] if near else m
        if m is not None and m.kind == MentionKind.ORIGIN:
            k = m.first - 1
            while k > 0 and self.lows[k] in (",", "and", "or"):
                prev = self.ends.get(k - 1)
                if prev is None or prev.kind != MentionKind.ORIGIN:
                    break
                found.insert(0, Party(prev.value, prev.start, prev.end, prev))
                k = prev.first - 1
        return found

    def _origin_after(self, w: Mention) -> Party | None:
        """ "missiles of Iranian origin", "drones of Iranian design"; "the drones that struck Aramco were Iranian-made"."""
        n = len(self.tokens)
        if w.last < 0:
            return None

        def of_origin(k: int) -> Party | None:
            if k + 2 < n and self.lows[k] == "of":
                m = self.at[k + 1]
                if (
                    m is not None
                    and m.kind in (MentionKind.ACTOR, MentionKind.ORIGIN)
                    and self.lows[m.last : m.last + 1]
                    in (
                        ["origin"],
                        ["design"],
                        ["make"],
                        ["manufacture"],
                    )
                ):
                    return Party(m.value, m.start, m.end, m)
            return None

        found = of_origin(w.last)
        if found is not None:
            return found
        # a copula after the weapons' own clause: "the drones (that struck Aramco) were Iranian-made", "... were of Iranian origin"
        for j in range(w.last, min(n - 1, w.last + 10)):
            if self.lows[j] in (",", ";"):
                break
            if self.lows[j] in ("was", "were", "is", "are"):
                k = j + 1
                while k < n - 1 and self.lows[k] in ("largely", "mostly", "mainly", "overwhelmingly", "predominantly", "still"):
                    k += 1
                m = self.at[k]
                if (
                    m is not None
                    and m.first == k
                    and m.kind == MentionKind.ACTOR
                    and m.role == "adjective"
                    and self.lows[m.last : m.last + 1] in ([], ["."], [","], [";"], ["and"])
                ):
                    return Party(m.value, m.start, m.end, m)  # "the bulk of its fighter fleet is Russian"
                m = self.at[j + 1]
                if m is not None and m.kind == MentionKind.ORIGIN and m.first == j + 1:
                    return Party(m.value, m.start, m.end, m)
                if m is not None and m.kind == MentionKind.ACTOR and m.first == j + 1 and self.lows[m.last : m.last + 1] in DESIGN_NOUNS:
                    return Party(m.value, m.start, m.end, m)  # "the missiles are Iranian designs"
                return of_origin(j + 1)
        return None

    def origin_of(self, weapons: list[Mention], use_context: bool = True) -> Party | None:
        """Where the weapons come from: "Iranian drones", a system's origin, "made in Iran", a maker."""
        for w in weapons:
            if w.kind == MentionKind.WEAPON and w.origin:
                return Party(w.origin, w.start, w.end)
            if w.first < 0:
                continue  # a weapon named in an earlier sentence
            prev = self.ends.get(w.first - 1)
            if prev is not None and prev.kind == MentionKind.ORIGIN:
                return Party(prev.value, prev.start, prev.end, prev)
            if prev is not None and prev.kind == MentionKind.ACTOR and prev.role in ("maker",):
                return Party(prev.value, prev.start, prev.end, prev)
            if (
                prev is not None
                and prev.kind == MentionKind.ACTOR
                and self.tokens[prev.first].text in STATE_ADJECTIVES
                and prev.last == prev.first + 1
                and self.lows[prev.first - 1 : prev.first] not in (["a"], ["an"])  # "a U.S. warship seized": an actor
            ):
                return Party(prev.value, prev.start, prev.end, prev)  # "U.S. weapons", "UK missiles": the short name as adjective
            if prev is None and w.first >= 3 and self.lows[w.first - 1] in ("or", "and"):
                # "North Korean troops or weapons": the demonym of the noun coordinated before
                before = self.at[w.first - 2]
                if (
                    before is not None
                    and before.kind == MentionKind.ACTOR
                    and before.role in ("office", "adjective")
                    and self.tokens[before.first].text[:1].isupper()
                ):
                    return Party(before.value, before.start, before.end, before)
            if w.first >= 2 and self.lows[w.first - 1] in ("'s", "'"):
                own = self.ends.get(w.first - 2)
                if (
                    own is not None
                    and own.kind == MentionKind.ACTOR
                    and own.role in ("maker", "state")
                    and w.kind == MentionKind.SYSTEM
                    and w.origin in (None, own.value)  # "Israel's Dolphin-class submarines" are German
                ):
                    return Party(own.value, own.start, own.end, own)  # "Baykar's TB2", "India's Akash"
        n = len(self.tokens)
        for w in weapons:
            # "drones made in Iran", "The drones, which were built by China's CASC, ..."
            relative = False
            for k in range(max(w.last, 0), min(n - 2, w.last + 9) if w.last >= 0 else -1):
                relative = relative or self.lows[k] in ("which", "that")
                m = self.at[k]
                if relative and (
                    self.lows[k] in SOURCE_VERBS or self.lows[k] in ("'s", "'") or (m is not None and m.kind == MentionKind.ACTOR)
                ):
                    continue  # "drones that Sudan's army says were supplied by the UAE": an interjected source
                if k >= w.last + 5 and not relative:
                    break
                if self.lows[k] in ("made", "manufactured", "produced", "built", "designed", "developed", "supplied") and self.lows[
                    k + 1
                ] in ("in", "by"):
                    m = self._object_at(k + 2)
                    if m is None and self.lows[k + 1] == "by":  # "built by Hyundai Heavy Industries in South Korea"
                        at = next((j for j in range(k + 3, min(n - 1, k + 8)) if self.lows[j] == "in"), None)
                        m = self._object_at(at + 1) if at is not None else None
                    if m is not None and m.kind == MentionKind.ACTOR:
                        return Party(m.value, m.start, m.end, m)
                    break
                if self.lows[k] not in (",", "which", "that", "were", "was", "are", "is", "been", "all", "originally", "reportedly"):
                    break
        for w in weapons:
            found = self._origin_after(w)
            if found is not None:
                return found
        for w in weapons:
            if w.kind == MentionKind.SYSTEM and w.origin:
                return Party(w.origin, w.start, w.end, w)
        # "the drones", "these weapons", "the hardware": the weapons named before
        for w in weapons:
            if use_context and w.kind == MentionKind.WEAPON and w.first > 0 and self.lows[w.first - 1] in DEFINITE:
                named = [
                    s
                    for s in self.weapons
                    if s.kind == MentionKind.SYSTEM and s.origin and 0 <= s.last < w.first and s.category == w.category
                ]
                if named:  # "which has flown the FA-50 since 2015, ordered 12 more of the jets": the system named before
                    return Party(named[-1].origin, w.start, w.end, w)  # type: ignore[arg-type]
                back = self.origin_back()
                if back:
                    return Party(back, w.start, w.end, w)
        return None

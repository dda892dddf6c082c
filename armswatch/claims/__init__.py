"""Claims: from a document's sentences to sourced arms-transfer claims.

`Extractor.extract(document)` splits the text into sentences, keeps those
that name a weapon or an agreement or sanction word (most news sentences do
not, so most cost one set intersection), tokenises and matches the rest,
runs every cue's frame, reads stance and source, and writes the claims with
their evidence. Rules and lexicons are data (`cues.toml`, the catalog); this
module only wires them together.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from armswatch.catalog import Catalog
from armswatch.catalog import load as load_catalog
from armswatch.claims import anaphora, frames, stance
from armswatch.claims.analysis import PURPOSE_VERBS, UMBRELLA, Analysis, Dyad, Party
from armswatch.claims.frames import Candidate
from armswatch.claims.gate import REFERENCE_WORDS, Gate
from armswatch.claims.lexicon import Cue, Form, Lexicon
from armswatch.claims.lexicon import load as load_lexicon
from armswatch.model import Category, Claim, Document, EventType, Evidence, Mention, MentionKind, Sentence, Stance, Value
from armswatch.nlp.dates import DateMention, find_dates
from armswatch.nlp.mentions import Matcher, compose
from armswatch.nlp.pipeline import Token, tokenize
from armswatch.nlp.quantities import find_value, quantity_before
from armswatch.nlp.sentences import split_sentences

__all__ = ["EXTRACTOR_VERSION", "Extractor"]

EXTRACTOR_VERSION = "0.1.0"
_WORD = re.compile(r"[a-z0-9]+")
_GATE_EXTRA = frozenset(
    [
        "mou",
        "mous",
        "memorandum",
        "agreement",
        "agreements",
        "pact",
        "treaty",
        "accord",
        "sanction",
        "sanctions",
        "sanctioned",
        "blacklisted",
        "partnership",
    ]
)
#: Nouns that "export" only describes: "its first export competition", "an export version".
_EXPORT_HEADS = frozenset(
    "competition competitions contest contests tender tenders market markets version versions variant variants model models "
    "potential drive strategy policy figures revenue revenues earnings success successes record records restrictions "
    "restriction controls control curbs curb ban bans rules regime regimes".split()
)
_NOUN_MARKERS = frozenset({"the", "a", "an", "its", "their", "his", "her", "'s", "'", "this", "these", "those", "our", "my"})
# The words that name a service where its country is named: "the junta" is Myanmar's "military" or "army" as well.
_GROUP_NOUNS = frozenset({"group", "militia", "rebels", "movement", "paramilitary"})
_SERVICE_WORDS = {
    "navy": ("navy", "naval"),
    "army": ("army",),
    "air force": ("air force",),
    "military": ("military", "armed forces", "army"),
    "junta": ("junta", "military", "army", "air force", "regime"),
    "service": ("navy", "army", "air force", "military"),
}
_COUNTS = frozenset("two three four five six seven eight nine ten eleven twelve dozen several some more few".split())
_COUNTS_OR_DETERMINERS = _COUNTS | {"the", "a", "its", "their", "on", "of", "for", "with"}  # "settled on used F-16s"
# How often each rule family has been right on the dev sets; for ranking, not a promise.
_POSSESSION = Form(("'s",), Cue(frames.POSSESSIVE_RULE, EventType.TRANSFER, "have"), "phrase", participle=False)
CONFIDENCE = {"give": 0.8, "get": 0.75, "have": 0.7, "use": 0.75, "make": 0.7, "deal": 0.7, "sanction": 0.75}


def _per_system(c: Candidate) -> list[Candidate]:
    """One claim per system of a list: "K2 tanks, K9 howitzers and Chunmoo launchers" are three events (ONTOLOGY.md)."""
    supplier = c.supplier.id if c.supplier is not None else None
    systems = [w for w in c.weapons if w.kind == MentionKind.SYSTEM and w.origin in (None, supplier)]
    if len(systems) < 2:
        return [c]
    rest = tuple(w for w in c.weapons if w.kind != MentionKind.SYSTEM)
    return [replace(c, weapons=(s, *rest)) for s in dict((w.value, w) for w in systems).values()]


_COORDINATORS = frozenset({",", "and", "or", "as", "well", "plus"})
# Words that end a list of weapons: "NASAMS batteries and American Stingers" is one list, "drones to Russia and Iranian" not.
_NOT_IN_A_LIST = frozenset("from to by for with in of which that who while but".split())


def _origin_value(m: Mention) -> str:
    """A demonym's state, or a system's maker state."""
    return m.origin if m.kind == MentionKind.SYSTEM and m.origin else m.value


def _per_origin(a: Analysis, c: Candidate) -> list[Candidate]:
    """Coordinated weapons of stated, different origins have different suppliers:
    "received British Storm Shadow missiles and American ATACMS" is two transfers."""
    if c.supplier is None or len(c.weapons) < 2 or c.type in (EventType.AGREEMENT, EventType.SANCTION):
        return [c]
    weapons = sorted((w for w in c.weapons if w.first > 0), key=lambda w: w.first)
    stated = [a.ends.get(w.first - 1) for w in weapons]  # the demonym right before each weapon
    origins = [m if m is not None and m.kind == MentionKind.ORIGIN else None for m in stated]
    if c.supplier.mention is not None and c.supplier.mention.kind == MentionKind.SYSTEM:
        # the supplier is a named system's maker state: "includes Patriot, IRIS-T and NASAMS" has three
        origins = [o or (w if w.kind == MentionKind.SYSTEM and w.origin else None) for o, w in zip(origins, weapons, strict=True)]
    if not any(o is not None and _origin_value(o) == c.supplier.id for o in origins):
        return [c]  # the supplier was named apart from the weapons ("from Denmark")
    recipient = c.recipient.id if c.recipient is not None else None
    out = [c]
    for k in range(1, len(weapons)):
        o = origins[k]
        if o is None or _origin_value(o) in (c.supplier.id, recipient) or o.first < weapons[k - 1].last:
            continue
        between = range(weapons[k - 1].last, o.first)
        if (
            len(between) <= 4
            and a.lows[o.first - 1] in _COORDINATORS
            and not any(a.lows[j] in _NOT_IN_A_LIST or (a.at[j] is not None and a.at[j].kind == MentionKind.ACTOR) for j in between)  # type: ignore[union-attr]
        ):
            out.append(replace(c, supplier=Party(_origin_value(o), o.start, o.end, o), weapons=(weapons[k],)))
    if len(out) > 1:
        split = {id(x.weapons[0]) for x in out[1:]}
        out[0] = replace(c, weapons=tuple(w for w in c.weapons if id(w) not in split))
    return out


def _supplier_stated(c: Candidate, candidates: list[tuple[Candidate, Form]]) -> bool:
    """ "flies F-16s donated by Denmark": an operator's weapons came from the supplier the sentence names, not
    from their maker's state."""
    if not c.rule_id.endswith(".operator") or c.recipient is None or c.supplier is None:
        return False
    mine = {w.value for w in c.weapons if w.kind == MentionKind.SYSTEM}
    return any(
        o.type in (EventType.TRANSFER, EventType.ORDER)
        and not o.rule_id.endswith(".operator")
        and o.recipient is not None
        and o.recipient.id == c.recipient.id
        and o.supplier is not None
        and o.supplier.id != c.supplier.id
        and mine & {w.value for w in o.weapons}
        for o, _ in candidates
    )


@dataclass
class _DocState:
    """What the sentences of one document share: mentions of earlier sentences, for references."""

    document: Document
    sentences: list[Sentence]
    analysed: dict[int, Analysis] = field(default_factory=dict)
    known: dict[str, str] = field(default_factory=dict)  # recipient -> supplier of the transfers claimed so far
    claims: list[Claim] = field(default_factory=list)  # every claim made so far, for event anaphora ("the sale")
    named: dict[int, bool] = field(default_factory=dict)  # sentence index -> whether it names a weapon, deal or sanction


# The subject of a delivery clause that leaves the parties to the clause before: "..., and the first three arrived".
_ELIDED_SUBJECTS = frozenset("first rest remaining last they deliveries delivery batch batches".split())
ELLIPSIS_RULE = "transfer.ellipsis.v1"


def _purpose_of_another(a: Analysis, c: Candidate, candidates: list[tuple[Candidate, Form]]) -> bool:
    """ "a boat carrying weapons from Iran to resupply Houthi forces": the purpose clause belongs to the delivery
    before it, which already has this recipient; its own subject search would find whoever seized the boat."""
    i = c.trigger
    if i < 1 or a.lows[i - 1] != "to" or a.lows[i] not in PURPOSE_VERBS or c.recipient is None:
        return False
    return any(o.trigger < i and o.recipient is not None and o.recipient.id == c.recipient.id for o, _ in candidates)


def _elided_delivery(a: Analysis, i: int, end: int, before: list[Candidate]) -> list[Candidate]:
    """ "Egypt ordered 24 Rafales from France, and the first were handed over in 2019": a delivery whose clause names
    no party delivers what the order (or transfer) of the clause before it, in the same sentence, bought."""
    kinds = (
        (EventType.ORDER, EventType.TRANSFER, EventType.INTEREST)
        if a.lows[i].startswith("deliver")
        else (EventType.ORDER, EventType.TRANSFER)
    )
    earlier = [c for c in before if c.type in kinds and c.supplier and c.recipient and c.trigger_end <= i]
    if not earlier:
        return []
    last = max(earlier, key=lambda c: c.trigger)
    dyad = {last.supplier.id, last.recipient.id}  # type: ignore[union-attr]
    between = a.lows[last.trigger_end : i]
    breaks = [k for k in range(len(between) - 1) if between[k] in (",", ";") and between[k + 1] in ("and", "with", "but", "while")]
    breaks += [k for k in range(len(between)) if between[k] == ";"]
    if not breaks:
        return []
    start = last.trigger_end + max(breaks) + 1
    clause = range(start, i)
    for k in clause:
        m = a.at[k]
        if m is not None and m.kind == MentionKind.ACTOR and m.value not in dyad:
            return []  # the clause names a party of its own (a speaker of the dyad may speak): not an ellipsis
    if (
        not a.lows[i].startswith("deliver")
        and not any(a.lows[k] in _ELIDED_SUBJECTS for k in clause)
        and not any(w.first in clause for w in a.weapons)
    ):
        return []  # ("with deliveries due in 2026": the delivery noun is the clause's subject)
    return [Candidate(EventType.TRANSFER, last.supplier, last.recipient, i, end, ELLIPSIS_RULE, last.weapons)]


def _maker_sells(a: Analysis, form: Form, i: int) -> bool:
    """ "We have not supplied Russia," Baykar's chief said; "Hanwha has delivered to Poland": an arms maker that supplies
    supplies its weapons, named or not. Only for giving verbs, with the maker in the sentence."""
    if not any(m.kind == MentionKind.ACTOR and m.role == "maker" for m in a.mentions):
        return False
    if form.cue.frame == "get" and form.pos == "noun" and a.lows[i] in frames.ROLE_NOUNS:
        return any(p.mention is not None and p.mention.role == "maker" for p in a.possessor(i))  # "Baykar's customers are ..."
    return form.cue.frame == "give" and form.pos == "verb" and form.cue.type in (EventType.TRANSFER, EventType.ORDER)


#: Words before a generic weapon noun that make it the system named before: "the jets", "180 more tanks".
_POINTING = frozenset({"the", "these", "those", "such", "more", "additional", "further", "other"})


def _compound_tail(a: Analysis, i: int) -> bool:
    """Whether token i is part of a lower-case compound, not a word of its own: its end ("second-hand") after a hyphen
    touching both words, or its head ("supply-chain problems") before one."""
    if i >= 2 and a.lows[i - 1] == "-":
        before, hyphen, word = a.tokens[i - 2], a.tokens[i - 1], a.tokens[i]
        if before.end == hyphen.start and hyphen.end == word.start and before.text.isalpha() and before.text.islower():
            return before.text not in _PREFIXES  # "re-exported", "co-produce" are the verb itself
    if i + 2 < len(a.tokens) and a.lows[i + 1] == "-":
        word, hyphen, after = a.tokens[i], a.tokens[i + 1], a.tokens[i + 2]
        joined = word.end == hyphen.start and hyphen.end == after.start
        return joined and after.text.isalpha() and after.text.islower() and word.low not in _PREFIXES
    return False


_PREFIXES = frozenset({"re", "co", "pre", "counter", "sub"})
#: Words that may open a sentence before its subject: "But it has since ...", "Meanwhile, the country ...".
_OPENERS = frozenset({"but", "and", "yet", "meanwhile", "however", ",", "since", "now", "also", "so", "still"})


#: Verbs by which a seller's government lets a sale go ahead: what they govern is an approved sale, an order planned.
_APPROVING = frozenset("approved approves approve cleared clears authorised authorized authorises authorizes greenlit okayed".split())


def _approved(a: Analysis, noun: int) -> bool:
    """Whether an approval verb governs the noun: "approved a $2 billion arms package for Taiwan"."""
    k = anaphora.before_modifiers(a, noun)
    if k >= 0 and a.lows[k] in ("a", "an", "the", "another"):
        k -= 1
    return k >= 0 and a.lows[k] in _APPROVING


#: Verbs by which a seller turns down what a buyer asked for; the request itself was made.
_TURNING_DOWN = frozenset("declined declines rejected rejects refused refuses denied turned spurned rebuffed".split())


def _turned_down(a: Analysis, noun: int) -> bool:
    """Whether the request noun at `noun` is the object of a refusal: "declined Ukraine's requests for Iron Dome"."""
    k = noun - 1
    while k >= 0 and (a.lows[k] in ("'s", "'", "the", "a", "an", "its", "their", "repeated", "formal") or a.at[k] is not None):
        k -= 1
    if k >= 0 and a.lows[k] == "down":
        k -= 1
    return k >= 0 and a.lows[k] in _TURNING_DOWN


EXCHANGE_RULE = "transfer.exchange.v1"


def _in_return(a: Analysis, candidates: list[tuple[Candidate, Form]]) -> list[tuple[Candidate, Form]]:
    """ "In return for the artillery shells, Moscow has supplied Pyongyang with air-defence systems": what was given in
    return went the other way, from the receiver to the giver (a presupposition the guidelines annotate)."""
    if "return" not in a.lows and "exchange" not in a.lows:
        return []
    for k in range(len(a.lows) - 3):
        if a.lows[k] in ("return", "exchange") and a.lows[k - 1 : k] == ["in"] and a.lows[k + 1] == "for":
            paid = [w for w in a.weapons if k + 2 <= w.first <= k + 5]
            if not paid:
                return []
            gives = [
                (c, f)
                for c, f in candidates
                if c.type == EventType.TRANSFER and c.supplier and c.recipient and not (set(c.weapons) & set(paid))
            ]
            return [
                (Candidate(EventType.TRANSFER, c.recipient, c.supplier, c.trigger, c.trigger_end, EXCHANGE_RULE, (paid[0],)), f)
                for c, f in gives[:1]
            ]
    return []


def _apposition(a: Analysis, i: int, end: int, before: list[Candidate]) -> list[Candidate]:
    """ "Greece asked Washington for 40 F-35s, a sale the State Department approved in January": a sale in apposition
    to the clause before it, in the same sentence, is the sale of what that clause's claim moves."""
    k = anaphora.before_modifiers(a, i)
    if k < 1 or a.lows[k] not in ("a", "an") or a.lows[k - 1] != ",":
        return []
    earlier = [c for c in before if c.supplier and c.recipient and c.trigger_end <= k and c.type != EventType.SANCTION]
    if not earlier:
        return []
    last = max(earlier, key=lambda c: c.trigger)
    return [Candidate(EventType.ORDER, last.supplier, last.recipient, i, end, "order.apposition.v1", last.weapons)]


def _reason_of(a: Analysis, sanction: int, t: int) -> bool:
    """Whether the claim at t is the reason a sanction gives ("sanctioned ... over / for supplying", "accusing it of"),
    which is the imposer's word; "barred Iran Air after Tehran shipped missiles" states the shipment itself."""
    return sanction < t <= sanction + 30 and any(
        low in frames.REASONS or low.startswith(("accus", "alleg", "cit", "involv", "link", "connect")) for low in a.lows[sanction:t]
    )


def _one_per_deal(made: list[Claim]) -> Iterator[Claim]:
    """One claim for one deal: "chose South Korea's FA-50, signing a contract for 18 jets" (the signing settles the
    selection); "will sell BrahMos to the Philippines under a $375 million contract" (one sale, told by its verb,
    unless only the contract names the system)."""
    signed = {(c.type, c.supplier, c.recipient) for c in made if not c.rule_id.startswith("order.select") and c.stance in _DONE}
    by_verb: dict[tuple[EventType, str | None, str | None], bool] = {}
    for c in made:
        if not c.rule_id.startswith(("order.deal", "order.select")):
            key = (c.type, c.supplier, c.recipient)
            by_verb[key] = by_verb.get(key, False) or c.system is not None
    for c in made:
        key = (c.type, c.supplier, c.recipient)
        if c.rule_id.startswith("order.select") and key in signed:
            continue
        if c.rule_id == "order.deal.v1" and key in by_verb and (by_verb[key] or c.system is None):
            continue
        yield c


def _pointing_back(state: _DocState, sent: Sentence, a: Analysis, at: int, reading: stance.Reading) -> tuple[Evidence, list[DateMention]]:
    """The evidence and dates of a claim a sentence makes by pointing back: its trigger word and its source."""
    tok = a.tokens[at]
    spans = [(tok.start, tok.end, "trigger")] + ([(*reading.source_span, "source")] if reading.source_span else [])
    doc = state.document
    evidence = Evidence(doc.label, doc.id, sent.index, sent.start, sent.end, sent.text, tuple(sorted(spans)))
    return evidence, find_dates(sent.text, doc.published)


_DONE = (Stance.ASSERTED, Stance.CLAIMED)
_WHEN_WORDS = frozenset("in on last this next week month year monday tuesday wednesday thursday friday saturday sunday".split())


def _nearing(a: Analysis, t: int) -> bool:
    """ "close to a deal", "nearing a contract", "near an agreement": a deal still to be made."""
    before = a.lows[max(0, t - 3) : t]
    return ("close" in before and "to" in before) or "nearing" in before or before[-2:] in (["near", "a"], ["near", "an"])


def _agreed_to(a: Analysis, t: int) -> bool:
    """ "agreed to supply", "agreed in 2024 to build", "agreed to build a factory": an agreement to do it, still to be done."""
    to = next((k for k in range(t - 1, max(0, t - 5), -1) if a.lows[k] == "to"), None)
    if to is None or (to < t - 1 and a.lows[to + 1] in ("the", "a")):
        return False  # "agreed to the sale": agreed to a noun, not to a deed
    k = to - 1
    while k > 0 and to - k < 6 and (a.lows[k] in _WHEN_WORDS or a.lows[k][:1].isdigit() or a.tokens[k].text[:1].isupper()):
        k -= 1  # "in 2024", "last week", "in March"
    return a.lows[k] in ("agreed", "agrees", "agree")


def _settled(a: Analysis, c: Candidate, reading: stance.Reading) -> stance.Reading:
    """The stance a candidate's own construction overrides: what the sentence's words say about the claim as a whole
    is not always what holds for this claim."""
    if (
        c.type in (EventType.REQUEST, EventType.INTEREST)
        and reading.stance in (Stance.NEGATED, Stance.DENIED)
        and _turned_down(a, c.trigger)
    ):
        return stance.Reading(Stance.ASSERTED, None, None)  # "Israel declined Ukraine's requests": they were made
    if c.rule_id == EXCHANGE_RULE and reading.stance == Stance.CLAIMED and reading.attributed_to is None:
        return stance.Reading(Stance.ASSERTED, None, None)  # "reportedly provided" hedges the giving, not the goods paid
    unsure = reading.stance in (Stance.ASSERTED, Stance.CLAIMED)
    if unsure and c.type == EventType.ORDER and _nearing(a, c.trigger):
        return stance.Reading(Stance.PLANNED, reading.attributed_to, reading.source_span)  # "close to a deal for": not yet
    agreed = _agreed_to(a, c.trigger)
    if unsure and (
        (c.type in (EventType.TRANSFER, EventType.PRODUCTION) and agreed)
        or (c.type == EventType.ORDER and c.rule_id.startswith("order.select"))
    ):
        return stance.Reading(Stance.PLANNED, reading.attributed_to, reading.source_span)  # "agreed to supply", "selected": to come
    return reading


class Extractor:
    """Build once per process; `extract()` is then a pure function of the document."""

    def __init__(self, catalog: Catalog | None = None, lexicon: Lexicon | None = None, model: str = "") -> None:
        self.catalog = catalog or load_catalog()
        self.lexicon = lexicon or load_lexicon()
        self.matcher = Matcher.for_catalog(self.catalog)
        self.model = model
        self.gate = Gate(self.matcher.trie, self.lexicon)

    # -- documents -----------------------------------------------------------

    def extract(self, document: Document) -> list[Claim]:
        if not self.gate.document_may_hold(document.text):
            return []
        sentences = split_sentences(document.text)
        state = _DocState(document, sentences)
        out: list[Claim] = []
        after_weapons = False
        for sent in sentences:
            after_claims = bool(state.claims) and state.claims[-1].evidence.sentence >= sent.index - 2
            passes, after_weapons = self.gate.passes(sent.text, after_weapons, after_claims)
            state.named[sent.index] = after_weapons
            if passes:
                found = list(self._sentence(state, sent))
                if not found:
                    found = self._anaphora(state, sent)
                state.claims.extend(found)
                out.extend(found)
        return out

    def _anaphora(self, state: _DocState, sent: Sentence) -> list[Claim]:
        """A sentence that points back to a claim just made ("the sale", "the report"): anaphora.py."""
        previous = [c for c in state.claims if sent.index - 2 <= c.evidence.sentence < sent.index]
        if not previous:
            return []
        a = self.analyse(state, sent.index)
        found = anaphora.find(a)
        if found is None:
            return []
        last = previous[-1]
        if found.similar:
            return self._similar(state, sent, a, last, found.index)
        if not anaphora.consistent(a, last, found.index):
            return []
        at, at_end, type_ = found.index, found.index + 1, found.type or last.type
        verb = self._under_the_deal(a, found.index)
        if verb is False:
            return []  # "Under the deal, crews trained in Korea": something done under the deal, not the deal
        if isinstance(verb, tuple):  # "the first jets under the deal are to be delivered": the verb says what happens
            at, at_end, type_ = verb
        reading = stance.read(a, at, at_end, (last.supplier, last.recipient))
        if reading.drop or (found.report and reading.stance not in (Stance.DENIED, Stance.CLAIMED, Stance.NEGATED)):
            return []
        evidence, dates = _pointing_back(state, sent, a, at, reading)
        return [
            replace(
                last,
                type=type_,
                stance=reading.stance,
                attributed_to=reading.attributed_to,
                evidence=evidence,
                rule_id="anaphora.v1",
                target=last.target if type_ == EventType.USE else None,
                by=last.by if type_ == EventType.SANCTION else None,
                date=dates[0].value if dates else last.date,
                date_text=dates[0].text if dates else last.date_text,
                confidence=0.5,
            )
        ]

    def _similar(self, state: _DocState, sent: Sentence, a: Analysis, last: Claim, noun: int) -> list[Claim]:
        """ "India signed a deal for BrahMos with the Philippines. Indonesia and Vietnam are negotiating similar purchases":
        the same seller and weapons, with the parties this sentence names as buyers; talks make it an interest."""
        buyers, blocked = a.subject(noun)
        buyers = [b for b in buyers if b.id not in (last.supplier, last.recipient)]
        if blocked or not buyers or last.supplier is None:
            return []
        talks = any(low.startswith(("negotiat", "discuss", "consider", "weigh", "seek", "explor")) for low in a.lows[:noun])
        type_ = EventType.INTEREST if talks else (anaphora.ANAPHORS[a.lows[noun]] or last.type)
        reading = stance.read(a, noun, noun + 1, (last.supplier, *(b.id for b in buyers)))
        if reading.drop:
            return []
        evidence, dates = _pointing_back(state, sent, a, noun, reading)
        return [
            replace(
                last,
                type=type_,
                recipient=b.id,
                date=dates[0].value if dates else None,
                date_text=dates[0].text if dates else None,
                stance=reading.stance,
                attributed_to=reading.attributed_to,
                evidence=evidence,
                rule_id="anaphora.similar.v1",
                target=None,
                by=None,
                confidence=0.5,
            )
            for b in dict((b.id, b) for b in buyers).values()
        ]

    def _under_the_deal(self, a: Analysis, noun: int) -> tuple[int, int, EventType] | bool:
        """For "under the (new) deal/contract/agreement": the delivery, production or purchase verb of the sentence,
        or False when it has none; True when the noun stands otherwise ("the deal was signed")."""
        k = noun - 1
        while k >= 0 and (a.lows[k] in anaphora.MODIFIERS or a.lows[k] in anaphora.DETERMINERS):
            k -= 1
        if k < 0 or a.lows[k] != "under":
            return True
        wanted = (EventType.TRANSFER, EventType.PRODUCTION, EventType.ORDER)
        for i, end, forms in self._triggers(a):
            for f in forms:
                if (f.pos == "verb" or f.participle) and f.cue.type in wanted and not (i <= noun < end):
                    return i, end, f.cue.type
        return False

    def sentences(self, document: Document) -> list[Sentence]:
        return split_sentences(document.text)

    def analyse(self, state: _DocState, index: int) -> Analysis:
        if index in state.analysed:
            return state.analysed[index]
        sent = state.sentences[index]
        tokens = tokenize(sent, self.model)
        mentions = compose(tokens, self.matcher.raw(tokens), self.catalog, sent.text, sent.start)

        def back(kind: str, before: int) -> list[str]:
            if kind == "north":  # "the North" beside either Korea is North Korea; else the one party named before
                for k in range(index, max(-1, index - 3), -1):
                    if any(m.value in ("PRK", "KOR") for m in (mentions if k == index else self.analyse(state, k).mentions)):
                        return ["PRK"]
                kind = "one"
            if kind.startswith("service:"):
                return self._service_back(state, index, kind[8:], [m for m in mentions if m.last <= before])
            here = [
                m.value
                for m in reversed(mentions)
                if m.kind == MentionKind.ACTOR and m.last <= before and m.value in self.catalog.party_ids
            ]
            if (
                kind == "one"
                and index > 0
                and all(t.low in _OPENERS for t in tokens[:before])
                and not (before + 1 < len(tokens) and tokens[before + 1].low in ("is", "was", "'s"))  # "It is the first ...": a thing
            ):
                # "Turkey sold drones to Poland. It has since sold them to Romania": a subject continues the subject before
                subject = self._subject_of(state, index - 1)
                if subject is not None:
                    return [subject]
            return self._resolve_back(state, index, kind, list(dict.fromkeys(here)))

        def origin_back() -> str | None:
            for k in range(index - 1, max(-1, index - 3), -1):
                prev = self.analyse(state, k)
                found = prev.origin_of(prev.weapons, use_context=False)
                if found is not None:
                    return found.id
            return None

        military_before = index > 0 and self._named(state, index - 1)
        recent = [
            Dyad(c.type, c.supplier, c.recipient, c.system, c.category)
            for c in reversed(state.claims)
            if index - 2 <= c.evidence.sentence < index
            and c.supplier
            and c.recipient
            and c.type not in (EventType.AGREEMENT, EventType.SANCTION)
        ]
        a = Analysis(tokens, mentions, self.catalog, back, origin_back, dict(state.known), military_before, recent)
        state.analysed[index] = a
        return a

    def _named(self, state: _DocState, index: int) -> bool:
        """Whether the sentence names a weapon, a deal or a sanction on its own (the gate's second answer)."""
        if index not in state.named:
            state.named[index] = self.gate.passes(state.sentences[index].text, False)[1]
        return state.named[index]

    def _service_back(self, state: _DocState, index: int, service: str, here: list[Mention]) -> list[str]:
        """ "The navy", "the junta": the country named before with that service ("Bangladesh's navy", "Myanmar's
        military"), in this sentence or the two before; else the one country named there, if only one is."""
        words = _SERVICE_WORDS.get(service, (service,))
        named: list[str] = []
        armed_group = service in _GROUP_NOUNS
        for k in range(index, max(-1, index - 3), -1):
            found = here if k == index else self.analyse(state, k).mentions
            for m in reversed(found):
                if m.kind != MentionKind.ACTOR or m.value not in self.catalog.party_ids:
                    continue
                if armed_group:
                    if m.role == "group":
                        return [m.value]  # "the group", "the militia": the armed group named last
                    continue
                if any(w in m.text.lower() for w in words):
                    return [m.value]
                if m.value not in named:
                    named.append(m.value)
        return named if len(named) == 1 else []

    def _subject_of(self, state: _DocState, index: int) -> str | None:
        """The party a sentence opens with as its subject ("Turkey sold ...", not "Turkey's drones ...")."""
        a = self.analyse(state, index)
        m = a.opening()
        if m is None or m.kind != MentionKind.ACTOR or m.role == "adjective" or m.value not in self.catalog.party_ids:
            return None
        return None if a.lows[m.last : m.last + 1] in (["'s"], ["'"], [","]) else m.value

    def _resolve_back(self, state: _DocState, index: int, kind: str, here: list[str] | None = None) -> list[str]:
        """Parties named earlier in the sentence, then in the two sentences before, most recent first."""
        seen: list[str] = list(here or [])
        for k in range(index - 1, max(-1, index - 3), -1):
            a = self.analyse(state, k)
            for m in reversed(a.mentions):
                if m.kind == MentionKind.ACTOR and m.value not in seen and m.value in self.catalog.party_ids:
                    seen.append(m.value)
        if kind == "pair":
            return seen[1::-1] if len(seen) >= 2 else []  # in the order they were named: "North Korean and Russian ... the two"
        if kind == "former":
            return seen[1:2]
        return seen[:1]

    # -- sentences -------------------------------------------------------------

    def _sentence(self, state: _DocState, sent: Sentence) -> Iterator[Claim]:
        a = self.analyse(state, sent.index)
        triggers = self._triggers(a)
        possessions = frames.frame_possessive(a) + frames.frame_found(a)
        if not triggers and not possessions:
            return
        candidates: list[tuple[Candidate, Form]] = []
        transfers: list[Candidate] = []
        unjoined: list[tuple[int, int, Form]] = []  # delivery cues whose frame found no parties
        suppressed: set[int] = set()
        for i, end, forms in triggers:
            if i in suppressed:
                continue
            governs = [f for f in forms if f.cue.governs]
            if frames.turned_to_no_purpose(a, i, end):
                governs = []  # "turned to Iran as a key supplier": no request, the supplier noun speaks
            if governs and any(
                j == end and any(f.cue.type == EventType.INTEREST and f.pos == "noun" for f in inner) for j, _e, inner in triggers
            ):
                suppressed.add(i)  # "showed interest in": the interest is the cue, the verb only expresses it
                continue
            if governs:
                for j, _e, inner in triggers:
                    if (
                        end <= j <= end + 4
                        and a.lows[j] not in frames.CREDIT_WORDS
                        and "," not in a.lows[end : j + 1]  # "After months of talks, Brazil signed a contract": a new clause
                        and (a.weapons or not any(f.cue.frame == "deal" for f in inner))  # "negotiating a defence treaty"
                    ):
                        suppressed.add(j)
                        # the complement says the direction: "exploring deals to sell" offers, "exploring buying" is interest
                        frames_inner = {f.cue.frame for f in inner}
                        forms.sort(key=lambda f, fi=frames_inner: f.cue.frame not in fi)  # type: ignore[misc]
        for i, end, forms in triggers:
            if i in suppressed:
                continue
            for form in forms:
                if form.cue.frame in ("sanction", "deal"):
                    continue
                prefer_right = form.pos != "noun" or a.lows[i] not in ("supplier", "suppliers")
                weapons = a.weapons_near(i, end, prefer_right=prefer_right)
                if end < len(a.lows) and a.lows[end] in ("them", "it", "these", "those") and a.lows[end + 1 : end + 2] != ["with"]:
                    earlier = [w for w in a.weapons if w.last <= i]
                    weapons = earlier[-1:] or self._weapons_by_reference(state, a, i)
                if not weapons and not form.cue.object_is_recipient:
                    weapons = self._weapons_by_reference(state, a, i)
                    if not weapons and a.lows[i] not in frames.CREDIT_WORDS and not _maker_sells(a, form, i):
                        continue  # (a defence line of credit names no weapon and is an offer all the same)
                found = frames.FRAMES[form.cue.frame](a, i, end, form, weapons)
                if not found and (form.cue.type == EventType.TRANSFER or form.pos == "noun"):
                    unjoined.append((i, end, form))
                for c in found:
                    candidates.append((c, form))
                    if c.type in (EventType.TRANSFER, EventType.ORDER, EventType.PRODUCTION):
                        transfers.append(c)
                        if c.supplier is not None and c.recipient is not None:
                            a.known[c.recipient.id] = c.supplier.id
                            state.known[c.recipient.id] = c.supplier.id
                if found:
                    break
        governed_until = -1
        for i, end, forms in triggers:
            for form in forms:
                if form.cue.frame == "deal" and i not in suppressed and (i > governed_until or not a.weapons):
                    for c in frames.frame_deal(a, i, end, form, a.weapons_near(i, end), transfers):
                        candidates.append((c, form))
                elif form.cue.frame == "sanction":
                    for c in frames.frame_sanction(a, i, end, form, a.weapons_near(i, end), transfers):
                        candidates.append((c, form))
            if any(f.cue.governs for f in forms) and not frames.asked_to_do(a, i, end):
                # "a letter of intent to buy": the deal words it governs, up to a comma ("After months of talks, X signed")
                scope = next((k for k in range(end, min(len(a.lows), end + 12)) if a.lows[k] in (",", ";")), end + 12)
                governed_until = max(governed_until, scope)
        for i, end, form in unjoined:
            if form.cue.type == EventType.TRANSFER and (form.pos != "noun" or a.lows[i] in ("delivery", "deliveries")):
                candidates.extend((c, form) for c in _elided_delivery(a, i, end, [c for c, _ in candidates]))
            elif form.cue.type == EventType.ORDER:
                candidates.extend((c, form) for c in _apposition(a, i, end, [c for c, _ in candidates]))
        candidates = [(c, form) for c, form in candidates if not _purpose_of_another(a, c, candidates)]
        candidates += [(c, form) for c, form in _in_return(a, candidates)]
        candidates = [(c, form) for c, form in candidates if not _supplier_stated(c, candidates)]
        dyads = {(c.supplier.id if c.supplier else None, c.recipient.id if c.recipient else None) for c, _ in candidates}
        for c in possessions:  # a holder's weapons of foreign make, unless a frame already joined the two
            if (c.supplier.id if c.supplier else None, c.recipient.id if c.recipient else None) not in dyads:
                candidates.append((c, _POSSESSION))
        sanction_at = min((c.trigger for c, _ in candidates if c.type == EventType.SANCTION), default=None)
        seen: set[tuple[object, ...]] = set()
        made: list[Claim] = []
        dates = find_dates(sent.text, state.document.published) if candidates else []
        candidates = [(v, form) for c, form in candidates for u in _per_origin(a, c) for v in _per_system(u)]
        for c, form in candidates:
            parties = tuple(p.id for p in (c.supplier, c.recipient) if p is not None)
            reading = stance.read(a, c.trigger, c.trigger_end, parties)
            if reading.drop:
                continue
            if sanction_at is not None and c.type != EventType.SANCTION and _reason_of(a, sanction_at, c.trigger):
                by = next(x.by for x, _ in candidates if x.type == EventType.SANCTION)
                if reading.stance == Stance.ASSERTED and by is not None:
                    reading = stance.Reading(Stance.CLAIMED, by.id, (by.start, by.end))
            if (
                c.type == EventType.TRANSFER
                and form.cue.frame == "get"
                and reading.stance == Stance.PLANNED
                and not a.lows[c.trigger].startswith(
                    ("receiv", "get", "got", "took", "take", "leas", "borrow", "rent")
                )  # "will soon receive", "will lease": a delivery
                and not c.rule_id.endswith(".for")  # "will buy Patriots for Ukraine": the buyer gives them on
            ):
                c = replace(c, type=EventType.ORDER, rule_id=c.rule_id + ".planned")  # "Manila plans to acquire BrahMos"
            reading = _settled(a, c, reading)
            if (
                c.type == EventType.SANCTION
                and reading.stance == Stance.CLAIMED
                and c.by is not None
                and (reading.attributed_to == c.by.id or reading.source_span == (c.by.start, c.by.end))
            ):
                reading = stance.Reading(Stance.ASSERTED, None, None)  # "the EU added him to its sanctions list": the act itself
            if c.type == EventType.TRANSFER and form.pos == "noun" and _approved(a, c.trigger):
                c = replace(c, type=EventType.ORDER, rule_id=c.rule_id + ".approved")  # "approved a $2 billion arms package"
            claim = self._claim(state, sent, a, c, form, reading, dates)
            key = (claim.type, claim.supplier, claim.recipient, claim.system, claim.category, claim.stance, claim.by)
            if key in seen:
                continue
            seen.add(key)
            made.append(claim)
        yield from _one_per_deal(made)

    def _triggers(self, a: Analysis) -> list[tuple[int, int, list[Form]]]:
        out = []
        i = 0
        n = len(a.tokens)
        cue_words = self.lexicon.by_first
        while i < n:
            if a.lows[i] not in cue_words:
                i += 1  # most words open no cue
                continue
            inside = a.at[i]
            if (inside is not None and inside.kind in (MentionKind.ORIGIN, MentionKind.ACTOR, MentionKind.OUTLET)) or i in a.weapon_tokens:
                i += 1  # "North Korean-produced", "attack drones": part of a name, not a cue
                continue
            forms = self.lexicon.match(a.lows, i)
            if forms and (
                _compound_tail(a, i)
                or (a.lows[i] in ("export", "exports") and a.lows[i + 1 : i + 2] and a.lows[i + 1] in _EXPORT_HEADS)
                or (a.lows[i] == "aid" and self.lexicon.match(a.lows, i + 1))  # "an aid package": the package is the cue
            ):
                forms = []  # "bought second-hand", "its first export competition": part of another word, not the verb
            if forms:
                end = i + len(forms[0].words)
                if i > 0 and a.lows[i - 1] in _NOUN_MARKERS:
                    forms = [f for f in forms if f.pos != "verb"]  # "seized a ship", "its use by": a noun, not the verb
                elif (
                    i > 0
                    and (a.tokens[i - 1].low[:1].isdigit() or a.lows[i - 1] in _COUNTS_OR_DETERMINERS)
                    and any(w.first == end for w in a.weapons)
                ):
                    forms = [f for f in forms if not (f.participle and len(f.words) == 1)]  # "32 used F-16s": an adjective
                if a.lows[end : end + 1] in (["that"], ["how"]):
                    forms = [f for f in forms if f.cue.type != EventType.OFFER]  # "images show that ...": a finding, no display
                if forms:
                    out.append((i, end, forms))
                i = end
            else:
                i += 1
        return out

    def _weapons_by_reference(self, state: _DocState, a: Analysis, i: int) -> list[Mention]:
        """ "them", "their use", "the hardware": the weapons named earlier in the sentence, else in the sentence before.

        Mentions from the sentence before stand outside this one, so their token indices are -1.
        """
        if not any(low in REFERENCE_WORDS for low in a.lows[max(0, i - 8) : i + 8]):
            return []
        earlier = [w for w in a.weapons if w.last <= i]
        if earlier:
            last = earlier[-1]
            return [w for w in earlier if w.first >= last.first - 4]
        idx = next((k for k, v in state.analysed.items() if v is a), None)
        if idx is None or idx == 0:
            return []
        prev = self.analyse(state, idx - 1)
        if not prev.weapons:
            return []
        origin = prev.origin_of(prev.weapons, use_context=False)
        first = next((w for w in prev.weapons if w.kind == MentionKind.SYSTEM), prev.weapons[0])
        return [replace(first, first=-1, last=-1, origin=origin.id if origin else first.origin)]

    def _system_before(self, state: _DocState, index: int, a: Analysis, c: Candidate) -> Mention | None:
        """ "The hardware", "these drones", "the Turkish UAVs": the system the sentence before named, of the same origin."""
        generic = [w for w in c.weapons if w.kind == MentionKind.WEAPON]
        if not generic or not all(
            w.first < 0
            or (w.first > 0 and (a.lows[w.first - 1] in _POINTING or a.lows[w.first - 1][:1].isdigit()))
            or w.origin == c.supplier.id  # type: ignore[union-attr]
            for w in generic
        ):
            return None
        wide = generic[0].text.lower().split()[-1] in UMBRELLA  # "the hardware", "the aircraft": any kind
        here = [m for m in a.weapons if m.kind == MentionKind.SYSTEM and 0 <= m.last <= generic[0].first]
        for m in reversed(here):  # "which has flown the FA-50 since 2015, ordered 12 more of the jets"
            if m.origin == c.supplier.id and (wide or generic[0].category in (None, m.category)):  # type: ignore[union-attr]
                return m
        for k in range(index - 1, max(-1, index - 3), -1):
            for m in reversed(self.analyse(state, k).weapons):
                if m.kind == MentionKind.SYSTEM and m.origin == c.supplier.id and (wide or generic[0].category in (None, m.category)):  # type: ignore[union-attr]
                    return replace(m, first=-1, last=-1)
        return None

    def _claim(
        self, state: _DocState, sent: Sentence, a: Analysis, c: Candidate, form: Form, reading: stance.Reading, dates: list
    ) -> Claim:
        doc = state.document
        tokens: list[Token] = a.tokens
        system = next((w for w in c.weapons if w.kind == MentionKind.SYSTEM), None)
        if system is None and c.supplier is not None and c.type != EventType.AGREEMENT:
            system = self._system_before(state, sent.index, a, c)
        weapon = system or next((w for w in c.weapons if w.kind == MentionKind.WEAPON), None)
        category: Category | None = weapon.category if weapon is not None else None
        if c.type == EventType.AGREEMENT:
            category = None
        spans: list[tuple[int, int, str]] = []

        def add(p: Party | None, role: str) -> None:
            if p is not None and p.end > p.start:
                spans.append((p.start, p.end, role))

        add(c.supplier, "supplier")
        add(c.recipient, "recipient")
        add(c.target, "target")
        add(c.by, "by")
        if system is not None and sent.start <= system.start < sent.end:
            spans.append((system.start, system.end, "system"))
        spans.append((tokens[c.trigger].start, tokens[c.trigger_end - 1].end, "trigger"))
        if reading.source_span:
            spans.append((*reading.source_span, "source"))
        date_value = date_text = None
        if dates:
            trig = tokens[c.trigger].start - sent.start
            best = min(dates, key=lambda d: abs(d.start - trig))
            date_value, date_text = best.value, best.text
            spans.append((sent.start + best.start, sent.start + best.end, "date"))
        quantity = quantity_text = None
        if weapon is not None and weapon.first >= 0 and c.type not in (EventType.AGREEMENT, EventType.SANCTION):
            q = quantity_before(tokens, weapon.first)
            if q is not None:
                quantity, quantity_text = q.value, q.text
        value = None
        if c.type in (EventType.ORDER, EventType.OFFER, EventType.REQUEST, EventType.AGREEMENT, EventType.INTEREST):
            v = find_value(sent.text)
            if v is not None:
                value = Value(v[0], v[1])
        spans.sort()
        return Claim(
            type=c.type,
            supplier=c.supplier.id if c.supplier else None,
            recipient=c.recipient.id if c.recipient else None,
            stance=reading.stance,
            evidence=Evidence(doc.label, doc.id, sent.index, sent.start, sent.end, sent.text, tuple(spans)),
            rule_id=c.rule_id,
            target=c.target.id if c.target else None,
            by=c.by.id if c.by else None,
            system=system.value if system is not None else None,
            category=category,
            attributed_to=reading.attributed_to,
            date=date_value,
            date_text=date_text,
            quantity=quantity,
            quantity_text=quantity_text,
            value=value,
            confidence=CONFIDENCE.get(form.cue.frame, 0.5),
        )

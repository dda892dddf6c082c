"""Frames: from a trigger word to the parties of a claim.

Each frame says where supplier and recipient stand relative to a trigger
(ONTOLOGY.md: the dyad is always supplier -> recipient, whichever side acts):

    give      "Iran supplied Russia with drones", "drones were delivered to Azerbaijan by Turkey"
    get       "Russia obtained Iranian drones", "Bolivia's interest in acquiring Iranian drones"
    have      "Morocco already operates Turkish TB2s", "in service with Qatar"
    use       "Iranian-made drones used by Russia against Ukraine"
    make      "Russia produces the Shahed-136 under licence", "a factory in Tajikistan making Ababil-2s"
    agree     "the two countries signed a defence MoU"; with weapons bought, a deal is an order
    sanction  "the US sanctioned Iran for supplying drones to Russia"

A frame returns candidates; stance, dates and the rest are added later.
"""

from __future__ import annotations

from dataclasses import dataclass

from armswatch.catalog import SUPRANATIONAL
from armswatch.claims.analysis import CLAUSE_BREAKS, MONEY_WORDS, OPERATE_VERBS, PREPS, Analysis, Party, size_words
from armswatch.claims.anaphora import ANAPHORS
from armswatch.claims.lexicon import Form
from armswatch.model import Category, EventType, Mention, MentionKind
from armswatch.nlp.mentions import PART_NOUNS, WEAPON_CONTEXT

TO = frozenset({"to", "for", "into"})
FROM = frozenset({"from"})
BY = frozenset({"by"})
WITH = frozenset({"with"})
TARGET_PREPS = frozenset({"against", "on", "at", "into", "onto"})
COMBAT = frozenset(
    [
        "against",
        "attack",
        "attacks",
        "attacked",
        "strike",
        "strikes",
        "struck",
        "target",
        "targets",
        "targeted",
        "targeting",
        "war",
        "combat",
        "battle",
        "battles",
        "conflict",
        "offensive",
        "fighting",
        "front",
        "bomb",
        "bombing",
        "bombed",
        "destroyed",
        "downed",
        "push",
        "repel",
        "repelled",
        "recapture",
        "recaptured",
        "counteroffensive",
        "bombarded",
        "shelled",
        "clashes",
        "clash",
        "fought",
        "fight",
        "skirmishes",
        "hostilities",
        "airstrikes",
        "airstrike",
        "sorties",
        "kill",
        "killed",
        "killing",
        "shoot",
        "shot",
        "fired",
        "firing",
        "launched",
        "launch",
        "invasion",
        "hit",
        "hitting",
        "raid",
        "raids",
        "assault",
        "barrage",
        "barrages",
        "civilians",
        "infrastructure",
        "cities",
        "positions",
        "troops",
        "forces",
        "shelling",
        "retake",
        "retook",
        "recapture",
        "recaptured",
        "repel",
        "repelled",
    ]
)
DEFENCE = frozenset(
    [
        "defence",
        "defense",
        "military",
        "security",
        "arms",
        "weapons",
        "military-technical",
        "defence-industrial",
        "defense-industrial",
        "drone",
        "drones",
        "missile",
        "missiles",
        "strategic",
        "troops",
        "basing",
        "attacked",  # "pledged to provide aid to one another if either is attacked": a mutual-defence pact
    ]
)
CIVIL = frozenset(
    [
        "trade",
        "economic",
        "economy",
        "energy",
        "oil",
        "gas",
        "nuclear",
        "tourism",
        "cultural",
        "culture",
        "visa",
        "visas",
        "aviation",
        "services",
        "investment",
        "investments",
        "agricultural",
        "agriculture",
        "health",
        "education",
        "scientific",
        "science",
        "customs",
        "transport",
        "shipping",
        "fisheries",
        "20-year",
        "25-year",
        "comprehensive",
        "strategic-partnership",
        "banking",
        "financial",
        "currency",
    ]
)
DEAL_LINKS = frozenset({"for", "to", "worth", "covering", "on"})


@dataclass(frozen=True, slots=True)
class Candidate:
    type: EventType
    supplier: Party | None
    recipient: Party | None
    trigger: int  # token index
    trigger_end: int
    rule_id: str
    weapons: tuple[Mention, ...] = ()
    target: Party | None = None
    by: Party | None = None


def _valid(p: Party | None) -> bool:
    return p is not None and p.id not in SUPRANATIONAL


def _pairs(
    kind: EventType,
    suppliers: list[Party],
    recipients: list[Party],
    i: int,
    end: int,
    rule: str,
    weapons: list[Mention],
    target: Party | None = None,
    a: Analysis | None = None,
) -> list[Candidate]:
    """Every supplier with every recipient; given the analysis, a side the clause leaves out may come from the
    sentences before (Analysis.from_context)."""
    if a is not None:
        suppliers, recipients = a.from_context(suppliers, recipients, weapons)
    out = []
    for s in suppliers:
        for r in recipients:
            if _valid(s) and _valid(r) and s.id != r.id:
                out.append(Candidate(kind, s, r, i, end, rule, tuple(weapons), target))
    return out


PASSIVE_AUX = frozenset(
    {"been", "being", "be", "was", "were", "is", "are", "'s", "'re", "am", "get", "got", "gets", "getting", "become", "became"}
)
PASSIVE_SKIP = frozenset(
    {
        "also",
        "reportedly",
        "allegedly",
        "already",
        "recently",
        "not",
        "n't",
        "never",
        "now",
        "reported",
        "said",
        "believed",
        "to",
        "since",
        "being",
        "been",
        "successfully",
        "secretly",
        "quietly",
        "first",
        "later",
        "eventually",
        "officially",
        "formally",
        "previously",
        "all",
        "mostly",
        "largely",
        "partly",
        "then",
        "just",
    }
)


# Nouns that follow a system's name and count it: "the Patriot batteries", "S-300 systems".
UNIT_NOUNS = frozenset("batteries battery systems system units unit launchers launcher missiles drones jets aircraft".split())


def _passive(a: Analysis, i: int, form: Form) -> bool:
    """A past participle after a form of "be" ("has been sold", "were reportedly delivered"), or in a reduced relative."""
    if not form.participle:
        return False
    j = i - 1
    while j >= 0 and j >= i - 4:
        low = a.lows[j]
        if low in PASSIVE_AUX:
            return True
        if low not in PASSIVE_SKIP:
            break
        j -= 1
    # reduced relative: "drones supplied by Iran", "S-300 systems, provided by Russia", "the Patriot batteries supplied
    # jointly by Germany and the Netherlands"
    n = len(a.tokens)
    prev = i - 1
    nxt = i + 2 if i + 2 < n and a.lows[i + 1].endswith("ly") else i + 1
    return (
        nxt < n
        and a.lows[nxt] in ("by", "to", "from", "in")
        and prev >= 0
        and (
            a.lows[prev] == ","
            or (a.lows[prev] in ("them", "which") and prev > 0 and a.lows[prev - 1] == "of")  # "most of them supplied by Iran"
            or any(w.last - 1 == prev or (w.last == prev and a.lows[prev] in UNIT_NOUNS) for w in a.weapons)
        )
    )


DENIAL_SPEECH = frozenset("said says insisted insists denied denies stated declared maintained maintains added".split())
NEGATIONS = frozenset({"no", "not", "never", "n't", "none"})


def _denying_speaker(a: Analysis, i: int) -> list[Party]:
    """ "Iran's foreign ministry said no missiles had been sent to Russia": in a negated passive with no agent, a
    party denying its own deliveries is their supplier. The speaker must be a state or group and speak before the
    clause; the recipient, when it speaks ("Kyiv said no Patriots had been delivered to Ukraine"), is left out by
    the caller's pairing of a party with itself."""
    for v in range(i - 1, max(-1, i - 14), -1):
        if a.lows[v] in DENIAL_SPEECH:
            if not any(a.lows[k] in NEGATIONS for k in range(v + 1, i)):
                return []
            speakers, blocked = a.subject(v)
            return [] if blocked else [p for p in speakers if p.mention is None or p.mention.role != "adjective"]
    return []


def _origin_or(a: Analysis, weapons: list[Mention], *options: list[Party]) -> list[Party]:
    for opt in options:
        if opt:
            return opt
    return a.origins_of(weapons)


#: Common nouns that carry or send on behalf of others: "a boat carrying weapons", "a network smuggling drones".
CARRIERS = frozenset(
    "boat boats ship ships vessel vessels dhow dhows plane planes aircraft flight flights cargo freighter freighters truck trucks "
    "lorry lorries convoy convoys train trains tanker tankers network networks ring rings company companies firm firms".split()
)


#: The first words of "line of credit", "credit line": an offer that names no weapon (GUIDELINES: a defence line of credit).
CREDIT_WORDS = frozenset({"line", "credit"})


def _carrier(a: Analysis, i: int) -> bool:
    """ "a boat carrying weapons", "a network smuggling drones": an "-ing" form that modifies the noun before it."""
    return i > 0 and a.lows[i].endswith("ing") and a.at[i - 1] is None and a.lows[i - 1] in CARRIERS


def _gapped(a: Analysis, last: Party, kind: EventType, subj: list[Party], i: int, end: int, rule: str) -> list[Candidate]:
    """ "Iran supplied drones to Russia and missiles to the Houthis": a second object and recipient sharing the verb."""
    m = last.mention
    if m is None:
        return []
    n = len(a.lows)
    k = m.last
    if k >= n or a.lows[k] != "and":
        return []
    weapons = [w for w in a.weapons if k < w.first <= k + 5]
    if not weapons or any(a.at[j] is not None or a.lows[j] in ("to", ",", "then") for j in range(k + 1, weapons[0].first)):
        return []  # only modifiers between: "and short-range missiles to the Houthis"
    to = weapons[-1].last
    while to < n and to - weapons[-1].last < 3 and a.lows[to] != "to":
        to += 1
    if to >= n or a.lows[to] != "to":
        return []
    target = a._object_at(to + 1)
    if target is None or target.kind not in (MentionKind.ACTOR, MentionKind.REFERENCE):
        return []
    return _pairs(kind, subj, a.expand(target), i, end, rule + ".gapped", weapons)


def _parts_user(a: Analysis, weapons: list[Mention]) -> list[Party]:
    """The state whose weapons the parts are for: "engines for Russian drones" go to Russia."""
    for w in weapons:
        if w.rule_id != "parts-for":
            continue
        whole = next((m for m in a.weapons if w.last + 1 <= m.first <= w.last + 3 and m.origin), None)
        if whole is not None:
            return [Party(whole.origin, whole.start, whole.end)]  # type: ignore[arg-type]
    return []


def frame_give(a: Analysis, i: int, end: int, form: Form, weapons: list[Mention]) -> list[Candidate]:
    kind = form.cue.type
    rule = form.cue.id
    if kind == EventType.OFFER and a.lows[i] in ("bid", "bids") and _won(a, i):
        kind, rule = EventType.ORDER, rule + ".won"  # "Hanwha won the bid to supply K9 howitzers to Australia": a sale
    if form.pos == "noun":
        if a.lows[i] in ("supplier", "suppliers", "exporter", "exporters", "seller", "sellers"):
            return _supplier_noun(a, i, end, form, weapons)
        if a.lows[i] in CREDIT_WORDS and not DEFENCE & set(a.lows):
            return []  # a line of credit is an offer only for defence purchases
        if _received(a, i):  # "Manila expects delivery of two more batteries from India": the subject receives
            subj, blocked = a.subject(i)
            if blocked:
                return []
            return _pairs(kind, a.after(end - 1, FROM | BY, 8) or _origin_or(a, weapons), subj, i, end, rule + ".noun", weapons)
        suppliers = a.possessor(i) or a.after(end - 1, FROM | BY, 8)
        if not suppliers and _governed_by_subject(a, i):
            suppliers, _ = a.subject(i)  # "the administration approved the potential sale of ..."
        suppliers = suppliers or _origin_or(a, weapons)
        recipients = a.after(end - 1, TO, 14)
        sides = _between(a, end)
        if not suppliers and not recipients and len(sides) == 2 and sides[0].id != sides[1].id:
            suppliers, recipients = sides[:1], sides[1:]  # "arms shipments between North Korea and Russia": as written
        suppliers = suppliers or _penalised(a, i) or _rebutting(a, i)
        if not recipients and kind == EventType.OFFER:
            recipients = a.after(end - 1, {"in", "for"}, 8)  # "a demo flight in Kuwait"
        return _pairs(kind, suppliers, recipients, i, end, rule + ".noun", weapons)
    if form.cue.id.startswith("transfer.bound"):
        # "missile parts en route to the Houthis": whoever seized them is no party; what is bound stands before
        weapons = a.weapons_before(i, 8) or weapons
        suppliers = a.after(end - 1, FROM, 6) or _origin_or(a, weapons)
        return _pairs(kind, suppliers, a.object_party(end - 1), i, end, rule, weapons)
    if _passive(a, i, form):
        suppliers = a.after(end - 1, BY, 10) or a.after(end - 1, FROM, 10) or _origin_or(a, weapons) or _denying_speaker(a, i)
        recipients = a.after(end - 1, TO, 12) or a.owner_of(weapons) or a.operator_of(weapons)
        recipients = _holder_not_place(a, end, weapons) or recipients
        if not recipients:
            subj, _ = a.subject(i)
            if subj and ((end < len(a.tokens) and a.lows[end] == "with") or form.cue.object_is_recipient):
                recipients = subj  # "armed with drones by Iran", "The Houthis are armed by Iran"
            elif subj and any(w.first >= end and _only_quantity_between(a, end, w.first) for w in weapons):
                recipients = subj  # "Ukraine was given Storm Shadow missiles by Britain": the subject is the recipient
            elif weapons and weapons[0].last <= i and a.lows[end : end + 1] == ["by"]:
                # "Syria ... S-300 systems, provided by Russia": the holder of the weapons received them
                recipients, _ = a.subject(_instrument_verb(a, weapons[0].first))
        return _pairs(kind, suppliers, recipients, i, end, rule + ".passive", weapons, a=a)
    subj, blocked = a.subject(i)
    if blocked:
        return []
    subj = _penalised_actor(a, i) or subj
    carrier = _carrier(a, i)
    if carrier:
        subj = []  # "seized a boat carrying weapons from Iran": the boat carries, not the party that seized it
    obj = a.object_party(end - 1)
    if not obj and a.lows[end : end + 2] in (["it", "with"], ["them", "with"]) and a.at[end] is None:
        # "the RSF's main backer, supplying it with drones": the pronoun stands for a party named before
        obj = [p for p in a.pronoun(end) if p.id not in {s_.id for s_ in subj}]
    if not obj and form.cue.object_is_recipient and a.lows[end : end + 1] == ["and"] and end + 2 < len(a.lows):
        obj = a.object_party(end + 1)  # "Iran arms and trains the Houthis": the verbs share their object
    recipients = obj if obj else (_holder_not_place(a, end, weapons) or a.after(end - 1, TO, 14))
    if not recipients and kind == EventType.OFFER:
        recipients = a.after(end - 1, WITH, 8)  # "exploring deals with Indonesia and Vietnam to sell"
    if not recipients and kind == EventType.OFFER and any(low.startswith((*MAKING_STEMS, "set")) for low in a.lows[end : end + 3]):
        recipients = a.after(end - 1, {"in"}, 10)  # "Baykar has offered to build a drone factory in Indonesia"
    if form.cue.object_is_recipient:
        recipients = obj
    if not recipients:
        recipients = a.relative_operator(weapons, end)  # "supplied the drones that Russia launched at Kyiv"
    if not recipients:
        recipients = _parts_user(a, weapons)  # "supplying engines for Russian drones": Russia flies them
    if not recipients and a.lows[end : end + 3] and any(low == "of" for low in a.lows[end : end + 4]) and a.lows[end] in SHARES:
        recipients = a.owner_of([w for w in weapons if end < w.first <= end + 8])  # "has supplied most of Taiwan's weapons"
    if subj and recipients:
        gapped = _gapped(a, recipients[-1], kind, subj, i, end, rule)
        if gapped:
            return _pairs(kind, subj, recipients, i, end, rule, weapons) + gapped
    if not subj:
        # "a ship that was supplying Iranian weapons to the Houthis", "missile parts bound for the Houthis"
        # "convoys carrying Emirati weapons to RSF fighters crossed from Chad": the weapons' origin before a later "from"
        subj = (a.origins_of(weapons) if carrier else []) or a.after(end - 1, FROM, 10) or _origin_or(a, weapons)
    return _pairs(kind, subj, recipients, i, end, rule, weapons, a=a)


QUANTITY_WORDS = frozenset(
    "a an the its their his her our some several more about dozens hundreds thousands of fleet number few many large small "
    "new modern advanced at least up to around nearly over two three four five six seven eight nine ten twelve twenty "
    "additional further extra armed attack combat undisclosed unspecified unknown batch batches first second third initial "
    "another naval stealth multirole unmanned upgraded".split()
)


def _counts_or_describes(a: Analysis, k: int) -> bool:
    """Whether token k counts or describes the weapon after it: "24 modern", "Chinese-made", a word of its name."""
    m = a.at[k]
    return (
        a.lows[k] in QUANTITY_WORDS or a.lows[k][:1].isdigit() or (m is not None and m.kind == MentionKind.ORIGIN) or k in a.weapon_tokens
    )


def _only_quantity_between(a: Analysis, start: int, stop: int) -> bool:
    """Whether the words from start to stop only count or describe what follows ("has 24 modern ...")."""
    return all(_counts_or_describes(a, k) or a.lows[k] in ('"', "“", "”", ",") for k in range(start, stop))


def _supplier_noun(a: Analysis, i: int, end: int, form: Form, weapons: list[Mention]) -> list[Candidate]:
    """ "North Korea ... Russia's leading weapons supplier"; "turned to Iran as a key supplier of weapons"."""
    adjective = a.at[i - 1] if i > 0 else None
    if adjective is not None and adjective.kind == MentionKind.ACTOR and adjective.role == "adjective":
        # "Chinese suppliers of drone engines to Russia": a demonym says whose suppliers they are, not for whom
        return _pairs(form.cue.type, a.parties(adjective), a.after(end - 1, TO | {"for"}, 8), i, end, form.cue.id + ".supplier", weapons)
    recipients = a.possessor(i) or a.after(end - 1, TO | {"for"}, 8)
    suppliers: list[Party] = []
    # "turned to X as (a) supplier": X is the supplier, the subject the recipient
    for j in range(i - 1, max(-1, i - 8), -1):
        if a.lows[j] == "as":
            m = a.ends.get(j - 1)
            if m is not None and m.kind == MentionKind.ACTOR:
                suppliers = a.parties(m)
                if not recipients:
                    recipients, _ = a.subject(m.first)
            break
    if not suppliers:
        subj, _ = a.subject(i)
        copulas = {"is", "was", "been", "became", "becomes", "remains", "remained", "as", "'s"}
        if subj and subj[0].mention is not None and {p.id for p in subj} <= {p.id for p in recipients}:
            subj, _ = a.subject(subj[0].mention.first)  # "North Korea has become Russia's leading supplier": past the possessor
            copulas.add("become")
        # "North Korea has been shaping up as Russia's leading supplier", "Iran is the main supplier": a copula links them
        if subj and subj[0].mention is not None and any(a.lows[k] in copulas for k in range(subj[0].mention.last, i)):
            suppliers = subj
    if (not suppliers or {p.id for p in suppliers} <= {p.id for p in recipients}) and a.lows[end : end + 1] in (
        ["is"],
        ["was"],
        ["remains"],
        ["remained"],
    ):
        suppliers = a.object_party(end)  # "The Houthis' main arms supplier is Iran": the copula's complement supplies
    if not suppliers or {p.id for p in suppliers} <= {p.id for p in recipients}:
        suppliers = _in_apposition(a, i, end)
    return _pairs(form.cue.type, suppliers, recipients, i, end, form.cue.id + ".supplier", weapons)


def _in_apposition(a: Analysis, i: int, end: int) -> list[Party]:
    """ "Turkey, now the third-largest supplier of arms to Pakistan, ..."; "Azerbaijan's main supplier of drones, Israel,":
    the party the role noun's phrase stands beside, set off by a comma."""
    k = i - 1
    while k > 0 and i - k <= 16 and a.lows[k] not in (",", "."):
        m = a.at[k]
        if m is not None and m.kind == MentionKind.ACTOR and a.lows[m.last : m.last + 1] not in (["'s"], ["'"]) and a.lows[k] != "'s":
            return []  # another party stands between, not a possessor: not an apposition
        k -= 1
    if a.lows[k] == "," and k > 0:
        m = a.ends.get(k - 1)
        if m is not None and m.kind == MentionKind.ACTOR and m.role in ("state", "capital", "group", "maker"):
            return a.parties(m)
    j = end
    while j < len(a.lows) and a.lows[j] != "," and j - end < 8:
        j += 1
    m = a.at[j + 1] if j + 1 < len(a.lows) else None
    if m is not None and m.first == j + 1 and m.kind == MentionKind.ACTOR and a.lows[m.last : m.last + 1] == [","]:
        return a.parties(m)
    return []


ROLE_NOUNS = frozenset(
    {
        "buyer",
        "buyers",
        "customer",
        "customers",
        "client",
        "clients",
        "recipient",
        "recipients",
        "importer",
        "importers",
        "candidate",
        "candidates",
        "operator",
        "operators",
        "users",
    }
)


def _copula_list(a: Analysis, end: int) -> list[Party]:
    """ "The candidate countries for the purchase of Iranian drones are Armenia, Tajikistan and Serbia": the parties after the verb."""
    for k in range(end, min(len(a.lows), end + 12)):
        low = a.lows[k]
        if low in CLAUSE_BREAKS or low == ",":
            return []
        if low in ("are", "is", "were", "was", "include", "includes", "included", "including"):
            return a.object_party(k)
    return []


REQUEST_NOUNS = frozenset(
    {"orders", "requests", "request", "bids", "inquiries", "inquiry", "enquiries", "enquiry", "applications", "offers"}
)


def _received_requests(a: Analysis, i: int, end: int, weapons: list[Mention]) -> list[Candidate] | None:
    """ "Iran has received drone orders from 22 countries including Algeria": the buyers ask, the subject supplies."""
    n = len(a.tokens)
    k = end
    while (
        k < n
        and k - end < 4
        and (
            a.lows[k] in ("a", "an", "many", "several", "new", "formal", "numerous", "official")
            or any(w.first <= k < w.last for w in a.weapons)
        )
    ):
        k += 1
    if k >= n or a.lows[k] not in REQUEST_NOUNS:
        return None
    subj, _ = a.subject(i)
    buyers = a.after(k, FROM, 8)
    origin = a.origin_of(weapons)
    suppliers = subj or ([origin] if origin else [])
    return _pairs(EventType.REQUEST, suppliers, buyers, i, k + 1, "request.received.v1", weapons)


#: What one asks another "to" do when asking for weapons: "asked Seoul to supply", "asked Washington to sell".
ASKED_FOR = frozenset(
    "supply provide deliver sell send transfer ship give lend lease arm buy purchase acquire approve allow speed expedite".split()
)


def _asks_for_weapons(a: Analysis, end: int) -> bool:
    """Whether an urging verb asks for weapons: "for" or "to send" after its object, a weapon soon after."""
    obj = a._object_at(end)
    k = obj.last if obj is not None else end
    while k < len(a.lows) and k - end <= 8 and a.lows[k] in ("hard", "repeatedly", "again", "publicly", "privately"):
        k += 1
    return k + 1 < len(a.lows) and (a.lows[k] == "for" or (a.lows[k] == "to" and a.lows[k + 1] in ASKED_FOR))


def _on_behalf(a: Analysis, i: int, end: int) -> bool:
    """Whether what is asked goes to a party other than the asker: "Poland asked Germany to send tanks to Ukraine"."""
    subj, _ = a.subject(i)
    for k in range(end, min(len(a.lows) - 1, end + 14)):
        if a.lows[k] in CLAUSE_BREAKS or a.lows[k] in (",", ";"):
            break
        if a.lows[k] == "to" and k > end and a.lows[k - 1] not in ("asked", "urged", "called", "on"):
            to = a.after(k - 1, TO, 3)
            if to and subj and {p.id for p in to}.isdisjoint({p.id for p in subj}) and any(w.last <= k for w in a.weapons if w.first > end):
                return True
    return False


def asked_to_do(a: Analysis, i: int, end: int) -> bool:
    """ "Argentina asked La Paz to explain a pact": asked to do something other than supply, not for weapons."""
    if not a.lows[i].startswith(("ask", "urg", "call", "press", "lobb")):
        return False
    obj = a._object_at(end)
    k = obj.last if obj is not None else end
    return k + 1 < len(a.lows) and a.lows[k] == "to" and a.lows[k + 1] not in ASKED_FOR


DEAL_NOUNS = frozenset("contract contracts deal deals order orders tender tenders".split())
WINNING = frozenset("won wins win winning secured secures secure landed lands bagged clinched clinches".split())


AWARDING = frozenset({"awarded", "awards", "award", "awarding", "granted", "grants"})


def _awarded(a: Analysis, i: int, end: int) -> tuple[list[Party], list[Party]] | None:
    """(sellers, buyers) of a contract a buyer awards: "Kuwait awarded Baykar a contract for TB2s", "awarded a contract to
    Hanwha", "Hanwha was awarded a contract by Poland"."""
    k = i - 1
    while k > 0 and i - k <= 6 and (a.lows[k] in ("a", "an", "the", "new") or a.lows[k] in MONEY_WORDS or a.lows[k][:1].isdigit()):
        k -= 1
    m = a.ends.get(k)
    if m is not None and m.kind == MentionKind.ACTOR and m.first > 0 and a.lows[m.first - 1] in AWARDING:
        buyers, blocked = a.subject(m.first - 1)
        return None if blocked or not buyers else (a.parties(m), buyers)
    if a.lows[k] not in AWARDING:
        return None
    if a.lows[k - 1 : k] in (["was"], ["were"], ["been"], ["is"]):
        sellers, blocked = a.subject(k)
        buyers = a.after(end - 1, BY | FROM, 6)
    else:
        buyers, blocked = a.subject(k)
        sellers = a.after(end - 1, TO, 4)
    return None if blocked or not sellers or not buyers else (sellers, buyers)


def _won(a: Analysis, i: int) -> bool:
    """Whether the order noun at i is won: "won a $2.6 billion order", "secured contracts"."""
    k = i - 1
    while k > 0 and i - k <= 6 and (a.lows[k] in QUANTITY_WORDS or a.lows[k] in MONEY_WORDS or a.lows[k][:1].isdigit() or a.in_weapon(k)):
        k -= 1
    return a.lows[k] in WINNING


def turned_to_no_purpose(a: Analysis, i: int, end: int) -> bool:
    """Whether "turned to" at i asks for nothing: "turned to Iran as a key supplier" (no request) against "turned to
    Paris and New Delhi for weapons" (a request of each)."""
    return a.lows[i].startswith("turn") and "for" not in a.lows[end : end + 8]


PROSPECTIVE = frozenset("potential possible prospective likely would-be future".split())


def frame_get(a: Analysis, i: int, end: int, form: Form, weapons: list[Mention]) -> list[Candidate]:
    kind = form.cue.type
    rule = form.cue.id
    if a.lows[i] in ROLE_NOUNS and a.lows[i - 1 : i] and a.lows[i - 1] in PROSPECTIVE:
        kind = EventType.INTEREST  # "among the potential buyers": considered, not bought
    if a.lows[i].startswith("receiv"):
        reversed_ = _received_requests(a, i, end, weapons)
        if reversed_ is not None:
            return reversed_
    if (
        a.lows[i] in ("get", "gets", "got", "getting", "gotten")
        and end < len(a.lows)
        and (a.lows[end].endswith("er") or a.lows[end] in ("involved", "ready", "closer", "better", "worse", "done", "rid"))
    ):
        return []  # "relations could get stronger": a change of state, not a receipt
    if turned_to_no_purpose(a, i, end):
        return []  # "turned to Iran as a supplier" is no request; "turned to Tehran for drones" is
    if kind == EventType.REQUEST and asked_to_do(a, i, end):
        return []
    if kind == EventType.REQUEST and _on_behalf(a, i, end):
        return []  # "Poland urged Germany to send tanks to Ukraine": asked for another party, no request of its own
    if kind == EventType.REQUEST and a.lows[i].startswith(("press", "lobb", "urg", "call")) and not _asks_for_weapons(a, end):
        return []  # "pressing ahead", "called on the court": no supply asked for
    if a.lows[i - 1 : i] in (["licence"], ["license"], ["licences"], ["licenses"]) or a.lows[end : end + 2] in (
        ["a", "licence"],
        ["a", "license"],
        ["the", "licence"],
        ["the", "license"],
    ):
        return []  # "under a licence bought from Tehran": a right to produce, which the make frame reads
    frm = a.after(end - 1, FROM, 14)
    if a.lows[i] in ROLE_NOUNS:
        listed = _copula_list(a, end)
        if listed:
            # "Turkey's buyers are ...", "Among Baykar's customers are ...": the possessor sells
            suppliers = frm or _origin_or(a, weapons) or [p for p in a.possessor(i) if p.id not in {x.id for x in listed}]
            return _pairs(kind, suppliers, listed, i, end, rule + ".copula", weapons)
    if a.lows[i] in REQUEST_NOUNS and any(a.lows[k].startswith("receiv") for k in range(max(0, i - 4), i)):
        return []  # "has received drone orders from 22 countries": the receiver sells (_received_requests reads it)
    if a.lows[i] in ("customers", "buyers", "clients") and "for" in a.lows[max(0, i - 3) : i]:
        return []  # "to build rockets in Germany for European customers": buyers unnamed, the builders no buyers
    if a.lows[i] in WINNING and any(low in DEAL_NOUNS for low in a.lows[end : end + 6]):
        return []  # "Baykar secured a contract from Kuwait": a sale won, which the deal frame reads
    if form.pos == "noun" and a.lows[i] in ("order", "orders", "contract", "contracts") and _won(a, i):
        # "Hanwha won a $2.6 billion order from Poland for K9 howitzers": the winner sells, the buyer is "from"
        sellers, blocked = a.subject(i)
        return [] if blocked else _pairs(kind, sellers or _origin_or(a, weapons), frm, i, end, rule + ".won", weapons)
    if (form.pos == "noun" or (form.pos == "phrase" and a.lows[i - 1 : i] in (["'s"], ["'"]))) and a.lows[i] not in ROLE_NOUNS:
        # "Ukraine's requests for Iron Dome": a noun phrase, its possessor the side that acts
        recipients = a.possessor(i) or a.after(end - 1, BY, 6)
        if not recipients:
            subj, blocked = a.subject(i)
            if blocked:
                return []
            recipients = subj if _governed_by_subject(a, i) else []
            if not recipients and kind == EventType.INTEREST and a.lows[i - 1 : i] in (["said"], ["says"]):
                recipients = subj  # "Indonesia's defence ministry said talks on a BrahMos contract were in their final stage"
        suppliers = frm or a.after(end - 1, WITH, 8) or _origin_or(a, weapons)
        share = _share_of(a, i)
        if share is not None and not frm:
            # "Russia accounted for 36 per cent of India's arms imports": the clause's subject supplies the share
            own = next((k for k in range(share, i) if a.lows[k] in ("its", "their") and a.at[k] is None), None)
            recipients = recipients or (a.pronoun(own) if own is not None else [])
            subj, _ = a.subject(share)
            if {p.id for p in subj} & {p.id for p in recipients}:
                # "Israel relies on the United States for two-thirds of its arms imports": whom it relies on
                subj = [
                    p for k in range(max(0, share - 8), share) if a.lows[k] in ("on", "upon") for p in a.after(k - 1, {"on", "upon"}, 3)
                ]
            suppliers = subj or suppliers
            suppliers += _followed_by(a, end)
        return _pairs(kind, suppliers, recipients, i, end, rule + ".noun", weapons)
    if _passive(a, i, form):
        # "Belgrade's CH-92A drones were bought from China, the first Chinese drones in Europe": the subject's holder
        recipients = a.after(end - 1, BY, 10) or a.owner_of(weapons) or a.owner_of(a.weapons_before(i, 4)) or _holder_of_object(a, i)
        suppliers = frm or _origin_or(a, weapons)
        if not recipients:
            subj, _ = a.subject(i)
            recipients = subj if subj and not any(w.first < i for w in weapons) else []
        return _pairs(kind, suppliers, recipients, i, end, rule + ".passive", weapons, a=a)
    if a.lows[i] in ("order", "orders", "ordered", "ordering") and not any(
        (w.first > i and _only_quantity_between(a, end, w.first))
        or (0 <= w.last <= i and i - w.last <= 3 and a.lows[i - 1] in ("it", "they", "which", "that", "we"))  # "the F-35 jets it ordered"
        or (0 <= w.last < i and i - w.last <= 5 and a.lows[w.last] in ("that", "which") and _party_ends_at(a, i - 1))
        for w in weapons
    ):
        return []  # "ordered strikes with Iranian drones", "ordered the army to ...": a command, not a purchase
    subj, blocked = a.subject(i)
    if blocked:
        return []
    subj = _penalised_actor(a, i) or subj
    if not subj and form.cue.governs:
        subj = a.possessor(i)  # "Bolivia's interest in"
    suppliers = frm
    if not suppliers and kind in (EventType.INTEREST, EventType.REQUEST):
        suppliers = a.object_party(end - 1)  # "asked China for", "turned to Tehran for"
        if not suppliers and a.lows[end : end + 1] == ["to"] and "for" in a.lows[end : end + 8]:
            suppliers = a.after(end - 1, TO, 4)  # "appealed to Washington for air defences"
    cleared = _cleared_by(a, i) if kind == EventType.ORDER else []
    if len(cleared) == 2 and {p.id for p in subj} <= {cleared[0].id}:
        cleared, subj = cleared[:1], cleared[1:]  # "The UAE, which Washington approved to buy F-35s": the UAE buys
    if cleared:
        return _pairs(kind, cleared, subj, i, end, rule + ".cleared", weapons, a=a)
    suppliers = suppliers or _origin_or(a, weapons)
    if not suppliers and a.lows[i] in ROLE_NOUNS and subj and _after_copula(a, subj[-1], i):
        # "Pakistan is China's biggest arms customer": the possessor sells to the subject
        suppliers = [p for p in a.possessor(i) if p.id not in {s.id for s in subj}]
    if kind == EventType.INTEREST and subj and not frm:
        # "Ankara has widened sales of its drones by negotiating deals with Morocco": the seller is in talks
        own = any(w.first >= 0 and {"its", "their"} & set(a.lows[max(0, w.first - 3) : w.first]) for w in weapons)
        if own or {p.id for p in suppliers} & {p.id for p in subj}:
            buyers = a.after(end - 1, WITH, 10)
            sell = next((k for k in range(end, min(len(a.lows), end + 4)) if a.lows[k] in SELLING), None)
            if not buyers and sell is not None:
                buyers = a.after(sell, TO, 10)  # "in talks to sell JF-17 jets to Azerbaijan"
            if buyers:
                return _pairs(kind, subj, buyers, i, end, rule + ".seller", weapons)
    if not suppliers and kind in (EventType.INTEREST, EventType.REQUEST):
        suppliers = a.after(end - 1, WITH, 10)
    if not frm and kind in (EventType.TRANSFER, EventType.ORDER):
        helped = _helper_and_helped(a, i)  # "firms that helped Russia obtain drone components": the helpers supply
        if helped is not None:
            suppliers, subj = helped
            kind = EventType.TRANSFER
    out = _pairs(kind, suppliers, subj, i, end, rule, weapons, a=a)
    if kind == EventType.ORDER and out and form.pos != "noun":
        # "The United States agreed to buy NASAMS systems for Ukraine": bought to be given on
        beneficiaries = [p for p in a.after(end - 1, {"for"}, 12) if p.id not in {s.id for s in subj} | {s.id for s in suppliers}]
        out += _pairs(EventType.TRANSFER, subj, beneficiaries, i, end, rule + ".for", weapons, a=a)
    if kind == EventType.INTEREST and form.pos != "noun" and any(a.lows[k] in OFFER_NOUNS for k in range(end, min(len(a.lows), end + 3))):
        out += _pairs(EventType.OFFER, suppliers, subj, i, end, rule + ".offer", weapons, a=a)  # "weighing an offer of Chinese J-10s"
    return out


OFFER_NOUNS = frozenset({"offer", "offers", "proposal", "proposals"})


def _party_ends_at(a: Analysis, k: int) -> bool:
    """Whether a named party ends at token k: "the TB2s that [Kuwait] ordered"."""
    m = a.ends.get(k)
    return m is not None and m.kind == MentionKind.ACTOR


COPULAS = frozenset("is was are were remains remained has become became becomes had been".split())


def _after_copula(a: Analysis, subject: Party, i: int) -> bool:
    """Whether the noun at i is the complement of its subject: "Pakistan is [China's biggest arms] customer"."""
    m = subject.mention
    return m is not None and m.last < i and m.last < len(a.lows) and a.lows[m.last] in COPULAS and i - m.last <= 8


GOVERNING_VERBS = frozenset(
    "signed placed sign inked finalised finalized concluded made submitted filed announced agreed completed expressed showed "
    "has have had received approved approves cleared authorised authorized notified conducted held staged continues continued "
    "resumed halted suspended stepped put froze frozen delayed postponed blocked cancelled canceled scrapped flew gave issued showed "
    "sent launched shown show shows voiced signalled signaled expresses extended extends offered began begun begins started starts "
    "accelerated confirmed confirms reiterated reaffirmed".split()
)


#: Verbs whose subject receives the delivery they govern: "expects delivery of", "is awaiting shipments of".
RECEIVING_VERBS = frozenset(
    "expects expected expecting expect awaits awaited awaiting await accepted accepts welcomed welcomes secured secures".split()
)


def _received(a: Analysis, i: int) -> bool:
    """Whether a receiving verb governs the delivery noun at i, with only describing words between."""
    k = i - 1
    while k >= 0 and i - k <= 4 and (a.lows[k] in QUANTITY_WORDS or a.lows[k][:1].isdigit()):
        k -= 1
    return k >= 0 and a.lows[k] in RECEIVING_VERBS and a.lows[i] not in ("sale", "sales", "supplier", "suppliers")


def _governed_by_subject(a: Analysis, i: int) -> bool:
    """Whether a noun trigger is the object of its clause's verb: "Poland signed a deal", "Kuwait placed an order"."""
    sizes = size_words(a.lows[max(0, i - 6) : i])
    return any(a.lows[j] in GOVERNING_VERBS for j in range(i - 1, max(-1, i - 8 - sizes), -1))  # "a proposed $735 million sale"


def frame_have(a: Analysis, i: int, end: int, form: Form, weapons: list[Mention]) -> list[Candidate]:
    rule = form.cue.id
    if form.words[0] in RELYING and form.words[-1] == "on":
        suppliers = a.object_party(end - 1)
        if suppliers and any(0 < w.first - end <= 10 for w in weapons):
            # "Armenia has long relied on Russia for weapons", "India's dependence on Russia for arms": the party relied on supplies
            holders, blocked = a.subject(i)
            return [] if blocked else _pairs(EventType.TRANSFER, suppliers, holders or a.possessor(i), i, end, rule + ".on", weapons, a=a)
    origins = a.origins_of(weapons)
    if not origins:
        return []
    origins[0]
    words = form.words
    if words[0] in (
        "has",
        "have",
        "had",
        "having",
        "own",
        "owns",
        "field",
        "fields",
        "fielded",
        "fielding",
        "fly",
        "flies",
        "flying",
        "operate",
        "operates",
        "operated",
        "operating",
        "possess",
        "possesses",
        "induct",
        "inducts",
        "inducted",
        "inducting",
        "commission",
        "commissions",
        "commissioned",
        "commissioning",
        "made",  # "Myanmar's air force is made up of Russian and Chinese jets"
        "consists",
        "consisted",
        "composed",
        "comprised",
    ):
        # "has" as an auxiliary is no possession: the weapon must follow within a few words, no verb between.
        if a.lows[i] in ("has", "have", "had", "having"):
            nxt = [w for w in weapons if i < w.first <= end + 4]
            if not nxt or not _only_quantity_between(a, end, nxt[0].first):
                return []  # "has shot down Iranian drones", "had no information about drones": no possession
        subj, blocked = a.subject(i)
        if blocked:
            return []
        if _passive(a, i, form):
            subj = a.after(end - 1, BY, 10)
        return _pairs(EventType.TRANSFER, origins, subj, i, end, rule, weapons, a=a)
    if words[0] in ("in", "part") or words[-1] in ("arsenal", "inventory", "armaments"):
        # "in service with Qatar and Ukraine": the preposition closes the cue
        recipients = a.object_party(end - 1) if words[-1] in ("with", "of") else a.after(end - 1, WITH | {"of"}, 8) or a.possessor(i)
        return _pairs(EventType.TRANSFER, origins, recipients, i, end, rule, weapons, a=a)
    if words[-1] == "by":  # "flown by Turkey, Ukraine and Qatar"
        return _pairs(EventType.TRANSFER, origins, a.after(end - 2, BY, 4), i, end, rule, weapons, a=a)
    if words[-1] in ("operator", "operators"):
        recipients = a.possessor(i)
        if not recipients:
            recipients, _ = a.subject(i)
        return _pairs(EventType.TRANSFER, origins, recipients, i, end, rule, weapons, a=a)
    if words[0] in RELYING and any(i < w.first <= end + 6 for w in weapons):
        # "Algeria's air defences rely on Russian-made S-300 batteries": the forces' state holds what they rely on
        holders, blocked = a.subject(i)
        if blocked:
            return []
        return _pairs(EventType.TRANSFER, origins, holders or a.possessor(i - 1), i, end, rule, weapons, a=a)
    return []


#: "rely on", "depend on": forces that rely on weapons hold them.
RELYING = frozenset("rely relies relied relying depend depends depended depending dependent reliant dependence reliance".split())


SHARE_WORDS = frozenset("cent percent % share half third thirds quarter quarters most bulk majority".split())
#: Words that open a share of something right after a verb: "supplied most of", "nearly half of", "a third of".
SHARES = SHARE_WORDS | frozenset("much all nearly almost about a the two-thirds".split())


def _share_of(a: Analysis, i: int) -> int | None:
    """ "36 per cent of India's arms imports", "two-thirds of its arms imports": where the share begins, if the noun at i
    is a share of a party's trade."""
    k = i - 1
    while k > 0 and i - k <= 8 and (a.in_weapon(k) or a.lows[k] in ("arms", "weapons", "'s", "'", "its", "their", "total")):
        k -= 1
    while k > 0 and i - k <= 12 and a.at[k] is not None and a.at[k].kind == MentionKind.ACTOR:  # type: ignore[union-attr]
        k -= 1
    if a.lows[k] != "of" or k < 1 or a.lows[k - 1] not in SHARE_WORDS:
        return None
    j = k - 1
    while j > 0 and (a.lows[j - 1][:1].isdigit() or a.lows[j - 1] in SHARE_WORDS | QUANTITY_WORDS | {"per", "-", "two", "about"}):
        j -= 1
    return j


def _followed_by(a: Analysis, end: int) -> list[Party]:
    """ "..., followed by Germany with 12 per cent and Poland with 11 per cent": the next suppliers of a ranking."""
    at = next((k for k in range(end, min(len(a.lows) - 1, end + 4)) if a.lows[k] == "followed" and a.lows[k + 1] == "by"), None)
    if at is None:
        # "..., with Germany providing most of the rest": a second supplier in an absolute clause
        w = next((k for k in range(end, min(len(a.lows) - 3, end + 4)) if a.lows[k] == "with"), None)
        m = a.at[w + 1] if w is not None else None
        if m is not None and m.kind == MentionKind.ACTOR and a.lows[m.last : m.last + 1] in (["providing"], ["supplying"], ["accounting"]):
            return a.parties(m)
        return []
    out: list[Party] = []
    for k in range(at + 2, min(len(a.lows), at + 24)):
        if a.lows[k] in CLAUSE_BREAKS or a.lows[k] == ";":
            break
        m = a.at[k]
        if m is not None and m.first == k and m.kind == MentionKind.ACTOR and m.role in ("state", "capital"):
            out += a.parties(m)
    return out


def _holder_not_place(a: Analysis, end: int, weapons: list[Mention]) -> list[Party]:
    """ "the Houthis' missiles ... smuggled into Yemen": "into" names a place; the weapons' holder receives them."""
    if a.lows[end : end + 1] != ["into"]:
        return []
    return a.owner_of([w for w in weapons if w.last <= end])


def _instrument_verb(a: Analysis, k: int) -> int:
    """ "attacked Port Sudan with drones that ...": the verb an instrument serves, whose subject holds it; else k."""
    j = k - 1
    while j > 0 and k - j <= 8 and _counts_or_describes(a, j):
        j -= 1
    if a.lows[j] != "with":
        return k
    verb = next((v for v in range(j - 1, max(-1, j - 8), -1) if a.lows[v] in HIT_VERBS or a.lows[v] in OPERATE_VERBS), None)
    return k if verb is None else verb


# Verbs whose object is the target: the weapons after them are what was hit ("to strike Armenian tanks"), not what hit.
HIT_VERBS = frozenset(
    "strike strikes struck striking hit hits hitting attack attacks attacked attacking destroy destroys destroyed destroying "
    "target targets targeted targeting bomb bombs bombed bombing downed intercepted shelled".split()
)


#: Words of practice, in which firing a weapon is no combat use: "test-fired during an exercise".
EXERCISES = frozenset("exercise exercises drill drills drills test tests trial trials demonstration parade manoeuvres maneuvers".split())


def frame_use(a: Analysis, i: int, end: int, form: Form, weapons: list[Mention]) -> list[Candidate]:
    rule = form.cue.id
    if a.lows[i].startswith("drop") and not any(w.category != Category.DRONE and 0 <= w.first - end <= 3 for w in weapons):
        return []  # "dropped Chinese-made bombs on villages"; not "dropped plans", nor drones dropping something
    if rule.startswith("use.help"):
        return _helped(a, i, end, form)
    if form.pos != "noun" and a.lows[i] in HIT_VERBS and not _passive(a, i, form):
        with_at = next((k for k in range(end, min(len(a.lows), end + 12)) if a.lows[k] == "with"), None)
        instruments = [w for w in a.weapons if with_at is not None and with_at < w.first <= with_at + 6]
        weapons = [w for w in weapons if w.last <= i] or instruments
        if not weapons:
            return []
    hit_at = next((k for k in range(end, min(len(a.lows), end + 10)) if a.lows[k] in HIT_VERBS), None)
    if hit_at is not None and any(w.first < hit_at for w in weapons):
        weapons = [w for w in weapons if w.first < hit_at]  # "used HIMARS to strike Russian ammunition depots": a target
    passive = _passive(a, i, form)
    combat = (any(low in COMBAT for low in a.lows) or a.lows[i].startswith(("deploy", "drop"))) and a.lows[i] not in ("operate", "operated")
    if combat and EXERCISES & set(a.lows):
        combat = False  # "a submarine firing a cruise missile during an exercise": it holds the weapon, it fights no one
    if not combat and a.lows[i] in ("used", "using", "uses", "use") and a.after(end - 1, {"in"}, 6):
        combat = True  # "the UAE, which later used them in Libya": use in a theatre of war, not an operator list
    if any(w.last == i for w in weapons) and a.lows[i] in (
        "strike",
        "strikes",
        "attack",
        "attacks",
        "raid",
        "raids",
        "barrage",
        "barrages",
    ):
        return []  # "Russian missile strikes": the weapon names the strike, its demonym the attacker, no supplier
    if form.pos == "phrase" and a.lows[i] in (
        "strike",
        "attack",
        "use",
        "assault",
        "strikes",
        "attacks",
        "raid",
        "raids",
        "barrage",
        "barrages",
    ):
        if a.lows[i] != "use" and a.lows[i - 1] not in ("its", "their") and all(0 <= w.last < i - 1 for w in weapons):
            return []  # "a Syrian missile shot down a plane during an Israeli raid": the raid's weapons are not named
        operators = a.possessor(i) or a.after(end - 1, BY, 6)
        if not operators:
            operators, blocked = a.subject(i)
            if blocked:
                return []
    elif passive:
        if a.lows[i] == "flown" and a.lows[end : end + 1] in (["in"], ["out"], ["to"], ["into"], ["from"]):
            return []  # "drones flown in by the UAE": carried there, not flown in service
        operators = a.after(end - 1, BY, 10) or _relative_holder(a, i)
    else:
        operators, blocked = a.subject(i)
        if blocked:
            return []
        held = operators[0].mention if operators and a.lows[i] == "using" else None
        verb = held.first - (2 if a.lows[held.first - 1] == "the" else 1) if held is not None and held.first > 0 else -1
        if verb >= 0 and a.lows[verb] in HIT_VERBS:
            # "Ethiopia's air force bombed Tigray using Chinese drones": what was bombed is no operator; the bomber is
            operators, _ = a.subject(verb)
        if not operators:
            # the weapons act: "Azerbaijan's Israeli-made Harops struck", "a Wing Loong operated by the UAE fired"
            acting = a.weapons_before(i, 8)
            operators = a.owner_of(acting) or a.operator_of(acting) or _relative_holder(a, i)
            weapons = acting if operators else weapons
    if any(low in ("capable", "able", "designed", "can", "could") for low in a.lows[max(0, i - 4) : i]):
        return []  # a capability, not a use: "drones capable of being used in its war"
    origins = a.origins_of(weapons)
    origin = origins[0] if origins else None
    if origin is None:
        # "Iran supplied drones to Russia, which used them": the supplier of the operator's weapons
        definite = (
            (end < len(a.lows) and a.lows[end] in ("them", "it", "these", "those"))
            or any(w.first > 0 and a.lows[w.first - 1] in ("the", "these", "those") for w in weapons)
            # "shipped artillery shells that Russian forces fire at Ukrainian positions": the shells just supplied
            or any(0 <= w.last < i <= w.last + 5 and a.lows[w.last] in ("that", "which") for w in weapons)
        )
        known = [a.known[o.id] for o in operators if o.id in a.known] if definite else []
        if not known:
            return []
        origin = Party(known[0], weapons[0].start, weapons[0].end) if weapons else None
        if origin is None:
            return []
        origins = [origin]
    target_list = a.after(end - 1, TARGET_PREPS, 16) or a.after(end - 1, {"in"}, 16)
    target = target_list[0] if target_list else None
    if not combat:
        # "used by Turkey, Ukraine and Qatar": an operator list is possession, not combat use
        return _pairs(EventType.TRANSFER, origins, operators, i, end, rule + ".operator", weapons, a=a)
    out = _pairs(EventType.USE, origins, operators, i, end, rule, weapons, target, a=a)
    return [c for c in out if target is None or target.id != c.recipient.id]  # type: ignore[union-attr]


def _helped(a: Analysis, i: int, end: int, form: Form) -> list[Candidate]:
    """ "Turkish drones helped Azerbaijan win the war against Armenia": weapons that help a party fight are its, used
    in combat. The weapons are the subject, right before the verb; the helped party follows it; a fight is named."""
    acting = a.weapons_before(i, 4)
    if not acting or not any(low in COMBAT for low in a.lows[end:]):
        return []
    operators = a.object_party(end - 1)
    origins = a.origins_of(acting)
    target_list = a.after(end - 1, TARGET_PREPS, 16)
    target = target_list[0] if target_list else None
    out = _pairs(EventType.USE, origins, operators, i, end, form.cue.id, acting, target)
    return [c for c in out if target is None or target.id != c.recipient.id]  # type: ignore[union-attr]


CLEARING = frozenset("cleared approved authorised authorized allowed permitted".split())


def _cleared_by(a: Analysis, i: int) -> list[Party]:
    """ "The Netherlands was cleared by Washington to buy them": the government that clears a purchase is the seller's."""
    if i < 4 or a.lows[i - 1] != "to":
        return []
    by = next((k for k in range(i - 2, max(0, i - 8), -1) if a.lows[k] == "by"), None)
    if by is None or a.lows[by - 1] not in CLEARING:
        # "The UAE, which Washington approved in 2020 to buy F-35s": the party between "which" and the clearing verb
        verb = next((k for k in range(i - 2, max(0, i - 8), -1) if a.lows[k] in CLEARING), None)
        if verb is None or "which" not in a.lows[max(0, verb - 6) : verb]:
            return []
        rel = max(k for k in range(max(0, verb - 6), verb) if a.lows[k] == "which")
        m = a._object_at(rel + 1)
        ante = a.ends.get(rel - 1 - (a.lows[rel - 1] == ","))
        if m is None or m.kind != MentionKind.ACTOR or m.last > verb or ante is None or ante.kind != MentionKind.ACTOR:
            return []
        return [*a.parties(m), Party(ante.value, ante.start, ante.end, ante)]  # the clearer, then the buyer
    return a.after(by - 1, BY, 4)


HOLDING_VERBS = OPERATE_VERBS | frozenset("has have had field fields fielded received receives acquired".split())


def _holder_of_object(a: Analysis, i: int) -> list[Party]:
    """ "Romania's air force flies F-16s bought from Portugal": the weapons a participle describes are the object of a
    holding verb, whose subject holds them."""
    if not a.in_weapon(i - 1):
        return []
    held = [w for w in a.weapons if 0 < w.last == i]
    if not held:
        return []
    k = held[0].first - 1
    while k > 0 and _counts_or_describes(a, k) and k not in a.weapon_tokens:
        k -= 1  # "flies 24 modern F-16s"
    if a.lows[k] not in HOLDING_VERBS:
        return []
    subj, blocked = a.subject(k)
    return [] if blocked else subj


def _relative_holder(a: Analysis, i: int) -> list[Party]:
    """ "Ethiopia acquired Wing Loong drones, some of which were used against ...": the weapons a relative clause
    speaks of are used by whoever acquired or holds them in the clause before, its subject."""
    rel = next((k for k in range(i - 1, max(-1, i - 6), -1) if a.lows[k] == "which"), None)
    if rel is None or a.lows[rel - 1 : rel] not in ([","], ["of"]):
        return []
    held = [w for w in a.weapons if 0 <= w.last <= rel and rel - w.last <= 7]
    if not held or any(a.at[k] is not None and a.at[k].kind == MentionKind.ACTOR for k in range(held[-1].last, rel)):  # type: ignore[union-attr]
        return []  # "from the United States, which ...": the relative clause may speak of the party
    subj, blocked = a.subject(held[-1].first)
    return [] if blocked else subj


#: Participles that name who gave the weapons they follow: "the F-16s donated by Denmark".
GIVEN = frozenset("supplied donated sent provided delivered given gifted pledged sold transferred shipped".split())


def _definite(a: Analysis, w: Mention) -> bool:
    """Whether a weapon is named as ones already spoken of: "the first jets", "the 66 jets", "the remaining boats"."""
    k = w.first - 1
    while k >= 0 and w.first - k <= 4 and (a.lows[k][:1].isdigit() or a.lows[k] in _DEFINITE_MODIFIERS):
        k -= 1
    return k >= 0 and a.lows[k] in ("the", "these", "those")


_DEFINITE_MODIFIERS = frozenset(
    "first last remaining other rest new two three four five six seven eight nine ten twelve dozen final next".split()
)


def frame_arrive(a: Analysis, i: int, end: int, form: Form, weapons: list[Mention]) -> list[Candidate]:
    """The weapons are the subject: "Serbian-made shells have reached Ukraine", "the first jets arrived in Poland"."""
    if not any(w.last <= i for w in weapons):
        return []
    if a.lows[end - 1] == "from":  # "the group's Ababil drones ... come from Iran": their holder receives
        recipients = a.owner_of(a.weapons_before(i, 12))
        suppliers = a.after(end - 2, FROM, 3)
    else:
        recipients = a.object_party(end - 1) or a.after(end - 1, {"in", "at", "to"}, 8)
        # "Ammunition from Bulgaria has reached Ukraine": the source named with the weapons
        suppliers = next((a.after(w.last - 1, FROM, 3) for w in weapons if 0 <= w.last < i and a.lows[w.last] == "from"), [])
    suppliers = suppliers or a.after(end - 1, FROM, 10)
    held = max((w.last for w in a.weapons_before(i, 12)), default=-1)
    while 0 <= held < i and a.lows[held] in WEAPON_CONTEXT:
        held += 1  # "the Patriot systems sent by Germany"
    if not suppliers and 0 <= held < i - 2 and a.lows[held] in GIVEN and a.lows[held + 1] == "by":
        suppliers = a.after(held, BY, 3)  # "The F-16s donated by Denmark arrived in Ukraine": the donor, not the maker's state
    if (
        not suppliers
        and recipients
        and weapons
        and recipients[0].id in a.known
        and all(w.first < 0 or (w.origin is None and _definite(a, w)) for w in weapons)
    ):
        t = a.tokens[i]  # "... to buy NASAMS for Ukraine. The first two batteries arrived in Ukraine": from the buyer
        suppliers = [Party(a.known[recipients[0].id], t.start, t.end)]
    suppliers = suppliers or _origin_or(a, weapons) or _origin_or(a, a.weapons)
    if not recipients and not suppliers and weapons and all(w.first >= 0 and w.origin is None and _definite(a, w) for w in weapons):
        # "The Netherlands pledged F-16s to Ukraine. The first jets arrived in August": the dyad just named, same weapons
        kin = [d for d in a.recent if d.type in (EventType.TRANSFER, EventType.ORDER) and d.category == weapons[0].category]
        if kin:
            t = a.tokens[i]
            suppliers, recipients = [Party(kin[0].supplier, t.start, t.end)], [Party(kin[0].recipient, t.start, t.end)]
    if not recipients and len(suppliers) == 1:
        # "India signed a deal for five S-400 squadrons, and the first arrived": the buyer of those weapons
        buyers = [r for r, s in a.known.items() if s == suppliers[0].id]
        t = a.tokens[i]
        recipients = [Party(r, t.start, t.end) for r in buyers[-1:]]
    return _pairs(EventType.TRANSFER, suppliers, recipients, i, end, form.cue.id, weapons, a=a)


#: Words that make a "plant" something other than an arms factory.
NON_ARMS_PLANTS = frozenset("power nuclear energy electricity thermal coal gas water desalination chemical steel treatment".split())


#: Verbs by which a seller in talks sells: "in talks to sell ... to".
SELLING = frozenset({"sell", "supply", "export", "deliver", "provide"})


def _kit_supplier(a: Analysis, end: int) -> list[Party]:
    """The state whose kits or parts are put together: "from Iranian-supplied kits", "using Chinese components"."""
    for k in range(end, min(len(a.lows), end + 12)):
        if a.lows[k] in CLAUSE_BREAKS:
            break
        if a.lows[k] in PART_NOUNS and k > 0:
            m = a.ends.get(k - 1)
            if m is not None and (m.kind == MentionKind.ORIGIN or (m.kind == MentionKind.ACTOR and m.role == "adjective")):
                return [Party(m.value, m.start, m.end, m)]
    return []


def frame_make(a: Analysis, i: int, end: int, form: Form, weapons: list[Mention]) -> list[Candidate]:
    """Production of a foreign design: the design's origin (or the licensor) supplies, the producer receives.

    Making weapons "for X" with no foreign design is supply to X ("to produce rockets for Russia").
    """
    if a.lows[i] in ("plant", "plants") and i > 0 and a.lows[i - 1] in NON_ARMS_PLANTS:
        return []  # "launched at Ukrainian power plants": a target, not a factory
    if a.lows[i] in ("make", "makes", "making", "made") and not any(end <= w.first <= end + 3 for w in weapons):
        return []  # "makes Shahed drones", not "made a request for drones"
    origin = a.origin_of(weapons) or a.origin_of([w for w in a.weapons if abs(w.first - i) <= 24])  # the clause's weapons
    partner: list[Party] = []
    for k in range(end, min(len(a.lows), end + 12)):
        if a.lows[k] in (
            "licence",
            "license",
            "help",
            "assistance",
            "support",
            "cooperation",
            "jointly",
            "together",
            "partnership",
            "venture",
        ):
            partner = a.after(k, WITH | FROM | {"of"}, 5) or a.possessor(k)
            break
        if a.lows[k] == "with" and k <= end + 4:
            # "setting up a factory with Israel's BlueBird", "make drones with Baykar": the partner in production
            partner = [
                p
                for p in a.after(k - 1, WITH, 4)
                if p.mention is not None
                and p.mention.kind == MentionKind.ACTOR
                and not PART_NOUNS & set(a.lows[p.mention.last : p.mention.last + 4])  # "with Ukraine's Motor Sich engines"
            ]
            if partner:
                break
        if a.lows[k] in CLAUSE_BREAKS or a.lows[k] == ",":
            break
    for k in range(max(0, i - 10), i) if not partner else ():
        if a.lows[k] in ("help", "assistance", "support") and "with" in a.lows[max(0, k - 4) : k]:
            partner = a.possessor(k) or a.after(k, FROM | {"of"}, 4)  # "With Chinese help, Pakistan builds JF-17s"
            break
    helped = _helper_and_helped(a, i)
    if helped is not None:
        return _pairs(EventType.PRODUCTION, helped[0], helped[1], i, end, form.cue.id + ".help", weapons)
    if not partner and not a.lows[i].startswith(("mak", "made")):
        # "assembled in Russia from Iranian-supplied kits" ("makes drones with Chinese engines" names no licensor)
        partner = _kit_supplier(a, end)
    place = a.after(end - 1, {"in", "near", "at"}, 10)
    if origin is not None and origin.id in {p.id for p in place}:
        # "missiles produced in Poland" names the place of making; a named system's design may still be foreign
        designs = [w for w in [*weapons, *a.weapons] if w.kind == MentionKind.SYSTEM and w.origin and w.origin != origin.id]
        origin = Party(designs[0].origin, designs[0].start, designs[0].end, designs[0]) if designs else None  # type: ignore[arg-type]
        holders = [h for h in a.owner_of(weapons) if h.id not in {p.id for p in place}]
        if origin is None and holders and _passive(a, i, form):
            # "Israel's Dolphin-class submarines were built in Germany": made there for their holder
            return _pairs(EventType.TRANSFER, place, holders, i, end, form.cue.id + ".holder", weapons)
    producers = place or a.possessor(i)
    made_by = a.lows[end : end + 1] == ["by"] and (a.lows[i].endswith("ed") or a.lows[i] in ("built", "made"))
    if made_by:
        producers = a.after(end - 1, BY, 3) or producers  # "a frigate built by South Korea's Daewoo": the maker builds
    subj: list[Party] = []
    if not made_by and (not producers or not (partner or origin)):
        subj, blocked = a.subject(i)
        if blocked:
            return []
    producers = producers or subj
    buyers = a.after(end - 1, {"for"}, 8)
    obj = a.object_party(end - 1) if not buyers and a.lows[i] in ("building", "build", "builds", "built") else []
    if (
        obj
        and obj[-1].mention is not None
        and obj[-1].mention.role != "adjective"  # "builds German Lynx vehicles": the weapons' origin, no recipient
        and any(0 < w.first - obj[-1].mention.last <= 4 for w in weapons)
    ):
        # "China is building Pakistan eight submarines": made for the party named between the verb and the weapons
        makers = subj or producers
        if makers and {p.id for p in makers}.isdisjoint({p.id for p in obj}):
            return _pairs(EventType.TRANSFER, makers, obj, i, end, form.cue.id + ".for", weapons)
    suppliers = partner or ([origin] if origin else [])
    factory = any(low in ("factory", "factories", "plant", "plants") for low in a.lows[i : end + 4])
    if (
        not suppliers
        and place
        and subj
        and any(p.mention is not None and (p.mention.role in ("maker", "office") or (factory and p.mention.role == "state")) for p in subj)
    ):
        suppliers = subj  # "Baykar is building a factory near Kyiv", "Turkey will build a drone factory in Ukraine": production abroad
    if not suppliers and buyers and producers:
        return _pairs(EventType.TRANSFER, producers, buyers, i, end, form.cue.id + ".for", weapons)
    if not suppliers:
        return []
    return _pairs(EventType.PRODUCTION, suppliers, producers, i, end, form.cue.id, weapons)


MAKING_STEMS = ("build", "produc", "manufactur", "assembl", "make", "making", "made")


def _helper_and_helped(a: Analysis, i: int) -> tuple[list[Party], list[Party]] | None:
    """ "China has agreed to help Saudi Arabia build its own armed drones", "Iran is helping Venezuela produce drones":
    the helper supplies the know-how, the helped produces (or obtains: "helped Russia obtain drone parts")."""
    k = i - 1
    if a.lows[k] == "to":
        k -= 1
    m = a.ends.get(k)
    if m is None or m.kind != MentionKind.ACTOR or m.first < 1 or a.lows[m.first - 1] not in ("help", "helps", "helped", "helping"):
        return None
    helpers, blocked = a.subject(m.first - 1)
    if blocked or not helpers:
        return None
    return helpers, a.parties(m)


#: Words that make a deal one for production rather than purchase.
MAKING_WORDS = frozenset("factory factories plant plants build building produce production manufacture assemble assembly set".split())


def frame_deal(a: Analysis, i: int, end: int, form: Form, weapons: list[Mention], others: list[Candidate]) -> list[Candidate]:
    """A contract, deal or MoU: with weapons bought under it, an order; else a defence agreement between two parties."""
    if _won(a, i) and form.cue.type != EventType.INTEREST:
        # "Baykar secured a contract from Kuwait for TB2 drones": the winner sells to the party it won it from
        sellers, blocked = a.subject(i)
        buyers = a.after(end - 1, FROM, 6)
        bought = [w for w in a.weapons if end <= w.first <= end + 12]
        return [] if blocked else _pairs(EventType.ORDER, sellers, buyers, i, end, form.cue.id + ".won", bought)
    awarded = _awarded(a, i, end) if form.cue.type != EventType.INTEREST else None
    if awarded is not None:
        bought = [w for w in a.weapons if end <= w.first <= end + 12]
        if bought and not MAKING_WORDS & set(a.lows[end : bought[0].first]):
            return _pairs(EventType.ORDER, awarded[0], awarded[1], i, end, form.cue.id + ".awarded", bought)
    parties = _agreement_parties(a, i, end)
    kind = EventType.INTEREST if form.cue.type == EventType.INTEREST else EventType.ORDER  # a letter of intent is interest
    buys = [
        w
        for w in a.weapons
        if end <= w.first <= end + 12
        and not any(a.lows[k] in CLAUSE_BREAKS for k in range(end, w.first))
        and any(
            a.lows[k] in DEAL_LINKS or a.lows[k] in ("export", "buy", "purchase", "supply", "acquire", "deliver", "procure")
            for k in range(end, w.first)
        )
    ]
    if any(low in MAKING_WORDS for w in buys for low in a.lows[end : w.first + 2]):
        buys = []  # "a deal to set up an Iranian drone factory": production, which the make frame reads
    buys = buys or [w for w in a.weapons if i - 4 <= w.first < i]  # "the TB2 deal"
    lead = i - 1
    while lead > 1 and (a.lows[lead] in MONEY_WORDS or a.lows[lead][:1].isdigit() or a.lows[lead] == "-"):
        lead -= 1  # "under a $40 million deal"
    linked = a.lows[lead] in ("in", "under") or (
        lead > 1 and a.lows[lead] in ("a", "an", "the") and a.lows[lead - 1] in ("in", "under", "through")
    )
    if (linked or a.lows[i - 1] in ("licensing", "licence", "license", "production", "co-production")) and any(
        a.lows[k].startswith(MAKING_STEMS) for k in range(max(0, i - 8), i)
    ):
        return []  # "builds K9 howitzers under a deal with Hanwha", "under a licensing deal": production, the make frame's
    if not buys and linked:
        # "will deliver drones to Kuwait in a contract worth $370 million": the contract of the dyad just named
        return [
            Candidate(kind, c.supplier, c.recipient, i, end, form.cue.id, c.weapons)
            for c in others
            if c.trigger < i and c.supplier is not None and c.recipient is not None
        ][:4]
    if buys:
        origin = a.origin_of(buys)
        if origin is None:
            # "received its first TB2s under a contract for 13 aircraft": the dyad the sentence already names
            dyads = [(c.supplier, c.recipient) for c in others if c.supplier is not None and c.recipient is not None]
            if not dyads:
                # "Morocco signed a deal with Israel to buy drones": the buyer signs with the seller
                one, other = _agreement_sides(a, i, end)
                if one and not other:  # "Doha signed a letter of intent to buy the aircraft": the seller named before
                    sellers, buyers = a.from_context([], one, buys)
                    if sellers:
                        return _pairs(kind, sellers, buyers, i, end, form.cue.id + ".context", buys)
                between = a.lows[end : buys[0].first]
                if one and other:
                    selling = any(low in ("sell", "supply", "export", "deliver", "provide") for low in between)
                    seller, buyer = (one, other) if selling else (other, one)  # "Israel signed a deal with Morocco to sell drones"
                    return _pairs(kind, seller, buyer, i, end, form.cue.id + ".sides", buys)
            return [Candidate(kind, s_, r_, i, end, form.cue.id, tuple(buys)) for s_, r_ in dyads[:1]]
        recipients = [p for p in parties if p.id != origin.id]
        if not recipients:
            # "delivers drones to Kuwait in a contract worth $370 million": the contract of that dyad
            recipients = [c.recipient for c in others if c.supplier is not None and c.supplier.id == origin.id and c.recipient is not None]
        return _pairs(kind, [origin], recipients[:4], i, end, form.cue.id, buys)
    if form.words[0] in ("deal", "deals", "contract", "contracts", "arms", "letter", "letters"):
        return []
    near = set(a.lows[max(0, i - 5) : end + 8])
    relative = next((k for k in range(end, min(len(a.lows), end + 12)) if a.lows[k] in ("which", "that")), None)
    # "an agreement ..., which pledged aid if either is attacked": what it does makes it military
    does = set(a.lows[relative : relative + 16]) if relative is not None else set()
    military = DEFENCE & (near | does) or any(i - 5 <= w.first <= end + 8 for w in a.weapons)
    if CIVIL & near and not DEFENCE & set(a.lows[max(0, i - 5) : i]):
        return []  # "air services agreements", "a trade pact": not military; "a defence and economic agreement" is
    if not military and not (form.words[0] in ("memorandum", "mou", "mous") and a.context_is_military()):
        return []
    one, other = _agreement_sides(a, i, end)
    return _pairs(EventType.AGREEMENT, one, other, i, end, "agreement.deal.v1", [])


#: Verbs by which a party makes the deal a reduced relative clause names: "a defence pact it signed with Tehran".
SIGNING = frozenset("signed agreed concluded struck inked reached sealed".split())


def _signed_after(a: Analysis, end: int) -> tuple[list[Party], list[Party]] | None:
    """The sides of "a pact it signed with Tehran", "the deal Cairo struck with Paris": the relative clause's subject
    and the party after its "with"."""
    n = len(a.lows)
    if end + 2 >= n:
        return None
    m = a.at[end]
    if m is not None and m.first == end and m.kind == MentionKind.ACTOR:
        one, verb = a.parties(m), m.last
    elif a.lows[end] in ("it", "they"):
        one, verb = a.pronoun(end), end + 1
    else:
        return None
    if verb >= n or a.lows[verb] not in SIGNING:
        return None
    other = a.after(verb, WITH, 4)
    return (one, other) if one and other else None


def _agreement_sides(a: Analysis, i: int, end: int) -> tuple[list[Party], list[Party]]:
    """(one side, other side) of an agreement; "Britain, France and Germany ... agreements with Iran" pairs each with Iran."""
    named = _named_sides(a, end)
    if named:
        return named[:1], named[1:2]
    relative = _signed_after(a, end)
    if relative is not None:
        return relative
    subj, _ = a.subject(i, limit=20)
    if not subj:
        subj = a.possessor(i)
    # two sides already named reach only a "with" right after the deal: "Saudi Arabia and the United States ... a treaty
    # tied to normalisation with Israel" is theirs, "Britain and France scrapped agreements with Iran" pairs each with Iran
    withp = a.after(end - 1, WITH, 10 if len({p.id for p in subj}) < 2 else 2)
    if not withp:
        for j in range(i - 1, max(-1, i - 8), -1):
            if a.lows[j] == "with":
                withp = a.object_party(j)
                break
    if withp:
        return subj, withp
    if len({p.id for p in subj}) < 2:
        # "Novillo and his Iranian counterpart, Mohammad Reza Ashtiani, signed": the parties named before the verb
        seen: dict[str, Party] = {}
        for j in range(max(0, i - 25), i):
            m = a.ends.get(j)
            if m is None or m.kind != MentionKind.ACTOR or m.role == "adjective":
                continue
            before = m.first - 1
            if (before >= 0 and a.lows[before] in PREPS) or (m.last < len(a.lows) and a.lows[m.last] in ("'s", "'")):
                continue
            seen.setdefault(m.value, Party(m.value, m.start, m.end, m))
        subj = list(seen.values())
    return subj[:1], subj[1:2]


def _named_sides(a: Analysis, end: int) -> list[Party]:
    """Both sides of a deal named right after it: "between India and the Philippines", "signed by Bolivia and Iran"."""
    between = _between(a, end)
    if len(between) >= 2:
        return between
    if (
        a.lows[end : end + 1]
        and a.lows[end] in ("signed", "concluded", "agreed", "inked", "sealed")
        and a.lows[end + 1 : end + 2] == ["by"]
    ):
        signers = a.after(end, BY, 3)
        if len(signers) >= 2:
            return signers
    return []


def _between(a: Analysis, end: int) -> list[Party]:
    """ "between India and the Philippines": both sides, whatever follows the second ("... was signed")."""
    first = a.after(end - 1, {"between"}, 8)
    if len(first) != 1 or first[0].mention is None:
        return first
    k = first[0].mention.last
    if a.lows[k : k + 1] == ["and"]:
        second = a.after(k - 1, {"and"}, 3)
        return first + [p for p in second[:1] if p.id != first[0].id]
    return first


def _agreement_parties(a: Analysis, i: int, end: int) -> list[Party]:
    """The two sides of a deal: "between X and Y", "X signed ... with Y", "X's agreement with Y", "the two countries"."""
    named = _named_sides(a, end)
    if named:
        return named
    subj, _ = a.subject(i, limit=20)
    if not subj:
        subj = a.possessor(i)
    if len({p.id for p in subj}) >= 2:
        return subj  # "Saudi Arabia and the United States ... a treaty tied to normalisation with Israel": both sides named
    withp = a.after(end - 1, WITH, 10)
    if not withp:
        for j in range(i - 1, max(-1, i - 8), -1):  # "signed with Bolivia an MoU"
            if a.lows[j] == "with":
                withp = a.object_party(j)
                break
    return subj + [p for p in withp if p.id not in {s.id for s in subj}]


def frame_sanction(a: Analysis, i: int, end: int, form: Form, weapons: list[Mention], transfers: list[Candidate]) -> list[Candidate]:
    """`by` penalises a party over a transfer that the same sentence names after the sanction, or that a sentence
    before named (_sanctioned_before)."""
    if any(a.lows[k] in BREACHING for k in range(max(0, i - 3), i)):
        return []  # "Iran violated the arms embargo by sending weapons": broken, not imposed
    later = [c for c in transfers if c.trigger > i and c.type in (EventType.TRANSFER, EventType.ORDER, EventType.PRODUCTION)]
    if form.words[-1] in STOPPED_EXPORTS:
        return _exports_stopped(a, i, end, form, transfers)
    if not later and _passive(a, i, form):
        # "Chinese companies that supplied Russia with drone engines have been sanctioned": the supply is the subject's
        later = [c for c in transfers if c.trigger < i and c.type in (EventType.TRANSFER, EventType.ORDER, EventType.PRODUCTION)]
    if not later and not transfers:
        later = _sanctioned_before(a, i, end)
    if not later:
        return []
    if form.words[0] in ("sanctions", "restrictions", "penalties") or (
        form.pos == "phrase" and a.lows[i] in ("asset", "export", "arms", "entity")
    ):
        imposers = a.possessor(i)
        if not imposers:
            imposers, _ = a.subject(i)
    elif _passive(a, i, form):
        imposers = a.after(end - 1, BY, 8)
    else:
        imposers, _ = a.subject(i)
    if not imposers:
        return []
    out = []
    by = imposers[0]
    sides = {p.id for c in later for p in (c.supplier, c.recipient) if p is not None}
    if a.lows[max(0, i - 2) : i] and {"face", "faces", "facing", "risk", "risks", "risking"} & set(a.lows[max(0, i - 2) : i]):
        # "Turkey could face sanctions if it buys S-400s, U.S. officials warned": the subject is penalised; the
        # imposer is the other state the sentence names
        others = [m for m in a.mentions if m.kind == MentionKind.ACTOR and m.value not in sides and m.value in a.catalog.party_ids]
        if not others:
            return []
        by = Party(others[0].value, others[0].start, others[0].end, others[0])
    opening = a.opening()
    if by.id in sides and opening is not None and opening.kind == MentionKind.ACTOR and opening.value not in sides:
        # "The United States expelled Turkey from the programme and sanctioned its agency": the sentence's subject
        by = Party(opening.value, opening.start, opening.end, opening)
    broken_with = {p.id for p in a.after(end - 1, WITH, 4)} if a.lows[end - 1] in TIES else None
    for c in later:
        if c.supplier is None or c.recipient is None or by.id in (c.supplier.id, c.recipient.id):
            continue
        if broken_with is not None and c.supplier.id not in broken_with:
            continue  # ties cut with another party than the supplier: a quarrel of its own, not a penalty for the supply
        out.append(Candidate(EventType.SANCTION, c.supplier, c.recipient, i, end, form.cue.id, c.weapons, None, by))
    return out


STOPPED_EXPORTS = frozenset({"export", "exports", "permits", "licences", "licenses"})


def _exports_stopped(a: Analysis, i: int, end: int, form: Form, others: list[Candidate]) -> list[Candidate]:
    """ "Canada suspended export of drone technology to Turkey after the systems were found in Azerbaijani drones": the
    buyer is penalised over what went on from it, to the party named after (the dev-real coding of such a case)."""
    imposers, _ = a.subject(i)
    buyers = a.after(end - 1, TO, 10)
    if not imposers or not buyers:
        return []
    skip = {b.id for b in buyers} | {p.id for p in imposers}
    users = [(c.recipient, c.weapons) for c in others if c.trigger > i and c.recipient is not None] + [
        (p, ()) for p in _users_after(a, end)
    ]
    return [
        Candidate(EventType.SANCTION, buyers[0], user, i, end, form.cue.id, weapons, None, imposers[0])
        for user, weapons in users
        if user.id not in skip
    ]


def _users_after(a: Analysis, end: int) -> list[Party]:
    """ "... had been used by the Azerbaijani side", "found in Azerbaijani drones": who used what went on."""
    out: list[Party] = []
    for k in range(end, min(len(a.lows) - 2, end + 30)):
        if a.lows[k] in ("used", "found", "flown", "fielded") and a.lows[k + 1] in ("by", "in"):
            j = k + 2 + (a.lows[k + 2] == "the")
            m = a.at[j] if j < len(a.lows) else None
            if m is not None and m.first == j and m.kind in (MentionKind.ACTOR, MentionKind.ORIGIN):
                out.append(Party(m.value, m.start, m.end, m))
    return out


#: Verbs that break a sanction rather than impose it: "violated the arms embargo", "in breach of sanctions".
BREACHING = frozenset(
    "violated violates violating violate violation violations breached breaches breaching breach flouted flouting evaded evading "
    "evade circumvent circumvented circumventing bust busting busted defied defying".split()
)
#: The last word of a diplomatic downgrade ("cut diplomatic ties with"): a penalty only when it strikes the supplier.
TIES = frozenset({"ties", "relations"})
#: Words after a sanction that give its reason: "over the purchase", "for supplying".
REASONS = frozenset({"over", "for"})


ALLEGATIONS = frozenset("allegations allegation accusations accusation reports report claims claim charges charge".split())
REBUTTING = frozenset("denied denies rejected rejects dismissed dismisses called calls termed terms described describes branded".split())


def _rebutting(a: Analysis, i: int) -> list[Party]:
    """ "North Korea called the allegations of arms sales to Russia absurd": whoever rebuts allegations of a supply
    that names no supplier is the one they accuse."""
    k = i - 1
    while k > 0 and i - k <= 6 and (a.in_weapon(k) or a.lows[k] in ("arms", "weapons")):
        k -= 1
    if k < 2 or a.lows[k] != "of" or a.lows[k - 1] not in ALLEGATIONS:
        return []
    verb = next((v for v in range(k - 2, max(-1, k - 6), -1) if a.lows[v] in REBUTTING), None)
    if verb is None:
        return []
    speakers, blocked = a.subject(verb)
    return [] if blocked else [p for p in speakers if p.mention is None or p.mention.role != "adjective"]


PENALISING = ("sanction", "blacklist", "penalis", "penaliz", "designat", "froze", "punish", "ban", "barr", "restrict")


def _penalised_actor(a: Analysis, i: int) -> list[Party]:
    """ "imposed sanctions on China's Equipment Development Department for buying Su-35 jets": the party penalised for
    what a gerund does does it (not the party that imposes the penalty)."""
    if not (a.lows[i].endswith("ing") and a.lows[i - 1 : i] and a.lows[i - 1] in REASONS):
        return []
    return _penalised(a, i)


def _penalised(a: Analysis, i: int) -> list[Party]:
    """ "Britain sanctioned Iranian entities over the transfer of missiles to Russia": the party penalised over a supply
    that names no supplier of its own made it."""
    k = i - 1
    while k > 0 and (a.lows[k] in ("the", "a", "an", "alleged", "illegal", "illicit", "covert", "secret") or a.in_weapon(k)):
        k -= 1  # "over the alleged arms sales to Russia"
    if a.lows[k] in ("to", "in") and a.lows[k - 1] in ("linked", "involved", "connected", "tied", "related"):
        k -= 1  # "entities linked to the transfer of drones to Russia"
    elif a.lows[k] not in REASONS:
        return []
    found: list[Party] = []
    listed = False
    for j in range(k - 1, max(-1, k - 20), -1):
        if a.lows[j].startswith(PENALISING) and not listed:
            if found or a.lows[j + 1 : j + 2] != ["list"] or a.lows[j - 2 : j - 1] != ["to"]:
                return found
            listed = True  # "added Iranian generals to its sanctions list over": the party added
            continue
        if listed and a.lows[j] in ("added", "adds", "adding", "put", "puts", "putting", "placed", "places", "placing"):
            return found
        m = a.at[j]
        if m is not None and m.first == j and m.kind == MentionKind.ACTOR:
            found = a.parties(m) + found
        if a.lows[j] in CLAUSE_BREAKS:
            break
    return []


def _sanctioned_before(a: Analysis, i: int, end: int) -> list[Candidate]:
    """ "Britain and France imposed sanctions on Iran over the transfer"; "Washington responded by sanctioning Turkey's
    procurement agency": a sanction whose sentence names no transfer punishes one of the two sentences before when
    it names a side of that transfer as the penalised party, or gives "the transfer" (a noun pointing back) as its
    reason. A reason of another kind ("over its nuclear programme") is no such sanction."""
    moved = [d for d in a.recent if d.type in (EventType.TRANSFER, EventType.ORDER, EventType.PRODUCTION)]
    if not moved:
        return []
    reason = next((k for k in range(end, min(len(a.lows), end + 10)) if a.lows[k] in REASONS), None)
    points_back = False
    if reason is not None:
        words = a.lows[reason + 1 : reason + 5]
        points_back = any(w in ANAPHORS and ANAPHORS[w] != EventType.REQUEST for w in words)
        if not points_back and not any(reason < w.first <= reason + 5 for w in a.weapons):
            return []
    stop = next((k for k in range(end, len(a.lows)) if a.lows[k] in CLAUSE_BREAKS or a.lows[k] in REASONS), len(a.lows))
    # the penalised: "on three Iranian generals and the drone maker ...", "sanctioning Turkey's procurement agency"
    ids = {m.value for m in a.mentions if m.kind == MentionKind.ACTOR and end <= m.first < min(stop, end + 10)}
    for d in moved:
        if points_back or ids & {d.supplier, d.recipient}:
            t = a.tokens[i]
            kind = MentionKind.SYSTEM if d.system else MentionKind.WEAPON
            value = d.system or (d.category.value if d.category else "")
            weapon = Mention(kind, -1, -1, -1, -1, value, value, "context", d.category)  # named before: no span here
            supplier, recipient = Party(d.supplier, t.start, t.start), Party(d.recipient, t.start, t.start)
            return [Candidate(d.type, supplier, recipient, i, end, "sanction.before", (weapon,) if value else ())]
    return []


def frame_select(a: Analysis, i: int, end: int, form: Form, weapons: list[Mention]) -> list[Candidate]:
    """ "Finland selected the F-35", "Switzerland chose the F-35 over France's Rafale": the buyer picks a weapon, an order
    still to be made (the stance is set to planned); a rival passed over ("over ...") was considered, an interest. The
    weapon must be what is picked: "selected Lockheed Martin to build", "chose to send" pick no weapon."""
    if a.lows[end : end + 1] in (["to"], ["up"], ["not"]):
        return []
    picked = [w for w in a.weapons if end <= w.first <= end + 7 and _describes_only(a, end, w.first)][:1]
    if not picked:
        return []
    out = frame_get(a, i, end, form, picked)
    over = picked[0].last
    while over < len(a.lows) and over - picked[0].last < 3 and a.lows[over] != "over":
        over += 1
    rivals = [w for w in a.weapons if over < len(a.lows) and a.lows[over] == "over" and over < w.first <= over + 5]
    if out and rivals:
        buyers = [c.recipient for c in out if c.recipient is not None][:1]
        out += _pairs(EventType.INTEREST, _origin_or(a, rivals[:1]), buyers, i, end, form.cue.id + ".rival", rivals[:1])
    return out


def _possessor_at(a: Analysis, k: int) -> bool:
    """Whether token k is in a state's name followed by "'s": "South Korea's FA-50"."""
    m = a.at[k]
    return m is not None and m.kind == MentionKind.ACTOR and m.role == "state" and a.lows[m.last : m.last + 1] in (["'s"], ["'"])


def _describes_only(a: Analysis, start: int, stop: int) -> bool:
    """Whether the words from start to stop only count or describe the weapon after them, a maker's name among them:
    "the upgraded", "Mitsubishi Heavy Industries' upgraded"."""
    return all(
        _counts_or_describes(a, k)
        or a.lows[k] in ("'s", "'", "upgraded", "latest", "newest", "used", "refurbished", "surplus")
        or (a.at[k] is not None and a.at[k].kind == MentionKind.ACTOR and a.at[k].role == "maker")  # type: ignore[union-attr]
        or _possessor_at(a, k)
        for k in range(start, stop)
    )


FRAMES = {
    "select": frame_select,
    "give": frame_give,
    "get": frame_get,
    "have": frame_have,
    "use": frame_use,
    "make": frame_make,
    "arrive": frame_arrive,
}


# -- possession phrases ----------------------------------------------------------------

#: Words that may stand between a possessive and the origin of the weapons: "its first six Turkish-built drones".
FOUND_RULE = "transfer.found.v1"


def frame_found(a: Analysis) -> list[Candidate]:
    """ "Components made in China have been found in Russian Geran drones": parts of one origin found inside
    another party's weapons went to that party. The weapons' demonym names who flies them, the parts' their origin."""
    out: list[Candidate] = []
    n = len(a.lows)
    starts: dict[int, Mention] | None = None
    for k in range(1, n - 2):
        if a.lows[k] not in ("found", "discovered", "identified") or a.lows[k + 1] not in ("in", "inside", "aboard"):
            continue
        if starts is None:
            starts = {w.first: w for w in reversed(a.weapons)}
        container = next((starts[j] for j in range(k + 2, min(n, k + 9)) if j in starts), None)
        holder = None  # "Russian drones", "Russian Geran drones": a demonym at most two words before the weapon
        for j in range(container.first - 1, max(k + 1, container.first - 3), -1) if container is not None else ():
            o = a.ends.get(j)
            if o is not None and (o.kind == MentionKind.ORIGIN or (o.kind == MentionKind.ACTOR and o.role == "adjective")):
                holder = o
                break
        if holder is None or container is None:
            continue
        containers = [container]
        part = next((j for j in range(k - 1, max(-1, k - 10), -1) if a.lows[j] in PART_NOUNS), None)
        if part is None:
            continue
        source = a.at[part - 1] if part > 0 else None
        supplier: list[Party] = []
        if source is not None and source.kind in (MentionKind.ACTOR, MentionKind.ORIGIN):
            supplier = a.parties(source) if source.kind == MentionKind.ACTOR else [Party(source.value, source.start, source.end, source)]
        elif a.lows[part + 1 : part + 3] in (["made", "in"], ["produced", "in"], ["manufactured", "in"]):
            supplier = a.after(part + 1, {"in"}, 2)
        for p in supplier:
            if _valid(p) and p.id != holder.value:
                out.append(
                    Candidate(
                        EventType.TRANSFER, p, Party(holder.value, holder.start, holder.end, holder), k, k + 1, FOUND_RULE, (containers[0],)
                    )
                )
    return out


_BETWEEN_POSSESSIVE = frozenset(
    "first new latest newest own remaining few several some all both two three four five six seven eight nine ten twelve dozen".split()
)
POSSESSIVE_RULE = "transfer.possessive.v1"


def _in_combat(a: Analysis, k: int) -> bool:
    """A word of combat in the clause the weapons head, from them to its end: "Ukraine's HIMARS struck a depot", but not
    "Armenia's Indian-made radars arrived in 2020, months before the war"."""
    n = len(a.lows)
    while k < n and a.lows[k] not in (",", ";", "."):
        if a.lows[k] in COMBAT:
            return True
        k += 1
    return False


def frame_possessive(a: Analysis) -> list[Candidate]:
    """ "Serbia's Chinese-made FK-3 batteries", "its Russian-built submarines": a party's weapons of foreign make.

    ONTOLOGY.md: possession yields a transfer from the weapons' origin to their holder. A sentence about combat
    ("Ukraine's US-made HIMARS struck a depot") is the use frame's, which yields use only, so none comes from
    here; nor does a holder's own make ("China's Chinese-built drones").
    """
    out: list[Candidate] = []
    for m in a.mentions:
        if m.kind != MentionKind.ORIGIN or m.first < 1:
            continue
        weapons = [w for w in a.weapons if w.first == m.last]
        if not weapons or _in_combat(a, weapons[-1].last):
            continue
        k = m.first - 1
        while k > 0 and (a.lows[k] in _BETWEEN_POSSESSIVE or a.tokens[k].low[:1].isdigit()):
            k -= 1
        holders: list[Party] = []
        if a.lows[k] in ("'s", "'") and k > 0:
            owner = a.ends.get(k - 1)
            if owner is not None and owner.kind in (MentionKind.ACTOR, MentionKind.REFERENCE):
                holders = a.parties(owner)  # "Serbia's", "the country's"
        elif a.lows[k] in ("its", "their"):
            holders = a.pronoun(k)
        origin = Party(m.value, m.start, m.end, m)
        for holder in holders:
            if _valid(holder) and holder.id != origin.id:
                out.append(Candidate(EventType.TRANSFER, origin, holder, m.first, m.last, POSSESSIVE_RULE, tuple(weapons)))
    for w in a.weapons:
        # "the Houthis' missiles are Iranian designs", "Algeria's Su-30s were of Russian make": the origin after the copula
        if w.first < 2:
            continue
        owners = a.owner_of([w])
        after = a._origin_after(w) if owners else None
        if after is not None and not _in_combat(a, w.last):  # (the combat test last: it reads the sentence)
            holders = [h for h in owners if _valid(h) and h.id != after.id]
            out += [Candidate(EventType.TRANSFER, after, h, w.first, w.last, POSSESSIVE_RULE, (w,)) for h in holders]
    return out

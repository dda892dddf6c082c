"""Stance and attribution: how the text holds a claim, and who says so.

Priority (ONTOLOGY.md): denied or negated, then planned, then claimed, then
asserted. Cues act within a scope: a reporting verb on the left ("X said
that ...", "according to X, ...") reaches to the end of the sentence unless a
new clause starts; one on the right (", X said.") reaches back over all
before it. Not confirming is not denying: a non-confirmation that governs
the trigger removes the claim, and so does a condition ("if", "whether").
"""

from __future__ import annotations

from dataclasses import dataclass

from armswatch.claims.analysis import Analysis, size_words
from armswatch.model import MentionKind, Stance

REPORT_VERBS = frozenset(
    [
        "saying",
        "claiming",
        "alleging",
        "arguing",
        "insisting",
        "charging",
        "criticised",
        "criticized",
        "criticises",
        "criticizes",
        "condemned",
        "condemns",
        "blamed",
        "blames",
        "responded",
        "responds",
        "replied",
        "replies",
        "retorted",
        "countered",
        "maintained",
        "maintains",
        "argued",
        "argues",
        "stressed",
        "stresses",
        "explained",
        "explains",
        "said",
        "says",
        "say",
        "told",
        "tells",
        "reported",
        "reports",
        "report",
        "claimed",
        "claims",
        "claim",
        "alleged",
        "alleges",
        "allege",
        "accused",
        "accuses",
        "accusing",
        "accuse",
        "admitted",
        "admits",
        "admit",
        "acknowledged",
        "acknowledges",
        "acknowledge",
        "confirmed",
        "confirms",
        "confirm",
        "announced",
        "announces",
        "disclosed",
        "discloses",
        "revealed",
        "reveals",
        "stated",
        "states",
        "wrote",
        "writes",
        "tweeted",
        "posted",
        "boasted",
        "boasts",
        "boast",
        "bragged",
        "brag",
        "brags",
        "insisted",
        "insists",
        "warned",
        "warns",
        "assessed",
        "assesses",
        "estimated",
        "estimates",
        "believe",
        "believes",
        "believed",
        "suspect",
        "suspects",
        "suspected",
        "quoted",
        "quoting",
        "cited",
        "citing",
        "added",
        "adding",
        "noted",
        "noting",
        "according",
        "showed",
        "shows",
        "indicated",
        "indicates",
        "testified",
        "concluded",
        "concludes",
        "found",
        "finds",
        "documented",
        "identified",
        "determined",
    ]
)
HEDGES = frozenset(
    ["reportedly", "allegedly", "purportedly", "apparently", "likely", "presumably", "supposedly", "seemingly", "possibly", "probably"]
)
DENY = frozenset(
    [
        "misleading",
        "speculative",
        "nonsense",
        "absurd",
        "fake",
        "denied",
        "denies",
        "deny",
        "denying",
        "rejected",
        "rejects",
        "reject",
        "rejecting",
        "dismissed",
        "dismisses",
        "dismiss",
        "refuted",
        "refutes",
        "refute",
        "baseless",
        "unfounded",
        "fabricated",
        "fabrication",
        "untrue",
        "groundless",
        "lies",
        "fictitious",
        "disinformation",
        "propaganda",
        "false",
    ]
)
#: Verbs that give a report a name after it: "called the reports baseless", "dismissed the claims as lies".
CALLING_VERBS = frozenset("called calls calling termed terms labelled labeled labels described describes branded brands".split())
#: Report verbs that, after a comma, open a complement of their own: "..., accusing Tehran of supplying drones".
OPENING_GERUNDS = frozenset({"accusing", "saying", "claiming", "alleging", "arguing", "citing", "insisting", "charging"})
#: Nouns of a sale that an approval after them makes a plan: "a sale the State Department approved".
APPROVABLE = frozenset({"sale", "sales", "purchase", "purchases", "package", "packages", "transfer", "transfers"})
APPROVALS = frozenset({"approved", "cleared", "authorised", "authorized", "greenlit", "okayed", "notified"})
NEGATORS = frozenset({"not", "n't", "never", "no", "neither", "nor", "without"})
STOPPERS = frozenset(
    {
        "refused",
        "refuses",
        "refuse",
        "halted",
        "halts",
        "stopped",
        "stops",
        "suspended",
        "suspends",
        "cancelled",
        "canceled",
        "scrapped",
        "blocked",
        "abandoned",
        "declined",
        "declines",
        "ruled",
        "stopping",
        "froze",
        "freezes",
        "frozen",
        "paused",
        "pauses",
        "banned",
        "bans",
        "barred",
        "bars",
        "refrained",
        "refrains",
        "dropped",  # "Cairo later dropped the deal"
        "drops",
        "shelved",
        "shelves",
        "ditched",
        "ditches",
        "terminated",
        "cancels",
        "scraps",
        "vetoed",
        "resisted",  # "has resisted pressure to send weapons"
        "resists",
        "resisting",
    }
)
FELL_THROUGH = (
    ("fell", "through"),
    ("fallen", "through"),
    ("collapsed",),
    ("was", "cancelled"),
    ("was", "canceled"),
    ("was", "scrapped"),
    ("were", "cancelled"),
    ("never", "materialised"),
    ("never", "materialized"),
)
_FELL_FIRST = frozenset(p[0] for p in FELL_THROUGH)
PLAN_WORDS = frozenset({"will", "'ll", "shall", "would", "could", "may", "might", "can"})
PLAN_PHRASES = (
    ("decided", "to"),
    ("decides", "to"),
    ("pledged",),
    ("pledges",),
    ("promised",),
    ("promises",),
    ("vowed",),
    ("committed", "to"),
    ("plans", "to"),
    ("plan", "to"),
    ("planning", "to"),
    ("planned", "to"),
    ("intends", "to"),
    ("intend", "to"),
    ("set", "to"),
    ("expected", "to"),
    ("poised", "to"),
    ("aims", "to"),
    ("aim", "to"),
    ("preparing", "to"),
    ("prepared", "to"),
    ("prepares", "to"),
    ("ready", "to"),
    ("about", "to"),
    ("is", "to"),
    ("are", "to"),
    ("going", "to"),
    ("due", "to"),
    ("potential",),
    ("proposed",),
    ("prospective",),
    ("possible",),
    ("future",),
    ("soon",),
    ("approved",),
    ("approves",),
    ("approve",),
    ("cleared",),
    ("clears",),
    ("greenlit",),
    ("greenlights",),
    ("okayed",),
    ("okays",),
    ("signed", "off", "on"),
    ("signs", "off", "on"),
    ("expects", "to"),
    ("expect", "to"),
    ("hopes", "to"),
    ("hope", "to"),
    ("wants", "to"),
    ("want", "to"),
    ("seeks", "to"),
    ("intention",),
    ("intent",),
    ("upcoming",),
)
NON_CONFIRM_VERBS = frozenset({"confirm", "confirmed", "comment", "verify", "verified", "confirmation", "disclose", "say", "respond"})
CONDITIONALS = frozenset({"if", "whether", "unless"})
SOURCE_REACH = 80  # words either side of a trigger where its source may stand
CLAUSE_START = frozenset({";", "but", "while", "whereas", "although", "though", "however"})
SOURCE_SKIP = frozenset(
    {
        "has",
        "have",
        "had",
        "also",
        "previously",
        "earlier",
        "later",
        "recently",
        "repeatedly",
        "on",
        "in",
        "last",
        "this",
        "week",
        "month",
        "year",
        "told",
        "publicly",
        "officially",
        "quickly",
        "once",
        "again",
        "would",
        "'s",
    }
)


@dataclass(frozen=True, slots=True)
class Reading:
    stance: Stance
    attributed_to: str | None
    source_span: tuple[int, int] | None  # character offsets of the source words
    drop: bool = False


def _window(a: Analysis, lo: int, hi: int) -> list[str]:
    return a.lows[max(0, lo) : max(0, hi)]


def _clause_start(a: Analysis, i: int) -> int:
    """The first token of the clause holding token i (looking left)."""
    for j in range(i - 1, -1, -1):
        if a.lows[j] in CLAUSE_START:
            return j + 1
    return 0


def _source(a: Analysis, verb: int, left: bool) -> tuple[str | None, tuple[int, int] | None]:
    """The source of a reporting verb: its subject on the left, or the words after it ("said X")."""
    if left:
        j = verb - 1
        if j > 0 and a.lows[j] == "," and a.lows[verb] in OPENING_GERUNDS:
            # "Sudan cut ties with the UAE, accusing it of ...": the sentence's subject, else the clause's
            m = a.opening()
            if m is None:
                subj, _ = a.subject(j)
                m = subj[0].mention if subj else None
            if m is not None and m.kind in (MentionKind.ACTOR, MentionKind.REFERENCE):
                return _name(a, m.first, m.last, m)
        if j > 0 and a.lows[j] == ",":
            # "Yahya Rahim Safavi, a former commander of the IRGC, boasted": skip the apposition
            k = j - 1
            while k > 0 and a.lows[k] != "," and j - k < 25:
                k -= 1
            if k > 0 and a.lows[k] == ",":
                j = k - 1
        while j >= 0 and (
            a.lows[j] in SOURCE_SKIP
            or a.tokens[j].text[:1].isdigit()
            or a.lows[j] in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
        ):
            j -= 1
        m = a.ends.get(j)
        if m is not None and m.kind in (MentionKind.ACTOR, MentionKind.OUTLET, MentionKind.REFERENCE):
            first = m.first
            # "IRNA and Fars", "Saudi Arabia and the United States"
            while first >= 2 and a.lows[first - 1] == "and" and a.ends.get(first - 2) is not None:
                first = a.ends[first - 2].first
            return _name(a, first, m.last, m)
        k = j
        while k >= 0 and a.tokens[k].text[:1].isupper() and k > j - 6:
            k -= 1
        if k < j:
            return _name(a, k + 1, j + 1, None)
        return None, None
    k = verb + 1
    n = len(a.tokens)
    if k < n and a.lows[k] in ("to",):
        k += 1
    m = a.at[k] if k < n else None
    if m is not None and m.first == k and m.kind in (MentionKind.ACTOR, MentionKind.OUTLET):
        last = m.last
        while last + 1 < n and a.lows[last] == "and" and a.at[last + 1] is not None and a.at[last + 1].first == last + 1:  # type: ignore[union-attr]
            last = a.at[last + 1].last  # type: ignore[union-attr]
        return _name(a, k, last, m)
    end = k
    while end < n and (a.tokens[end].text[:1].isupper() or a.lows[end] in ("the", "of", "'s")) and end < k + 8:
        end += 1
    if end > k and a.tokens[end - 1].text[:1].isupper():
        return _name(a, k, end, None)
    # "according to diplomats", "said Western officials familiar with the matter": the words up to the punctuation
    end = k
    while end < n and end < k + 6 and a.lows[end] not in (",", ".", ";", ":", '"', "”", "that", "on", "in", "who", "which"):
        end += 1
    if end > k and a.tokens[end - 1].text.isalpha():
        return _name(a, k, end, None)
    return None, None


def _name(a: Analysis, first: int, last: int, m: object) -> tuple[str, tuple[int, int]]:
    """A source as armswatch reports it: ISO3 for a government speaking as a whole, else its words."""
    from armswatch.model import Mention

    if (
        isinstance(m, Mention)
        and m.first == first
        and m.last == last
        and m.kind == MentionKind.ACTOR
        and m.role in ("state", "capital", "seat")
    ):
        return m.value, (m.start, m.end)
    toks = a.tokens[first:last]
    text = " ".join(t.text for t in toks).replace(" 's", "'s").replace(" ’s", "’s")
    return text, (toks[0].start, toks[-1].end)


def _speaks_for(a: Analysis, span: tuple[int, int] | None, parties: tuple[str | None, ...]) -> bool:
    """Whether the source of a negation is a party to the claim (a denial) or unknown; a named third party negates."""
    if span is None or not any(parties):
        return True
    for m in a.mentions:
        if m.kind in (MentionKind.ACTOR, MentionKind.OUTLET) and span[0] <= m.start < span[1]:
            party = m.value if m.kind == MentionKind.ACTOR else m.origin
            if party:
                return party in parties
    return True


def _asides(lows: list[str], i: int) -> set[int]:
    """The words of non-restrictive relative clauses before the trigger at i that do not hold it: in "Iran, which
    denies arming the Houthis, has supplied drones", the denial is about something else."""
    out: set[int] = set()
    k = 0
    while k < i:
        if lows[k] == "," and k + 1 < len(lows) and lows[k + 1] in ("which", "who"):
            close = next((m for m in range(k + 2, min(len(lows), k + 30)) if lows[m] in (",", ";", ".")), None)
            if close is None or lows[close] != "," or close >= i:
                break
            out.update(range(k + 1, close))
            k = close
        k += 1
    return out


def read(a: Analysis, i: int, end: int, parties: tuple[str | None, ...] = ()) -> Reading:
    """The stance of the claim triggered at tokens [i, end), and its source."""
    lows = a.lows
    n = len(lows)
    start = _clause_start(a, i)
    before = _window(a, max(start, i - 12), i)

    # Conditions and open questions make no claim: "if it turns out that Tehran supplied ...".
    for j in range(max(start, i - 12), i):
        if lows[j] in CONDITIONALS:
            return Reading(Stance.ASSERTED, None, None, drop=True)
    # Non-confirmation governing the trigger: "did not confirm whether", "declined to comment on".
    for j in range(max(start, i - 20), i):
        if (
            lows[j] == "no"
            and j + 1 < i
            and lows[j + 1] in ("sign", "evidence", "indication", "proof", "confirmation", "information", "trace")
        ):
            return Reading(Stance.ASSERTED, None, None, drop=True)  # "no sign that any Su-35s have reached Iran"
        if lows[j] in NON_CONFIRM_VERBS and any(
            w in NEGATORS or w in ("declined", "refused", "refuse", "declines", "unable") for w in lows[max(0, j - 3) : j]
        ):
            return Reading(Stance.ASSERTED, None, None, drop=True)

    # Who says so: reporting verbs, "according to", hedges.
    source: tuple[str | None, tuple[int, int] | None] = (None, None)
    attributed = False
    deny_at = -1
    aside = _asides(lows, i)
    # a source stands within a long sentence's reach of the trigger; the bound keeps a page-long "sentence" linear
    for j in range(max(0, i - SOURCE_REACH), min(n, end + SOURCE_REACH)):
        low = lows[j]
        if j in range(i, end) or a.at[j] is not None or j in aside:
            continue  # the trigger itself, a word inside a name ("the United States"), or an aside about the subject
        if low in DENY:
            if (j < i and j >= start - 1) or (j > i and _denies_back(lows, j)):
                deny_at = j
            continue
        if low == "according" and j + 1 < n and lows[j + 1] == "to":
            if (j < i and any(x == "," for x in lows[j:i])) or j > i:
                attributed = True
                source = _source(a, j + 1, left=False)
            continue
        if low in HEDGES or (
            low in ("believed", "thought", "said", "understood", "suspected", "alleged") and j + 1 < n and lows[j + 1] == "to" and j < i
        ):
            attributed = True
            continue
        if low in ("may", "might", "could") and j + 1 < n and lows[j + 1] == "have" and j < i:
            attributed = True
            continue
        if low in REPORT_VERBS:
            if low in ("confirming",) and j > 0 and lows[j - 1] == ",":
                continue
            if low in ("showed", "shows", "show") and j + 1 == i:
                continue  # "Argentina showed interest in": the party's own act, not evidence shown
            if any(w in ("by", "with") for w in lows[j + 1 : min(i, j + 6)]) and low in (
                "responded",
                "responds",
                "replied",
                "replies",
                "countered",
            ):
                continue  # "Washington responded in December by sanctioning": what it did, not what it said
            if j < i:
                if any(lows[k] in CLAUSE_START for k in range(j + 1, i)) or _relative_break(lows, j, i):
                    continue
                attributed = True
                if source[0] is None:
                    source = _source(a, j, left=True)
            else:
                if any(lows[k] in (";",) for k in range(end, j)):
                    continue
                if low in OPENING_GERUNDS and lows[j - 1] == ",":
                    continue  # "cut ties with the UAE, accusing it of supplying ...": the gerund speaks for what follows it
                if (j + 1 < n and lows[j + 1] == "that") or not any(lows[k] in (",", '"', "”", "'") for k in range(end, j)):
                    continue  # "after it found that ...": a clause of its own, not the source of the claim
                if any(
                    lows[k] == "and" and lows[k - 1] == "," and (a.at[k + 1] is not None or (j - k <= 7 and "," not in lows[k + 1 : j]))
                    for k in range(end + 1, j)
                ):
                    continue  # "..., and the defence ministry said the first were delivered": another clause's source
                attributed = True
                src = _source(a, j, left=True) if low == "told" else (None, None)  # "X told CNN": X speaks, CNN hears
                if src[0] is None:
                    src = _source(a, j, left=False)
                if src[0] is None:
                    src = _source(a, j, left=True) if lows[j - 1] not in (",", "the") else (None, None)
                if source[0] is None:
                    source = src

    # A sentence that opens a quotation is someone's words, even when the speaker is named later.
    if not attributed and a.tokens and a.tokens[0].text in ('"', "“", "'", "‘"):
        attributed = True

    # Denial and negation.
    if deny_at >= 0:
        # the denier is the denial's subject, on either side of the claim ("Tehran denied ...", "..., which Tehran denies")
        src = _source(a, deny_at, left=True)
        calling = next((k for k in range(start, i) if a.lows[k] in CALLING_VERBS), None) if deny_at > i else None
        if calling is not None:  # "Tehran called reports of Iranian drone deliveries to Russia baseless": who called them
            src = _source(a, calling, left=True)
        if src[0] is None and deny_at > i:
            src = source
        return Reading(Stance.DENIED, src[0], src[1])
    negated = _negated(a, i, end, start)
    if negated:
        if attributed and _speaks_for(a, source[1], parties):
            return Reading(Stance.DENIED, source[0], source[1])
        # the writer, or a third party ("according to Western officials"), says it did not happen
        return Reading(Stance.NEGATED, source[0] if attributed else None, source[1] if attributed else None)
    if _planned(a, i, end, start, before):
        return Reading(Stance.PLANNED, source[0], source[1])
    if attributed:
        return Reading(Stance.CLAIMED, source[0], source[1])
    return Reading(Stance.ASSERTED, None, None)


_BACK_OBJECTS = frozenset(
    {
        ".",
        ",",
        ";",
        "it",
        "this",
        "that",
        "them",
        "these",
        "those",
        "such",
        "so",
        "the",
        "reports",
        "report",
        "claims",
        "claim",
        "allegations",
        "allegation",
        "accusations",
        "accusation",
        "charges",
        "having",
        '"',
        "”",
        "'",
    }
)
_ROLE_NOUNS = frozenset(
    {
        "involvement",
        "role",
        "part",
        "link",
        "links",
        "transfer",
        "transfers",
        "supply",
        "supplies",
        "sale",
        "sales",
        "delivery",
        "deliveries",
        "connection",
        "shipments",
    }
)


def _denies_back(lows: list[str], j: int) -> bool:
    """Whether a denial after the trigger rejects the claim itself ("..., which Tehran denies"), not something else
    ("denies any wrongdoing")."""
    if j > 0 and lows[j - 1] in ("which", "claim", "report", "allegation", "accusation"):
        return True
    nxt = lows[j + 1] if j + 1 < len(lows) else "."
    if nxt in _BACK_OBJECTS:
        return True
    return nxt == "any" and j + 2 < len(lows) and lows[j + 2] in _ROLE_NOUNS


def _relative_break(lows: list[str], j: int, i: int) -> bool:
    """A ", where" relative clause between a reporting verb and the trigger is the writer's own."""
    return any(lows[k] == "," and k + 1 < len(lows) and lows[k + 1] in ("where",) for k in range(j + 1, i))


def _negated(a: Analysis, i: int, end: int, start: int) -> bool:
    lows = a.lows
    if i >= 2 and lows[i - 2] == "yet" and lows[i - 1] == "to":
        return True  # "Washington has yet to deliver the helicopters"
    # "has not sent", "no missiles had ever been sent": a passive chain may hold more words between
    reach = 6 if any(lows[k] in ("been", "be") for k in range(max(start, i - 3), i)) else 4
    for j in range(max(start, i - reach), i):
        low = lows[j]
        if low in NEGATORS and not (low == "no" and j + 1 < len(lows) and lows[j + 1] in ("longer",) and False):
            if low == "not" and j + 1 < len(lows) and lows[j + 1] in ("only", "just"):
                continue
            return True
        if low in STOPPERS or (low == "back" and lows[j + 1 : j + 2] == ["from"] and lows[j - 1] in ("held", "holds", "hold", "holding")):
            return True  # "refused to sell", "has held back from sanctioning"
    if lows[end : end + 1] == ["no"] or lows[end : end + 2] in (["any", "more"],):
        return True  # "has sent no weapons"
    tail = lows[end : end + 12]
    if _FELL_FIRST.isdisjoint(tail):
        return False
    for pattern in FELL_THROUGH:
        for k in range(len(tail) - len(pattern) + 1):
            if tuple(tail[k : k + len(pattern)]) == pattern:
                return True
    return False


_PLAN_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}
for _p in PLAN_PHRASES:
    _PLAN_BY_FIRST.setdefault(_p[0], []).append(_p)


#: Deals that talks are about, and the words of the talks: "negotiating a defence treaty".
_DEAL_NOUNS = frozenset("treaty pact agreement accord deal contract memorandum partnership".split())
_NEGOTIATING = frozenset("negotiating negotiate negotiates negotiated negotiations talks discussing discuss discussed".split())


INTENT = frozenset(
    "decided decides plans planned planning intends intended aims aimed hopes hoped wants wanted seeks sought promised "
    "pledged vowed prepares preparing ready threatened threatens threatening".split()
)


def _clause_after(lows: list[str], end: int, reach: int) -> list[str]:
    """The words after a trigger up to `reach`, stopping at a comma, a semicolon or a relative clause ("missiles that
    Russian units are expected to fire": the expectation is the firing's)."""
    out = []
    for low in lows[end : end + reach]:
        if low in (",", ";", "that", "which", "who"):
            break
        out.append(low)
    return out


def _planned(a: Analysis, i: int, end: int, start: int, before: list[str]) -> bool:
    lows = a.lows
    if lows[i] in ("pledged", "pledge", "pledges", "pledging", "promised", "promise", "promises", "package", "packages"):
        return True  # a pledge, or an aid package announced, is not yet a delivery
    lo = max(
        start, i - 6 - size_words(lows[max(start, i - 10) : i])
    )  # "signed off on a $1 billion sale": the size of a deal does not count
    for j in range(lo, i):
        low = lows[j]
        if low in PLAN_WORDS:
            nxt = lows[j + 1] if j + 1 < len(lows) else ""
            if nxt == "have":
                continue  # "may have supplied" is a hedge about the past
            return True
        for pattern in _PLAN_BY_FIRST.get(low, ()):
            if tuple(lows[j : j + len(pattern)]) == pattern:
                return True
    if i >= 1 and lows[i - 1] == "to" and any(lows[j] in INTENT for j in range(max(start, i - 8), i - 1)):
        return True  # "Japan decided in December to send", "Ankara hopes eventually to buy"
    if any(low in ("expects", "expect", "expecting", "awaits", "await", "awaiting") for low in lows[max(start, i - 4) : i]):
        return True  # "Manila expects delivery of two more batteries": still to come
    talks = lows[max(start, i - 6) : i]
    if lows[i] in _DEAL_NOUNS and any(low in _NEGOTIATING for low in talks[len(talks) - talks[::-1].index(",") if "," in talks else 0 :]):
        return True  # "negotiating a mutual defence treaty", "in talks on a partnership treaty": not yet signed
    if any(low in ("slipped", "delayed", "postponed", "scheduled", "due", "expected", "possible") for low in _clause_after(lows, end, 11)):
        return True  # "delivery has slipped to 2026": still to come
    if lows[i] in APPROVABLE:
        for low in lows[end : end + 7]:
            if low in APPROVALS:
                return True  # "a sale the State Department approved in August": approved, not yet made
            if low in (",", ";", "and", "but", "after", "before"):
                break
    # "to be delivered", "the drones are to arrive" (but "is reported to be in talks" is no plan)
    return (
        i >= 2
        and lows[i - 1] == "be"
        and lows[i - 2] == "to"
        and (lows[i].endswith("ed") or lows[i] in ("sent", "sold", "built", "given", "bought", "made"))
        # "is said to be interested", "believed to be intended for": a state, not a plan
        and lows[i] not in ("interested", "concerned", "involved", "engaged", "intended", "destined", "meant", "headed")
    )

"""The claim rules: every cue's own examples, and the rulings of ONTOLOGY.md on fictional states."""

from __future__ import annotations

import tomllib
from collections.abc import Callable

import pytest

from armswatch.claims import Extractor
from armswatch.claims.lexicon import CUES, inflect
from armswatch.ingest import make_document
from tests.conftest import keys

EXAMPLES = [(cue["id"], ex["text"], ex["claims"]) for cue in tomllib.loads(CUES.read_text())["cue"] for ex in cue.get("examples", [])]


def _norm(claims: list[str]) -> set[str]:
    out = set()
    for c in claims:
        t, s, r, st = c.split()
        if t == "agreement":
            s, r = sorted([s, r])
        out.add(f"{t} {s} {r} {st}")
    return out


def test_claims_every_cue_has_examples() -> None:
    ids = {cue["id"] for cue in tomllib.loads(CUES.read_text())["cue"]}
    assert ids == {cid for cid, _, _ in EXAMPLES}


@pytest.mark.parametrize(("cue", "text", "expected"), EXAMPLES, ids=[f"{c}:{t[:40]}" for c, t, _ in EXAMPLES])
def test_claims_cue_examples(extract_keys: Callable[..., set[str]], cue: str, text: str, expected: list[str]) -> None:
    got = extract_keys(text)
    if expected:
        assert _norm(expected) <= got
    else:
        assert got == set()


def _tiny(tiny_extractor: Extractor, text: str) -> set[str]:
    return keys(tiny_extractor.extract(make_document(text)))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the dyad is supplier -> recipient whichever side acts
        ("Freedonia supplied Kestrel-7 drones to Sylvania.", {"transfer FRD SYL asserted"}),
        ("Sylvania received Freedonian drones last year.", {"transfer FRD SYL asserted"}),
        ("Sylvania's interest in acquiring Freedonian drones is growing.", {"interest FRD SYL asserted"}),
        ("Oceania, which has been receiving Freedonian drone technology, stayed quiet.", {"transfer FRD OCE asserted"}),
        # a named system names its supplier; a company stands for its state
        ("Sylvania purchased three Kestrel-7 drones.", {"order FRD SYL asserted"}),
        ("Tinworks delivered the first Kestrel-7 drones to Eurasia.", {"transfer FRD EUR asserted"}),
        # lists give one claim each
        (
            "Freedonia has sold Kestrel-7 drones to Sylvania, Oceania and Eurasia.",
            {"order FRD SYL asserted", "order FRD OCE asserted", "order FRD EUR asserted"},
        ),
        # stance
        ("Freedonia has reportedly supplied drones to Sylvania.", {"transfer FRD SYL claimed"}),
        ("Freedonia will deliver Kestrel-7 drones to Oceania next year.", {"transfer FRD OCE planned"}),
        ("Freedonia denied supplying drones to Eurasia.", {"transfer FRD EUR denied"}),
        ("Freedonia has not delivered the drones to Eurasia.", {"transfer FRD EUR negated"}),
        ("The Freedonian News Agency reported that Freedonia sent missiles to Oceania.", {"transfer FRD OCE claimed"}),
        # transit states are not parties
        ("Freedonian drones were delivered through Sylvania to the Green Brigades.", {"transfer FRD Green Brigades asserted"}),
        # non-confirmation is not denial, and makes no claim
        ("Officials in Sylvania did not confirm whether Freedonia had sold drones to them.", set()),
        # unnamed counterparts, own weapons, training
        ("Freedonia says 22 countries have asked to buy its drones.", set()),
        ("Freedonia unveiled a new Kestrel-7 drone at a parade.", set()),
        ("Freedonian instructors trained Sylvanian soldiers.", set()),
        ("Sylvania launched its own drones at Eurasian positions.", set()),
        # references within the document
        ("Freedonia and Sylvania held talks. The two countries signed a defence cooperation memorandum.", {"agreement FRD SYL asserted"}),
        # use: operator, origin, target
        ("Eurasia used Freedonian-made Kestrel-7 drones against Oceania.", {"use FRD EUR asserted"}),
        # a sanction over a transfer also yields the transfer, claimed
        (
            "Oceania sanctioned Freedonian companies for supplying drones to Eurasia.",
            {"sanction FRD EUR asserted", "transfer FRD EUR claimed"},
        ),
    ],
)
def test_claims_rulings_on_fictional_states(tiny_extractor: Extractor, text: str, expected: set[str]) -> None:
    assert _tiny(tiny_extractor, text) == expected


def test_claims_use_target_and_sanction_by(tiny_extractor: Extractor) -> None:
    use = tiny_extractor.extract(make_document("Eurasia used Freedonian-made Kestrel-7 drones against Oceania."))[0]
    assert (use.target, use.system, use.category.value if use.category else None) == ("OCE", "Kestrel-7", "drone")
    sanction = next(
        c
        for c in tiny_extractor.extract(make_document("Oceania sanctioned Freedonian companies for supplying drones to Eurasia."))
        if c.type.value == "sanction"
    )
    assert sanction.by == "OCE"


def test_claims_report_then_denial_is_contested_in_one_document(tiny_extractor: Extractor) -> None:
    text = (
        "The Freedonian News Agency reported that Freedonia and Sylvania signed a memorandum on defence cooperation. "
        "Sylvania's defence minister Ada Grant denied that Sylvania had signed a defence memorandum with Freedonia."
    )
    got = _tiny(tiny_extractor, text)
    assert {"agreement FRD SYL claimed", "agreement FRD SYL denied"} <= got


def test_claims_evidence_points_into_the_text(tiny_extractor: Extractor) -> None:
    text = "Background first.\n\nFreedonia supplied Kestrel-7 drones to Sylvania in October 2022."
    doc = make_document(text, published=None)
    [claim] = tiny_extractor.extract(doc)
    ev = claim.evidence
    assert doc.text[ev.start : ev.end] == ev.text and ev.sentence == 1
    roles = {role: doc.text[s:e] for s, e, role in ev.spans}
    assert roles["supplier"] == "Freedonia" and roles["recipient"] == "Sylvania" and roles["system"] == "Kestrel-7"
    assert claim.date == "2022-10" and claim.date_text == "October 2022"


def test_claims_lexicon_inflects_regular_verbs() -> None:
    assert {f for f, _, _ in inflect("supply")} >= {"supply", "supplies", "supplied", "supplying"}
    assert {f for f, _, _ in inflect("ship")} >= {"ships", "shipped", "shipping"}
    assert {f for f, _, _ in inflect("provide")} >= {"provides", "provided", "providing"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ethiopia's Iranian-made Mohajer-6 drones were seen at Semera airport.", {"transfer IRN ETH asserted"}),
        ("Qatar's first six Turkish-built drones arrived in 2019.", {"transfer TUR QAT asserted"}),
        ("The Serbian army showed reporters its Chinese-made drones, officials said.", {"transfer CHN SRB claimed"}),
        ("Myanmar's Russian-made Su-30 fighters struck villages in Sagaing.", set()),  # combat: the use frame's, not possession
        ("China's Chinese-built drones are exported widely.", set()),  # the holder's own make
        ("The museum's Soviet-built MiG-21 stands at the gate.", set()),  # no party holds it
        ("Kenya's Chinese-built drones arrived in 2019, a year before the war.", {"transfer CHN KEN asserted"}),  # war in another clause
        ("Poland's US-made Patriot batteries arrived in 2023.", {"transfer USA POL asserted"}),  # a state's name as origin
    ],
)
def test_claims_possession_phrase_is_a_transfer(extract_keys: Callable[..., set[str]], text: str, expected: set[str]) -> None:
    got = {k for k in extract_keys(text) if k.startswith("transfer")}
    assert got == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Qatar signed for 24 Rafales in 2015, and the first were handed over at Merignac in February 2019.",
            {"order FRA QAT asserted", "transfer FRA QAT asserted"},
        ),
        (
            "Indonesia signed a contract for 42 Rafale jets in 2022, with the first due to be delivered in early 2026.",
            {"order FRA IDN asserted", "transfer FRA IDN planned"},
        ),
        (  # the clause names a party of its own: no ellipsis
            "Poland ordered K2 tanks from South Korea, and Germany delivered tanks to Ukraine.",
            {"order KOR POL asserted", "transfer DEU UKR asserted"},
        ),
        ("Romania bought 32 used F-16s from Norway.", {"order NOR ROU asserted"}),  # "used" as an adjective is no use
    ],
)
def test_claims_delivery_after_an_order_in_the_same_sentence(extract_keys: Callable[..., set[str]], text: str, expected: set[str]) -> None:
    assert extract_keys(text) == expected


@pytest.mark.parametrize(
    ("second", "expected"),
    [
        ("The first jets under the deal are expected to be delivered in 2028.", {"transfer FRA IND planned"}),
        ("Under the contract, some of the jets will be built in India.", {"production FRA IND planned"}),
        ("Under the deal, Indian crews trained in France last year.", set()),  # training under the deal: no event
    ],
)
def test_claims_under_the_deal_takes_the_verb_of_its_sentence(
    extract_keys: Callable[..., set[str]], second: str, expected: set[str]
) -> None:
    first = "India signed a contract in April 2025 to buy 26 Rafale Marine jets from France."
    got = extract_keys(f"{first} {second}") - extract_keys(first)
    assert got == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "\u201cWe have not given Russia any drones,\u201d Iranian Foreign Minister Hossein Amirabdollahian said.",
            {"transfer IRN RUS denied"},
        ),
        ("\u201cWe are ready to sell our drones to any friendly country,\u201d the commander of Iran's ground forces said.", set()),
        ("\u201cWe have not given Russia any drones,\u201d the minister's office said.", set()),  # no party speaks: no supplier
    ],
)
def test_claims_we_in_a_quote_is_the_speakers_side(extract_keys: Callable[..., set[str]], text: str, expected: set[str]) -> None:
    assert extract_keys(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Bangladesh's navy has grown quickly, mostly with Chinese ships. The navy received two frigates from China in 2020.",
            {"transfer CHN BGD asserted"},
        ),
        (  # the junta is Myanmar's air force named before, not Russia, the latest country
            "Myanmar's air force received Su-30SME jets from Russia in 2022. The junta has also acquired Chinese-built CH-4 drones.",
            {"transfer RUS MMR asserted", "transfer CHN MMR asserted"},
        ),
        ("Russia and Ukraine both field large drone fleets. The army said it had shot down 40 drones overnight.", set()),
    ],
)
def test_claims_a_service_named_alone_is_its_country(extract_keys: Callable[..., set[str]], text: str, expected: set[str]) -> None:
    assert extract_keys(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Ukraine's first SAMP/T battery, supplied jointly by France and Italy, became operational in the spring.",
            {"transfer FRA UKR asserted", "transfer ITA UKR asserted"},
        ),
        ("The Patriot batteries supplied by Germany to Ukraine have shot down Russian missiles.", {"transfer DEU UKR asserted"}),
    ],
)
def test_claims_reduced_relative_passive_names_its_supplier(extract_keys: Callable[..., set[str]], text: str, expected: set[str]) -> None:
    assert extract_keys(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Iran, which denies arming the Houthis, has supplied drones to Russia.",
            {"transfer IRN Houthis denied", "transfer IRN RUS asserted"},
        ),
        ("Russia, which Ukraine accuses of war crimes, bought drones from Iran.", {"order IRN RUS asserted"}),
        (
            "Iran, which Washington says has armed the Houthis, denied supplying drones to Russia.",
            {"transfer IRN Houthis claimed", "transfer IRN RUS denied"},
        ),
        ("Iran, US officials say, has supplied drones to Russia.", {"transfer IRN RUS claimed"}),
        ("The group's Ababil drones, which Israeli analysts say come from Iran, have been flown over northern Israel.", set()),
    ],
)
def test_claims_asides_keep_their_words_to_themselves(extract_keys: Callable[..., set[str]], text: str, expected: set[str]) -> None:
    """A non-restrictive relative clause or an interjected source is neither the subject nor the stance of the main verb."""
    assert {k for k in extract_keys(text) if not k.startswith("use")} == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Iran supplied the Shahed drones that Russia launched at Kyiv, officials said.",
            {"transfer IRN RUS claimed", "use IRN RUS claimed"},
        ),
        (
            "North Korea has shipped artillery shells that Russian forces fire at Ukraine.",
            {"transfer PRK RUS asserted", "use PRK RUS asserted"},
        ),
        ("Iran supplied the drones that investigators later examined in a hangar near Kyiv.", set()),
        ("North Korea has shipped shells to Russia, according to South Korean intelligence.", {"transfer PRK RUS claimed"}),
    ],
)
def test_claims_operator_of_a_relative_clause_receives(extract_keys: Callable[..., set[str]], text: str, expected: set[str]) -> None:
    assert extract_keys(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Iran's foreign ministry said no missiles had been sent to Russia.", {"transfer IRN RUS denied"}),
        ("Pyongyang said no weapons had ever been exported to Russia.", {"transfer PRK RUS denied"}),
        ("Kyiv said no Patriot batteries had yet been delivered to Ukraine by Germany.", {"transfer DEU UKR denied"}),
        ("Kyiv said no drones had been delivered to Ukraine this year.", set()),  # the recipient speaks: no supplier
        ("Moscow said the missiles had been delivered to Syria.", set()),  # not a denial: the speaker is not taken as supplier
    ],
)
def test_claims_party_denying_an_agentless_delivery_supplies_it(
    extract_keys: Callable[..., set[str]], text: str, expected: set[str]
) -> None:
    assert extract_keys(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Hezbollah has fired hundreds of rockets at Israel. The group has received most of its drones from Iran, officials say.",
            {"transfer IRN Hezbollah claimed"},
        ),
        ("Wagner's fighters left the Jufra base in Libya. The group said it had handed over its positions to Libyan forces.", set()),
        ("Iran and Russia signed a deal. The group has received drones from Iran.", set()),  # no armed group named: no recipient
    ],
)
def test_claims_the_group_is_the_armed_group_named_before(extract_keys: Callable[..., set[str]], text: str, expected: set[str]) -> None:
    assert {k for k in extract_keys(text) if not k.startswith(("agreement", "order"))} == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Azerbaijani forces used Turkish Bayraktar TB2 drones to strike Armenian tanks and artillery.", {"use TUR AZE asserted"}),
        ("Ukraine hit Russian air-defence systems in Crimea with US-made ATACMS missiles.", {"use USA UKR asserted"}),
        ("Russian forces hit power stations across Ukraine on Monday with Iranian-made Shahed-136 drones.", {"use IRN RUS asserted"}),
    ],
)
def test_claims_what_a_strike_hits_is_no_weapon_used(extract_keys: Callable[..., set[str]], text: str, expected: set[str]) -> None:
    assert extract_keys(text) == expected


def test_claims_a_companys_sales_in_general_point_back_to_no_sale(extract_keys: Callable[..., set[str]]) -> None:
    first = "Last month, Albania bought three Bayraktar TB2 drones."
    later = " Baykar earns most of its revenue from exports, and its sales abroad topped $1 billion last year."
    assert extract_keys(first + later) == extract_keys(first)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Myanmar's Russian-made Su-30 fighters struck villages in Sagaing.", {"use RUS MMR asserted"}),
        ("Ethiopia's Turkish-made drones struck a convoy in Tigray, the rebels said.", {"use TUR ETH claimed"}),
        ("A Turkish-made drone operated by the Ethiopian air force hit a market in Tigray.", {"use TUR ETH asserted"}),
        ("Turkish-made drones struck a convoy in Tigray.", set()),  # no one named operates them
    ],
)
def test_claims_weapons_that_strike_are_their_holders_use(extract_keys: Callable[..., set[str]], text: str, expected: set[str]) -> None:
    assert extract_keys(text) == expected


def test_claims_passive_purchase_goes_to_the_possessive_holder(extract_keys: Callable[..., set[str]]) -> None:
    assert extract_keys("Nigeria's Wing Loong II drones were bought from China in 2020.") == {"order CHN NGA asserted"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "India delivered the first BrahMos batteries to the Philippines in April. A second consignment arrived in May.",
            {"transfer IND PHL asserted"},
        ),
        (
            "Poland ordered K2 tanks from South Korea in 2022. Another batch is due in March.",
            {"order KOR POL asserted", "transfer KOR POL planned"},
        ),
        (  # a batch of something else
            "Poland ordered K2 tanks from South Korea in 2022. The first batch of crews finished training in May.",
            {"order KOR POL asserted"},
        ),
    ],
)
def test_claims_a_batch_or_consignment_points_back_to_the_delivery(
    extract_keys: Callable[..., set[str]], text: str, expected: set[str]
) -> None:
    assert extract_keys(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Japan signed a deal in 2024 to buy Tomahawk missiles, and the defence ministry in Tokyo said the first were delivered.",
            {"order USA JPN asserted", "transfer USA JPN claimed"},
        ),
        ("Iran supplied drones to Russia, the ministry said.", {"transfer IRN RUS claimed"}),
    ],
)
def test_claims_a_source_in_a_later_clause_speaks_for_that_clause(
    extract_keys: Callable[..., set[str]], text: str, expected: set[str]
) -> None:
    assert extract_keys(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Belgrade's CH-92A drones were bought from China in 2020, the first Chinese armed drones in Europe.", {"order CHN SRB asserted"}),
        ("Ethiopia has bought drones abroad. The country's Chinese-built drones struck a convoy in Tigray.", {"use CHN ETH asserted"}),
        ("Morocco has rebuilt its air force. Its Turkish-made drones struck a convoy last week.", {"use TUR MAR asserted"}),
    ],
)
def test_claims_the_holder_of_the_weapons_through_a_possessive(
    extract_keys: Callable[..., set[str]], text: str, expected: set[str]
) -> None:
    assert extract_keys(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Pyongyang sent ballistic missiles that Moscow troops launch against Ukraine.",
            {"transfer PRK RUS asserted", "use PRK RUS asserted"},
        ),
        ("Pyongyang sent ballistic missiles to Moscow, which stores them in Siberia.", {"transfer PRK RUS asserted"}),  # no use
        (
            "The Philippines, which has flown the FA-50 since 2015, ordered 12 more of the jets this month.",
            {"transfer KOR PHL asserted", "order KOR PHL asserted"},
        ),
    ],
)
def test_claims_weapons_named_before_in_the_sentence_carry_their_supplier(
    extract_keys: Callable[..., set[str]], text: str, expected: set[str]
) -> None:
    assert extract_keys(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Washington greenlit the sale of 40 F-16s to Turkey.", {"order USA TUR planned"}),  # an approval is a sale to come
        ("The US signed off on a $1 billion sale of Harpoon missiles to Taiwan.", {"order USA TWN planned"}),
        ("Ukraine expects to receive F-16s from Denmark this year.", {"transfer DNK UKR planned"}),
        ("Manila plans to acquire more BrahMos missiles from India.", {"order IND PHL planned"}),  # a purchase to come
    ],
)
def test_claims_approvals_and_expected_deliveries_are_planned(extract_keys: Callable[..., set[str]], text: str, expected: set[str]) -> None:
    assert extract_keys(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Reports of North Korea shipping shells to Russia surfaced in 2023.", {"transfer PRK RUS claimed"}),
        ("Iran was prepared to provide Moscow with up to 300 drones, the newspaper reported.", {"transfer IRN RUS planned"}),
    ],
)
def test_claims_a_party_before_a_gerund_is_its_subject(extract_keys: Callable[..., set[str]], text: str, expected: set[str]) -> None:
    assert extract_keys(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Seoul says the North shipped a million shells to Russia.", {"transfer PRK RUS claimed"}),
        ("North Korea dispatched weapons experts to Russia in October.", set()),  # people, not weapons
        ("Iran sent drone instructors to Russia.", set()),
    ],
)
def test_claims_the_north_and_weapons_personnel(extract_keys: Callable[..., set[str]], text: str, expected: set[str]) -> None:
    assert extract_keys(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The TB2 has been sold to countries including Ukraine and Poland.",
            {"order TUR UKR asserted", "order TUR POL asserted"},
        ),
        ("Poland became the first NATO member to acquire drones from Turkey.", {"transfer TUR POL asserted"}),
        ("Saudi Arabia is also said to be interested in buying Turkish drones.", {"interest TUR SAU claimed"}),
        ("Turkey is in talks with Morocco to sell Turkish drones.", {"interest TUR MAR asserted"}),  # the seller talks
        ("Indonesia is negotiating with France over Rafale jets.", {"interest FRA IDN asserted"}),  # the buyer talks
        ("The TB2 is now part of the arsenals of Qatar and Libya.", {"transfer TUR QAT asserted", "transfer TUR LBY asserted"}),
    ],
)
def test_claims_buyers_and_sellers_in_export_news(extract_keys: Callable[..., set[str]], text: str, expected: set[str]) -> None:
    assert extract_keys(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # the boat carries; the navy that seized it supplies nothing, the source is no second recipient
            "The US Navy seized a boat carrying weapons from Iran to resupply Houthi forces in Yemen, Central Command said.",
            {"transfer IRN Houthis claimed"},
        ),
        ("Convoys carrying Emirati weapons to RSF fighters crossed from Chad into Darfur.", {"transfer ARE RSF asserted"}),
        ("US forces seized Iranian weapons believed to be intended for the Houthis.", {"transfer IRN Houthis claimed"}),
        (
            "Iran sold drones to Russia, the Houthis and the RSF, the report said.",
            {"order IRN RUS claimed", "order IRN Houthis claimed", "order IRN RSF claimed"},
        ),
    ],
)
def test_claims_interdicted_shipments(extract_keys: Callable[..., set[str]], text: str, expected: set[str]) -> None:
    assert extract_keys(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Houthis attack ships, and Tehran supplies the group with weapons.", {"transfer IRN Houthis asserted"}),
        ("Iran denies arming the Yemeni rebels.", {"transfer IRN Houthis denied"}),
        (
            "Baykar would deliver Akinci drones to Indonesia, after Jakarta signed for 12 of them in 2023.",
            {"transfer TUR IDN planned", "order TUR IDN asserted"},
        ),
        (
            "Iran still flies US-made F-14s bought before the 1979 revolution.",
            {"transfer USA IRN asserted", "order USA IRN asserted"},
        ),
    ],
)
def test_claims_objects_and_subjects_of_wire_sentences(extract_keys: Callable[..., set[str]], text: str, expected: set[str]) -> None:
    assert extract_keys(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("India extended a defence line of credit to Vietnam.", {"offer IND VNM asserted"}),
        ("India had offered a $100 million line of credit to the Philippines for defence purchases.", {"offer IND PHL asserted"}),
        ("India extended a line of credit to Sri Lanka for railways.", set()),  # not for defence
        ("The Netherlands froze deliveries of F-35 parts to Israel.", {"transfer NLD ISR negated"}),
        ("Britain banned the export of drone engines to Iran.", {"transfer GBR IRN negated"}),
    ],
)
def test_claims_credit_lines_and_halted_exports(extract_keys: Callable[..., set[str]], text: str, expected: set[str]) -> None:
    assert extract_keys(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Moscow has received thousands of Shahed drones, which its forces have launched at Ukrainian power plants.",
            {"transfer IRN RUS asserted", "use IRN RUS asserted"},  # power plants are a target, not a factory
        ),
        (
            "Myanmar's air force received Su-30 fighters from Russia, and rights groups say it has since used them in strikes.",
            {"transfer RUS MMR asserted", "use RUS MMR claimed"},  # "it": the receiver, not the party after "from"
        ),
        (
            "Sudan cut ties with the UAE, accusing it of supplying the RSF with drones.",
            {"transfer ARE RSF claimed", "sanction ARE RSF asserted"},  # ties cut with the supplier: a penalty too
        ),
    ],
)
def test_claims_pronouns_after_a_delivery(extract_keys: Callable[..., set[str]], text: str, expected: set[str]) -> None:
    assert extract_keys(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Israel says Hezbollah has amassed thousands of rockets and missiles, most of them supplied by Iran through Syria.",
            {"transfer IRN Hezbollah claimed"},
        ),
        ("Hezbollah fields Iranian-designed Almas anti-tank missiles.", {"transfer IRN Hezbollah asserted"}),
        ("Argentina asked Bolivia to explain why it wants Iranian drones.", {"interest IRN BOL asserted"}),  # no request
        ("Kyiv asked Berlin to send Taurus missiles.", {"request DEU UKR asserted"}),
        ("A Syrian missile shot down a Russian plane during an Israeli raid.", set()),  # the raid's weapons are unnamed
    ],
)
def test_claims_holders_askers_and_raids(extract_keys: Callable[..., set[str]], text: str, expected: set[str]) -> None:
    assert extract_keys(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Morocco signed a deal with Israel to buy drones.", {"order ISR MAR asserted"}),
        ("Israel signed a deal with Morocco to sell drones.", {"order ISR MAR asserted"}),
        (  # production, not a purchase
            "Iran and Venezuela signed a deal to set up an Iranian drone factory in Venezuela.",
            {"production IRN VEN asserted"},
        ),
    ],
)
def test_claims_deals_signed_with_the_seller(extract_keys: Callable[..., set[str]], text: str, expected: set[str]) -> None:
    assert extract_keys(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Tehran has shipped drones to Moscow and short-range missiles to the Houthis.",
            {"transfer IRN RUS asserted", "transfer IRN Houthis asserted"},
        ),
        ("Iran supplied drones to Russia and Sudan.", {"transfer IRN RUS asserted", "transfer IRN SDN asserted"}),
    ],
)
def test_claims_a_second_object_and_recipient_share_the_verb(extract_keys: Callable[..., set[str]], text: str, expected: set[str]) -> None:
    assert extract_keys(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Twenty-two countries have requested Iranian drones, including Algeria and Venezuela.",
            {"request IRN DZA asserted", "request IRN VEN asserted"},
        ),
        ("Iran has received requests for drones from Algeria.", {"request IRN DZA asserted"}),  # the receiver sells
        ("Iran said it has received drone orders from 22 countries including Algeria.", {"request IRN DZA claimed"}),
    ],
)
def test_claims_requests_counted_and_received(extract_keys: Callable[..., set[str]], text: str, expected: set[str]) -> None:
    assert extract_keys(text) == expected


def test_claims_a_generic_noun_takes_the_system_named_before_it_in_the_sentence(extractor: Extractor) -> None:
    text = "The Philippines, which has flown the FA-50 since 2015, ordered 12 more of the jets this month."
    claims = [c for c in extractor.extract(make_document(text)) if c.type.value == "order"]
    assert [(c.supplier, c.recipient, c.system) for c in claims] == [("KOR", "PHL", "FA-50")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a party that modifies a source ("U.S. intelligence") or follows "citing" is no antecedent for "it"
        (
            "Hungary dismissed a report, citing Ukrainian officials, that it had sold artillery shells to Russia.",
            {"order HUN RUS denied"},
        ),
        (
            "Jordan denied a report based on Israeli intelligence that it had supplied drones to Syria.",
            {"transfer JOR SYR denied"},
        ),
        ("Norwegian officials said it would send more NASAMS launchers to Ukraine.", {"transfer NOR UKR planned"}),
    ],
)
def test_claims_it_is_not_the_party_of_a_source(extract_keys: Callable[..., set[str]], text: str, expected: set[str]) -> None:
    assert extract_keys(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # words that describe the noun pointing back: "the overland deliveries", "the cancelled Emirati purchase"
        (
            "Iran has sent missile parts to the Houthis by sea, U.S. officials say. The Saudi-led blockade made the seaborne"
            " deliveries harder, the officials said.",
            {"transfer IRN Houthis claimed"},
        ),
        # a place ("the embassy in Ankara") and a party in a phrase of its own ("after pressure from") stand outside
        (
            "Russia asked Iran for more ballistic missiles, Western officials said. The Iranian embassy in London called the"
            " report a fabrication.",
            {"request IRN RUS claimed", "request IRN RUS denied"},
        ),
    ],
)
def test_claims_pointing_back_past_describing_words_and_places(
    extract_keys: Callable[..., set[str]], text: str, expected: set[str]
) -> None:
    assert extract_keys(text) == expected


def test_claims_a_party_joined_to_the_noun_pointing_back_still_rules_it_out(extract_keys: Callable[..., set[str]]) -> None:
    text = "Russia sold Su-35 jets to Iran in 2023. Officials in Cairo condemned the sale."
    assert extract_keys(text) == {"order RUS IRN asserted"}  # the speaker is no party of the sale


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # one side named, the other from the claim of the sentence before with the same weapon
        (
            "Kyiv has asked Stockholm for Gripen fighters. Sweden has so far declined to send the jets.",
            {"request SWE UKR asserted", "transfer SWE UKR negated"},
        ),
        (
            "Germany delivered the first IRIS-T SLM system to Ukraine in October 2022. Kyiv has since received three more of the systems.",
            {"transfer DEU UKR asserted"},
        ),
        # no side named, and no other party in the clause: both from before
        (
            "Romania agreed to buy 32 used F-16s from Norway in 2022. The last of the jets landed at Fetesti in 2024.",
            {"order NOR ROU asserted", "transfer NOR ROU asserted"},
        ),
        # the weapons are the ones before, but the side named here is not theirs: no claim
        (
            "Iran sent Shahed drones to Russia in 2022. Ukraine shot down most of the drones over Kyiv.",
            {"transfer IRN RUS asserted"},
        ),
        # a share of the same purchase among the buyer's services is no new claim
        (
            "Poland ordered 96 Apache helicopters from the United States. The army will get the helicopters first.",
            {"order USA POL asserted"},
        ),
        # a weapon only pointed at ("its revenue") is not named again
        (
            "Albania bought three Bayraktar TB2 drones last month. Baykar earns most of its revenue from exports.",
            {"order TUR ALB asserted"},
        ),
    ],
)
def test_claims_a_side_left_out_comes_from_the_sentence_before(
    extract_keys: Callable[..., set[str]], text: str, expected: set[str]
) -> None:
    assert {k for k in extract_keys(text) if not k.startswith("transfer TUR ALB")} == expected


@pytest.mark.parametrize(
    "text",
    [
        "Estonia bought the howitzers second-hand from Finland.",  # "second-hand": no handing over
        "The Tejas lost its first export competition to the FA-50 in Malaysia.",  # "export competition": no export
    ],
)
def test_claims_words_inside_compounds_are_no_cues(extract_keys: Callable[..., set[str]], text: str) -> None:
    assert not any(k.startswith("transfer") for k in extract_keys(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "China shipped drone engines to Russia, the Treasury said. The United States responded with sanctions on two Chinese firms.",
            {"transfer CHN RUS claimed", "sanction CHN RUS asserted"},
        ),
        (
            "Belarus received Iskander missiles from Russia in 2022. Lithuania said it would impose sanctions on Minsk over the transfer.",
            {"transfer RUS BLR asserted", "sanction RUS BLR planned"},
        ),
        (
            "Russia delivered S-400 batteries to India from 2021. Washington has held back from sanctioning India over the purchase.",
            {"transfer RUS IND asserted", "sanction RUS IND negated"},
        ),
        # a reason of another kind is no sanction over the transfer
        (
            "Iran sent drones to Russia in 2022. Canada imposed sanctions on Iran over its nuclear programme in 2023.",
            {"transfer IRN RUS asserted"},
        ),
    ],
)
def test_claims_sanctions_over_a_transfer_named_before(extract_keys: Callable[..., set[str]], text: str, expected: set[str]) -> None:
    assert extract_keys(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Ukraine broke off relations with Iran, accusing Tehran of supplying Russia with drones.",
            {"sanction IRN RUS asserted", "transfer IRN RUS claimed"},
        ),
        # ties cut with another party than the supplier: no penalty for the supply
        (
            "Morocco severed ties with Iran, accusing Hezbollah of arming the Polisario.",
            {"transfer Hezbollah Polisario claimed"},
        ),
        ("Niger severed diplomatic relations with Ukraine, accusing Kyiv of backing rebels.", set()),
    ],
)
def test_claims_ties_cut_with_a_supplier_over_the_supply(extract_keys: Callable[..., set[str]], text: str, expected: set[str]) -> None:
    assert extract_keys(text) == expected


def test_claims_an_accusing_gerund_speaks_for_its_own_clause_and_its_sentences_subject(extractor: Extractor) -> None:
    text = "Sudan cut diplomatic ties with the UAE, accusing it of arming the RSF."
    claims = {(c.type.value, c.stance.value, c.attributed_to) for c in extractor.extract(make_document(text))}
    assert claims == {("sanction", "asserted", None), ("transfer", "claimed", "SDN")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a sale in apposition to the clause before it, approved by the seller
        (
            "Kuwait requested Bayraktar TB2 drones from Turkey, a purchase Ankara approved last year.",
            {"request TUR KWT asserted", "order TUR KWT planned"},
        ),
        # an approved package is an approved sale
        ("Washington approved a $500 million arms package for Taiwan in 2023.", {"order USA TWN planned"}),
        # the maker of a ship builds it; its buyer only commissions it
        (
            "Indonesia's navy commissioned a frigate built by Hyundai Heavy Industries in South Korea.",
            {"transfer KOR IDN asserted"},
        ),
        # weapons a relative clause speaks of are used by whoever acquired them
        (
            "Morocco bought Turkish Bayraktar TB2 drones, several of which struck Polisario vehicles in 2022.",
            {"order TUR MAR asserted", "use TUR MAR asserted"},
        ),
    ],
)
def test_claims_apposition_approval_builders_and_relative_use(extract_keys: Callable[..., set[str]], text: str, expected: set[str]) -> None:
    assert extract_keys(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a selection is an order still to be made; a rival passed over was considered
        ("Canada selected the F-35 in 2022 to replace its CF-18 fleet.", {"order USA CAN planned"}),
        ("Thailand chose the Gripen over the F-16 in 2025.", {"order SWE THA planned", "interest USA THA asserted"}),
        ("The army selected Rheinmetall to build the new vehicles.", set()),  # a maker picked, no weapon
        # a letter of intent is interest, and it governs the purchase it announces; a letter of acceptance is the contract
        ("Peru signed a letter of intent to buy 24 Gripen jets from Sweden.", {"interest SWE PER asserted"}),
        ("Poland signed a letter of offer and acceptance for 96 Apache helicopters.", {"order USA POL asserted"}),
        # what was given in return went the other way
        (
            "In exchange for the shells, Russia has given North Korea air-defence missiles, Seoul says.",
            {"transfer RUS PRK claimed", "transfer PRK RUS claimed"},
        ),
        # "show that" reports a finding, not a display
        ("Satellite images show that Iran has shipped Fath-360 missiles to Russia.", {"transfer IRN RUS asserted"}),
        # "began deliveries": the subject delivers
        ("Saab began deliveries of Gripen jets to Hungary in 2006.", {"transfer SWE HUN asserted"}),
    ],
)
def test_claims_selections_letters_exchanges_and_findings(extract_keys: Callable[..., set[str]], text: str, expected: set[str]) -> None:
    assert extract_keys(text) == expected


def test_claims_a_letter_of_intent_takes_the_seller_from_the_sentence_before(extract_keys: Callable[..., set[str]]) -> None:
    text = "Washington approved the sale of MQ-9B drones to Qatar in March. Doha signed a letter of intent to buy the aircraft in May."
    assert extract_keys(text) == {"order USA QAT planned", "interest USA QAT asserted"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a request turned down was still made
        ("Israel has declined Ukraine's requests for Iron Dome.", {"request ISR UKR asserted"}),
        ("Berlin rejected Kyiv's request for Taurus missiles.", {"request DEU UKR asserted"}),
        # the demonym of a noun coordinated before gives the weapons their origin
        ("The Kremlin denied that North Korean troops or weapons had been sent to Russia.", {"transfer PRK RUS denied"}),
        # the subject of "expects"/"is awaiting" receives the delivery, still to come
        ("The Philippines expects delivery of two more BrahMos batteries from India this year.", {"transfer IND PHL planned"}),
        # weapons that help a party fight are its, used
        ("Turkish drones helped Azerbaijan win the 2020 war against Armenia.", {"use TUR AZE asserted"}),
        ("Turkish engineers helped Azerbaijan build a drone factory.", set()),
    ],
)
def test_claims_refusals_coordinated_demonyms_awaited_deliveries_and_help(
    extract_keys: Callable[..., set[str]], text: str, expected: set[str]
) -> None:
    assert extract_keys(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a demonym, an industry word and a maker noun name the state's industry
        ("Western officials said Bulgarian arms makers were shipping shells to Ukraine.", {"transfer BGR UKR claimed"}),
        # parts named by what they are for: their user receives them
        (
            "The EU sanctioned three Chinese firms for supplying engines for Russian drones.",
            {"transfer CHN RUS claimed", "sanction CHN RUS asserted"},
        ),
        # the sentence's subject imposes when the nearest party is a side of the transfer
        (
            "Russia delivered S-400 batteries to Turkey in 2019. Washington suspended Turkey from the F-35 programme and later"
            " sanctioned its procurement agency over the purchase.",
            {"transfer RUS TUR asserted", "sanction RUS TUR asserted"},
        ),
        # compounds are no cues, prefixed verbs are
        ("Lockheed blamed supply-chain problems for the delays.", set()),
        ("Iran has re-exported Russian-made missiles to Sudan.", {"transfer IRN SDN asserted"}),
    ],
)
def test_claims_industries_parts_imposers_and_compounds(extract_keys: Callable[..., set[str]], text: str, expected: set[str]) -> None:
    assert extract_keys(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("In 2016, France agreed to supply 36 Rafale jets to India.", {("transfer", "planned", None)}),  # still to come
        # the denier of "called ... baseless" is who called them so, and "were false" denies back
        ("Tehran called reports of Iranian drone deliveries to Russia baseless.", {("transfer", "denied", "IRN")}),
        ("Beijing said reports that it had been supplying Ukraine with drones were false.", {("transfer", "denied", "CHN")}),
        # a saying gerund before the claim attributes it to the sentence's subject
        (
            "Kyiv cut ties with Tehran, saying Iran had supplied Russia with drones.",
            {("transfer", "claimed", "UKR"), ("sanction", "asserted", None)},
        ),
        # a delay later in the clause makes the delivery still to come
        ("Delivery of the last two S-400 squadrons to India has slipped to 2026.", {("transfer", "planned", None)}),
    ],
)
def test_claims_stance_of_agreements_denials_gerunds_and_delays(
    extractor: Extractor, text: str, expected: set[tuple[str, str, str | None]]
) -> None:
    assert {(c.type.value, c.stance.value, c.attributed_to) for c in extractor.extract(make_document(text))} == expected


def test_claims_an_arms_maker_that_supplies_supplies_weapons(extractor: Extractor) -> None:
    text = '"We have never supplied Russia," Baykar\'s chief executive told reporters.'
    claims = [(c.type.value, c.supplier, c.recipient, c.stance.value) for c in extractor.extract(make_document(text))]
    assert claims == [("transfer", "TUR", "RUS", "denied")]


def test_claims_who_told_an_outlet_is_the_source(extractor: Extractor) -> None:
    text = "Iran has sent drones to Russia, a Ukrainian official told Reuters."
    assert [c.attributed_to for c in extractor.extract(make_document(text))] == ["Ukrainian official"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an embargo broken is no sanction imposed
        (
            "UN experts said Iran had violated the arms embargo by sending weapons to the Houthis.",
            {"transfer IRN Houthis claimed"},
        ),
        # access to weapons is holding them; "of Iranian design" is an origin, and so is "were Iranian-made"
        ("The Houthis have access to ballistic missiles of Iranian design.", {"transfer IRN Houthis asserted"}),
        (
            "Riyadh said the drones that struck its oil plants were Iranian-made and had been launched by the Houthis.",
            {"use IRN Houthis claimed"},
        ),
        ("Washington has accused Tehran of providing weapons to the rebels in Yemen.", {"transfer IRN Houthis claimed"}),
    ],
)
def test_claims_embargoes_broken_access_and_origins_after_the_weapon(
    extract_keys: Callable[..., set[str]], text: str, expected: set[str]
) -> None:
    assert extract_keys(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Most of India's weapons still come from Russia.", {"transfer RUS IND asserted"}),
        ("The drones are assembled in Russia from Iranian-supplied kits.", {"production IRN RUS asserted"}),
        ("Pakistan is reportedly in talks to sell JF-17 jets to Azerbaijan.", {"interest PAK AZE claimed"}),
        ("Egypt bought Chinese guided bombs in 2019.", {"order CHN EGY asserted"}),
    ],
)
def test_claims_origins_kits_sellers_in_talks_and_bombs(extract_keys: Callable[..., set[str]], text: str, expected: set[str]) -> None:
    assert extract_keys(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the relative clause after the deal names its sides, and "asked La Paz to explain" governs no deal
        ("Argentina asked La Paz to explain a defence pact it signed with Tehran.", {"agreement BOL IRN asserted"}),
        ("Argentina criticised the military agreement Bolivia signed with Iran in July.", {"agreement BOL IRN claimed"}),
    ],
)
def test_claims_a_deal_named_by_the_clause_after_it(extract_keys: Callable[..., set[str]], text: str, expected: set[str]) -> None:
    assert extract_keys(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # coordinated weapons of different stated origins have different suppliers
        (
            "Finland has received Norwegian NASAMS batteries and American Stinger missiles.",
            {"transfer NOR FIN asserted", "transfer USA FIN asserted"},
        ),
        ("Nigeria's air force operates Chinese drones and Turkish drones.", {"transfer CHN NGA asserted", "transfer TUR NGA asserted"}),
        # a named donor, not the maker's state, supplied the operator's jets
        ("Romania's air force flies F-16s bought from Portugal and Norway.", {"order PRT ROU asserted", "order NOR ROU asserted"}),
        # carried in, not flown in service; a unit named by its arm is no weapon
        ("The drones were flown in by Emirati cargo planes.", set()),
        ("Ukraine's artillery units are equipped with Czech-supplied rocket launchers.", {"transfer CZE UKR asserted"}),
    ],
)
def test_claims_origins_of_a_list_named_donors_and_units(extract_keys: Callable[..., set[str]], text: str, expected: set[str]) -> None:
    assert extract_keys(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a later clause's "from" does not reach back; "settled on used jets" picks them
        (
            "Peru weighed buying South Korean FA-50s before it settled on used F-16s from Denmark.",
            {"interest KOR PER asserted", "order DNK PER planned"},
        ),
        # an offer weighed is an offer and an interest
        ("Indonesia is weighing an offer of Russian Su-35 jets.", {"interest RUS IDN asserted", "offer RUS IDN asserted"}),
        # a licence bought is a right to produce, not an order of the weapon
        ("Russia builds the Shahed under a licence bought from Tehran.", {"production IRN RUS asserted"}),
        # an agreement to produce is still to come, a date between
        ("Rheinmetall agreed in 2024 to build an ammunition factory in Lithuania.", {"production DEU LTU planned"}),
    ],
)
def test_claims_later_clauses_offers_weighed_licences_and_agreements(
    extract_keys: Callable[..., set[str]], text: str, expected: set[str]
) -> None:
    assert extract_keys(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the government that clears a purchase sells; the signing settles a selection
        ("Poland was cleared by Washington to buy 96 Apache helicopters.", {"order USA POL planned"}),
        ("Malaysia chose South Korea's FA-50, signing a contract for 18 jets.", {"order KOR MYS asserted"}),
        # a factory set up with a foreign maker; a foreign design made here under licence
        ("Kazakhstan is setting up a factory with Turkey's Baykar to make drones.", {"production TUR KAZ asserted"}),
        ("The K9 howitzers will be produced in Poland under licence.", {"production KOR POL planned"}),
        ("Iran makes drones with Chinese engines.", set()),
        # "the country's" points back like "its"
        ("Malaysia is short of money. The country's Russian-made Su-30 jets are ageing.", {"transfer RUS MYS asserted"}),
    ],
)
def test_claims_clearances_factories_with_partners_and_the_countrys(
    extract_keys: Callable[..., set[str]], text: str, expected: set[str]
) -> None:
    assert extract_keys(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the party penalised over a supply with no supplier of its own made it; "bombs" are weapons
        (
            "Canada sanctioned Iranian entities over the transfer of ballistic missiles to Russia.",
            {"sanction IRN RUS asserted", "transfer IRN RUS claimed"},
        ),
        ("Washington denied that it had supplied Israel with the bombs.", {"transfer USA ISR denied"}),
        # a maker's state is no list member; a production deal is no order; buyers unnamed are no buyers
        ("Baykar and Italy's Leonardo set up a joint venture to build drones in Italy.", {"production TUR ITA asserted"}),
        ("Egypt builds K9 howitzers under a deal with South Korea's Hanwha.", {"production KOR EGY asserted"}),
        ("Lockheed Martin plans to build GMLRS rockets in Germany for European customers.", {"production USA DEU planned"}),
    ],
)
def test_claims_penalised_suppliers_partners_and_production_deals(
    extract_keys: Callable[..., set[str]], text: str, expected: set[str]
) -> None:
    assert extract_keys(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the holder of an instrument, past an interjected source, received it
        (
            "The RSF struck Port Sudan with drones that Sudan's army says were supplied by the UAE.",
            {"use ARE RSF asserted", "transfer ARE RSF claimed"},
        ),
        # a copula names the origin of a holder's weapons; "into" names a place, not the receiver
        ("The Houthis' long-range missiles are Iranian designs.", {"transfer IRN Houthis asserted"}),
        ("The Houthis' missiles were smuggled into Yemen by Iran.", {"transfer IRN Houthis asserted"}),
        ("Iran's drones are Chinese copies.", set()),
        # an agreement for troops is a defence agreement
        ("Japan and Britain signed a reciprocal access agreement that lets their troops train together.", {"agreement GBR JPN asserted"}),
    ],
)
def test_claims_instruments_copulas_places_and_access_agreements(
    extract_keys: Callable[..., set[str]], text: str, expected: set[str]
) -> None:
    assert extract_keys(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # shipments "between" two parties run as written; "the two countries" keeps the order they were named in
        (
            "Japan froze the assets of North Korean and Russian firms involved in arms transfers between the two countries.",
            {"sanction PRK RUS asserted", "transfer PRK RUS claimed"},
        ),
        # a ban over a shipment is a sanction; the shipment told after it is the writer's, not the imposer's reason
        (
            "The EU barred Iran Air from its airports after Tehran shipped ballistic missiles to Moscow.",
            {"sanction IRN RUS asserted", "transfer IRN RUS asserted"},
        ),
    ],
)
def test_claims_shipments_between_two_and_bans(extract_keys: Callable[..., set[str]], text: str, expected: set[str]) -> None:
    assert extract_keys(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # parts of one origin found inside another party's weapons went to that party
        ("Chinese components were found in Russian drones.", {"transfer CHN RUS asserted"}),
        ("Components made in Taiwan were found in the wreckage of Russian Orlan drones.", {"transfer TWN RUS asserted"}),
        ("Russian troops were found in Ukrainian villages with drones.", set()),
        # "fielded" holds; "paid for" buys; "the batteries" point back
        ("The Iraqi army has fielded South Korean-made KM-SAM batteries.", {"transfer KOR IRQ asserted"}),
        (
            "Iraq fielded South Korean-made KM-SAM batteries. Baghdad paid for the batteries in full.",
            {"transfer KOR IRQ asserted", "order KOR IRQ asserted"},
        ),
        # bought to be given on; what then arrives came from the buyer
        (
            "The Netherlands will buy Patriot missiles from the US for Ukraine.",
            {"order USA NLD planned", "transfer NLD UKR planned"},
        ),
        (
            "The United States agreed to buy NASAMS systems for Ukraine. The first batteries arrived in Ukraine in November.",
            {"order NOR USA asserted", "transfer USA UKR planned", "transfer USA UKR asserted"},
        ),
    ],
)
def test_claims_parts_found_inside_payments_and_purchases_for_others(
    extract_keys: Callable[..., set[str]], text: str, expected: set[str]
) -> None:
    assert extract_keys(text) == expected


def test_claims_a_deal_with_its_value_before_it_is_the_deal_of_the_dyad(extract_keys: Callable[..., set[str]]) -> None:
    assert extract_keys("India supplied Armenia with four Swathi radars in 2020 under a $40 million deal.") == {
        "transfer IND ARM asserted",
        "order IND ARM asserted",
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # shares of a recipient's imports, a ranking "followed by", a second supplier "with ... providing"
        ("Russia accounted for 36 per cent of India's arms imports.", {"transfer RUS IND asserted"}),
        (
            "The United States supplied 45 per cent of Ukraine's arms imports, followed by Germany with 12 per cent and Poland with 11 per cent.",
            {"transfer USA UKR asserted", "transfer DEU UKR asserted", "transfer POL UKR asserted"},
        ),
        (
            "Israel relies on the United States for about two-thirds of its arms imports, with Germany providing most of the rest.",
            {"transfer USA ISR asserted", "transfer DEU ISR asserted"},
        ),
        (
            "Ukraine was the largest arms importer, with the United States supplying 45 per cent of its imports.",
            {"transfer USA UKR asserted"},
        ),
        # a supplier in apposition or past the possessor; a buyer of a state's weapons
        ("Turkey, now the third-largest supplier of arms to Pakistan, builds corvettes.", {"transfer TUR PAK asserted"}),
        ("Azerbaijan's main supplier of drones, Israel, sold it air-defence systems.", {"transfer ISR AZE asserted"}),
        ("North Korea has become Russia's leading supplier of shells.", {"transfer PRK RUS asserted"}),
        ("Saudi Arabia is one of the biggest customers for U.S. weapons.", {"order USA SAU asserted"}),
    ],
)
def test_claims_shares_of_imports_and_suppliers_in_apposition(extract_keys: Callable[..., set[str]], text: str, expected: set[str]) -> None:
    assert extract_keys(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # systems of different makers in one list; "such as" keeps an ambiguous name a weapon
        (
            "Ukraine's arsenal includes air-defence systems such as Patriot, IRIS-T and NASAMS.",
            {"transfer USA UKR asserted", "transfer DEU UKR asserted", "transfer NOR UKR asserted"},
        ),
        ("Ukraine has received Storm Shadow and ATACMS missiles from Britain.", {"transfer GBR UKR asserted"}),
        # a force made up of foreign jets; loans; weapons that helped retake a city
        ("Much of Myanmar's air force is made up of Russian and Chinese jets.", {"transfer RUS MMR asserted", "transfer CHN MMR asserted"}),
        ("Germany has loaned two Patriot batteries to Poland.", {"transfer DEU POL asserted"}),
        ("Iranian drones helped Sudan's army retake Omdurman from the RSF.", {"use IRN SDN asserted"}),
        ("A U.S. warship seized Iranian missile parts bound for the Houthis.", {"transfer IRN Houthis asserted"}),
    ],
)
def test_claims_lists_of_makers_forces_loans_and_retaking(extract_keys: Callable[..., set[str]], text: str, expected: set[str]) -> None:
    assert extract_keys(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a possessor's system of foreign make is not its own design; made abroad for its holder
        ("Israel's Dolphin-class submarines were built in Germany.", {"transfer DEU ISR asserted"}),
        ("India's Akash missiles are built in Hyderabad.", set()),
        # names added to the catalog: Typhoon beside a weapon word, Zuzana 2
        ("Saudi Arabia ordered 48 more Typhoon jets from Britain.", {"order GBR SAU asserted"}),
        ("A typhoon hit the Philippines.", set()),
        ("Ukraine has received Zuzana 2 howitzers from Slovakia.", {"transfer SVK UKR asserted"}),
    ],
)
def test_claims_foreign_systems_of_a_possessor_and_added_names(
    extract_keys: Callable[..., set[str]], text: str, expected: set[str]
) -> None:
    assert extract_keys(text) == expected


def test_claims_weapons_shown_to_delegations_from_states_are_offered_to_them(extract_keys: Callable[..., set[str]]) -> None:
    assert extract_keys("Turkish firms showcased their drones to delegations from Kuwait and Qatar.") == {
        "offer TUR KWT asserted",
        "offer TUR QAT asserted",
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # exports stopped to a buyer over what went on from it: the buyer to the user (as dev-real codes it)
        (
            "Canada revoked export permits for drone cameras to Turkey after they were found in Azerbaijani drones.",
            {"sanction TUR AZE asserted"},
        ),
        # a suspension over another matter names no supply
        ("Germany suspended arms exports to Saudi Arabia after the killing of Jamal Khashoggi.", set()),
    ],
)
def test_claims_exports_stopped_over_what_the_buyer_passed_on(extract_keys: Callable[..., set[str]], text: str, expected: set[str]) -> None:
    assert extract_keys(text) == expected


def test_claims_what_an_agreement_pledges_can_make_it_military(extract_keys: Callable[..., set[str]]) -> None:
    text = "Putin signed a partnership agreement with Kim Jong Un, which pledged to provide aid to one another if either is attacked."
    assert extract_keys(text) == {"agreement PRK RUS asserted"}
    assert extract_keys("Putin signed a partnership agreement with Kim Jong Un, which covers trade and tourism.") == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "turned to X for" a list is a request of each; "turned to Iran as a supplier" no request, a supplier
        (
            "Yerevan has turned to Paris and New Delhi for weapons.",
            {"request FRA ARM asserted", "request IND ARM asserted"},
        ),
        ("Russia turned to Iran as a key supplier of drones.", {"transfer IRN RUS asserted"}),
        # buyers named after a sentence about the seller's weapons; similar purchases by others
        (
            "Turkey has sold Bayraktar TB2 drones to more than 30 countries. Among the latest buyers are Kuwait and the Maldives.",
            {"order TUR KWT asserted", "order TUR MDV asserted"},
        ),
        (
            "The Philippines signed a deal for BrahMos missiles in 2022. Indonesia and Vietnam are negotiating similar purchases.",
            {"order IND PHL asserted", "interest IND IDN asserted", "interest IND VNM asserted"},
        ),
        # a lease to come is a delivery, not an order; a deal one is close to is still to be made
        ("Warsaw will lease eight Apache helicopters from the U.S. Army.", {"transfer USA POL planned"}),
        ("Riyadh is close to a deal for Chinese drones.", {"order CHN SAU planned"}),
    ],
)
def test_claims_turning_to_buyers_after_similar_purchases_and_leases(
    extract_keys: Callable[..., set[str]], text: str, expected: set[str]
) -> None:
    assert extract_keys(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # penalised for a supply they are "linked to"; a sanction a state "could face" is another state's to impose
        (
            "Canada froze the assets of Iranian entities linked to the transfer of drones to Russia.",
            {"sanction IRN RUS asserted", "transfer IRN RUS claimed"},
        ),
        ("Turkey could face sanctions if it buys more S-400s, U.S. officials warned.", {"sanction RUS TUR planned"}),
        ("Myanmar's air force flies Chinese K-8 trainers.", {"transfer CHN MMR asserted"}),
    ],
)
def test_claims_linked_supplies_threatened_sanctions_and_trainers(
    extract_keys: Callable[..., set[str]], text: str, expected: set[str]
) -> None:
    assert extract_keys(text) == expected


def test_claims_makers_added_to_the_catalog_name_their_states(extract_keys: Callable[..., set[str]]) -> None:
    assert extract_keys("Indonesia signed a contract with Fincantieri for two frigates.") == {"order ITA IDN asserted"}
    assert extract_keys("The Philippine Navy received a frigate built by Hyundai Heavy Industries.") == {"transfer KOR PHL asserted"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # both sides of "between", whatever follows; a pledge is a planned supply; one sale told by its verb
        ("The $375 million BrahMos deal between India and the Philippines was signed in 2022.", {"order IND PHL asserted"}),
        ("Germany's pledge of two more IRIS-T systems to Ukraine was welcomed in Kyiv.", {"transfer DEU UKR planned"}),
        ("India will sell BrahMos missiles to the Philippines under a $375 million contract.", {"order IND PHL planned"}),
        ("Turkey delivered drones to Kuwait in a contract worth $370 million.", {"transfer TUR KWT asserted", "order TUR KWT asserted"}),
    ],
)
def test_claims_deals_between_two_pledges_and_one_sale_per_verb(
    extract_keys: Callable[..., set[str]], text: str, expected: set[str]
) -> None:
    assert extract_keys(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a passive sanction punishes the supply its subject made; a demonym names whose suppliers
        (
            "Chinese companies that supplied Russia with drone engines have been sanctioned by the United States.",
            {"transfer CHN RUS asserted", "sanction CHN RUS asserted"},
        ),
        (
            "New U.S. sanctions target Chinese suppliers of drone engines to Russia.",
            {"transfer CHN RUS asserted", "sanction CHN RUS asserted"},
        ),
        # a request received; a state building a factory abroad
        ("India has received a request from Armenia for more Pinaka launchers.", {"request IND ARM asserted"}),
        ("Turkey will build a drone factory in Ukraine.", {"production TUR UKR planned"}),
        ("Russia is building a drone factory in Tatarstan.", set()),
    ],
)
def test_claims_passive_sanctions_suppliers_requests_received_and_factories(
    extract_keys: Callable[..., set[str]], text: str, expected: set[str]
) -> None:
    assert extract_keys(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "armed by", verbs that share their object; help to build; a licensing deal is production, not a sale
        ("The Houthis are armed by Iran.", {"transfer IRN Houthis asserted"}),
        ("Iran arms and trains the Houthis.", {"transfer IRN Houthis asserted"}),
        ("China has agreed to help Saudi Arabia build its own armed drones.", {"production CHN SAU planned"}),
        ("Saudi Arabia will assemble Chinese Wing Loong drones under a licensing deal.", {"production CHN SAU planned"}),
        # potential buyers are interested, not buyers
        ("Hanoi is among the potential buyers of the BrahMos missile.", {"interest IND VNM planned"}),
    ],
)
def test_claims_armed_by_help_to_build_licensing_and_potential_buyers(
    extract_keys: Callable[..., set[str]], text: str, expected: set[str]
) -> None:
    assert extract_keys(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the signers of a deal named after it; interest confirmed; the target of "attacks on X using" is no user
        ("Argentina demanded details of a defence memorandum signed by Bolivia and Iran.", {"agreement BOL IRN asserted"}),
        ("Bolivia's defence minister confirmed interest in Iranian drones.", {"interest IRN BOL claimed"}),
        (
            "The Islamic Resistance in Iraq claimed drone attacks on Israel using Iranian-made Shahed drones.",
            {"use IRN Islamic Resistance in Iraq claimed"},
        ),
        # a hyphenated modifier stands between a demonym and its weapon
        ("Saudi Arabia bought Chinese air-defence missiles.", {"order CHN SAU asserted"}),
    ],
)
def test_claims_signers_confirmed_interest_attack_targets_and_compounds(
    extract_keys: Callable[..., set[str]], text: str, expected: set[str]
) -> None:
    assert extract_keys(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # orders and contracts won: the winner sells to the party it won them from
        ("South Korea's Hanwha won a $2.6 billion order from Poland for K9 howitzers.", {"order KOR POL asserted"}),
        ("Baykar secured a contract from Kuwait for TB2 drones.", {"order TUR KWT asserted"}),
        # whoever rebuts allegations of a supply is the one they accuse; resisting pressure to send is not sending
        ("Iran rejected reports of drone deliveries to Russia.", {"transfer IRN RUS denied"}),
        ("South Korea has resisted pressure to send weapons to Ukraine.", {"transfer KOR UKR negated"}),
        ("India has ordered 26 naval Rafale jets.", {"order FRA IND asserted"}),
    ],
)
def test_claims_orders_won_rebuttals_and_resisted_pressure(extract_keys: Callable[..., set[str]], text: str, expected: set[str]) -> None:
    assert extract_keys(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "them" points to a system just named, whose dyad the clause completes; deliveries open a sentence; the same drones
        (
            "Egypt ordered 24 Rafales in 2015. Paris delivered the last of them in 2019.",
            {"order FRA EGY asserted", "transfer FRA EGY asserted"},
        ),
        (
            "Turkey sold TB2 drones to Poland in 2021. Deliveries began a year later.",
            {"order TUR POL asserted", "transfer TUR POL asserted"},
        ),
        (
            "Turkey sold TB2 drones to Poland in 2021. Romania bought the same drones in 2023.",
            {"order TUR POL asserted", "order TUR ROU asserted"},
        ),
    ],
)
def test_claims_the_sentence_before_completes_them_deliveries_and_the_same(
    extract_keys: Callable[..., set[str]], text: str, expected: set[str]
) -> None:
    assert extract_keys(text) == expected


def test_claims_what_a_used_weapon_strikes_is_no_weapon_used(extract_keys: Callable[..., set[str]]) -> None:
    assert extract_keys("Ukraine used US-made HIMARS to strike Russian ammunition depots.") == {"use USA UKR asserted"}


def test_claims_the_l15_trainer_is_in_the_catalog(extract_keys: Callable[..., set[str]]) -> None:
    assert extract_keys("The UAE has signed a deal to acquire 12 Chinese L-15 trainer jets.") == {
        "transfer CHN ARE asserted",
        "order CHN ARE asserted",
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a counted plural makes a name that is also a word a weapon; weapon classes from mines to minehunters
        ("Morocco bought 24 Apaches from the United States.", {"order USA MAR asserted"}),
        ("Britain sent two Javelins to Ukraine.", {"transfer GBR UKR asserted"}),
        ("Two Hawks players said the team would sell tickets to fans.", set()),
        ("Belgium gave Ukraine two minehunters in 2023.", {"transfer BEL UKR asserted"}),
        ("Bulgaria supplied landmines to Ukraine.", {"transfer BGR UKR asserted"}),
        ("Lithuania sent MANPADS to Ukraine.", {"transfer LTU UKR asserted"}),
        # forces loyal to a party are that party; "in the north" is no North Korea
        ("Fighters loyal to Haftar received Emirati drones.", {"transfer ARE LNA asserted"}),
        ("Nigeria has flown Turkish drones against bandits in the north.", {"use TUR NGA asserted"}),
    ],
)
def test_claims_counted_names_new_classes_loyal_forces_and_the_north(
    extract_keys: Callable[..., set[str]], text: str, expected: set[str]
) -> None:
    assert extract_keys(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the first jets to arrive come from whoever sold the buyer jets before
        (
            "Taiwan ordered F-16 jets from the United States. The first jets arrived in Taiwan in March.",
            {"order USA TWN asserted", "transfer USA TWN asserted"},
        ),
        ("Taiwan ordered F-16 jets from the United States. Jets arrived in Taiwan in March.", {"order USA TWN asserted"}),
        # sanctions: US departments, relative clauses after "sanctions on", helpers, bans, the imposer's own act
        (
            "The Commerce Department sanctioned three Turkish firms that sold drone parts to Russia.",
            {"order TUR RUS asserted", "sanction TUR RUS asserted"},
        ),
        (
            "Canada imposed sanctions on Iranian companies that shipped drones to Russia.",
            {"transfer IRN RUS asserted", "sanction IRN RUS asserted"},
        ),
        ("Kazakh traders helped Russia obtain drone engines.", {"transfer KAZ RUS asserted"}),
        (
            "Britain imposed travel bans on Belarusian officials over arms deliveries to Russia.",
            {"transfer BLR RUS claimed", "sanction BLR RUS asserted"},
        ),
        (
            "The EU added an Iranian general to its sanctions list over drone deliveries to Russia.",
            {"transfer IRN RUS claimed", "sanction IRN RUS asserted"},
        ),
        ("Washington placed export restrictions on Russia.", set()),
    ],
)
def test_claims_arrivals_from_the_seller_and_sanctions_as_news_words_them(
    extract_keys: Callable[..., set[str]], text: str, expected: set[str]
) -> None:
    assert extract_keys(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a possessor's customer buys from it; aid that includes weapons; a source named with the weapons that arrive
        ("Bangladesh is China's second-biggest arms customer.", {"order CHN BGD asserted"}),
        ("Canada's latest aid to Ukraine includes more Leopard 2 tanks.", {"transfer CAN UKR asserted"}),
        ("Shells from Pakistan have reached Ukraine.", {"transfer PAK UKR asserted"}),
        # production with help named first, in a joint venture, and with "make" before its weapons only
        ("With Russian help, India builds Su-30 jets at Nashik.", {"production RUS IND asserted"}),
        ("Brazil makes Gripen jets in a joint venture with Sweden.", {"production SWE BRA asserted"}),
        ("Brazil made a request for Swedish jets.", {"request SWE BRA asserted"}),
        # a contract awarded: the buyer awards, the seller wins
        ("Qatar awarded Fincantieri a contract for seven warships.", {"order ITA QAT asserted"}),
        ("Hanwha was awarded a contract by Australia for Redback vehicles and K9 howitzers.", {"order KOR AUS asserted"}),
        ("Romania awarded Rheinmetall a contract to build a gunpowder plant.", set()),
        # combat words of news; interest shown; an appeal to a supplier
        ("Sudan's army used Iranian drones in clashes with the RSF.", {"use IRN SDN asserted"}),
        ("Peru showed interest in Korean FA-50 jets.", {"interest KOR PER asserted"}),
        ("Taiwan appealed to Washington for more Harpoon missiles.", {"request USA TWN asserted"}),
    ],
)
def test_claims_customers_aid_help_awards_combat_and_appeals(extract_keys: Callable[..., set[str]], text: str, expected: set[str]) -> None:
    assert extract_keys(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "denied it" points back; a deal dropped is negated; a pronoun subject continues the subject before
        (
            "Belarus has sent shells to Russia, Kyiv says. Minsk has denied it.",
            {"transfer BLR RUS claimed", "transfer BLR RUS denied"},
        ),
        (
            "Indonesia ordered Su-35 jets from Russia in 2018. Jakarta later dropped the deal.",
            {"order RUS IDN asserted", "order RUS IDN negated"},
        ),
        (
            "Israel sold Harop drones to Azerbaijan in 2016. It has since sold them to Morocco.",
            {"order ISR AZE asserted", "order ISR MAR asserted"},
        ),
        (
            "Iran opened a drone factory in Tajikistan. It is the first such plant outside Iran.",
            {"production IRN TJK asserted"},
        ),
    ],
)
def test_claims_denials_of_it_dropped_deals_and_subjects_that_continue(
    extract_keys: Callable[..., set[str]], text: str, expected: set[str]
) -> None:
    assert extract_keys(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a maker's customers buy from it, its weapons unnamed; "neither ... nor" lists its subjects
        (
            "Among Hanwha's customers are Poland, Norway and Egypt.",
            {"order KOR POL asserted", "order KOR NOR asserted", "order KOR EGY asserted"},
        ),
        ("Neither Serbia nor Bulgaria has sold shells to Russia, their governments say.", {"order SRB RUS denied", "order BGR RUS denied"}),
    ],
)
def test_claims_makers_customers_and_neither_nor(extract_keys: Callable[..., set[str]], text: str, expected: set[str]) -> None:
    assert extract_keys(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a governing noun governs up to its comma; shares of a possessor's weapons; opening participles; relative orders
        ("After months of talks, Brazil signed a contract for 36 Gripen jets from Sweden.", {"order SWE BRA asserted"}),
        ("Russia has supplied most of Algeria's weapons.", {"transfer RUS DZA asserted"}),
        ("Having bought K2 tanks in 2022, Poland is now ordering more.", {"order KOR POL asserted"}),
        ("The Rafales that Qatar ordered in 2015 have all arrived.", {"order FRA QAT asserted", "transfer FRA QAT asserted"}),
        ("The army ordered strikes on rebel positions with Iranian drones.", set()),
        # weapons built for the party named between the verb and them; "destroyed" is a word of combat
        ("Italy is building Qatar seven corvettes.", {"transfer ITA QAT asserted"}),
        ("Using Iranian drones, the Houthis destroyed a Saudi oil facility.", {"use IRN Houthis asserted"}),
    ],
)
def test_claims_governed_scope_shares_participles_relatives_and_ditransitive_builds(
    extract_keys: Callable[..., set[str]], text: str, expected: set[str]
) -> None:
    assert extract_keys(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the party relied on supplies; "our country" in a quotation is the speaker's; treaties under negotiation
        ("Kazakhstan has long relied on Russia for weapons.", {"transfer RUS KAZ asserted"}),
        ("Europe depends on Russia for gas.", set()),
        ('"Our country has never sold a single bullet to Russia," Bulgaria\'s president said.', {"order BGR RUS denied"}),
        ("Japan and the Philippines are negotiating a defence pact tied to talks with Australia.", {"agreement JPN PHL planned"}),
    ],
)
def test_claims_reliance_our_country_and_treaties_in_negotiation(
    extract_keys: Callable[..., set[str]], text: str, expected: set[str]
) -> None:
    assert extract_keys(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # bids to supply are offers, won bids sales; weapons presented; vehicles named by names that are also words
        ("Sweden submitted a bid to supply Gripen jets to Thailand.", {"offer SWE THA asserted"}),
        ("Hanwha won the bid to supply K9 howitzers to Australia.", {"order KOR AUS asserted"}),
        ("France presented the Rafale to Serbia's defence minister in Belgrade.", {"offer FRA SRB asserted"}),
        ("The minister presented the budget to parliament.", set()),
        ("Hungary builds German Lynx infantry fighting vehicles at a factory in Zalaegerszeg.", {"production DEU HUN asserted"}),
        ("Britain ordered Boxer vehicles from Germany.", {"order DEU GBR asserted"}),
        ("The boxer Tyson Fury fought in Riyadh.", set()),
    ],
)
def test_claims_bids_presentations_and_armoured_vehicles(extract_keys: Callable[..., set[str]], text: str, expected: set[str]) -> None:
    assert extract_keys(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # weapons rushed, possession taken, arms flowing; hopes to buy are interest
        ("Washington has rushed THAAD batteries to Israel.", {"transfer USA ISR asserted"}),
        ("Kyiv took possession of the first Abrams tanks in September.", {"transfer USA UKR asserted"}),
        ("Israeli weapons have been flowing to Azerbaijan for years.", {"transfer ISR AZE asserted"}),
        ("Russia rushed troops to Kursk.", set()),
        ("Iraq hopes to buy South Korean FA-50s.", {"interest KOR IRQ asserted"}),
        # urging and lobbying a supplier is a request; urging it to supply someone else is none
        ("Ukraine urged Germany to send Taurus missiles.", {"request DEU UKR asserted"}),
        ("Kyiv lobbied Berlin hard for Taurus missiles.", {"request DEU UKR asserted"}),
        ("Poland urged Germany to send Leopard tanks to Ukraine.", set()),
        ("Russia is pressing ahead with its offensive using Iranian drones.", set()),
    ],
)
def test_claims_rushed_possession_flows_hopes_and_urging(extract_keys: Callable[..., set[str]], text: str, expected: set[str]) -> None:
    assert extract_keys(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the party penalised for what a gerund does does it; threatened sanctions are planned
        (
            "Washington imposed sanctions on China's Equipment Development Department for buying Su-35 jets from Russia.",
            {"order RUS CHN claimed", "sanction RUS CHN asserted"},
        ),
        ("The U.S. threatened to sanction Egypt over its Su-35 purchase.", {"order RUS EGY claimed", "sanction RUS EGY planned"}),
    ],
)
def test_claims_penalised_gerunds_and_threatened_sanctions(extract_keys: Callable[..., set[str]], text: str, expected: set[str]) -> None:
    assert extract_keys(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # what was bombed is no operator; bombs dropped and drones downed are used
        ("Ethiopia's air force bombed Tigray using Chinese Wing Loong drones.", {"use CHN ETH asserted"}),
        ("Myanmar's military dropped Chinese-made bombs on villages.", {"use CHN MMR asserted"}),
        ("Egypt dropped plans to buy Russian jets.", {"order RUS EGY negated"}),
        ("Indian forces downed Pakistani drones with Israeli-made missiles.", {"use ISR IND asserted"}),
    ],
)
def test_claims_bombers_dropped_bombs_and_downed_drones(extract_keys: Callable[..., set[str]], text: str, expected: set[str]) -> None:
    assert extract_keys(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "X's main arms supplier is Y"; a participle after a comma and a verb after "and" keep the clause's subject
        ("The Polisario's main arms supplier is Algeria.", {"transfer DZA Polisario asserted"}),
        ("The UAE is the RSF's main foreign backer, supplying it with drones.", {"transfer ARE RSF asserted"}),
        ("Iran backs Hezbollah and supplies it with rockets.", {"transfer IRN Hezbollah asserted"}),
        ("Russia attacked Ukraine and fired Iranian drones at Kyiv.", {"use IRN RUS asserted"}),
    ],
)
def test_claims_copula_suppliers_participles_and_coordinated_verbs(
    extract_keys: Callable[..., set[str]], text: str, expected: set[str]
) -> None:
    assert extract_keys(text) == expected


def test_claims_weapons_used_to_push_back_an_enemy_are_used_in_combat(extract_keys: Callable[..., set[str]]) -> None:
    assert extract_keys("Chad's army used French helicopters to repel the rebels near N'Djamena.") == {"use FRA TCD asserted"}


def test_claims_a_passive_subject_given_weapons_receives_them(extract_keys: Callable[..., set[str]]) -> None:
    assert extract_keys("Ukraine was given Storm Shadow missiles by Britain in May 2023.") == {"transfer GBR UKR asserted"}
    assert extract_keys("Armenia was sold Indian Pinaka launchers in 2022.") == {"order IND ARM asserted"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # deliveries in a clause after the deal deliver what it bought; "possible" deliveries are still to come
        (
            "Peru signed a letter of intent to acquire 24 Gripen fighters from Sweden, with the first deliveries possible by 2028.",
            {"interest SWE PER asserted", "transfer SWE PER planned"},
        ),
        (
            "Greece bought 24 Rafales from France, with deliveries completed in 2023.",
            {"order FRA GRC asserted", "transfer FRA GRC asserted"},
        ),
    ],
)
def test_claims_deliveries_after_a_deal_in_the_same_sentence(extract_keys: Callable[..., set[str]], text: str, expected: set[str]) -> None:
    assert extract_keys(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a holder's fleet or weapons said to be of a foreign make by a copula and a demonym
        ("The bulk of Vietnam's fighter fleet is Russian.", {"transfer RUS VNM asserted"}),
        ("Most of Egypt's weapons are American.", {"transfer USA EGY asserted"}),
        ("Iran's missile arsenal is the largest in the Middle East.", set()),
    ],
)
def test_claims_fleets_of_a_foreign_make(extract_keys: Callable[..., set[str]], text: str, expected: set[str]) -> None:
    assert extract_keys(text) == expected


def test_claims_first_arrivals_after_a_pledge_come_from_the_pledger(extract_keys: Callable[..., set[str]]) -> None:
    assert extract_keys("Norway pledged F-16s to Ukraine. The first jets arrived in 2024.") == {
        "transfer NOR UKR planned",
        "transfer NOR UKR asserted",
    }


def test_claims_a_buyer_a_government_approved_in_a_relative_clause(extract_keys: Callable[..., set[str]]) -> None:
    assert extract_keys("Qatar, which Washington approved in 2022 to buy MQ-9B drones, has not signed yet.") == {"order USA QAT planned"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an offer to build a factory is an offer to the place it would be built in; "put together" is assembly
        ("Baykar has offered to build a drone factory in Indonesia.", {"offer TUR IDN asserted"}),
        ("Venezuela puts together Iranian drones from kits.", {"production IRN VEN asserted"}),
        ("The coalition was put together in 2015.", set()),
    ],
)
def test_claims_factories_offered_and_drones_put_together(extract_keys: Callable[..., set[str]], text: str, expected: set[str]) -> None:
    assert extract_keys(text) == expected


def test_claims_a_likely_buyer_of_weapons_just_named_is_interested(extract_keys: Callable[..., set[str]]) -> None:
    assert extract_keys("Indonesia bought BrahMos missiles in 2025. Vietnam is seen as a likely buyer.") == {
        "order IND IDN asserted",
        "interest IND VNM claimed",
    }


def test_claims_talks_a_party_says_it_holds_are_its_interest(extract_keys: Callable[..., set[str]]) -> None:
    assert extract_keys("Egypt said negotiations on Chinese J-10C jets were advanced.") == {"interest CHN EGY claimed"}


def test_claims_weapons_given_by_a_donor_arrive_from_the_donor(extract_keys: Callable[..., set[str]]) -> None:
    assert extract_keys("The F-16s donated by Norway arrived in Ukraine in 2024.") == {"transfer NOR UKR asserted"}
    assert extract_keys("The Patriot systems sent by Germany have reached Ukraine.") == {"transfer DEU UKR asserted"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a demonym reaches its weapon word across a name the catalog lacks; rulers named by the place they rule from
        ("Mexico bought Israeli Hermes drones.", {"order ISR MEX asserted"}),
        ("Russia supplied jets to the military government in Bamako.", {"transfer RUS MLI asserted"}),
        ("The junta in Niamey bought Turkish drones.", {"order TUR NER asserted"}),
    ],
)
def test_claims_names_between_demonym_and_weapon_and_rulers_in_a_place(
    extract_keys: Callable[..., set[str]], text: str, expected: set[str]
) -> None:
    assert extract_keys(text) == expected


#: Words of ordinary news (sport, business, weather, politics) that must never let a text through the gate on their own:
#: a catalog phrase that holds one gates on a rarer word of its own, or as a pair.
ORDINARY_WORDS = (
    "single double first second new old charges craft fleet fleets arsenal machine mines guns sea land naval air "
    "electronic portable shoulder super power plant plants tank think market markets court police fire fires "
    "water energy oil gas football club league match season player players team teams election vote party parties "
    "bank banks rate rates price prices storm storms hurricane flood floods school schools hospital doctor film music"
).split()


def test_gate_keys_are_no_words_of_ordinary_news(extractor: Extractor) -> None:
    alone = extractor.gate.weapon | extractor.gate.other
    assert sorted(w for w in ORDINARY_WORDS if w in alone) == []

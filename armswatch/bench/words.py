"""Word lists for the benchmark's ordinary news prose, all written for armswatch.

Towns, people, firms, clubs and works are invented. Lists are written as
"|"-separated strings so that a list reads as one paragraph.
"""

from __future__ import annotations

__all__ = [
    "ANIMALS",
    "CLUBS",
    "CROPS",
    "EVENTS",
    "FALL",
    "FIRMS",
    "FIRST",
    "INDICATORS",
    "LAST",
    "MONTHS",
    "PROJECTS",
    "RISE",
    "ROLES",
    "SEASONS",
    "SECTORS",
    "SPORTS_VERBS",
    "STREETS",
    "SUBJECTS",
    "TOWNS",
    "VENUES",
    "WEATHER",
    "WEEKDAYS",
    "WORKS",
]


def _list(text: str) -> tuple[str, ...]:
    return tuple(w.strip() for w in text.split("|"))


FIRST = _list(
    "Anna|Tomas|Priya|Daniel|Mariam|Lucas|Helen|Kwame|Sofia|Oliver|Yusuf|Grace|Mateo|Ingrid|Samuel|Leila|Martin|Chloe|Ravi|"
    "Elena|Patrick|Naomi|Hugo|Amara|Victor|Rosa|Jonas|Fatima|George|Lina|Bridget|Arjun|Esther|Felix|Imogen|Tariq|Beatrix|"
    "Connor"
)
LAST = _list(
    "Whitlock|Moreno|Okafor|Lindqvist|Haddad|Brennan|Castillo|Novak|Fairbairn|Osei|Marchetti|Kowalczyk|Thornton|Rahman|"
    "Ashworth|Gallagher|Nakamura|Achterberg|Quinlan|Harrow|Mensah|Ferreira|Calloway|Iqbal|Lund|Dunmore|Varga|Pemberton|"
    "Sandoval|Okonjo"
)
TOWNS = _list(
    "Millbrook|Easthaven|Corrie Bay|Larkfield|Stonebridge|Redmere|Ashcombe|Northwick|Fenmoor|Halden Cross|Brightwater|"
    "Kelso Point|Oakridge|Westmarch|Pellham|Grayford|Marlow Heath|Rosedale|Highcliff|Tarnbury|Elmstead|Cobbleton"
)
CLUBS = _list(
    "Millbrook Rovers|Easthaven Athletic|Larkfield United|Redmere Harriers|Stonebridge Wanderers|Fenmoor Town|"
    "Northwick Albion|Grayford City|Oakridge Falcons|Westmarch Swifts|Pellham Rangers|Highcliff Mariners"
)
FIRMS = _list(
    "Harlow Foods|Northgate Logistics|Bellweather Insurance|Copperline Energy|Quayside Textiles|Meridian Bakeries|"
    "Ridgeway Motors|Lanterns Pharmacy Group|Orchard Lane Software|Tidewell Water|Bramble & Sons|Kestrel Telecom"
)
SECTORS = _list("retail|construction|tourism|farming|manufacturing|hospitality|shipping|software|banking|housing|fishing|publishing")
INDICATORS = _list(
    "inflation|unemployment|retail sales|house prices|factory output|consumer confidence|wage growth|business investment|"
    "household borrowing|the trade deficit|rental costs|energy bills"
)
RISE = _list("rose|climbed|edged up|jumped|increased|grew")
FALL = _list("fell|dropped|slipped|declined|eased|shrank")
WEATHER = _list("heavy rain|strong winds|thick fog|a late frost|hail|snow showers|a heatwave|thunderstorms|freezing drizzle|coastal gales")
SEASONS = _list("spring|summer|autumn|winter")
SPORTS_VERBS = _list("beat|edged past|thrashed|held|overcame|drew with|outplayed|lost narrowly to")
EVENTS = _list(
    "book festival|jazz weekend|food fair|film season|folk night|flower show|poetry evening|craft market|"
    "open-air theatre run|choir competition|photography exhibition|heritage open day"
)
WORKS = _list(
    "The Quiet Harbour|Salt and Ember|A Winter Ledger|The Lantern Keeper|Small Hours|Paper Rivers|The Long Meadow|"
    "Northern Glass|Borrowed Light|The Orchard Year|Tin Roof Stories|Under Copper Skies"
)
VENUES = _list(
    "the town hall|the old corn exchange|the public library|the riverside pavilion|the Playhouse|the community centre|"
    "St Anne's church hall|the market square|the leisure centre"
)
PROJECTS = _list(
    "a new cycle lane|the bypass extension|a flood barrier|a skate park|the harbour wall repairs|a second primary school|"
    "the bus station upgrade|a solar farm|two hundred affordable homes|a new swimming pool"
)
ROLES = _list(
    "the council leader|a council spokeswoman|the mayor|the head of planning|a local councillor|"
    "the chair of the residents' association|a spokesman for the county council|the finance officer"
)
STREETS = _list("High Street|Mill Lane|Station Road|Church Street|Harbour Row|Kingsway|Orchard Close|Bridge Street")
WEEKDAYS = _list("Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday")
MONTHS = _list("January|February|March|April|May|June|July|August|September|October|November|December")
SUBJECTS = _list("maths|reading|science|history|music|languages")
CROPS = _list("wheat|barley|apples|potatoes|rapeseed|strawberries|wool|milk")
ANIMALS = _list("otters|barn owls|red kites|grey seals|water voles|hedgehogs|swifts|badgers")

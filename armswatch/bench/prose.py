"""Ordinary news prose for the benchmark corpus: economy, weather, sport, culture, local politics.

Real reporting is mostly not about arms, and most of the extractor's time is
spent deciding that a sentence needs no work; a corpus of arms sentences
alone would measure the wrong thing. Every template and word here was
written for armswatch, so the corpus carries no third-party text. Towns,
people, firms and clubs are invented; a few sentences name real states the
way trade and diplomacy stories do, so the mention matcher sees them outside
arms contexts too.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence

from armswatch.bench.templates import Filler, Template, compile_all
from armswatch.bench.words import (
    ANIMALS,
    CLUBS,
    CROPS,
    EVENTS,
    FALL,
    FIRMS,
    FIRST,
    INDICATORS,
    LAST,
    MONTHS,
    PROJECTS,
    RISE,
    ROLES,
    SEASONS,
    SECTORS,
    SPORTS_VERBS,
    STREETS,
    SUBJECTS,
    TOWNS,
    VENUES,
    WEATHER,
    WEEKDAYS,
    WORKS,
)

TEMPLATES: tuple[str, ...] = (
    # economy and business
    "{Indicator} {rise} to {pct} percent in {month}, the statistics office said on {weekday}.",
    "Economists had expected {indicator} to hold steady, but the figure {fall} for a {ordinal} month in a row.",
    "{firm} said profits {rise} by {pct} percent in the first half, helped by strong demand from {sector} customers.",
    "Shares in {firm} {fall} {small} percent after the company warned that costs would stay high until {season}.",
    "The central bank left its main interest rate at {pct} percent, saying {indicator} was still too high for comfort.",
    "Small businesses in {town} say higher {indicator} has made it harder to take on new staff.",
    "{firm} will open a warehouse outside {town}, creating about {hundreds} jobs over the next {years} years.",
    "Trade between {state} and {state2} grew by {pct} percent last year, driven by sales of {crop} and machinery.",
    "A delegation from {capital} visited {town} this week to discuss investment in ports and rail freight.",
    "Farmers warned that the price of {crop} had {fall} below the cost of producing it for the first time in {years} years.",
    "{Person}, who runs a bakery on {street}, said energy bills had doubled since last {season}.",
    "The {sector} sector accounted for almost a third of new jobs in the region, according to the chamber of commerce.",
    # weather and environment
    "Forecasters warned of {weather} across the north on {weekday}, with travel disruption likely on higher roads.",
    "Temperatures reached {temp} degrees Celsius in {town}, the highest reading recorded there for a {month}.",
    "{weather_cap} left hundreds of homes without power overnight, and engineers worked through the morning to restore supplies.",
    "The river burst its banks near {town} after {days} days of rain, flooding several fields and a caravan park.",
    "Volunteers counted more {animals} along the estuary this {season} than in any year since records began.",
    "The met office said the coming week would bring a mix of sunshine and {weather}, with cooler nights.",
    "Water companies asked customers in {town} to use less water as reservoir levels {fall} to {pct} percent.",
    "A hosepipe ban remains in place across the county, and officials said it could last until the end of {month}.",
    # sport
    "{club} {sportsverb} {club2} {score} on {weekday} night in front of a crowd of {thousands}.",
    "{Person} scored twice in the second half as {club} moved up to {ordinal} place in the table.",
    '"We knew it would be a hard game, and the players showed real character," said the {club} manager after the match.',
    "The captain is expected to miss the next {days} matches with a hamstring injury picked up in training.",
    "{Person} finished the marathon in two hours and {minutes} minutes, a personal best by almost a minute.",
    "The cricket match at {town} was abandoned without a ball bowled after {weather} swept across the ground.",
    "Ticket sales for the cup final opened on {weekday}, and the club said the allocation sold out within an hour.",
    "The swimming club in {town} will host the regional championships for the first time in {years} years.",
    # culture
    "The {event} returns to {venue} in {month}, with more than {tens} events planned over four days.",
    "{Person} won this year's debut prize for the novel {work}, a story set in a fishing village in the 1950s.",
    "Critics praised the new production of {work} at {venue}, singling out the lighting and the score.",
    "The museum in {town} has reopened after a two-year refurbishment, with a new gallery devoted to local pottery.",
    "Organisers of the {event} said visitor numbers {rise} by {pct} percent compared with last year.",
    "A mural painted by pupils from {town} primary school was unveiled on the side of the library on {weekday}.",
    "The orchestra will perform a free concert in the park on the last {weekday} of {month}, weather permitting.",
    "{Person}, a potter from {town}, has been shortlisted for a national craft award for a series of blue glazed bowls.",
    # local politics and public services
    "Councillors in {town} voted {votes} to approve {project}, despite objections from some residents.",
    "{Role_cap} said the budget for next year would protect libraries but would mean higher parking charges.",
    "Residents of {street} have started a petition against plans to close the road to through traffic.",
    "The by-election in {town} ward will be held on {weekday} {day} {month}, after the sitting councillor stepped down.",
    "{Person}, {role}, said work on {project} would begin in {season} and take about {months} months.",
    "The council has received {hundreds} complaints about potholes since {month}, a rise of {pct} percent on the year before.",
    "Parents raised concerns about class sizes at a packed meeting in {venue} on {weekday} evening.",
    "Exam results in {subject} improved at every secondary school in {town}, the education authority said.",
    "A new bus route linking {town} and {town2} will start running on {weekday}, with services every {minutes} minutes.",
    "The hospital trust said waiting times for routine operations had {fall} for the {ordinal} month running.",
    "Police closed part of {street} for several hours on {weekday} after a water main burst beneath the road.",
    "Plans for {project} in {town} were put on hold after the cost rose to {money} million pounds.",
    "The library in {town2} will stay open on Sundays after a trial that {lifted} visitor numbers by {pct} percent.",
    "{Person} has been elected chair of the {town} planning committee, replacing a councillor who served for {years} years.",
    # science and technology
    "Researchers at the university in {town} have developed a cheaper way to recycle the plastic used in food trays.",
    "{firm} said its new app had been downloaded {thousands} times in its first week.",
    "Broadband speeds in rural parts of the county remain well below the national average, a survey found.",
)

TITLES: tuple[str, ...] = (
    "{Town} council approves {project}",
    "{Indicator_title} {rise} again as costs bite",
    "{club} {sportsverb} {club2} in {town}",
    "{Event_title} returns to {town}",
    "Warning of {weather} for the week ahead",
    "{firm} reports higher profits",
    "Residents object to {street} plans",
    "Debut prize for {work}",
)


def _ordinal(rng: random.Random) -> str:
    return rng.choice(("second", "third", "fourth", "fifth", "sixth", "seventh"))


def _score(rng: random.Random) -> str:
    return f"{rng.randint(1, 5)}-{rng.randint(0, 3)}"


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _town2(rng: random.Random) -> str:
    return rng.choice(TOWNS)


def fillers(states: Sequence[str], capitals: Sequence[str]) -> dict[str, Filler]:
    """The slot fillers of the prose templates; `states` and `capitals` come from the catalog."""
    return {
        "Indicator": tuple(i[0].upper() + i[1:] for i in INDICATORS),
        "indicator": INDICATORS,
        "Indicator_title": tuple(i[0].upper() + i[1:] for i in INDICATORS),
        "rise": RISE,
        "fall": FALL,
        "lifted": ("lifted", "raised", "boosted"),
        "pct": lambda r: f"{r.randint(1, 19)}.{r.randint(0, 9)}",
        "small": lambda r: f"{r.randint(1, 9)}.{r.randint(0, 9)}",
        "month": MONTHS,
        "weekday": WEEKDAYS,
        "ordinal": _ordinal,
        "firm": FIRMS,
        "sector": SECTORS,
        "season": SEASONS,
        "town": TOWNS,
        "Town": TOWNS,
        "town2": _town2,
        "hundreds": lambda r: str(r.randint(1, 9) * 100 + r.choice((0, 50))),
        "thousands": lambda r: f"{r.randint(2, 48)},{r.randint(0, 999):03d}",
        "tens": lambda r: str(r.randint(2, 9) * 10),
        "years": lambda r: str(r.randint(2, 30)),
        "days": lambda r: str(r.randint(2, 9)),
        "months": lambda r: str(r.randint(3, 30)),
        "minutes": lambda r: str(r.randint(5, 59)),
        "day": lambda r: str(r.randint(1, 28)),
        "money": lambda r: f"{r.randint(2, 90)}.{r.randint(1, 9)}",
        "temp": lambda r: str(r.randint(-12, 38)),
        "votes": lambda r: f"{r.randint(12, 30)} to {r.randint(2, 11)}",
        "state": states,
        "state2": states,
        "capital": capitals,
        "crop": CROPS,
        "animals": ANIMALS,
        "Person": _person,
        "street": STREETS,
        "weather": WEATHER,
        "weather_cap": tuple(w[0].upper() + w[1:] for w in WEATHER),
        "club": CLUBS,
        "club2": CLUBS,
        "sportsverb": SPORTS_VERBS,
        "score": _score,
        "event": EVENTS,
        "Event_title": tuple(e[0].upper() + e[1:] for e in EVENTS),
        "venue": VENUES,
        "work": WORKS,
        "project": PROJECTS,
        "role": ROLES,
        "Role_cap": tuple(r[0].upper() + r[1:] for r in ROLES),
        "subject": SUBJECTS,
    }


class Prose:
    """Fills the prose templates; build once, then call `sentence()` and `title()` with a seeded Random."""

    def __init__(self, states: Sequence[str], capitals: Sequence[str]) -> None:
        self.fill: Mapping[str, Filler] = fillers(states, capitals)
        self.templates: list[Template] = compile_all(TEMPLATES, self.fill)
        self.titles: list[Template] = compile_all(TITLES, self.fill)

    def sentence(self, rng: random.Random) -> str:
        return rng.choice(self.templates).render(rng, self.fill)

    def title(self, rng: random.Random) -> str:
        return rng.choice(self.titles).render(rng, self.fill)

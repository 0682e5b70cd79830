"""The children: who they are, when they are of compulsory school age, where they live."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from cmoe.generator import names
from cmoe.generator.scenario import Scenario
from cmoe.generator.world import Child, academic_year_of

POSTCODE_DISTRICTS = (
    "SN8 SN9 SN10 SN11 SN12 SN13 SN14 SN15 SN16 SP1 SP2 SP3 SP4 SP5 BA12 BA13 BA14 BA15"
).split()
POSTCODE_UNIT_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
YEAR_GROUPS_ON_ROLL = 12  # reception to year 11


def birthday(date_of_birth: date, age: int) -> date:
    """The day a person attains `age` (29 February birthdays fall on 1 March)."""
    try:
        return date_of_birth.replace(year=date_of_birth.year + age)
    except ValueError:
        return date(date_of_birth.year + age, 3, 1)


def compulsory_school_age_start(date_of_birth: date) -> date:
    """The prescribed day (31 Dec, 31 Mar, 31 Aug) on or after the 5th birthday (s8 EA 1996)."""
    fifth = birthday(date_of_birth, 5)
    for prescribed in (date(fifth.year, 3, 31), date(fifth.year, 8, 31), date(fifth.year, 12, 31)):
        if fifth <= prescribed:
            return prescribed
    raise AssertionError("31 December is always on or after a day of the same year")


def last_friday_of_june(year: int) -> date:
    june_30 = date(year, 6, 30)
    return june_30 - timedelta(days=(june_30.weekday() - 4) % 7)


def compulsory_school_age_end(date_of_birth: date) -> date:
    """The last Friday of June of the school year (1 Sep - 31 Aug) in which the child turns 16."""
    sixteenth = birthday(date_of_birth, 16)
    school_year_end = sixteenth.year + 1 if sixteenth.month >= 9 else sixteenth.year
    return last_friday_of_june(school_year_end)


def postcode(rng: np.random.Generator) -> str:
    district = POSTCODE_DISTRICTS[int(rng.integers(len(POSTCODE_DISTRICTS)))]
    letters = rng.choice(list(POSTCODE_UNIT_LETTERS), size=2)
    return f"{district} {int(rng.integers(1, 10))}{letters[0]}{letters[1]}"


def _letters(name: str) -> str:
    return "".join(char for char in name.lower() if char.isalpha())


def reception_years(scenario: Scenario) -> range:
    """Cohorts (by the academic year they start reception) on roll at some point of the history."""
    first = scenario.history_start.year - (YEAR_GROUPS_ON_ROLL - 1)
    last = academic_year_of(scenario.extract_date)
    return range(first, last + 1)


def make_children(scenario: Scenario, rng: np.random.Generator) -> list[Child]:
    cohort_size = scenario.pupils_on_roll / YEAR_GROUPS_ON_ROLL
    boys_p, girls_p = names.popularity(len(names.BOYS)), names.popularity(len(names.GIRLS))
    surname_p = names.popularity(len(names.SURNAMES), exponent=0.7)
    seen: set[tuple[str, str, date]] = set()
    children: list[Child] = []
    for reception_year in reception_years(scenario):
        size = round(cohort_size * rng.normal(1.0, 0.02))
        first_birthday = date(reception_year - 5, 9, 1)
        span = (date(reception_year - 4, 9, 1) - first_birthday).days
        sexes = np.where(rng.random(size) < 0.512, "M", "F")
        offsets = rng.integers(span, size=size)
        boy_draws = rng.choice(len(names.BOYS), size=size, p=boys_p)
        girl_draws = rng.choice(len(names.GIRLS), size=size, p=girls_p)
        surname_draws = rng.choice(len(names.SURNAMES), size=size, p=surname_p)
        sens = rng.choice(["N", "K", "E"], size=size, p=[0.84, 0.13, 0.03])
        for index in range(size):
            sex = str(sexes[index])
            dob = first_birthday + timedelta(days=int(offsets[index]))
            pool = names.BOYS if sex == "M" else names.GIRLS
            forename = pool[int(boy_draws[index] if sex == "M" else girl_draws[index])]
            surname = names.SURNAMES[int(surname_draws[index])]
            # Full name and date of birth are kept unique, so that an exact match on
            # them always means the same child (fuzzy linking is a later refinement).
            while (_letters(forename), _letters(surname), dob) in seen:
                surname = names.SURNAMES[int(rng.choice(len(names.SURNAMES), p=surname_p))]
            seen.add((_letters(forename), _letters(surname), dob))
            sen = sens[index]
            children.append(
                Child(
                    child_id=len(children),
                    forename=forename,
                    surname=surname,
                    sex=sex,
                    date_of_birth=dob,
                    postcode=postcode(rng),
                    sen_provision=str(sen),
                    reception_year=reception_year,
                    csa_start=compulsory_school_age_start(dob),
                    csa_end=compulsory_school_age_end(dob),
                )
            )
    _assign_moves(children, scenario, rng)
    person_ids = rng.permutation(len(children)) + 1_200_001
    for child, person_id in zip(children, person_ids, strict=True):
        child.la_person_id = str(int(person_id))
    return children


def _assign_moves(children: list[Child], scenario: Scenario, rng: np.random.Generator) -> None:
    """Some families move into the LA during the history, some move out."""
    window = (scenario.extract_date - scenario.history_start).days
    for child in children:
        school_start = date(child.reception_year, 9, 1)
        if rng.random() < 0.09:
            arrival = scenario.history_start + timedelta(days=int(rng.integers(window)))
            if arrival > school_start:
                child.resident_from = arrival
        if rng.random() < 0.07:
            departure = scenario.history_start + timedelta(days=int(rng.integers(window + 700)))
            arrived = child.resident_from or school_start
            if departure <= scenario.extract_date and departure > arrived + timedelta(days=90):
                child.resident_to = departure

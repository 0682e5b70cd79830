"""The children: who they are, when they are of compulsory school age, where they live."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from cmoe.generator import names
from cmoe.generator.scenario import Scenario
from cmoe.generator.world import Child, History, academic_year_of

POSTCODE_DISTRICTS = (
    "SN8 SN9 SN10 SN11 SN12 SN13 SN14 SN15 SN16 SP1 SP2 SP3 SP4 SP5 BA12 BA13 BA14 BA15"
).split()
POSTCODE_UNIT_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
YEAR_GROUPS_ON_ROLL = 12  # reception to year 11
# The person id spaces: the education case system's, and children's social care's (7 digits from 5).
EDUCATION_IDS_FROM = 1_200_001
SOCIAL_CARE_IDS_FROM = 5_000_001
EDUCATION_CASE_TYPES = ("ehe", "cme")  # held on the education case system (with placements)


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
    """Every cohort on roll during the history, with its twins and, if the scenario has them,
    younger siblings of older children and unrelated children sharing a name and birthday.

    Otherwise full name and date of birth are unique: an exact match on them is one child,
    or one of the namesakes the scenario made on purpose (truth/twins.csv lists them).
    """
    cohort_size = scenario.pupils_on_roll / YEAR_GROUPS_ON_ROLL
    draws = _NameDraws(rng)
    seen: set[tuple[str, str, date]] = set()
    children: list[Child] = []
    cohorts: dict[int, list[Child]] = {}
    for reception_year in reception_years(scenario):
        size = round(cohort_size * rng.normal(1.0, 0.02))
        first_birthday = date(reception_year - 5, 9, 1)
        span = (date(reception_year - 4, 9, 1) - first_birthday).days
        sexes = np.where(rng.random(size) < 0.512, "M", "F")
        offsets = rng.integers(span, size=size)
        forenames = draws.forenames(sexes)
        surnames = draws.surnames(size)
        sens = rng.choice(["N", "K", "E"], size=size, p=[0.84, 0.13, 0.03])
        births = rng.random(size)
        cohort = cohorts[reception_year] = []
        for index in range(size):
            dob = first_birthday + timedelta(days=int(offsets[index]))
            child = Child(
                child_id=len(children),
                forename=forenames[index],
                surname=surnames[index],
                sex=str(sexes[index]),
                date_of_birth=dob,
                postcode=postcode(rng),
                sen_provision=str(sens[index]),
                reception_year=reception_year,
                csa_start=compulsory_school_age_start(dob),
                csa_end=compulsory_school_age_end(dob),
            )
            kind, family = _birth(float(births[index]), scenario), None
            if kind == "twin" and cohort and _unpaired(cohort[-1]):
                family = _make_twin(child, cohort[-1])
            elif kind == "namesake":
                _make_namesake(child, cohort, rng)
            elif kind == "sibling":
                family = _make_younger_sibling(child, cohorts, rng)
            if child.namesake_of is None:  # a namesake shares a name and birthday on purpose
                _keep_unique(child, family, seen, draws)
            children.append(child)
            cohort.append(child)
    _assign_moves(children, scenario, rng)
    _assign_person_ids(children, rng)
    return children


def _birth(draw: float, scenario: Scenario) -> str:
    """Born a twin (the younger of a pair), an unrelated namesake, a younger sibling, or none."""
    for kind, share in (
        ("twin", scenario.twins / 2),
        ("namesake", scenario.namesakes),
        ("sibling", scenario.siblings),
    ):
        if draw < share:
            return kind
        draw -= share
    return ""


class _NameDraws:
    """Forenames and surnames by popularity; some surnames double-barrelled."""

    def __init__(self, rng: np.random.Generator):
        self.rng = rng
        self.forename_p = {"M": names.popularity(len(names.BOYS)), "F": names.popularity(len(names.GIRLS))}
        self.surname_p = names.popularity(len(names.SURNAMES), exponent=0.7)

    def forename(self, sex: str) -> str:
        pool = names.BOYS if sex == "M" else names.GIRLS
        return pool[int(self.rng.choice(len(pool), p=self.forename_p[sex]))]

    def forenames(self, sexes: np.ndarray) -> list[str]:
        boys = self.rng.choice(len(names.BOYS), size=len(sexes), p=self.forename_p["M"])
        girls = self.rng.choice(len(names.GIRLS), size=len(sexes), p=self.forename_p["F"])
        return [
            names.BOYS[int(boy)] if sex == "M" else names.GIRLS[int(girl)]
            for sex, boy, girl in zip(sexes, boys, girls, strict=True)
        ]

    def surnames(self, size: int) -> list[str]:
        first, second = (self.rng.choice(len(names.SURNAMES), size=size, p=self.surname_p) for _ in range(2))
        joined = self.rng.random(size) < names.DOUBLE_BARRELLED
        return [
            _double_barrelled(names.SURNAMES[int(a)], names.SURNAMES[int(b)])
            if join
            else names.SURNAMES[int(a)]
            for a, b, join in zip(first, second, joined, strict=True)
        ]


def _double_barrelled(first: str, second: str) -> str:
    """Two families' surnames joined (the first alone if they are one name or already joined)."""
    return first if first == second or "-" in first + second else f"{first}-{second}"


def _unpaired(child: Child) -> bool:
    return child.twin_of is None and child.namesake_of is None


def _make_twin(child: Child, elder: Child) -> Child:
    """Born the same day to the same family: only the forename (and perhaps the sex) differ."""
    child.twin_of, elder.twin_of = elder.child_id, child.child_id
    child.surname, child.postcode = elder.surname, elder.postcode
    child.date_of_birth, child.csa_start, child.csa_end = elder.date_of_birth, elder.csa_start, elder.csa_end
    return elder


def _make_namesake(child: Child, cohort: list[Child], rng: np.random.Generator) -> None:
    """An unrelated child, at another address, with the name and birthday of one in the cohort."""
    others = [other for other in cohort if other.sex == child.sex and _unpaired(other)]
    if not others:
        return
    other = others[int(rng.integers(len(others)))]
    child.namesake_of, other.namesake_of = other.child_id, child.child_id
    child.forename, child.surname = other.forename, other.surname
    child.date_of_birth, child.csa_start, child.csa_end = other.date_of_birth, other.csa_start, other.csa_end
    while child.postcode == other.postcode:
        child.postcode = postcode(rng)


def _make_younger_sibling(
    child: Child, cohorts: dict[int, list[Child]], rng: np.random.Generator
) -> Child | None:
    """Born into a family with a child one to eight years older: the same surname and address."""
    years = [year for year in cohorts if 1 <= child.reception_year - year <= 8 and cohorts[year]]
    if not years:
        return None
    older = cohorts[years[int(rng.integers(len(years)))]]
    elder = older[int(rng.integers(len(older)))]
    child.surname, child.postcode = elder.surname, elder.postcode
    return elder


def _keep_unique(
    child: Child, family: Child | None, seen: set[tuple[str, str, date]], draws: _NameDraws
) -> None:
    """Another forename while the full name and date of birth are taken, or while it is a
    form of a twin's or elder sibling's forename (a family's surname is what it is)."""
    while (key := (_letters(child.forename), _letters(child.surname), child.date_of_birth)) in seen or (
        family is not None and names.is_alike(child.forename, family.forename)
    ):
        child.forename = draws.forename(child.sex)
    seen.add(key)


def _assign_person_ids(children: list[Child], rng: np.random.Generator) -> None:
    """Each case system numbers the children its own way, in number spaces that never meet."""
    education_ids = rng.permutation(len(children)) + EDUCATION_IDS_FROM
    social_care_ids = rng.permutation(len(children)) + SOCIAL_CARE_IDS_FROM
    for child, education_id, social_care_id in zip(children, education_ids, social_care_ids, strict=True):
        child.education_person_id = str(int(education_id))
        child.social_care_person_id = str(int(social_care_id))


def register_twice(history: History, share: float, since: date, rng: np.random.Generator) -> None:
    """Some children are held twice by a case system: once a search for the child failed and a
    new person was made. Of the children a system holds records of (open on or after `since`),
    `share` (at least one) get a second id, numbered after every first one, from the start of
    one of their records (see Child.education_ids_on)."""
    education = [(c.child_id, c.start, c.end) for c in history.cases if c.case_type in EDUCATION_CASE_TYPES]
    education += [(p.child_id, p.start, p.end) for p in history.placements]
    social_care = [(e.child_id, e.start, e.end) for e in history.social_care]
    children = history.children
    for system, records, first_id in (
        ("education", education, EDUCATION_IDS_FROM),
        ("social_care", social_care, SOCIAL_CARE_IDS_FROM),
    ):
        starts: dict[int, list[date]] = {}
        for child_id, start, end in records:
            if end is None or end >= since:
                starts.setdefault(child_id, []).append(start)
        held = sorted(starts)
        if not held:
            continue
        chosen = rng.choice(len(held), size=max(1, round(share * len(held))), replace=False)
        for number, index in enumerate(chosen, start=first_id + len(children)):
            child = children[held[int(index)]]
            child_starts = sorted(starts[child.child_id])
            setattr(child, f"{system}_person_id_2", str(number))
            setattr(child, f"{system}_registered_again", child_starts[int(rng.integers(len(child_starts)))])


def _assign_moves(children: list[Child], scenario: Scenario, rng: np.random.Generator) -> None:
    """Some families move into the LA during the history, some move out (twins together)."""
    window = (scenario.extract_date - scenario.history_start).days
    for child in children:
        if child.twin_of is not None and child.twin_of < child.child_id:
            elder = children[child.twin_of]  # twins move with their family
            child.resident_from, child.resident_to = elder.resident_from, elder.resident_to
            continue
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

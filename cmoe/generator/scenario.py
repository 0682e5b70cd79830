"""Scenarios: the size of the simulated LA and the figures its history must give.

The default scenario is a Wiltshire-sized LA with extracts taken on the
autumn census day 2022. Its figures are the Wiltshire committee report's (2022):
the simulation is steered so that the history holds exactly that many open
episodes on each date and permanent exclusions in each year, and the pipeline
must find them again from the noisy extracts.

`small` is the same LA at 6 % of its size, for the tests. `recent` is the
small LA two years on: extracts on the autumn census day 2024, attendance
from September 2023, so that the feed crosses the change of attendance codes
(the 2024 set from 19 August 2024).

`hard` is the small LA (the same sizes and targets) with records that are
hard to link: every system keys the children's details with much more noise
(extract_noise.HARD: typos, other spellings, short names, names swapped,
half a double-barrelled surname, birthdays transposed or a digit out, UPNs
mistyped or missing, the address before a move, children held twice by a
case system), unrelated children share a name and birthday, and younger
siblings share a surname and address with an older one. Every scenario has
twins (the same surname, birthday and address, another forename).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from cmoe.generator import extract_noise
from cmoe.generator.extract_noise import ExtractNoise


@dataclass(frozen=True)
class Scenario:
    name: str
    extract_date: date
    history_start: date  # registers hold everything open on or after this day
    attendance_start: date  # the attendance feed starts here
    pupils_on_roll: int  # pupils on roll at the extract date, reception to year 11
    school_counts: dict[str, int]  # schools used from the schools seed, by phase
    # indicator code -> ((as-at date, distinct children with an open episode), ...)
    indicator_targets: dict[str, tuple[tuple[date, int], ...]]
    # academic year start -> permanent exclusions (not rescinded) that year
    permanent_exclusions: dict[int, int]
    suspensions_per_100: dict[int, float] = field(default_factory=dict)
    noise: ExtractNoise = extract_noise.USUAL  # how each system keys the children's details
    twins: float = 0.015  # share of children born a twin
    namesakes: float = 0.0  # share of children sharing the name and birthday of an unrelated one
    siblings: float = 0.0  # share of children born into a family with an older child in the LA

    def scaled(self, scale: float) -> Scenario:
        """The same scenario with the population and every target multiplied."""
        if scale == 1:
            return self

        def times(count: int, minimum: int = 0) -> int:
            return max(minimum, round(count * scale))

        return replace(
            self,
            pupils_on_roll=times(self.pupils_on_roll, 500),
            school_counts={phase: times(count, 1) for phase, count in self.school_counts.items()},
            indicator_targets={
                code: tuple((day, times(count, 1)) for day, count in targets)
                for code, targets in self.indicator_targets.items()
            },
            permanent_exclusions={year: times(count) for year, count in self.permanent_exclusions.items()},
        )


_END_2020_21 = date(2021, 8, 31)
_END_2021_22 = date(2022, 8, 31)
_AUTUMN_CENSUS_2022 = date(2022, 10, 6)

DEFAULT = Scenario(
    name="default",
    extract_date=_AUTUMN_CENSUS_2022,
    history_start=date(2017, 9, 1),
    attendance_start=date(2020, 9, 1),
    pupils_on_roll=68_000,
    school_counts={
        "primary": 198,
        "secondary": 30,
        "special": 9,
        "alternative_provision": 2,
        "hospital": 1,
    },
    indicator_targets={
        "ehe_learners": ((_END_2020_21, 731), (_END_2021_22, 811), (_AUTUMN_CENSUS_2022, 766)),
        "open_cme": ((_END_2020_21, 118), (_END_2021_22, 102), (_AUTUMN_CENSUS_2022, 81)),
        "rep": ((_END_2020_21, 194), (_END_2021_22, 294), (_AUTUMN_CENSUS_2022, 286)),
        "medical_open_cases": ((_END_2020_21, 14), (_END_2021_22, 10), (_AUTUMN_CENSUS_2022, 21)),
    },
    permanent_exclusions={2017: 15, 2018: 19, 2019: 23, 2020: 2, 2021: 2, 2022: 0},
    # Suspensions per 100 pupils on roll (a low-exclusion LA; closures in 2019/20 and 2020/21).
    suspensions_per_100={2017: 3.4, 2018: 3.6, 2019: 2.6, 2020: 2.9, 2021: 3.9, 2022: 0.5},
)

SMALL = replace(DEFAULT.scaled(0.06), name="small")

_END_2022_23 = date(2023, 8, 31)
_END_2023_24 = date(2024, 8, 31)
_AUTUMN_CENSUS_2024 = date(2024, 10, 3)

# The small scenario's figures, carried on two years (EHE still rising).
RECENT = replace(
    SMALL,
    name="recent",
    extract_date=_AUTUMN_CENSUS_2024,
    history_start=date(2020, 9, 1),
    attendance_start=date(2023, 9, 1),
    indicator_targets={
        "ehe_learners": ((_END_2022_23, 49), (_END_2023_24, 55), (_AUTUMN_CENSUS_2024, 52)),
        "open_cme": ((_END_2022_23, 6), (_END_2023_24, 7), (_AUTUMN_CENSUS_2024, 5)),
        "rep": ((_END_2022_23, 18), (_END_2023_24, 20), (_AUTUMN_CENSUS_2024, 19)),
        "medical_open_cases": ((_END_2022_23, 1), (_END_2023_24, 1), (_AUTUMN_CENSUS_2024, 2)),
    },
    permanent_exclusions={2020: 0, 2021: 0, 2022: 1, 2023: 1, 2024: 0},
    suspensions_per_100={2020: 2.9, 2021: 3.9, 2022: 4.4, 2023: 4.8, 2024: 0.6},
)

# The small LA's history (a few dozen namesake pairs, many siblings) in very noisy extracts.
HARD = replace(SMALL, name="hard", noise=extract_noise.HARD, namesakes=0.008, siblings=0.25)

SCENARIOS = {scenario.name: scenario for scenario in (DEFAULT, SMALL, RECENT, HARD)}


def get(name: str, scale: float = 1.0) -> Scenario:
    try:
        scenario = SCENARIOS[name]
    except KeyError:
        raise SystemExit(f"unknown scenario {name!r}: choose one of {', '.join(SCENARIOS)}") from None
    return scenario.scaled(scale)

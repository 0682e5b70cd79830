"""The generator's exclusion figures (the truth rpt_exclusion_rates is compared with).

Each rule on a small hand-made history: the January census day either side,
a dual registration, a pupil referral unit, a move on the census day, a pupil
suspended twice.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from cmoe.generator import truth
from cmoe.generator.scenario import get
from cmoe.generator.schooling import Schools
from cmoe.generator.world import Enrolment, Exclusion, History
from cmoe.paths import REFERENCE_SEEDS_DIR

SCHOOLS = Schools(
    REFERENCE_SEEDS_DIR, {"primary": 1, "secondary": 1, "special": 1, "alternative_provision": 1}
)
PRIMARY, SECONDARY, SPECIAL, UNIT = (SCHOOLS.by_phase[phase][0].urn for phase in SCHOOLS.by_phase)
SCENARIO = replace(get("small"), extract_date=date(2022, 10, 6), permanent_exclusions={2021: 1})
CENSUS = date(2022, 1, 20)  # spring census 2021/22 (census_dates seed)


def enrolments(*rows: Enrolment) -> dict[int, list[Enrolment]]:
    found: dict[int, list[Enrolment]] = {}
    for row in rows:
        found.setdefault(row.child_id, []).append(row)
    return found


HISTORY = History(
    [],
    enrolments(
        Enrolment(1, PRIMARY, date(2022, 1, 20)),  # joins on the day: counts
        Enrolment(2, PRIMARY, date(2020, 9, 1), date(2022, 1, 20)),  # leaves on the day: counts
        Enrolment(3, PRIMARY, date(2020, 9, 1), date(2022, 1, 19)),  # left the day before
        Enrolment(3, PRIMARY, date(2022, 1, 21)),  # joins the day after
        Enrolment(4, SECONDARY, date(2020, 9, 1), status="M"),  # dual registered: once, at the main
        Enrolment(4, UNIT, date(2021, 11, 1), status="S"),
        Enrolment(5, UNIT, date(2021, 11, 1)),  # a pupil referral unit's only
        Enrolment(6, PRIMARY, date(2019, 9, 1), date(2022, 1, 20)),  # moves on the day: at the new
        Enrolment(6, SPECIAL, date(2022, 1, 20)),
    ),
    exclusions=[
        Exclusion(4, SECONDARY, "PERM", date(2022, 3, 1), None, ()),
        Exclusion(4, SECONDARY, "PERM", date(2022, 3, 2), None, (), review_outcome="REINSTATED"),
        Exclusion(2, PRIMARY, "SUSP", date(2021, 10, 4), 2, ()),
        Exclusion(2, PRIMARY, "SUSP", date(2021, 11, 8), 2, ()),
        Exclusion(2, PRIMARY, "LNCH", date(2021, 11, 9), 1, ()),
        Exclusion(5, UNIT, "SUSP", date(2021, 12, 1), 2, ()),  # at the unit: not counted
    ],
)


def test_census_pupils_each_once_at_the_main_registration():
    assert truth.census_pupils(HISTORY, SCHOOLS, CENSUS) == {
        1: "primary",
        2: "primary",
        4: "secondary",
        6: "special",
    }


def test_exclusion_rates_by_phase():
    rows = {row["education_phase"]: row for row in truth.exclusion_rates(HISTORY, SCENARIO, SCHOOLS)}
    counts = {
        phase: (
            row["permanent_exclusions"],
            row["suspensions"],
            row["one_or_more_suspensions"],
            row["january_headcount"],
        )
        for phase, row in rows.items()
    }
    assert counts == {
        "Total": (1, 2, 1, 4),
        "Primary": (0, 2, 1, 2),
        "Secondary": (1, 0, 0, 1),
        "Special": (0, 0, 0, 1),
    }
    assert truth.exclusion_history(list(rows.values())) == [
        {"academic_year_start": 2021, "permanent_exclusions": 1, "suspensions": 2, "january_headcount": 4}
    ]

"""The generator's children of interest (the truth the warehouse's flags are compared with).

Each rule on a small hand-made history, on dates either side of its edges.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import yaml

from cmoe.generator import children_of_interest as interest
from cmoe.generator.scenario import get
from cmoe.generator.school_calendar import SchoolCalendar
from cmoe.generator.world import Case, Child, Enrolment, Exclusion, History, SocialCareEpisode
from cmoe.paths import PROJECT_DIR, REFERENCE_SEEDS_DIR

SCENARIO = replace(get("small"), history_start=date(2021, 9, 1), extract_date=date(2022, 10, 6))
CALENDAR = SchoolCalendar.from_seeds(REFERENCE_SEEDS_DIR)
CURRENT = [("Current", date(2022, 10, 6))]


def child(child_id: int, csa_end: date = date(2026, 6, 26)) -> Child:
    return Child(
        child_id, "Ann", "Smith", "F", date(2010, 3, 1), "SN1 1AA", "N", 2014, date(2015, 8, 31), csa_end
    )


def flags_on(history: History, periods=CURRENT) -> dict[str, set[int]]:
    found = interest.flagged_children(history, periods, SCENARIO)
    return {flag: found[(flag, periods[0][0])] for flag in interest.FLAGS}


def test_thresholds_are_the_warehouse_vars():
    variables = yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text())["vars"]
    assert variables["high_suspension_count"] == interest.HIGH_SUSPENSION_COUNT
    assert variables["high_suspension_days"] == interest.HIGH_SUSPENSION_DAYS


def test_suspensions_at_the_count_and_days_and_the_academic_year():
    def suspensions(child_id, *starts_and_sessions, category="SUSP"):
        return [Exclusion(child_id, "900001", category, day, n, ()) for day, n in starts_and_sessions]

    exclusions = [
        *suspensions(1, (date(2022, 9, 5), 1), (date(2022, 9, 12), 1), (date(2022, 9, 19), 1)),
        *suspensions(2, (date(2022, 9, 5), 1), (date(2022, 9, 12), 1)),
        *suspensions(3, (date(2022, 9, 5), 20), (date(2022, 9, 20), 10)),  # 15 days
        *suspensions(4, (date(2022, 9, 5), 20), (date(2022, 9, 20), 9)),  # 14.5 days
        # Last academic year's do not count, nor one after the date.
        *suspensions(5, (date(2022, 8, 31), 30), (date(2022, 10, 7), 2), (date(2022, 9, 5), 2)),
        Exclusion(6, "900001", "PERM", date(2022, 9, 1), None, ()),
        Exclusion(7, "900001", "PERM", date(2022, 9, 1), None, (), review_outcome="REINSTATED"),
        Exclusion(8, "900001", "PERM", date(2022, 8, 31), None, ()),
    ]
    history = History([child(i) for i in range(1, 9)], {}, exclusions=exclusions)
    found = flags_on(history)
    assert found["high_suspensions"] == {1, 3}
    assert found["permanently_excluded"] == {6}
    year_end = flags_on(history, [("2021-22", date(2022, 8, 31))])
    assert year_end["permanently_excluded"] == {8} and year_end["high_suspensions"] == {5}


def test_open_cases_and_episodes_on_the_date():
    cases = [
        Case("cme", 1, date(2022, 1, 10), date(2022, 10, 5)),
        Case("cme", 2, date(2022, 1, 10), date(2022, 10, 6)),
        Case("medical", 3, date(2022, 10, 6), None),
        Case("rep", 4, date(2022, 10, 7), None),
        Case(
            "ehe",
            5,
            date(2022, 1, 10),
            None,
            details={"suitability": "Unsuitable", "suitability_date": date(2022, 10, 6)},
        ),
        Case(
            "ehe",
            6,
            date(2022, 1, 10),
            None,
            details={"suitability": "Unsuitable", "suitability_date": date(2022, 10, 7)},
        ),
        Case(
            "ehe",
            7,
            date(2022, 1, 10),
            None,
            details={"suitability": "Suitable", "suitability_date": date(2022, 3, 1)},
        ),
    ]
    social_care = [
        SocialCareEpisode(8, "CIN", date(2021, 1, 1), date(2022, 10, 6)),
        SocialCareEpisode(9, "CP", date(2021, 1, 1), date(2022, 10, 5)),
    ]
    found = flags_on(History([child(i) for i in range(1, 10)], {}, cases=cases, social_care=social_care))
    assert found["reported_cme"] == {2}
    assert found["medically_unfit"] == {3}
    assert found["on_rep"] == set()
    assert found["ehe_unsatisfactory"] == {5}
    assert found["social_worker"] == {8}


def test_no_school_place_is_a_gap_the_records_show():
    enrolments = {
        # Left in July, a new school in September: the summer holiday is no gap.
        1: [
            Enrolment(1, "900001", date(2019, 9, 1), date(2022, 7, 22)),
            Enrolment(1, "900002", date(2022, 9, 1)),
        ],
        # Left in September and nowhere since: no school place.
        2: [Enrolment(2, "900001", date(2019, 9, 1), date(2022, 9, 20))],
        # Left for a school in another LA: no longer the LA's to find.
        3: [Enrolment(3, "900001", date(2019, 9, 1), date(2022, 9, 20), destination_la="201")],
        # Left before the registers' history: nothing to show a gap.
        4: [Enrolment(4, "900001", date(2015, 9, 1), date(2021, 7, 20))],
        # Compulsory school age ended the day before the date.
        5: [Enrolment(5, "900001", date(2019, 9, 1), date(2022, 9, 20))],
    }
    children = [child(1), child(2), child(3), child(4), child(5, csa_end=date(2022, 10, 5))]
    found = flags_on(History(children, enrolments))
    assert found["no_school_place"] == {2}
    gaps = interest.provision_gaps(History(children, enrolments), SCENARIO, CALENDAR)
    # Child 5's gap is cut at the end of compulsory school age (its last day still in it).
    assert [(gap.child_id, gap.first_day, gap.last_day) for gap in gaps] == [
        (2, date(2022, 9, 21), None),
        (5, date(2022, 9, 21), date(2022, 10, 5)),
    ]

"""The termly return's truth at its rules' edges, on histories built by hand.

The autumn 2022 census is 6 October 2022; its full-year tables count from
1 September 2022.
"""

from __future__ import annotations

from datetime import date

from cmoe.generator.termly_return_truth import termly_return
from cmoe.generator.world import Case, Child, History

CENSUS = "2022-10-06"


def child(child_id: int, **changes) -> Child:
    fields = {
        "child_id": child_id,
        "forename": "Ava",
        "surname": "Watson",
        "sex": "F",
        "date_of_birth": date(2011, 8, 31),
        "postcode": "SN1 1AA",
        "sen_provision": "N",
        "reception_year": 2015,
        "csa_start": date(2016, 8, 31),
        "csa_end": date(2027, 6, 25),
    }
    return Child(**{**fields, **changes})


def cells(
    children: list[Child], cases: list[Case], table: str, measure: str = ""
) -> dict[tuple[str, str], int]:
    rows = termly_return(History(children, {}, cases=cases), date(2022, 10, 6))
    return {
        (row["breakdown_topic"], row["breakdown"]): row["child_count"]
        for row in rows
        if row["return_table"] == table and row["census_date"] == CENSUS and row["measure"] == measure
    }


def test_time_missing_is_twelve_weeks_or_less_up_to_84_days():
    cases = [
        Case("cme", 1, date(2022, 7, 14), None, reason="ABS10"),  # 84 days before the census
        Case("cme", 2, date(2022, 7, 13), None, reason="ABS10"),  # 85
    ]
    counted = cells([child(1), child(2)], cases, "cme_census")
    assert counted[("Time missing education", "12 weeks or less")] == 1
    assert counted[("Time missing education", "More than 12 weeks")] == 1
    assert counted[("Total", "Total")] == 2


def test_year_group_turns_on_the_31_august_birthday():
    born = [child(1, date_of_birth=date(2011, 8, 31)), child(2, date_of_birth=date(2011, 9, 1))]
    cases = [Case("ehe", n, date(2022, 1, 10), None, reason="MENT") for n in (1, 2)]
    counted = cells(born, cases, "ehe_census")
    assert counted[("Year group", "Year 7")] == 1 and counted[("Year group", "Year 6")] == 1


def test_the_census_day_needs_compulsory_school_age_and_residence_on_it():
    children = [
        child(1, csa_end=date(2022, 10, 5)),  # of age to the day before
        child(2, resident_to=date(2022, 10, 5)),  # left the LA the day before
        child(3, resident_to=date(2022, 10, 6)),  # left on the census day
        child(4, csa_start=date(2022, 10, 6)),  # of age from the census day
    ]
    cases = [Case("ehe", n, date(2022, 1, 10), None, reason="XX") for n in (1, 2, 3, 4)]
    counted = cells(children, cases, "ehe_census")
    assert counted[("Total", "Total")] == 2
    assert counted[("Primary reason", "Reason not known")] == 2
    # All four were home educated and of age on some day of the year.
    assert cells(children, cases, "ehe_full_year", "EHE at any point")[("Total", "Total")] == 4


def test_the_year_runs_from_1_september():
    cases = [
        Case("ehe", 1, date(2022, 1, 10), date(2022, 8, 31), outcome="RTS"),  # ended before the year
        Case("ehe", 2, date(2022, 1, 10), date(2022, 9, 1), outcome="RTS"),  # returned in it
        Case("ehe", 3, date(2022, 9, 1), None, school_urn="900001"),  # started on its first day
        Case("ehe", 4, date(2022, 1, 10), None, details={"s437_notice_date": date(2022, 8, 31)}),
    ]
    year = {
        measure: cells([child(n) for n in (1, 2, 3, 4)], cases, "ehe_full_year", measure)
        for measure in ("EHE at any point", "Returned to school", "Started EHE", "s437(1) notices issued")
    }
    assert year["EHE at any point"][("Total", "Total")] == 3
    assert year["Returned to school"][("Total", "Total")] == 1
    assert year["Started EHE"] == {("Total", "Total"): 1, ("Previous school type", "LA maintained school"): 1}
    assert year["s437(1) notices issued"] == {}

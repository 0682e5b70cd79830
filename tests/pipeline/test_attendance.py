"""The small scenario's attendance against the generator's truth, and the feed's faults.

The truth is computed by the generator from the simulated registers (never
from the pipeline); the warehouse works from the noisy feed: re-sent and
corrected sessions, marks on days without school, marks for pupils off roll,
codes outside their dates. Every difference is listed.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from cmoe.dfe_statistics import read_attendance, reference_dir
from cmoe.truth_check import child_years, enrolment_years, summary, triggers

SCENARIOS = ["small_scenario", "recent_scenario"]


@pytest.fixture(params=SCENARIOS)
def scenario(request):
    """Each scenario: the small one (2006 codes) and the recent one (2006 then 2024 codes)."""
    return request.getfixturevalue(request.param)


def test_every_registration_year_and_persistent_absence_flag_equals_the_truth(scenario):
    comparison = enrolment_years(scenario.build.database, scenario.truth)
    assert comparison.compared > 4000
    assert comparison.agrees, comparison.differences.head(20).to_string()


def test_every_childs_year_and_persistent_absence_flag_equals_the_truth(scenario):
    """A child's registrations together: only a child the linking left as two may differ."""
    comparison = child_years(scenario.build.database, scenario.truth)
    assert comparison.compared > 4000
    assert comparison.agrees, comparison.differences.head(20).to_string()
    assert len(comparison.split_by_linking) < comparison.compared / 50


def test_every_trigger_crossing_equals_the_truth(scenario):
    comparison = triggers(scenario.build.database, scenario.truth)
    assert comparison.compared > 300
    assert comparison.agrees, comparison.differences.head(20).to_string()
    # A CME referral missed only because the child's records stayed two children is linking's to
    # mend; it must stay rare.
    assert len(comparison.split_by_linking) < comparison.compared / 50


def test_the_la_summary_equals_the_truth(scenario):
    comparison = summary(scenario.build.database, scenario.truth)
    assert comparison.compared > 50
    assert comparison.agrees, comparison.differences.head(20).to_string()


def test_marks_are_read_with_the_code_set_of_their_date(recent_scenario):
    """Before 19 August 2024 the 2006 codes, from it the 2024 codes: both in one build."""
    sets = recent_scenario.query(
        "select code_set, min(attendance_date) as first_day, max(attendance_date) as last_day,"
        " count(distinct attendance_code) as codes"
        " from marts.fct_attendance_session where is_code_in_force group by code_set order by code_set"
    ).set_index("code_set")
    assert str(sets.loc["2006", "last_day"])[:10] <= "2024-08-18"
    assert str(sets.loc["2024", "first_day"])[:10] >= "2024-08-19"
    used_2024 = set(
        recent_scenario.query(
            "select distinct attendance_code from marts.fct_attendance_session where code_set = '2024'"
        )["attendance_code"]
    )
    assert {"C2", "K"} <= used_2024


def test_each_fault_in_the_feed_is_flagged_with_file_line_and_rule(small_scenario):
    flagged = small_scenario.query(
        "select rule_code, count(*) as marks, min(source_file) as source_file,"
        " min(source_line) as first_line, min(value) as example"
        " from marts.fct_dq_issue where source_table = 'session_marks' group by rule_code"
    ).set_index("rule_code")
    for rule in (
        "repeated_session_mark",
        "mark_on_non_school_day",
        "mark_not_on_roll",
        "code_outside_validity",
        "unknown_attendance_code",
    ):
        assert flagged.loc[rule, "marks"] > 0, rule
        assert flagged.loc[rule, "source_file"].startswith("session_marks_")
        assert flagged.loc[rule, "first_line"] >= 1
    assert ", replaced by " in flagged.loc["repeated_session_mark", "example"]


def test_the_latest_mark_of_a_corrected_session_stands(small_scenario):
    """A session sent as N, then corrected on a later line, takes the later mark."""
    replaced = small_scenario.query(
        "select issue.value, session.attendance_code, session.marks_sent"
        " from marts.fct_dq_issue as issue"
        " inner join marts.fct_attendance_session as session"
        "   on session.source_file = issue.source_file"
        "   and session.source_line = cast(regexp_extract(issue.value, 'on line ([0-9]+)$', 1) as bigint)"
        " where issue.rule_code = 'repeated_session_mark'"
    )
    assert len(replaced) > 0
    assert (replaced["marks_sent"] >= 2).all()
    stood = replaced["value"].str.extract(r"replaced by (\S+) on line")[0]
    assert (stood == replaced["attendance_code"]).all()
    corrected = replaced[replaced["value"].str.startswith("N for")]
    assert (corrected["attendance_code"] != "N").any()


def test_no_session_is_counted_off_roll_or_on_a_day_without_school(small_scenario):
    counted = small_scenario.query(
        "select count(*) as sessions from marts.fct_attendance_session"
        " where is_possible_session and (not is_on_roll or not is_school_day)"
    )
    assert counted["sessions"].item() == 0
    unlinked = small_scenario.query(
        "select count(*) as sessions, count(child_id) as with_child from marts.fct_attendance_session"
        " where not is_on_roll"
    )
    assert unlinked["sessions"].item() > 0 and unlinked["with_child"].item() == 0


def test_the_published_summary_has_every_column_of_dfes_file(small_scenario):
    """The LA's figures sit beside DfE's in one query: DfE's columns, by the same names (the raw
    counts, in the restricted tier), except that a percentage (DfE's `<stem>_perc`,
    `<stem>_percent`) is named for its base, `<stem>_per_100`."""
    published = pd.read_parquet(
        small_scenario.warehouse / "restricted_exports" / "rpt_attendance_summary.parquet"
    )
    dfe_file = reference_dir() / "attendance_la_ytd_2025_26.csv"
    dfe_columns = read_attendance(dfe_file).values.columns
    dfe_columns = {re.sub(r"_perc(ent)?$", "_per_100", column) for column in dfe_columns}
    missing = dfe_columns - set(published.columns)
    assert not missing, sorted(missing)
    # Its categories add up, as DfE's do.
    parts = published[["present_sessions", "approved_educational_activity", "authorised_absence",
                       "unauthorised_absence"]].sum(axis=1)  # fmt: skip
    assert (parts == published["possible_sessions"]).all()
    assert (
        published["overall_attendance"] + published["overall_absence"] == published["possible_sessions"]
    ).all()

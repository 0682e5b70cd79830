"""The default (Wiltshire-sized) scenario reproduces the committee report.

The figures below are the Wiltshire committee report's (CME/CMOE, 2022): the
simulation is steered to them, and the warehouse must find them again from
the noisy extracts. Slow (a few minutes): it generates 50 million session marks.
"""

from __future__ import annotations

import pandas as pd
import pytest

from cmoe.linking_evaluation import evaluate
from cmoe.truth_check import cmoe_cohort

pytestmark = pytest.mark.default_scenario

REPORT_INDICATORS = {
    ("ehe_learners", "2020-21"): 731,
    ("ehe_learners", "2021-22"): 811,
    ("ehe_learners", "Current"): 766,
    ("open_cme", "2020-21"): 118,
    ("open_cme", "2021-22"): 102,
    ("open_cme", "Current"): 81,
    ("rep", "2020-21"): 194,
    ("rep", "2021-22"): 294,
    ("rep", "Current"): 286,
    ("medical_open_cases", "2020-21"): 14,
    ("medical_open_cases", "2021-22"): 10,
    ("medical_open_cases", "Current"): 21,
}
REPORT_PERMANENT_EXCLUSIONS = {"2017/18": 15, "2018/19": 19, "2019/20": 23, "2020/21": 2, "2021/22": 2}


def test_indicator_table_is_the_reports(default_scenario):
    built = default_scenario.query(
        "select indicator_code, period_label, as_at_date, value from reporting.rpt_indicator_snapshot"
    )
    values = {(row.indicator_code, row.period_label): row.value for row in built.itertuples()}
    assert {key: values[key] for key in REPORT_INDICATORS} == REPORT_INDICATORS
    current = built[built.period_label == "Current"]["as_at_date"].unique()
    assert [str(day)[:10] for day in current] == ["2022-10-06"]


def test_permanent_exclusions_are_the_reports(default_scenario):
    built = default_scenario.query(
        "select academic_year, permanent_exclusions from reporting.rpt_exclusion_history"
    )
    values = dict(zip(built.academic_year, built.permanent_exclusions, strict=True))
    assert {year: values[year] for year in REPORT_PERMANENT_EXCLUSIONS} == REPORT_PERMANENT_EXCLUSIONS
    # "No secondary aged pupil has been permanently excluded for two years" (report 5.6).
    secondary = default_scenario.query(
        "select academic_year, permanent_exclusions from reporting.rpt_exclusion_rates "
        "where education_phase = 'Secondary'"
    )
    values = dict(zip(secondary.academic_year, secondary.permanent_exclusions, strict=True))
    assert {year: values[year] for year in ("2020/21", "2021/22")} == {"2020/21": 0, "2021/22": 0}
    assert values["2019/20"] > 0


def test_every_figure_equals_the_truth(default_scenario):
    """The report's four rows, the CMOE row and the children of interest."""
    truth = pd.read_csv(default_scenario.truth / "indicators.csv")
    built = default_scenario.query(
        "select indicator_code, period_label, value from reporting.rpt_indicator_snapshot"
    )
    compared = truth.merge(
        built, on=["indicator_code", "period_label"], how="outer", suffixes=("_truth", "_built")
    )
    assert len(compared) == len(truth) == len(built)
    mismatches = compared[compared["value_truth"] != compared["value_built"]]
    assert mismatches.empty, mismatches.to_string()


def test_every_record_is_linked_to_its_child(default_scenario):
    """At an LA's usual level of noise, every record finds its child and no two children merge."""
    final = evaluate(default_scenario.build.database, default_scenario.truth)[-1]
    assert (final.precision, final.recall) == (1.0, 1.0), final.line()
    assert final.children > 90_000


def test_cmoe_cohort_equals_what_the_records_reveal(default_scenario):
    comparison = cmoe_cohort(default_scenario.build.database, default_scenario.truth)
    assert comparison.compared > 1000
    assert comparison.agrees, comparison.differences.head(20).to_string()


def test_scenario_is_wiltshire_sized(default_scenario):
    on_roll = default_scenario.query(
        "select count(*) as pupils, count(distinct school_urn) as schools from marts.fct_enrolment "
        "where is_main_registration and leaving_date is null"
    ).iloc[0]
    # The scenario aims at 68,000 pupils on roll; cohorts are drawn, moves and
    # off-roll episodes taken away, so the count falls within about 8 %.
    assert 62_500 <= on_roll.pupils <= 73_500
    assert 230 <= on_roll.schools <= 240
    marks = default_scenario.query(
        "select count(*) as marks from staging.stg_attendance__session_marks"
    ).iloc[0]
    assert marks.marks == default_scenario.summary["rows"]["session_marks"] > 40_000_000

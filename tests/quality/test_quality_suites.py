"""The suites: generated from the contract's declarations and the seeds, committed, loadable by GX."""

from __future__ import annotations

import csv
from datetime import date

import great_expectations as gx
import pandas as pd

from cmoe.contract import load_extracts
from cmoe.paths import REFERENCE_SEEDS_DIR
from cmoe.quality.declarations import load_declarations
from cmoe.quality.feed import FEED_CHECKS
from cmoe.quality.gx_expectations import date_order_counts, looks_month_first, out_of_order, parse_date
from cmoe.quality.header import HEADER_CHECKS
from cmoe.quality.registers import REGISTER_CHECKS
from cmoe.quality.reports import REPORT_CHECKS
from cmoe.quality.suites import EXPECTATIONS_DIR, committed_suites, generated_suites

ARRIVAL_SUITES = {
    "pupil_roll",
    "exclusions",
    "ehe_register",
    "cme_referrals",
    "rep_notifications",
    "medical_cases",
    "ap_placements",
    "social_care_episodes",
    "exclusion_notifications",
    "session_marks",
}


def test_the_committed_suites_equal_freshly_generated_ones():
    # If this fails, run `python -m cmoe.quality build-suites` and commit expectations/.
    assert committed_suites() == generated_suites()
    assert set(committed_suites()) == ARRIVAL_SUITES | {"rpt_indicator_snapshot", "rpt_exclusion_history"}


def test_every_expectation_has_its_check_and_the_checks_severity():
    # A failed expectation finds its message by the check name in its meta: none may go without.
    checks = {"register": REGISTER_CHECKS, "feed": FEED_CHECKS, "report": REPORT_CHECKS}
    for suite in generated_suites().values():
        kind = suite["meta"]["cmoe"]["kind"]
        for expectation in suite["expectations"]:
            meta = expectation["meta"]
            found = (HEADER_CHECKS if meta["part"] == "header" else checks[kind])[meta["check"]]
            assert (found.severity, found.blocking, found.part) == (
                expectation["severity"],
                meta["blocking"],
                meta["part"],
            )


def test_the_committed_file_context_loads_every_suite():
    context = gx.get_context(mode="file", context_root_dir=EXPECTATIONS_DIR)
    assert {suite.name for suite in context.suites.all()} == set(committed_suites())
    assert context.list_data_docs_sites() == {}  # results and Data Docs go to the workspace


def test_every_contract_column_is_declared():
    declarations = load_declarations()
    assert {name: tuple(c.name for c in d.columns) for name, d in declarations.items()} == {
        name: extract.columns for name, extract in load_extracts().items()
    }


def test_every_expectation_is_blocking_or_a_warning_and_uses_the_seed_rule_codes():
    with (REFERENCE_SEEDS_DIR / "dq_rules.csv").open(newline="") as handle:
        ours = {
            row["rule_code"] for row in csv.DictReader(handle) if row["detected_by"] == "great_expectations"
        }
    used = set()
    for suite in generated_suites().values():
        for expectation in suite["expectations"]:
            meta = expectation["meta"]
            assert expectation["severity"] == ("critical" if meta["blocking"] else "warning")
            if "rule_code" in meta:
                assert not meta["blocking"] and "column" in expectation["kwargs"]
                used.add(meta["rule_code"])
    assert used == ours


def test_each_suite_judges_the_header_first_a_missing_column_blocking():
    suites = generated_suites()
    for name in ARRIVAL_SUITES:
        contract = [c.name for c in load_declarations()[name].columns]
        header = [e for e in suites[name]["expectations"] if e["meta"]["part"] == "header"]
        assert suites[name]["expectations"][:3] == header
        assert [(e["type"], e["meta"]["check"], e["meta"]["blocking"]) for e in header] == [
            ("expect_table_columns_to_match_set", "columns_present", True),
            ("expect_table_columns_to_match_set", "extra_columns", False),
            ("expect_table_columns_to_follow_order", "column_order", False),
        ]
        assert [e["kwargs"] for e in header] == [
            {"column_set": contract, "exact_match": False},
            {"column_set": contract},  # exact_match: GX's default, true
            {"column_list": contract},
        ]


def test_each_register_suite_blocks_an_empty_file_and_us_dates():
    suites = generated_suites()
    for name in ARRIVAL_SUITES - {"session_marks"}:
        on_rows = [e for e in suites[name]["expectations"] if e["meta"]["part"] != "header"]
        blocking = [e for e in on_rows if e["meta"]["blocking"]]
        assert blocking[0]["type"] == "expect_table_row_count_to_be_between"
        assert blocking[0]["kwargs"] == {"min_value": 1}
        dates = {c.name for c in load_declarations()[name].columns if c.type == "date"}
        assert {e["kwargs"]["column"] for e in blocking[1:]} == dates
        assert {e["type"] for e in blocking[1:]} == {"expect_column_dates_to_be_day_first"}


def test_uk_dates_parse_as_dbt_reads_them():
    assert parse_date("1/2/2020") == parse_date("01/02/2020") == date(2020, 2, 1)
    assert parse_date("2020-02-01") == date(2020, 2, 1)
    assert parse_date("31/02/2020") is parse_date("02/31/2020 x") is parse_date("") is None


def test_a_column_reads_as_us_format_only_when_most_dates_read_month_first():
    uk = pd.Series(["13/01/2010", "01/02/2010", "25/12/2009", None, ""])
    us = pd.Series(["01/13/2010", "02/01/2010", "12/25/2009", "07/30/2011"])
    assert date_order_counts(uk) == {"dates": 3, "day_first": 3, "month_first": 1}
    assert not looks_month_first(date_order_counts(uk), 0.9)
    assert looks_month_first(date_order_counts(us), 0.9)
    junk = pd.Series(["13/01/2010", "n/a", "unknown", "2010"])
    assert not looks_month_first(date_order_counts(junk), 0.9)


def test_column_order_counts_only_the_listed_columns_that_arrived():
    order = ["a", "b", "c", "d"]
    assert out_of_order(["a", "b", "c", "d"], order) == []
    assert out_of_order(["a", "x", "b", "d", "y"], order) == []  # extra columns and a missing one: in order
    assert out_of_order(["b", "a", "c", "d"], order) == ["b", "a", "c", "d"]
    assert out_of_order(["a", "d", "x", "c"], order) == ["a", "d", "c"]
    assert out_of_order(["a", "b", "a"], order) == []  # a repeated name counts where it first is
    assert out_of_order([], order) == []

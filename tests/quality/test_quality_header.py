"""The arrival checks on a file's header: which columns arrived, in what order."""

from __future__ import annotations

import pandas as pd
import pytest
from arrival_helpers import Records

from cmoe.quality import ArrivalError


def _renamed(old: str, new: str):
    def change(records: Records) -> Records:
        return [[new if name == old else name for name in records[0]], *records[1:]]

    return change


def test_a_missing_column_blocks_naming_the_file_line_and_column_and_nothing_else_is_checked(arrival):
    path = arrival.rewrite("ehe", "ehe_register", _renamed("PRIMARY_REASON", "REASON"))
    arrival.land()

    with pytest.raises(ArrivalError) as raised:
        arrival.check()

    # Only the header's failure: the file's empty column is not reported row by row.
    assert raised.value.failures == [
        f"ehe/{path.name}: line 1: missing_columns: PRIMARY_REASON not in the header"
        " (it has REASON, not in the contract)"
    ]
    (page,) = raised.value.pages
    assert page.name == f"cmoe-{path.stem}_header.html" and page.is_file()
    assert "ehe_register" not in set(arrival.issues()["source_table"])


def test_missing_columns_are_named_in_the_contract_s_order(arrival):
    def drop(records: Records) -> Records:
        keep = [i for i, name in enumerate(records[0]) if name not in ("DOB", "Surname")]
        return [[record[i] for i in keep] for record in records]

    path = arrival.rewrite("ews", "cme_referrals", drop)
    arrival.land()

    with pytest.raises(ArrivalError) as raised:
        arrival.check()

    missing = "line 1: missing_columns: Surname, DOB not in the header"
    assert raised.value.failures == [f"ews/{path.name}: {missing}"]


def test_an_extra_column_and_another_order_are_warnings_and_the_run_goes_on(arrival):
    def reorder_and_add(records: Records) -> Records:
        return [[*reversed(record), "NOTES" if i == 0 else "x"] for i, record in enumerate(records)]

    path = arrival.rewrite("ews", "cme_referrals", reorder_and_add)
    result = arrival.land_and_check()

    label = f"ews/{path.name}: line 1"
    expected = [
        f"{label}: extra_columns: NOTES not in the contract, dropped from the copy",
        f"{label}: column_order: columns in another order, mapped by name"
        " (ClosureOutcome, ClosureDate, ReferringSchoolURN, ReferralReason, ReferralDate, ...)",
    ]
    assert [w for w in result.warnings if w.startswith(label)] == expected
    # Listed for the data-quality page too.
    listed = pd.read_csv(arrival.quality_dir / "file_warnings.csv", dtype=str, keep_default_na=False)
    assert listed.columns.tolist() == ["found_by", "warning"]
    assert listed[listed["warning"].str.startswith(label)].values.tolist() == [
        ["arrival checks", warning] for warning in expected
    ]


def test_an_extra_column_alone_is_not_another_order(arrival):
    def add_first(records: Records) -> Records:
        return [["NOTES" if i == 0 else "", *record] for i, record in enumerate(records)]

    path = arrival.rewrite("ews", "cme_referrals", add_first)
    result = arrival.land_and_check()

    # The header's warnings (line 1); the generated rows may bring their own.
    assert [w for w in result.warnings if w.startswith(f"ews/{path.name}: line 1:")] == [
        f"ews/{path.name}: line 1: extra_columns: NOTES not in the contract, dropped from the copy"
    ]


def test_names_differing_in_case_only_pass_the_header_checks(arrival):
    path = arrival.rewrite("ews", "cme_referrals", _renamed("DOB", "dob"))
    result = arrival.land_and_check()

    assert not [w for w in result.warnings if w.startswith(f"ews/{path.name}: line 1:")]
    # The landing step said how it read the name; the page lists that too.
    listed = pd.read_csv(arrival.quality_dir / "file_warnings.csv", dtype=str, keep_default_na=False)
    assert listed.values.tolist() == [["landing", f"{path}: line 1: header_names: 'dob' read as DOB"]]


def test_a_feed_column_missing_from_the_parquet_schema_blocks_before_the_summary(arrival):
    arrival.rewrite_feed("select * exclude (session) from feed")
    arrival.land()

    with pytest.raises(ArrivalError) as raised:
        arrival.check()

    (path,) = arrival.attendance.glob("session_marks_*")
    assert raised.value.failures == [f"attendance/{path.name}: missing_columns: session not in the schema"]

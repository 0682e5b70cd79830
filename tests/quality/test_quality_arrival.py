"""The arrival checks on the small scenario: what passes, what blocks the run, what the messages say."""

from __future__ import annotations

import json
import re

import pytest
from arrival_helpers import Records

from cmoe.quality import ArrivalError
from cmoe.quality.declarations import load_declarations

ARRIVAL_ISSUES_HEADER = (
    "checked_at,source_table,source_file,source_line,rule_code,column_name,value,expectation"
)
ROW_LEVEL_RULES = {
    "unparseable_value",
    "implausible_date",
    "unknown_code",
    "unknown_school",
    "invalid_upn_format",
    "duplicate_key",
    "missing_value",
}


def test_the_unbroken_scenario_passes_with_its_data_docs_and_issues_file(arrival):
    result = arrival.land_and_check()

    assert result.docs == arrival.quality_dir / "data_docs" / "index.html"
    assert result.docs.is_file()
    # Each of the 9 files: its header, then its checks.
    assert len(list((arrival.quality_dir / "data_docs" / "validations").rglob("*.html"))) == 20
    text = (arrival.landed_root / "_arrival_issues.csv").read_text(encoding="utf-8")
    assert text.splitlines()[0] == ARRIVAL_ISSUES_HEADER
    issues = arrival.issues()
    assert len(issues) == result.issue_rows
    assert set(issues["rule_code"]) <= ROW_LEVEL_RULES
    assert not any(warning.startswith("error") for warning in result.warnings)
    # No previous run: every extract's comparisons are skipped, and said to be.
    assert len(result.skipped) == len(load_declarations()) == 10
    assert all("no previous run" in line and "skipped" in line for line in result.skipped)
    history = json.loads((arrival.quality_dir / "arrival_history.json").read_text())["extracts"]
    assert set(history) == set(load_declarations())
    assert history["pupil_roll"]["rows"] == len(arrival.file_rows("school_census", "pupil_roll"))


def test_a_header_only_register_blocks_the_run_naming_the_file(arrival):
    path = arrival.rewrite("ews", "cme_referrals", lambda records: records[:1])
    arrival.land()

    with pytest.raises(ArrivalError) as raised:
        arrival.check()

    assert raised.value.failures == [f"ews/{path.name}: no rows: the file has a header only"]
    (page,) = raised.value.pages
    assert page.is_file() and page.is_relative_to(arrival.quality_dir / "data_docs" / "validations")
    assert f"Data Docs: {page}" in str(raised.value)
    # Nothing was built on it: the next run still has no previous figures to compare with.
    assert not (arrival.quality_dir / "arrival_history.json").exists()
    assert (arrival.landed_root / "_arrival_issues.csv").read_text().startswith(ARRIVAL_ISSUES_HEADER)


def _month_first(records: Records, column: str) -> Records:
    position = records[0].index(column)
    for record in records[1:]:
        day, month, year = record[position].split("/")
        record[position] = f"{month}/{day}/{year}"
    return records


def test_a_us_format_date_column_blocks_the_run_naming_the_column(arrival):
    path = arrival.rewrite("ews", "cme_referrals", lambda records: _month_first(records, "DOB"))
    arrival.land()

    with pytest.raises(ArrivalError) as raised:
        arrival.check()

    (failure,) = raised.value.failures
    assert re.fullmatch(
        rf"ews/{path.name}: DOB: \d+% of dates are not dd/mm/yyyy; they read as mm/dd/yyyy \(US format\?\)",
        failure,
    )
    share = int(failure.split(": ")[2].split("%")[0])
    assert 40 <= share <= 80  # days after the 12th do not read day first
    assert "blocking failure" in str(raised.value) and "US format?" in str(raised.value)


def test_a_feed_with_no_marks_blocks_the_run(arrival):
    arrival.rewrite_feed("select * from feed where false")
    arrival.land()

    with pytest.raises(ArrivalError) as raised:
        arrival.check()

    (path,) = arrival.attendance.glob("session_marks_*")
    assert raised.value.failures == [f"attendance/{path.name}: no session marks: the feed is empty"]


def test_the_feed_summary_warns_of_sessions_dates_and_codes(arrival):
    arrival.rewrite_feed(
        "select pupil_upn, school_urn,"
        " case when file_row_number = 1 then date '1999-12-31' else attendance_date end as attendance_date,"
        " case when file_row_number % 1000 = 0 then 'XX' else session end as session,"
        " case when file_row_number % 50 = 1 then 'ZZ' else mark end as mark"
        " from read_parquet(?, file_row_number = true)"
    )
    result = arrival.land_and_check()

    (path,) = arrival.attendance.glob("session_marks_*")
    feed = [warning for warning in result.warnings if warning.startswith(f"attendance/{path.name}: ")]
    assert any(re.search(r": session: [\d,]+ mark\(s\) with a session other than AM or PM$", w) for w in feed)
    assert any(
        ": attendance_date: 1 mark(s) dated before 01/01/2000 or after the extract date" in w for w in feed
    )
    assert any(re.search(r": mark: 2\.\d\d% of marks are not codes of attendance_codes", w) for w in feed)
    # The feed is file-level only: dbt lists its marks one by one.
    assert "session_marks" not in set(arrival.issues()["source_table"])

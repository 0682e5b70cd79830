"""The report checks, on a tiny build database with the three report tables."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest

from cmoe.quality import ReportError, check_reports
from cmoe.quality.reports import change_warning_share

SNAPSHOT = pd.DataFrame(
    {
        "indicator_code": ["ehe_learners", "ehe_learners", "open_cme", "open_cme"],
        "indicator_name": ["Total number of EHE learners"] * 2 + ["Open CME"] * 2,
        "display_order": [1, 1, 2, 2],
        "period_label": ["2021-22", "Current"] * 2,
        "period_type": ["end_of_year", "current"] * 2,
        "as_at_date": pd.to_datetime(["2022-08-31", "2022-10-06"] * 2).date,
        "value": [3, 2, 1, 4],
    }
)
HISTORY = pd.DataFrame(
    {
        "academic_year": ["2020/21", "2021/22"],
        "academic_year_start": [2020, 2021],
        "permanent_exclusions": [2, 3],
        "suspensions": [40, 50],
        "january_census_date": pd.to_datetime(["2021-01-21", "2022-01-20"]).date,
        "january_headcount": [3000, 3100],
        "permanent_exclusions_per_100": [100 * 2 / 3000, 100 * 3 / 3100],
        "suspensions_per_100": [100 * 40 / 3000, 100 * 50 / 3100],
        "is_complete_year": [True, True],
    }
)


def members_of(snapshot: pd.DataFrame) -> pd.DataFrame:
    """One member row per child counted in each indicator value."""
    rows = [
        {
            "indicator_code": row.indicator_code,
            "period_label": row.period_label,
            "as_at_date": row.as_at_date,
            "child_id": f"CH{row.indicator_code}{row.period_label}{child}",
            "case_id": f"CASE{child}",
            "open_case_count": 1,
        }
        for row in snapshot.itertuples()
        for child in range(row.value)
    ]
    return pd.DataFrame(rows)


def build_database(path: Path, snapshot: pd.DataFrame, members: pd.DataFrame, history: pd.DataFrame) -> Path:
    with duckdb.connect(str(path)) as connection:
        connection.execute("create schema reporting")
        for name, frame in (
            ("rpt_indicator_snapshot", snapshot),
            ("rpt_indicator_member", members),
            ("rpt_exclusion_history", history),
        ):
            connection.register("frame", frame)
            connection.execute(f"create table reporting.{name} as select * from frame")
            connection.unregister("frame")
    return path


@pytest.fixture()
def exports(tmp_path) -> Path:
    """The previous release's exports: the same snapshot as SNAPSHOT."""
    folder = tmp_path / "exports"
    folder.mkdir()
    SNAPSHOT.to_parquet(folder / "rpt_indicator_snapshot.parquet")
    return folder


def test_reports_that_add_up_and_did_not_change_pass(tmp_path, exports):
    database = build_database(tmp_path / "build.duckdb", SNAPSHOT, members_of(SNAPSHOT), HISTORY)
    result = check_reports(database, exports, tmp_path / "quality")
    assert result.warnings == () and result.skipped == ()
    assert result.docs.is_file()


def test_no_previous_release_skips_the_comparison_and_says_so(tmp_path):
    database = build_database(tmp_path / "build.duckdb", SNAPSHOT, members_of(SNAPSHOT), HISTORY)
    result = check_reports(database, tmp_path / "no_release", tmp_path / "quality")
    assert result.warnings == ()
    assert result.skipped == ("no previous published run: indicator values not compared",)


def test_a_big_indicator_change_is_a_warning_naming_indicator_and_period(tmp_path, exports):
    changed = SNAPSHOT.assign(value=[3, 2, 1, 9])  # open CME, Current: 4 -> 9
    database = build_database(tmp_path / "build.duckdb", changed, members_of(changed), HISTORY)

    result = check_reports(database, exports, tmp_path / "quality")

    assert change_warning_share() == 0.25
    assert result.warnings == (
        "rpt_indicator_snapshot: changed by more than 25% since the previous published run: "
        "open_cme, Current: 9 against 4 (+125%)",
    )


def test_a_snapshot_value_that_is_not_its_member_rows_blocks(tmp_path, exports):
    members = members_of(SNAPSHOT)
    members = members.drop(
        members.index[(members["indicator_code"] == "ehe_learners")][:1]
    )  # 2021-22: 2 of 3
    database = build_database(tmp_path / "build.duckdb", SNAPSHOT, members, HISTORY)

    with pytest.raises(ReportError) as raised:
        check_reports(database, exports, tmp_path / "quality")

    assert raised.value.failures == [
        "rpt_indicator_snapshot: ehe_learners, 2021-22: value 3 but 2 member row(s) in rpt_indicator_member"
    ]
    assert "the report checks found 1 blocking failure(s)" in str(raised.value)
    assert raised.value.pages and raised.value.pages[0].is_file()


def test_an_exclusion_rate_that_is_not_count_over_headcount_blocks(tmp_path, exports):
    history = HISTORY.assign(suspensions_per_100=[100 * 40 / 3000, 1.5])
    database = build_database(tmp_path / "build.duckdb", SNAPSHOT, members_of(SNAPSHOT), history)

    with pytest.raises(ReportError) as raised:
        check_reports(database, exports, tmp_path / "quality")

    (failure,) = raised.value.failures
    assert failure.startswith(
        "rpt_exclusion_history: 2021/22: suspensions_per_100 1.5 but 100 * 50 / 3100 = 1.61"
    )

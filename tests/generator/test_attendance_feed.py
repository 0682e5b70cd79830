"""The generated attendance: Wiltshire's mix, every code in force, the feed's noise, the truth behind it.

The small scenario (seed 7, as the pipeline tests use) and the recent one
(extracts in October 2024, across the change of codes) are generated once
per module; no dbt.
"""

from __future__ import annotations

import csv
from datetime import date

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from cmoe.generator import generate
from cmoe.generator.attendance_codes import CATEGORY, CodeBook
from cmoe.generator.attendance_profile import WILTSHIRE_2025_26_TOTAL
from cmoe.generator.school_calendar import SchoolCalendar
from cmoe.paths import REFERENCE_SEEDS_DIR

CODE_BOOK = CodeBook.from_seed()
CALENDAR = SchoolCalendar.from_seeds(REFERENCE_SEEDS_DIR)
CHANGE_OF_CODES = date(2024, 8, 19)


class Generated:
    def __init__(self, root, scenario: str, seed: int):
        self.root = root
        self.summary = generate(
            scenario, seed, 1.0, root / "seeds" / "extracts", root / "landing" / "attendance", root / "truth"
        )
        self.date_text = self.summary["extract_date"].replace("-", "")
        path = root / "landing" / "attendance" / f"session_marks_{self.date_text}.parquet"
        self.feed = pq.read_table(path).to_pandas()
        for column in ("pupil_upn", "school_urn", "session", "mark"):
            self.feed[column] = self.feed[column].astype(str)
        self.feed["attendance_date"] = pd.to_datetime(self.feed["attendance_date"])

    def truth(self, name: str) -> pd.DataFrame:
        return pd.read_csv(self.root / "truth" / f"{name}.csv", dtype={"school_urn": str, "nc_year": str})

    def roll(self) -> pd.DataFrame:
        path = self.root / "seeds" / "extracts" / "school_census" / f"pupil_roll_{self.date_text}.csv"
        roll = pd.read_csv(path, dtype=str, keep_default_na=False)
        owners = self.truth("record_owners")
        roll["child_id"] = owners[owners["table"] == "pupil_roll"].sort_values("line")["child_id"].to_numpy()
        for column in ("EntryDate", "LeavingDate"):
            roll[column] = pd.to_datetime(roll[column], format="%d/%m/%Y")
        return roll


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Generated:
    return Generated(tmp_path_factory.mktemp("small"), "small", seed=7)


@pytest.fixture(scope="module")
def recent(tmp_path_factory) -> Generated:
    return Generated(tmp_path_factory.mktemp("recent"), "recent", seed=7)


def _codes_of_set(code_set: str) -> set[str]:
    return {
        row.code for row in CODE_BOOK.rows if row.code_set == code_set and row.valid_to != date(2013, 8, 31)
    }


# --- The mix -------------------------------------------------------------------------------------


def test_2021_22_looks_like_wiltshire(small):
    summary = small.truth("attendance_summary")
    (total,) = summary[
        (summary["academic_year_start"] == 2021)
        & (summary["education_phase"] == "total")
        & (summary["nc_year"] == "total")
    ].itertuples()
    generated = {
        "present": total.present_sessions / total.possible_sessions,
        "aea": total.aea_sessions / total.possible_sessions,
        "authorised": total.authorised_sessions / total.possible_sessions,
        "illness": total.illness_sessions / total.possible_sessions,
        "unauthorised": total.unauthorised_sessions / total.possible_sessions,
    }
    published = WILTSHIRE_2025_26_TOTAL.category_shares
    for category, share in generated.items():
        assert share == pytest.approx(published[category], abs=0.005), category
    persistent = total.persistent_absentees / total.enrolments
    assert persistent == pytest.approx(published["persistent_absentees"], abs=0.02)


def test_secondary_pupils_are_absent_more_than_primary(small):
    summary = small.truth("attendance_summary")
    totals = summary[(summary["academic_year_start"] == 2021) & (summary["nc_year"] == "total")].set_index(
        "education_phase"
    )
    absence = (totals["authorised_sessions"] + totals["unauthorised_sessions"]) / totals["possible_sessions"]
    assert absence["primary"] < absence["secondary"]
    persistent = totals["persistent_absentees"] / totals["enrolments"]
    assert persistent["primary"] < persistent["secondary"]


def test_every_code_of_the_2006_set_is_written(small):
    written = set(small.feed["mark"])
    assert _codes_of_set("2006") <= written


def test_no_reason_yet_is_mostly_in_the_last_days_before_the_extract(small):
    marks = small.feed[small.feed["mark"] == "N"]
    last_week = marks["attendance_date"] >= pd.Timestamp(CALENDAR.add_school_days(date(2022, 10, 5), -4))
    per_day_recent = last_week.sum() / 5
    per_day_before = (~last_week).sum() / len(CALENDAR.between(date(2020, 9, 1), date(2022, 9, 28)))
    assert per_day_recent > 20 * per_day_before


# --- The feed's noise ------------------------------------------------------------------------------


KEY = ["pupil_upn", "school_urn", "attendance_date", "session"]


def test_some_rows_are_sent_twice(small, recent):
    for generated in (small, recent):
        feed = generated.feed
        repeated = (feed.shift() == feed).all(axis=1)
        assert repeated.sum() >= 5


def test_corrections_follow_their_provisional_mark(small, recent):
    for generated in (small, recent):
        feed = generated.feed[generated.feed["pupil_upn"] != ""]
        sessions = feed.groupby(KEY, observed=True)["mark"]
        corrected = feed[sessions.transform("nunique") > 1]
        assert corrected.groupby(KEY, observed=True).ngroups >= 5
        first = corrected.groupby(KEY, observed=True)["mark"].first()
        assert (first == "N").mean() > 0.5  # the provisional mark is mostly N


def test_some_marks_are_on_days_without_school(small, recent):
    open_days = np.concatenate([CALENDAR.school_days, CALENDAR.inset_days]).astype("datetime64[ns]")
    for generated in (small, recent):
        off_days = ~generated.feed["attendance_date"].isin(open_days)
        assert off_days.sum() >= 5


def test_some_marks_are_for_pupils_off_the_schools_roll(small, recent):
    for generated in (small, recent):
        roll = generated.roll()
        roll = roll[roll["UPN"] != ""]
        feed = generated.feed.reset_index(names="line")
        joined = feed.merge(roll, left_on=["pupil_upn", "school_urn"], right_on=["UPN", "URN"], how="inner")
        on_roll = (joined["EntryDate"] <= joined["attendance_date"]) & (
            joined["LeavingDate"].isna() | (joined["attendance_date"] <= joined["LeavingDate"])
        )
        lines_on_roll = set(joined.loc[on_roll, "line"])
        off_roll = set(joined["line"]) - lines_on_roll
        assert len(off_roll) >= 5


def test_codes_are_written_as_the_set_in_force_names_them(small, recent):
    before = small.feed
    assert {"K", "C2"} <= set(before["mark"])  # a few 2024 codes too early: the register's faults
    assert (before["mark"] == "?").sum() >= 3
    feed = recent.feed
    new_set = feed["attendance_date"] >= pd.Timestamp(CHANGE_OF_CODES)
    after, earlier = set(feed.loc[new_set, "mark"]), set(feed.loc[~new_set, "mark"])
    assert {"K", "C2", "J1"} <= after
    assert any(code.startswith("Y") and len(code) == 2 for code in after)  # Y1 to Y7
    assert {"B", "C", "J", "H", "Y"} <= earlier
    only_2024 = _codes_of_set("2024") - _codes_of_set("2006")
    only_2006 = _codes_of_set("2006") - _codes_of_set("2024")
    early = feed.loc[~new_set, "mark"].isin(only_2024)
    withdrawn = feed.loc[new_set, "mark"].isin(only_2006)
    assert 0 < early.sum() < 0.001 * (~new_set).sum()  # the register's faults only
    assert 0 < withdrawn.sum() < 0.001 * new_set.sum()


# --- The truth behind the feed ---------------------------------------------------------------------


def test_the_feed_read_by_the_warehouse_rules_gives_the_truth(small):
    """Latest line wins; only school days while on roll; counted by the seed. Per enrolment and year."""
    feed = small.feed.reset_index(names="line")
    latest = feed.sort_values("line").groupby(KEY, observed=True).tail(1)
    roll = small.roll()
    roll = roll[roll["UPN"] != ""]
    single = roll.groupby(["UPN", "URN"])["child_id"].transform("nunique") == 1
    joined = latest.merge(roll[single], left_on=["pupil_upn", "school_urn"], right_on=["UPN", "URN"])
    joined = joined[
        (joined["EntryDate"] <= joined["attendance_date"])
        & (joined["LeavingDate"].isna() | (joined["attendance_date"] <= joined["LeavingDate"]))
        & joined["attendance_date"].isin(CALENDAR.school_days.astype("datetime64[ns]"))
    ]
    counted = CODE_BOOK.classify(
        joined["mark"].map(CODE_BOOK.index).fillna(CODE_BOOK.index["?"]).astype(int).to_numpy(),
        joined["attendance_date"].to_numpy().astype("datetime64[D]"),
    )
    joined = joined.assign(
        possible=counted.is_possible,
        unauthorised=counted.category == CATEGORY["unauthorised_absence"],
        illness=counted.is_illness & counted.is_possible,
        academic_year_start=joined["attendance_date"].dt.year - (joined["attendance_date"].dt.month < 9),
        entry_date=joined["EntryDate"].dt.strftime("%Y-%m-%d"),
    )
    keys = ["child_id", "URN", "entry_date", "academic_year_start"]
    from_feed = joined.groupby(keys)[["possible", "unauthorised", "illness"]].sum()
    from_feed = from_feed[from_feed["possible"] > 0]
    truth = small.truth("attendance_enrolment_years").rename(columns={"school_urn": "URN"}).set_index(keys)
    both = from_feed.join(truth, how="inner")
    assert len(both) > 0.9 * len(from_feed)
    assert (both["possible"] == both["possible_sessions"]).all()
    assert (both["unauthorised"] == both["unauthorised_sessions"]).all()
    assert (both["illness"] == both["illness_sessions"]).all()


def test_triggers_of_each_kind_are_found(small):
    triggers = small.truth("attendance_triggers")
    counts = triggers["trigger_code"].value_counts()
    assert {"cme_checklist", "cme_referral", "deletion_run", "illness_return"} <= set(counts.index)
    assert counts["cme_checklist"] >= counts["cme_referral"]
    # Most missing-education referrals made from school follow a referral-length run.
    answered = triggers[triggers["trigger_code"] == "cme_referral"]["cme_referral_date"].notna()
    assert answered.any()


def test_the_truth_files_have_their_headers(small):
    with (small.root / "truth" / "attendance_triggers.csv").open(newline="") as handle:
        assert next(csv.reader(handle)) == [
            "child_id",
            "school_urn",
            "entry_date",
            "trigger_code",
            "run_start_date",
            "crossing_date",
            "cme_referral_date",
        ]

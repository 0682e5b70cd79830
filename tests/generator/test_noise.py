"""The extracts carry the noise real systems have, measured against the truth."""

from __future__ import annotations

import re

import pandas as pd
import pyarrow.parquet as pq
import pytest

from cmoe import upn

UK_DATE = re.compile(r"^\d{1,2}/\d{1,2}/\d{4}$")


def _register(scenario, folder: str, table: str) -> pd.DataFrame:
    frame = pd.read_csv(
        scenario.extracts_root / folder / f"{table}_20221006.csv", dtype=str, keep_default_na=False
    )
    owners = pd.read_csv(scenario.truth / "record_owners.csv")
    owners = owners[owners["table"] == table].sort_values("line")
    assert len(owners) == len(frame)
    frame["person"] = owners["child_id"].to_numpy()
    return frame


@pytest.fixture(scope="module")
def roll(small_scenario):
    return _register(small_scenario, "school_census", "pupil_roll")


@pytest.fixture(scope="module")
def referrals(small_scenario):
    return _register(small_scenario, "ews", "cme_referrals")


def test_schools_hold_temporary_and_mistyped_upns_and_never_none(roll):
    upns = roll["UPN"]
    temporary = upns[upns.map(upn.is_temporary)]
    invalid = upns[upns.map(lambda value: not upn.is_valid(value))]
    assert 0.005 < len(temporary) / len(roll) < 0.03
    assert 0 < len(invalid) / len(roll) < 0.01
    assert (upns == "").sum() == 0


def test_a_child_moving_school_can_carry_two_upns(roll):
    upns_per_child = roll.groupby("person")["UPN"].nunique()
    assert (upns_per_child > 1).sum() > 0


def test_dates_are_written_the_uk_way(small_scenario, roll, referrals):
    for frame, columns in (
        (roll, ["DOB", "EntryDate", "LeavingDate"]),
        (referrals, ["ReferralDate", "ClosureDate"]),
    ):
        for column in columns:
            values = frame.loc[frame[column] != "", column]
            assert len(values) > 0
            assert values.map(bool).all() and values.map(lambda value: bool(UK_DATE.match(value))).all(), (
                column
            )
    # The service writes days and months without a leading zero.
    assert referrals["ReferralDate"].str.match(r"^\d/").any()


def test_the_ews_keys_some_referrals_twice(referrals):
    copies = referrals.groupby(["person", "ReferralDate"])["ReferralID"].agg(["nunique", "count"])
    keyed_twice = copies[copies["count"] > 1]
    assert len(keyed_twice) > 0
    assert (keyed_twice["nunique"] == keyed_twice["count"]).all()  # each copy has its own reference


def test_la_systems_spell_names_differently_from_schools(small_scenario, roll):
    ehe = _register(small_scenario, "ehe", "ehe_register")
    legal = roll.groupby("person")[["Forename", "Surname"]].first().reset_index()
    joined = ehe.merge(legal, on="person", how="inner")
    differs = (joined["FORENAME"] != joined["Forename"]) | (joined["SURNAME"] != joined["Surname"])
    assert 0.02 < differs.mean() < 0.3


def test_la_records_know_the_upn_only_sometimes(small_scenario, referrals):
    ehe = _register(small_scenario, "ehe", "ehe_register")
    for frame in (ehe, referrals):
        known = (frame["UPN"] != "").mean()
        assert 0.3 < known < 0.95


def test_some_codes_are_on_no_list(small_scenario):
    exclusions = _register(small_scenario, "school_census", "exclusions")
    assert (exclusions["Category"].isin(["PERM", "FIXD", "SUSP", "LNCH"])).all()
    feed = pq.read_table(small_scenario.build.attendance_root / "session_marks_20221006.parquet").to_pandas()
    marks = feed["mark"].astype(str)
    assert (marks == "?").any()
    assert marks.isin(["K", "C2"]).any()  # 2024 codes used before they existed
    # Most marks are present ones, even with the January 2021 lockdown (X) and INSET days (#) in the feed.
    assert marks.value_counts(normalize=True)[["/", "\\"]].sum() > 0.75


def test_the_census_sends_some_exclusions_twice(small_scenario):
    exclusions = _register(small_scenario, "school_census", "exclusions")
    columns = [column for column in exclusions.columns if column != "person"]
    assert exclusions.duplicated(subset=columns).sum() > 0

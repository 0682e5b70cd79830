"""A built warehouse's attendance figures and CMOE cohort against the generator's truth.

The truth (truth/attendance_*.csv) is computed by the generator from the
simulated registers, never from the pipeline; the warehouse computes the same
figures from the noisy feed. Records are matched through the truth's record
owners (each landed roll line's real child) and the registration's school
and entry date. Used by the small scenario's tests and by
`scripts/compare_attendance_with_truth.py` and
`scripts/compare_cmoe_cohort_with_truth.py` on any generated workspace.

A CME referral the warehouse does not see after a crossing because the
child's referral and roll records were not linked as one child is a linking
miss, not an attendance one: such differences are reported apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

MEASURES = {  # truth column -> warehouse column (fct_enrolment_attendance)
    "possible_sessions": "possible_sessions",
    "present_sessions": "present_sessions",
    "aea_sessions": "approved_educational_activity_sessions",
    "authorised_sessions": "authorised_absence_sessions",
    "illness_sessions": "illness_sessions",
    "unauthorised_sessions": "unauthorised_absence_sessions",
    "is_persistent_absentee": "is_persistent_absentee",
    "is_severe_absentee": "is_severe_absentee",
}
SUMMARY_MEASURES = {  # truth column -> rpt_attendance_summary column
    "enrolments": "total_enrolments",
    "possible_sessions": "possible_sessions",
    "present_sessions": "present_sessions",
    "aea_sessions": "approved_educational_activity",
    "authorised_sessions": "authorised_absence",
    "illness_sessions": "reason_i_authorised_illness",
    "unauthorised_sessions": "unauthorised_absence",
    "persistent_absentees": "enrolments_pa_10_exact",
    "severe_absentees": "enrolments_pa_50_exact",
}
REGISTRATION = ["child_id", "school_urn", "entry_date"]


@dataclass(frozen=True)
class Comparison:
    """One figure compared: how many rows agree, those that do not, and differences explained by
    linking (a child's records left as two children)."""

    name: str
    compared: int
    differences: pd.DataFrame
    split_by_linking: pd.DataFrame | None = None

    @property
    def agrees(self) -> bool:
        return self.differences.empty

    def line(self) -> str:
        split = self.split_by_linking
        linking = (
            f", {len(split):,} more differ only as the child's records were not linked"
            if split is not None
            else ""
        )
        return f"{self.name}: {self.compared:,} compared, {len(self.differences):,} differ{linking}"


def _differs(joined: pd.DataFrame, column: str) -> pd.Series:
    """Rows where the truth's and the warehouse's value differ (4 and 4.0 agree; two blanks agree)."""
    truth, built = joined[f"{column}_truth"], joined[f"{column}_built"]
    return ~((truth == built) | (truth.isna() & built.isna()))


def _query(database: Path, sql: str) -> pd.DataFrame:
    with duckdb.connect(str(database), read_only=True) as connection:
        return connection.sql(sql).df()


def registrations(database: Path, truth: Path) -> pd.DataFrame:
    """Each warehouse registration with its real child (truth id), school and entry date."""
    owners = pd.read_csv(truth / "record_owners.csv", dtype={"line": int})
    owners["enrolment_id"] = owners["file_name"] + ":" + owners["line"].astype(str)
    built = _query(
        database,
        "select enrolment_record_id as enrolment_id, school_urn,"
        " cast(entry_date as varchar) as entry_date"
        " from intermediate.int_school_registrations_linked",
    )
    matched = built.merge(owners[["enrolment_id", "child_id"]], on="enrolment_id", how="inner")
    matched["school_urn"] = matched["school_urn"].astype(str)
    return matched


def _truth(truth: Path, name: str) -> pd.DataFrame:
    frame = pd.read_csv(truth / name, dtype={"school_urn": str, "entry_date": str})
    return frame


def enrolment_years(database: Path, truth: Path) -> Comparison:
    """Every registration-year's measures and flags."""
    wanted = _truth(truth, "attendance_enrolment_years.csv")
    known = registrations(database, truth)
    built = _query(
        database,
        "select enrolment_id, academic_year_start, "
        + ", ".join(MEASURES.values())
        + " from marts.fct_enrolment_attendance",
    ).merge(known, on="enrolment_id", how="left")
    built = built.rename(columns={v: k for k, v in MEASURES.items()})
    keys = [*REGISTRATION, "academic_year_start"]
    joined = wanted.merge(built, on=keys, how="outer", suffixes=("_truth", "_built"), indicator=True)
    differs = joined["_merge"] != "both"
    for column in MEASURES:
        differs |= _differs(joined, column)
    return Comparison("registration-years", len(joined), joined[differs])


def child_years(database: Path, truth: Path) -> Comparison:
    """Every child's measures and persistent-absence flag in each year, all registrations together.

    The truth sums each real child's registration-years; the warehouse's child is matched to the real
    one through its registrations. A child the warehouse left as two is reported apart.
    """
    wanted = _truth(truth, "attendance_enrolment_years.csv")
    sums = ["possible_sessions", "present_sessions", "aea_sessions", "authorised_sessions"]
    sums += ["illness_sessions", "unauthorised_sessions"]
    wanted = wanted.groupby(["child_id", "academic_year_start"], as_index=False)[sums].sum()
    absence = wanted["authorised_sessions"] + wanted["unauthorised_sessions"]
    wanted["is_persistent_absentee"] = 100 * absence >= 10 * wanted["possible_sessions"]
    wanted["is_severe_absentee"] = 100 * absence >= 50 * wanted["possible_sessions"]
    owners = (
        registrations(database, truth)
        .merge(
            _query(database, "select enrolment_id, child_id as linked_child from marts.fct_enrolment"),
            on="enrolment_id",
        )[["linked_child", "child_id"]]
        .drop_duplicates()
    )
    built = _query(
        database,
        "select child_id as linked_child, academic_year_start, "
        + ", ".join(f"{column} as {name}" for name, column in MEASURES.items())
        + " from marts.fct_child_attendance",
    ).merge(owners, on="linked_child", how="left")
    apart = split_people(database, truth)
    keys = ["child_id", "academic_year_start"]
    joined = wanted.merge(built, on=keys, how="outer", suffixes=("_truth", "_built"), indicator=True)
    differs = joined["_merge"] != "both"
    for column in MEASURES:
        differs |= _differs(joined, column)
    reported_apart = differs & joined["child_id"].isin(apart)
    return Comparison("child-years", len(joined), joined[differs & ~reported_apart], joined[reported_apart])


def triggers(database: Path, truth: Path) -> Comparison:
    """Every threshold crossing (registration, trigger, day) and the CME referral that followed."""
    wanted = _truth(truth, "attendance_triggers.csv").fillna("")
    known = registrations(database, truth)
    built = _query(
        database,
        "select enrolment_id, trigger_code,"
        " coalesce(cast(run_start_date as varchar), '') as run_start_date,"
        " cast(crossing_date as varchar) as crossing_date,"
        " coalesce(cast(cme_referral_date as varchar), '') as cme_referral_date"
        " from reporting.rpt_attendance_trigger",
    ).merge(known, on="enrolment_id", how="left")
    keys = [*REGISTRATION, "trigger_code", "crossing_date"]
    joined = wanted.merge(built, on=keys, how="outer", suffixes=("_truth", "_built"), indicator=True)
    differs = (joined["_merge"] != "both") | (
        joined["run_start_date_truth"].astype(str) != joined["run_start_date_built"].astype(str)
    )
    referral_differs = joined["cme_referral_date_truth"].astype(str) != joined[
        "cme_referral_date_built"
    ].astype(str)
    split = referral_differs & ~differs & joined["child_id"].isin(split_people(database, truth))
    differs |= referral_differs & ~split
    return Comparison("trigger crossings", len(joined), joined[differs], joined[split])


def split_people(database: Path, truth: Path) -> set[int]:
    """The real children (truth ids) whose records the warehouse left as more than one child."""
    children = truth_children(database, truth).groupby("child_id")["linked_child"].nunique()
    return set(children[children > 1].index)


def truth_children(database: Path, truth: Path) -> pd.DataFrame:
    """The warehouse's child id and the real child (truth id) behind it, through the records
    (one row per pair: a child the warehouse merged from two real ones gives two rows)."""
    owners = pd.read_csv(truth / "record_owners.csv", dtype={"line": int})
    owners["record_id"] = owners["file_name"] + ":" + owners["line"].astype(str)
    links = _query(
        database, "select record_id, child_id as linked_child from intermediate.int_identity_records_linked"
    )
    return owners.merge(links, on="record_id")[["linked_child", "child_id"]].drop_duplicates()


def cmoe_cohort(database: Path, truth: Path) -> Comparison:
    """The CMOE cohort, child for child and reason for reason, with the day each reason began, on
    every as-at date the warehouse and the truth share (truth/cmoe_cohort.csv: what the records
    can reveal)."""
    wanted = _truth(truth, "cmoe_cohort.csv")
    built = _query(
        database,
        "select cast(as_at_date as varchar) as as_at_date, child_id as linked_child, cmoe_reason,"
        " cast(reason_start_date as varchar) as reason_start_date from reporting.rpt_cmoe_cohort",
    ).merge(truth_children(database, truth), on="linked_child", how="left")
    shared = set(wanted["as_at_date"]) & set(built["as_at_date"])
    wanted, built = wanted[wanted["as_at_date"].isin(shared)], built[built["as_at_date"].isin(shared)]
    keys = ["as_at_date", "child_id", "cmoe_reason"]
    joined = wanted.merge(built, on=keys, how="outer", suffixes=("_truth", "_built"), indicator=True)
    differs = (joined["_merge"] != "both") | _differs(joined, "reason_start_date")
    return Comparison("CMOE cohort members", len(joined), joined[differs])


def summary(database: Path, truth: Path) -> Comparison:
    """The LA by year, phase and national curriculum year."""
    wanted = _truth(truth, "attendance_summary.csv")
    wanted["nc_year"] = wanted["nc_year"].astype(str)
    built = _query(
        database,
        "select cast(substr(time_period, 1, 4) as integer) as academic_year_start,"
        " lower(education_phase) as education_phase,"
        " case when ncyear = 'Total' then 'total' else replace(ncyear, 'Year ', '') end as nc_year, "
        + ", ".join(f"{column} as {name}" for name, column in SUMMARY_MEASURES.items())
        + " from reporting.rpt_attendance_summary",
    )
    keys = ["academic_year_start", "education_phase", "nc_year"]
    joined = wanted.merge(built, on=keys, how="outer", suffixes=("_truth", "_built"), indicator=True)
    differs = joined["_merge"] != "both"
    for column in SUMMARY_MEASURES:
        differs |= _differs(joined, column)
    return Comparison("LA summary rows", len(joined), joined[differs])


def compare(database: Path, truth: Path) -> list[Comparison]:
    """Every attendance comparison."""
    return [
        enrolment_years(database, truth),
        child_years(database, truth),
        triggers(database, truth),
        summary(database, truth),
    ]

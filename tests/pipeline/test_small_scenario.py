"""The small scenario end to end: generated, built by dbt, published, reported.

Every figure the warehouse reports is checked against the generator's truth,
which is computed from the simulated history, never from the pipeline.
"""

from __future__ import annotations

import os
import stat

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pytest
from raw_files import read_records

from cmoe.contract import load_extracts
from cmoe.generator.children_of_interest import FLAGS
from cmoe.notebooks import run_notebooks
from cmoe.truth_check import cmoe_cohort

STAGING_MODELS = {
    "pupil_roll": "stg_school_census__enrolments",
    "exclusions": "stg_school_census__exclusions",
    "ehe_register": "stg_ehe__register_entries",
    "cme_referrals": "stg_ews__cme_referrals",
    "rep_notifications": "stg_rep__notifications",
    "medical_cases": "stg_mners__medical_cases",
    "ap_placements": "stg_placements__placements",
    "social_care_episodes": "stg_social_care__episodes",
    "exclusion_notifications": "stg_la_exclusions__notifications",
    "session_marks": "stg_attendance__session_marks",
}


INTEREST_FLAGS = set(FLAGS)


def test_every_indicator_equals_the_truth(small_scenario):
    truth = pd.read_csv(small_scenario.truth / "indicators.csv")
    built = small_scenario.query(
        "select indicator_code, period_label, cast(as_at_date as varchar) as as_at_date, value "
        "from reporting.rpt_indicator_snapshot"
    )
    # 13 indicators (the report's four, the CMOE row, eight children-of-interest flags), five
    # year ends and the current date.
    assert len(built) == 78
    compared = truth.merge(
        built, on=["indicator_code", "period_label"], how="outer", suffixes=("_truth", "_built")
    )
    assert len(compared) == len(truth) == 78
    assert (compared["as_at_date_truth"] == compared["as_at_date_built"]).all()
    mismatches = compared[compared["value_truth"] != compared["value_built"]]
    assert mismatches.empty, mismatches.to_string()
    assert truth["value"].sum() > 0
    # Every flag is up for some child at some date, so each is compared on real cases.
    flagged = truth[truth["indicator_code"].isin(INTEREST_FLAGS)].groupby("indicator_code")["value"].sum()
    assert set(flagged[flagged > 0].index) == INTEREST_FLAGS


def test_indicator_members_are_the_truths_children(small_scenario):
    """Child for child: each indicator's members, mapped to the real child behind their records."""
    owners = pd.read_csv(small_scenario.truth / "record_owners.csv")
    owners["record_id"] = owners["file_name"] + ":" + owners["line"].astype(str)
    links = small_scenario.query(
        "select record_id, child_id as built_child_id from intermediate.int_identity_records_linked"
    )
    people = owners.merge(links, on="record_id")[["built_child_id", "child_id"]].drop_duplicates()
    assert not people["built_child_id"].duplicated().any()
    built = small_scenario.query(
        "select indicator_code, period_label, child_id as built_child_id from reporting.rpt_indicator_member"
    )
    built = built.merge(people, on="built_child_id", how="left")
    assert built["child_id"].notna().all()
    truth = pd.read_csv(small_scenario.truth / "indicator_members.csv")
    keys = ["indicator_code", "period_label", "child_id"]
    compared = truth.merge(built[keys], on=keys, how="outer", indicator=True)
    differences = compared[compared["_merge"] != "both"]
    assert differences.empty, differences.to_string()
    assert set(INTEREST_FLAGS) <= set(truth["indicator_code"])


def test_indicator_members_are_the_counted_children(small_scenario):
    counts = small_scenario.query(
        """
        select
            snapshot.indicator_code,
            snapshot.period_label,
            snapshot.value,
            count(member.child_id) as members
        from reporting.rpt_indicator_snapshot as snapshot
        left join reporting.rpt_indicator_member as member
            using (indicator_code, period_label)
        group by all
        """
    )
    assert (counts["value"] == counts["members"]).all()


def test_exclusion_history_equals_the_truth(small_scenario):
    truth = pd.read_csv(small_scenario.truth / "exclusion_history.csv")
    built = small_scenario.query("select * from reporting.rpt_exclusion_history order by academic_year_start")
    assert list(built["academic_year_start"]) == list(truth["academic_year_start"])
    assert list(built["permanent_exclusions"]) == list(truth["permanent_exclusions"])
    assert list(built["suspensions"]) == list(truth["suspensions"])
    complete = built["is_complete_year"]
    assert list(built.loc[complete, "january_headcount"]) == list(truth.loc[complete, "january_headcount"])
    # The year in progress has no January census yet.
    assert built.loc[~complete, "january_headcount"].isna().all()
    rates = 100 * built["permanent_exclusions"] / built["january_headcount"]
    assert (built.loc[complete, "permanent_exclusions_per_100"] - rates[complete]).abs().max() < 1e-9


def test_exclusion_rates_by_phase_equal_the_truth(small_scenario):
    """Per year and phase: the counts at state-funded primary, secondary and special schools and
    the January headcount of distinct pupils, as the simulated history gives them."""
    truth = pd.read_csv(small_scenario.truth / "exclusion_rates.csv")
    built = small_scenario.query("select * from reporting.rpt_exclusion_rates")
    key = ["academic_year_start", "education_phase"]
    compared = truth.merge(built, on=key, how="outer", suffixes=("_truth", "_built"), indicator=True)
    assert (compared["_merge"] == "both").all(), compared[compared["_merge"] != "both"][key]
    assert set(compared["education_phase"]) == {"Total", "Primary", "Secondary", "Special"}
    for column in ("permanent_exclusions", "suspensions", "one_or_more_suspensions", "january_headcount"):
        differs = compared[column + "_truth"].fillna(-1) != compared[column + "_built"].fillna(-1)
        assert not differs.any(), compared.loc[differs, [*key, column + "_truth", column + "_built"]]
    complete = compared[compared["is_complete_year"]]
    assert complete["january_headcount_built"].notna().all() and complete["suspensions_truth"].sum() > 0
    assert (complete["one_or_more_suspensions_truth"] < complete["suspensions_truth"]).any()
    for rate, count in (
        ("permanent_exclusions_per_100", "permanent_exclusions"),
        ("suspensions_per_100", "suspensions"),
        ("one_or_more_suspensions_per_100", "one_or_more_suspensions"),
    ):
        expected = 100 * complete[count + "_truth"] / complete["january_headcount_truth"]
        assert (complete[rate] - expected).abs().max() < 1e-9


def test_cmoe_cohort_equals_what_the_records_reveal(small_scenario):
    """Child for child and reason for reason, with the day each reason began, on every as-at
    date; the differences are listed."""
    comparison = cmoe_cohort(small_scenario.build.database, small_scenario.truth)
    reasons = set(pd.read_csv(small_scenario.truth / "cmoe_cohort.csv")["cmoe_reason"])
    assert {"no_provision", "ehe_unsuitable", "rep_past_review", "part_time_provision"} <= reasons
    assert comparison.compared > 100
    assert comparison.agrees, comparison.differences.to_string()


@pytest.mark.parametrize("table", list(STAGING_MODELS))
def test_every_landed_row_is_in_staging(small_scenario, table):
    extract = load_extracts()[table]
    build = small_scenario.build
    suffix = build.attendance_format if extract.is_feed else "csv"
    folder = extract.folder(build.extracts_root, build.attendance_root)
    files = sorted(folder.glob(f"{extract.table}_*.{suffix}"))
    assert files
    landed = {
        path.name: (
            pq.read_metadata(path).num_rows if path.suffix == ".parquet" else len(read_records(path)) - 1
        )
        for path in files
    }
    staged = small_scenario.query(
        "select source_file, count(*) as rows,"
        " min(source_line) as first_line, max(source_line) as last_line"
        f" from staging.{STAGING_MODELS[table]} group by source_file"
    ).set_index("source_file")
    assert staged["rows"].to_dict() == landed
    # Lines are numbered as in the file: the first row after the header is line 2 (row 1 in Parquet).
    first = 1 if table == "session_marks" else 2
    assert (staged["first_line"] == first).all()
    assert (staged["last_line"] == staged["rows"] + first - 1).all()


def test_linking_never_merges_two_children(small_scenario):
    owners = pd.read_csv(small_scenario.truth / "record_owners.csv")
    owners["record_id"] = owners["file_name"] + ":" + owners["line"].astype(str)
    links = small_scenario.query(
        "select record_id, child_id as linked_child from intermediate.int_identity_records_linked"
    )
    held_back = small_scenario.query(
        "select record_id from intermediate.int_identity_records_unioned where hold_back_rule is not null"
    )
    joined = owners.merge(links, on="record_id", how="left")
    # Every record used in the marts has its child; a held-back one (a repeated row) has none.
    unlinked = set(joined.loc[joined["linked_child"].isna(), "record_id"])
    assert unlinked == set(held_back["record_id"]), "a used record has no child"
    joined = joined.dropna(subset=["linked_child"])
    people_per_linked_child = joined.groupby("linked_child")["child_id"].nunique()
    assert (people_per_linked_child == 1).all(), "two different children were linked as one"
    # Exact keys alone link most children's records; the rest await fuzzy matching.
    linked_children_per_person = joined.groupby("child_id")["linked_child"].nunique()
    assert (linked_children_per_person == 1).mean() > 0.9


def test_every_landed_row_is_used_or_held_back_with_its_reason(small_scenario):
    files = small_scenario.query("select * from reporting.rpt_extract_reconciliation")
    assert len(files) == 10 and files["is_reconciled"].all()
    # The census sends some exclusions twice: the repeats, and only they, are held back.
    landed = small_scenario.extracts_root / "school_census" / "exclusions_20221006.csv"
    exclusions = pd.read_csv(landed, dtype=str, keep_default_na=False)
    held = files.set_index("source_table").loc["exclusions"]
    assert held["held_back_rows"] == exclusions.duplicated().sum() > 0
    assert held["held_back_rules"] == f"duplicate_row: {held['held_back_rows']}"
    # The feed re-sends and corrects sessions: every mark but the latest of a session is held back.
    feed = files.set_index("source_table").loc["session_marks"]
    assert feed["held_back_rows"] > 0
    assert feed["held_back_rules"] == f"repeated_session_mark: {feed['held_back_rows']}"
    others = ~files.source_table.isin(["exclusions", "session_marks"])
    assert (files.loc[others, "held_back_rows"] == 0).all()


PUBLIC_TABLES = [
    ("marts", "dim_child_public"),
    ("reporting", "rpt_attendance_benchmark"),
    ("reporting", "rpt_attendance_summary_public"),
    ("reporting", "rpt_children_of_interest"),
    ("reporting", "rpt_cmoe_case_lists"),
    ("reporting", "rpt_cmoe_cohort"),
    ("reporting", "rpt_data_quality_summary"),
    ("reporting", "rpt_exclusion_benchmark"),
    ("reporting", "rpt_exclusion_rates_public"),
    ("reporting", "rpt_extract_reconciliation"),
    ("reporting", "rpt_identity_link_summary"),
    ("reporting", "rpt_indicator_member_public"),
    ("reporting", "rpt_indicator_snapshot"),
    ("reporting", "rpt_termly_return_publication"),
]
RESTRICTED_TABLES = [
    ("marts", "dim_child"),
    ("marts", "fct_dq_issue"),
    ("marts", "fct_identity_link"),
    ("reporting", "rpt_attendance_summary"),
    ("reporting", "rpt_attendance_trigger"),
    ("reporting", "rpt_cme_census_return"),
    ("reporting", "rpt_cme_full_year_return"),
    ("reporting", "rpt_cmoe_case_list"),
    ("reporting", "rpt_ehe_census_return"),
    ("reporting", "rpt_ehe_full_year_return"),
    ("reporting", "rpt_exclusion_history"),
    ("reporting", "rpt_exclusion_rates"),
    ("reporting", "rpt_identity_review"),
    ("reporting", "rpt_indicator_member"),
]


def _tables(database) -> list[tuple[str, str, str]]:
    with duckdb.connect(str(database), read_only=True) as connection:
        return connection.execute(
            "select table_schema, table_name, table_type from information_schema.tables order by all"
        ).fetchall()


def test_publish_gives_readers_a_read_only_copy_and_parquet_exports(small_scenario):
    warehouse = small_scenario.warehouse
    copy = warehouse / "cmoe.duckdb"
    assert not os.stat(copy).st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    exports = sorted(path.stem for path in (warehouse / "exports").glob("*.parquet"))
    assert exports == sorted(name for _, name in PUBLIC_TABLES)
    snapshot = pd.read_parquet(warehouse / "exports" / "rpt_indicator_snapshot.parquet")
    built = small_scenario.query("select * from reporting.rpt_indicator_snapshot")
    assert snapshot["value"].sum() == built["value"].sum()
    with duckdb.connect(str(copy), read_only=True) as connection:
        assert connection.execute("select count(*) from reporting.rpt_indicator_snapshot").fetchone()[0] == 78


def test_the_restricted_tier_holds_every_published_table_for_its_owner_only(small_scenario):
    warehouse = small_scenario.warehouse
    database = warehouse / "restricted.duckdb"
    assert stat.S_IMODE(os.stat(database).st_mode) == stat.S_IRUSR
    assert stat.S_IMODE(os.stat((warehouse / "restricted_exports").resolve()).st_mode) == stat.S_IRWXU
    expected = sorted(PUBLIC_TABLES + RESTRICTED_TABLES)
    assert _tables(database) == [(schema, name, "BASE TABLE") for schema, name in expected]
    exports = sorted(path.stem for path in (warehouse / "restricted_exports").glob("*.parquet"))
    assert exports == sorted(name for _, name in expected)
    names = pd.read_parquet(warehouse / "restricted_exports" / "dim_child.parquet")
    assert (
        names["surname"].notna().all()
        and len(names) == small_scenario.query("select count(*) as n from marts.dim_child")["n"].item()
    )


def test_a_bi_tool_reading_the_public_file_sees_only_public_tables(small_scenario):
    """As the README's "For BI tools" connects: read-only, the public file, every table listed."""
    public = small_scenario.warehouse / "cmoe.duckdb"
    with duckdb.connect(str(public), read_only=True) as connection:
        listed = connection.execute(
            "select table_schema, table_name, table_type from information_schema.tables order by all"
        ).fetchall()
        views = connection.execute("select view_name from duckdb_views() where not internal").fetchall()
        databases = connection.execute(
            "select database_name from duckdb_databases() where not internal order by all"
        ).fetchall()
        # Each table says what it is, as its model's description does.
        undescribed = connection.execute(
            "select table_name from duckdb_tables() where coalesce(comment, '') = ''"
        ).fetchall()
        with pytest.raises(duckdb.CatalogException):
            connection.execute("select * from marts.dim_child")
        with pytest.raises(duckdb.Error, match="read-only"):
            connection.execute("create table reporting.scratch as select 1 as one")
    assert listed == [(schema, name, "BASE TABLE") for schema, name in PUBLIC_TABLES]
    assert views == [] and databases == [("cmoe",)] and undescribed == []
    # The coarsened child: month of birth and postcode sector, nothing finer.
    children = pd.read_parquet(small_scenario.warehouse / "exports" / "dim_child_public.parquet")
    assert list(children.columns) == ["child_id", "birth_year_month", "sex", "postcode_sector"]
    assert children["birth_year_month"].str.fullmatch(r"\d{4}-\d{2}").all()
    assert children["postcode_sector"].dropna().str.fullmatch(r"[A-Z]{1,2}\d[A-Z\d]? \d").all()


def test_published_exports_carry_no_names_or_addresses(small_scenario):
    forbidden = {
        "forename",
        "surname",
        "date_of_birth",
        "postcode",
        "upn",
        "education_person_id",
        "social_care_person_id",
    }
    for path in (small_scenario.warehouse / "exports").glob("*.parquet"):
        assert not forbidden & set(pq.read_schema(path).names), path.name


def test_public_counts_are_rounded_and_suppressed(small_scenario):
    """The public tier's exclusions and attendance: counts of pupils as DfE publishes them."""
    exclusions = pd.read_parquet(small_scenario.warehouse / "exports" / "rpt_exclusion_rates_public.parquet")
    raw = small_scenario.query("select * from reporting.rpt_exclusion_rates")
    merged = exclusions.merge(raw, on=["academic_year", "education_phase"], suffixes=("", "_raw"))
    for column in ("permanent_exclusions", "suspensions", "one_or_more_suspensions"):
        for shown, count in zip(merged[column], merged[f"{column}_raw"], strict=True):
            expected = "0" if count == 0 else "low" if count < 5 else str(int((count + 5) // 10 * 10))
            assert shown == expected, (column, count, shown)
    assert (merged["permanent_exclusions"] == "low").any()  # the small scenario has 1 to 4 in a phase
    assert merged.loc[merged["permanent_exclusions"] == "low", "permanent_exclusions_per_100"].isna().all()
    attendance = pd.read_parquet(
        small_scenario.warehouse / "exports" / "rpt_attendance_summary_public.parquet"
    )
    small = attendance["total_enrolments"].isin(["low", "10"])
    assert attendance.loc[attendance["total_enrolments"] == "low", "overall_absence_per_100"].isna().all()
    assert attendance.loc[~small, "overall_absence_per_100"].notna().all()


def test_notebooks_write_the_committee_tables(small_scenario, tmp_path):
    warehouse = small_scenario.warehouse
    run_notebooks({"public": warehouse / "exports", "restricted": warehouse / "restricted_exports"}, tmp_path)
    truth = pd.read_csv(small_scenario.truth / "indicators.csv")
    table = pd.read_csv(tmp_path / "indicator_table.csv")
    assert list(table.columns) == ["EoY Indicator", "2020/21", "2021/22", "Current"]
    names = small_scenario.query(
        "select indicator_code, indicator_name, indicator_group from reference.indicators"
    )
    # The names as the table shows them (the CMOE row's label follows its var).
    shown_names = small_scenario.query(
        "select distinct indicator_code, indicator_name from reporting.rpt_indicator_snapshot"
    )
    expected = truth.merge(shown_names, on="indicator_code")
    # The notebooks write academic years as DfE does: the snapshot's 2020-21 as 2020/21.
    expected["period_label"] = expected["period_label"].str.replace("-", "/")
    # The committee report's four rows, exactly; the CMOE and children-of-interest rows below.
    assert (
        table["EoY Indicator"].tolist()
        == names.loc[names.indicator_group == "report", "indicator_name"].tolist()
    )
    cmoe_table = pd.read_csv(tmp_path / "indicator_table_cmoe.csv")
    assert len(cmoe_table) == 9 and cmoe_table["EoY Indicator"][0] == "CMOE (no provision 20+ school days)"
    compared = pd.concat([table, cmoe_table])
    for _, row in compared.iterrows():
        for period in ("2020/21", "2021/22", "Current"):
            wanted = expected[
                (expected.indicator_name == row["EoY Indicator"]) & (expected.period_label == period)
            ]
            assert row[period] == wanted["value"].item()
    history = pd.read_csv(tmp_path / "exclusion_history.csv")
    exclusions = pd.read_csv(small_scenario.truth / "exclusion_history.csv")
    complete = exclusions[exclusions["january_headcount"].notna()]
    assert list(history["Permanent exclusions"]) == list(complete["permanent_exclusions"])
    for name in ("indicator_table", "exclusion_history"):
        assert (tmp_path / f"{name}.xlsx").stat().st_size > 0
        assert (tmp_path / f"{name}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # The case review, by default for the current as-at date: a sheet per priority after the summary.
    current = truth.loc[truth["period_label"] == "Current", "as_at_date"].iloc[0]
    review = pd.read_excel(tmp_path / f"cmoe_case_review_{current}.xlsx", sheet_name=None, header=5)
    listed = small_scenario.query(
        "select priority_name, count(*) as children from reporting.rpt_cmoe_case_list"
        f" where as_at_date = '{current}' group by all"
    ).set_index("priority_name")["children"]
    summary = review["Summary"].dropna(subset=["Children"]).set_index("Priority")["Children"]
    assert summary[summary > 0].to_dict() == listed.to_dict() and listed.sum() > 0
    # The summary, a sheet for each of the five priorities (empty ones too), the new, the closed, notes.
    assert len(review) == 1 + 5 + 2 + 1
    assert (tmp_path / f"cmoe_case_review_{current}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_case_list_holds_every_cohort_reason_once_under_its_priority(small_scenario):
    cohort = small_scenario.query("select period_label, child_id, cmoe_reason from reporting.rpt_cmoe_cohort")
    entries = small_scenario.query(
        "select period_label, period_type, child_id, priority_code, cmoe_reasons, has_social_worker,"
        " since_date, school_days_stuck from reporting.rpt_cmoe_case_list"
    )
    # The cohort at the year ends, the current date and 52 weekly dates.
    dates = entries.groupby("period_type")["period_label"].nunique().to_dict()
    assert dates["weekly"] == 52 and dates["current"] == 1 and dates["end_of_year"] == 5
    # Every reason of the cohort under exactly one of the four priorities a reason can have.
    own = (
        entries[entries["priority_code"] != "social_worker"]
        .assign(cmoe_reason=lambda frame: frame["cmoe_reasons"].str.split(", "))
        .explode("cmoe_reason")
    )
    keys = ["period_label", "child_id", "cmoe_reason"]
    assert not own.duplicated(keys).any()
    assert sorted(map(tuple, own[keys].to_numpy())) == sorted(map(tuple, cohort[keys].to_numpy()))
    # The social worker list is the cohort's children with an open social care episode.
    social = entries[entries["priority_code"] == "social_worker"]
    with_worker = entries[entries["has_social_worker"]][["period_label", "child_id"]].drop_duplicates()
    assert len(social) == len(with_worker) > 0
    # Zero when the reason began in a holiday that has not ended by the date.
    assert entries["school_days_stuck"].notna().all() and (entries["school_days_stuck"] >= 0).all()
    # Exclusions: each child was permanently excluded (not rescinded) before the reason began.
    excluded = small_scenario.query(
        "select entry.child_id from reporting.rpt_cmoe_case_list as entry"
        " where entry.priority_code = 'exclusions' and not exists ("
        "  select 1 from marts.fct_exclusion as exclusion where exclusion.child_id = entry.child_id"
        "  and exclusion.exclusion_type = 'permanent' and not exclusion.is_rescinded"
        "  and exclusion.start_date <= entry.since_date)"
    )
    assert excluded.empty
    assert (entries["priority_code"] == "exclusions").sum() > 0

"""One episode, one row: near-duplicate rows of each kind resolve to one episode.

The generator writes, in every scenario, an EHE row re-sent after the
suitability assessment (an earlier copy without it), a census exclusion
re-sent with its review outcome, a CME referral keyed twice under two
references, and permanent exclusions both in the census and in the LA's log
of notices. Each pair must build green, count once, keep the row with more
information, and list the other in fct_dq_issue as duplicate_episode.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pandas as pd


def _rows(scenario, system: str, table: str) -> list[tuple[str, dict]]:
    """(record_id, row) of every line of a raw register file, as the warehouse names them."""
    rows = []
    for path in sorted((scenario.extracts_root / system).glob(f"{table}_*.csv")):
        with path.open(newline="", encoding="utf-8") as handle:
            for line, row in enumerate(csv.DictReader(handle), start=2):
                rows.append((f"{path.name}:{line}", row))
    return rows


def _pairs(rows, key, differs) -> list[tuple[str, str]]:
    """Pairs of record ids with the same key where `differs(first row, later row)`."""
    groups = defaultdict(list)
    for record_id, row in rows:
        groups[key(row)].append((record_id, row))
    return [
        (first_id, later_id)
        for group in groups.values()
        if len(group) == 2
        for (first_id, first), (later_id, later) in [group]
        if differs(first, later)
    ]


def _flagged(scenario) -> dict[str, str]:
    issues = scenario.query(
        "select record_id, value from marts.fct_dq_issue where rule_code = 'duplicate_episode'"
    )
    return dict(zip(issues["record_id"], issues["value"], strict=True))


def _cases_holding(scenario, record_ids: set[str]) -> pd.DataFrame:
    cases = scenario.query(
        "select case_id, case_type, first_record_id, source_record_ids, source_record_count,"
        " suitability from marts.fct_case"
    )
    return cases[cases["first_record_id"].isin(record_ids)]


def test_an_ehe_row_resent_after_the_assessment_is_one_case(small_scenario):
    pairs = _pairs(
        _rows(small_scenario, "ehe", "ehe_register"),
        key=lambda row: (row["PERSON_ID"], row["EHE_START_DATE"]),
        differs=lambda first, later: not first["SUITABILITY"] and later["SUITABILITY"],
    )
    assert pairs, "the generator wrote no EHE row re-sent after its assessment"
    flagged = _flagged(small_scenario)
    cases = small_scenario.query(
        "select first_record_id, suitability from marts.fct_case where case_type = 'ehe'"
    )
    kept = set(cases["first_record_id"])
    for earlier, assessed in pairs:
        assert assessed in kept and earlier not in kept
        assert flagged[earlier] == f"the same episode as {assessed}"
    assert cases.set_index("first_record_id").loc[[a for _, a in pairs], "suitability"].notna().all()


def test_a_census_exclusion_resent_with_its_outcome_is_one_exclusion(small_scenario):
    pairs = _pairs(
        _rows(small_scenario, "school_census", "exclusions"),
        key=lambda row: (row["UPN"], row["URN"], row["StartDate"], row["Category"]),
        differs=lambda first, later: not first["ReviewOutcome"] and later["ReviewOutcome"],
    )
    assert pairs, "the generator wrote no census exclusion re-sent with its outcome"
    exclusions = small_scenario.query("select exclusion_id, review_outcome from marts.fct_exclusion")
    kept = dict(zip(exclusions["exclusion_id"], exclusions["review_outcome"], strict=True))
    flagged = _flagged(small_scenario)
    for earlier, reviewed in pairs:
        assert reviewed in kept and earlier not in kept and kept[reviewed]
        assert flagged[earlier] == f"the same episode as {reviewed}"


def test_a_referral_keyed_twice_is_one_case(small_scenario):
    owners = pd.read_csv(small_scenario.truth / "record_owners.csv")
    child_of = {f"{row.file_name}:{row.line}": row.child_id for row in owners.itertuples()}
    referrals = _rows(small_scenario, "ews", "cme_referrals")
    pairs = _pairs(
        [(record_id, {**row, "child": child_of[record_id]}) for record_id, row in referrals],
        key=lambda row: (row["child"], row["ReferralDate"]),
        differs=lambda first, later: first["ReferralID"] != later["ReferralID"],
    )
    assert pairs, "the generator wrote no referral keyed twice"
    cases = _cases_holding(small_scenario, {first for first, _ in pairs} | {later for _, later in pairs})
    flagged = _flagged(small_scenario)
    for first, later in pairs:
        case = cases[cases["first_record_id"].isin([first, later])]
        assert len(case) == 1 and case["source_record_count"].item() == 2
        other = later if case["first_record_id"].item() == first else first
        assert other in flagged


def test_an_exclusion_in_both_sources_counts_once(small_scenario):
    notices = _rows(small_scenario, "la_exclusions", "exclusion_notifications")
    assert notices
    flagged = _flagged(small_scenario)
    kept = set(small_scenario.query("select exclusion_id from marts.fct_exclusion")["exclusion_id"])
    # Every notice is the exclusion's kept row or flagged as the same episode as another row.
    assert all((record_id in kept) != (record_id in flagged) for record_id, _ in notices)
    permanent = [record_id for record_id, row in notices if row["Category"] == "PERM"]
    assert permanent and all(record_id in flagged for record_id in permanent)
    truth = pd.read_csv(small_scenario.truth / "exclusion_history.csv")
    built = small_scenario.query(
        "select academic_year_start, permanent_exclusions, suspensions from reporting.rpt_exclusion_history"
    )
    compared = truth.merge(built, on="academic_year_start", suffixes=("_truth", "_built"))
    assert len(compared) == len(truth)
    assert (compared["permanent_exclusions_truth"] == compared["permanent_exclusions_built"]).all()
    assert (compared["suspensions_truth"] == compared["suspensions_built"]).all()


def test_files_named_in_the_issues_exist(small_scenario):
    names = {path.name for path in Path(small_scenario.extracts_root).glob("*/*.csv")}
    flagged = _flagged(small_scenario)
    assert flagged and {record_id.rsplit(":", 1)[0] for record_id in flagged} <= names

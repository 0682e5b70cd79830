"""Linking records to children, measured against the generator's truth.

Pairwise precision and recall (cmoe.linking_evaluation) on the small
scenario and on the hard one (the same history, extracted with typos,
swapped names, transposed dates, mistyped UPNs, moves, namesakes); twins and
namesakes never merged; a child keeping its id when a week of new records
arrives.
"""

from __future__ import annotations

import csv
import shutil
from datetime import date, timedelta

import duckdb
import pandas as pd
import pytest

from cmoe.cli import Workspace
from cmoe.dbt_runner import run_dbt
from cmoe.landing import land
from cmoe.linking_evaluation import evaluate, pairwise

# The date a register's row starts (a row starting in the last week is new in that week).
START_COLUMNS = {
    "pupil_roll": "EntryDate",
    "exclusions": "StartDate",
    "exclusion_notifications": "StartDate",
    "ehe_register": "EHE_START_DATE",
    "cme_referrals": "ReferralDate",
    "medical_cases": "OpenDate",
    "ap_placements": "start_date",
    "rep_notifications": "start_date",
    "social_care_episodes": "StartDate",
}


def test_pairwise_measures_count_pairs_not_records():
    # Truth: {a, b, c} one child, {d} another. Linked: {a, b}, {c, d}.
    precision, recall = pairwise(["x", "x", "y", "y"], [1, 1, 1, 2])
    assert (precision, recall) == (1 / 2, 1 / 3)
    assert pairwise(["x", "y"], [1, 2]) == (1.0, 1.0)


def test_small_scenario_links_every_record_to_its_child(small_scenario):
    final = evaluate(small_scenario.build.database, small_scenario.truth)[-1]
    assert (final.precision, final.recall) == (1.0, 1.0)


def test_hard_scenario_links_well_enough(hard_scenario):
    scores = evaluate(hard_scenario.build.database, hard_scenario.truth)
    final = scores[-1]
    assert final.precision >= 0.999 and final.recall >= 0.99, [score.line() for score in scores]
    # Each stage adds links: recall never falls from one stage to the next.
    recalls = [score.recall for score in scores[:-1]]
    assert recalls == sorted(recalls) and recalls[0] < final.recall


def test_the_stages_add_up_to_the_children(hard_scenario):
    scores = evaluate(hard_scenario.build.database, hard_scenario.truth)
    assert (scores[-2].precision, scores[-2].recall) == (scores[-1].precision, scores[-1].recall)


def _children_of_true_children(scenario) -> pd.DataFrame:
    owners = pd.read_csv(scenario.truth / "record_owners.csv")
    links = scenario.query("select source_file, source_line, child_id from marts.fct_identity_link")
    return links.merge(
        owners.rename(columns={"file_name": "source_file", "line": "source_line", "child_id": "true_child"}),
        on=["source_file", "source_line"],
    )


@pytest.mark.parametrize("scenario_name", ["small_scenario", "hard_scenario"])
def test_twins_and_namesakes_are_never_merged(scenario_name, request):
    scenario = request.getfixturevalue(scenario_name)
    pairs = pd.read_csv(scenario.truth / "twins.csv")
    assert len(pairs) > 0
    linked = _children_of_true_children(scenario).groupby("true_child")["child_id"].apply(set)
    merged = [
        (row.child_id_a, row.child_id_b, row.kind)
        for row in pairs.itertuples()
        if row.child_id_a in linked.index
        and row.child_id_b in linked.index
        and linked[row.child_id_a] & linked[row.child_id_b]
    ]
    assert merged == []


def test_no_child_holds_two_permanent_upns(hard_scenario):
    held = hard_scenario.query(
        "select child_id, count(distinct upn) as upns from intermediate.int_identity_records_unioned"
        " inner join marts.fct_identity_link using (record_id)"
        " where int_identity_records_unioned.upn_status = 'permanent' group by child_id having upns > 1"
    )
    assert held.empty


def _week_earlier(scenario, root) -> Workspace:
    """A copy of the scenario's registers without the rows that start in its last week."""
    extract_date = date.fromisoformat(scenario.summary["extract_date"])
    cut = extract_date - timedelta(days=7)
    workspace = Workspace(root)
    shutil.copytree(scenario.workspace.attendance, workspace.attendance)
    for source in scenario.extracts_root.glob("*/*.csv"):
        table = source.name.rsplit("_", 1)[0]
        target = workspace.extracts / source.parent.name / source.name
        target.parent.mkdir(parents=True, exist_ok=True)
        with (
            source.open(newline="", encoding="utf-8") as reading,
            target.open("w", newline="", encoding="utf-8") as writing,
        ):
            rows = csv.DictReader(reading)
            writer = csv.DictWriter(writing, fieldnames=rows.fieldnames)
            writer.writeheader()
            for row in rows:
                started = row[START_COLUMNS[table]]
                if not started or _uk_date(started) < cut:
                    writer.writerow(row)
    return workspace


def _uk_date(text: str) -> date:
    day, month, year = (int(part) for part in text.split("/"))
    return date(year, month, day)


def test_a_child_keeps_its_id_when_a_week_of_records_arrives(small_scenario, tmp_path):
    earlier = _week_earlier(small_scenario, tmp_path / "earlier")
    land(earlier.extracts, earlier.attendance, earlier.landed, earlier.attendance_format())
    build = earlier.build()
    # Only what linking needs, and the tests whose every parent is built.
    selection = ["--select", "+fct_identity_link", "+dim_child", "--indirect-selection", "cautious"]
    run_dbt(build, "build", *selection, "--exclude", "test_type:unit", quiet=True)
    records = (
        "select source_table, record_hash, child_id from intermediate.int_identity_records_unioned"
        " inner join marts.fct_identity_link using (record_id, source_table)"
    )
    with_week = small_scenario.query(records)
    with duckdb.connect(str(build.database), read_only=True) as connection:
        without_week = connection.sql(records).df()
    assert 0 < len(without_week) < len(with_week)
    paired = without_week.merge(with_week, on=["source_table", "record_hash"], suffixes=("_before", "_after"))
    assert len(paired) >= 0.99 * len(without_week)
    changed = paired[paired["child_id_before"] != paired["child_id_after"]]
    # An id may change only where the new week's records joined two children known before.
    merged_after = paired.groupby("child_id_after")["child_id_before"].nunique()
    unexplained = changed[~changed["child_id_after"].map(merged_after > 1)]
    assert unexplained.empty, unexplained.head(10).to_string()
    assert paired["child_id_before"].nunique() > 1000

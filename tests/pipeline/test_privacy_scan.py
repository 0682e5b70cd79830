"""The privacy scan: the public tier holds no value that identifies a child (cmoe.privacy_scan).

It passes on the small scenario's release (and on the default scenario's,
with the `default_scenario` mark), and fails when a name, a UPN or a date of
birth is planted in a copy of that release, beside a child's id or not.
"""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import duckdb
import pytest
from raw_files import read_records

from cmoe.privacy_scan import Finding, describe, identifying_columns, scan_release
from cmoe.publish import live_release


def _scan(scenario) -> list[Finding]:
    release = live_release(scenario.warehouse)
    return scan_release(release.folder, scenario.workspace.landed)


def test_the_small_scenario_s_public_tier_identifies_no_child(small_scenario):
    findings = _scan(small_scenario)
    assert not findings, describe(findings)


@pytest.mark.default_scenario
def test_the_default_scenario_s_public_tier_identifies_no_child(default_scenario):
    findings = _scan(default_scenario)
    assert not findings, describe(findings)


def test_the_identifying_columns_are_the_contract_s_personal_data():
    found = {(column.table, column.column): column.is_date for column in identifying_columns()}
    assert {
        ("pupil_roll", "Forename"): False,
        ("pupil_roll", "Surname"): False,
        ("pupil_roll", "DOB"): True,
        ("pupil_roll", "Postcode"): False,
        ("pupil_roll", "UPN"): False,
        ("social_care_episodes", "PersonID"): False,
    }.items() <= found.items()
    assert ("pupil_roll", "Gender") not in found and ("pupil_roll", "URN") not in found


# --- Planted in a copy of the release -----------------------------------------------------------------


class Planted:
    """A writable copy of the small scenario's live release, and a child as the landed pupil roll has it."""

    def __init__(self, scenario, folder: Path):
        self.scenario = scenario
        self.folder = folder
        roll = next((scenario.workspace.landed / "school_census").glob("pupil_roll_*.csv"))
        records = read_records(roll)
        header, record = records[0], records[1]
        self.pupil = dict(zip(header, record, strict=True))
        with duckdb.connect(str(folder / "restricted.duckdb"), read_only=True) as connection:
            self.child_id = connection.execute(
                "select child_id from marts.fct_identity_link where record_id = ?",
                [f"{self.pupil['source_file']}:{self.pupil['source_line']}"],
            ).fetchone()[0]

    def execute(self, sql: str) -> None:
        with duckdb.connect(str(self.folder / "cmoe.duckdb")) as connection:
            connection.execute(sql)

    def findings(self) -> list[Finding]:
        return scan_release(self.folder, self.scenario.workspace.landed)


@pytest.fixture()
def planted(small_scenario, tmp_path: Path) -> Planted:
    folder = tmp_path / "release"
    shutil.copytree(live_release(small_scenario.warehouse).folder, folder)
    for path in [folder, *folder.rglob("*")]:
        path.chmod(stat.S_IRWXU if path.is_dir() else stat.S_IRUSR | stat.S_IWUSR)
    return Planted(small_scenario, folder)


def _kinds(findings: list[Finding]) -> set[tuple[str, str]]:
    return {(finding.kind, finding.where) for finding in findings}


def test_a_name_planted_in_a_public_export_is_found(planted):
    pupil = planted.pupil
    # As another system might write it: upper case, surname first; and the UPN in lower case.
    name = f"{pupil['Surname'].upper()}, {pupil['Forename']}"
    export = planted.folder / "exports" / "rpt_planted.parquet"
    duckdb.sql(
        f"copy (select 'Current' as period_label, '{name}' as who, '{pupil['UPN'].lower()}' as ref) "
        f"to '{export}' (format parquet)"
    )

    findings = planted.findings()

    assert _kinds(findings) == {
        ("identifier", "exports/rpt_planted.parquet.who"),
        ("identifier", "exports/rpt_planted.parquet.ref"),
    }, describe(findings)


def test_a_public_id_joined_to_a_name_is_found(planted):
    pupil = planted.pupil
    # The id beside a case reference, and the reference beside a note naming the child.
    planted.execute(
        "create table reporting.rpt_planted_cases as "
        f"select '{planted.child_id}' as child_id, 'K-77' as case_ref"
    )
    planted.execute(
        "create table reporting.rpt_planted_notes as "
        f"select 'K-77' as case_ref, 'Spoke to {pupil['Forename'].lower()} and mum at home' as note"
    )

    findings = planted.findings()

    cases, notes = "cmoe.duckdb: reporting.rpt_planted_cases", "cmoe.duckdb: reporting.rpt_planted_notes"
    assert _kinds(findings) == {("joined", f"{cases}.child_id -> {notes}.note")}, describe(findings)


def test_a_date_of_birth_beside_the_child_s_id_is_found(planted):
    day, month, year = (int(part) for part in planted.pupil["DOB"].split("/"))
    planted.execute(
        "create table reporting.rpt_planted as "
        f"select '{planted.child_id}' as child_id, make_date({year}, {month}, {day}) as event_date"
    )

    findings = planted.findings()

    assert _kinds(findings) == {("joined", "cmoe.duckdb: reporting.rpt_planted.child_id + event_date")}, (
        describe(findings)
    )
    assert "date of birth" in findings[0].detail


def test_a_view_or_a_file_that_is_no_table_is_found(planted):
    planted.execute("create view reporting.rpt_outside as select 1 as one")
    (planted.folder / "exports" / "notes.txt").write_text("a file the scan cannot read as a table\n")

    findings = planted.findings()

    assert _kinds(findings) == {
        ("view", "cmoe.duckdb: reporting.rpt_outside"),
        ("unreadable", "exports/notes.txt"),
    }, describe(findings)
    assert os.path.exists(planted.folder / "cmoe.duckdb")

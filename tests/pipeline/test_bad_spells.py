"""Bad provision spells: flagged in fct_dq_issue, never a failed build, never a child left out.

One copy of the small scenario's landing carries every breakage and is built
once: a home education row and a placement ending before they start, two
placements of one type and two schools' main rolls open at once, rows that
name no child, and the only spell of a child ending before it starts. The
rows to break are chosen from the clean build, so that where each child
should land (fct_provision_gap, rpt_cmoe_cohort) follows from their other
spells.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from raw_files import mark_synthetic, read_records, write_records

from cmoe import cli

AS_AT = date(2022, 10, 6)
# A gap begun before the summer holiday has passed cmoe_min_school_days by the as-at date.
LONG_BEFORE = date(2022, 7, 1)


def _uk(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _split(record_id: str) -> tuple[str, int]:
    file, line = record_id.rsplit(":", 1)
    return file, int(line)


@dataclass
class Landing:
    """A copy of the small scenario's raw files, broken in place, and the faults expected."""

    root: Path
    expected: list[tuple[str, int, str]] = field(default_factory=list)  # (file, line, rule)

    def path(self, file: str) -> Path:
        return next((self.root / "seeds" / "extracts").glob(f"*/{file}"))

    def rows(self, file: str) -> list[list[str]]:
        return read_records(self.path(file))

    def write(self, file: str, rows: list[list[str]]) -> None:
        write_records(self.path(file), rows)


def _records(clean, sql: str) -> list[dict]:
    """Rows of the clean build, dates as dates."""
    found = clean.query(sql).to_dict("records")
    return [
        {
            key: value.date() if hasattr(value, "date") and value is not pd.NaT else value
            for key, value in row.items()
        }
        for row in found
    ]


def _one(clean, sql: str) -> dict:
    found = _records(clean, sql)
    assert found, f"the small scenario has no row for: {sql}"
    return found[0]


def _ehe_after_school(clean) -> dict:
    """A child whose only EHE spell, open, follows school rolls that all ended before the holiday."""
    return _one(
        clean,
        f"""
        with spells as (select * from intermediate.int_provision_spells_unioned),
        others as (
            select child_id, max(end_date) as last_end, count(end_date) = count(*) as all_ended
            from spells where provision_type <> 'ehe' group by child_id
        )
        select ehe.child_id, ehe.source_record_id, others.last_end, children.upn
        from spells as ehe
        inner join intermediate.int_cases_deduplicated as cases
            on ehe.source_record_id = cases.first_record_id and cases.source_record_count = 1
        inner join others on ehe.child_id = others.child_id
        inner join marts.dim_child as children on ehe.child_id = children.child_id
        where ehe.provision_type = 'ehe' and ehe.end_date is null and others.all_ended
            and others.last_end < date '{LONG_BEFORE}' and ehe.start_date > others.last_end
            and date '{AS_AT}' between children.compulsory_school_age_start_date
                and children.compulsory_school_age_end_date
            and children.compulsory_school_age_start_date <= others.last_end
            and children.upn is not null
            and (select count(*) from spells as own where own.child_id = ehe.child_id
                 and own.provision_type = 'ehe') = 1
            and ehe.child_id not in (select child_id from intermediate.int_la_departures_listed)
        order by ehe.source_record_id
        """,
    )


def _only_school_spell(clean) -> dict:
    """A child whose only spell is one open school roll, whose UPN an exclusion, REP or CME row also holds."""
    return _one(
        clean,
        f"""
        with spells as (select * from intermediate.int_provision_spells_unioned),
        records as (select * from intermediate.int_identity_records_unioned),
        links as (select * from intermediate.int_identity_records_linked)
        select roll.child_id, roll.source_record_id, roll.start_date, roll_record.upn
        from spells as roll
        inner join records as roll_record on roll.source_record_id = roll_record.record_id
        inner join marts.dim_child as children on roll.child_id = children.child_id
        where roll.provision_type = 'school' and roll.end_date is null
            and roll.start_date < date '{LONG_BEFORE}'
            and roll_record.upn_status = 'permanent'
            and (select count(*) from spells as own where own.child_id = roll.child_id) = 1
            and date '{AS_AT}' between children.compulsory_school_age_start_date
                and children.compulsory_school_age_end_date
            and children.compulsory_school_age_start_date <= roll.start_date
            and roll.child_id not in (select child_id from intermediate.int_la_departures_listed)
            and exists (
                select 1 from records as other
                inner join links on other.record_id = links.record_id
                where links.child_id = roll.child_id and other.upn = roll_record.upn
                    and other.source_table in
                        ('exclusions', 'exclusion_notifications', 'rep_notifications', 'cme_referrals')
            )
        order by roll.source_record_id
        """,
    )


def _spells(clean, where: str, protected: set[str]) -> list[dict]:
    """Spells of the clean build, but not those of the children the test follows."""
    found = _records(
        clean,
        "select child_id, source_record_id, provider_urn, start_date, end_date"
        f" from intermediate.int_provision_spells_unioned where {where} order by source_record_id",
    )
    return [row for row in found if row["child_id"] not in protected]


def _set(rows: list[list[str]], line: int, column: str, value: str) -> None:
    """Set a field of the record on a file line (line 1 is the header)."""
    rows[line - 1][rows[0].index(column)] = value


@dataclass
class BadSpells:
    landing: Landing
    code: int
    ehe_child: dict
    only_spell_child: dict
    overlaps: dict[tuple[str, int], str]  # flagged (file, line) -> the record id it overlaps
    without_child: list[str]  # record ids

    def query(self, sql: str) -> list[tuple]:
        database = cli.Workspace(self.landing.root).build().database
        with duckdb.connect(str(database), read_only=True) as connection:
            return connection.execute(sql).fetchall()


@pytest.fixture(scope="module")
def bad_spells(small_scenario, tmp_path_factory: pytest.TempPathFactory) -> BadSpells:
    clean = small_scenario
    root = tmp_path_factory.mktemp("bad_spells")
    for folder in ("seeds", "landing"):
        shutil.copytree(clean.root / folder, root / folder)
    landing = Landing(root)
    overlaps: dict[tuple[str, int], str] = {}
    ehe_child, only_spell_child = _ehe_after_school(clean), _only_school_spell(clean)
    # The other breakages leave these two children's rows alone.
    followed = {ehe_child["child_id"], only_spell_child["child_id"]}
    followed_upns = {ehe_child["upn"], only_spell_child["upn"]}

    # Home education ending before it starts: the child's school rolls decide.
    file, line = _split(ehe_child["source_record_id"])
    rows = landing.rows(file)
    start = rows[line - 1][rows[0].index("EHE_START_DATE")]
    day, month, year = (int(part) for part in start.split("/"))
    _set(rows, line, "EHE_END_DATE", _uk(date(year, month, day) - timedelta(days=1)))
    landing.write(file, rows)
    landing.expected.append((file, line, "end_before_start"))

    # Placements: one ending before it starts; a copy of another, begun the
    # day after it while it is open (one child, one type, two at once).
    placements = _spells(clean, "source_table = 'ap_placements'", followed)
    overlapped = next(
        row for row in placements if row["end_date"] is None or row["end_date"] > row["start_date"]
    )
    ended_early = next(row for row in placements if row is not overlapped)
    file, line = _split(ended_early["source_record_id"])
    rows = landing.rows(file)
    _set(rows, line, "end_date", _uk(ended_early["start_date"] - timedelta(days=1)))
    landing.expected.append((file, line, "end_before_start"))
    copy = list(rows[_split(overlapped["source_record_id"])[1] - 1])
    copy[rows[0].index("placement_id")] = "PL-OVERLAP-1"
    copy[rows[0].index("start_date")] = _uk(overlapped["start_date"] + timedelta(days=1))
    rows.append(copy)
    landing.write(file, rows)
    landing.expected.append((file, len(rows), "overlapping_spell"))
    overlaps[(file, len(rows))] = overlapped["source_record_id"]

    # The only spell of a child, a school roll, ending before it starts.
    roll_file, roll_line = _split(only_spell_child["source_record_id"])
    rows = landing.rows(roll_file)
    header = rows[0]
    _set(rows, roll_line, "LeavingDate", _uk(only_spell_child["start_date"] - timedelta(days=1)))
    landing.expected.append((roll_file, roll_line, "end_before_start"))

    # A second main roll at another school, joined the day after the first
    # began while it is open (the same UPN: the same child).
    registration = _spells(
        clean,
        f"provision_type = 'school' and end_date is null and start_date < date '{LONG_BEFORE}'",
        followed,
    )[0]
    registration_line = _split(registration["source_record_id"])[1]
    copy = list(rows[registration_line - 1])
    copy[header.index("URN")] = next(
        row[header.index("URN")]
        for row in rows[1:]
        if row[header.index("URN")] != registration["provider_urn"]
    )
    copy[header.index("EntryDate")] = _uk(registration["start_date"] + timedelta(days=1))
    copy[header.index("EnrolStatus")] = "C"

    # A registration that names no child: no UPN, no name.
    untouched_upns = followed_upns | {copy[header.index("UPN")]}
    blank_line = next(
        number
        for number in range(2, len(rows) + 1)
        if rows[number - 1][header.index("UPN")] not in untouched_upns
    )
    for column in ("UPN", "Surname", "Forename"):
        _set(rows, blank_line, column, "")
    rows.append(copy)
    landing.write(roll_file, rows)
    landing.expected.append((roll_file, len(rows), "overlapping_spell"))
    overlaps[(roll_file, len(rows))] = registration["source_record_id"]
    landing.expected.append((roll_file, blank_line, "spell_without_child"))
    without_child = [f"{roll_file}:{blank_line}"]

    # A medical case that names no child: no UPN, no date of birth.
    medical = _spells(clean, "source_table = 'medical_cases'", followed)[0]
    file, line = _split(medical["source_record_id"])
    rows = landing.rows(file)
    for column in ("UPN", "DOB"):
        _set(rows, line, column, "")
    landing.write(file, rows)
    landing.expected.append((file, line, "spell_without_child"))
    without_child.append(medical["source_record_id"])

    mark_synthetic(root / "seeds" / "extracts")
    code = cli.main(["--root", str(root), "build"])
    return BadSpells(landing, code, ehe_child, only_spell_child, overlaps, without_child)


def test_bad_spells_do_not_fail_the_build(bad_spells):
    assert bad_spells.code == 0


def test_every_bad_spell_is_in_fct_dq_issue_with_its_file_line_and_rule(bad_spells):
    found = set(bad_spells.query("select source_file, source_line, rule_code from marts.fct_dq_issue"))
    missing = [fault for fault in bad_spells.landing.expected if fault not in found]
    assert not missing, f"bad spells not in fct_dq_issue: {missing}"


def test_an_overlapping_spell_names_the_spell_it_overlaps(bad_spells):
    values = {
        (file, line): value
        for file, line, value in bad_spells.query(
            "select source_file, source_line, value from marts.fct_dq_issue"
            " where rule_code = 'overlapping_spell'"
        )
    }
    assert values.keys() == bad_spells.overlaps.keys()
    for flagged, overlapped in bad_spells.overlaps.items():
        assert f"({overlapped})" in values[flagged]


def test_every_landed_row_is_still_accounted_for(bad_spells):
    files = bad_spells.query("select source_file, is_reconciled from reporting.rpt_extract_reconciliation")
    assert files and all(reconciled for _, reconciled in files), files


def test_a_row_that_names_no_child_makes_no_child(bad_spells):
    ids = ", ".join(f"'{record_id}'" for record_id in bad_spells.without_child)
    linked = bad_spells.query(f"select record_id from marts.fct_identity_link where record_id in ({ids})")
    spells = bad_spells.query(
        f"select source_record_id from marts.fct_provision_episode where source_record_id in ({ids})"
    )
    assert linked == [] and spells == []


def test_a_held_back_spell_leaves_the_child_to_their_other_spells(bad_spells):
    child = bad_spells.ehe_child
    gap_start = child["last_end"] + timedelta(days=1)
    gaps = bad_spells.query(
        "select gap_start_date, gap_end_date from marts.fct_provision_gap"
        f" where child_id = '{child['child_id']}' and gap_start_date = date '{gap_start}'"
    )
    assert gaps == [(gap_start, None)]
    cohort = bad_spells.query(
        "select cmoe_reason, reason_start_date from reporting.rpt_cmoe_cohort"
        f" where child_id = '{child['child_id']}' and period_label = 'Current'"
    )
    assert ("no_provision", gap_start) in cohort


def test_a_child_whose_only_spell_is_bad_is_in_the_cohort(bad_spells):
    child = bad_spells.only_spell_child
    gaps = bad_spells.query(
        "select gap_start_date, gap_end_date, last_provision_type from marts.fct_provision_gap"
        f" where child_id = '{child['child_id']}'"
    )
    assert gaps == [(child["start_date"], None, None)]
    cohort = bad_spells.query(
        "select cmoe_reason, reason_start_date from reporting.rpt_cmoe_cohort"
        f" where child_id = '{child['child_id']}' and period_label = 'Current'"
    )
    assert ("no_provision", child["start_date"]) in cohort

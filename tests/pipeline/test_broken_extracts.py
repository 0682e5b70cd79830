"""Broken extracts: each gives a clear blocking message (file, line, rule) or
rows flagged in fct_dq_issue; never a traceback, never a silent drop.

The row-level faults are all put into one landing and built once; the
blocking faults each stop the run before dbt, so they are quick.
"""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from raw_files import mark_synthetic, read_records, write_records

from cmoe import cli, upn

EXTRACT_DAY = "20221006"


@pytest.fixture(scope="module")
def clean_root(small_scenario) -> Path:
    """The small scenario's generated landing (seeds/, landing/), which the tests copy and break."""
    return small_scenario.root


def _copy(clean_root: Path, destination: Path) -> cli.Workspace:
    for folder in ("seeds", "landing"):
        shutil.copytree(clean_root / folder, destination / folder)
    return cli.Workspace(destination)


def _register(workspace: cli.Workspace, system: str, table: str) -> Path:
    return workspace.extracts / system / f"{table}_{EXTRACT_DAY}.csv"


def _set(rows: list[list[str]], line: int, column: str, value: str) -> None:
    """Set a field of the record on a file line (line 1 is the header)."""
    rows[line - 1][rows[0].index(column)] = value


def _run(workspace: cli.Workspace, step: str, capsys) -> tuple[int, str]:
    mark_synthetic(workspace.extracts)
    code = cli.main(["--root", str(workspace.root), step])
    return code, capsys.readouterr().out


# --- Row-level faults: kept, flagged, held back where unusable ----------------


class Broken:
    """The faults put into one landing, with where each should be found."""

    def __init__(self, workspace: cli.Workspace):
        self.workspace = workspace
        self.expected: list[tuple[str, int, str]] = []  # (file, line, rule)

    def expect(self, path: Path, line: int, rule: str) -> None:
        self.expected.append((path.name, line, rule))


def _break_pupil_roll(broken: Broken) -> None:
    path = _register(broken.workspace, "school_census", "pupil_roll")
    rows = read_records(path)
    # A wrong check letter, a temporary UPN, a UPN of the wrong shape, an unknown school.
    good = rows[2][rows[0].index("UPN")]
    wrong_letter = next(letter for letter in upn.CHECK_LETTERS if letter != good[0]) + good[1:]
    _set(rows, 3, "UPN", wrong_letter)
    _set(rows, 4, "UPN", upn.temporary_upn("865", "2999", 2021, 7, "T"))
    _set(rows, 5, "UPN", "X12")
    _set(rows, 6, "URN", "999999")
    # The same registration twice.
    rows.append(list(rows[7]))
    write_records(path, rows)
    broken.expect(path, 3, "upn_check_letter")
    broken.expect(path, 4, "temporary_upn")
    broken.expect(path, 5, "invalid_upn_format")
    broken.expect(path, 6, "unknown_school")
    broken.expect(path, len(rows), "duplicate_row")


def _break_exclusions(broken: Broken) -> None:
    path = _register(broken.workspace, "school_census", "exclusions")
    rows = read_records(path)
    # An unknown reason, and "other" (OT) used after it was withdrawn in August 2020.
    _set(rows, 2, "Reason1", "ZZ")
    start = rows[0].index("StartDate")
    line = next(number for number, row in enumerate(rows[1:], start=2) if row[start].endswith("2021"))
    _set(rows, line, "Reason1", "OT")
    write_records(path, rows)
    broken.expect(path, 2, "unknown_code")
    broken.expect(path, line, "code_outside_validity")


def _break_ehe_register(broken: Broken) -> None:
    path = _register(broken.workspace, "ehe", "ehe_register")
    rows = read_records(path)
    # Implausible dates: a start in 2031 and a birth in 1998.
    _set(rows, 2, "EHE_START_DATE", "01/09/2031")
    _set(rows, 3, "DOB", "14/03/1998")
    # The same child home educated twice at once: a second episode starting
    # the day after an open one's start overlaps it.
    start, end = rows[0].index("EHE_START_DATE"), rows[0].index("EHE_END_DATE")
    open_episode = next(row for row in rows[4:] if not row[end])
    overlap = list(open_episode)
    day, month, year = (int(part) for part in overlap[start].split("/"))
    overlap[start] = (date(year, month, day) + timedelta(days=1)).strftime("%d/%m/%Y")
    rows.append(overlap)
    # A column the contract does not have.
    rows = [[*row, "NOTES" if number == 0 else "note"] for number, row in enumerate(rows)]
    write_records(path, rows)
    broken.expect(path, 2, "implausible_date")
    broken.expect(path, 3, "implausible_date")
    broken.expect(path, len(rows), "overlapping_episode")


def _break_cme_referrals(broken: Broken) -> None:
    path = _register(broken.workspace, "ews", "cme_referrals")
    rows = read_records(path)
    # A date that does not exist (held back: the referral has no date), a
    # repeated reference, and Windows-1252 names with accents.
    _set(rows, 2, "ReferralDate", "31/02/2022")
    _set(rows, 3, "ReferralID", rows[4][rows[0].index("ReferralID")])
    _set(rows, 5, "Forename", "Zoë")
    _set(rows, 5, "Surname", "Núñez")
    write_records(path, rows, encoding="cp1252")
    broken.expect(path, 2, "unparseable_value")
    broken.expect(path, 2, "missing_start_date")
    broken.expect(path, 3, "duplicate_key")


def _break_medical_cases(broken: Broken) -> None:
    path = _register(broken.workspace, "mners", "medical_cases")
    rows = read_records(path)
    # Closed before it opened; and the columns in another order.
    _set(rows, 2, "OpenDate", "10/05/2022")
    _set(rows, 2, "CloseDate", "09/05/2022")
    write_records(path, [list(reversed(row)) for row in rows])
    broken.expect(path, 2, "end_before_start")


def _break_rep_notifications(broken: Broken) -> None:
    path = _register(broken.workspace, "rep", "rep_notifications")
    rows = read_records(path)
    write_records(path, rows)
    text = path.read_text(encoding="utf-8").rstrip("\n")
    path.write_text(text[: text.rindex(",", 0, text.rindex(",") - 1)] + "\n", encoding="utf-8")
    broken.expect(path, len(rows), "incomplete_row")


def _break_the_rest(broken: Broken) -> None:
    placements = _register(broken.workspace, "placements", "ap_placements")
    write_records(placements, read_records(placements), delimiter=";")
    social_care = _register(broken.workspace, "social_care", "social_care_episodes")
    # A child protection plan sent as "CPP": arrival flags the code; the social care model's
    # accepted_values test then flags the row, where it once stopped the whole build.
    rows = read_records(social_care)
    _set(rows, 2, "EpisodeType", "CPP")
    write_records(social_care, rows)
    broken.expect(social_care, 2, "unknown_code")
    broken.expect(social_care, 2, "failed_accepted_values")
    social_care.write_bytes(b"\xef\xbb\xbf" + social_care.read_bytes())


def _break_attendance(broken: Broken) -> None:
    path = broken.workspace.attendance / f"session_marks_{EXTRACT_DAY}.parquet"
    table = pq.read_table(path)
    marks = table.column("mark").to_pylist()
    dates = table.column("attendance_date").to_pylist()
    unknown = 10
    early = next(row for row, day in enumerate(dates) if day.year == 2021)
    marks[unknown], marks[early] = "%", "C2"
    table = table.set_column(table.schema.get_field_index("mark"), "mark", pa.array(marks, pa.string()))
    pq.write_table(table, path)
    broken.expect(path, unknown + 1, "unknown_attendance_code")
    broken.expect(path, early + 1, "code_outside_validity")


@pytest.fixture(scope="module")
def broken_build(clean_root: Path, tmp_path_factory: pytest.TempPathFactory):
    workspace = _copy(clean_root, tmp_path_factory.mktemp("broken"))
    broken = Broken(workspace)
    for breaker in (
        _break_pupil_roll,
        _break_exclusions,
        _break_ehe_register,
        _break_cme_referrals,
        _break_medical_cases,
        _break_rep_notifications,
        _break_the_rest,
        _break_attendance,
    ):
        breaker(broken)
    mark_synthetic(workspace.extracts)
    code = cli.main(["--root", str(workspace.root), "build"])
    return broken, code


def _query(workspace: cli.Workspace, sql: str) -> list[tuple]:
    with duckdb.connect(str(workspace.build().database), read_only=True) as connection:
        return connection.execute(sql).fetchall()


def test_the_broken_landing_builds(broken_build):
    _, code = broken_build
    assert code == 0


def test_every_fault_is_flagged_where_it_is(broken_build):
    broken, _ = broken_build
    issues = "select source_file, source_line, rule_code from marts.fct_dq_issue"
    found = set(_query(broken.workspace, issues))
    missing = [fault for fault in broken.expected if fault not in found]
    assert not missing, f"faults not in fct_dq_issue: {missing}"


def test_every_landed_row_is_accounted_for(broken_build):
    broken, _ = broken_build
    files = _query(
        broken.workspace,
        "select source_file, raw_rows, staged_rows, used_rows, held_back_rows, is_reconciled "
        "from reporting.rpt_extract_reconciliation",
    )
    assert len(files) == 10
    assert all(row[-1] for row in files), files
    held = {row[0]: row[4] for row in files}
    assert held[f"pupil_roll_{EXTRACT_DAY}.csv"] == 1
    assert held[f"rep_notifications_{EXTRACT_DAY}.csv"] == 1
    assert held[f"medical_cases_{EXTRACT_DAY}.csv"] == 1


def test_held_back_rows_are_not_used(broken_build):
    broken, _ = broken_build
    held = _query(
        broken.workspace,
        "select rule_code, count(*) from marts.fct_dq_issue where action = 'held_back' group by rule_code",
    )
    rules = dict(held)
    assert {"duplicate_row", "missing_start_date", "end_before_start", "incomplete_row"} <= rules.keys()
    cases = _query(broken.workspace, "select count(*) from marts.fct_case where opened_date > closed_date")
    assert cases == [(0,)]


def test_accented_names_survive_windows_1252(broken_build):
    broken, _ = broken_build
    names = _query(
        broken.workspace,
        "select forename, surname from staging.stg_ews__cme_referrals where source_line = 5",
    )
    assert names == [("Zoë", "Núñez")]


def test_files_of_another_shape_are_read_and_said(clean_root, tmp_path, capsys):
    workspace = _copy(clean_root, tmp_path)
    broken = Broken(workspace)
    _break_ehe_register(broken)
    _break_cme_referrals(broken)
    _break_medical_cases(broken)
    _break_the_rest(broken)
    code, output = _run(workspace, "check", capsys)
    assert code == 0
    for warning in ("extra_columns: NOTES", "column_order", "delimiter: semicolon", "utf8_bom", "cp1252"):
        assert warning in output, warning


# --- Blocking faults: the run stops with file, line and rule ------------------


def _blocked(workspace: cli.Workspace, capsys, step: str = "build") -> str:
    code, output = _run(workspace, step, capsys)
    assert code == 2
    assert not workspace.build().database.exists(), "dbt ran on a blocked landing"
    return output


def test_a_missing_column_blocks(clean_root, tmp_path, capsys):
    workspace = _copy(clean_root, tmp_path)
    path = _register(workspace, "ehe", "ehe_register")
    rows = read_records(path)
    column = rows[0].index("PRIMARY_REASON")
    write_records(path, [row[:column] + row[column + 1 :] for row in rows])
    output = _blocked(workspace, capsys)
    assert f"ehe/{path.name}: line 1: missing_columns: PRIMARY_REASON not in the header" in output


def test_an_empty_file_blocks(clean_root, tmp_path, capsys):
    workspace = _copy(clean_root, tmp_path)
    path = _register(workspace, "mners", "medical_cases")
    path.write_bytes(b"")
    assert f"{path}: line 1: empty_file" in _blocked(workspace, capsys)


def test_the_same_file_twice_blocks(clean_root, tmp_path, capsys):
    workspace = _copy(clean_root, tmp_path)
    path = _register(workspace, "ews", "cme_referrals")
    twin = path.with_name("cme_referrals_20221007.csv")
    shutil.copyfile(path, twin)
    output = _blocked(workspace, capsys)
    assert "duplicate_file" in output and path.name in output and twin.name in output


def test_a_header_only_file_blocks(clean_root, tmp_path, capsys):
    workspace = _copy(clean_root, tmp_path)
    path = _register(workspace, "rep", "rep_notifications")
    write_records(path, read_records(path)[:1])
    output = _blocked(workspace, capsys)
    assert path.name in output and "row" in output


def test_us_dates_block(clean_root, tmp_path, capsys):
    workspace = _copy(clean_root, tmp_path)
    path = _register(workspace, "school_census", "pupil_roll")
    rows = read_records(path)
    column = rows[0].index("DOB")
    for row in rows[1:]:
        day, month, year = row[column].split("/")
        row[column] = f"{month}/{day}/{year}"
    write_records(path, rows)
    output = _blocked(workspace, capsys)
    assert path.name in output and "DOB" in output and "US" in output

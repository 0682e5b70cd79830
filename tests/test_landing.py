"""A missing extract or a file with the wrong columns stops the run with a message naming it."""

from __future__ import annotations

import shutil

import pytest

from cmoe import cli
from cmoe.landing import LandingError, land


@pytest.fixture()
def landed(small_scenario, tmp_path):
    """A copy of the small scenario's registers and feed that a test may break, and where to land them."""
    extracts = tmp_path / "extracts"
    attendance = tmp_path / "attendance"
    shutil.copytree(small_scenario.build.extracts_root, extracts)
    shutil.copytree(small_scenario.build.attendance_root, attendance)
    return extracts, attendance, tmp_path / "landed", small_scenario.build.attendance_format


def test_a_complete_landing_passes(landed):
    result = land(*landed)
    assert len(result.files) == 9
    assert result.warnings == []


def test_a_missing_folder_is_named(landed):
    extracts, attendance, landed_root, attendance_format = landed
    shutil.rmtree(extracts / "ews")
    with pytest.raises(LandingError) as raised:
        land(extracts, attendance, landed_root, attendance_format)
    assert len(raised.value.problems) == 1
    message = str(raised.value)
    assert str(extracts / "ews") in message and "folder_missing" in message and "cme_referrals_" in message


def test_a_missing_column_stops_the_check_naming_the_file_line_and_column(small_scenario, tmp_path, capsys):
    shutil.copytree(small_scenario.root / "seeds", tmp_path / "seeds")
    shutil.copytree(small_scenario.root / "landing", tmp_path / "landing")
    path = tmp_path / "seeds" / "extracts" / "ehe" / "ehe_register_20221006.csv"
    lines = path.read_text().splitlines()
    lines[0] = lines[0].replace("PRIMARY_REASON", "REASON")
    path.write_text("\n".join(lines) + "\n")
    assert cli.main(["--root", str(tmp_path), "check"]) == 2
    output = capsys.readouterr().out
    assert (
        f"ehe/{path.name}: line 1: missing_columns: PRIMARY_REASON not in the header"
        " (it has REASON, not in the contract)"
    ) in output
    assert "Data Docs: " in output and "Traceback" not in output


def test_the_command_reports_without_a_traceback(small_scenario, tmp_path, capsys):
    shutil.copytree(small_scenario.root / "seeds", tmp_path / "seeds")
    shutil.copytree(small_scenario.root / "landing", tmp_path / "landing")
    (tmp_path / "seeds" / "extracts" / "rep" / "rep_notifications_20221006.csv").unlink()
    assert cli.main(["--root", str(tmp_path), "check"]) == 2
    output = capsys.readouterr().out
    assert "no rep_notifications_<yyyymmdd>.csv file" in output and "Traceback" not in output

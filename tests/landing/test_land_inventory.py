"""What was landed, listed (_landed_files.csv, _landing_report.json), the attendance feed by its raw files."""

from __future__ import annotations

import csv
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml
from raw_files import csv_text, read_records

from cmoe.landing import LANDED_FILES_COLUMNS, LandingError, land
from cmoe.paths import STAGING_MODELS_DIR

FEED_COLUMNS = ["pupil_upn", "school_urn", "attendance_date", "session", "mark"]


def inventory(landed_root) -> list[dict[str, str]]:
    with (landed_root / "_landed_files.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_the_inventory_columns_are_the_landing_source_s():
    sources = yaml.safe_load((STAGING_MODELS_DIR / "landing" / "_landing__sources.yml").read_text())
    (table,) = sources["sources"][0]["tables"]
    assert tuple(column["name"] for column in table["columns"]) == LANDED_FILES_COLUMNS


def test_every_landed_file_is_listed(raw):
    result = raw.land()
    rows = inventory(raw.root / "landed")
    assert [row["source_file"] for row in rows] == [landed.source_file for landed in result.files]
    assert len(rows) == 10
    for row, landed in zip(rows, result.files, strict=True):
        if landed.landed_path:
            assert int(row["raw_records"]) == len(read_records(landed.raw_path)) - 1
            assert (row["encoding"], row["delimiter"]) == ("utf-8", "comma")
        else:
            assert int(row["raw_records"]) == pq.read_metadata(landed.raw_path).num_rows
            assert (row["source_table"], row["encoding"], row["delimiter"]) == (
                "session_marks",
                "parquet",
                "",
            )
        assert row["extract_date"] == "2022-10-06"
        assert json.loads(row["arrived_columns"]) == list(landed.arrived_columns)
        assert row["header_line"] == ("1" if landed.landed_path else "")
        assert row["landing_warnings"] == "0"


def test_the_report_lists_the_warnings(raw):
    path = raw.file()
    raw.rewrite(
        path, lambda records: [[*record, "NOTES" if i == 0 else ""] for i, record in enumerate(records)], ";"
    )
    raw.land()
    (row,) = [row for row in inventory(raw.root / "landed") if row["source_file"] == path.name]
    assert (row["delimiter"], json.loads(row["arrived_columns"])[-1], row["landing_warnings"]) == (
        "semicolon",
        "NOTES",
        "1",
    )
    report = json.loads((raw.root / "landed" / "_landing_report.json").read_text(encoding="utf-8"))
    (entry,) = [entry for entry in report["files"] if entry["source_file"] == path.name]
    assert entry["warnings"] == [f"{path}: line 1: delimiter: semicolon-delimited, read as such"]
    assert entry["landed_path"] == str(raw.copy_of(path))


def test_a_feed_s_schema_is_kept_as_it_arrived(raw):
    (path,) = raw.attendance.glob("session_marks_*.parquet")
    pq.write_table(
        pa.table({"pupil_upn": ["A"], "School_URN": ["1"], "attendance_date": ["x"], " mark ": ["/"]}), path
    )
    (feed,) = [landed for landed in raw.land().files if landed.source_table == "session_marks"]
    # DuckDB binds a name in another case, not one with spaces around it.
    assert feed.arrived_columns == ("pupil_upn", "school_urn", "attendance_date", " mark ")
    assert feed.header_line is None


@pytest.fixture()
def csv_feed(raw):
    """The feed as a small CSV file instead of the scenario's Parquet."""
    for path in raw.attendance.iterdir():
        path.unlink()
    path = raw.attendance / "session_marks_20221006.csv"
    rows = [
        FEED_COLUMNS,
        ["A865200111001", "900001", "03/09/2020", "AM", "/"],
        ["A865200111001", "900001", "03/09/2020", "PM", "\\"],
        ["B865200111002", "900001", "03/09/2020", "AM", "N"],
    ]
    path.write_text(csv_text(rows), encoding="utf-8", newline="")
    return path


def test_a_csv_feed_is_counted_and_landed_partitioned(raw, csv_feed):
    result = land(raw.extracts, raw.attendance, raw.root / "landed", "csv")
    (feed,) = [landed for landed in result.files if landed.source_table == "session_marks"]
    assert (feed.raw_records, feed.encoding, feed.delimiter, feed.landed_path) == (3, "utf-8", "comma", None)
    partition = (
        raw.root
        / "landed"
        / "attendance"
        / "academic_year=2020"
        / "month=09"
        / "session_marks_20221006.parquet"
    )
    assert feed.landed_partitions == (partition,)
    assert pq.read_metadata(partition).num_rows == 3
    (row,) = [row for row in inventory(raw.root / "landed") if row["source_table"] == "session_marks"]
    assert (row["source_file"], row["raw_records"]) == (csv_feed.name, "3")  # the raw file, as before


def test_a_csv_feed_must_be_comma_delimited(raw, csv_feed):
    csv_feed.write_text(csv_text(read_records(csv_feed), ";"), encoding="utf-8", newline="")
    with pytest.raises(LandingError) as raised:
        land(raw.extracts, raw.attendance, raw.root / "landed", "csv")
    assert [str(problem) for problem in raised.value.problems] == [
        f"{csv_feed}: line 1: delimiter: semicolon-delimited; the feed must be comma-delimited"
    ]


def test_a_scratch_folder_a_killed_landing_left_is_removed(raw):
    # A run killed outright (SIGKILL) leaves its scratch copies; the next landing removes them.
    scratch = raw.root / "landed" / ".landing-killed" / "ews"
    scratch.mkdir(parents=True)
    (scratch / "cme_referrals_20221006.csv").write_text("half a copy", encoding="utf-8")

    raw.land()

    assert [path.name for path in (raw.root / "landed").glob(".landing-*")] == []

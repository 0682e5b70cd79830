"""Every raw record is in the copy, in raw order, with the line it starts on; none is dropped."""

from __future__ import annotations

import duckdb
import pytest
from landing_helpers import TABLE
from raw_files import csv_text, read_records

from cmoe.contract import load_extracts
from cmoe.landing import COPY_COLUMNS, register_extracts

# As the registers' sources YAML reads a copy (external_location).
READ_COPY = "read_csv(?, header = true, all_varchar = true, delim = ',', quote = '\"', escape = '\"')"


def test_every_raw_record_is_in_the_copy_with_its_line(raw):
    result = raw.land()
    registers = {landed.raw_path: landed for landed in result.files if landed.landed_path}
    assert len(registers) == len(register_extracts()) == 9
    for path, landed in registers.items():
        extract = load_extracts()[landed.source_table]
        raw_records = read_records(path)
        copied = read_records(landed.landed_path)
        assert copied[0] == [*COPY_COLUMNS, *extract.columns]
        assert len(copied) - 1 == len(raw_records) - 1 == landed.raw_records
        # The generated files have one record a line: the first after the header is line 2.
        assert [row[:3] for row in copied[1:]] == [
            [path.name, str(line), ""] for line in range(2, len(raw_records) + 1)
        ]
        assert [row[3:] for row in copied[1:]] == raw_records[1:]


def test_a_header_only_file_lands_with_no_row(raw):
    path = raw.file()
    path.write_text(csv_text(read_records(path)[:1]), encoding="utf-8", newline="")
    result = raw.land()
    (landed,) = [landed for landed in result.files if landed.raw_path == path]
    assert (landed.raw_records, landed.warnings) == (0, ())
    assert len(read_records(raw.copy_of(path))) == 1


def test_a_truncated_last_line_is_kept_with_its_issue(raw):
    path = raw.file()
    text = path.read_text(encoding="utf-8")
    last_line = text.count("\n")  # the file ends in a line end: its last line is this one
    before, _, last = text.rstrip("\r\n").rpartition("\n")
    fields = last.split(",")
    path.write_text(f"{before}\n{fields[0]},{fields[1]},{fields[2][:1]}", encoding="utf-8", newline="")
    result = raw.land()
    (landed,) = [landed for landed in result.files if landed.raw_path == path]
    assert [str(warning) for warning in landed.warnings] == [
        f"{path}: line {last_line}: truncated_row: 1 record(s) (lines {last_line}),"
        " kept with landing_issue set"
    ]
    copied = read_records(raw.copy_of(path))
    kept = copied[-1]
    assert kept[:3] == [path.name, str(last_line), "truncated_row: 3 of 12 fields"]
    assert kept[3:6] == [fields[0], fields[1], fields[2][:1]] and kept[6:] == [""] * 9
    assert len(copied) - 1 == landed.raw_records == len(read_records(path)) - 1


def test_a_record_with_more_fields_keeps_the_header_s_number(raw):
    path = raw.file()
    raw.rewrite(path, lambda records: [*records[:5], [*records[5], "stray", ""], *records[6:]])
    result = raw.land()
    (landed,) = [landed for landed in result.files if landed.raw_path == path]
    assert [str(warning) for warning in landed.warnings] == [
        f"{path}: line 6: extra_fields: 1 record(s) (lines 6), kept with landing_issue set"
    ]
    row = read_records(raw.copy_of(path))[5]
    assert row[:3] == [path.name, "6", "extra_fields: 14 of 12 fields"]
    assert row[3:] == read_records(path)[5][:12]


def test_a_quoted_field_over_several_lines_keeps_the_lines_right(raw):
    path = raw.file()
    records = read_records(path)
    surname = records[0].index("Surname")
    records[3][surname] = "Smith\r\nJones"  # starts on line 4, ends on line 5
    records[6][surname] = "A\nB\nC"  # line 8 to 10 (one line later than without the first)
    path.write_text(csv_text(records), encoding="utf-8", newline="")
    raw.land()
    copied = read_records(raw.copy_of(path))
    lines = [int(row[1]) for row in copied[1:]]
    assert lines[:9] == [2, 3, 4, 6, 7, 8, 11, 12, 13]
    assert lines[-1] == path.read_bytes().count(b"\n")  # the last record is on the last line
    assert copied[3][3 + surname] == "Smith\r\nJones" and copied[6][3 + surname] == "A\nB\nC"
    # DuckDB reads the copy as dbt does: every record, the multi-line values whole.
    with duckdb.connect() as connection:
        read = connection.execute(
            f"select source_line, surname from {READ_COPY}", [str(raw.copy_of(path))]
        ).fetchall()
    assert [line for line, _ in read] == [str(line) for line in lines]
    assert read[2][1] == "Smith\r\nJones" and read[5][1] == "A\nB\nC"


def test_blank_lines_are_no_records(raw):
    path = raw.file()
    lines = path.read_bytes().split(b"\r\n")
    path.write_bytes(b"\r\n".join([lines[0], b"", *lines[1:3], b"   ", *lines[3:]]))
    result = raw.land()
    copied = read_records(raw.copy_of(path))
    assert len(copied) - 1 == len(lines) - 2  # the file's last line end leaves an empty last split
    assert [row[1] for row in copied[1:4]] == ["3", "4", "6"]
    assert not result.warnings


def test_a_new_landing_replaces_the_older_copies(raw):
    path = raw.file()
    older = path.with_name(f"{TABLE}_20220901.csv")
    older.write_text(csv_text(read_records(path)[:5]), encoding="utf-8", newline="")
    raw.land()
    assert raw.copy_of(older).exists()
    older.unlink()
    raw.land()
    assert sorted(p.name for p in raw.copy_of(path).parent.glob(f"{TABLE}_*.csv")) == [path.name]
    # Other registers of the same folder keep theirs.
    assert len(list((raw.root / "landed" / "school_census").glob("*.csv"))) == 2


@pytest.mark.parametrize("table", ["pupil_roll", "exclusions"])
def test_registers_sharing_a_folder_land_apart(raw, table):
    raw.land()
    (copy,) = (raw.root / "landed" / "school_census").glob(f"{table}_*.csv")
    assert read_records(copy)[0][3:] == list(load_extracts()[table].columns)

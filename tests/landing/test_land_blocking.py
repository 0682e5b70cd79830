"""What stops a landing: every blocking problem named with its file, line and rule, nothing written."""

from __future__ import annotations

import shutil

import pytest
from landing_helpers import SYSTEM, TABLE
from raw_files import csv_text, read_records

from cmoe.landing import LandingError


def problems_of(raw) -> list[str]:
    """The landing's blocking problems, as printed; the landed folder must hold no copy."""
    with pytest.raises(LandingError) as raised:
        raw.land()
    assert not list((raw.root / "landed").rglob("*.csv")), "a failed landing wrote files"
    return [str(problem) for problem in raised.value.problems]


def test_an_empty_file_is_blocking(raw):
    path = raw.file()
    path.write_bytes(b"")
    assert problems_of(raw) == [f"{path}: line 1: empty_file: no header: the file is empty"]


def test_a_file_of_blank_lines_is_empty(raw):
    path = raw.file()
    path.write_bytes(b"\r\n  \r\n")
    assert problems_of(raw) == [f"{path}: line 1: empty_file: no header: nothing but blank lines"]


def test_the_same_file_landed_twice_names_both(raw):
    first = raw.file()
    second = first.with_name(f"{TABLE}_20221007.csv")
    shutil.copyfile(first, second)
    assert problems_of(raw) == [
        f"{second}: duplicate_file: same content as {first} (the same file landed twice)"
    ]


def test_two_extracts_of_different_content_both_land(raw):
    first = raw.file()
    second = first.with_name(f"{TABLE}_20220901.csv")
    second.write_text(csv_text(read_records(first)[:10]), encoding="utf-8", newline="")
    result = raw.land()
    assert {landed.source_file for landed in result.files} >= {first.name, second.name}


def test_a_missing_folder_is_named(raw):
    shutil.rmtree(raw.extracts / SYSTEM)
    assert problems_of(raw) == [
        f"{raw.extracts / SYSTEM}: folder_missing: expected {TABLE}_<yyyymmdd>.csv in it"
    ]


def test_a_folder_without_the_file_is_named(raw):
    raw.file().unlink()
    assert problems_of(raw) == [f"{raw.extracts / SYSTEM}: no_file: no {TABLE}_<yyyymmdd>.csv file"]


@pytest.mark.parametrize("name", [f"{TABLE}_latest.csv", f"{TABLE}_20221306.csv"])
def test_a_file_name_without_a_real_date_is_blocking(raw, name):
    path = raw.file().rename(raw.extracts / SYSTEM / name)
    assert problems_of(raw) == [
        f"{path}: no_extract_date: the name must end _<yyyymmdd>.csv with a real date"
    ]


def test_bytes_neither_utf8_nor_windows_1252_are_blocking(raw):
    path = raw.file()
    lines = path.read_bytes().split(b"\n")
    lines[4] = lines[4].replace(b",", b",\x81", 1)  # 0x81: undefined in Windows-1252
    path.write_bytes(b"\n".join(lines))
    assert problems_of(raw) == [
        f"{path}: line 5: undecodable: byte 0x81 decodes neither as UTF-8 nor as Windows-1252"
    ]


def test_a_quote_that_never_closes_is_blocking_when_it_swallows_the_file(raw):
    path = raw.file()
    records = read_records(path)
    text = csv_text(records[:3]) + '"' + csv_text(records[3:]) * 80  # more than the csv module's field limit
    path.write_text(text, encoding="utf-8", newline="")
    (problem,) = problems_of(raw)
    assert problem.startswith(f"{path}: line 4: unreadable_csv: field larger than field limit")


def test_every_blocking_problem_of_every_file_is_listed_at_once(raw):
    empty, undated = raw.file(), raw.file("rep", "rep_notifications")
    empty.write_bytes(b"")
    undated = undated.rename(undated.with_name("rep_notifications_latest.csv"))
    shutil.rmtree(raw.extracts / "mners")
    problems = problems_of(raw)
    assert len(problems) == 3
    assert any(problem.startswith(f"{empty}: line 1: empty_file") for problem in problems)
    assert any(problem.startswith(f"{undated}: no_extract_date") for problem in problems)
    assert any(problem.startswith(f"{raw.extracts / 'mners'}: folder_missing") for problem in problems)


def test_a_failed_landing_leaves_the_last_one_as_it_was(raw):
    raw.land()
    copy = raw.copy_of(raw.file())
    before = copy.read_bytes()
    raw.file().write_bytes(b"")
    with pytest.raises(LandingError):
        raw.land()
    assert copy.read_bytes() == before
    assert not [path for path in (raw.root / "landed").iterdir() if path.name.startswith(".landing-")]

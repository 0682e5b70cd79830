"""What landing handles with a warning: the copy is the one an unbroken file gives."""

from __future__ import annotations

import codecs

import pytest
from raw_files import csv_text, read_records

from cmoe.landing import LandedFile


def landed_file(result, path) -> LandedFile:
    (landed,) = [landed for landed in result.files if landed.raw_path == path]
    return landed


def warnings_of(result, path) -> list[str]:
    return [str(warning) for warning in landed_file(result, path).warnings]


def test_an_unbroken_scenario_lands_without_a_warning(raw):
    result = raw.land()
    assert result.warnings == []
    assert len(result.files) == 10


def test_an_extra_column_is_dropped_from_the_copy_and_kept_in_the_header_as_arrived(raw, clean):
    path = raw.file()
    raw.rewrite(
        path,
        lambda records: [
            [*record[:3], "NOTES" if i == 0 else "x", *record[3:]] for i, record in enumerate(records)
        ],
    )
    result = raw.land()
    assert warnings_of(result, path) == []  # the arrival checks judge the header
    contract = read_records(clean)[0][3:]
    assert landed_file(result, path).arrived_columns == (*contract[:3], "NOTES", *contract[3:])
    assert raw.copy_of(path).read_bytes() == clean.read_bytes()


def test_columns_in_another_order_are_mapped_by_name(raw, clean):
    path = raw.file()
    raw.rewrite(path, lambda records: [list(reversed(record)) for record in records])
    result = raw.land()
    assert warnings_of(result, path) == []
    contract = read_records(clean)[0][3:]
    assert landed_file(result, path).arrived_columns == tuple(reversed(contract))
    assert raw.copy_of(path).read_bytes() == clean.read_bytes()


def test_a_missing_column_is_landed_empty_for_the_arrival_checks_to_judge(raw, clean):
    path = raw.file()
    renamed = {"ReferralReason": "Motive"}
    raw.rewrite(path, lambda records: [[renamed.get(name, name) for name in records[0]], *records[1:]])
    result = raw.land()
    contract = read_records(clean)[0][3:]
    arrived = landed_file(result, path).arrived_columns
    assert arrived == tuple(renamed.get(name, name) for name in contract)
    copied, expected = read_records(raw.copy_of(path)), read_records(clean)
    reason = 3 + contract.index("ReferralReason")
    assert {record[reason] for record in copied[1:]} == {""}
    assert [record[:reason] + record[reason + 1 :] for record in copied] == [
        record[:reason] + record[reason + 1 :] for record in expected
    ]


@pytest.mark.parametrize(("delimiter", "name"), [(";", "semicolon"), ("\t", "tab"), ("|", "pipe")])
def test_another_delimiter_is_sniffed_from_the_header(raw, clean, delimiter, name):
    path = raw.file()
    raw.rewrite(path, lambda records: records, delimiter=delimiter)
    result = raw.land()
    assert warnings_of(result, path) == [f"{path}: line 1: delimiter: {name}-delimited, read as such"]
    assert landed_file(result, path).delimiter == name
    assert raw.copy_of(path).read_bytes() == clean.read_bytes()


def test_a_utf8_byte_order_mark_is_stripped(raw, clean):
    path = raw.file()
    path.write_bytes(codecs.BOM_UTF8 + path.read_bytes())
    result = raw.land()
    assert warnings_of(result, path) == [f"{path}: line 1: utf8_bom: UTF-8 byte order mark removed"]
    assert landed_file(result, path).encoding == "utf-8-sig"
    assert raw.copy_of(path).read_bytes() == clean.read_bytes()


def test_header_names_differing_in_case_or_spaces_are_mapped(raw, clean):
    path = raw.file()
    renamed = {"Surname": " SURNAME ", "DOB": "dob"}
    raw.rewrite(path, lambda records: [[renamed.get(name, name) for name in records[0]], *records[1:]])
    result = raw.land()
    assert warnings_of(result, path) == [
        f"{path}: line 1: header_names: ' SURNAME ' read as Surname; 'dob' read as DOB"
    ]
    assert landed_file(result, path).arrived_columns == tuple(read_records(clean)[0][3:])
    assert raw.copy_of(path).read_bytes() == clean.read_bytes()


NAMES = ("Zoë", "José", "Siân")


def test_windows_1252_names_land_as_the_right_unicode(raw):
    path = raw.file()
    records = read_records(path)
    forename = records[0].index("Forename")
    for record, name in zip(records[1:], NAMES, strict=False):
        record[forename] = name
    path.write_bytes(csv_text(records).encode("cp1252"))
    utf8 = path.with_name("cme_referrals_20221005.csv")
    result = raw.land()
    assert warnings_of(result, path) == [
        f"{path}: line 2: cp1252: not UTF-8 (byte 0xEB), read as Windows-1252"
    ]
    assert landed_file(result, path).encoding == "cp1252"
    copied = read_records(raw.copy_of(path))
    assert tuple(record[3 + forename] for record in copied[1:4]) == NAMES
    # The same records written as UTF-8 land as the same copy.
    utf8.write_text(csv_text(records), encoding="utf-8", newline="")
    path.unlink()
    raw.land("utf8")
    assert read_records(raw.copy_of(utf8, "utf8"))[1:] == [[utf8.name, *record[1:]] for record in copied[1:]]


def test_a_file_mixing_encodings_is_read_as_windows_1252_and_says_so(raw):
    path = raw.file()
    records = read_records(path)
    forename = records[0].index("Forename")
    records[1][forename], records[2][forename] = "Zoë", "Siân"
    encodings = {1: "cp1252"}  # line 2 from a Windows system, line 3 (and the rest) UTF-8
    path.write_bytes(b"".join(csv_text([r]).encode(encodings.get(i, "utf-8")) for i, r in enumerate(records)))
    result = raw.land()
    assert warnings_of(result, path) == [
        f"{path}: line 2: cp1252: not UTF-8 (byte 0xEB), read as Windows-1252; yet 1 byte sequence(s)"
        " look like UTF-8 (first at line 3): the file may mix encodings"
    ]

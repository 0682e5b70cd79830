"""Row-level findings: each rule writes the broken rows to _arrival_issues.csv, with their line and value."""

from __future__ import annotations

from arrival_helpers import read_records


def _found(issues, source_file: str, line: int, column: str) -> list[tuple[str, str]]:
    rows = issues[
        (issues["source_file"] == source_file)
        & (issues["source_line"] == str(line))
        & (issues["column_name"] == column)
    ]
    return sorted(zip(rows["rule_code"], rows["value"], strict=True))


def test_each_row_level_rule_writes_its_rows(arrival):
    roll = arrival.file("school_census", "pupil_roll").name
    ehe = arrival.file("ehe", "ehe_register").name
    cme = arrival.file("ews", "cme_referrals").name
    medical = arrival.file("mners", "medical_cases").name
    episodes = arrival.file("social_care", "social_care_episodes").name
    referrals = read_records(arrival.file("ews", "cme_referrals"))
    repeated = referrals[5][referrals[0].index("ReferralID")]  # the referral on line 6

    arrival.set_value("ehe", "ehe_register", 2, "PRIMARY_REASON", "ZZZ")
    arrival.set_value("school_census", "pupil_roll", 3, "URN", "999999")
    arrival.set_value("school_census", "pupil_roll", 4, "UPN", " a12345 ")
    arrival.set_value("ews", "cme_referrals", 5, "ReferralID", repeated)
    arrival.set_value("social_care", "social_care_episodes", 2, "PersonID", "")
    arrival.set_value("ews", "cme_referrals", 7, "ReferralDate", "15/03/2031")
    arrival.set_value("ehe", "ehe_register", 3, "DOB", "01/01/1998")
    arrival.set_value("mners", "medical_cases", 2, "OpenDate", "31/02/2020")
    arrival.set_value("mners", "medical_cases", 3, "HoursPerWeek", "ten")
    # Compared as dbt reads them (trimmed, codes in upper case): not findings.
    arrival.set_value("ehe", "ehe_register", 4, "GENDER", " m ")
    arrival.set_value("school_census", "pupil_roll", 5, "URN", " 900001")

    result = arrival.land_and_check()
    issues = arrival.issues()

    assert _found(issues, ehe, 2, "PRIMARY_REASON") == [("unknown_code", "ZZZ")]
    assert _found(issues, roll, 3, "URN") == [("unknown_school", "999999")]
    assert _found(issues, roll, 4, "UPN") == [("invalid_upn_format", " a12345 ")]
    assert _found(issues, cme, 5, "ReferralID") == [("duplicate_key", repeated)]
    assert _found(issues, cme, 6, "ReferralID") == [("duplicate_key", repeated)]
    assert _found(issues, episodes, 2, "PersonID") == [("missing_value", "")]
    assert _found(issues, cme, 7, "ReferralDate") == [("implausible_date", "15/03/2031")]
    assert _found(issues, ehe, 3, "DOB") == [("implausible_date", "01/01/1998")]
    assert _found(issues, medical, 2, "OpenDate") == [("unparseable_value", "31/02/2020")]
    assert _found(issues, medical, 3, "HoursPerWeek") == [("unparseable_value", "ten")]
    assert _found(issues, ehe, 4, "GENDER") == []
    assert _found(issues, roll, 5, "URN") == []
    # One row per landed row, rule and column, each naming its table and the expectation that found it.
    keys = issues[["source_file", "source_line", "rule_code", "column_name"]]
    assert not keys.duplicated().any()
    by_line = issues.set_index(["source_file", "source_line", "column_name"])
    assert by_line.loc[(ehe, "2", "PRIMARY_REASON"), "source_table"] == "ehe_register"
    assert by_line.loc[(ehe, "2", "PRIMARY_REASON"), "expectation"] == "expect_column_values_to_be_in_set"
    assert (
        by_line.loc[(cme, "7", "ReferralDate"), "expectation"]
        == "expect_column_values_to_be_uk_dates_between"
    )
    # Each finding is also a warning line naming the file, the column and the lines.
    assert any(
        warning.startswith(f"ehe/{ehe}: PRIMARY_REASON: ")
        and "(unknown_code; line(s) 2" in warning
        and "'ZZZ'" in warning
        for warning in result.warnings
    )
    assert any(
        warning.startswith(f"ews/{cme}: ReferralID: 2 row(s) share their value with another row")
        for warning in result.warnings
    )

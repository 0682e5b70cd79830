"""The file-level comparisons with the previous run: skipped on a first run, warnings on the next."""

from __future__ import annotations

import json

from arrival_helpers import read_records, write_records


def test_a_second_run_compares_row_counts_and_empty_shares_with_the_first(arrival):
    first = arrival.land_and_check()
    assert len(first.skipped) == 10

    roll = arrival.rewrite("school_census", "pupil_roll", lambda records: records[: len(records) // 2])
    arrival.rewrite(
        "ews", "cme_referrals", lambda records: [records[0]] + [[*r[:2], "", *r[3:]] for r in records[1:]]
    )
    second = arrival.land_and_check()

    assert second.skipped == ()
    (rows,) = [warning for warning in second.warnings if " rows, " in warning]
    assert rows.startswith(f"school_census/{roll.name}: ")
    assert "-50% on the previous run's" in rows and "expected -20% to +25%" in rows
    (empty,) = [warning for warning in second.warnings if ": Surname: " in warning]
    assert empty.startswith("ews/cme_referrals_") and "100.0% empty, 0.0% in the previous run" in empty


def test_an_unchanged_second_run_gives_no_comparison_warning(arrival):
    first = arrival.land_and_check()
    second = arrival.check()
    assert second.skipped == ()
    assert second.warnings == first.warnings


def test_only_the_latest_file_of_a_register_is_compared_with_the_previous_run(arrival):
    arrival.land_and_check()
    latest = arrival.file("ews", "cme_referrals")
    older = latest.with_name("cme_referrals_20000101.csv")
    records = read_records(latest)
    older_records = records[: len(records) // 3]
    older_records[1][records[0].index("ReferralReason")] = "ZZZ"
    write_records(older, older_records)

    result = arrival.land_and_check()

    assert not any(
        " rows, " in warning for warning in result.warnings
    )  # the older file has a third of the rows
    issues = arrival.issues()
    found = issues[(issues["source_file"] == older.name) & (issues["rule_code"] == "unknown_code")]
    assert ["2", "ReferralReason", "ZZZ"] in found[["source_line", "column_name", "value"]].values.tolist()
    history = json.loads((arrival.quality_dir / "arrival_history.json").read_text())["extracts"]
    assert history["cme_referrals"]["source_file"] == latest.name
    pages = {page.name for page in (arrival.quality_dir / "data_docs" / "validations").rglob("*.html")}
    assert {f"cmoe-{older.stem}.html", f"cmoe-{latest.stem}.html"} <= pages

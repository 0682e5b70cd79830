"""The events' code lists come from the seeds, and their order is the pipeline's."""

from __future__ import annotations

from datetime import date

import pytest

from cmoe.generator import events
from cmoe.generator.events import codes
from cmoe.generator.events.exclusions import REASONS


def test_exclusion_reasons_change_in_september_2020() -> None:
    """One list until August 2020 (with OT), another from September (without OT, with four new)."""
    changed = codes.REASONS_CHANGED
    assert changed == date(2020, 9, 1)
    before = list(codes.valid_reasons(REASONS.reasons, date(2020, 8, 31)))
    after = list(codes.valid_reasons(REASONS.reasons, date(2020, 9, 1)))
    assert before == ["DB", "PA", "VA", "PP", "VP", "DA", "DM", "BU", "RA", "SM", "TH", "OT"]
    assert after == [*before[:-1], "OW", "MT", "LG", "DS"]


@pytest.mark.parametrize(
    ("exclusion_type", "day", "code"),
    [
        ("suspension", date(2021, 8, 31), "FIXD"),
        ("suspension", date(2021, 9, 1), "SUSP"),
        ("lunchtime", date(2018, 1, 10), "LNCH"),
        ("permanent", date(2022, 1, 10), "PERM"),
    ],
)
def test_exclusion_category_by_date(exclusion_type: str, day: date, code: str) -> None:
    assert codes.exclusion_category(exclusion_type, day) == code


def test_a_weighted_code_must_be_in_its_seed() -> None:
    assert codes.checked({"MENT": 1}, "ehe_reasons") == {"MENT": 1}
    with pytest.raises(ValueError, match="NOPE"):
        codes.checked({"MENT": 1, "NOPE": 1}, "ehe_reasons")


def test_the_steps_run_in_their_documented_order() -> None:
    names = [step.__name__ for step in events.EVENT_STEPS]
    assert names[:3] == ["place_home_education", "place_missing_education", "place_permanent_exclusions"]
    assert names.index("place_dual_registrations") > names.index("place_permanent_exclusions")
    assert names[-3:] == ["place_eotas", "delay_unrecorded_arrivals", "judge_home_education"]

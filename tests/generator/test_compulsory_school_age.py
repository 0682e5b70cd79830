"""The generator's compulsory school age (Education Act 1996 s8).

On IPSEA's worked examples and dates either side of the rule's boundaries.
"""

from __future__ import annotations

from datetime import date

import pytest

from cmoe.generator.population import compulsory_school_age_end, compulsory_school_age_start


@pytest.mark.parametrize(
    ("date_of_birth", "start"),
    [
        (date(2019, 2, 10), date(2024, 3, 31)),  # worked example
        (date(2018, 12, 31), date(2023, 12, 31)),  # 5th birthday on a prescribed day
        (date(2019, 3, 31), date(2024, 3, 31)),
        (date(2019, 4, 1), date(2024, 8, 31)),
        (date(2019, 8, 31), date(2024, 8, 31)),
        (date(2019, 9, 1), date(2024, 12, 31)),
        (date(2020, 1, 1), date(2025, 3, 31)),
        (date(2016, 2, 29), date(2021, 3, 31)),  # leap-day birth
    ],
)
def test_start(date_of_birth, start):
    assert compulsory_school_age_start(date_of_birth) == start


@pytest.mark.parametrize(
    ("date_of_birth", "end"),
    [
        (date(2019, 9, 1), date(2036, 6, 27)),  # worked example
        (date(2008, 7, 15), date(2024, 6, 28)),  # worked example
        (date(2007, 9, 23), date(2024, 6, 28)),  # IPSEA's example
        (date(2008, 6, 28), date(2024, 6, 28)),  # turns 16 on the leaving date itself
        (date(2008, 6, 29), date(2024, 6, 28)),  # the day after: before the next school year
        (date(2008, 8, 31), date(2024, 6, 28)),
        (date(2008, 9, 1), date(2025, 6, 27)),  # 16 in the next school year
    ],
)
def test_end(date_of_birth, end):
    assert compulsory_school_age_end(date_of_birth) == end

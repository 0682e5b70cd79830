"""Steered episodes: exactly the target number open on each as-at date."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from cmoe.generator.quotas import Durations, steered_intervals
from cmoe.generator.school_calendar import SchoolCalendar
from cmoe.paths import REFERENCE_SEEDS_DIR

DATES = (date(2021, 8, 31), date(2022, 8, 31), date(2022, 10, 6))


@pytest.fixture(scope="module")
def working_days():
    return SchoolCalendar.working_days_from_seeds(REFERENCE_SEEDS_DIR)


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize(
    ("counts", "durations"),
    [
        ((731, 811, 766), Durations(420, 1.0, 20)),
        ((118, 102, 81), Durations(35, 1.0, 3)),
        ((14, 10, 21), Durations(110, 0.9, 10)),
        ((0, 3, 0), Durations(35, 1.0, 3)),
    ],
)
def test_targets_are_met_exactly(seed, counts, durations, working_days):
    targets = tuple(zip(DATES, counts, strict=True))
    intervals = steered_intervals(
        targets, durations, date(2017, 9, 1), DATES[-1], np.random.default_rng(seed), working_days
    )
    for day, wanted in targets:
        assert sum(interval.is_open_on(day) for interval in intervals) == wanted
    # Nothing is known after the extract date: an episode still running there has no end.
    assert all(interval.end is None or interval.end < DATES[-1] for interval in intervals)
    assert all(interval.end is None or interval.start <= interval.end for interval in intervals)


def test_episodes_start_on_working_days_where_that_changes_no_count(working_days):
    targets = tuple(zip(DATES, (118, 102, 81), strict=True))
    intervals = steered_intervals(
        targets, Durations(35, 1.0, 3), date(2017, 9, 1), DATES[-1], np.random.default_rng(3), working_days
    )
    on_working_days = [interval.start.weekday() < 5 for interval in intervals]
    assert np.mean(on_working_days) > 0.97

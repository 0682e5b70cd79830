"""Episode dates that give exactly the target number open on each as-at date.

The simulation must reproduce the committee report's figures. Episodes are
drawn as a renewal process (arrivals with a typical duration), then steered:
on each as-at date in turn, surplus open episodes are closed a little
earlier and missing ones start a little later, never touching the counts
already fixed on earlier dates. Background episodes that cover none of the
dates give the flow between them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from cmoe.generator.school_calendar import SchoolCalendar


@dataclass
class Interval:
    start: date
    end: date | None  # None: still open on the extract date
    floor: date | None = None  # the end must stay on or after this (last covered as-at date)

    def is_open_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Durations:
    """Lognormal episode lengths in days."""

    median_days: float
    sigma: float
    minimum_days: int = 1

    def sample(self, rng: np.random.Generator, at_least: int = 0) -> int:
        for _ in range(1000):
            days = round(self.median_days * float(np.exp(rng.normal(0.0, self.sigma))))
            days = max(days, self.minimum_days)
            if days >= at_least:
                return days
        return max(at_least, self.minimum_days)

    @property
    def mean_days(self) -> float:
        return self.median_days * float(np.exp(self.sigma**2 / 2))


def _days(first: date, last: date) -> int:
    return (last - first).days


def steered_intervals(
    targets: tuple[tuple[date, int], ...],
    durations: Durations,
    history_start: date,
    extract_date: date,
    rng: np.random.Generator,
    days: SchoolCalendar,
    growth_per_year: float = 0.0,
) -> list[Interval]:
    """Intervals with exactly the target count open on each target date.

    Starts and ends fall on `days` (school days for what schools record, working
    days for the LA's own case work) where moving them there changes no count.
    `growth_per_year` makes the background flow before the first date smaller
    (a rising number of episodes over the years).
    """
    dates = [day for day, _ in targets]
    typical_open = float(np.mean([wanted for _, wanted in targets]))
    intervals = _renewal_process(
        dates[0], durations, typical_open, growth_per_year, history_start, extract_date, rng
    )
    previous: date | None = None
    for day, wanted in targets:
        open_now = [interval for interval in intervals if interval.is_open_on(day)]
        surplus = len(open_now) - wanted
        if surplus > 0:
            # Close some between the last date they must cover and this one; one
            # that starts on this very date covers no earlier date, so it goes.
            closable = [interval for interval in open_now if (interval.floor or interval.start) < day]
            chosen = [closable[int(index)] for index in rng.permutation(len(closable))[:surplus]]
            for interval in chosen:
                low = interval.floor or interval.start
                interval.end = low + timedelta(days=int(rng.integers(0, _days(low, day))))
            starting_today = [interval for interval in open_now if (interval.floor or interval.start) >= day]
            for interval in starting_today[: surplus - len(chosen)]:
                intervals.remove(interval)
        for _ in range(max(0, -surplus)):
            if previous is None:
                # Already running on the first date: a length-biased draw, split at random.
                length = durations.sample(rng, at_least=1)
                elapsed = int(rng.integers(0, length))
                start = max(day - timedelta(days=elapsed), history_start - timedelta(days=3 * 365))
            else:
                start = previous + timedelta(days=int(rng.integers(1, _days(previous, day) + 1)))
            length = durations.sample(rng, at_least=_days(start, day))
            intervals.append(Interval(start, start + timedelta(days=length)))
        for interval in intervals:
            if interval.is_open_on(day):
                interval.floor = day
        previous = day
    for interval in intervals:
        _move_to_days(interval, dates, days)
        if interval.end is not None and interval.end >= extract_date:
            interval.end = None
    return sorted(intervals, key=lambda interval: (interval.start, interval.end or date.max))


def _move_to_days(interval: Interval, dates: list[date], calendar: SchoolCalendar) -> None:
    """Start and end on days the service works, unless that would change a count."""

    def same_cover(start: date, end: date | None) -> bool:
        return all(
            (start <= day and (end is None or day <= end)) == interval.is_open_on(day) for day in dates
        )

    for start in (calendar.on_or_after(interval.start), calendar.on_or_before(interval.start)):
        if start <= (interval.end or date.max) and same_cover(start, interval.end):
            interval.start = start
            break
    if interval.end is not None:
        for end in (calendar.on_or_before(interval.end), calendar.on_or_after(interval.end)):
            if end >= interval.start and same_cover(interval.start, end):
                interval.end = end
                break


def _renewal_process(
    first_date: date,
    durations: Durations,
    typical_open: float,
    growth_per_year: float,
    history_start: date,
    extract_date: date,
    rng: np.random.Generator,
) -> list[Interval]:
    """Episodes arriving at the flow that keeps `typical_open` open (smaller in earlier years)."""
    arrivals_per_day = typical_open / durations.mean_days
    window_start = history_start - timedelta(days=int(3 * durations.mean_days))
    window = _days(window_start, extract_date)
    intervals: list[Interval] = []
    for offset in sorted(rng.integers(0, window, size=rng.poisson(arrivals_per_day * window))):
        start = window_start + timedelta(days=int(offset))
        years_before_first_date = max(0.0, _days(start, first_date) / 365.25)
        if rng.random() > (1 + growth_per_year) ** -years_before_first_date:
            continue
        end = start + timedelta(days=durations.sample(rng))
        if end >= history_start:
            intervals.append(Interval(start, end))
    return intervals

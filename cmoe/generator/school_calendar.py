"""School days of the LA, from the committed term-date, bank-holiday and INSET-day seeds.

The generator's own reading of the calendar: it decides which days children
are marked in the registers. The warehouse builds dim_calendar from the same
seeds in SQL. INSET days are no school days: schools are closed to pupils
and mark everyone on roll "#".
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import numpy as np


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


APPROXIMATE_FROM = 1995
APPROXIMATE_TO = 2045


def _approximate_school_days(first_year: int, last_year: int) -> list[date]:
    """Weekdays from early September to 20 July, less a Christmas and an Easter fortnight."""
    days = []
    for year in range(first_year, last_year + 1):
        day = date(year, 9, 3)
        while day <= date(year + 1, 7, 20):
            christmas = date(year, 12, 21) <= day <= date(year + 1, 1, 3)
            easter = date(year + 1, 4, 1) <= day <= date(year + 1, 4, 14)
            if day.weekday() < 5 and not christmas and not easter:
                days.append(day)
            day += timedelta(days=1)
    return days


@dataclass(frozen=True)
class SchoolCalendar:
    school_days: np.ndarray  # sorted datetime64[D]
    terms: tuple[tuple[date, date], ...]  # (first day, last day) of each half term
    inset_days: np.ndarray = field(default_factory=lambda: np.array([], dtype="datetime64[D]"))

    @classmethod
    def from_seeds(cls, seeds_dir: Path) -> SchoolCalendar:
        holidays = {date.fromisoformat(row["holiday_date"]) for row in _read(seeds_dir / "bank_holidays.csv")}
        terms = sorted(
            (date.fromisoformat(row["first_day"]), date.fromisoformat(row["last_day"]))
            for row in _read(seeds_dir / "term_dates.csv")
        )
        days = [
            first + timedelta(days=offset)
            for first, last in terms
            for offset in range((last - first).days + 1)
        ]
        school_days = [day for day in days if day.weekday() < 5 and day not in holidays]
        # Registrations began long before the seeded years and run on after them:
        # outside the seed, an approximate school year of weekdays stands in.
        before = _approximate_school_days(APPROXIMATE_FROM, terms[0][0].year - 1)
        after = _approximate_school_days(terms[-1][1].year, APPROXIMATE_TO)
        school_days = [day for day in before if day < terms[0][0]] + school_days
        school_days += [day for day in after if day > terms[-1][1]]
        inset_days = sorted(
            date.fromisoformat(row["inset_date"]) for row in _read(seeds_dir / "inset_days.csv")
        )
        return cls(
            np.array(school_days, dtype="datetime64[D]"),
            tuple(terms),
            np.array(inset_days, dtype="datetime64[D]"),
        )

    @classmethod
    def working_days_from_seeds(cls, seeds_dir: Path) -> SchoolCalendar:
        """The LA's working days (weekdays but bank holidays), for its own case work."""
        holidays = {date.fromisoformat(row["holiday_date"]) for row in _read(seeds_dir / "bank_holidays.csv")}
        first, last = date(APPROXIMATE_FROM, 1, 1), date(APPROXIMATE_TO, 12, 31)
        days = (first + timedelta(days=offset) for offset in range((last - first).days + 1))
        working = [day for day in days if day.weekday() < 5 and day not in holidays]
        return cls(np.array(working, dtype="datetime64[D]"), ())

    def between(self, first: date, last: date) -> np.ndarray:
        """School days from first to last, inclusive."""
        low = np.searchsorted(self.school_days, np.datetime64(first, "D"), side="left")
        high = np.searchsorted(self.school_days, np.datetime64(last, "D"), side="right")
        return self.school_days[low:high]

    def inset_between(self, first: date, last: date) -> np.ndarray:
        """INSET days from first to last, inclusive."""
        low = np.searchsorted(self.inset_days, np.datetime64(first, "D"), side="left")
        high = np.searchsorted(self.inset_days, np.datetime64(last, "D"), side="right")
        return self.inset_days[low:high]

    def school_day_index(self, days: np.ndarray) -> np.ndarray:
        """The position of each school day among all school days (consecutive school days differ by 1)."""
        return np.searchsorted(self.school_days, days.astype("datetime64[D]"), side="left")

    def on_or_after(self, day: date) -> date:
        index = np.searchsorted(self.school_days, np.datetime64(day, "D"), side="left")
        index = min(index, len(self.school_days) - 1)
        return self.school_days[index].astype(date)

    def on_or_before(self, day: date) -> date:
        index = np.searchsorted(self.school_days, np.datetime64(day, "D"), side="right") - 1
        return self.school_days[max(index, 0)].astype(date)

    def add_school_days(self, day: date, count: int) -> date:
        """The school day `count` school days after `day` (or before, if negative)."""
        index = np.searchsorted(self.school_days, np.datetime64(day, "D"), side="left")
        index = int(np.clip(index + count, 0, len(self.school_days) - 1))
        return self.school_days[index].astype(date)

    def year_start(self, academic_year: int) -> date:
        """First school day of the academic year starting in September of that year."""
        return self.on_or_after(date(academic_year, 9, 1))

    def year_end(self, academic_year: int) -> date:
        """Last school day of the academic year starting in September of that year."""
        return self.on_or_before(date(academic_year + 1, 8, 31))

"""A chunk of registrations and its register marks, with what the marks are drawn from.

The school days of the feed (`RegisterDays`), each school's closures and
trips (`SchoolEvents`), each pupil's phase, year group and propensity to be
absent (`Pupils`); a `Chunk` holds a few thousand registrations' marks, AM
and PM, as attendance.py draws them.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

import numpy as np

from cmoe.generator import attendance_profile as profile
from cmoe.generator.attendance_codes import CodeBook
from cmoe.generator.attendance_truth import Register
from cmoe.generator.school_calendar import SchoolCalendar
from cmoe.generator.world import Enrolment

CODE_BOOK = CodeBook.from_seed()

CODE = CODE_BOOK.index

YEAR_GROUPS = 13  # reception (0) to year 12, for the year groups' trips

MOST_COVERED = 0.9  # no pupil is drawn absent on more than nine days in ten


def ordinal(day: date) -> int:
    """Days since 1 January 1970, as numpy counts them."""
    return int(np.datetime64(day, "D").astype(np.int64))


@dataclass(frozen=True)
class RegisterDays:
    """The days registers are marked: the LA's school days and its INSET days, in order."""

    day: np.ndarray  # days since 1970-01-01
    is_school_day: np.ndarray  # False on INSET days
    school_day_index: np.ndarray  # the calendar's index (INSET days: that of the next school day)
    weekday: np.ndarray  # Monday 0
    month: np.ndarray
    academic_year: np.ndarray  # by the year it starts in

    @classmethod
    def between(cls, calendar: SchoolCalendar, first: date, last: date) -> RegisterDays:
        school_days = calendar.between(first, last)
        inset_days = calendar.inset_between(first, last)
        both = np.concatenate([school_days, inset_days])
        order = np.argsort(both, kind="stable")
        days = both[order]
        months = days.astype("datetime64[M]").astype(np.int64) % 12 + 1
        years = days.astype("datetime64[Y]").astype(np.int64) + 1970
        return cls(
            day=days.astype(np.int64),
            is_school_day=(order < len(school_days)),
            school_day_index=calendar.school_day_index(days),
            weekday=(days.astype(np.int64) + 3) % 7,  # 1970-01-01 was a Thursday
            month=months,
            academic_year=np.where(months >= 9, years, years - 1),
        )


@dataclass
class SchoolEvents:
    """What happens to a whole school or year group on a day: trips, snow, work experience."""

    trip: np.ndarray  # [school, national curriculum year, register day]
    snow: np.ndarray  # [school, register day]
    work_experience: np.ndarray  # [school, register day]: the year 10 week

    @classmethod
    def draw(cls, schools: list[str], phase_of: dict[str, str], days: RegisterDays, rng) -> SchoolEvents:
        rates = np.array([profile.RATES_BY_PHASE[profile.drawn_phase(phase_of[urn])].trip for urn in schools])
        trip = (
            rng.random((len(schools), YEAR_GROUPS, len(days.day)))
            < (rates / profile.TRIP_PARTICIPATION)[:, None, None]
        )
        winter = np.isin(days.month, (12, 1, 2))
        snow = (rng.random((len(schools), len(days.day))) < profile.SNOW_CLOSURE_PER_WINTER_DAY) & winter
        work_experience = np.zeros((len(schools), len(days.day)), dtype=bool)
        for year in np.unique(days.academic_year):
            # A week in June or the first half of July.
            candidates = np.flatnonzero(
                (days.academic_year == year) & days.is_school_day & np.isin(days.month, (6, 7))
            )
            candidates = candidates[: max(len(candidates) - 10, 0)]
            if len(candidates) == 0:
                continue
            starts = candidates[rng.integers(len(candidates), size=len(schools))]
            for offset in range(5):
                work_experience[np.arange(len(schools)), np.minimum(starts + offset, len(days.day) - 1)] = (
                    True
                )
        return cls(trip, snow, work_experience)


@dataclass
class Pupils:
    """A chunk's registrations: who they are and how absent they tend to be."""

    phase: np.ndarray  # index into profile.PHASES: the phase the school is drawn as
    school: np.ndarray  # index into the feed's schools
    reception_year: np.ndarray
    csa_end: np.ndarray  # last day of compulsory school age, as a day number
    entry: np.ndarray  # entry date, as a day number
    propensity: np.ndarray  # mean 1 over pupils
    is_mobile: np.ndarray

    @classmethod
    def of(cls, enrolments, children, school_index, phase_of, absence_rank, rng) -> Pupils:
        """`absence_rank`: a standard normal value per child, so a child keeps their place at any school."""
        count = len(enrolments)
        phases = [profile.drawn_phase(phase_of[e.school_urn]) for e in enrolments]
        sigma = np.array([profile.PROPENSITY_SIGMA[phase] for phase in phases])
        rank = absence_rank[[e.child_id for e in enrolments]]
        sen = np.array(
            [
                _sen_factor(children[e.child_id].sen_provision, phase)
                for e, phase in zip(enrolments, phases, strict=True)
            ]
        )
        return cls(
            phase=np.array([profile.PHASES.index(phase) for phase in phases]),
            school=np.array([school_index[e.school_urn] for e in enrolments]),
            reception_year=np.array([children[e.child_id].reception_year for e in enrolments]),
            csa_end=np.array([ordinal(children[e.child_id].csa_end) for e in enrolments]),
            entry=np.array([ordinal(e.entry_date) for e in enrolments]),
            propensity=np.exp(sigma * rank - sigma**2 / 2) * sen,  # lognormal, mean 1
            is_mobile=rng.random(count) < profile.MOBILE_PUPILS,
        )

    def __len__(self) -> int:
        return len(self.phase)


def _sen_factor(sen_provision: str, phase: str) -> float:
    """How much more than their phase's rate a pupil with SEN tends to be absent."""
    if phase not in profile.SEN_FACTOR_PHASES:
        return 1.0
    mean = sum(profile.SEN_SHARE[sen] * factor for sen, factor in profile.SEN_FACTOR.items())
    return profile.SEN_FACTOR[sen_provision] / mean


# The draw rates by phase, one array per rate (indexed by phase).
RATE = {
    rate.name: np.array([getattr(profile.RATES_BY_PHASE[phase], rate.name) for phase in profile.PHASES])
    for rate in fields(profile.RegisterRates)
}


class Chunk:
    """The register days of a run of enrolments, as flat arrays (sorted by enrolment, then day)."""

    def __init__(self, enrolments: list[Enrolment], days: RegisterDays, pupils: Pupils):
        self.days = days
        self.pupils = pupils
        starts = np.searchsorted(days.day, pupils.entry, side="left")
        last_day = days.day[-1]
        leaving = [ordinal(e.leaving_date) if e.leaving_date else last_day for e in enrolments]
        ends = np.maximum(np.searchsorted(days.day, leaving, side="right"), starts)
        lengths = ends - starts
        self.enrolment = np.repeat(np.arange(len(enrolments)), lengths)
        offsets = np.repeat(starts - np.concatenate([[0], np.cumsum(lengths)[:-1]]), lengths)
        self.day = np.arange(len(self.enrolment)) + offsets
        # Subsidiary (dual) registrations at a unit are marked on its days only.
        subsidiary = np.array([e.status == "S" for e in enrolments])[self.enrolment]
        keep = ~subsidiary | np.isin(days.weekday, (1, 3))[self.day]
        self.enrolment, self.day = self.enrolment[keep], self.day[keep]
        self.bounds = np.searchsorted(self.enrolment, np.arange(len(enrolments) + 1))
        self.am = np.full(len(self.day), CODE["/"], dtype=np.int8)
        self.pm = np.full(len(self.day), CODE["\\"], dtype=np.int8)

    def __len__(self) -> int:
        return len(self.day)

    def rate(self, name: str) -> np.ndarray:
        """A draw rate of each pupil-day's phase."""
        return RATE[name][self.pupils.phase][self.enrolment]

    def year_group(self) -> np.ndarray:
        """National curriculum year on each pupil-day (0 is reception)."""
        return self.days.academic_year[self.day] - self.pupils.reception_year[self.enrolment]

    def spells(self, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """Mask of pupil-days inside spells starting at `starts`, cut at each enrolment's end."""
        ends = np.minimum(starts + lengths, self.bounds[self.enrolment[starts] + 1])
        change = np.zeros(len(self.day) + 1, dtype=np.int32)
        np.add.at(change, starts, 1)
        np.add.at(change, ends, -1)
        return np.cumsum(change[:-1]) > 0

    def draw_spells(self, rng, covered: np.ndarray, mean_days: float, code: str, fixed_length=False) -> None:
        """Spells of `code` putting each pupil-day in a spell with about the chance `covered`.

        Spells start at a rate that allows for their overlapping (a pupil ill
        half the time has spells that run into each other).
        """
        start_chance = -np.log1p(-np.minimum(covered, MOST_COVERED)) / mean_days
        starts = np.flatnonzero(rng.random(len(self)) < start_chance)
        if fixed_length:
            lengths = np.full(len(starts), int(mean_days))
        else:
            lengths = rng.geometric(1 / mean_days, size=len(starts))
        self.set(self.spells(starts, lengths), code)

    def set(self, mask: np.ndarray, code: str, sessions: str = "both") -> None:
        if sessions in ("both", "am"):
            self.am[mask] = CODE[code]
        if sessions in ("both", "pm"):
            self.pm[mask] = CODE[code]

    def register(self, enrolments: list[Enrolment]) -> Register:
        """The marks as sessions (AM before PM), for the truth."""
        return Register(
            enrolments=enrolments,
            enrolment=np.repeat(self.enrolment, 2),
            day=np.repeat(self.days.day[self.day], 2).astype("datetime64[D]"),
            session=np.tile(np.array([0, 1], dtype=np.int8), len(self.day)),
            code=np.column_stack([self.am, self.pm]).ravel(),
        )

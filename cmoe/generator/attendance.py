"""The daily attendance registers: two marks a school day for every pupil on roll.

Marks are drawn per pupil at the rates of attendance_profile (Wiltshire's
published figures by phase), each pupil absent by their own right-skewed
propensity: illness spells heavier in winter, odd unauthorised days and
afternoons, holidays in term time, appointments, late arrivals, leave, year
groups' trips, sport, off-site education, year 10 work experience, year 11
study leave and interviews, and the rare codes (mobile children, religious
observance, snow closures and the other reasons a pupil cannot attend).
Pupils not of compulsory school age are not required to attend (X: reception
children starting part time, year 11 after the school leaving date), nor
were those learning at home in the Covid years. Then what the history says
is laid over them (suspensions, part-time timetables, education arranged by
the LA, missing-education runs, dual registration), each mark is written as
the code set in force on its day names it, the latest absences are still
"no reason yet" (N), and INSET days are marked closed (#).

`write_session_marks` runs this chunk by chunk (a few thousand
registrations at a time), gives each chunk to the truth, and writes it to
the feed with the feed's own noise (attendance_feed).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from cmoe.generator import attendance_profile as profile
from cmoe.generator.attendance_chunk import (
    CODE,
    CODE_BOOK,
    YEAR_GROUPS,
    Chunk,
    Pupils,
    RegisterDays,
    SchoolEvents,
    ordinal,
)
from cmoe.generator.attendance_codes import IN_2006_SET, IN_2024_SET, UNKNOWN_CODE
from cmoe.generator.attendance_feed import FeedNoise, FeedWriter
from cmoe.generator.attendance_truth import AttendanceTruth
from cmoe.generator.school_calendar import SchoolCalendar
from cmoe.generator.schooling import Schools
from cmoe.generator.world import CLOSURES, AttendanceOverlay, Enrolment, History

LOCKDOWN = CLOSURES[-1]  # the one in the feed (from September 2020)
# Schools recorded Covid isolation as X until the end of March 2022.
ISOLATION_SEASON = (date(2020, 9, 1), date(2022, 3, 31))
CHUNK_ENROLMENTS = 4000
CHANGE_OF_CODES = CODE_BOOK.set_starts("2024")
ILLNESS_BY_MONTH = np.array([profile.ILLNESS_BY_MONTH.get(month, 1.0) for month in range(13)])


@dataclass(frozen=True)
class AttendanceFeed:
    rows: int
    truth: AttendanceTruth
    noise: dict[str, int]  # rows the feed's noise added, by kind


def write_session_marks(
    history: History,
    calendar: SchoolCalendar,
    schools: Schools,
    first_day: date,
    extract_date: date,
    path: Path,
    file_format: str,
    rng: np.random.Generator,
) -> AttendanceFeed:
    """Write the feed to `path`; returns its size and noise, and the truth of the registers behind it."""
    days = RegisterDays.between(calendar, first_day, extract_date - timedelta(days=1))
    children = {child.child_id: child for child in history.children}
    enrolments = sorted(
        (
            enrolment
            for enrolment in history.all_enrolments()
            if (enrolment.leaving_date is None or ordinal(enrolment.leaving_date) >= days.day[0])
            and ordinal(enrolment.entry_date) <= days.day[-1]
        ),
        key=lambda e: (e.school_upn, e.entry_date, e.status, e.school_urn),
    )
    overlays_by_child = defaultdict(list)
    for overlay in history.overlays:
        overlays_by_child[overlay.child_id].append(overlay)
    phase_of = {urn: school.phase for urn, school in schools.by_urn.items()}
    urns = sorted({e.school_urn for e in enrolments})
    school_index = {urn: index for index, urn in enumerate(urns)}
    events = SchoolEvents.draw(urns, phase_of, days, rng)
    absence_rank = rng.standard_normal(max(children) + 1)
    truth = AttendanceTruth(calendar, CODE_BOOK, history, extract_date)
    writer = FeedWriter(path, file_format, enrolments, urns, CODE_BOOK.codes)
    noise = FeedNoise(calendar, history, extract_date, rng)
    for chunk_enrolments in _chunks(enrolments):
        pupils = Pupils.of(chunk_enrolments, children, school_index, phase_of, absence_rank, rng)
        chunk = Chunk(chunk_enrolments, days, pupils)
        draw_register(chunk, events, overlays_by_child, chunk_enrolments, rng)
        truth.add(chunk.register(chunk_enrolments))
        writer.write(noise.added_to(chunk, chunk_enrolments, writer))
    writer.close()
    return AttendanceFeed(writer.rows, truth, noise.added)


def _chunks(enrolments: list[Enrolment]):
    """Runs of enrolments that never split one UPN across two chunks."""
    start = 0
    while start < len(enrolments):
        end = min(start + CHUNK_ENROLMENTS, len(enrolments))
        while end < len(enrolments) and enrolments[end].school_upn == enrolments[end - 1].school_upn:
            end += 1
        yield enrolments[start:end]
        start = end


def draw_register(chunk: Chunk, events: SchoolEvents, overlays_by_child, enrolments, rng) -> None:
    """Every mark of the chunk, in the order later marks overwrite earlier ones."""
    _draw_activities(chunk, events, rng)
    _draw_absences(chunk, rng)
    _draw_not_required(chunk, events, rng)
    _apply_overlays(chunk, enrolments, overlays_by_child)
    _mark_first_sessions_before_admission(chunk, rng)
    _write_codes_in_force(chunk)
    _leave_latest_absences_unexplained(chunk, rng)
    _add_invalid_marks(chunk, rng)
    chunk.set(~chunk.days.is_school_day[chunk.day], "#")  # INSET: closed to pupils


def _draw_activities(chunk: Chunk, events: SchoolEvents, rng) -> None:
    """Approved educational activity and the year 11 calendar."""
    n = len(chunk)
    school = chunk.pupils.school[chunk.enrolment]
    year_group = chunk.year_group()
    on_trip = events.trip[school, np.clip(year_group, 0, YEAR_GROUPS - 1), chunk.day]
    chunk.set(on_trip & (rng.random(n) < profile.TRIP_PARTICIPATION), "V")
    chunk.set(rng.random(n) < 2 * chunk.rate("sport"), "P", "pm")  # afternoons: twice the rate
    chunk.set(rng.random(n) < chunk.rate("off_site"), "B")
    # Year 10 work experience: a week a year, most of the year group.
    placed = (rng.random(len(chunk.pupils)) < profile.WORK_EXPERIENCE_PARTICIPATION)[chunk.enrolment]
    chunk.set(events.work_experience[school, chunk.day] & (year_group == 10) & placed, "W")
    # Year 11: interviews for college and jobs, study leave in the exam weeks.
    interviews = chunk.rate("interview") / profile.INTERVIEWING_YEAR_GROUPS_SHARE
    chunk.set((year_group >= 10) & (rng.random(n) < interviews), "J1", "am")
    exams = np.isin(chunk.days.month, (5, 6))[chunk.day]
    given_leave = (rng.random(len(chunk.pupils)) < profile.STUDY_LEAVE_PUPILS)[chunk.enrolment]
    studying = given_leave & (year_group == 11) & exams
    chunk.set(studying & (rng.random(n) < profile.STUDY_LEAVE_DAYS), "S")


def _draw_absences(chunk: Chunk, rng) -> None:
    """Absence, by each pupil's propensity (drifting from year to year)."""
    n = len(chunk)
    propensity = chunk.pupils.propensity[chunk.enrolment] * _yearly_drift(chunk, rng)
    month = chunk.days.month[chunk.day]
    # Illness: spells of a couple of days, more in winter.
    illness = chunk.rate("illness") * propensity * ILLNESS_BY_MONTH[month]
    chunk.draw_spells(rng, illness, profile.ILLNESS_SPELL_MEAN_DAYS, "I")
    # Holidays in term time: a week, mostly not agreed.
    chunk.draw_spells(rng, chunk.rate("holiday_not_agreed"), profile.HOLIDAY_DAYS, "G", fixed_length=True)
    chunk.draw_spells(rng, chunk.rate("holiday_agreed"), profile.HOLIDAY_DAYS, "H", fixed_length=True)
    # Mobile families travel for work for a week or two.
    mobile = chunk.pupils.is_mobile[chunk.enrolment] / profile.MOBILE_PUPILS
    chunk.draw_spells(
        rng, chunk.rate("mobile_child") * mobile, profile.MOBILE_SPELL_DAYS, "T", fixed_length=True
    )
    # Unauthorised spells, days and afternoons; leave, observance and performances granted.
    other = chunk.rate("unauthorised_other") * propensity
    chunk.draw_spells(rng, profile.UNAUTHORISED_SPELLS * other, profile.UNAUTHORISED_SPELL_MEAN_DAYS, "O")
    draw = rng.random((6, n))
    chunk.set(draw[0] < profile.UNAUTHORISED_DAYS * other, "O")
    chunk.set(draw[1] < 2 * profile.UNAUTHORISED_AFTERNOONS * other, "O", "pm")
    chunk.set(draw[2] < chunk.rate("leave") * propensity, "C")
    chunk.set(draw[2] > 1 - chunk.rate("religious"), "R")
    chunk.set(draw[3] < chunk.rate("performance_abroad"), "C1")
    # Appointments take one session; late arrivals are present (L) or not (U).
    chunk.set(draw[4] < chunk.rate("appointment"), "M", "am")
    chunk.set(draw[4] > 1 - chunk.rate("appointment"), "M", "pm")
    arrived = chunk.am == CODE["/"]
    late = draw[5] < 2 * chunk.rate("late_before_close") * propensity
    chunk.am[arrived & late] = CODE["L"]
    after_close = draw[5] > 1 - 2 * chunk.rate("late_after_close") * propensity
    chunk.am[arrived & after_close] = CODE["U"]


def _yearly_drift(chunk: Chunk, rng) -> np.ndarray:
    """A factor of mean 1 per enrolment and academic year."""
    first_year, last_year = chunk.days.academic_year[[0, -1]]
    shape = profile.YEARLY_DRIFT_SHAPE
    drift = rng.gamma(shape, 1 / shape, size=(len(chunk.pupils), last_year - first_year + 1))
    return drift[chunk.enrolment, chunk.days.academic_year[chunk.day] - first_year]


def _draw_not_required(chunk: Chunk, events: SchoolEvents, rng) -> None:
    """Sessions that are no possible sessions: X, Y (Y1 to Y7 and Q from 2024)."""
    n = len(chunk)
    day = chunk.days.day[chunk.day]
    _draw_covid(chunk, day, rng)
    # Reception children start part time: afternoons off for their first weeks.
    pupils = chunk.pupils
    first_register_day = np.searchsorted(chunk.days.day, pupils.entry)
    started_reception = (pupils.entry >= chunk.days.day[0]) & (
        chunk.days.academic_year[np.minimum(first_register_day, len(chunk.days.day) - 1)]
        == pupils.reception_year
    )
    part_time = started_reception & (rng.random(len(pupils)) < profile.RECEPTION_PART_TIME)
    part_time_days = rng.integers(*profile.RECEPTION_PART_TIME_DAYS, size=len(pupils))
    since_entry = chunk.day - first_register_day[chunk.enrolment]
    chunk.set(part_time[chunk.enrolment] & (since_entry < part_time_days[chunk.enrolment]), "X", "pm")
    # Year 11 after the school leaving date (last Friday in June) are no longer of compulsory age.
    chunk.set(day > pupils.csa_end[chunk.enrolment], "X")
    # Unable to attend: snow, transport, travel, detention and the rest.
    chunk.set(events.snow[pupils.school[chunk.enrolment], chunk.day], "Y4")
    draw = rng.random(n)
    threshold = 0.0
    for code, chance in profile.UNAVOIDABLE_PER_DAY.items():
        chunk.set((draw >= threshold) & (draw < threshold + chance), code)
        threshold += chance
    secondary = chunk.pupils.phase[chunk.enrolment] == profile.PHASES.index("secondary")
    starts = np.flatnonzero(secondary & (rng.random(n) < profile.DETENTION_START_PER_DAY))
    chunk.set(chunk.spells(starts, np.full(len(starts), profile.DETENTION_DAYS)), "Y5")


def _draw_covid(chunk: Chunk, day: np.ndarray, rng) -> None:
    """The January 2021 lockdown: most pupils learnt at home (X); self-isolation before and after."""
    lockdown = (day >= ordinal(LOCKDOWN[0])) & (day <= ordinal(LOCKDOWN[1]))
    attends = (rng.random(len(chunk.pupils)) < profile.LOCKDOWN_ATTENDING)[chunk.enrolment]
    chunk.set(lockdown & ~attends, "X")
    season = (day >= ordinal(ISOLATION_SEASON[0])) & (day <= ordinal(ISOLATION_SEASON[1])) & ~lockdown
    starts = np.flatnonzero(season & (rng.random(len(chunk)) < profile.ISOLATION_START_PER_DAY))
    chunk.set(chunk.spells(starts, np.full(len(starts), profile.ISOLATION_DAYS)) & season, "X")


def _apply_overlays(chunk: Chunk, enrolments: list[Enrolment], overlays_by_child) -> None:
    for position, enrolment in enumerate(enrolments):
        for overlay in overlays_by_child.get(enrolment.child_id, ()):
            if overlay.school_urn and overlay.school_urn != enrolment.school_urn:
                continue
            chunk.set(_overlay_days(chunk, position, overlay), overlay.code, overlay.sessions)


def _overlay_days(chunk: Chunk, position: int, overlay: AttendanceOverlay) -> np.ndarray:
    """The enrolment's pupil-days (positions in the chunk) the overlay covers."""
    low, high = chunk.bounds[position], chunk.bounds[position + 1]
    days = chunk.days.day
    segment_days = chunk.day[low:high]
    first = np.searchsorted(days, ordinal(overlay.first_day), side="left")
    last = np.searchsorted(days, ordinal(overlay.last_day), side="right") if overlay.last_day else len(days)
    left = low + np.searchsorted(segment_days, first, side="left")
    right = low + np.searchsorted(segment_days, last, side="left")
    covered = np.arange(left, max(left, right))
    if overlay.weekdays:
        covered = covered[np.isin(chunk.days.weekday[chunk.day[covered]], overlay.weekdays)]
    return covered


def _mark_first_sessions_before_admission(chunk: Chunk, rng) -> None:
    """A few pupils joining in the year come in the afternoon: their first morning is Z."""
    entries = chunk.pupils.entry
    first = chunk.bounds[:-1]
    has_days = chunk.bounds[1:] > first
    starts_in_feed = has_days & (entries >= chunk.days.day[0])
    first_month = chunk.days.month[chunk.day[np.minimum(first, len(chunk) - 1)]]
    mid_year = starts_in_feed & (first_month != 9)
    chosen = mid_year & (rng.random(len(entries)) < profile.NOT_YET_ON_ROLL_FIRST_SESSION)
    chunk.am[first[chosen]] = CODE["Z"]


def _code_map(mapping: dict[str, str]) -> np.ndarray:
    table = np.arange(len(CODE_BOOK.codes), dtype=np.int8)
    for label, code in mapping.items():
        table[CODE[label]] = CODE[code]
    return table


def _write_codes_in_force(chunk: Chunk) -> None:
    """Each mark as the code set in force on its day names it (C2 was C, K was B, ...)."""
    before, after = _code_map(IN_2006_SET), _code_map(IN_2024_SET)
    new_set = (chunk.days.day >= ordinal(CHANGE_OF_CODES))[chunk.day]
    chunk.am = np.where(new_set, after[chunk.am], before[chunk.am])
    chunk.pm = np.where(new_set, after[chunk.pm], before[chunk.pm])


def _leave_latest_absences_unexplained(chunk: Chunk, rng) -> None:
    """Absences the school has no reason for yet are N: most in the last days, a few never resolved."""
    index = chunk.days.school_day_index
    last_school_day = index[chunk.days.is_school_day][-1]
    days_before_extract = (last_school_day + 1 - index)[chunk.day]  # 1 on the last school day
    unresolved = np.zeros(len(chunk))
    for age, share in enumerate(profile.UNRESOLVED_BY_AGE, start=1):
        unresolved[days_before_extract == age] = share
    older = days_before_extract > len(profile.UNRESOLVED_BY_AGE)
    unresolved[older] = profile.NEVER_RESOLVED
    draw = rng.random(len(chunk))
    explainable = np.zeros(len(CODE), dtype=bool)
    explainable[[CODE[code] for code in ("I", "O", "G")]] = True
    for marks in (chunk.am, chunk.pm):
        marks[(draw < unresolved) & explainable[marks]] = CODE["N"]


def _add_invalid_marks(chunk: Chunk, rng) -> None:
    """Marks a register should not hold, but some do: an unknown code, codes used outside their dates."""
    draw = rng.random(len(chunk))
    new_set = (chunk.days.day >= ordinal(CHANGE_OF_CODES))[chunk.day]
    chunk.am[draw < profile.UNKNOWN_CODE_PER_DAY] = CODE[UNKNOWN_CODE]
    low = profile.UNKNOWN_CODE_PER_DAY
    # The 2024 codes before they existed (a school's system updated early), and
    # the 2006 codes after they were withdrawn (one not updated).
    for codes, in_period, rate in (
        (("K", "C2"), ~new_set, profile.EARLY_CODE_PER_DAY),
        (("H", "J", "Y"), new_set, profile.WITHDRAWN_CODE_PER_DAY),
    ):
        for code in codes:
            chunk.pm[in_period & (draw >= low) & (draw < low + rate)] = CODE[code]
            low += rate

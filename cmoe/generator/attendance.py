"""The daily attendance feed: two marks a school day for every pupil on roll.

Marks are drawn per pupil with their own absence propensity (a few pupils
are persistently absent): illness spells, odd unauthorised days, holidays in
term time, appointments, late arrivals, the January 2021 lockdown and
self-isolation (X), then overlaid with what the history says (suspensions,
part-time timetables, medical tuition, missing-education runs). Written in
chunks sorted by UPN and date, as Parquet or CSV.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from cmoe.generator.school_calendar import SchoolCalendar
from cmoe.generator.world import CLOSURES, Enrolment, History

CODES = ("/", "\\", "L", "I", "M", "O", "G", "N", "U", "C", "E", "B", "X", "D", "R", "?", "K", "C2")
CODE = {code: index for index, code in enumerate(CODES)}
LOCKDOWN = CLOSURES[-1]  # the one in the feed (from September 2020)
ISOLATION_SEASON = (date(2020, 9, 1), date(2021, 7, 23))
CHUNK_ENROLMENTS = 4000
SCHEMA = pa.schema(
    [
        ("pupil_upn", pa.dictionary(pa.int32(), pa.string())),
        ("school_urn", pa.dictionary(pa.int16(), pa.string())),
        ("attendance_date", pa.date32()),
        ("session", pa.dictionary(pa.int8(), pa.string())),
        ("mark", pa.dictionary(pa.int8(), pa.string())),
    ]
)


def _ordinal(day: date) -> int:
    return int(np.datetime64(day, "D").astype(np.int64))


class _Chunk:
    """The pupil-days of a run of enrolments, as flat arrays."""

    def __init__(self, enrolments: list[Enrolment], days: np.ndarray, weekdays: np.ndarray):
        starts = np.searchsorted(days, [_ordinal(e.entry_date) for e in enrolments], side="left")
        ends = np.searchsorted(
            days,
            [_ordinal(e.leaving_date) if e.leaving_date else days[-1] for e in enrolments],
            side="right",
        )
        ends = np.maximum(ends, starts)
        lengths = ends - starts
        self.enrolment = np.repeat(np.arange(len(enrolments)), lengths)
        offsets = np.repeat(starts - np.concatenate([[0], np.cumsum(lengths)[:-1]]), lengths)
        self.day = np.arange(len(self.enrolment)) + offsets
        # Subsidiary (dual) registrations at a unit are marked on its days only.
        subsidiary = np.array([e.status == "S" for e in enrolments])[self.enrolment]
        keep = ~subsidiary | np.isin(weekdays[self.day], (1, 3))
        self.enrolment, self.day = self.enrolment[keep], self.day[keep]
        self.bounds = np.searchsorted(self.enrolment, np.arange(len(enrolments) + 1))
        self.am = np.full(len(self.day), CODE["/"], dtype=np.int8)
        self.pm = np.full(len(self.day), CODE["\\"], dtype=np.int8)

    def spells(self, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """Mask of pupil-days inside spells starting at `starts`, cut at each enrolment's end."""
        ends = np.minimum(starts + lengths, self.bounds[self.enrolment[starts] + 1])
        change = np.zeros(len(self.day) + 1, dtype=np.int32)
        np.add.at(change, starts, 1)
        np.add.at(change, ends, -1)
        return np.cumsum(change[:-1]) > 0

    def set(self, mask: np.ndarray, code: str, sessions: str = "both") -> None:
        if sessions in ("both", "am"):
            self.am[mask] = CODE[code]
        if sessions in ("both", "pm"):
            self.pm[mask] = CODE[code]


def write_session_marks(
    history: History,
    calendar: SchoolCalendar,
    first_day: date,
    extract_date: date,
    path: Path,
    file_format: str,
    rng: np.random.Generator,
) -> int:
    """Write the feed to `path`; returns the number of rows."""
    days = calendar.between(first_day, extract_date - timedelta(days=1)).astype(np.int64)
    weekdays = (days + 3) % 7  # 1970-01-01 was a Thursday; Monday is 0
    children = {child.child_id: child for child in history.children}
    enrolments = sorted(
        (
            enrolment
            for enrolment in history.all_enrolments()
            if (enrolment.leaving_date is None or _ordinal(enrolment.leaving_date) >= days[0])
            and _ordinal(enrolment.entry_date) <= days[-1]
        ),
        key=lambda e: (e.school_upn, e.entry_date, e.status, e.school_urn),
    )
    overlays_by_child = defaultdict(list)
    for overlay in history.overlays:
        overlays_by_child[overlay.child_id].append(overlay)
    upns = sorted({e.school_upn for e in enrolments})
    urns = sorted({e.school_urn for e in enrolments})
    upn_index = {value: index for index, value in enumerate(upns)}
    urn_index = {value: index for index, value in enumerate(urns)}
    writer = _Writer(path, file_format, upns, urns)
    rows = 0
    for chunk_enrolments in _chunks(enrolments):
        chunk = _Chunk(chunk_enrolments, days, weekdays)
        _draw_ordinary_marks(chunk, chunk_enrolments, children, days, rng)
        _apply_overlays(chunk, chunk_enrolments, overlays_by_child, days, weekdays)
        _add_invalid_marks(chunk, rng)
        upn_of = np.array([upn_index[e.school_upn] for e in chunk_enrolments], dtype=np.int32)
        order = np.lexsort((chunk.day, upn_of[chunk.enrolment]))
        rows += writer.write(chunk, order, chunk_enrolments, days, upn_of, urn_index)
    writer.close()
    return rows


def _chunks(enrolments: list[Enrolment]):
    """Runs of enrolments that never split one UPN across two chunks."""
    start = 0
    while start < len(enrolments):
        end = min(start + CHUNK_ENROLMENTS, len(enrolments))
        while end < len(enrolments) and enrolments[end].school_upn == enrolments[end - 1].school_upn:
            end += 1
        yield enrolments[start:end]
        start = end


def _draw_ordinary_marks(chunk, enrolments, children, days, rng) -> None:
    count = len(enrolments)
    n = len(chunk.day)
    sen_factor = np.array(
        [{"N": 1.0, "K": 1.3, "E": 1.6}[children[e.child_id].sen_provision] for e in enrolments]
    )
    propensity = rng.beta(1.3, 17.0, size=count) * sen_factor
    persistent = rng.random(count) < 0.05
    propensity[persistent] = rng.beta(2.0, 5.0, size=int(persistent.sum()))
    p = propensity[chunk.enrolment]
    draw = rng.random((6, n))
    # Illness: spells of a few days.
    starts = np.flatnonzero(draw[0] < p * 0.30)
    chunk.set(chunk.spells(starts, 1 + rng.geometric(0.45, size=len(starts))), "I")
    # Unauthorised single days, and the odd authorised or religious one.
    chunk.set(draw[1] < p * 0.18, "O")
    chunk.set(draw[2] < 0.002, "C")
    chunk.set(draw[2] > 0.9995, "R")
    # Holidays in term time: a week, not authorised.
    starts = np.flatnonzero(draw[3] < 0.0006 + p * 0.002)
    chunk.set(chunk.spells(starts, np.full(len(starts), 5)), "G")
    # Appointments take one session; late arrivals are present (L) or not (U).
    chunk.set(draw[4] < 0.003, "M", "am")
    chunk.set((draw[4] > 0.003) & (draw[4] < 0.006), "M", "pm")
    late = draw[5] < 0.012 + p * 0.05
    chunk.am[late & (chunk.am == CODE["/"])] = CODE["L"]
    chunk.am[(draw[5] > 0.998) & (chunk.am == CODE["/"])] = CODE["U"]
    # The January 2021 lockdown: most pupils learnt at home (X); vulnerable and
    # key workers' children kept coming. Self-isolation earlier and later.
    lockdown = (days[chunk.day] >= _ordinal(LOCKDOWN[0])) & (days[chunk.day] <= _ordinal(LOCKDOWN[1]))
    attends = (rng.random(count) < 0.15)[chunk.enrolment]
    chunk.set(lockdown & ~attends, "X")
    season = (days[chunk.day] >= _ordinal(ISOLATION_SEASON[0])) & (
        days[chunk.day] <= _ordinal(ISOLATION_SEASON[1])
    )
    starts = np.flatnonzero(season & ~lockdown & (rng.random(n) < 0.0016))
    chunk.set(chunk.spells(starts, np.full(len(starts), 8)) & season & ~lockdown, "X")


def _apply_overlays(chunk, enrolments, overlays_by_child, days, weekdays) -> None:
    for position, enrolment in enumerate(enrolments):
        for overlay in overlays_by_child.get(enrolment.child_id, ()):
            if overlay.school_urn and overlay.school_urn != enrolment.school_urn:
                continue
            low, high = chunk.bounds[position], chunk.bounds[position + 1]
            segment_days = chunk.day[low:high]
            first = np.searchsorted(days, _ordinal(overlay.first_day), side="left")
            last = (
                np.searchsorted(days, _ordinal(overlay.last_day), side="right")
                if overlay.last_day
                else len(days)
            )
            left = low + np.searchsorted(segment_days, first, side="left")
            right = low + np.searchsorted(segment_days, last, side="left")
            if right <= left:
                continue
            mask = np.zeros(len(chunk.day), dtype=bool)
            mask[left:right] = True
            if overlay.weekdays:
                mask &= np.isin(weekdays[chunk.day], overlay.weekdays)
            chunk.set(mask, overlay.code, overlay.sessions)


def _add_invalid_marks(chunk, rng) -> None:
    """A few marks no register should hold: an unknown code, 2024 codes used too early."""
    draw = rng.random(len(chunk.day))
    chunk.am[draw < 0.000004] = CODE["?"]
    chunk.pm[(draw > 0.000004) & (draw < 0.000007)] = CODE["K"]
    chunk.pm[(draw > 0.000007) & (draw < 0.00001)] = CODE["C2"]


class _Writer:
    def __init__(self, path: Path, file_format: str, upns: list[str], urns: list[str]):
        self.format = file_format
        self.upns, self.urns = pa.array(upns, pa.string()), pa.array(urns, pa.string())
        self.codes = pa.array(CODES, pa.string())
        self.sessions = pa.array(["AM", "PM"], pa.string())
        path.parent.mkdir(parents=True, exist_ok=True)
        if file_format == "parquet":
            self.parquet = pq.ParquetWriter(path, SCHEMA, compression="zstd")
        else:
            self.handle = path.open("w", newline="", encoding="utf-8")
            self.csv = csv.writer(self.handle)
            self.csv.writerow(SCHEMA.names)

    def write(self, chunk, order, enrolments, days, upn_of, urn_index) -> int:
        """Write a chunk's marks in `order`; upn_of: each enrolment's index in the UPN dictionary."""
        enrolment = chunk.enrolment[order]
        upn = upn_of[enrolment]
        urn = np.array([urn_index[e.school_urn] for e in enrolments], dtype=np.int16)[enrolment]
        day = days[chunk.day[order]].astype(np.int32)
        marks = np.column_stack([chunk.am[order], chunk.pm[order]]).ravel()
        sessions = np.tile(np.array([0, 1], dtype=np.int8), len(order))
        upn, urn, day = np.repeat(upn, 2), np.repeat(urn, 2), np.repeat(day, 2)
        if self.format == "parquet":
            table = pa.table(
                [
                    pa.DictionaryArray.from_arrays(pa.array(upn), self.upns),
                    pa.DictionaryArray.from_arrays(pa.array(urn), self.urns),
                    pa.array(day, pa.int32()).cast(pa.date32()),
                    pa.DictionaryArray.from_arrays(pa.array(sessions), self.sessions),
                    pa.DictionaryArray.from_arrays(pa.array(marks), self.codes),
                ],
                schema=SCHEMA,
            )
            self.parquet.write_table(table, row_group_size=1_000_000)
        else:
            upns, urns = self.upns.to_pylist(), self.urns.to_pylist()
            for u, s, d, session, mark in zip(upn, urn, day, sessions, marks, strict=True):
                when = date(1970, 1, 1) + timedelta(days=int(d))
                self.csv.writerow(
                    [
                        upns[u],
                        urns[s],
                        f"{when.day:02d}/{when.month:02d}/{when.year}",
                        ("AM", "PM")[session],
                        CODES[mark],
                    ]
                )
        return len(marks)

    def close(self) -> None:
        if self.format == "parquet":
            self.parquet.close()
        else:
            self.handle.close()

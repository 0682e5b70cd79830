"""The attendance feed as it arrives: the registers' marks and the noise a real feed has.

A feed built from daily sends carries, besides the register marks:
1. rows sent again: the same row twice, one after the other;
2. corrections: a session first sent with a provisional mark (N, no
   reason yet) and sent again on a later line with the register's mark (the
   warehouse keeps the latest line of a pupil, school, date and session);
3. marks on days that are no school days (a Saturday, a half-term day);
4. marks for a pupil the school has already taken off roll.
The register marks themselves (with their own faults: unknown codes, codes
outside their dates) are the truth's; none of these extra rows are.

Rows are written sorted by UPN and date (Parquet reads faster so), a
correction last among its pupil's rows of that date.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, fields
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from cmoe.generator.world import Enrolment, History

SCHEMA = pa.schema(
    [
        ("pupil_upn", pa.dictionary(pa.int32(), pa.string())),
        ("school_urn", pa.dictionary(pa.int16(), pa.string())),
        ("attendance_date", pa.date32()),
        ("session", pa.dictionary(pa.int8(), pa.string())),
        ("mark", pa.dictionary(pa.int8(), pa.string())),
    ]
)
SESSIONS = ("AM", "PM")
PROVISIONAL_MARK = "N"
NEVER = np.iinfo(np.int64).max  # the leaving day of a registration still open

# Rates of the feed's noise.
RESENT_PER_ROW = 0.00002
CORRECTED_PER_ABSENCE = 0.0005  # absences first sent as N, then with their reason
CORRECTED_PER_PRESENCE = 0.00001  # pupils first marked N who had come after all
OFF_DAY_PER_PUPIL_DAY = 0.00001  # a day's marks sent again under the next day without school
AFTER_LEAVING_PER_LEAVER = 0.02  # the school went on marking a leaver for a day or three


@dataclass
class FeedRows:
    """Rows of the feed: indexes into the writer's dictionaries, and an order within a UPN and date."""

    upn: np.ndarray
    urn: np.ndarray
    day: np.ndarray  # days since 1970-01-01
    session: np.ndarray  # 0 AM, 1 PM
    mark: np.ndarray  # index into the code book's codes
    position: np.ndarray

    def take(self, index: np.ndarray) -> FeedRows:
        return FeedRows(*(getattr(self, field.name)[index] for field in fields(self)))

    def __len__(self) -> int:
        return len(self.day)

    @classmethod
    def joined(cls, parts: list[FeedRows]) -> FeedRows:
        return cls(*(np.concatenate([getattr(part, field.name) for part in parts]) for field in fields(cls)))

    def feed_order(self) -> np.ndarray:
        """The rows' order by UPN, date and position (one packed key sorts fastest; a chunk has few UPNs)."""
        if len(self) == 0:
            return np.zeros(0, dtype=np.int64)
        upn = self.upn.astype(np.int64) - int(self.upn.min())
        assert upn.max() < 1 << 19 and self.day.max() < 1 << 16 and self.position.max() < 1 << 28
        key = (upn << 44) | (self.day.astype(np.int64) << 28) | self.position
        return np.argsort(key, kind="stable")


class FeedNoise:
    """Adds the feed's noise to each chunk of register marks, and counts the rows it adds."""

    def __init__(self, calendar, history: History, extract_date: date, rng: np.random.Generator):
        self.calendar = calendar
        self.history = history
        self.extract_date = extract_date
        self.rng = rng
        self.added = {"resent": 0, "corrected": 0, "off_day": 0, "after_leaving": 0}

    def added_to(self, chunk, enrolments: list[Enrolment], writer: FeedWriter) -> FeedRows:
        """The chunk's register rows with the noise, in feed order."""
        rows = _register_rows(chunk, enrolments, writer)
        rows, corrections = self._with_corrections(rows, writer.code_index)
        off_day = self._off_day_rows(chunk, enrolments, writer)
        after_leaving = self._after_leaving_rows(enrolments, writer)
        rows = FeedRows.joined([rows, corrections, off_day, after_leaving])
        return rows.take(self._with_rows_resent(rows.feed_order()))

    def _with_corrections(self, rows: FeedRows, code: dict[str, int]) -> tuple[FeedRows, FeedRows]:
        """Some sessions first sent with a provisional mark; the register's mark follows on a later line."""
        present = _is_one_of(rows.mark, code, "/", "\\", "L")
        absent = ~present & ~_is_one_of(rows.mark, code, PROVISIONAL_MARK, "#")
        chance = np.where(present, CORRECTED_PER_PRESENCE, np.where(absent, CORRECTED_PER_ABSENCE, 0.0))
        chosen = np.flatnonzero(self.rng.random(len(rows)) < chance)
        corrections = rows.take(chosen)
        # The register's mark goes after the last row of the pupil's date.
        same_day = np.r_[(rows.upn[1:] == rows.upn[:-1]) & (rows.day[1:] == rows.day[:-1]), False]
        day_ends = np.flatnonzero(~same_day)
        corrections.position = rows.position[day_ends[np.searchsorted(day_ends, chosen)]] + 2
        rows.mark = rows.mark.copy()
        rows.mark[chosen] = code[PROVISIONAL_MARK]
        self.added["corrected"] += len(corrections)
        return rows, corrections

    def _with_rows_resent(self, order: np.ndarray) -> np.ndarray:
        """The rows' order with some rows sent twice, the copy on the next line."""
        copies = (self.rng.random(len(order)) < RESENT_PER_ROW).astype(np.int64)
        self.added["resent"] += int(copies.sum())
        return np.repeat(order, 1 + copies)

    def _off_day_rows(self, chunk, enrolments: list[Enrolment], writer: FeedWriter) -> FeedRows:
        """A pupil-day's marks sent again dated the next day without school (or the Saturday after)."""
        days = chunk.days
        school = days.is_school_day[chunk.day]
        chosen = np.flatnonzero(school & (self.rng.random(len(chunk)) < OFF_DAY_PER_PUPIL_DAY))
        day = days.day[chunk.day[chosen]]
        next_day = day + 1
        open_days = np.concatenate([self.calendar.school_days, self.calendar.inset_days]).astype(np.int64)
        saturday = day + (5 - days.weekday[chunk.day[chosen]])
        off_day = np.where(np.isin(next_day, open_days), saturday, next_day)
        enrolment = chunk.enrolment[chosen]
        leaving = np.array([_day(e.leaving_date) if e.leaving_date else NEVER for e in enrolments])
        keep = (off_day <= leaving[enrolment]) & (off_day < _day(self.extract_date))
        chosen, off_day, enrolment = chosen[keep], off_day[keep], enrolment[keep]
        rows = _rows_for(enrolments, enrolment, off_day, chunk.am[chosen], chunk.pm[chosen], writer)
        self.added["off_day"] += len(rows)
        return rows

    def _after_leaving_rows(self, enrolments: list[Enrolment], writer: FeedWriter) -> FeedRows:
        """A leaver still marked absent (N) for one to three school days after the leaving date."""
        enrolment, day = [], []
        for position, left in enumerate(enrolments):
            if left.leaving_date is None or self.rng.random() >= AFTER_LEAVING_PER_LEAVER:
                continue
            for offset in range(1, int(self.rng.integers(1, 4)) + 1):
                marked = self.calendar.add_school_days(left.leaving_date, offset)
                if marked >= self.extract_date or self._on_roll_there(left, marked):
                    break
                enrolment.append(position)
                day.append(_day(marked))
        marks = np.full(len(day), writer.code_index[PROVISIONAL_MARK], dtype=np.int8)
        rows = _rows_for(
            enrolments,
            np.array(enrolment, dtype=np.int64),
            np.array(day, dtype=np.int64),
            marks,
            marks,
            writer,
        )
        self.added["after_leaving"] += len(rows)
        return rows

    def _on_roll_there(self, left: Enrolment, day: date) -> bool:
        """Whether the child is on that school's roll that day after all (another registration)."""
        return any(
            e.school_urn == left.school_urn and e.is_open_on(day)
            for e in self.history.enrolments[left.child_id]
        )


def _register_rows(chunk, enrolments: list[Enrolment], writer: FeedWriter) -> FeedRows:
    """Every register mark, sorted by UPN, date and session; positions 0, 4, 8, ..."""
    upn_of = np.array([writer.upn_index[e.school_upn] for e in enrolments], dtype=np.int32)
    urn_of = np.array([writer.urn_index[e.school_urn] for e in enrolments], dtype=np.int16)
    order = np.argsort((upn_of[chunk.enrolment].astype(np.int64) << 32) | chunk.day, kind="stable")
    enrolment = np.repeat(chunk.enrolment[order], 2)
    return FeedRows(
        upn=upn_of[enrolment],
        urn=urn_of[enrolment],
        day=np.repeat(chunk.days.day[chunk.day[order]], 2),
        session=np.tile(np.array([0, 1], dtype=np.int8), len(order)),
        mark=np.column_stack([chunk.am[order], chunk.pm[order]]).ravel(),
        position=4 * np.arange(len(enrolment), dtype=np.int64),
    )


def _is_one_of(marks: np.ndarray, code: dict[str, int], *codes: str) -> np.ndarray:
    listed = np.zeros(len(code), dtype=bool)
    listed[[code[name] for name in codes]] = True
    return listed[marks]


def _rows_for(
    enrolments, enrolment: np.ndarray, day: np.ndarray, am: np.ndarray, pm: np.ndarray, writer
) -> FeedRows:
    """AM and PM rows of the given enrolments and days (ordered by their UPN and date when joined)."""
    upn = np.array([writer.upn_index[enrolments[i].school_upn] for i in enrolment], dtype=np.int32)
    urn = np.array([writer.urn_index[enrolments[i].school_urn] for i in enrolment], dtype=np.int16)
    return FeedRows(
        upn=np.repeat(upn, 2),
        urn=np.repeat(urn, 2),
        day=np.repeat(day, 2),
        session=np.tile(np.array([0, 1], dtype=np.int8), len(day)),
        mark=np.column_stack([am, pm]).ravel().astype(np.int8),
        position=np.zeros(2 * len(day), dtype=np.int64),
    )


def _day(day: date) -> int:
    return int(np.datetime64(day, "D").astype(np.int64))


class FeedWriter:
    """Writes feed rows as Parquet (dictionary-encoded) or CSV (UK dates)."""

    def __init__(self, path: Path, file_format: str, enrolments: list[Enrolment], urns: list[str], codes):
        upns = sorted({e.school_upn for e in enrolments})
        self.upn_index = {value: index for index, value in enumerate(upns)}
        self.urn_index = {value: index for index, value in enumerate(urns)}
        self.code_index = {code: index for index, code in enumerate(codes)}
        self.format = file_format
        self.rows = 0
        self.upns, self.urns = pa.array(upns, pa.string()), pa.array(urns, pa.string())
        self.codes = pa.array(codes, pa.string())
        self.sessions = pa.array(SESSIONS, pa.string())
        path.parent.mkdir(parents=True, exist_ok=True)
        if file_format == "parquet":
            self.parquet = pq.ParquetWriter(path, SCHEMA, compression="zstd")
        else:
            self.handle = path.open("w", newline="", encoding="utf-8")
            self.csv = csv.writer(self.handle)
            self.csv.writerow(SCHEMA.names)

    def write(self, rows: FeedRows) -> None:
        self.rows += len(rows)
        if self.format == "parquet":
            table = pa.table(
                [
                    pa.DictionaryArray.from_arrays(pa.array(rows.upn.astype(np.int32)), self.upns),
                    pa.DictionaryArray.from_arrays(pa.array(rows.urn.astype(np.int16)), self.urns),
                    pa.array(rows.day.astype(np.int32), pa.int32()).cast(pa.date32()),
                    pa.DictionaryArray.from_arrays(pa.array(rows.session.astype(np.int8)), self.sessions),
                    pa.DictionaryArray.from_arrays(pa.array(rows.mark.astype(np.int8)), self.codes),
                ],
                schema=SCHEMA,
            )
            self.parquet.write_table(table, row_group_size=1_000_000)
            return
        upns, urns, codes = self.upns.to_pylist(), self.urns.to_pylist(), self.codes.to_pylist()
        for upn, urn, day, session, mark in zip(
            rows.upn, rows.urn, rows.day, rows.session, rows.mark, strict=True
        ):
            when = date(1970, 1, 1) + timedelta(days=int(day))
            self.csv.writerow(
                [
                    upns[upn],
                    urns[urn],
                    f"{when.day:02d}/{when.month:02d}/{when.year}",
                    SESSIONS[session],
                    codes[mark],
                ]
            )

    def close(self) -> None:
        if self.format == "parquet":
            self.parquet.close()
        else:
            self.handle.close()

"""An LA's attendance profile, from a DfE attendance file: the default scenario's attendance is set by it."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from cmoe.dfe_statistics.attendance import CATEGORY_TOTALS, DEFAULT_EDUCATION_PHASE, AttendanceFile
from cmoe.dfe_statistics.reading import DfeFileError


@dataclass(frozen=True)
class AttendanceProfile:
    """One row of a DfE attendance file as shares of possible sessions (0 to 1).

    `present` includes late before registers closed (L). The four categories
    sum to 1. `pa_perc` is as published: the percentage (0 to 100) of
    enrolments persistently absent (missing 10% or more of their sessions).
    """

    new_la_code: str
    la_name: str
    time_period: str
    education_phase: str
    possible_sessions: int
    present: float
    approved_educational_activity: float
    authorised_absence: float
    illness: float
    unauthorised_absence: float
    pa_perc: float


def la_profile(
    attendance: AttendanceFile, new_la_code: str, education_phase: str = DEFAULT_EDUCATION_PHASE
) -> AttendanceProfile:
    """An LA's profile (such as Wiltshire, E06000054, phase Total) from its one row in the file."""
    values = attendance.values
    if "new_la_code" not in values.columns:
        raise DfeFileError(f"{attendance.path}: no new_la_code column to find LA {new_la_code} by")
    rows = values.index[
        (values["new_la_code"] == new_la_code) & (values["education_phase"] == education_phase)
    ]
    if len(rows) != 1:
        raise DfeFileError(
            f"{attendance.path}: {len(rows)} rows for LA {new_la_code}, phase {education_phase} (expected 1)"
        )
    row = rows[0]
    if "pa_perc" not in attendance.markers.columns:
        raise DfeFileError(f"{attendance.path}: no numeric pa_perc column for a profile")
    illness = attendance.column_for("I")
    needed = ["possible_sessions", *CATEGORY_TOTALS.values(), illness, "pa_perc"]
    marked = [column for column in needed if pd.notna(attendance.markers.at[row, column])]
    if marked:
        raise DfeFileError(
            f"{attendance.path}: LA {new_la_code}, phase {education_phase}: "
            f"marked, not a number: {', '.join(marked)}"
        )
    possible = values.at[row, "possible_sessions"]

    def share(column: str) -> float:
        return float(values.at[row, column] / possible)

    return AttendanceProfile(
        new_la_code=new_la_code,
        la_name=str(values.at[row, "la_name"]) if "la_name" in values.columns else "",
        time_period=str(values.at[row, "time_period"]),
        education_phase=education_phase,
        possible_sessions=int(possible),
        present=share("present_sessions"),
        approved_educational_activity=share("approved_educational_activity"),
        authorised_absence=share("authorised_absence"),
        illness=share(illness),
        unauthorised_absence=share("unauthorised_absence"),
        pa_perc=float(values.at[row, "pa_perc"]),
    )

"""The LA's attendance summary: the cohort's enrolment years summed by year, phase and national
curriculum year, as DfE publishes an LA's figures."""

from __future__ import annotations

from dataclasses import dataclass
from operator import attrgetter

import pandas as pd

from cmoe.generator.attendance_truth import EnrolmentYear

SUMMARY_PHASES = ("primary", "secondary", "special")


@dataclass(frozen=True)
class SummaryRow:
    academic_year_start: int
    education_phase: str  # primary, secondary, special or total
    nc_year: str  # 'total' or 1 to 11
    enrolments: int
    possible_sessions: int
    present_sessions: int
    aea_sessions: int
    authorised_sessions: int
    illness_sessions: int
    unauthorised_sessions: int
    persistent_absentees: int
    severe_absentees: int

    def mix(self) -> dict[str, float]:
        """Each category as a share of possible sessions, and the persistent absentees' share."""
        possible = self.possible_sessions or 1
        return {
            "present": self.present_sessions / possible,
            "aea": self.aea_sessions / possible,
            "authorised": self.authorised_sessions / possible,
            "illness": self.illness_sessions / possible,
            "unauthorised": self.unauthorised_sessions / possible,
            "persistent_absentees": self.persistent_absentees / (self.enrolments or 1),
        }


SUMMED = (
    "possible_sessions",
    "present_sessions",
    "aea_sessions",
    "authorised_sessions",
    "illness_sessions",
    "unauthorised_sessions",
    "is_persistent_absentee",
    "is_severe_absentee",
)


def summarise(rows: list[EnrolmentYear], phase_of: dict[str, str]) -> list[SummaryRow]:
    """The cohort at primary, secondary and special schools by year, phase and national curriculum year."""
    keys = ["academic_year_start", "education_phase", "nc_year"]
    frame = pd.DataFrame(
        [
            (
                row.academic_year_start,
                phase_of.get(row.school_urn),
                str(row.nc_year),
                1,
                *attrgetter(*SUMMED)(row),
            )
            for row in rows
            if row.is_in_cohort and phase_of.get(row.school_urn) in SUMMARY_PHASES
        ],
        columns=[*keys, "enrolments", *SUMMED],
    )
    cells = (
        pd.concat(
            [
                frame,
                frame.assign(education_phase="total"),
                frame.assign(nc_year="total"),
                frame.assign(education_phase="total", nc_year="total"),
            ]
        )
        .groupby(keys, as_index=False)
        .sum()
    )
    phase_order = {phase: position for position, phase in enumerate((*SUMMARY_PHASES, "total"))}
    cells = cells.assign(
        phase_order=cells["education_phase"].map(phase_order),
        year_order=cells["nc_year"].map(lambda nc_year: -1 if nc_year == "total" else int(nc_year)),
    ).sort_values(["academic_year_start", "phase_order", "year_order"])
    return [
        SummaryRow(int(year), phase, nc_year, *(int(value) for value in values))
        for year, phase, nc_year, *values in cells[[*keys, "enrolments", *SUMMED]].itertuples(index=False)
    ]


def total_row(summary: list[SummaryRow], academic_year: int) -> SummaryRow | None:
    """The LA total (all phases, all year groups) of one academic year."""
    for row in summary:
        if (row.academic_year_start, row.education_phase, row.nc_year) == (academic_year, "total", "total"):
            return row
    return None

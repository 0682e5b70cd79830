"""The simulated history: children and everything that happens to them.

Extracts are written from this history, and the truth (the person behind
every record, the expected indicators) is computed from it, never from the
pipeline. Dates are inclusive: an episode is open on d when
start <= d and (end is None or d <= end).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# Periods when schools were closed to most pupils (the Covid-19 lockdowns): no
# exclusions are placed in them, and pupils' marks there are mostly code X.
CLOSURES = (
    (date(2020, 3, 23), date(2020, 7, 31)),
    (date(2021, 1, 5), date(2021, 3, 5)),
)


def academic_year_of(day: date) -> int:
    """The academic year of a day, by the calendar year it starts in (September to August)."""
    return day.year if day.month >= 9 else day.year - 1


@dataclass
class Child:
    child_id: int
    forename: str
    surname: str
    sex: str  # M or F
    date_of_birth: date
    postcode: str
    sen_provision: str  # N, K or E
    reception_year: int  # academic year (start) of reception
    csa_start: date
    csa_end: date
    resident_from: date | None = None  # None: lived in the LA before the history began
    resident_to: date | None = None  # None: still lives in the LA
    upn: str | None = None  # permanent UPN, once a school has allocated one
    # Each LA case system numbers people its own way: the education case system (EHE, the
    # Education Welfare Service and placements share it) and children's social care.
    education_person_id: str = ""
    social_care_person_id: str = ""
    # A child registered twice in a system (the search for them failed once) also has a second
    # id there, on the record that made it and every record starting later.
    education_person_id_2: str = ""
    education_registered_again: date | None = None
    social_care_person_id_2: str = ""
    social_care_registered_again: date | None = None
    twin_of: int | None = None  # the other twin's child_id
    namesake_of: int | None = None  # the child_id of an unrelated child of the same name and birthday
    is_busy: bool = False  # already given an off-roll episode (EHE, CME, exclusion)

    def is_csa(self, first: date, last: date) -> bool:
        return self.csa_start <= first and last <= self.csa_end

    def is_resident(self, first: date, last: date) -> bool:
        arrived = self.resident_from is None or self.resident_from <= first
        stayed = self.resident_to is None or last <= self.resident_to
        return arrived and stayed

    def education_ids_on(self, start: date) -> tuple[str, ...]:
        """The education case system ids a record starting on `start` is held under."""
        return _ids_on(
            self.education_person_id, self.education_person_id_2, self.education_registered_again, start
        )

    def social_care_ids_on(self, start: date) -> tuple[str, ...]:
        """The social care ids an episode starting on `start` is held under."""
        return _ids_on(
            self.social_care_person_id, self.social_care_person_id_2, self.social_care_registered_again, start
        )


def _ids_on(first: str, second: str, registered_again: date | None, start: date) -> tuple[str, ...]:
    """Before the second registration the first id; the record that made it is keyed under both
    (once found, once as a new person); later records under the second."""
    if not second or registered_again is None or start < registered_again:
        return (first,)
    if start == registered_again:
        return (first, second)
    return (second,)


@dataclass
class Enrolment:
    child_id: int
    school_urn: str
    entry_date: date
    leaving_date: date | None = None
    leaving_ground: str = ""  # deletion ground code, e.g. 8(1)(b)
    destination_urn: str = ""
    destination_la: str = ""
    status: str = "C"  # C single, M main dual, S subsidiary dual
    school_upn: str = ""  # the UPN as this school holds it

    def is_open_on(self, day: date) -> bool:
        return self.entry_date <= day and (self.leaving_date is None or day <= self.leaving_date)

    def covers(self, first: date, last: date | None) -> bool:
        if self.entry_date > first:
            return False
        if self.leaving_date is None:
            return True
        return last is not None and last <= self.leaving_date


@dataclass
class Case:
    """An episode on one of the LA's registers: EHE, CME, REP or medical."""

    case_type: str  # ehe, cme, rep, medical
    child_id: int
    start: date
    end: date | None
    reason: str = ""
    outcome: str = ""
    school_urn: str = ""
    details: dict = field(default_factory=dict)

    def is_open_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass
class Exclusion:
    child_id: int
    school_urn: str
    category: str  # PERM, FIXD, SUSP, LNCH
    start: date
    sessions: int | None
    reasons: tuple[str, ...]
    review_outcome: str = ""  # UPHELD, REINSTATED or empty

    @property
    def is_rescinded(self) -> bool:
        return self.review_outcome == "REINSTATED"


@dataclass
class Placement:
    child_id: int
    placement_type: str  # AP or EOTAS
    provider_name: str
    provider_urn: str
    start: date
    end: date | None
    hours_per_week: int

    def is_open_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass
class SocialCareEpisode:
    child_id: int
    episode_type: str  # CIN, CP, CLA
    start: date
    end: date | None

    def is_open_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass
class AttendanceOverlay:
    """Marks that replace the normal pattern on a child's school days."""

    child_id: int
    first_day: date
    last_day: date | None  # None: to the end of the feed
    code: str  # as the 2024 code set names it; the feed writes the code in force on each day
    sessions: str = "both"  # both, am, pm
    school_urn: str = ""  # only at this school (empty: wherever on roll)
    weekdays: tuple[int, ...] = ()  # only these weekdays (empty: every school day)


@dataclass
class History:
    children: list[Child]
    enrolments: dict[int, list[Enrolment]]
    cases: list[Case] = field(default_factory=list)
    exclusions: list[Exclusion] = field(default_factory=list)
    placements: list[Placement] = field(default_factory=list)
    social_care: list[SocialCareEpisode] = field(default_factory=list)
    overlays: list[AttendanceOverlay] = field(default_factory=list)

    def all_enrolments(self) -> list[Enrolment]:
        return [enrolment for child_id in sorted(self.enrolments) for enrolment in self.enrolments[child_id]]

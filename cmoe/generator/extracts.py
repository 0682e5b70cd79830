"""Each source system's extract, written from the history as that system would.

Every system keeps its own identifiers and habits: the schools hold the UPN
they were given (sometimes temporary, mistyped or missing), the LA's case
systems use the LA person id and know the UPN only sometimes, names are
spelt differently from one system to another, dates are UK style, the
Education Welfare Service keys some referrals twice, the census sends some
exclusions twice, and now and then a code is not on any list. Each writer
returns, for every line it wrote, the child behind it (for the truth).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

from cmoe.contract import Extract
from cmoe.generator import names
from cmoe.generator.schooling import Schools
from cmoe.generator.world import Enrolment, History


@dataclass(frozen=True)
class RecordOwner:
    table: str
    file_name: str
    line: int
    child_id: int


def uk_date(day: date | None, padded: bool = True) -> str:
    if day is None:
        return ""
    if padded:
        return f"{day.day:02d}/{day.month:02d}/{day.year}"
    return f"{day.day}/{day.month}/{day.year}"


def write_rows(
    extract: Extract, folder: Path, date_text: str, rows: Iterable[tuple[int, dict[str, str]]]
) -> list[RecordOwner]:
    """Write (child_id, row) pairs under the contract's header; every column must be given."""
    folder.mkdir(parents=True, exist_ok=True)
    file_name = extract.file_name(date_text)
    owners: list[RecordOwner] = []
    with (folder / file_name).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(extract.columns)
        for line, (child_id, row) in enumerate(rows, start=2):
            writer.writerow([row[column] for column in extract.columns])
            owners.append(RecordOwner(extract.table, file_name, line, child_id))
    return owners


class Noise:
    """The habits of the systems, drawn from one random stream."""

    def __init__(self, rng: np.random.Generator):
        self.rng = rng

    def chance(self, probability: float) -> bool:
        return bool(self.rng.random() < probability)

    def name(self, name: str, probability: float) -> str:
        return names.spelling_variant(name, self.rng) if self.chance(probability) else name

    def date_of_birth(self, day: date, probability: float) -> date:
        """Day and month keyed the wrong way round."""
        if day.day <= 12 and day.day != day.month and self.chance(probability):
            return date(day.year, day.day, day.month)
        return day

    def code(self, code: str, probability: float) -> str:
        return "XX" if self.chance(probability) else code


class ExtractWriter:
    def __init__(
        self,
        history: History,
        schools: Schools,
        extract_date: date,
        history_start: date,
        rng: np.random.Generator,
    ):
        self.history = history
        self.schools = schools
        self.extract_date = extract_date
        self.history_start = history_start
        self.noise = Noise(rng)
        self.children = {child.child_id: child for child in history.children}
        self.date_text = extract_date.strftime("%Y%m%d")

    def _recent(self, end: date | None) -> bool:
        return end is None or end >= self.history_start

    def school_upn(self, child_id: int, school_urn: str, day: date) -> str:
        """The UPN the school held for the child on that day."""
        held = ""
        for enrolment in self.history.enrolments[child_id]:
            if enrolment.school_urn == school_urn and enrolment.entry_date <= day:
                held = enrolment.school_upn
        return held

    def pupil_roll(self) -> Iterable[tuple[int, dict[str, str]]]:
        enrolments: list[Enrolment] = sorted(
            (e for e in self.history.all_enrolments() if self._recent(e.leaving_date)),
            key=lambda e: (e.school_urn, e.entry_date, e.child_id),
        )
        for enrolment in enrolments:
            child = self.children[enrolment.child_id]
            yield (
                child.child_id,
                {
                    "UPN": enrolment.school_upn,
                    "Surname": child.surname,
                    "Forename": child.forename,
                    "DOB": uk_date(child.date_of_birth),
                    "Gender": child.sex,
                    "Postcode": child.postcode,
                    "URN": enrolment.school_urn,
                    "EntryDate": uk_date(enrolment.entry_date),
                    "LeavingDate": uk_date(enrolment.leaving_date),
                    "LeavingReason": enrolment.leaving_ground,
                    "DestinationURN": enrolment.destination_urn,
                    "DestinationLA": enrolment.destination_la,
                    "EnrolStatus": enrolment.status,
                    "SENProvision": child.sen_provision,
                },
            )

    def exclusions(self) -> Iterable[tuple[int, dict[str, str]]]:
        for exclusion in sorted(
            (x for x in self.history.exclusions if x.start >= self.history_start),
            key=lambda x: (x.start, x.school_urn, x.child_id, x.category),
        ):
            reasons = [self.noise.code(reason, 0.003) for reason in exclusion.reasons] + ["", ""]
            row = {
                "UPN": self.school_upn(exclusion.child_id, exclusion.school_urn, exclusion.start),
                "URN": exclusion.school_urn,
                "Category": exclusion.category,
                "StartDate": uk_date(exclusion.start),
                "Sessions": "" if exclusion.sessions is None else str(exclusion.sessions),
                "Reason1": reasons[0],
                "Reason2": reasons[1],
                "Reason3": reasons[2],
                "ReviewOutcome": exclusion.review_outcome,
            }
            yield exclusion.child_id, row
            if self.noise.chance(0.01):  # the same record sent again in a later census
                yield exclusion.child_id, row

    def ehe_register(self) -> Iterable[tuple[int, dict[str, str]]]:
        noise = self.noise
        for case in self._cases("ehe"):
            child = self.children[case.child_id]
            yield (
                child.child_id,
                {
                    "PERSON_ID": child.la_person_id,
                    "SURNAME": noise.name(child.surname, 0.04),
                    "FORENAME": noise.name(child.forename, 0.06),
                    "DOB": uk_date(noise.date_of_birth(child.date_of_birth, 0.01)),
                    "GENDER": child.sex,
                    "POSTCODE": "" if noise.chance(0.03) else child.postcode,
                    "UPN": child.upn if child.upn and noise.chance(0.75) else "",
                    "EHE_START_DATE": uk_date(case.start),
                    "EHE_END_DATE": uk_date(case.end),
                    "END_REASON": case.outcome,
                    "PRIMARY_REASON": noise.code(case.reason, 0.005),
                    "PREVIOUS_SCHOOL_URN": case.school_urn,
                    "SUITABILITY": case.details["suitability"],
                    "SUITABILITY_DATE": uk_date(case.details["suitability_date"]),
                    "EHCP": "Y" if child.sen_provision == "E" else "N",
                },
            )

    def cme_referrals(self) -> Iterable[tuple[int, dict[str, str]]]:
        noise = self.noise
        number = 0
        for case in self._cases("cme"):
            child = self.children[case.child_id]
            known_upn = child.upn if child.upn and noise.chance(0.55) else ""
            for copy in range(2 if noise.chance(0.03) else 1):  # keyed twice by the service
                number += 1
                yield (
                    child.child_id,
                    {
                        "ReferralID": f"CME{number:06d}",
                        "PersonID": child.la_person_id,
                        "Surname": noise.name(child.surname, 0.05),
                        "Forename": noise.name(child.forename, 0.08 + 0.3 * copy),
                        "DOB": uk_date(noise.date_of_birth(child.date_of_birth, 0.01), padded=False),
                        "Gender": child.sex,
                        "UPN": known_upn,
                        "ReferralDate": uk_date(case.start, padded=False),
                        "ReferralReason": noise.code(case.reason, 0.005),
                        "ReferringSchoolURN": case.school_urn,
                        "ClosureDate": uk_date(case.end, padded=False),
                        "ClosureOutcome": case.outcome,
                    },
                )

    def rep_notifications(self) -> Iterable[tuple[int, dict[str, str]]]:
        for number, case in enumerate(self._cases("rep"), start=1):
            details = case.details
            yield (
                case.child_id,
                {
                    "notification_ref": f"REP{case.start.year}-{number:05d}",
                    "school_urn": case.school_urn,
                    "upn": self.school_upn(case.child_id, case.school_urn, case.start),
                    "start_date": uk_date(case.start),
                    "planned_end_date": uk_date(details["planned_end"]),
                    "review_date": uk_date(details["review"]),
                    "hours_offered_per_week": f"{details['hours']:g}",
                    "reason": self.noise.code(case.reason, 0.005),
                    "parental_agreement": details["parental_agreement"],
                    "actual_end_date": uk_date(case.end),
                },
            )

    def medical_cases(self) -> Iterable[tuple[int, dict[str, str]]]:
        noise = self.noise
        for number, case in enumerate(self._cases("medical"), start=1):
            child = self.children[case.child_id]
            yield (
                child.child_id,
                {
                    "CaseRef": f"MN{number:05d}",
                    "PersonID": child.la_person_id,
                    "Surname": noise.name(child.surname, 0.03),
                    "Forename": noise.name(child.forename, 0.05),
                    "DOB": uk_date(child.date_of_birth),
                    "Gender": child.sex,
                    "ReferralDate": uk_date(case.details["referral"]),
                    "OpenDate": uk_date(case.start),
                    "CloseDate": uk_date(case.end),
                    "ProvisionType": case.details["provision"],
                    "HoursPerWeek": str(case.details["hours"]),
                },
            )

    def ap_placements(self) -> Iterable[tuple[int, dict[str, str]]]:
        noise = self.noise
        placements = sorted(
            (p for p in self.history.placements if self._recent(p.end)),
            key=lambda p: (p.start, p.child_id),
        )
        for number, placement in enumerate(placements, start=1):
            child = self.children[placement.child_id]
            yield (
                child.child_id,
                {
                    "placement_id": f"AP{number:05d}",
                    "person_id": child.la_person_id,
                    "surname": noise.name(child.surname, 0.03),
                    "forename": noise.name(child.forename, 0.05),
                    "dob": uk_date(child.date_of_birth),
                    "provider_name": placement.provider_name,
                    "provider_urn": placement.provider_urn,
                    "placement_type": placement.placement_type,
                    "start_date": uk_date(placement.start),
                    "end_date": uk_date(placement.end),
                    "hours_per_week": str(placement.hours_per_week),
                },
            )

    def social_care_episodes(self) -> Iterable[tuple[int, dict[str, str]]]:
        for episode in sorted(self.history.social_care, key=lambda e: (e.start, e.child_id, e.episode_type)):
            yield (
                episode.child_id,
                {
                    "PersonID": self.children[episode.child_id].la_person_id,
                    "EpisodeType": episode.episode_type,
                    "StartDate": uk_date(episode.start),
                    "EndDate": uk_date(episode.end),
                },
            )

    def _cases(self, case_type: str):
        return sorted(
            (c for c in self.history.cases if c.case_type == case_type and self._recent(c.end)),
            key=lambda c: (c.start, c.child_id),
        )

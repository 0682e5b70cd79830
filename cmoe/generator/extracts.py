"""Each source system's extract, written from the history as that system would.

Every system keeps its own identifiers and habits: the schools hold the UPN
they were given (sometimes temporary, mistyped or missing); the education
case system (EHE, the Education Welfare Service, placements) and children's
social care each number people their own way, hold some children twice and
know the UPN only sometimes; the medical needs service has no person id at
all; names and dates of birth are keyed differently from one system to
another (how often: the scenario's extract_noise levels); dates are UK
style; the Education Welfare Service keys some referrals twice, the census
sends some exclusions twice (some first without the review's outcome, then
with it), schools re-send some exclusion notices, the EHE register keeps some
cases' rows from before the suitability assessment beside the later ones; and
now and then a code is not on any list. Each writer returns, for every line it
wrote, the child behind it (for the truth).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date

import numpy as np

from cmoe.generator.extract_noise import RecordNoise
from cmoe.generator.keying import Noise
from cmoe.generator.scenario import Scenario
from cmoe.generator.schooling import Schools
from cmoe.generator.world import Case, Enrolment, Exclusion, History

# Schools notify the LA of a suspension of this many sessions or more (and of every permanent exclusion).
NOTIFIED_SESSIONS = 5


def uk_date(day: date | None, padded: bool = True) -> str:
    if day is None:
        return ""
    if padded:
        return f"{day.day:02d}/{day.month:02d}/{day.year}"
    return f"{day.day}/{day.month}/{day.year}"


def _record_reason(case: Case, written: str) -> None:
    """The reason code as the register holds it (its last row, the one the warehouse keeps of a
    case written twice): the termly return's truth counts a code on no list as not known."""
    case.details["recorded_reason"] = written


class ExtractWriter:
    def __init__(
        self,
        history: History,
        schools: Schools,
        scenario: Scenario,
        rng: np.random.Generator,
    ):
        self.history = history
        self.schools = schools
        self.extract_date = scenario.extract_date
        self.history_start = scenario.history_start
        self.levels = scenario.noise
        self.noise = Noise(rng)
        self.children = {child.child_id: child for child in history.children}
        self.date_text = self.extract_date.strftime("%Y%m%d")

    def _recent(self, end: date | None) -> bool:
        return end is None or end >= self.history_start

    def _again(self, level: RecordNoise, keying: int) -> RecordNoise:
        """A record keyed a second time is keyed from another form: the forename differs more often."""
        if keying == 0:
            return level
        return replace(level, forename=level.forename + self.levels.keyed_again_forename)

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
            keyed = self.noise.keyed(child, self.levels.pupil_roll, postcode=True)
            yield (
                child.child_id,
                {
                    "UPN": enrolment.school_upn,
                    "Surname": keyed.surname,
                    "Forename": keyed.forename,
                    "DOB": uk_date(keyed.date_of_birth),
                    "Gender": child.sex,
                    "Postcode": keyed.postcode,
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
        """The census's exclusions; a few sent in a census before the review had an outcome and
        again, with it, in a later one (the copy without it first); a few sent twice alike."""
        exclusions = self._exclusions()
        before_outcome = self.noise.picked([self._resent_with_outcome(exclusion) for exclusion in exclusions])
        for index, exclusion in enumerate(exclusions):
            reasons = [
                self.noise.code(reason, self.levels.unknown_census_reason) for reason in exclusion.reasons
            ] + ["", ""]
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
            if index in before_outcome:  # the earlier census's copy, before the review
                self.noise.counts["exclusion_resent_with_outcome"] += 1
                yield exclusion.child_id, {**row, "ReviewOutcome": ""}
            yield exclusion.child_id, row
            if self.noise.chance(self.levels.census_resent):  # the same record sent again in a later census
                yield exclusion.child_id, row

    def exclusion_notifications(self) -> Iterable[tuple[int, dict[str, str]]]:
        """The exclusions officer's log, in the order the notices came: every permanent exclusion
        and every suspension of NOTIFIED_SESSIONS or more; a few notices re-sent once the review
        has an outcome (the first copy has none)."""
        notices: list[tuple[date, Exclusion, str]] = []
        for exclusion in self._exclusions():
            if not _is_notified(exclusion):
                continue
            notified = min(exclusion.start + self.noise.days(1, 5), self.extract_date)
            if self.noise.chance(self.levels.notice_resent):
                resent = min(notified + self.noise.days(10, 40), self.extract_date)
                notices += [(notified, exclusion, ""), (resent, exclusion, exclusion.review_outcome)]
            else:
                notices.append((notified, exclusion, exclusion.review_outcome))
        notices.sort(
            key=lambda notice: (notice[0], notice[1].start, notice[1].school_urn, notice[1].child_id)
        )
        for number, (notified, exclusion, outcome) in enumerate(notices, start=1):
            child = self.children[exclusion.child_id]
            upn = self.school_upn(exclusion.child_id, exclusion.school_urn, exclusion.start)
            keyed = self.noise.keyed(child, self.levels.exclusion_notifications, upn=upn)
            yield (
                child.child_id,
                {
                    "NotificationRef": f"EXN{number:06d}",
                    "Surname": keyed.surname,
                    "Forename": keyed.forename,
                    "DOB": uk_date(keyed.date_of_birth),
                    "UPN": keyed.upn,
                    "SchoolURN": exclusion.school_urn,
                    "Category": "PERM" if exclusion.category == "PERM" else "SUSP",
                    "StartDate": uk_date(exclusion.start),
                    "Sessions": "" if exclusion.sessions is None else str(exclusion.sessions),
                    "Outcome": outcome,
                    "NotifiedDate": uk_date(notified),
                },
            )

    def ehe_register(self) -> Iterable[tuple[int, dict[str, str]]]:
        """The register accumulates updates: for a few assessed cases the row as it stood before
        the assessment (no suitability and still open; otherwise the same) comes first."""
        cases = self._cases("ehe")
        before_assessment = self.noise.picked(
            [
                self.levels.ehe_resent_before_assessment if case.details["suitability_date"] else 0.0
                for case in cases
            ],
        )
        for index, case in enumerate(cases):
            child = self.children[case.child_id]
            for keying, person_id in enumerate(child.education_ids_on(case.start)):
                level = self._again(self.levels.ehe_register, keying)
                keyed = self.noise.keyed(child, level, upn=child.upn or "", postcode=True)
                row = {
                    "PERSON_ID": person_id,
                    "SURNAME": keyed.surname,
                    "FORENAME": keyed.forename,
                    "DOB": uk_date(keyed.date_of_birth),
                    "GENDER": child.sex,
                    "POSTCODE": keyed.postcode,
                    "UPN": keyed.upn,
                    "EHE_START_DATE": uk_date(case.start),
                    "EHE_END_DATE": uk_date(case.end),
                    "END_REASON": case.outcome,
                    "PRIMARY_REASON": self.noise.code(case.reason, self.levels.unknown_code),
                    "PREVIOUS_SCHOOL_URN": case.school_urn,
                    "SUITABILITY": case.details["suitability"],
                    "SUITABILITY_DATE": uk_date(case.details["suitability_date"]),
                    "EHCP": "Y" if child.sen_provision == "E" else "N",
                    "S437_NOTICE_DATE": uk_date(case.details.get("s437_notice_date")),
                    "SAO_ISSUED_DATE": uk_date(case.details.get("sao_issued_date")),
                    "SAO_REVOKED_DATE": uk_date(case.details.get("sao_revoked_date")),
                }
                _record_reason(case, row["PRIMARY_REASON"])
                if index in before_assessment:
                    self.noise.counts["ehe_resent_before_assessment"] += 1
                    before = {
                        "SUITABILITY": "",
                        "SUITABILITY_DATE": "",
                        "EHE_END_DATE": "",
                        "END_REASON": "",
                        "S437_NOTICE_DATE": "",
                        "SAO_ISSUED_DATE": "",
                        "SAO_REVOKED_DATE": "",
                    }
                    yield child.child_id, {**row, **before}
                yield child.child_id, row

    def cme_referrals(self) -> Iterable[tuple[int, dict[str, str]]]:
        number = 0
        for case in self._cases("cme"):
            child = self.children[case.child_id]
            person_ids = list(child.education_ids_on(case.start))
            if self.noise.chance(self.levels.referral_keyed_twice):  # keyed twice by the service
                person_ids.append(person_ids[-1])
            for keying, person_id in enumerate(person_ids):
                number += 1
                level = self._again(self.levels.cme_referrals, keying)
                keyed = self.noise.keyed(child, level, upn=child.upn or "")
                reason = self.noise.code(case.reason, self.levels.unknown_code)
                _record_reason(case, reason)
                yield (
                    child.child_id,
                    {
                        "ReferralID": f"CME{number:06d}",
                        "PersonID": person_id,
                        "Surname": keyed.surname,
                        "Forename": keyed.forename,
                        "DOB": uk_date(keyed.date_of_birth, padded=False),
                        "Gender": child.sex,
                        "UPN": keyed.upn,
                        "ReferralDate": uk_date(case.start, padded=False),
                        "ReferralReason": reason,
                        "ReferringSchoolURN": case.school_urn,
                        "ClosureDate": uk_date(case.end, padded=False),
                        "ClosureOutcome": case.outcome,
                    },
                )

    def rep_notifications(self) -> Iterable[tuple[int, dict[str, str]]]:
        for number, case in enumerate(self._cases("rep"), start=1):
            child = self.children[case.child_id]
            details = case.details
            upn = self.school_upn(case.child_id, case.school_urn, case.start)
            keyed = self.noise.keyed(child, self.levels.rep_notifications, upn=upn)
            yield (
                case.child_id,
                {
                    "notification_ref": f"REP{case.start.year}-{number:05d}",
                    "school_urn": case.school_urn,
                    "upn": keyed.upn,
                    "surname": keyed.surname,
                    "forename": keyed.forename,
                    "date_of_birth": uk_date(keyed.date_of_birth),
                    "start_date": uk_date(case.start),
                    "planned_end_date": uk_date(details["planned_end"]),
                    "review_date": uk_date(details["review"]),
                    "hours_offered_per_week": f"{details['hours']:g}",
                    "reason": self.noise.code(case.reason, self.levels.unknown_code),
                    "parental_agreement": details["parental_agreement"],
                    "actual_end_date": uk_date(case.end),
                },
            )

    def medical_cases(self) -> Iterable[tuple[int, dict[str, str]]]:
        """The service has no person id of its own: its case reference, and a UPN sometimes."""
        for number, case in enumerate(self._cases("medical"), start=1):
            child = self.children[case.child_id]
            keyed = self.noise.keyed(child, self.levels.medical_cases, upn=child.upn or "")
            yield (
                child.child_id,
                {
                    "CaseRef": f"MN{number:05d}",
                    "UPN": keyed.upn,
                    "Surname": keyed.surname,
                    "Forename": keyed.forename,
                    "DOB": uk_date(keyed.date_of_birth),
                    "Gender": child.sex,
                    "ReferralDate": uk_date(case.details["referral"]),
                    "OpenDate": uk_date(case.start),
                    "CloseDate": uk_date(case.end),
                    "ProvisionType": case.details["provision"],
                    "HoursPerWeek": str(case.details["hours"]),
                },
            )

    def ap_placements(self) -> Iterable[tuple[int, dict[str, str]]]:
        placements = sorted(
            (p for p in self.history.placements if self._recent(p.end)),
            key=lambda p: (p.start, p.child_id),
        )
        number = 0
        for placement in placements:
            child = self.children[placement.child_id]
            for keying, person_id in enumerate(child.education_ids_on(placement.start)):
                number += 1
                keyed = self.noise.keyed(child, self._again(self.levels.ap_placements, keying))
                yield (
                    child.child_id,
                    {
                        "placement_id": f"AP{number:05d}",
                        "person_id": person_id,
                        "surname": keyed.surname,
                        "forename": keyed.forename,
                        "dob": uk_date(keyed.date_of_birth),
                        "provider_name": placement.provider_name,
                        "provider_urn": placement.provider_urn,
                        "placement_type": placement.placement_type,
                        "start_date": uk_date(placement.start),
                        "end_date": uk_date(placement.end),
                        "hours_per_week": str(placement.hours_per_week),
                    },
                )

    def social_care_episodes(self) -> Iterable[tuple[int, dict[str, str]]]:
        """Children's social care's own ids (another number space), and its own record of the child."""
        for episode in sorted(self.history.social_care, key=lambda e: (e.start, e.child_id, e.episode_type)):
            child = self.children[episode.child_id]
            for keying, person_id in enumerate(child.social_care_ids_on(episode.start)):
                level = self._again(self.levels.social_care_episodes, keying)
                keyed = self.noise.keyed(child, level, postcode=True)
                yield (
                    child.child_id,
                    {
                        "PersonID": person_id,
                        "Surname": keyed.surname,
                        "Forename": keyed.forename,
                        "DOB": uk_date(keyed.date_of_birth),
                        "Gender": child.sex,
                        "Postcode": keyed.postcode,
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

    def _resent_with_outcome(self, exclusion: Exclusion) -> float:
        """The chance the census sends the exclusion before its review has an outcome, too."""
        if not exclusion.review_outcome:
            return 0.0
        if exclusion.category == "PERM":
            return self.levels.census_resent_with_outcome
        return self.levels.census_suspension_resent_with_outcome

    def _exclusions(self) -> list[Exclusion]:
        """The exclusions from the history's start, in the census's order."""
        return sorted(
            (x for x in self.history.exclusions if x.start >= self.history_start),
            key=lambda x: (x.start, x.school_urn, x.child_id, x.category),
        )


def _is_notified(exclusion: Exclusion) -> bool:
    """Schools notify the LA of every permanent exclusion and of the longer suspensions."""
    if exclusion.category == "PERM":
        return True
    return exclusion.category in ("FIXD", "SUSP") and (exclusion.sessions or 0) >= NOTIFIED_SESSIONS

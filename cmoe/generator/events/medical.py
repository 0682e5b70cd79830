"""Education for children too ill to attend school, arranged by the LA (section 19).

The number open on each as-at date is the committee report's. The child
stays on the school's roll; the school records K (B, educated off site,
before the 2024 codes) while the LA's provision lasts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from cmoe.generator.events.codes import checked, medical_provision_type
from cmoe.generator.events.state import (
    AgeWeights,
    SenWeights,
    Simulation,
    between,
    children_on_roll,
    weighted,
)
from cmoe.generator.quotas import Durations
from cmoe.generator.world import Case


@dataclass(frozen=True)
class MedicalRates:
    # Open cases on each as-at date are the committee report's; assumed: a typical case lasts
    # about four months (a term and more of illness); no growth over the years.
    durations: Durations = Durations(median_days=110, sigma=0.9, minimum_days=10)
    growth_per_year: float = 0.0
    age: AgeWeights = AgeWeights(secondary=1.0, primary=0.4)  # assumed: mostly secondary pupils
    sen: SenWeights = SenWeights(support=1.6, plan=2.2)  # assumed, as for reduced timetables
    # The provision arranged, per 100 (assumed): home tuition the most common.
    provision: dict[str, int] = field(
        default_factory=lambda: {"HOMETUIT": 45, "ONLINE": 20, "SMALLGRP": 25, "HOSPITAL": 10}
    )
    referred_before_days: tuple[int, int] = (7, 46)  # the referral, 1 to 6 weeks before provision
    # Hours a week (assumed ranges): a hospital school teaches more than tuition at home.
    hospital_hours: tuple[int, int] = (10, 21)
    hours: tuple[int, int] = (5, 16)

    def __post_init__(self) -> None:
        checked(self.provision, "medical_provision_types")


RATES = MedicalRates()


def place_medical_cases(sim: Simulation) -> None:
    intervals = sim.steered(
        "medical_open_cases", RATES.durations, sim.working_days, growth=RATES.growth_per_year
    )
    rng = sim.rng
    for interval, child, enrolment in children_on_roll(sim, intervals, RATES.age, RATES.sen):
        provision = weighted(RATES.provision, rng)
        referral = interval.start - timedelta(days=between(rng, RATES.referred_before_days))
        in_hospital = medical_provision_type(provision) == "hospital_school"
        hours = between(rng, RATES.hospital_hours if in_hospital else RATES.hours)
        sim.history.cases.append(
            Case(
                "medical",
                child.child_id,
                interval.start,
                interval.end,
                reason="",
                school_urn=enrolment.school_urn,
                details={"referral": referral, "provision": provision, "hours": hours},
            )
        )
        # Education arranged by the LA: K (B, educated off site, before the 2024 codes).
        sim.overlay(child, interval.start, interval.end, "K", school_urn=enrolment.school_urn)

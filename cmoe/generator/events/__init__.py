"""What happens to children beyond the ordinary path through school.

One module per kind of event. Each `place_*` step adds its events to the
history, choosing children the way the event really selects them (older
pupils are more often home educated, secondary pupils more often suspended,
and so on) and changing their registrations to match: a child who becomes
home educated is deleted from roll, one who is found after going missing
goes back on roll. Counts the committee report fixes are steered by
`quotas`; the rest follows the rates at the top of each module.

The steps share state (`state.Simulation`) and one random stream, so their
order is part of the output: `EVENT_STEPS` is that order, with what each
step reads and changes. A new kind of event goes at the end, where it moves
no earlier draw.
"""

from __future__ import annotations

from collections.abc import Callable

from cmoe.generator.events.dual_registration import place_dual_registrations
from cmoe.generator.events.eotas import place_eotas
from cmoe.generator.events.exclusions import place_permanent_exclusions, place_suspensions
from cmoe.generator.events.home_education import place_home_education
from cmoe.generator.events.medical import place_medical_cases
from cmoe.generator.events.missing_education import place_missing_education
from cmoe.generator.events.reduced_timetables import place_reduced_timetables
from cmoe.generator.events.social_care import place_social_care
from cmoe.generator.events.state import Simulation, children_with_records, in_closure, weighted, year_group
from cmoe.generator.events.unrecorded import delay_unrecorded_arrivals, judge_home_education

EVENT_STEPS: tuple[Callable[[Simulation], None], ...] = (
    # Off-roll episodes first: they take children off roll and back, and every later step
    # looks for a registration. Each sets `is_busy` so no two off-roll episodes share a child.
    #
    # Reads the baseline roll and residence; sets is_busy, resident_to (moved away) and cuts
    # registrations (off roll, back on at the same school or another).
    place_home_education,
    # Reads is_busy, residence and registrations; sets is_busy, resident_from (a new arrival),
    # resident_to (found elsewhere), deletes from roll or puts back on; marks O.
    place_missing_education,
    # Reads is_busy and the school on the day; sets is_busy, deletes from roll, adds the unit's
    # registration and an AP placement, moves the next school away from the excluding one.
    place_permanent_exclusions,
    # On roll throughout (any child, busy or not): after every step that moves registrations.
    # Add cases and C2 (reduced timetables) or K (medical) marks; change no registration.
    place_reduced_timetables,
    place_medical_cases,
    # Adds subsidiary (S) registrations at a unit and D marks. After permanent exclusions, so
    # that until here no registration is subsidiary (one sort key serves both steps).
    place_dual_registrations,
    # Reads every main registration open in each year, the unit's included; adds exclusions and
    # E marks. After dual registration, whose S registrations it leaves out.
    place_suspensions,
    # Reads is_busy as the off-roll steps above left it (busy children are likelier known to
    # social care); adds episodes.
    place_social_care,
    # Last of the recorded events, so that adding it moved no earlier draw: reads every record
    # so far (it picks children no register holds) and is_busy; sets is_busy, takes off roll,
    # adds an EOTAS placement.
    place_eotas,
    # What no register records. Reads every record so far (only children with none) and
    # residence; moves a first registration later and sets is_busy.
    delay_unrecorded_arrivals,
    # Reads each home education case's suitability; adds whether the child is truly educated.
    judge_home_education,
)


def place_events(sim: Simulation) -> None:
    """Every event, in the order of EVENT_STEPS."""
    for step in EVENT_STEPS:
        step(sim)


__all__ = [
    "EVENT_STEPS",
    "Simulation",
    "children_with_records",
    "delay_unrecorded_arrivals",
    "in_closure",
    "judge_home_education",
    "place_dual_registrations",
    "place_eotas",
    "place_events",
    "place_home_education",
    "place_medical_cases",
    "place_missing_education",
    "place_permanent_exclusions",
    "place_reduced_timetables",
    "place_social_care",
    "place_suspensions",
    "weighted",
    "year_group",
]

"""Children's social care: children in need, on a child protection plan, looked after.

Episodes fall at random through the history (and two years before it, for
episodes still open when it starts), more often for children whose
schooling has already been disrupted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from cmoe.generator.events.state import Simulation
from cmoe.generator.world import SocialCareEpisode


@dataclass(frozen=True)
class SocialCareRates:
    # By episode type: the chance a child has one in the history, and the shortest and longest
    # episode in days (assumed: children in need the most common, looked-after children the
    # longest episodes).
    episodes: dict[str, tuple[float, int, int]] = field(
        default_factory=lambda: {"CIN": (0.05, 90, 540), "CP": (0.012, 180, 720), "CLA": (0.007, 180, 1500)}
    )
    # Children already out of school (busy: home educated, missing, excluded) are likelier known.
    busy_factor: float = 3.0
    days_before_history: int = 730  # episodes may start two years before the history does


RATES = SocialCareRates()


def place_social_care(sim: Simulation) -> None:
    rng = sim.rng
    window_start = sim.scenario.history_start - timedelta(days=RATES.days_before_history)
    window = (sim.extract_date - window_start).days
    for child in sim.history.children:
        factor = RATES.busy_factor if child.is_busy else 1.0
        for episode_type, (chance, shortest, longest) in RATES.episodes.items():
            if rng.random() >= chance * factor:
                continue
            start = max(window_start + timedelta(days=int(rng.integers(window))), child.date_of_birth)
            end = start + timedelta(days=int(rng.integers(shortest, longest)))
            if end < sim.scenario.history_start or start >= sim.extract_date:
                continue
            open_end = end if end < sim.extract_date else None
            sim.history.social_care.append(SocialCareEpisode(child.child_id, episode_type, start, open_end))

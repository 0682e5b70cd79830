"""How the systems key a child's details: the habits of each, drawn from one random stream.

A name spelt another way or mistyped, the name the child goes by, forename
and surname swapped, a date of birth a day or a year out, a UPN mistyped or
not known, the family's other postcode; how often, the scenario's
extract_noise levels (cmoe/generator/extract_noise.py).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from cmoe.generator import names, population, schooling
from cmoe.generator.extract_noise import RecordNoise
from cmoe.generator.world import Child


class Noise:
    """The habits of the systems, drawn from one random stream; counts each difference it makes."""

    def __init__(self, rng: np.random.Generator):
        self.rng = rng
        self.counts: Counter[str] = Counter()
        self._other_addresses: dict[int, str] = {}

    def chance(self, probability: float) -> bool:
        if probability <= 0 or probability >= 1:  # no draw where nothing is left to chance
            return probability >= 1
        return bool(self.rng.random() < probability)

    def picked(self, probabilities: list[float]) -> set[int]:
        """Which records a habit touches, each with its own chance: at least one where any
        could be (so that every scenario has some)."""
        chosen = {index for index, probability in enumerate(probabilities) if self.chance(probability)}
        possible = [index for index, probability in enumerate(probabilities) if probability > 0]
        if not chosen and possible:
            weights = np.array([probabilities[index] for index in possible])
            chosen = {possible[int(self.rng.choice(len(possible), p=weights / weights.sum()))]}
        return chosen

    def days(self, fewest: int, most: int) -> timedelta:
        return timedelta(days=int(self.rng.integers(fewest, most + 1)))

    def code(self, code: str, probability: float) -> str:
        return self._maybe("unknown_code", probability, lambda _, __: "XX", code)

    def keyed(
        self, child: Child, level: RecordNoise, upn: str | None = None, postcode: bool = False
    ) -> Keyed:
        """The child's details as a system keys them on one row: the UPN only if the system
        records one (`upn`: the UPN it would hold), the postcode only if asked for."""
        forename = self._maybe("forename_spelling", level.forename, names.spelling_variant, child.forename)
        surname = self._maybe(
            "surname_spelling", level.surname, names.surname_spelling_variant, child.surname
        )
        forename = self._maybe("short_forename", level.short_forename, names.preferred_name, forename)
        surname = self._maybe("surname_part", level.surname_part, names.surname_part, surname)
        if self.chance(level.typo):  # in one of the names, either
            self.counts["typo"] += 1
            if self.chance(0.5):
                forename = names.typo(forename, self.rng)
            else:
                surname = names.typo(surname, self.rng)
        if self.chance(level.names_swapped):
            self.counts["names_swapped"] += 1
            forename, surname = surname, forename
        return Keyed(
            surname=surname,
            forename=forename,
            date_of_birth=self._date_of_birth(child.date_of_birth, level),
            upn="" if upn is None else self._upn(upn, level),
            postcode=self._postcode(child, level) if postcode else "",
        )

    def _maybe(
        self, kind: str, probability: float, change: Callable[[str, np.random.Generator], str], value: str
    ) -> str:
        """`change` on this share of rows (counted by kind where it changed anything)."""
        if not self.chance(probability):
            return value
        changed = change(value, self.rng)
        if changed != value:
            self.counts[kind] += 1
        return changed

    def _date_of_birth(self, day: date, level: RecordNoise) -> date:
        if day.day <= 12 and day.day != day.month and self.chance(level.dob_transposed):
            self.counts["dob_transposed"] += 1
            day = date(day.year, day.day, day.month)  # day and month keyed the wrong way round
        if self.chance(level.dob_digit):
            self.counts["dob_digit"] += 1
            day = _one_out(day, self.rng)
        return day

    def _upn(self, upn: str, level: RecordNoise) -> str:
        if not upn or not self.chance(level.upn_known):
            return ""
        if self.chance(level.upn_mistyped):
            self.counts["upn_mistyped"] += 1
            return schooling.mistyped_upn(upn, self.rng)
        return upn

    def _postcode(self, child: Child, level: RecordNoise) -> str:
        if self.chance(level.postcode_missing):
            return ""
        if self.chance(level.postcode_moved):
            self.counts["postcode_moved"] += 1
            # The family's other address (before or after a move), the same on every system.
            if child.child_id not in self._other_addresses:
                self._other_addresses[child.child_id] = population.postcode(self.rng)
            return self._other_addresses[child.child_id]
        return child.postcode


@dataclass(frozen=True)
class Keyed:
    """A child's details as one system keyed them on one row."""

    surname: str
    forename: str
    date_of_birth: date
    upn: str
    postcode: str


def _one_out(day: date, rng: np.random.Generator) -> date:
    """A date of birth with the day or the year one out (in the same month)."""
    step = 1 if rng.random() < 0.5 else -1
    if rng.random() < 0.5:
        return population.birthday(day, step)
    moved = day + timedelta(days=step)
    return moved if moved.month == day.month else day - timedelta(days=step)

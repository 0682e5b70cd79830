"""How noisy each system's extract is: one set of levels a scenario carries.

A system's record of a child differs from the child's own details in the
ways people key them: another spelling, a typo, the name the child goes by,
forename and surname the wrong way round, one half of a double-barrelled
surname, day and month of birth swapped or a digit out, a UPN mistyped or
not known, the address before or after a move. `USUAL` is what the default,
small and recent scenarios write; `HARD` (the hard scenario) has every kind,
often, so that linking is tried on records that are hard to match.
"""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class RecordNoise:
    """The chance, on each row one system writes, that a detail differs from the child's own."""

    surname: float = 0.0  # another spelling (names.spelling_variant)
    forename: float = 0.0
    typo: float = 0.0  # a letter dropped, doubled or two swapped, in one of the names
    short_forename: float = 0.0  # the name the child goes by (Alex for Alexander), if there is one
    names_swapped: float = 0.0  # forename keyed as the surname and the other way round
    surname_part: float = 0.0  # one part of a double-barrelled surname
    dob_transposed: float = 0.0  # day and month the wrong way round (where both could be a month)
    dob_digit: float = 0.0  # the day or the year one out
    upn_known: float = 1.0  # the system holds the UPN at all
    upn_mistyped: float = 0.0  # one digit keyed wrongly (the check letter no longer fits)
    postcode_missing: float = 0.0
    postcode_moved: float = 0.0  # the family's address before or after a move


@dataclass(frozen=True)
class ExtractNoise:
    """Every system's levels, and the habits that are not about a child's details."""

    ehe_register: RecordNoise
    cme_referrals: RecordNoise
    medical_cases: RecordNoise
    ap_placements: RecordNoise
    social_care_episodes: RecordNoise
    rep_notifications: RecordNoise
    exclusion_notifications: RecordNoise
    pupil_roll: RecordNoise
    unknown_code: float = 0.005  # an LA system's code that is on no list
    unknown_census_reason: float = 0.003
    census_resent: float = 0.01  # an exclusion sent again in a later census
    # A permanent exclusion (or, far less often, a suspension) sent in one census before its
    # review had an outcome and again, with the outcome, in a later one (of those with an outcome).
    census_resent_with_outcome: float = 0.3
    census_suspension_resent_with_outcome: float = 0.01
    # The EHE register accumulates updates: a case's row as it stood before the suitability
    # assessment (no suitability, still open) kept beside the row with it (of those assessed).
    ehe_resent_before_assessment: float = 0.02
    referral_keyed_twice: float = 0.03  # the Education Welfare Service keys a referral twice
    keyed_again_forename: float = 0.3  # a record keyed again spells the forename another way this often
    notice_resent: float = 0.02  # a school re-sends an exclusion notice with its review outcome
    # Children a case system holds twice (under a second person id), as a share of the
    # children it holds (at least one): see population.register_twice.
    registered_twice: float = 0.01


USUAL = ExtractNoise(
    ehe_register=RecordNoise(
        surname=0.04, forename=0.06, dob_transposed=0.01, upn_known=0.75, postcode_missing=0.03
    ),
    cme_referrals=RecordNoise(surname=0.05, forename=0.08, dob_transposed=0.01, upn_known=0.55),
    medical_cases=RecordNoise(surname=0.03, forename=0.05, upn_known=0.4),
    ap_placements=RecordNoise(surname=0.03, forename=0.05),
    social_care_episodes=RecordNoise(surname=0.03, forename=0.05, dob_transposed=0.01, postcode_missing=0.02),
    rep_notifications=RecordNoise(surname=0.03, forename=0.05, dob_transposed=0.01),
    exclusion_notifications=RecordNoise(surname=0.03, forename=0.05, dob_transposed=0.01),
    pupil_roll=RecordNoise(),
)

# Every kind of difference, at the rate a hard-pressed office keys it.
_HARD_KINDS = RecordNoise(
    surname=0.08,
    forename=0.10,
    typo=0.06,
    short_forename=0.2,
    names_swapped=0.03,
    surname_part=0.5,
    dob_transposed=0.05,
    dob_digit=0.03,
    upn_mistyped=0.04,
    postcode_missing=0.05,
    postcode_moved=0.15,
)
_ROLL_SHARE = 0.15  # schools key their own pupils' details more carefully


def _hard(usual: RecordNoise, share: float = 1.0, upn_known: float = 1.0) -> RecordNoise:
    """A system's hard levels: `share` of every hard kind (never below its usual level)."""
    levels = {
        name: max(getattr(usual, name), share * getattr(_HARD_KINDS, name))
        for name in RecordNoise.__dataclass_fields__
        if name != "upn_known"
    }
    return replace(usual, upn_known=upn_known, **levels)


HARD = replace(
    USUAL,
    ehe_register=_hard(USUAL.ehe_register, upn_known=0.5),
    cme_referrals=_hard(USUAL.cme_referrals, upn_known=0.35),
    medical_cases=_hard(USUAL.medical_cases, upn_known=0.25),
    ap_placements=_hard(USUAL.ap_placements),
    social_care_episodes=_hard(USUAL.social_care_episodes),
    rep_notifications=_hard(USUAL.rep_notifications),  # the form must give a UPN
    exclusion_notifications=_hard(USUAL.exclusion_notifications, upn_known=0.85),
    pupil_roll=replace(_hard(USUAL.pupil_roll, share=_ROLL_SHARE), upn_mistyped=0.0),
    registered_twice=0.05,
    census_resent_with_outcome=0.5,
    census_suspension_resent_with_outcome=0.05,
    ehe_resent_before_assessment=0.06,
)

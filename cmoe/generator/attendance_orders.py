"""Notices and school attendance orders on home education cases (Education Act 1996 s437-s442).

When it appears to the LA that a home-educated child is not receiving a suitable
education it serves a notice to satisfy (s437(1)), giving the parents at least 15
days to show otherwise; if they do not, it may serve a school attendance order
(SAO, s437(3)) naming a school; the LA revokes an order when the parents show
that the child is, after all, suitably educated (s442). The EHE register records
the three dates, and DfE's termly return counts them.

They are drawn after the simulation, from a random stream of their own, so that
every draw of the history, the extracts' noise and the feed stays as it was.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from cmoe.generator.world import Case, History

# Of the cases judged unsuitable, the share served a s437(1) notice. LAs' answers to a 2024-26
# freedom of information request sent to every LA range from about 3 % of their home-educated
# children a year (Wokingham: 5 notices in six months among 358) to 26 % (124 among 477); this
# share gives about 6 % of cases (12 % of those assessed are judged unsuitable, events/home_education.py).
NOTICE_IF_UNSUITABLE = 0.6
NOTICE_AFTER_ASSESSMENT_DAYS = (5, 30)
# s437(1): the notice gives the parents not less than 15 days to satisfy the LA.
NOTICE_PERIOD_DAYS = 15
# Of the notices on a case that goes on, the share followed by an SAO: in the same answers one LA
# served 10 orders after 124 notices (8 %), another none after 5; Devon 10 in a year.
SAO_AFTER_NOTICE = 0.2
SAO_AFTER_NOTICE_DAYS = (NOTICE_PERIOD_DAYS, 45)
# Of those orders, the share revoked when the parents later satisfy the LA (s442); one LA's
# answer: none of its 10 (all went to prosecution). A minority.
SAO_REVOKED = 0.2
SAO_REVOKED_AFTER_DAYS = (30, 120)
# A case that ended with an SAO (end reason SAO: registered at the school named) had its order a
# few days before it ended.
SAO_BEFORE_END_DAYS = (5, 20)


def serve_notices(history: History, extract_date: date, rng: np.random.Generator) -> None:
    """Give each home education case its notice and order dates (case.details), if any."""
    for case in history.cases:
        if case.case_type == "ehe":
            case.details.update(_notice_dates(case, extract_date, rng))


def _notice_dates(case: Case, extract_date: date, rng: np.random.Generator) -> dict[str, date | None]:
    last_day = min(case.end or extract_date, extract_date)
    notice = sao = revoked = None
    if case.outcome == "SAO" and case.end is not None:
        sao = max(case.start, case.end - _days(rng, SAO_BEFORE_END_DAYS))
        notice = max(case.start, sao - _days(rng, SAO_AFTER_NOTICE_DAYS))
    elif case.details["suitability"] == "Unsuitable" and rng.random() < NOTICE_IF_UNSUITABLE:
        notice = case.details["suitability_date"] + _days(rng, NOTICE_AFTER_ASSESSMENT_DAYS)
        if rng.random() < SAO_AFTER_NOTICE:
            sao = notice + _days(rng, SAO_AFTER_NOTICE_DAYS)
            if rng.random() < SAO_REVOKED:
                revoked = sao + _days(rng, SAO_REVOKED_AFTER_DAYS)
    # Nothing after the case ended or the extract was taken is on the register.
    dates = {"s437_notice_date": notice, "sao_issued_date": sao, "sao_revoked_date": revoked}
    return {name: day if day is not None and day <= last_day else None for name, day in dates.items()}


def _days(rng: np.random.Generator, bounds: tuple[int, int]) -> timedelta:
    return timedelta(days=int(rng.integers(bounds[0], bounds[1] + 1)))

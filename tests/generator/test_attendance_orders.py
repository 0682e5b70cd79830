"""Notices and school attendance orders on home education cases, and the stream they come from."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest

from cmoe.generator import random_streams
from cmoe.generator import scenario as scenarios
from cmoe.generator.attendance_orders import NOTICE_PERIOD_DAYS, serve_notices
from cmoe.generator.simulation import simulate
from cmoe.generator.world import Case, History


def test_the_notices_stream_leaves_the_other_streams_as_they_were():
    """The simulation, noise and feed streams are those of a three-way split of the seed, so
    adding the notices' stream moved no earlier draw."""
    before = [np.random.default_rng(child).random(5) for child in np.random.SeedSequence(7).spawn(3)]
    after = [rng.random(5) for rng in random_streams(7)]
    assert len(after) == 4
    for old, new in zip(before, after[:3], strict=True):
        assert np.array_equal(old, new)


@pytest.fixture(scope="module")
def small_history() -> tuple[History, date]:
    scenario = scenarios.get("small")
    simulation_rng, _, _, notices_rng = random_streams(7)
    history, _, _ = simulate(scenario, simulation_rng)
    serve_notices(history, scenario.extract_date, notices_rng)
    return history, scenario.extract_date


def test_orders_follow_notices_within_the_case(small_history):
    history, extract_date = small_history
    cases = [case for case in history.cases if case.case_type == "ehe"]
    noticed = [case for case in cases if case.details["s437_notice_date"]]
    assert noticed and any(case.details["sao_issued_date"] for case in cases)
    for case in cases:
        notice, sao, revoked = (
            case.details[name] for name in ("s437_notice_date", "sao_issued_date", "sao_revoked_date")
        )
        last_day = min(case.end or extract_date, extract_date)
        for day in (notice, sao, revoked):
            assert day is None or case.start <= day <= last_day
        assert sao is None or (notice is not None and notice <= sao)
        assert revoked is None or (sao is not None and sao < revoked)
        if case.outcome == "SAO":
            assert sao is not None


def _case(**changes) -> Case:
    fields = {
        "case_type": "ehe",
        "child_id": 1,
        "start": date(2022, 1, 10),
        "end": None,
        "details": {"suitability": "Unsuitable", "suitability_date": date(2022, 3, 1)},
    }
    return Case(**{**fields, **changes})


def test_an_order_after_an_unsuitable_assessment_leaves_the_notice_period():
    """Served on many unsuitable cases, every order comes at least 15 days after its notice."""
    history = History(children=[], enrolments={}, cases=[_case(child_id=n) for n in range(400)])
    serve_notices(history, date(2024, 10, 3), np.random.default_rng(1))
    orders = [case.details for case in history.cases if case.details["sao_issued_date"]]
    assert orders
    for details in orders:
        assert details["sao_issued_date"] - details["s437_notice_date"] >= timedelta(days=NOTICE_PERIOD_DAYS)
        assert details["s437_notice_date"] > date(2022, 3, 1)


def test_nothing_is_dated_after_the_extract_or_the_case_end():
    history = History(
        children=[], enrolments={}, cases=[_case(child_id=n, end=date(2022, 3, 5)) for n in range(200)]
    )
    serve_notices(history, date(2022, 3, 20), np.random.default_rng(2))
    assert all(case.details["s437_notice_date"] is None for case in history.cases)

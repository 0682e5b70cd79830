"""The generator writes every register the contract declares, and says which one it cannot."""

from __future__ import annotations

import pytest

from cmoe.contract import Extract, load_extracts
from cmoe.generator import _ensure_writers


def test_every_declared_register_has_a_writer():
    _ensure_writers(load_extracts())


def test_a_register_without_a_writer_stops_before_simulating_and_names_it():
    undeclared = Extract("yjs", "youth_justice_cases", ("YJSRef",), is_feed=False)
    with pytest.raises(SystemExit, match=r"youth_justice_cases \(yjs\).*ExtractWriter.youth_justice_cases"):
        _ensure_writers({**load_extracts(), "youth_justice_cases": undeclared})

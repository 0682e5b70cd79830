"""UPN check letters (DfE Common Basic Data Set; published test vectors)."""

from __future__ import annotations

import pytest

from cmoe import upn


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("B801200005001", True),
        ("A801200005001", False),
        ("A950000178301", True),
        ("H243278544154", True),
        ("R247962919251", False),
        ("X428558133462", False),
        ("B80120000500", False),  # 12 characters
        ("I801200005001", False),  # I is never a check letter
    ],
)
def test_check_letter_vectors(value, valid):
    assert upn.is_valid(value) is valid


def test_the_wrong_letters_of_the_vectors_are_named():
    assert upn.check_letter("247962919251") == "Q"
    assert upn.check_letter("428558133462") == "W"


def test_made_upns_are_valid_and_temporary_ones_end_in_a_letter():
    permanent = upn.permanent_upn("865", "2001", 2021, 7)
    temporary = upn.temporary_upn("865", "2001", 2021, 7, "K")
    assert upn.is_valid(permanent) and not upn.is_temporary(permanent)
    assert upn.is_valid(temporary) and upn.is_temporary(temporary)
    assert permanent[1:] == "865200121007"

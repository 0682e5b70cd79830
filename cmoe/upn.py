"""Unique pupil numbers (UPN): the DfE check-letter rule.

A UPN is 13 characters: a check letter, then 12 characters: LA number (3),
establishment number (4), the last two digits of the year of allocation (2)
and a serial (3). A temporary UPN ends in a letter instead of the last digit.
The check letter is the sum of character values (position 2..13, weights
2..13) modulo 23, mapped onto the alphabet without I, O and S.
Source: DfE Common Basic Data Set, UPN guidance.
"""

from __future__ import annotations

CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"


def _char_value(char: str) -> int:
    if char.isdigit():
        return int(char)
    return CHECK_LETTERS.index(char)


def check_letter(body: str) -> str:
    """The check letter for the 12 characters after it."""
    if len(body) != 12:
        raise ValueError(f"a UPN body has 12 characters, not {len(body)}: {body!r}")
    total = sum(_char_value(char) * weight for weight, char in enumerate(body, start=2))
    return CHECK_LETTERS[total % 23]


def permanent_upn(la_code: str, establishment: str, year: int, serial: int) -> str:
    body = f"{la_code}{establishment}{year % 100:02d}{serial:03d}"
    return check_letter(body) + body


def temporary_upn(la_code: str, establishment: str, year: int, serial: int, letter: str) -> str:
    body = f"{la_code}{establishment}{year % 100:02d}{serial:02d}{letter}"
    return check_letter(body) + body


def is_valid(upn: str) -> bool:
    """True for a well-formed permanent or temporary UPN with the right check letter."""
    if len(upn) != 13 or upn[0] not in CHECK_LETTERS:
        return False
    body = upn[1:]
    if not body[:11].isdigit():
        return False
    if not (body[11].isdigit() or body[11] in CHECK_LETTERS):
        return False
    return check_letter(body) == upn[0]


def is_temporary(upn: str) -> bool:
    return is_valid(upn) and not upn[-1].isdigit()

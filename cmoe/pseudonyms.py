"""The salt of the pseudonymous child ids, and whether the registers landed are generated ones.

A child_id is a salted hash of the child's UPN (or another steady key): with
the public default salt, anyone holding a list of UPNs could work the ids out
again and undo the pseudonyms of the public tier. So a build of real extracts
stops unless CMOE_PSEUDONYM_SALT is set to a secret. Generated extracts (no
real child) may use the default: the generator records each register it
writes, with a SHA-256 of its bytes, in seeds/extracts/.generated.json, and
the registers count as generated only while every one of them is there with
the same bytes. A register landed or edited by hand makes the data real.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

SALT_VARIABLE = "CMOE_PSEUDONYM_SALT"
# dbt_project.yml's default for var pseudonym_salt: public, so for generated data only.
DEFAULT_SALT = "synthetic-data-only"
GENERATED_MARKER = ".generated.json"
REGISTER_PATTERN = "*/*.csv"


class SaltError(Exception):
    """Real extracts, and no secret salt for the pseudonymous ids: the build does not start."""


def _digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _registers(extracts_root: Path) -> list[Path]:
    return sorted(extracts_root.glob(REGISTER_PATTERN))


def record_generated(extracts_root: Path, registers: list[Path], scenario: str) -> Path:
    """Mark the registers the generator has just written (each with its digest)."""
    marker = extracts_root / GENERATED_MARKER
    files = {path.relative_to(extracts_root).as_posix(): _digest(path) for path in registers}
    marker.write_text(
        json.dumps({"scenario": scenario, "registers": files}, indent=2) + "\n", encoding="utf-8"
    )
    return marker


def registers_are_generated(extracts_root: Path) -> bool:
    """True when every register in extracts_root is one the generator wrote, unchanged."""
    marker = extracts_root / GENERATED_MARKER
    if not marker.is_file():
        return False
    try:
        recorded = json.loads(marker.read_text(encoding="utf-8"))["registers"]
    except (ValueError, KeyError, TypeError):
        return False
    registers = _registers(extracts_root)
    return bool(registers) and all(
        recorded.get(path.relative_to(extracts_root).as_posix()) == _digest(path) for path in registers
    )


def salt_is_set() -> bool:
    """A salt of one's own: set, not empty, and not the public default."""
    return (os.environ.get(SALT_VARIABLE) or "").strip() not in ("", DEFAULT_SALT)


def ensure_salt(extracts_root: Path) -> None:
    """Stop a build of real extracts that would make child ids with the public default salt."""
    if salt_is_set() or registers_are_generated(extracts_root):
        return
    raise SaltError(
        f"{SALT_VARIABLE} is not set (or is the public default), and the registers in {extracts_root} "
        "are not generated ones: the pseudonymous child ids would be made with a salt anyone can read, "
        "and undone from a list of UPNs. Set a secret of your own, and keep it the same from run to run "
        f'(the ids change with it), e.g. export {SALT_VARIABLE}="$(python3 -c '
        "'import secrets; print(secrets.token_hex(32))')\", saved where the team keeps its secrets; "
        "then run the build again"
    )

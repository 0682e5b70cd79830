"""The pseudonym salt: real extracts need a secret of their own; generated ones may use the default."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from cmoe import cli
from cmoe.paths import PROJECT_DIR
from cmoe.pseudonyms import (
    DEFAULT_SALT,
    SALT_VARIABLE,
    SaltError,
    ensure_salt,
    record_generated,
    registers_are_generated,
)


@pytest.fixture()
def registers(tmp_path: Path) -> Path:
    root = tmp_path / "extracts"
    for system, name in (("ehe", "ehe_register_20221006.csv"), ("ews", "cme_referrals_20221006.csv")):
        (root / system).mkdir(parents=True)
        (root / system / name).write_text("PERSON_ID,SURNAME\n1,Smith\n", encoding="utf-8")
    record_generated(root, sorted(root.glob("*/*.csv")), "test")
    return root


@pytest.fixture()
def no_salt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(SALT_VARIABLE, raising=False)


def test_registers_the_generator_wrote_are_generated(registers, no_salt):
    assert registers_are_generated(registers)
    ensure_salt(registers)  # no error: the default salt will do


@pytest.mark.parametrize(
    "change",
    [
        lambda root: (root / "ehe" / "ehe_register_20221006.csv").write_text("PERSON_ID,SURNAME\n1,Smyth\n"),
        lambda root: (root / "ews" / "cme_referrals_20221007.csv").write_text("PERSON_ID,SURNAME\n2,Jones\n"),
        lambda root: (root / ".generated.json").unlink(),
        lambda root: (root / ".generated.json").write_text("not json"),
    ],
    ids=["a register edited", "a register added", "no record", "a broken record"],
)
def test_registers_landed_or_edited_by_hand_are_real(registers, no_salt, change):
    change(registers)

    assert not registers_are_generated(registers)
    with pytest.raises(SaltError, match=f"^{SALT_VARIABLE} is not set") as raised:
        ensure_salt(registers)
    assert f"export {SALT_VARIABLE}=" in str(raised.value)


@pytest.mark.parametrize("salt", ["", "  ", DEFAULT_SALT])
def test_an_empty_or_default_salt_is_no_salt(registers, monkeypatch, salt):
    (registers / ".generated.json").unlink()
    monkeypatch.setenv(SALT_VARIABLE, salt)

    with pytest.raises(SaltError):
        ensure_salt(registers)


def test_real_registers_with_a_salt_of_one_s_own_may_be_built(registers, monkeypatch):
    (registers / ".generated.json").unlink()
    monkeypatch.setenv(SALT_VARIABLE, "a secret of the LA's own")

    ensure_salt(registers)


def test_the_default_salt_is_dbt_project_s():
    project = (PROJECT_DIR / "dbt_project.yml").read_text(encoding="utf-8")
    line = next(line for line in project.splitlines() if line.strip().startswith("pseudonym_salt:"))
    assert re.search(rf"env_var\('{SALT_VARIABLE}', '{re.escape(DEFAULT_SALT)}'\)", line), line


def test_a_build_of_real_extracts_without_a_salt_stops_saying_what_to_set(
    small_scenario, tmp_path, capsys, no_salt
):
    for folder in ("seeds", "landing"):
        shutil.copytree(small_scenario.root / folder, tmp_path / folder)
    roll = next((tmp_path / "seeds" / "extracts" / "school_census").glob("pupil_roll_*.csv"))
    roll.write_bytes(roll.read_bytes().replace(b"Brown", b"Browne", 1))  # as a real extract would differ

    code = cli.main(["--root", str(tmp_path), "build"])

    output = capsys.readouterr().out.splitlines()
    assert code == 2
    assert output[-1].startswith(f"error: {SALT_VARIABLE} is not set"), output[-3:]
    assert not (tmp_path / "warehouse" / "build" / "cmoe.duckdb").exists()

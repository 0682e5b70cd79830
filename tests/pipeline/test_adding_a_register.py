"""docs/adding-a-register.md, followed end to end on a copy of the project.

The guide's blocks that name a file are written into a copy of the project
as the guide says (a new file, lines added to a file, or an entry added to a
YAML list); its commands are run in the copy; then a youth justice extract
made from the small scenario's pupil roll, with the faults real extracts
carry, is built with the other registers. Every row must reach the
warehouse with the child its roll row belongs to, or be held back with its
reason: nothing lost, nothing linked to the wrong child.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import pytest
import yaml

from cmoe.paths import PROJECT_DIR

GUIDE = PROJECT_DIR / "docs" / "adding-a-register.md"
EXTRACT_NAME = "youth_justice_cases_20221006.csv"
HEADER = ["YJSRef", "UPN", "Surname", "Forename", "DOB", "Gender", "OrderStart", "OrderEnd"]
# What the copy leaves out: the workspace's own data and the tools' working files.
NOT_COPIED = {
    PROJECT_DIR: {".git", ".venv", "warehouse", "outputs", "target", "logs", "truth", "landing"},
    PROJECT_DIR / "seeds": {"extracts"},
    PROJECT_DIR / "expectations": {"uncommitted"},
}
WORKING_FILES = shutil.ignore_patterns("__pycache__", ".pytest_cache", ".ruff_cache", "*.egg-info")


def not_copied(folder: str, names: list[str]) -> set[str]:
    return NOT_COPIED.get(Path(folder), set()) & set(names) | WORKING_FILES(folder, names)


# A file block: ```<language> <path>[ + | <dotted YAML key>]
BLOCK = re.compile(r"^```(\w+) (\S+)(?: (\S+))?\n(.*?)^```$", re.M | re.S)


@dataclass(frozen=True)
class GuideBlock:
    path: str
    where: str | None  # None: a new file; "+": lines added at the end; else the YAML list to extend
    text: str


def guide_blocks() -> list[GuideBlock]:
    blocks = BLOCK.findall(GUIDE.read_text())
    return [GuideBlock(path, where or None, text) for _, path, where, text in blocks]


def apply_block(project: Path, block: GuideBlock) -> None:
    target = project / block.path
    if block.where is None:
        assert not target.exists(), f"the guide's {block.path} would overwrite a file"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(block.text, encoding="utf-8")
    elif block.where == "+":
        with target.open("a", encoding="utf-8") as file:
            file.write(block.text)
    else:
        document = yaml.safe_load(target.read_text(encoding="utf-8"))
        *parents, last = block.where.split(".")
        node = document
        for key in parents:
            node = node[key]
        node[last].extend(yaml.safe_load(block.text))
        target.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")


def run_in(project: Path, *arguments: str) -> subprocess.CompletedProcess:
    """A Python module run with the copy's code (its cmoe, its models), as a developer there would."""
    environment = os.environ | {"PYTHONPATH": str(project), "CMOE_PSEUDONYM_SALT": "a-register-test-salt"}
    return subprocess.run(
        [sys.executable, "-m", *arguments], cwd=project, env=environment, capture_output=True, text=True
    )


def roll_rows_to_copy(small_scenario) -> pd.DataFrame:
    """Roll rows of children with a permanent UPN whose name and date of birth no other child shares
    (so that a row without a UPN still names one child), one per child, with their line."""
    return small_scenario.query("""
        with roll as (
            select records.*, links.child_id
            from intermediate.int_identity_records_unioned as records
            inner join intermediate.int_identity_records_linked as links using (record_id)
        ),
        one_child_names as (
            select name_key from roll group by name_key having count(distinct child_id) = 1
        )
        select distinct on (child_id) source_line, upn, surname, forename, date_of_birth, sex
        from roll
        where source_table = 'pupil_roll' and upn_status = 'permanent'
            and name_key in (select name_key from one_child_names)
        order by child_id, source_line
        limit 12
    """)


def youth_justice_rows(roll: pd.DataFrame) -> tuple[list[list[str]], dict[int, int]]:
    """The extract's rows, and for each line (the header is line 1) the roll line of its child.

    Lines 2-8 carry the UPN (line 3 in lower case), 9-10 only names and date of birth; line 11 ends
    before it starts, line 12 has a start date no calendar has, line 13 re-sends line 4."""
    rows, roll_line_of = [], {}
    for number, child in enumerate(roll.itertuples(), start=2):
        if number > 12:
            break
        upn = child.upn.lower() if number == 3 else ("" if number in (9, 10) else child.upn)
        start, end = ("01/03/2022", "30/09/2022") if number != 11 else ("01/06/2022", "01/02/2022")
        if number == 12:
            start = "31/02/2022"
        born = child.date_of_birth.strftime("%d/%m/%Y")
        rows.append([f"YJ{number:04d}", upn, child.surname, child.forename, born, child.sex, start, end])
        roll_line_of[number] = child.source_line
    rows.append(rows[2])  # line 13: line 4 sent again
    roll_line_of[13] = roll_line_of[4]
    return rows, roll_line_of


@pytest.fixture(scope="module")
def register_added(small_scenario, tmp_path_factory: pytest.TempPathFactory):
    project = tmp_path_factory.mktemp("with_register") / "project"
    shutil.copytree(PROJECT_DIR, project, ignore=not_copied)
    (project / "seeds" / "extracts").mkdir()
    blocks = guide_blocks()
    for block in blocks:
        apply_block(project, block)
    suites = run_in(project, "cmoe.quality", "build-suites")
    assert suites.returncode == 0, suites.stderr

    root = project.parent / "workspace"
    shutil.copytree(small_scenario.build.extracts_root, root / "seeds" / "extracts")
    shutil.copytree(small_scenario.build.attendance_root, root / "landing" / "attendance")
    rows, roll_line_of = youth_justice_rows(roll_rows_to_copy(small_scenario))
    (root / "seeds" / "extracts" / "yjs").mkdir()
    with (root / "seeds" / "extracts" / "yjs" / EXTRACT_NAME).open("w", newline="", encoding="utf-8") as file:
        csv.writer(file).writerows([HEADER, *rows])
    build = run_in(project, "cmoe", "--root", str(root), "build")
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    database = root / "warehouse" / "build" / "cmoe.duckdb"
    return blocks, project, database, roll_line_of


def query(database: Path, sql: str) -> pd.DataFrame:
    with duckdb.connect(str(database), read_only=True) as connection:
        return connection.sql(sql).df()


def test_the_guide_names_every_file_it_writes_in_its_table(register_added):
    blocks, project, _, _ = register_added
    guide = GUIDE.read_text()
    table = guide[guide.index("## The files, in order") : guide.index("## 1.")]
    assert {block.path for block in blocks} <= set(re.findall(r"`([^`]+)`", table))
    assert (project / "expectations" / "expectations" / "youth_justice_cases.json").is_file()


def test_every_row_is_staged_and_the_file_reconciles(register_added):
    _, _, database, _ = register_added
    reconciliation = query(
        database,
        "select * from reporting.rpt_extract_reconciliation where source_table = 'youth_justice_cases'",
    )
    assert len(reconciliation) == 1
    file = reconciliation.iloc[0]
    assert (file.source_file, file.raw_rows, file.staged_rows) == (EXTRACT_NAME, 12, 12)
    assert (file.used_rows, file.held_back_rows, bool(file.is_reconciled)) == (9, 3, True)


def test_unusable_rows_are_held_back_with_their_reason_and_listed_as_issues(register_added):
    _, _, database, _ = register_added
    held_back = query(
        database,
        "select source_line, hold_back_rule from staging.stg_yjs__youth_justice_cases "
        "where hold_back_rule is not null order by source_line",
    )
    assert held_back.values.tolist() == [[11, "end_before_start"], [12, "missing_start_date"],
                                         [13, "duplicate_row"]]  # fmt: skip
    issues = query(
        database,
        f"select source_line, rule_code from marts.fct_dq_issue where source_file = '{EXTRACT_NAME}'",
    )
    assert {(11, "end_before_start"), (12, "missing_start_date"), (13, "duplicate_row")} <= set(
        issues.itertuples(index=False, name=None)
    )
    # The impossible date is found on arrival too, in the column it came in.
    assert (12, "unparseable_value") in set(issues.itertuples(index=False, name=None))


def test_each_used_row_belongs_to_the_child_of_the_roll_row_it_was_made_from(register_added):
    _, _, database, roll_line_of = register_added
    linked = query(
        database,
        """
        select records.source_table, records.source_line, links.child_id, links.link_stage
        from intermediate.int_identity_records_unioned as records
        inner join intermediate.int_identity_records_linked as links using (record_id)
        where records.source_table in ('youth_justice_cases', 'pupil_roll')
        """,
    )
    roll_child = linked[linked.source_table == "pupil_roll"].set_index("source_line").child_id
    youth_justice = linked[linked.source_table == "youth_justice_cases"].set_index("source_line")
    assert sorted(youth_justice.index) == list(range(2, 11))
    for line, row in youth_justice.iterrows():
        assert row.child_id == roll_child[roll_line_of[line]], f"line {line} linked to another child"
    assert youth_justice.loc[3].link_stage == "permanent_upn"  # a lower-case UPN is the same UPN
    assert set(youth_justice.loc[[9, 10]].link_stage) == {"exact_name_and_birth_date"}

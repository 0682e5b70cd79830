"""The daily increment: a build that adds the day's feed file to the last build equals a build of
every file at once, row for row, a late correction to an old mark included.

The small scenario's feed (one file, marks to 5 October 2022) is cut into the days an LA receives:
the history to 30 September, extracted on 3 October, then one file a day for 3 and 4 October.
The last day's file also re-sends an old session with a new mark (a school correcting an N from
September to an I) and one of its own sessions twice. One workspace builds every file at once;
another builds the history, then adds each day's file with `cmoe build`, which must choose the
increment. Every table of the two warehouses is compared.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import duckdb

from cmoe import cli
from cmoe.cli import Workspace

HISTORY_FILE = "session_marks_20221003.parquet"  # marks to Friday 30 September
DAY_FILES = {
    date(2022, 10, 3): "session_marks_20221004.parquet",
    date(2022, 10, 4): "session_marks_20221005.parquet",
}
LAST_DAY = max(DAY_FILES)
# An N of September that the last day's file corrects to I.
CORRECTED_SESSION = """
    select * from feed
    where mark = 'N' and attendance_date between date '2022-09-12' and date '2022-09-23'
    order by pupil_upn, attendance_date, session limit 1
"""
# Columns a rebuild may give other values without the content changing.
BUILD_STAMPS = {"built_at", "build_id", "run_started_at"}


def _split_feed(feed: Path, folder: Path) -> dict:
    """The history and day files in folder; the corrected session (its UPN, school, date, session)."""
    folder.mkdir(parents=True)
    with duckdb.connect() as connection:
        connection.execute(f"create view feed as select * from read_parquet('{feed}')")
        found = connection.execute(CORRECTED_SESSION)
        corrected = dict(zip([column[0] for column in found.description], found.fetchone(), strict=True))
        connection.execute(
            f"copy (select * from feed where attendance_date <= date '2022-09-30')"
            f" to '{folder / HISTORY_FILE}'"
        )
        for day, name in DAY_FILES.items():
            extra = ""
            if day == LAST_DAY:
                extra = f"""
                    union all ({CORRECTED_SESSION.replace("select *", "select * replace ('I' as mark)")})
                    union all (select * from feed where attendance_date = date '{day}'
                               order by pupil_upn, session limit 1)
                """
            connection.execute(
                f"copy (select * from (select * from feed where attendance_date = date '{day}'"
                f" order by all) {extra}) to '{folder / name}'"
            )
    return corrected


def _workspace(small_scenario, root: Path, feed_folder: Path, files: list[str]) -> Workspace:
    """A workspace with the small scenario's registers and the given feed files."""
    workspace = Workspace(root)
    shutil.copytree(small_scenario.extracts_root, workspace.extracts)
    workspace.attendance.mkdir(parents=True)
    for name in files:
        shutil.copy2(feed_folder / name, workspace.attendance / name)
    return workspace


def _build(workspace: Workspace, capsys) -> str:
    """`cmoe build`; its printed plan line."""
    assert cli.main(["--root", str(workspace.root), "build"]) == 0
    printed = capsys.readouterr().out
    return next(line for line in printed.splitlines() if line.startswith("==> Building the warehouse"))


def _tables(database: Path) -> dict[str, list[str]]:
    with duckdb.connect(str(database), read_only=True) as connection:
        rows = connection.sql(
            "select schema_name || '.' || table_name, list(column_name order by column_index)"
            " from duckdb_columns() where not internal and table_name in"
            " (select table_name from duckdb_tables()) group by all"
        ).fetchall()
    return {table: [c for c in columns if c not in BUILD_STAMPS] for table, columns in rows}


def _differences(full: Path, incremental: Path) -> dict[str, tuple[int, int]]:
    """Per table, the rows only in the full build and only in the incremental one (none: equal)."""
    tables = _tables(full)
    assert tables == _tables(incremental), "the two builds hold different tables or columns"
    found = {}
    with duckdb.connect() as connection:
        connection.execute(f"attach '{full}' as full_build (read_only)")
        connection.execute(f"attach '{incremental}' as incremental_build (read_only)")
        for table, columns in tables.items():
            listed = ", ".join(f'"{column}"' for column in columns)
            counts = [
                connection.execute(
                    f"select count(*) from (select {listed} from {a}.{table} except all"
                    f" select {listed} from {b}.{table})"
                ).fetchone()[0]
                for a, b in (("full_build", "incremental_build"), ("incremental_build", "full_build"))
            ]
            if any(counts):
                found[table] = tuple(counts)
    return found


def test_an_increment_after_each_day_equals_a_full_build(small_scenario, tmp_path, capsys):
    feed_folder = tmp_path / "feed"
    corrected = _split_feed(next(small_scenario.build.attendance_root.glob("*.parquet")), feed_folder)
    full = _workspace(small_scenario, tmp_path / "full", feed_folder, [HISTORY_FILE, *DAY_FILES.values()])
    daily = _workspace(small_scenario, tmp_path / "daily", feed_folder, [HISTORY_FILE])

    assert "every model from the start: no earlier build" in _build(full, capsys)
    assert "every model from the start: no earlier build" in _build(daily, capsys)
    for name in DAY_FILES.values():
        shutil.copy2(feed_folder / name, daily.attendance / name)
        plan = _build(daily, capsys)
        assert "adding the new feed files to the last build: 1 new feed file(s)" in plan, plan

    assert _differences(full.build().database, daily.build().database) == {}

    # The late correction was applied, not ignored: the session's mark is the I, sent twice, and
    # the N it replaced is listed as a held-back repeat.
    with duckdb.connect(str(daily.build().database), read_only=True) as connection:
        session = connection.execute(
            """
            select sessions.attendance_code, sessions.marks_sent, sessions.source_file
            from marts.fct_attendance_session as sessions
            inner join intermediate.int_school_registrations_linked as registrations
                on sessions.enrolment_id = registrations.enrolment_record_id
            where registrations.upn = ? and sessions.school_urn = ?
                and sessions.attendance_date = ? and sessions.session_name = ?
            """,
            [
                corrected["pupil_upn"],
                corrected["school_urn"],
                corrected["attendance_date"],
                corrected["session"],
            ],
        ).fetchall()
        replaced = connection.execute(
            """
            select count(*) from marts.fct_dq_issue
            where rule_code = 'repeated_session_mark' and source_file = ? and value like ?
            """,
            [
                HISTORY_FILE,
                f"N for {corrected['attendance_date']} {corrected['session']}, replaced by I on line %",
            ],
        ).fetchone()[0]
    assert session == [("I", 2, DAY_FILES[LAST_DAY])]
    assert replaced == 1

"""The attendance feed landed: Parquet partitioned by academic year and month, sorted, with each row's
raw file and line; landed once, incrementally, and never half."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from raw_files import csv_text

from cmoe import feed_landing
from cmoe.contract import load_extracts
from cmoe.feed_landing import MANIFEST, FeedFile, land_feed

FEED = load_extracts()["session_marks"]
LANDED_COLUMNS = ["source_file", "source_line", *FEED.columns]
PARTITION = re.compile(
    r"^academic_year=([0-9]{4}|unknown)/month=([0-9]{2}|unknown)/(session_marks_[0-9]{8})\.parquet$"
)


def read(sql: str, *parameters) -> list[tuple]:
    with duckdb.connect() as connection:
        return connection.execute(sql, list(parameters)).fetchall()


def landed_files(root: Path) -> dict[str, int]:
    """Every file under the feed's landed folder but the manifest: its path (relative) and mtime."""
    return {
        path.relative_to(root).as_posix(): path.stat().st_mtime_ns
        for path in root.rglob("*")
        if path.is_file() and path.name != MANIFEST
    }


def rows_of(path: Path) -> list[tuple]:
    """A landed file's rows in file order."""
    return [tuple(row.values()) for row in pq.read_table(path).to_pylist()]


def write_parquet(folder: Path, day: str, marks: list[tuple[str, str, dt.date | None, str, str]]) -> Path:
    """A Parquet feed file of (UPN, URN, date, session, mark) rows, the date typed."""
    path = folder / f"session_marks_{day}.parquet"
    columns = list(zip(*marks, strict=True)) if marks else [[]] * 5
    arrays = [pa.array(values, type=pa.date32() if name == "attendance_date" else pa.string())
              for name, values in zip(FEED.columns, columns, strict=True)]  # fmt: skip
    pq.write_table(pa.Table.from_arrays(arrays, names=list(FEED.columns)), path)
    return path


def land(paths: list[Path], root: Path) -> feed_landing.FeedLanding:
    return land_feed([FeedFile(path, FEED.columns) for path in paths], root)


MARKS = [
    ("B2", "900001", dt.date(2021, 1, 4), "PM", "/"),
    ("A1", "900001", dt.date(2020, 9, 3), "PM", "\\"),
    ("A1", "900001", dt.date(2021, 8, 31), "AM", "#"),  # August: the academic year begun the September before
    ("B2", "900001", dt.date(2021, 1, 4), "AM", "N"),
    ("A1", "900001", dt.date(2020, 9, 3), "AM", "/"),
    ("A1", "900001", dt.date(2021, 9, 1), "AM", "/"),  # 1 September: a new academic year
    ("A1", "900001", dt.date(2021, 1, 5), "AM", "L"),
]


# --- Layout, order and lines --------------------------------------------------------------------------


def test_each_partition_holds_its_academic_year_and_month_sorted_by_pupil_date_and_session(tmp_path):
    raw = write_parquet(tmp_path, "20221006", MARKS)
    landing = land([raw], tmp_path / "landed")
    layout = {relative: PARTITION.match(relative).groups() for relative in landed_files(landing.root)}
    assert sorted(layout.values()) == [
        ("2020", "01", "session_marks_20221006"),
        ("2020", "08", "session_marks_20221006"),
        ("2020", "09", "session_marks_20221006"),
        ("2021", "09", "session_marks_20221006"),
    ]
    january = rows_of(landing.root / "academic_year=2020/month=01/session_marks_20221006.parquet")
    # By UPN, date and session, whatever the raw order; each row's line is its raw row + 1.
    assert january == [
        (raw.name, 7, "A1", "900001", dt.date(2021, 1, 5), "AM", "L"),
        (raw.name, 4, "B2", "900001", dt.date(2021, 1, 4), "AM", "N"),
        (raw.name, 1, "B2", "900001", dt.date(2021, 1, 4), "PM", "/"),
    ]
    september = rows_of(landing.root / "academic_year=2020/month=09/session_marks_20221006.parquet")
    assert [row[1] for row in september] == [5, 2]
    assert pq.read_schema(
        landing.root / "academic_year=2020/month=09/session_marks_20221006.parquet"
    ).names == (LANDED_COLUMNS)
    assert landing.rows == {raw.name: len(MARKS)}
    assert sorted(landing.partitions[raw.name]) == sorted(landing.root / relative for relative in layout)


def test_the_small_scenario_s_feed_lands_whole_with_its_raw_lines(raw):
    """Every raw row once, in its partition, with the row it has in the raw file, in order."""
    result = raw.land()
    (feed,) = [landed for landed in result.files if landed.source_table == FEED.table]
    root = raw.root / "landed" / "attendance"
    assert {path.relative_to(root).as_posix() for path in feed.landed_partitions} == set(landed_files(root))
    for relative in landed_files(root):
        assert PARTITION.match(relative), relative
    landed = f"read_parquet('{root}/*/*/*.parquet', hive_partitioning = true, filename = true)"
    source = f"read_parquet('{feed.raw_path}', file_row_number = true)"
    ((rows, lines, first, last, differ),) = read(
        "select count(*), count(distinct source_line), min(source_line), max(source_line),"
        f" count(*) filter (where raw.pupil_upn is distinct from landed.pupil_upn"
        "  or raw.school_urn is distinct from landed.school_urn"
        "  or raw.attendance_date is distinct from landed.attendance_date"
        "  or raw.session is distinct from landed.session or raw.mark is distinct from landed.mark)"
        f" from {landed} as landed left join {source} as raw on raw.file_row_number + 1 = landed.source_line"
    )
    assert rows == lines == last == feed.raw_records == pq.read_metadata(feed.raw_path).num_rows
    assert (first, differ) == (1, 0)
    partitioned = (
        f"read_parquet('{root}/*/*/*.parquet', hive_partitioning = true, filename = true,"
        " file_row_number = true)"
    )
    ((misplaced, unsorted),) = read(
        "select"
        " count(*) filter (where month != month(attendance_date) or academic_year"
        "  != year(attendance_date) - cast(month(attendance_date) < 9 as int)),"
        " count(*) filter (where previous > (pupil_upn, attendance_date, session))"
        " from (select *, lag((pupil_upn, attendance_date, session)) over ("
        f"   partition by filename order by file_row_number) as previous from {partitioned})"
    )
    assert (misplaced, unsorted) == (0, 0)
    assert {source_file for (source_file,) in read(f"select distinct source_file from {landed}")} == {
        feed.source_file
    }
    report = json.loads((raw.root / "landed" / "_landing_report.json").read_text(encoding="utf-8"))
    (entry,) = [entry for entry in report["files"] if entry["source_table"] == FEED.table]
    assert entry["landed_path"] is None  # the arrival checks read the raw file
    assert sorted(entry["landed_partitions"]) == sorted(str(path) for path in feed.landed_partitions)


def test_a_csv_feed_lands_as_text_with_its_lines_and_an_unreadable_date_kept(tmp_path):
    records = [
        list(FEED.columns),
        ["B2", "900001", "15/09/2020", "AM", "/"],  # line 2
        ["A1", "900001", "1/10/2020", "AM", "/"],  # line 3: read as a date, no leading zeros
        ["A1", "900001", "31/02/2021", "AM", "N"],  # line 4: no such day
        ["A1", "900001", "03/09/2020", "PM", "\\"],  # line 5
        ["A1", "900001", "2020-09-03", "AM", "/"],  # line 6: ISO
        ["C3", "900001", "", "AM", "/"],  # line 7: no date
    ]
    path = tmp_path / "session_marks_20221006.csv"
    path.write_text(csv_text(records), encoding="utf-8", newline="")
    landing = land([path], tmp_path / "landed")
    september = rows_of(landing.root / "academic_year=2020/month=09/session_marks_20221006.parquet")
    # The text as it arrived, ordered by the date it reads as.
    assert september == [
        (path.name, 6, "A1", "900001", "2020-09-03", "AM", "/"),
        (path.name, 5, "A1", "900001", "03/09/2020", "PM", "\\"),
        (path.name, 2, "B2", "900001", "15/09/2020", "AM", "/"),
    ]
    assert [
        row[1] for row in rows_of(landing.root / "academic_year=2020/month=10/session_marks_20221006.parquet")
    ] == [3]
    unknown = rows_of(landing.root / "academic_year=unknown/month=unknown/session_marks_20221006.parquet")
    assert unknown == [
        (path.name, 4, "A1", "900001", "31/02/2021", "AM", "N"),
        (path.name, 7, "C3", "900001", None, "AM", "/"),
    ]
    assert sum(pq.read_metadata(file).num_rows for file in landing.partitions[path.name]) == len(records) - 1
    assert {str(field.type) for field in pq.read_schema(landing.partitions[path.name][0])} == {
        "string",
        "int64",
    }


def test_a_feed_of_no_rows_lands_as_one_empty_file(tmp_path):
    landing = land([write_parquet(tmp_path, "20221006", [])], tmp_path / "landed")
    assert list(landed_files(landing.root)) == [
        "academic_year=unknown/month=unknown/session_marks_20221006.parquet"
    ]
    assert landing.rows == {"session_marks_20221006.parquet": 0}


def test_a_column_the_feed_lacks_lands_empty(tmp_path):
    path = tmp_path / "session_marks_20221006.parquet"
    columns = {"PUPIL_UPN": ["A1"], "school_urn": ["900001"], "attendance_date": [dt.date(2021, 1, 4)]}
    pq.write_table(pa.table({**columns, "session": ["AM"]}), path)  # no mark; the UPN's name in capitals
    landing = land_feed([FeedFile(path, FEED.columns, frozenset({"mark"}))], tmp_path / "landed")
    (partition,) = landing.partitions[path.name]
    assert rows_of(partition) == [(path.name, 1, "A1", "900001", dt.date(2021, 1, 4), "AM", None)]


def test_a_csv_feed_duckdb_cannot_read_names_the_file(tmp_path):
    path = tmp_path / "session_marks_20221006.csv"
    path.write_bytes(",".join(FEED.columns).encode() + b"\r\nA1,900001,03/09/2020,AM,\xff\r\n")
    with pytest.raises(feed_landing.FeedLandingError) as raised:
        land([path], tmp_path / "landed")
    assert (raised.value.path, raised.value.rule) == (path, "unreadable_csv")
    assert not landed_files(tmp_path / "landed")


# --- Incremental ------------------------------------------------------------------------------------------


def land_again(folder: Path, root: Path) -> tuple[feed_landing.FeedLanding, dict[str, int]]:
    """The raw folder's files landed again: what the landing did, and the landed files after it."""
    landing = land(sorted(folder.iterdir()), root)
    return landing, landed_files(root)


def manifest_files(root: Path) -> dict[str, dict]:
    return json.loads((root / MANIFEST).read_text(encoding="utf-8"))["files"]


@pytest.fixture()
def landed_twice(tmp_path):
    """Two days' feed files landed: (raw folder, landed root, the files' mtimes after the first landing)."""
    folder = tmp_path / "raw"
    folder.mkdir()
    write_parquet(folder, "20221005", [*MARKS[:4], ("A1", "900001", dt.date(2022, 5, 3), "AM", "/")])
    write_parquet(folder, "20221006", MARKS)
    root = tmp_path / "landed"
    land(sorted(folder.iterdir()), root)
    return folder, root, landed_files(root)


def test_a_second_landing_with_no_new_file_writes_nothing(landed_twice):
    folder, root, before = landed_twice
    manifest = (root / MANIFEST).stat().st_mtime_ns
    landing, after = land_again(folder, root)
    assert (landing.landed, landing.removed) == ((), ())
    assert landing.unchanged == ("session_marks_20221005.parquet", "session_marks_20221006.parquet")
    assert after == before
    assert (root / MANIFEST).stat().st_mtime_ns == manifest


def test_a_file_touched_but_not_changed_is_not_landed_again(landed_twice):
    folder, root, before = landed_twice
    path = folder / "session_marks_20221006.parquet"
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    landing, after = land_again(folder, root)
    assert landing.landed == () and after == before
    assert manifest_files(root)[path.name]["mtime_ns"] == path.stat().st_mtime_ns


def test_a_new_day_s_file_adds_only_its_own_partitions(landed_twice):
    folder, root, before = landed_twice
    new = write_parquet(folder, "20221007", [("D4", "900002", dt.date(2022, 10, 6), "AM", "/")])
    landing, after = land_again(folder, root)
    assert landing.landed == (new.name,)
    assert {relative: after[relative] for relative in before} == before
    assert set(after) - set(before) == {"academic_year=2022/month=10/session_marks_20221007.parquet"}


def test_a_removed_file_s_partitions_go(landed_twice):
    folder, root, before = landed_twice
    (folder / "session_marks_20221005.parquet").unlink()
    landing, after = land_again(folder, root)
    assert (landing.landed, landing.removed) == ((), ("session_marks_20221005.parquet",))
    assert after == {relative: mtime for relative, mtime in before.items() if "20221005" not in relative}
    assert "session_marks_20221005.parquet" not in manifest_files(root)
    # A partition left empty goes too.
    assert not (root / "academic_year=2021" / "month=05").exists()


def test_a_changed_file_is_landed_again(landed_twice):
    folder, root, before = landed_twice
    changed = write_parquet(folder, "20221005", [("E5", "900003", dt.date(2022, 3, 1), "PM", "/")])
    landing, after = land_again(folder, root)
    assert landing.landed == (changed.name,)
    assert sorted(relative for relative in after if "20221005" in relative) == [
        "academic_year=2021/month=03/session_marks_20221005.parquet"
    ]
    assert {relative: mtime for relative, mtime in after.items() if "20221006" in relative} == {
        relative: mtime for relative, mtime in before.items() if "20221006" in relative
    }


def test_a_landing_stopped_midway_is_redone_whole(landed_twice, monkeypatch):
    """Stopped once the first partition file of a changed raw file is moved in: the next landing
    trusts none of that file's partition files, removes them and lands it again."""
    folder, root, _ = landed_twice
    changed = write_parquet(folder, "20221006", [*MARKS, ("F6", "900004", dt.date(2021, 2, 1), "AM", "/")])
    moved = []
    replace = Path.replace

    def stop_after_one_partition(self, target):
        if Path(target).suffix == ".parquet":
            if moved:
                raise KeyboardInterrupt
            moved.append(target)
        return replace(self, target)

    monkeypatch.setattr(Path, "replace", stop_after_one_partition)
    with pytest.raises(KeyboardInterrupt):
        land(sorted(folder.iterdir()), root)
    monkeypatch.undo()
    assert changed.name not in manifest_files(root)
    assert [Path(target).relative_to(root).as_posix() for target in moved] == [
        relative for relative in landed_files(root) if changed.stem in relative
    ]
    # A killed run leaves its scratch folder too.
    scratch = root / f"{feed_landing.SCRATCH_PREFIX}killed" / changed.stem
    scratch.mkdir(parents=True)
    (scratch / "rows.parquet").write_bytes(b"half a file")

    landing, after = land_again(folder, root)
    assert landing.landed == (changed.name,) and not scratch.parent.exists()
    rows = read(
        f"select count(*), count(distinct source_line) from read_parquet('{root}/*/*/{changed.name}')"
    )
    assert rows == [(len(MARKS) + 1, len(MARKS) + 1)]
    listed = manifest_files(root).values()
    assert set(after) == {relative for entry in listed for relative in entry["partitions"]}


def test_a_partition_file_no_manifest_names_is_removed(landed_twice):
    folder, root, before = landed_twice
    stray = root / "academic_year=2020/month=09/session_marks_20221008.parquet"
    stray.write_bytes(b"half a file")
    assert land_again(folder, root)[1] == before

"""Releases: each publish a whole folder with its release.json, the last CMOE_RELEASES_KEPT kept,
and `cmoe rollback` putting the release before the live one back."""

from __future__ import annotations

import csv
import json
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from cmoe import cli
from cmoe.publish import RELEASES_KEPT_VARIABLE, ReleaseError, live_release, publish, releases, releases_kept


@dataclass(frozen=True)
class GreenBuild:
    """A copy of the small scenario's build database and dbt artefacts, to publish from."""

    database: Path
    manifest: Path

    @property
    def invocation_id(self) -> str:
        return json.loads(self.manifest.with_name("run_results.json").read_text())["metadata"][
            "invocation_id"
        ]


@pytest.fixture(scope="module")
def green_build(small_scenario, tmp_path_factory: pytest.TempPathFactory) -> GreenBuild:
    folder = tmp_path_factory.mktemp("green_build")
    shutil.copyfile(small_scenario.build.database, folder / "cmoe.duckdb")
    for artefact in ("manifest.json", "run_results.json"):
        shutil.copyfile(small_scenario.build.target_path / artefact, folder / artefact)
    return GreenBuild(folder / "cmoe.duckdb", folder / "manifest.json")


@pytest.fixture()
def warehouse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv(RELEASES_KEPT_VARIABLE, raising=False)
    return tmp_path / "warehouse"


def publish_times(green_build: GreenBuild, warehouse: Path, times: int) -> list[str]:
    """Publish the build `times` times; the releases' names, oldest first."""
    for _ in range(times):
        publish(green_build.database, green_build.manifest, warehouse)
    return [release.name for release in releases(warehouse)]


def rollback(warehouse: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = cli.main(["--root", str(warehouse.parent), "rollback"])
    return code, capsys.readouterr().out


def test_a_release_records_its_build_extract_dates_and_row_counts(small_scenario, green_build, warehouse):
    publish(green_build.database, green_build.manifest, warehouse)
    release = live_release(warehouse)
    record = release.record()
    with (small_scenario.workspace.landed / "_landed_files.csv").open(newline="", encoding="utf-8") as handle:
        landed = list(csv.DictReader(handle))
    with duckdb.connect() as connection:
        counted = {
            path.stem: connection.execute(f"select count(*) from read_parquet('{path}')").fetchone()[0]
            for path in (release.folder / "exports").glob("*.parquet")
        }

    assert record["release"] == release.name
    assert record["build_id"] == green_build.invocation_id
    assert datetime.fromisoformat(record["published_at"]).tzinfo is not None
    assert record["extract_dates"] == {row["source_table"]: row["extract_date"] for row in landed}
    assert record["row_counts"] == counted
    assert counted["rpt_indicator_snapshot"] > 0
    with duckdb.connect() as connection:
        restricted = {
            path.stem: connection.execute(f"select count(*) from read_parquet('{path}')").fetchone()[0]
            for path in (release.folder / "restricted_exports").glob("*.parquet")
        }
    # The restricted tier holds every published table, the public ones included.
    assert record["restricted_row_counts"] == restricted
    assert counted.items() <= restricted.items() and restricted["dim_child"] > 0


def test_rollback_makes_the_release_before_the_live_one_live(green_build, warehouse, capsys):
    first, second = publish_times(green_build, warehouse, 2)
    assert live_release(warehouse).name == second

    code, output = rollback(warehouse, capsys)

    assert code == 0, output
    assert f"release {first} (published " in output and " is live" in output
    assert live_release(warehouse).name == first
    for database, exports in (("cmoe.duckdb", "exports"), ("restricted.duckdb", "restricted_exports")):
        assert (warehouse / database).samefile(warehouse / "releases" / first / database)
        assert (warehouse / exports).resolve() == (warehouse / "releases" / first / exports).resolve()


def test_rollback_refuses_a_release_from_before_the_tiers(green_build, warehouse, capsys):
    first, second = publish_times(green_build, warehouse, 2)
    # A release as published before the tiers: one database, the whole build, names and all.
    old = warehouse / "releases" / first
    (old / "restricted.duckdb").unlink()
    shutil.rmtree(old / "restricted_exports")

    code, output = rollback(warehouse, capsys)

    assert code == 2
    assert "published before the public and restricted tiers" in output.splitlines()[-1]
    assert live_release(warehouse).name == second


def test_rollback_refuses_when_no_release_is_before_the_live_one(green_build, warehouse, capsys):
    (first,) = publish_times(green_build, warehouse, 1)

    code, output = rollback(warehouse, capsys)

    assert code == 2
    assert output.splitlines()[-1].startswith(f"error: no release before the live release {first} ")
    assert live_release(warehouse).name == first


def test_rollback_refuses_when_nothing_is_published(warehouse, capsys):
    code, output = rollback(warehouse, capsys)

    assert code == 2
    assert output.splitlines()[-1] == f"error: no release is live in {warehouse}: publish a build first"


def test_the_last_three_releases_are_kept_by_default(green_build, warehouse):
    published = []
    for _ in range(4):
        published += publish_times(green_build, warehouse, 1)[-1:]

    assert releases_kept() == 3
    assert [release.name for release in releases(warehouse)] == published[-3:]


def test_pruning_keeps_the_release_a_rollback_goes_back_to(green_build, warehouse, monkeypatch):
    monkeypatch.setenv(RELEASES_KEPT_VARIABLE, "1")
    published = []
    for _ in range(3):
        published += publish_times(green_build, warehouse, 1)[-1:]

    # One kept, and the one before the live one besides, for a rollback.
    assert [release.name for release in releases(warehouse)] == published[-2:]
    assert live_release(warehouse).name == published[-1]


def test_a_half_written_release_is_never_listed_and_the_next_publish_removes_it(green_build, warehouse):
    (first,) = publish_times(green_build, warehouse, 1)
    # What a publish stopped while writing its release leaves: a hidden folder.
    partial = warehouse / "releases" / ".20990101T000000000000.partial"
    (partial / "exports").mkdir(parents=True)
    (partial / "cmoe.duckdb").write_bytes(b"half a copy")

    assert [release.name for release in releases(warehouse)] == [first]
    publish_times(green_build, warehouse, 1)
    assert not partial.exists()


@pytest.mark.parametrize("setting", ["0", "three", "-1"])
def test_the_number_of_releases_kept_must_be_a_whole_number(setting, monkeypatch):
    monkeypatch.setenv(RELEASES_KEPT_VARIABLE, setting)

    with pytest.raises(ReleaseError, match=RELEASES_KEPT_VARIABLE):
        releases_kept()

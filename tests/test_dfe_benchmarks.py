"""The loader of DfE's LA-level files (benchmarks): the shipped files, column names that change
between releases, the EES markers, and files it must refuse.

The shipped files are the project's benchmarks/dfe/ copies of the shared reference files.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from cmoe import dfe_statistics as dfe
from cmoe.landing import read_benchmarks as land_benchmarks

EXCLUSIONS_FILE = dfe.BENCHMARKS_DIR / "exclusions_la_2006_07_to_2016_17.csv"
ATTENDANCE_FILE = dfe.BENCHMARKS_DIR / dfe.ATTENDANCE_YTD_2025_26
EXCLUSION_MEASURES = {measure.name for measure in dfe.EXCLUSIONS.measures}


@pytest.fixture(scope="module")
def exclusions() -> pd.DataFrame:
    return dfe.read_benchmark(EXCLUSIONS_FILE)


def raw_rows(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    lines = [",".join(header), *(",".join(row) for row in rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --- The shipped files ----------------------------------------------------------------------------


def test_the_loader_reads_both_shipped_files(exclusions: pd.DataFrame) -> None:
    tidy = dfe.read_benchmarks()
    assert set(tidy["source_file"]) == {EXCLUSIONS_FILE.name, ATTENDANCE_FILE.name}
    raw = raw_rows(EXCLUSIONS_FILE)
    # Every file row at the three levels, once per measure.
    assert set(exclusions["measure"]) == EXCLUSION_MEASURES
    assert len(exclusions) == len(raw) * len(EXCLUSION_MEASURES)
    assert sorted(exclusions["academic_year_start"].unique()) == sorted(
        int(y[:4]) for y in raw["year"].unique()
    )
    assert set(exclusions["geographic_level"]) == {"National", "Regional", "Local authority"}
    attendance = tidy[tidy["publication"] == "attendance"]
    assert set(attendance["academic_year_start"]) == {2025}
    wanted = {
        "overall_absence_per_100",
        "persistent_absence_per_100",
        "authorised_absence_per_100",
        "illness_per_100",
    }
    assert wanted <= set(attendance["measure"])
    assert len(attendance) == len(raw_rows(ATTENDANCE_FILE)) * attendance["measure"].nunique()


def test_older_files_name_england_and_the_regions_in_la_name(exclusions: pd.DataFrame) -> None:
    national = exclusions[exclusions["geographic_level"] == "National"]
    regional = exclusions[exclusions["geographic_level"] == "Regional"]
    assert set(national["country_name"]) == {"England"} and set(national["la_name"]) == {""}
    assert "South West" in set(regional["region_name"]) and set(regional["la_name"]) == {""}


def test_permanent_exclusion_rates_recomputed_from_counts_equal_the_published(exclusions) -> None:
    """On every national and LA row with both counts published: perm_excl / headcount x 100 to 2
    decimals. Regional rows are left out: their counts are rounded to 5 in this release, so a
    regional rate recomputed from them differs (the test shows that they do)."""
    wide = exclusions.pivot_table(
        index=["source_line", "geographic_level"], columns="measure", values="value", dropna=False
    ).reset_index()
    counted = wide.dropna(subset=["permanent_exclusions", "headcount", "permanent_exclusions_per_100"])
    counted = counted[counted["headcount"] > 0]
    recomputed = 100 * counted["permanent_exclusions"] / counted["headcount"]
    off = (recomputed - counted["permanent_exclusions_per_100"]).abs() > 0.005 + 1e-9
    regional = counted["geographic_level"] == "Regional"
    compared = counted[~regional]
    raw = raw_rows(EXCLUSIONS_FILE)
    national = raw[raw["level"] == "National"]
    assert (compared["geographic_level"] == "National").sum() == len(national)
    assert (compared["geographic_level"] == "Local authority").sum() > 5000
    assert not off[~regional].any(), counted[off & ~regional].head().to_string()
    assert off[regional].sum() > 0


# --- Column names that change between releases ----------------------------------------------------

OLD_HEADER = [
    "year", "level", "la_name", "school_type", "headcount", "perm_excl", "perm_excl_rate",
    "fixed_excl", "fixed_excl_rate", "one_plus_fixed", "one_or_more_fixed_excl_rate",
]  # fmt: skip
NEW_HEADER = [
    "time_period", "time_identifier", "geographic_level", "country_code", "country_name", "region_code",
    "region_name", "old_la_code", "new_la_code", "la_name", "education_phase", "headcount", "perm_excl",
    "perm_excl_rate", "suspension", "susp_rate", "one_plus_susp", "one_plus_susp_rate",
]  # fmt: skip
FIGURES = ["67844", "9", "0.01", "2813", "4.15", "1429", "2.11"]


def test_old_and_new_column_names_give_the_same_figures(tmp_path: Path) -> None:
    old = write(
        tmp_path / "old.csv",
        OLD_HEADER,
        [
            ["201617", "National", "England", "Total", *FIGURES],
            ["201617", "Local authority", "Wiltshire", "Total", *FIGURES],
        ],
    )
    geography = ["E92000001", "England", "E12000009", "South West", "865", "E06000054", "Wiltshire"]
    new = write(
        tmp_path / "new.csv",
        NEW_HEADER,
        [
            [
                "201617",
                "Academic year",
                "National",
                "E92000001",
                "England",
                "",
                "",
                "",
                "",
                "",
                "Total",
                *FIGURES,
            ],
            ["201617", "Academic year", "Local authority", *geography, "Total", *FIGURES],
        ],
    )
    keys = ["geographic_level", "la_name", "education_phase", "measure", "value", "marker"]
    old_tidy, new_tidy = dfe.read_benchmark(old), dfe.read_benchmark(new)
    assert set(old_tidy["publication"]) == set(new_tidy["publication"]) == {"exclusions"}
    pd.testing.assert_frame_equal(old_tidy[keys], new_tidy[keys])
    suspension = new_tidy[
        (new_tidy["measure"] == "suspensions_per_100") & (new_tidy["la_name"] == "Wiltshire")
    ]
    assert suspension["value"].tolist() == [4.15]
    assert new_tidy["old_la_code"].iloc[-1] == "865" and new_tidy["new_la_code"].iloc[-1] == "E06000054"
    assert set(old_tidy["academic_year_start"]) == {2016}


def test_a_file_without_phases_is_read_as_total(tmp_path: Path) -> None:
    header = [column for column in OLD_HEADER if column != "school_type"]
    path = write(tmp_path / "no_phase.csv", header, [["201617", "National", "England", *FIGURES]])
    assert set(dfe.read_benchmark(path)["education_phase"]) == {"Total"}


# --- Markers --------------------------------------------------------------------------------------


def test_markers_are_kept_and_never_read_as_numbers(tmp_path: Path) -> None:
    rows = [
        [
            "201617",
            "Local authority",
            f"LA {marker or 'empty'}",
            "Total",
            "100",
            marker,
            marker,
            "5",
            "5",
            "1",
            "1",
        ]
        for marker in ("x", "z", "c", "low", ".", "")
    ]
    rows.append(["201617", "Local authority", "LA zero", "Total", "100", "0", "0", "5", "5", "1", "1"])
    tidy = dfe.read_benchmark(write(tmp_path / "marked.csv", OLD_HEADER, rows))
    rates = tidy[tidy["measure"] == "permanent_exclusions_per_100"].set_index("la_name")
    assert rates["marker"].to_dict() == {
        "LA x": "x", "LA z": "z", "LA c": "c", "LA low": "low", "LA .": ".", "LA empty": "", "LA zero": "",
    }  # fmt: skip
    assert rates["value"].drop("LA zero").isna().all()
    assert rates.at["LA zero", "value"] == 0  # a published 0 is a figure, `low` is not


def test_text_that_is_neither_a_number_nor_a_marker_names_the_file_and_column(tmp_path: Path) -> None:
    row = ["201617", "Local authority", "Wiltshire", "Total", "100", "n/a", "0.01", "5", "5", "1", "1"]
    path = write(tmp_path / "bad.csv", OLD_HEADER, [row])
    with pytest.raises(dfe.DfeFileError, match=r"bad\.csv: column perm_excl holds text .*n/a"):
        dfe.read_benchmark(path)


def test_a_period_that_is_no_academic_year_names_the_line(tmp_path: Path) -> None:
    rows = [
        ["201617", "National", "England", "Total", *FIGURES],
        ["2017", "National", "England", "Total", *FIGURES],
    ]
    with pytest.raises(dfe.DfeFileError, match=r"years\.csv: line 3: not an academic year .*'2017'"):
        dfe.read_benchmark(write(tmp_path / "years.csv", OLD_HEADER, rows))


# --- Files the loader refuses, and files that overlap ---------------------------------------------


def test_an_unknown_file_is_refused_naming_the_file_and_what_it_lacks(tmp_path: Path) -> None:
    path = write(
        tmp_path / "census_ks4.csv",
        ["time_period", "geographic_level", "attainment8"],
        [["201617", "National", "46.3"]],
    )
    with pytest.raises(dfe.DfeFileError) as raised:
        dfe.read_benchmark(path)
    message = str(raised.value)
    assert str(path) in message
    assert "as exclusions it lacks headcount, perm_excl_rate, susp_rate/fixed_excl_rate" in message
    assert "as attendance it lacks overall_absence_perc/sess_overall_percent" in message
    assert "time_period" not in message.split(": ", 1)[1].split("lacks", 1)[1]


def test_landing_stops_on_an_unknown_file_and_names_it(tmp_path: Path) -> None:
    write(tmp_path / "mine.csv", OLD_HEADER, [["201617", "National", "England", "Total", *FIGURES]])
    unknown = write(tmp_path / "notes.csv", ["note"], [["downloaded in March"]])
    benchmarks, problems = land_benchmarks(tmp_path)
    assert benchmarks is None
    assert [(problem.path, problem.rule) for problem in problems] == [(unknown, "dfe_benchmark")]
    assert "as exclusions it lacks time_period/year, geographic_level/level" in str(problems[0])


def test_a_later_release_gives_the_years_it_shares_with_an_earlier_one(tmp_path: Path) -> None:
    earlier = [
        ["201516", "National", "England", "Total", *FIGURES],
        ["201617", "National", "England", "Total", *FIGURES],
    ]
    revised = [*FIGURES[:2], "0.02", *FIGURES[3:]]
    later = [
        ["201617", "National", "England", "Total", *revised],
        ["201718", "National", "England", "Total", *FIGURES],
    ]
    write(tmp_path / "a_earlier.csv", OLD_HEADER, earlier)
    write(tmp_path / "b_later.csv", OLD_HEADER, later)
    tidy = dfe.read_benchmarks(tmp_path)
    rates = tidy[tidy["measure"] == "permanent_exclusions_per_100"].set_index("academic_year_start")
    assert rates["source_file"].to_dict() == {2015: "a_earlier.csv", 2016: "b_later.csv", 2017: "b_later.csv"}
    assert rates.at[2016, "value"] == 0.02
    write(tmp_path / "c_same.csv", OLD_HEADER, later)
    with pytest.raises(
        dfe.DfeFileError, match=r"b_later\.csv, c_same\.csv: both give exclusions for 2016/17"
    ):
        dfe.read_benchmarks(tmp_path)

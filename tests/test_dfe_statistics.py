"""DfE's published attendance totals against the project's attendance-code seed, and the EES loader.

The reference file (DfE attendance, 2025/26 year to date, week 26: national,
regional and LA rows by phase) is the copy shipped in benchmarks/dfe/ (or
$CMOE_DFE_REFERENCE_DIR). For every row,
the seed decides which code's column goes to which category total, and each
total must be the sum of its codes' columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from cmoe import dfe_statistics as dfe

# The reference folder's README, measured on the file as published: authorised
# absence equals the sum of its codes' columns on all but 51 of 647 rows, where
# it is higher by at most 106 sessions (authorised codes the file does not break out).
REFERENCE_ROWS = 647
AUTHORISED_ROWS_DIFFERING_AT_MOST = 51
AUTHORISED_MARGIN_AT_MOST = 106

WILTSHIRE = "E06000054"
COUNTED = tuple(dfe.CATEGORY_TOTALS)


# --- The reference file ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def reference() -> dfe.AttendanceFile:
    return dfe.read_attendance(dfe.reference_dir() / dfe.ATTENDANCE_YTD_2025_26)


@pytest.fixture(scope="module")
def seed() -> tuple[dfe.AttendanceCode, ...]:
    return dfe.load_attendance_codes()


@pytest.fixture(scope="module")
def deciding(reference: dfe.AttendanceFile, seed) -> dict[str, dfe.AttendanceCode]:
    """For each code the file breaks out, the seed row that decides its category in the file's period."""
    return {code: dfe.code_on(seed, code, reference.period_start()) for code in reference.codes}


def columns_in(
    reference: dfe.AttendanceFile, deciding: dict[str, dfe.AttendanceCode], category: str
) -> list[str]:
    return [
        column.column
        for column in reference.breakdown
        if {deciding[code].category for code in column.codes} == {category}
    ]


@dataclass(frozen=True)
class TotalCheck:
    """A published total against the sum of columns: the difference on every row with figures."""

    difference: pd.Series  # total minus the sum, on rows where every cell is a number
    suppressed: int  # rows where the total and every column are marked alike (no figures to compare)

    @property
    def rows(self) -> int:
        return len(self.difference) + self.suppressed


def check_total(reference: dfe.AttendanceFile, total: str, columns: list[str]) -> TotalCheck:
    """Compare a total with its columns on every row; a row is compared or wholly suppressed, never partly."""
    cells = [total, *columns]
    markers = reference.markers[cells]
    marked = markers.notna()
    wholly = marked.all(axis=1) & markers.eq(markers[total], axis=0).all(axis=1)
    partly = marked.any(axis=1) & ~wholly
    assert not partly.any(), f"{total}: rows partly marked: {list(reference.values.index[partly])}"
    figures = reference.values.loc[~wholly, cells]
    return TotalCheck(figures[total] - figures[columns].sum(axis=1), int(wholly.sum()))


def test_the_reference_file_is_read_whole(reference):
    assert len(reference.values) == REFERENCE_ROWS
    assert reference.unmapped_columns == ()
    assert [column.column for column in reference.subtotals] == ["reason_present"]
    assert reference.period_start() == date(2025, 9, 1)
    assert set(reference.values["education_phase"]) == {"Primary", "Secondary", "Special", "Total"}
    # The only markers are four wholly confidential rows (City of London, Isles of Scilly).
    assert set(reference.markers.stack().dropna()) == {"c"}
    assert reference.markers.notna().any(axis=1).sum() == 4


def test_every_code_column_goes_to_one_total(reference, deciding):
    """No code's column is left out: each code is in the seed and counts towards a category total."""
    strays = {code: row.category for code, row in deciding.items() if row.category not in COUNTED}
    assert strays == {}
    placed = [column for category in COUNTED for column in columns_in(reference, deciding, category)]
    assert sorted(placed) == sorted(column.column for column in reference.breakdown)


def test_every_2024_code_counted_as_possible_has_a_column_and_is_used(reference, seed, deciding):
    counted_2024 = {row.attendance_code for row in seed if row.code_set == "2024" and row.counts_as_possible}
    assert counted_2024 - set(reference.codes) == set()
    for code in counted_2024:
        assert reference.column_for(code) in columns_in(reference, deciding, deciding[code].category)


def test_legacy_columns_take_the_category_of_their_last_code_set(reference, deciding):
    """H and J were withdrawn in 2024 but are still published; some rows have sessions in them."""
    assert (deciding["H"].code_set, deciding["H"].category) == ("2006", "authorised_absence")
    assert (deciding["J"].code_set, deciding["J"].category) == ("2006", "approved_educational_activity")
    assert (deciding["J1"].code_set, deciding["J1"].category) == ("2024", "authorised_absence")
    for code in ("H", "J"):
        assert (reference.values[reference.column_for(code)] > 0).any(), code


def test_the_file_names_each_column_as_the_seed_categorises_it(reference, deciding):
    """Where a column's name states a category (reason_j_aea_interview: aea), the seed agrees."""
    disagreements = {
        column.column: (column.name_category, deciding[column.codes[0]].category)
        for column in reference.breakdown
        if column.name_category is not None and column.name_category != deciding[column.codes[0]].category
    }
    assert disagreements == {}


@pytest.mark.parametrize("category", ["present", "approved_educational_activity", "unauthorised_absence"])
def test_category_total_is_the_sum_of_its_codes(reference, deciding, category):
    result = check_total(reference, dfe.CATEGORY_TOTALS[category], columns_in(reference, deciding, category))
    assert result.rows == REFERENCE_ROWS
    assert result.difference.eq(0).all(), result.difference[result.difference != 0].head()


def test_authorised_total_is_its_codes_plus_a_margin_the_file_does_not_break_out(reference, deciding):
    columns = columns_in(reference, deciding, "authorised_absence")
    result = check_total(reference, "authorised_absence", columns)
    assert result.rows == REFERENCE_ROWS
    differing = result.difference[result.difference != 0]
    assert (result.difference >= 0).all(), "authorised absence below the sum of its codes"
    assert len(differing) <= AUTHORISED_ROWS_DIFFERING_AT_MOST
    assert differing.max() <= AUTHORISED_MARGIN_AT_MOST


def test_possible_sessions_are_the_four_categories(reference):
    result = check_total(reference, "possible_sessions", list(dfe.CATEGORY_TOTALS.values()))
    assert result.rows == REFERENCE_ROWS
    assert result.difference.eq(0).all()


def test_reason_present_is_the_morning_and_afternoon_marks(reference):
    result = check_total(reference, "reason_present", ["reason_present_am", "reason_present_pm"])
    assert result.rows == REFERENCE_ROWS
    assert result.difference.eq(0).all()


def test_wiltshire_profile_matches_the_rates_dfe_published(reference):
    profile = dfe.la_profile(reference, WILTSHIRE)
    row = reference.values.set_index(["new_la_code", "education_phase"]).loc[(WILTSHIRE, "Total")]
    assert (profile.la_name, profile.time_period, profile.possible_sessions) == (
        "Wiltshire",
        "202526",
        20_190_598,
    )
    shares = (
        profile.present,
        profile.approved_educational_activity,
        profile.authorised_absence,
        profile.unauthorised_absence,
    )
    assert sum(shares) == pytest.approx(1, abs=1e-12)
    assert profile.present + profile.approved_educational_activity == pytest.approx(
        row["attendance_perc"] / 100
    )
    assert profile.authorised_absence == pytest.approx(row["authorised_absence_perc"] / 100)
    assert profile.unauthorised_absence == pytest.approx(row["unauthorised_absence_perc"] / 100)
    assert profile.illness == pytest.approx(row["illness_perc"] / 100)
    assert profile.pa_perc == row["pa_perc"]


def test_the_long_form_has_a_row_per_file_row_and_code(reference):
    long = reference.long()
    assert len(long) == REFERENCE_ROWS * len(reference.breakdown)
    assert long.groupby("row")["attendance_code"].nunique().eq(len(reference.breakdown)).all()
    illness = long[long["attendance_code"] == "I"].set_index("row")["sessions"]
    pd.testing.assert_series_equal(
        illness, reference.values["reason_i_authorised_illness"], check_names=False
    )


# --- The loader on small files --------------------------------------------------------------------

HEADER = (
    "time_period,time_identifier,geographic_level,country_code,region_code,new_la_code,la_name,old_la_code,"
    "education_phase,possible_sessions,present_sessions,approved_educational_activity,authorised_absence,"
    "unauthorised_absence,reason_present_am,reason_present_pm,reason_i_authorised_illness,pa_perc"
)

LA_ROW = "202526,Academic year,Local authority,E92000001,E12000009,"


def write(tmp_path: Path, *lines: str, name: str = "ees.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_markers_become_missing_values_and_are_kept(tmp_path):
    path = write(
        tmp_path,
        HEADER,
        f"{LA_ROW}E06000054,Wiltshire,865,Total,100,90,2,5,3,45,45,4,12.5",
        f"{LA_ROW}E06000055,Another,866,Total,x,z,c,low,,c,c,c,x",
    )
    table = dfe.read_ees_csv(path)
    marked = table.markers.loc[1, ["possible_sessions", "present_sessions", "approved_educational_activity"]]
    assert list(marked) == ["x", "z", "c"]
    assert list(table.markers.loc[1, ["authorised_absence", "unauthorised_absence"]]) == ["low", ""]
    assert table.values.loc[1, table.numeric_columns].isna().all()
    assert table.markers.loc[0].isna().all()
    assert table.values.at[0, "possible_sessions"] == 100 and table.values.at[0, "pa_perc"] == 12.5
    # Identifiers stay text, however numeric they look.
    assert (table.values.at[0, "time_period"], table.values.at[0, "old_la_code"]) == ("202526", "865")
    assert table.marked("authorised_absence", "low").tolist() == [False, True]
    assert table.marked("possible_sessions").tolist() == [False, True]


@pytest.mark.parametrize(
    ("column", "codes", "stated"),
    [
        ("reason_t_authorised_traveller", ("T",), "authorised_absence"),
        ("reason_t_authorised_mobile_child", ("T",), "authorised_absence"),
        ("reason_d_aea_dual_registration", ("D",), "approved_educational_activity"),
        ("reason_x_not_attending_covid_non_compulsory", ("X",), None),
        ("reason_c2_authorised_temp_reduced_timetable", ("C2",), "authorised_absence"),
        ("reason_o_other_unauthorised", ("O",), "unauthorised_absence"),
        ("reason_l_present_late_before_registers_closed", ("L",), "present"),
        ("reason_present_am", ("/",), "present"),
        ("reason_present_pm", ("\\",), "present"),
        ("reason_present", ("/", "\\"), "present"),
    ],
)
def test_code_columns_are_mapped_by_their_name(column, codes, stated):
    assert dfe.parse_code_column(column) == dfe.CodeColumn(column, codes, stated)


@pytest.mark.parametrize(
    "column", ["present_sessions", "illness_perc", "reason_unknown", "reasons_i_illness"]
)
def test_other_columns_are_not_code_columns(column):
    assert dfe.parse_code_column(column) is None


def test_an_older_file_without_phase_and_with_renamed_columns(tmp_path):
    path = write(
        tmp_path,
        "time_period,time_identifier,geographic_level,country_code,new_la_code,la_name,possible_sessions,"
        "present_sessions,approved_educational_activity,authorised_absence,unauthorised_absence,reason_present,"
        "reason_i_authorised_illness,reason_t_authorised_traveller,reason_j_aea_interview,reason_y_oddity,"
        "reason_odd,pa_perc",
        "202223,Academic year,Local authority,E92000001,E06000054,Wiltshire,200,180,4,10,6,180,8,2,4,0,1,15",
    )
    attendance = dfe.read_attendance(path)
    assert attendance.values["education_phase"].tolist() == ["Total"]
    assert attendance.column_for("T") == "reason_t_authorised_traveller"
    assert attendance.codes == ("/", "\\", "I", "T", "J", "Y")
    assert attendance.subtotals == ()
    assert attendance.unmapped_columns == ("reason_odd",)
    long = attendance.long()
    assert long["attendance_code"].tolist() == ["/ \\", "I", "T", "J", "Y"]
    assert long.loc[long["attendance_code"] == "T", "sessions"].item() == 2
    profile = dfe.la_profile(attendance, "E06000054")
    assert (profile.education_phase, profile.present, profile.illness) == ("Total", 0.9, 0.04)


def test_a_missing_required_column_names_the_file_and_column(tmp_path):
    path = write(tmp_path, HEADER.replace("possible_sessions,", ""), name="live_download.csv")
    with pytest.raises(dfe.DfeFileError, match=r"live_download\.csv: .*missing: possible_sessions"):
        dfe.read_attendance(path)


def test_text_in_a_sessions_column_names_the_file_column_and_value(tmp_path):
    path = write(
        tmp_path,
        HEADER,
        "202526,Academic year,National,E92000001,,,,,Total,100,90,2,5,3,45,45,4,12.5",
        "202526,Academic year,National,E92000001,,,,,Total,100,90,2,5,3,45,45,u,12.5",
    )
    with pytest.raises(dfe.DfeFileError, match=r"ees\.csv: column reason_i_authorised_illness .*: u\)"):
        dfe.read_attendance(path)


def test_two_columns_for_one_code_are_refused(tmp_path):
    path = write(
        tmp_path,
        HEADER + ",reason_t_authorised_traveller,reason_t_authorised_mobile_child",
        "202526,Academic year,National,E92000001,,,,,Total,100,90,2,5,3,45,45,4,12.5,1,1",
    )
    with pytest.raises(dfe.DfeFileError, match="both hold code T"):
        dfe.read_attendance(path)


@pytest.mark.parametrize(
    ("code", "day", "code_set", "category"),
    [
        ("J", date(2025, 9, 1), "2006", "approved_educational_activity"),
        ("H", date(2025, 9, 1), "2006", "authorised_absence"),
        ("J1", date(2025, 9, 1), "2024", "authorised_absence"),
        ("K", date(2025, 9, 1), "2024", "approved_educational_activity"),
        ("D", date(2023, 9, 1), "2006", "not_possible"),
        ("T", date(2024, 8, 18), "2006", "authorised_absence"),
        ("T", date(2024, 8, 19), "2024", "authorised_absence"),
        ("K", date(2023, 9, 1), "2024", "approved_educational_activity"),  # before its set: its only row
    ],
)
def test_the_seed_row_deciding_a_code(seed, code, day, code_set, category):
    row = dfe.code_on(seed, code, day)
    assert (row.code_set, row.category) == (code_set, category)


def test_a_code_in_no_code_set_is_an_error(seed):
    with pytest.raises(KeyError, match="'A'"):
        dfe.code_on(seed, "A", date(2025, 9, 1))


def test_academic_year_periods():
    assert dfe.academic_year_start("202526") == date(2025, 9, 1)
    assert dfe.academic_year_start("199900") == date(1999, 9, 1)
    for period in ("2025", "202527", "2025/26"):
        with pytest.raises(ValueError, match="academic year"):
            dfe.academic_year_start(period)


def test_the_reference_folder_can_be_moved(monkeypatch, tmp_path):
    monkeypatch.setenv(dfe.REFERENCE_DIR_VARIABLE, str(tmp_path))
    assert dfe.reference_dir() == tmp_path
    monkeypatch.delenv(dfe.REFERENCE_DIR_VARIABLE)
    assert dfe.reference_dir() == dfe.BENCHMARKS_DIR


# --- What the project takes from the file ---------------------------------------------------------


def test_the_generator_is_calibrated_to_the_file_as_published(reference):
    """The default scenario's attendance profile is Wiltshire's Total row, copied exactly."""
    from cmoe.generator.attendance_profile import WILTSHIRE_2025_26_TOTAL as profile

    row = reference.values.set_index(["new_la_code", "education_phase"]).loc[(WILTSHIRE, "Total")]
    assert profile.possible == row["possible_sessions"]
    assert profile.present == row["present_sessions"]
    assert profile.approved_educational_activity == row["approved_educational_activity"]
    assert profile.authorised == row["authorised_absence"]
    assert profile.unauthorised == row["unauthorised_absence"]
    assert profile.illness == row[reference.column_for("I")]
    assert profile.persistent_absence_percent == row["pa_perc"]
    for code, sessions in profile.sessions_by_code.items():
        assert sessions == row[reference.column_for(code)], code


def test_the_seed_names_the_column_dfe_publishes_each_code_under(reference, seed):
    """attendance_codes.dfe_reason_column, which rpt_attendance_summary sums by, is the file's column."""
    import csv

    with dfe.ATTENDANCE_CODES_SEED.open(newline="", encoding="utf-8") as handle:
        named = {row["attendance_code"]: row["dfe_reason_column"] for row in csv.DictReader(handle)}
    for column in reference.breakdown:
        if len(column.codes) == 1:
            assert named[column.codes[0]] == column.column, column.codes[0]
    # Codes DfE does not break out (not possible sessions; F, withdrawn in 2013) name no column.
    assert not ({c for c, name in named.items() if name} - set(reference.codes))

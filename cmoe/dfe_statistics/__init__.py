"""Read DfE attendance statistics published on explore-education-statistics (EES).

The project checks its own attendance definitions, and sets the default
scenario's attendance profile, against figures DfE published rather than
figures it computed itself. This package reads those files: the copies in
copies shipped in `benchmarks/dfe/` (see `reference_dir`) and the live files an analyst
downloads from EES, whose column names change between releases.

EES conventions followed (EES guidance on open data standards; the
attendance-data-dashboard's `EES_ytd_data.csv`):

- One CSV per data set, with the standard geography and time columns
  (`time_period` such as 202526, `time_identifier`, `geographic_level`,
  `country_code`, `region_code`, `new_la_code`, `la_name`, `old_la_code`) and
  filter columns (here `education_phase`; older attendance files have none and
  hold totals only, so it is read as 'Total').
- A cell that cannot hold a number holds a marker: `x` unavailable or
  suppressed, `z` not applicable, `c` confidential, `low` rounds to 0 but is
  not 0. `read_ees_csv` turns each into a missing value and keeps the marker,
  cell by cell, in a companion frame (`EesTable.markers`); an empty cell is
  kept there as "".
- Sessions by attendance code are in columns `reason_<code>_<category>_<words>`
  (reason_i_authorised_illness, reason_k_aea_education_arranged_by_la), and
  the present marks in `reason_present`, `reason_present_am` (/) and
  `reason_present_pm` (\\). Names differ between releases
  (reason_t_authorised_traveller before the 2024 code set,
  reason_t_authorised_mobile_child after), so a column is mapped to its code
  by parsing its name, not by a list of full names.

Which total a code belongs to is the attendance-code seed's decision
(seeds/reference/attendance_codes.csv, see `code_on`), not the file's: the
category word in a column's name is kept only so that a test can report where
the two disagree.

The package's modules: `reading` (EES files in general), `attendance` (the
attendance files' code columns), `codes` (the attendance-code seed),
`profiles` (an LA's attendance profile), `benchmarks` (LA-level statistics as
the benchmarks' tidy table).
"""

from __future__ import annotations

from cmoe.dfe_statistics.attendance import (
    CATEGORY_TOTALS,
    DEFAULT_EDUCATION_PHASE,
    PRESENT_AM,
    PRESENT_PM,
    REQUIRED_ATTENDANCE_COLUMNS,
    AttendanceFile,
    CodeColumn,
    parse_code_column,
    read_attendance,
)
from cmoe.dfe_statistics.benchmarks import (
    ATTENDANCE,
    BENCHMARK_COLUMNS,
    EXCLUSIONS,
    GEOGRAPHIC_LEVELS,
    LANDED_BENCHMARKS,
    PUBLICATIONS,
    Measure,
    Publication,
    benchmark_files,
    combine_benchmarks,
    publication_of,
    read_benchmark,
    read_benchmarks,
)
from cmoe.dfe_statistics.codes import (
    ATTENDANCE_CODES_SEED,
    AttendanceCode,
    code_on,
    load_attendance_codes,
)
from cmoe.dfe_statistics.profiles import (
    AttendanceProfile,
    la_profile,
)
from cmoe.dfe_statistics.reading import (
    ATTENDANCE_YTD_2025_26,
    BENCHMARKS_DIR,
    COLUMN_ALIASES,
    GEOGRAPHY_TIME_COLUMNS,
    MARKERS,
    REFERENCE_DIR_VARIABLE,
    DfeFileError,
    EesTable,
    academic_year_start,
    read_ees_csv,
    reference_dir,
)

# The names the rest of the project reads as dfe_statistics.<name>.
__all__ = [
    "ATTENDANCE",
    "ATTENDANCE_CODES_SEED",
    "ATTENDANCE_YTD_2025_26",
    "BENCHMARKS_DIR",
    "BENCHMARK_COLUMNS",
    "CATEGORY_TOTALS",
    "COLUMN_ALIASES",
    "DEFAULT_EDUCATION_PHASE",
    "EXCLUSIONS",
    "GEOGRAPHIC_LEVELS",
    "GEOGRAPHY_TIME_COLUMNS",
    "LANDED_BENCHMARKS",
    "MARKERS",
    "PRESENT_AM",
    "PRESENT_PM",
    "PUBLICATIONS",
    "REFERENCE_DIR_VARIABLE",
    "REQUIRED_ATTENDANCE_COLUMNS",
    "AttendanceCode",
    "AttendanceFile",
    "AttendanceProfile",
    "CodeColumn",
    "DfeFileError",
    "EesTable",
    "Measure",
    "Publication",
    "academic_year_start",
    "benchmark_files",
    "code_on",
    "combine_benchmarks",
    "la_profile",
    "load_attendance_codes",
    "parse_code_column",
    "publication_of",
    "read_attendance",
    "read_benchmark",
    "read_benchmarks",
    "read_ees_csv",
    "reference_dir",
]

"""The report checks: after dbt build and before publish, on the report tables of the build database.

- Totals add up (blocking: a report that does not add up is not published):
  each rpt_indicator_snapshot value equals its number of rpt_indicator_member
  rows, and each rpt_exclusion_history rate equals 100 * count / headcount.
- Indicators against the previous published run (warning), when
  `<exports_dir>/rpt_indicator_snapshot.parquet` exists: a change of more than
  the dbt var indicator_change_warning_share (dbt_project.yml, default 0.25)
  of the previous value names the indicator and the period.

The build database is opened read-only.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import great_expectations as gx
import great_expectations.expectations as gxe
import pandas as pd
import yaml
from great_expectations.core import ExpectationValidationResult

from cmoe.paths import PROJECT_DIR
from cmoe.quality.checks import CRITICAL, VS_PREVIOUS_RUN, WARNING, Check, by_name, parameter, suite
from cmoe.quality.errors import ReportError
from cmoe.quality.gx_run import DOCS_FOLDER, GxRun
from cmoe.quality.messages import Checked, blocking_failures, warnings_of

SNAPSHOT, HISTORY = "rpt_indicator_snapshot", "rpt_exclusion_history"
# The rates of rpt_exclusion_history, each with the count it is per 100 pupils of.
EXCLUSION_RATES = {
    "permanent_exclusions_per_100": "permanent_exclusions",
    "suspensions_per_100": "suspensions",
}
# The dbt var holding the share of change that warns.
INDICATOR_CHANGE_VAR = "indicator_change_warning_share"
DEFAULT_CHANGE_WARNING_SHARE = 0.25
MEMBERS = "rpt_indicator_member"
INDICATOR_KEY = ["indicator_code", "period_label"]
YEAR_KEY = ["academic_year"]
RATE_DECIMALS = 6


@dataclass(frozen=True)
class ReportResult:
    """What the report checks found, when nothing blocks publishing."""

    warnings: tuple[str, ...]
    docs: Path
    skipped: tuple[str, ...] = ()

    def summary(self) -> list[str]:
        lines = [f"{len(self.warnings)} warning(s); Data Docs: {self.docs}"]
        return (
            lines
            + [f"note: {line}" for line in self.skipped]
            + [f"warning: {line}" for line in self.warnings]
        )


def change_warning_share(project_file: Path = PROJECT_DIR / "dbt_project.yml") -> float:
    """The dbt var indicator_change_warning_share, or 0.25 when dbt_project.yml does not set it."""
    variables = (yaml.safe_load(project_file.read_text(encoding="utf-8")) or {}).get("vars") or {}
    value = variables.get(INDICATOR_CHANGE_VAR)
    return DEFAULT_CHANGE_WARNING_SHARE if value is None else float(value)


def read_table(connection: duckdb.DuckDBPyConnection, name: str) -> pd.DataFrame | None:
    """A table of the build database, whatever schema dbt wrote it in; None when it is not there."""
    found = connection.execute(
        "select table_schema from information_schema.tables where table_name = ? order by table_schema",
        [name],
    ).fetchall()
    return connection.execute(f'select * from "{found[0][0]}"."{name}"').df() if found else None


def indicator_frame(
    snapshot: pd.DataFrame, members: pd.DataFrame, previous: pd.DataFrame | None
) -> pd.DataFrame:
    """Each indicator value with its member rows and, when there was a release, the previous value."""
    counts = members.groupby(INDICATOR_KEY).size().rename("member_rows").reset_index()
    frame = snapshot[[*INDICATOR_KEY, "value"]].merge(counts, on=INDICATOR_KEY, how="left")
    frame["member_rows"] = frame["member_rows"].fillna(0).astype("int64")
    frame["value"] = frame["value"].astype("int64")
    if previous is not None:
        before = previous[[*INDICATOR_KEY, "value"]].rename(columns={"value": "previous_value"})
        frame = frame.merge(before, on=INDICATOR_KEY, how="left")
        change = (frame["value"] - frame["previous_value"]).abs() / frame["previous_value"].clip(lower=1)
        frame["change_share"] = change.astype("float64")
    return frame


def history_frame(history: pd.DataFrame) -> pd.DataFrame:
    """The exclusion history with each rate recomputed (both rounded to 6 decimals)."""
    frame = history.copy()
    headcount = frame["january_headcount"].astype("float64").where(frame["january_headcount"] > 0)
    for rate, count in EXCLUSION_RATES.items():
        frame[rate] = frame[rate].astype("float64").round(RATE_DECIMALS)
        frame[f"{rate}_recomputed"] = (100 * frame[count].astype("float64") / headcount).round(RATE_DECIMALS)
    return frame


# --- The checks, each with its message ------------------------------------------------------------------


def _rows(checked: Checked[float], item: ExpectationValidationResult, key: list[str]) -> pd.DataFrame:
    found = (item.result or {}).get("unexpected_index_list") or []
    wanted = pd.DataFrame([{column: row[column] for column in key} for row in found], columns=key)
    return checked.frame.merge(wanted.drop_duplicates(), on=key)


def _indicator_members(checked: Checked[float], item: ExpectationValidationResult) -> str:
    rows = _rows(checked, item, INDICATOR_KEY)
    wrong = "; ".join(
        f"{row.indicator_code}, {row.period_label}: value {row.value:,} but {row.member_rows:,} member row(s)"
        for row in rows.itertuples()
    )
    return f"{SNAPSHOT}: {wrong} in {MEMBERS}"


def _indicator_change(checked: Checked[float], item: ExpectationValidationResult) -> str:
    rows = _rows(checked, item, INDICATOR_KEY)
    share = checked.facts
    changes = "; ".join(
        f"{row.indicator_code}, {row.period_label}: {row.value:,} against {int(row.previous_value):,} "
        f"({'+' if row.value >= row.previous_value else '-'}{row.change_share:.0%})"
        for row in rows.itertuples()
    )
    return f"{SNAPSHOT}: changed by more than {share:.0%} since the previous published run: {changes}"


def _exclusion_rate(checked: Checked[float], item: ExpectationValidationResult) -> str:
    rows = _rows(checked, item, YEAR_KEY)
    rate = item.expectation_config.kwargs["column_A"]
    count = EXCLUSION_RATES[rate]
    wrong = "; ".join(
        f"{row.academic_year}: {rate} {getattr(row, rate)} but 100 * {getattr(row, count)} / "
        f"{row.january_headcount} = {getattr(row, rate + '_recomputed')}"
        for row in rows.itertuples()
    )
    return f"{HISTORY}: {wrong}"


INDICATOR_MEMBERS = Check(
    "indicator_members", gxe.ExpectColumnPairValuesToBeEqual, CRITICAL, _indicator_members
)
INDICATOR_CHANGE = Check(
    "indicator_change", gxe.ExpectColumnValuesToBeBetween, WARNING, _indicator_change, VS_PREVIOUS_RUN
)
EXCLUSION_RATE = Check("exclusion_rate", gxe.ExpectColumnPairValuesToBeEqual, CRITICAL, _exclusion_rate)
REPORT_CHECKS = by_name([INDICATOR_MEMBERS, INDICATOR_CHANGE, EXCLUSION_RATE])


def report_suites() -> list[gx.ExpectationSuite]:
    """The report tables' suites: totals that add up (blocking) and indicators against the last release."""
    snapshot = [
        INDICATOR_MEMBERS.expect(
            "each indicator value equals its number of rpt_indicator_member rows",
            column_A="value",
            column_B="member_rows",
        ),
        INDICATOR_CHANGE.expect(
            "each indicator value within the dbt var indicator_change_warning_share of the previous "
            "published value (change over the previous value, at least 1)",
            column="change_share",
            max_value=parameter(INDICATOR_CHANGE_VAR),
        ),
    ]
    history = [
        EXCLUSION_RATE.expect(
            f"{rate} equals 100 * {count} / january_headcount (to 6 decimals)",
            column_A=rate,
            column_B=f"{rate}_recomputed",
        )
        for rate, count in EXCLUSION_RATES.items()
    ]
    return [suite(SNAPSHOT, "report", snapshot), suite(HISTORY, "report", history)]


# --- The checks -----------------------------------------------------------------------------------------


def previous_snapshot(exports_dir: Path) -> pd.DataFrame | None:
    """The last published rpt_indicator_snapshot, if there was a release."""
    path = exports_dir / f"{SNAPSHOT}.parquet"
    return pd.read_parquet(path) if path.is_file() else None


def check_reports(build_database: Path, exports_dir: Path, quality_dir: Path) -> ReportResult:
    """Validate the report tables of a finished build before it is published.

    Raises ReportError when a total does not add up (one line per failure and
    the Data Docs pages); returns the warnings (indicators that changed much
    since the previous published run) otherwise.
    """
    with duckdb.connect(str(build_database), read_only=True) as connection:
        tables = {name: read_table(connection, name) for name in (SNAPSHOT, MEMBERS, HISTORY)}
    if missing := [name for name, table in tables.items() if table is None]:
        failures = [f"{name}: not in the build database {build_database}" for name in missing]
        raise ReportError(failures, quality_dir / DOCS_FOLDER / "index.html")
    snapshot, members, history = tables[SNAPSHOT], tables[MEMBERS], tables[HISTORY]
    previous = previous_snapshot(exports_dir)
    share = change_warning_share()
    run = GxRun(quality_dir, "reports")
    indicators = indicator_frame(snapshot, members, previous)
    parts = run.suites(SNAPSHOT)
    checks, comparisons = parts.checks, parts.comparisons
    # The facts of the indicators' checks: the share of change that warns.
    result = run.validate(checks, SNAPSHOT, indicators, {}, INDICATOR_KEY)
    checked = [Checked(SNAPSHOT, checks.name, SNAPSHOT, result, indicators, REPORT_CHECKS, share)]
    if previous is not None:
        result = run.validate(comparisons, SNAPSHOT, indicators, {INDICATOR_CHANGE_VAR: share}, INDICATOR_KEY)
        checked.append(
            Checked(SNAPSHOT, comparisons.name, SNAPSHOT, result, indicators, REPORT_CHECKS, share)
        )
    rates = history_frame(history)
    checks = run.suites(HISTORY).checks
    result = run.validate(checks, HISTORY, rates, {}, YEAR_KEY)
    checked.append(Checked(HISTORY, checks.name, HISTORY, result, rates, REPORT_CHECKS, share))
    docs = run.build_docs()
    for one in checked:
        one.page = run.page(one.suite, one.batch)
    if failures := blocking_failures(checked):
        raise ReportError([text for _, text in failures], docs, [one.page for one, _ in failures])
    skipped = () if previous is not None else ("no previous published run: indicator values not compared",)
    return ReportResult(tuple(warnings_of(checked)), docs, skipped)

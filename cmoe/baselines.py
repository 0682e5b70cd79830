"""Plain pandas versions of three of the warehouse's rules: what an analyst would otherwise write.

The benchmark (scripts/benchmark.py) times them beside dbt on the same data, read from a built
warehouse, and checks that each gives the warehouse's own result:

- `indicator_counts`: the committee's case indicators (rpt_indicator_snapshot's rows with a case
  type): distinct children with a case of the type open on each as-at date, dates inclusive;
- `no_provision`: the CMOE cohort's no_provision reason (rpt_cmoe_cohort): a child's provision
  spells merged where they touch or overlap, the gaps between them (ended by the next spell or a
  departure from the LA), and the school days each gap has lasted on each as-at date;
- `absence_runs`: runs of consecutive possible sessions of unexplained absence (N, O) and of the
  deletion codes (G, N, O) per registration (fct_absence_run), gaps and islands over the marks.

The SQL models are the rules; these are a yardstick, not a second implementation to keep in step
(the benchmark's equality check says when they drift apart).
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

# Stands for "no end yet", as '9999-12-31' does in the SQL (pandas' timestamps stop in 2262).
NO_END = pd.Timestamp("2200-01-01")
DAY = pd.Timedelta(days=1)


def _dates(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    for column in columns:
        frame[column] = pd.to_datetime(frame[column])
    return frame


# ---------- (a) the case indicators


def indicator_counts(cases: pd.DataFrame, periods: pd.DataFrame, indicators: pd.DataFrame) -> pd.DataFrame:
    """Per indicator with a case type and per period: distinct children with a case of that type open
    on the period's as-at date (opened on or before it, closed on or after it or not closed); zero
    where none. cases: child_id, case_type, opened_date, closed_date; periods: period_label,
    as_at_date; indicators: indicator_code, case_type."""
    typed = indicators.loc[indicators["case_type"].notna(), ["indicator_code", "case_type"]]
    on_dates = typed.merge(cases, on="case_type").merge(periods[["period_label", "as_at_date"]], how="cross")
    is_open = (on_dates["opened_date"] <= on_dates["as_at_date"]) & (
        on_dates["closed_date"].isna() | (on_dates["as_at_date"] <= on_dates["closed_date"])
    )
    counts = on_dates[is_open].groupby(["indicator_code", "period_label"])["child_id"].nunique()
    grid = typed[["indicator_code"]].merge(periods[["period_label"]], how="cross")
    grid = grid.merge(counts.rename("value").reset_index(), on=["indicator_code", "period_label"], how="left")
    grid["value"] = grid["value"].fillna(0).astype("int64")
    return grid.sort_values(["indicator_code", "period_label"], ignore_index=True)


# ---------- (b) the CMOE cohort's no_provision reason


@dataclass(frozen=True)
class ProvisionData:
    spells: pd.DataFrame  # child_id, start_date, end_date (null: open)
    held_back_spells: (
        pd.DataFrame
    )  # child_id, spell_start_date (spells held back for ending before they start)
    departures: pd.DataFrame  # child_id, departure_date (known to have left the LA)
    as_at_dates: pd.DataFrame  # period_label, as_at_date (the cohort's dates)
    calendar: pd.DataFrame  # calendar_date, school_day_index (running count of school days)
    children: pd.DataFrame  # child_id, compulsory_school_age_start_date, compulsory_school_age_end_date
    current_as_at: pd.Timestamp  # the date the data reach
    min_school_days: int  # var cmoe_min_school_days


def provision_gaps(data: ProvisionData) -> pd.DataFrame:
    """Each child's stretches without provision: child_id, gap_start_date, gap_end_date (null: open on
    the current as-at date)."""
    spells = data.spells.loc[data.spells["start_date"].notna(), ["child_id", "start_date", "end_date"]].copy()
    spells["end_date"] = spells["end_date"].fillna(NO_END)
    spells = spells.sort_values(["child_id", "start_date", "end_date"], ignore_index=True)
    by_child = spells.groupby("child_id", sort=False)
    # The latest end of the child's earlier spells: a spell starting after it (the day after only
    # touches) begins a new merged spell.
    covered_until = by_child["end_date"].cummax().groupby(spells["child_id"]).shift()
    starts_anew = covered_until.isna() | (spells["start_date"] > covered_until + DAY)
    spells["merged"] = starts_anew.astype("int64").groupby(spells["child_id"]).cumsum()
    merged = spells.groupby(["child_id", "merged"], as_index=False).agg(
        start_date=("start_date", "min"), end_date=("end_date", "max")
    )
    merged["next_start_date"] = merged.groupby("child_id")["start_date"].shift(-1)
    between = merged[merged["end_date"] < NO_END]
    gaps = pd.DataFrame(
        {
            "child_id": between["child_id"],
            "gap_start_date": between["end_date"] + DAY,
            "next_spell_eve": between["next_start_date"] - DAY,
        }
    )
    # A child known only by spells held back is out of provision from the first day one gives.
    only_held_back = data.held_back_spells[~data.held_back_spells["child_id"].isin(data.spells["child_id"])]
    without_spells = only_held_back.groupby("child_id", as_index=False)["spell_start_date"].min()
    without_spells = without_spells.rename(columns={"spell_start_date": "gap_start_date"})
    without_spells["next_spell_eve"] = pd.NaT
    gaps = pd.concat([gaps, without_spells], ignore_index=True)
    # The first departure on or after the day the spell ended and before the next spell.
    departed = gaps.merge(data.departures, on="child_id")
    departed = departed[
        (departed["departure_date"] >= departed["gap_start_date"] - DAY)
        & (departed["next_spell_eve"].isna() | (departed["next_spell_eve"] >= departed["departure_date"]))
    ]
    first_departure = departed.groupby(["child_id", "gap_start_date"], as_index=False)["departure_date"].min()
    gaps = gaps.merge(first_departure, on=["child_id", "gap_start_date"], how="left")
    first_end = gaps["next_spell_eve"].fillna(NO_END).combine(gaps["departure_date"].fillna(NO_END), min)
    gaps = gaps[(gaps["gap_start_date"] <= first_end) & (gaps["gap_start_date"] <= data.current_as_at)].copy()
    gaps["gap_end_date"] = first_end[gaps.index].where(first_end[gaps.index] <= data.current_as_at)
    return gaps[["child_id", "gap_start_date", "gap_end_date"]].reset_index(drop=True)


def no_provision(data: ProvisionData) -> pd.DataFrame:
    """The CMOE cohort's no_provision rows: period_label, as_at_date, child_id, reason_start_date,
    school_days, for each child of compulsory school age on the date out of provision for at least
    min_school_days school days to it (from the first day without provision)."""
    gaps = provision_gaps(data)
    on_dates = gaps.merge(data.as_at_dates[["period_label", "as_at_date"]], how="cross")
    on_dates = on_dates[
        (on_dates["gap_start_date"] <= on_dates["as_at_date"])
        & (on_dates["gap_end_date"].fillna(data.current_as_at) >= on_dates["as_at_date"])
    ]
    index = data.calendar.set_index("calendar_date")["school_day_index"]
    on_dates = on_dates.assign(
        at_index=on_dates["as_at_date"].map(index), before_index=(on_dates["gap_start_date"] - DAY).map(index)
    ).dropna(subset=["at_index", "before_index"])
    on_dates["school_days"] = (on_dates["at_index"] - on_dates["before_index"]).astype("int64")
    on_dates = on_dates[on_dates["school_days"] >= data.min_school_days].merge(data.children, on="child_id")
    of_age = on_dates[
        (on_dates["as_at_date"] >= on_dates["compulsory_school_age_start_date"])
        & (on_dates["as_at_date"] <= on_dates["compulsory_school_age_end_date"])
    ]
    cohort = of_age.groupby(["period_label", "as_at_date", "child_id"], as_index=False).agg(
        reason_start_date=("gap_start_date", "min"), school_days=("school_days", "max")
    )
    return cohort.sort_values(["period_label", "child_id"], ignore_index=True)


# ---------- (c) absence runs


def absence_runs(sessions: pd.DataFrame, registrations: pd.DataFrame) -> pd.DataFrame:
    """Runs of consecutive possible sessions of one class per registration. sessions: the possible
    sessions (registration_number, attendance_date, is_pm, school_day_index, is_unexplained_absence,
    is_deletion_run_code); registrations: registration_number, enrolment_id. One row per enrolment_id,
    absence_class ('unexplained' or 'deletion') and run: first_absence_date, first_session_name,
    last_absence_date, last_session_name, absence_sessions, length_school_days (first day to last,
    in school days) and is_ongoing (the run holds the registration's last possible session)."""
    ordered = sessions.sort_values(["registration_number", "school_day_index", "is_pm"], ignore_index=True)
    by_registration = ordered.groupby("registration_number", sort=False)
    ordered["session_number"] = by_registration.cumcount() + 1
    ordered["last_session_number"] = by_registration["session_number"].transform("size")
    runs = []
    for absence_class, flag in (
        ("unexplained", "is_unexplained_absence"),
        ("deletion", "is_deletion_run_code"),
    ):
        marked = ordered.loc[ordered[flag]].copy()
        # Consecutive session numbers rise with their rank among the class's sessions: the
        # difference names the island.
        marked["island"] = marked["session_number"] - marked.groupby("registration_number").cumcount()
        grouped = marked.groupby(["registration_number", "island"], sort=False)
        found = grouped.agg(
            first_absence_date=("attendance_date", "first"),
            first_is_pm=("is_pm", "first"),
            last_absence_date=("attendance_date", "last"),
            last_is_pm=("is_pm", "last"),
            first_school_day_index=("school_day_index", "first"),
            last_school_day_index=("school_day_index", "last"),
            absence_sessions=("session_number", "size"),
            last_run_session=("session_number", "last"),
            last_session_number=("last_session_number", "first"),
        ).reset_index()
        found["absence_class"] = absence_class
        runs.append(found)
    found = pd.concat(runs, ignore_index=True).merge(registrations, on="registration_number")
    return pd.DataFrame(
        {
            "enrolment_id": found["enrolment_id"],
            "absence_class": found["absence_class"],
            "first_absence_date": found["first_absence_date"],
            "first_session_name": found["first_is_pm"].map({True: "PM", False: "AM"}),
            "last_absence_date": found["last_absence_date"],
            "last_session_name": found["last_is_pm"].map({True: "PM", False: "AM"}),
            "absence_sessions": found["absence_sessions"].astype("int64"),
            "length_school_days": (
                found["last_school_day_index"] - found["first_school_day_index"] + 1
            ).astype("int64"),
            "is_ongoing": found["last_run_session"] == found["last_session_number"],
        }
    )


# ---------- reading a built warehouse (read-only) and the warehouse's own answers


def read_indicator_inputs(connection: duckdb.DuckDBPyConnection) -> dict[str, pd.DataFrame]:
    return {
        "cases": _dates(
            connection.sql(
                "select child_id, case_type, opened_date, closed_date"
                " from intermediate.int_cases_deduplicated"
            ).df(),
            "opened_date",
            "closed_date",
        ),
        "periods": _dates(
            connection.sql(
                "select period_label, as_at_date from intermediate.int_reporting_periods_listed"
            ).df(),
            "as_at_date",
        ),
        "indicators": connection.sql("select indicator_code, case_type from reference.indicators").df(),
    }


def read_provision_inputs(connection: duckdb.DuckDBPyConnection, min_school_days: int) -> ProvisionData:
    current = connection.sql(
        "select as_at_date from intermediate.int_reporting_periods_listed where period_type = 'current'"
    ).fetchall()[0][0]
    return ProvisionData(
        spells=_dates(
            connection.sql(
                "select child_id, start_date, end_date from intermediate.int_provision_spells_unioned"
            ).df(),
            "start_date",
            "end_date",
        ),
        held_back_spells=_dates(
            connection.sql(
                "select child_id, spell_start_date from intermediate.int_held_back_spells_linked"
            ).df(),
            "spell_start_date",
        ),
        departures=_dates(
            connection.sql("select child_id, departure_date from intermediate.int_la_departures_listed").df(),
            "departure_date",
        ),
        as_at_dates=_dates(
            connection.sql(
                "select period_label, as_at_date from intermediate.int_cmoe_as_at_dates_listed"
            ).df(),
            "as_at_date",
        ),
        calendar=_dates(
            connection.sql(
                "select calendar_date, school_day_index from intermediate.int_calendar_dates_described"
            ).df(),
            "calendar_date",
        ),
        children=_dates(
            connection.sql(
                "select child_id, compulsory_school_age_start_date,"
                " compulsory_school_age_end_date from marts.dim_child"
            ).df(),
            "compulsory_school_age_start_date",
            "compulsory_school_age_end_date",
        ),
        current_as_at=pd.Timestamp(current),
        min_school_days=min_school_days,
    )


def read_attendance_inputs(connection: duckdb.DuckDBPyConnection) -> dict[str, pd.DataFrame]:
    """The possible sessions, with only the columns a run needs, and the registrations."""
    sessions = connection.sql(
        "select registration_number, attendance_date, session_name = 'PM' as is_pm,"
        " cast(school_day_index as integer) as school_day_index,"
        " coalesce(is_unexplained_absence, false) as is_unexplained_absence,"
        " coalesce(is_deletion_run_code, false) as is_deletion_run_code"
        " from intermediate.int_attendance_sessions_resolved where is_possible_session"
    ).df()
    registrations = connection.sql(
        "select registration_number, enrolment_record_id as enrolment_id"
        " from intermediate.int_school_registrations_linked"
    ).df()
    return {"sessions": _dates(sessions, "attendance_date"), "registrations": registrations}


WAREHOUSE_ANSWERS = {
    "indicator": (
        "select snapshot.indicator_code, snapshot.period_label, snapshot.value"
        " from reporting.rpt_indicator_snapshot as snapshot inner join reference.indicators as indicators"
        " on snapshot.indicator_code = indicators.indicator_code"
        " where indicators.case_type is not null"
    ),
    "no_provision": (
        "select period_label, as_at_date, child_id, reason_start_date, school_days"
        " from reporting.rpt_cmoe_cohort"
        " where cmoe_reason = 'no_provision'"
    ),
    "absence_runs": (
        "select enrolment_id, absence_class, first_absence_date, first_session_name, last_absence_date,"
        " last_session_name, absence_sessions, length_school_days, is_ongoing from marts.fct_absence_run"
    ),
}


def same_rows(ours: pd.DataFrame, theirs: pd.DataFrame) -> bool:
    """Whether two frames hold the same rows (in any order), column by column as ours names them."""
    columns = list(ours.columns)
    if len(ours) != len(theirs) or not set(columns) <= set(theirs.columns):
        return False

    def normal(frame: pd.DataFrame) -> pd.DataFrame:
        frame = frame[columns].copy()
        for column in columns:
            if "date" in column:
                frame[column] = pd.to_datetime(frame[column]).astype("datetime64[ns]")
            elif frame[column].dtype.kind in "iubf":  # DuckDB's hugeint arrives as a float
                frame[column] = frame[column].astype("float64")
            else:
                frame[column] = frame[column].astype("string")
        return frame.sort_values(columns, ignore_index=True)

    return normal(ours).equals(normal(theirs))

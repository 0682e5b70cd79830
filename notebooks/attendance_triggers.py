# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Attendance triggers: the day's list and the week's
#
# For the attendance team and the CME officers each morning: every child
# whose absence crossed a threshold the LA acts on, on the as-at date and in
# the seven days up to it. The CME checklist (5 school days of unexplained
# absence), the CME referral (10), the deletion ground (20 school days of G,
# N or O) and the illness return (15 days of illness this year, no medical
# needs case open); for the first three, whether a CME referral followed
# within 10 school days.
#
# The list comes from the warehouse's published report table
# `rpt_attendance_trigger.parquet` of the restricted tier
# (`warehouse/restricted_exports`); every rule lives in the dbt models. Children
# appear by their pseudonymous id: look them up in `marts.dim_child` of
# `warehouse/restricted.duckdb`.
#
# Outputs (in `output_dir`): `attendance_triggers_day.{csv,xlsx}` and
# `attendance_triggers_week.{csv,xlsx}`; the workbooks are written by the
# shared `cmoe.workbooks`.

# %% tags=["parameters"]
exports_dir = "../warehouse/restricted_exports"
output_dir = "../outputs"
# The day the lists are for (YYYY-MM-DD); empty: the latest day any
# threshold was crossed (the last school day the feed has marks for).
as_at_date = ""
# The LA named on the workbooks. Empty: the LA of the dbt var local_authority_code.
la_name = ""

# %%
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
from IPython.display import Markdown, display

from cmoe import workbooks
from cmoe.exports import read_report
from cmoe.workbooks import Heading, Sheet, long_date

COLUMNS = {
    "trigger_name": "Trigger",
    "child_id": "Child",
    "school_urn": "School URN",
    "school_name": "School",
    "run_start_date": "Absent since",
    "crossing_date": "Crossed on",
    "referral_due_date": "CME referral due by",
    "cme_referral_date": "CME referral made",
}
# The Notes sheet: each trigger as the reference seed the models use defines it.
NOTES = {
    **workbooks.definitions("attendance_triggers", "trigger_name"),
    "CME referral due by": "10 school days after the crossing, for the first three triggers.",
    "Child": "The child's pseudonymous id: look it up in marts.dim_child of warehouse/restricted.duckdb.",
}


def listed(crossings: pd.DataFrame) -> pd.DataFrame:
    """The crossings as the officers read them: by trigger, then school, then child."""
    ordered = crossings.sort_values(["trigger_code", "school_name", "crossing_date", "child_id"])
    return ordered[list(COLUMNS)].rename(columns=COLUMNS)


# %% [markdown]
# ## Read the published crossings and choose the day

# %%
outputs = Path(output_dir).resolve()
triggers = read_report(exports_dir, "rpt_attendance_trigger")
for column in ("run_start_date", "crossing_date", "referral_due_date", "cme_referral_date"):
    triggers[column] = pd.to_datetime(triggers[column]).dt.date
if as_at_date:
    day = date.fromisoformat(as_at_date)
elif triggers.empty:
    raise ValueError("The warehouse lists no attendance trigger: give as_at_date")
else:
    day = max(triggers["crossing_date"])
week_start = day - timedelta(days=6)
display(Markdown(f"**As at {day:%A} {day.day} {day:%B %Y}**; the week from {week_start:%d %B %Y}."))

# %% [markdown]
# ## The day's list and the week's

# %%
day_list = listed(triggers[triggers["crossing_date"] == day])
week_list = listed(triggers[(triggers["crossing_date"] >= week_start) & (triggers["crossing_date"] <= day)])
summary = (
    week_list.groupby("Trigger").agg(Children=("Child", "nunique"), Crossings=("Child", "size")).reset_index()
)
display(Markdown(f"{len(day_list)} crossing(s) on the day, {len(week_list)} in the week."))
display(summary)
display(day_list)

# %% [markdown]
# ## Write CSV and XLSX

# %%
outputs.mkdir(parents=True, exist_ok=True)
la = la_name or workbooks.local_authority()
periods = {
    "day": f"As at {day:%A} {long_date(day)}",
    "week": f"The week from {long_date(week_start)} to {long_date(day)}",
}
for name, table in (("day", day_list), ("week", week_list)):
    table.to_csv(outputs / f"attendance_triggers_{name}.csv", index=False)
    heading = Heading(
        title=f"Attendance triggers: the {name}'s crossings",
        la_name=la,
        as_at=periods[name],
        source="the LA's CMOE warehouse, rpt_attendance_trigger (the schools' attendance feed)",
    )
    workbooks.write_workbook(
        outputs / f"attendance_triggers_{name}.xlsx", [Sheet(f"Triggers ({name})", table)], heading, NOTES
    )
print(f"Written to {outputs}")

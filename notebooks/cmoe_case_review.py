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
# # CMOE case review: the sub-groups' weekly lists
#
# For the CMOE sub-groups, who meet weekly (committee report 3.2): on the
# as-at date, the children missing out on education listed under each of the
# report's five priorities (3.3), with their reasons, since when, the school
# days since then, the cases open and the services holding them, and the
# last thing any register says about them; what is new since the week
# before and what has closed; and a chart of the cohort by reason over the
# 12 months to the date.
#
# The lists come from the warehouse's published report tables
# `rpt_cmoe_case_lists.parquet` (the dates and priorities built),
# `rpt_cmoe_case_list.parquet` and `rpt_cmoe_cohort.parquet`; every rule
# (which child, which priority) lives in the dbt models. They are the
# restricted tier's (`warehouse/restricted_exports`). Children appear by
# their pseudonymous id: look them up in `marts.dim_child` of
# `warehouse/restricted.duckdb`.
#
# Outputs (in `output_dir`): `cmoe_case_review_<date>.xlsx` (a summary, a
# sheet per priority, the new and the closed entries) and
# `cmoe_case_review_<date>.png` (the chart, one page); both written by the
# shared `cmoe.workbooks`.

# %% tags=["parameters"]
exports_dir = "../warehouse/restricted_exports"
output_dir = "../outputs"
# The date to review (YYYY-MM-DD): one of the built as-at dates (the year
# ends, the current date and every 7 days back from it for 52 weeks).
# Empty: the current as-at date.
as_at_date = ""
# The LA named on the workbook and chart. Empty: the LA of the dbt var local_authority_code.
la_name = ""

# %%
from datetime import date, timedelta
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import Markdown, display

from cmoe import workbooks
from cmoe.exports import read_report
from cmoe.workbooks import Heading, Sheet, long_date

COLUMNS = {
    "child_id": "Child",
    "cmoe_reasons": "Reasons",
    "since_date": "Since",
    "school_days_stuck": "School days since",
    "open_cases": "Open cases",
    "open_case_owners": "Held by",
    "has_social_worker": "Social worker",
    "last_event": "Last event",
    "last_event_date": "Last event on",
    "last_event_source": "Register",
}
DATE_COLUMNS = ("as_at_date", "since_date", "last_event_date")
ENTRY = ["priority_code", "child_id"]
# The Notes sheet: each priority as the reference seed the models use defines it, then the columns.
NOTES = {
    **workbooks.definitions("cmoe_priorities", "priority_name"),
    "Since": "The date the child's longest-standing reason began.",
    "School days since": "School days from that date to the as-at date.",
    "Held by": "The services with a case open for the child on the as-at date.",
    "Last event": "The latest thing any register records about the child, its date and register.",
    "Child": "The child's pseudonymous id: look it up in marts.dim_child of warehouse/restricted.duckdb.",
}


def listed(entries: pd.DataFrame) -> pd.DataFrame:
    """Entries as the sub-group reads them: longest stuck first, then by child."""
    ordered = entries.sort_values(["priority_order", "since_date", "child_id"])
    return ordered[list(COLUMNS)].rename(columns=COLUMNS).reset_index(drop=True)


# %% [markdown]
# ## Read the published lists and choose the date

# %%
outputs = Path(output_dir).resolve()
lists = read_report(exports_dir, "rpt_cmoe_case_lists")
case_list = read_report(exports_dir, "rpt_cmoe_case_list")
cohort = read_report(exports_dir, "rpt_cmoe_cohort")
for column in DATE_COLUMNS:
    case_list[column] = pd.to_datetime(case_list[column]).dt.date
cohort["as_at_date"] = pd.to_datetime(cohort["as_at_date"]).dt.date
lists["as_at_date"] = pd.to_datetime(lists["as_at_date"]).dt.date

built = sorted(set(lists["as_at_date"]))
current = sorted(set(lists.loc[lists["period_type"] == "current", "as_at_date"]))
if not current:
    raise ValueError("The case lists export has no current as-at date: build and publish the warehouse first")
day = date.fromisoformat(as_at_date) if as_at_date else current[-1]
if day not in built:
    weekly = sorted(set(lists.loc[lists["period_type"] == "weekly", "as_at_date"]))
    span = f"weekly from {weekly[0]} to {weekly[-1]}, " if weekly else ""
    raise ValueError(
        f"{day} is not one of the built as-at dates ({span}the year ends and the current date "
        f"{current[-1]}). To review {day}, build the warehouse as at that date "
        f"(the dbt var current_as_at_date): `.venv/bin/cmoe run --as-at {day}`, then run this "
        "notebook again."
    )
week_before = day - timedelta(days=7)
has_week_before = week_before in built
heading = Heading(
    title="CMOE case review",
    la_name=la_name or workbooks.local_authority(),
    as_at=f"As at {long_date(day)}; compared with the week before, {long_date(week_before)}",
    source="the LA's CMOE warehouse, rpt_cmoe_case_list and rpt_cmoe_cohort",
)
display(
    Markdown(
        f"**As at {day:%A} {long_date(day)}**; the week before: {long_date(week_before)}"
        + ("." if has_week_before else " (not built: nothing to compare with).")
    )
)

# %% [markdown]
# ## The lists, what is new and what has closed

# %%
priorities = lists[lists["as_at_date"] == day].sort_values("priority_order")
this_week = case_list[case_list["as_at_date"] == day]
last_week = case_list[case_list["as_at_date"] == week_before]
if has_week_before:
    compared = this_week[ENTRY].merge(last_week[ENTRY], how="outer", indicator=True)
    new_keys = compared.loc[compared["_merge"] == "left_only", ENTRY]
    closed_keys = compared.loc[compared["_merge"] == "right_only", ENTRY]
else:
    new_keys = closed_keys = this_week[ENTRY].iloc[0:0]
new_entries = this_week.merge(new_keys, on=ENTRY)
closed_entries = last_week.merge(closed_keys, on=ENTRY)


def with_priority(entries: pd.DataFrame) -> pd.DataFrame:
    table = listed(entries)
    names = entries.sort_values(["priority_order", "since_date", "child_id"])["priority_name"]
    table.insert(0, "Priority", list(names))
    return table


summary = pd.DataFrame(
    {
        "Priority": priorities["priority_name"].tolist(),
        "Children": [int((this_week["priority_code"] == code).sum()) for code in priorities["priority_code"]],
        "Week before": [
            int((last_week["priority_code"] == code).sum()) if has_week_before else None
            for code in priorities["priority_code"]
        ],
        "New": [int((new_entries["priority_code"] == code).sum()) for code in priorities["priority_code"]],
        "Closed": [
            int((closed_entries["priority_code"] == code).sum()) for code in priorities["priority_code"]
        ],
    }
)
new_list = with_priority(new_entries)
closed_list = with_priority(closed_entries)
display(summary)

# %% [markdown]
# ## The cohort by reason over the 12 months to the date

# %%
year_start = day - timedelta(days=364)
recent = cohort[(cohort["as_at_date"] >= year_start) & (cohort["as_at_date"] <= day)]
by_reason = (
    recent.groupby(["as_at_date", "cmoe_reason"])["child_id"].nunique().unstack(fill_value=0).sort_index()
)
children = recent.groupby("as_at_date")["child_id"].nunique().sort_index()
fig, ax = plt.subplots(figsize=(11.69, 8.27))  # one A4 page, landscape
for reason in by_reason.columns:
    ax.plot(by_reason.index, by_reason[reason], marker=".", label=reason.replace("_", " "))
ax.plot(children.index, children.values, color="black", linewidth=2.5, label="children (any reason)")
ax.set_title(f"By reason, {long_date(year_start)} to {long_date(day)}; a child counts under each of theirs")
ax.set_ylabel("Children")
ax.set_ylim(bottom=0)
ax.grid(axis="y", alpha=0.3)
ax.legend(loc="upper left", fontsize="small")
fig.autofmt_xdate()

# %% [markdown]
# ## Write the workbook and the chart

# %%
outputs.mkdir(parents=True, exist_ok=True)
stem = f"cmoe_case_review_{day.isoformat()}"
workbooks.save_chart(fig, outputs / f"{stem}.png", heading, "Children missing out on education")
note = "" if has_week_before else f"No list was built for {week_before}, so nothing is new or closed."
sheets = [Sheet("Summary", summary, note=note)]
for priority in priorities.itertuples():
    entries = listed(this_week[this_week["priority_code"] == priority.priority_code])
    sheet_name = f"{priority.priority_order} {priority.priority_short_name}"
    sheets.append(Sheet(sheet_name, entries, title=priority.priority_name))
sheets.append(Sheet("New since week before", new_list, note=note))
sheets.append(Sheet("Closed since week before", closed_list, note=note))
workbooks.write_workbook(outputs / f"{stem}.xlsx", sheets, heading, NOTES)
print(f"Written to {outputs / stem}.xlsx and .png")

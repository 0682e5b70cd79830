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
# # CMOE indicator table
#
# The committee's end-of-year indicator table (report section 5.1): for each
# indicator, the number of distinct children with an open episode at the end
# of the latest academic years and on the current as-at date. A second table
# below it gives, for the same periods, the CMOE cohort out of provision and
# the children of interest (report 4.2), one row per flag.
#
# The numbers come from the warehouse's published report table
# `rpt_indicator_snapshot.parquet`. Every counting rule lives in the dbt models;
# this notebook only reads, selects, pivots, formats, charts and writes (the
# workbook and chart with the shared `cmoe.workbooks`). End-of-year periods
# are labelled as DfE writes academic years, e.g. 2021/22.
#
# Outputs (in `output_dir`): `indicator_table.csv` (the report's four rows),
# `indicator_table_cmoe.csv` (the CMOE and children-of-interest rows),
# `indicator_table.xlsx` (a sheet each), `indicator_table.png` (the four rows).

# %% tags=["parameters"]
exports_dir = "../warehouse/exports"
output_dir = "../outputs"
end_of_year_periods = 2
# The LA named on the workbook and chart. Empty: the LA of the dbt var local_authority_code.
la_name = ""

# %%
from pathlib import Path
from textwrap import fill

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import Markdown, display

from cmoe import workbooks
from cmoe.exports import read_report
from cmoe.workbooks import Heading, Sheet, long_date

ROW_LABEL = "EoY Indicator"
# The committee report's own rows; the others (the CMOE cohort, the children
# of interest) go in the second table.
REPORT_GROUP = "report"
NOTES = {
    "End-of-year columns": "Distinct children with an open episode on 31 August, the last day of "
    "the academic year.",
    "Current": "Distinct children with an open episode on the as-at date.",
    "CMOE": "Children missing out on education: of compulsory school age and out of provision "
    "(the committee report's local definition; the row's label gives the school days).",
    "Children of interest": "Children with a flag the committee follows (report 4.2), one row per "
    "flag; a child may have several.",
}

# %% [markdown]
# ## Read the published snapshot

# %%
outputs = Path(output_dir).resolve()
snapshot = read_report(exports_dir, "rpt_indicator_snapshot")
snapshot["as_at_date"] = pd.to_datetime(snapshot["as_at_date"]).dt.date
# One academic-year form everywhere: DfE's 2021/22 (the model labels its years 2021-22).
snapshot["period_label"] = snapshot["period_label"].map(workbooks.academic_year_label)
snapshot.head()

# %% [markdown]
# ## Choose the periods: the latest end-of-year ones, then Current

# %%
if not isinstance(end_of_year_periods, int) or end_of_year_periods < 0:
    raise ValueError(f"end_of_year_periods must be a whole number >= 0, not {end_of_year_periods!r}")

periods = snapshot[["period_label", "period_type", "as_at_date"]].drop_duplicates().sort_values("as_at_date")
if periods["period_label"].duplicated().any():
    raise ValueError("A period label has more than one as-at date in the snapshot")

end_of_year = periods[periods["period_type"] == "end_of_year"]
current = periods[periods["period_type"] == "current"]
if len(end_of_year) < end_of_year_periods:
    raise ValueError(
        f"{end_of_year_periods} end-of-year periods asked for, "
        f"the snapshot has {len(end_of_year)}: {list(end_of_year['period_label'])}"
    )
if len(current) != 1:
    raise ValueError(f"Expected one current period in the snapshot, found {len(current)}")

chosen = pd.concat([end_of_year.tail(end_of_year_periods), current])
columns = list(chosen["period_label"])
display(chosen)

# %% [markdown]
# ## Pivot: indicators as rows (in display order), periods as columns
#
# The report's four rows make the committee table; the CMOE and
# children-of-interest rows the second table.


# %%
def pivot(rows: pd.DataFrame) -> pd.DataFrame:
    """Indicators as rows in display order, the chosen periods as columns."""
    wide = rows.pivot(
        index=["display_order", "indicator_name"], columns="period_label", values="value"
    ).sort_index()
    wide = wide[columns]
    if wide.isna().any().any():
        raise ValueError("The snapshot has no value for some indicator and period:\n" + wide.to_string())
    wide = wide.astype("int64").droplevel("display_order").rename_axis(index=ROW_LABEL, columns=None)
    return wide.reset_index()


rows = snapshot[snapshot["period_label"].isin(columns)]
is_report_row = rows["indicator_group"] == REPORT_GROUP
table = pivot(rows[is_report_row])
cmoe_table = pivot(rows[~is_report_row]) if (~is_report_row).any() else None


as_at_note = "As at: " + "; ".join(
    f"{label} = {long_date(day)}"
    for label, day in zip(chosen["period_label"], chosen["as_at_date"], strict=True)
)
heading = Heading(
    title="CMOE indicators: end of year and current",
    la_name=la_name or workbooks.local_authority(),
    as_at=f"As at {long_date(current['as_at_date'].iloc[0])}; end-of-year columns at 31 August",
    source="the LA's CMOE warehouse, rpt_indicator_snapshot",
)
display(Markdown(f"**CMOE indicators.** {as_at_note}."))
display(table)
if cmoe_table is not None:
    display(Markdown("**CMOE cohort and children of interest** (children of compulsory school age)."))
    display(cmoe_table)

# %% [markdown]
# ## Write CSV and XLSX

# %%
outputs.mkdir(parents=True, exist_ok=True)
table.to_csv(outputs / "indicator_table.csv", index=False)
sheets = {"Indicator table": table}
if cmoe_table is not None:
    cmoe_table.to_csv(outputs / "indicator_table_cmoe.csv", index=False)
    sheets["CMOE and children of interest"] = cmoe_table

workbooks.write_workbook(
    outputs / "indicator_table.xlsx",
    [Sheet(name, sheet_table, note=as_at_note) for name, sheet_table in sheets.items()],
    heading,
    NOTES,
)

# %% [markdown]
# ## Chart: one group of bars per indicator, one bar per period

# %%
width = 0.8 / len(columns)
fig, ax = plt.subplots(figsize=(10, 5.5))
for i, column in enumerate(columns):
    positions = [x + (i - (len(columns) - 1) / 2) * width for x in range(len(table))]
    bars = ax.bar(positions, table[column], width=width, label=column)
    ax.bar_label(bars, fmt="{:,.0f}", fontsize=8, padding=2)
ax.set_xticks(range(len(table)), [fill(name, 18) for name in table[ROW_LABEL]])
ax.set_ylabel("Children")
ax.set_xlabel(as_at_note, fontsize=8)
ax.legend(title="Period")
ax.margins(y=0.12)
workbooks.save_chart(fig, outputs / "indicator_table.png", heading)
print(f"Written to {outputs}")

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
# of the latest academic years and on the current as-at date.
#
# The numbers come from the warehouse's published report table
# `rpt_indicator_snapshot.parquet`. Every counting rule lives in the dbt models;
# this notebook only reads, selects, pivots, formats, charts and writes.
#
# Outputs (in `output_dir`): `indicator_table.csv`, `indicator_table.xlsx`,
# `indicator_table.png`.

# %% tags=["parameters"]
exports_dir = "../warehouse/exports"
output_dir = "../outputs"
end_of_year_periods = 2

# %%
from pathlib import Path
from textwrap import fill

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import Markdown, display

from cmoe.exports import read_report

ROW_LABEL = "EoY Indicator"

# %% [markdown]
# ## Read the published snapshot

# %%
outputs = Path(output_dir).resolve()
snapshot = read_report(exports_dir, "rpt_indicator_snapshot")
snapshot["as_at_date"] = pd.to_datetime(snapshot["as_at_date"]).dt.date
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

# %%
rows = snapshot[snapshot["period_label"].isin(columns)]
table = rows.pivot(
    index=["display_order", "indicator_name"], columns="period_label", values="value"
).sort_index()
table = table[columns]
if table.isna().any().any():
    raise ValueError("The snapshot has no value for some indicator and period:\n" + table.to_string())
table = table.astype("int64").droplevel("display_order").rename_axis(index=ROW_LABEL, columns=None)
table = table.reset_index()


def long_date(day) -> str:
    """A date the way the committee report writes it: 31 August 2022."""
    return f"{day.day} {day:%B %Y}"


as_at_note = "As at: " + "; ".join(
    f"{label} = {long_date(day)}"
    for label, day in zip(chosen["period_label"], chosen["as_at_date"], strict=True)
)
display(Markdown(f"**CMOE indicators.** {as_at_note}."))
display(table)

# %% [markdown]
# ## Write CSV and XLSX

# %%
outputs.mkdir(parents=True, exist_ok=True)
table.to_csv(outputs / "indicator_table.csv", index=False)

with pd.ExcelWriter(outputs / "indicator_table.xlsx", engine="openpyxl") as writer:
    table.to_excel(writer, sheet_name="Indicator table", index=False)
    sheet = writer.sheets["Indicator table"]
    sheet.cell(row=len(table) + 3, column=1, value=as_at_note)
    sheet.column_dimensions["A"].width = 40
    for row in sheet.iter_rows(min_row=2, max_row=len(table) + 1, min_col=2):
        for cell in row:
            cell.number_format = "#,##0"

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
ax.set_title("CMOE indicators: end of year and current")
ax.legend(title="Period")
ax.margins(y=0.12)
fig.text(0.01, 0.01, as_at_note, fontsize=8)
fig.tight_layout(rect=(0, 0.04, 1, 1))
fig.savefig(outputs / "indicator_table.png", dpi=150)
plt.close(fig)
print(f"Written to {outputs}")

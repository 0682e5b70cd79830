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
# # Permanent exclusion history
#
# Permanent exclusions and suspensions by academic year (committee report
# section 5.6), with rates per 100 pupils on the January census headcount.
# Only complete academic years are shown.
#
# The numbers come from the warehouse's published report table
# `rpt_exclusion_history.parquet`. Every counting rule (academic year of the
# start date, rescinded exclusions left out, the rates) lives in the dbt
# models; this notebook only reads, selects, formats, charts and writes.
#
# Outputs (in `output_dir`): `exclusion_history.csv`, `exclusion_history.xlsx`,
# `exclusion_history.png`.

# %% tags=["parameters"]
exports_dir = "../warehouse/exports"
output_dir = "../outputs"
first_academic_year = 2017
last_academic_year = None

# %%
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.ticker import MaxNLocator

from cmoe.exports import read_report

COLUMNS = {
    "academic_year": "Academic year",
    "permanent_exclusions": "Permanent exclusions",
    "suspensions": "Suspensions",
    "january_headcount": "January headcount",
    "permanent_exclusion_rate": "Permanent exclusions per 100 pupils",
    "suspension_rate": "Suspensions per 100 pupils",
}
RATES = ["Permanent exclusions per 100 pupils", "Suspensions per 100 pupils"]

# %% [markdown]
# ## Read the published history

# %%
outputs = Path(output_dir).resolve()
history = read_report(exports_dir, "rpt_exclusion_history").sort_values("academic_year_start")
history.head()

# %% [markdown]
# ## Choose the complete academic years asked for

# %%
complete = history[history["is_complete_year"]]
if complete.empty:
    raise ValueError(f"No complete academic year in {exports_dir}/rpt_exclusion_history")
last_year = int(complete["academic_year_start"].max()) if last_academic_year is None else last_academic_year

wanted = set(range(first_academic_year, last_year + 1))
chosen = complete[complete["academic_year_start"].isin(wanted)]
missing = sorted(wanted - set(chosen["academic_year_start"]))
if not wanted or missing:
    raise ValueError(
        f"Academic years {first_academic_year} to {last_year} asked for; "
        f"not complete or not in the history: {missing or 'none in range'}"
    )

table = chosen[list(COLUMNS)].rename(columns=COLUMNS).reset_index(drop=True)
table["January headcount"] = table["January headcount"].astype("Int64")
table.round(dict.fromkeys(RATES, 2))

# %% [markdown]
# ## Write CSV and XLSX
#
# The CSV keeps the rates to 4 decimals; the XLSX keeps them to 4 and shows 2.

# %%
outputs.mkdir(parents=True, exist_ok=True)
table.round(dict.fromkeys(RATES, 4)).to_csv(outputs / "exclusion_history.csv", index=False)

with pd.ExcelWriter(outputs / "exclusion_history.xlsx", engine="openpyxl") as writer:
    table.round(dict.fromkeys(RATES, 4)).to_excel(writer, sheet_name="Exclusion history", index=False)
    sheet = writer.sheets["Exclusion history"]
    for letter, width in zip("ABCDEF", (14, 20, 14, 18, 34, 26), strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=2, max_row=len(table) + 1, min_col=2):
        for cell in row:
            cell.number_format = "0.00" if cell.column >= 5 else "#,##0"

# %% [markdown]
# ## Chart: permanent exclusions by academic year

# %%
fig, ax = plt.subplots(figsize=(8, 4.5))
bars = ax.bar(table["Academic year"], table["Permanent exclusions"], color="#4472c4")
ax.bar_label(bars, padding=2)
ax.yaxis.set_major_locator(MaxNLocator(integer=True))
ax.set_xlabel("Academic year")
ax.set_ylabel("Permanent exclusions")
ax.set_title("Permanent exclusions by academic year")
ax.margins(y=0.12)
fig.tight_layout()
fig.savefig(outputs / "exclusion_history.png", dpi=150)
plt.close(fig)
print(f"Written to {outputs}")

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
# Only complete academic years are shown. A timeline then sets the LA's own
# years beside its history as DfE published it, with England, its region, and
# its rank and quartile band among the LAs in each year DfE's files cover.
#
# The numbers come from the warehouse's published report tables
# `rpt_exclusion_history.parquet` and `rpt_exclusion_benchmark.parquet` of
# the restricted tier (`warehouse/restricted_exports`): the committee's table
# keeps the raw counts, which the public tier rounds and suppresses
# (`rpt_exclusion_rates_public`).
# Every counting rule (academic year of the start date, rescinded exclusions
# left out, the rates, the ranks and bands) lives in the dbt models; this
# notebook only reads, selects, formats, charts and writes. The figures are as
# at the date of the exclusions extract (`rpt_extract_reconciliation`); the
# workbook and charts are written by the shared `cmoe.workbooks`.
#
# Outputs (in `output_dir`): `exclusion_history.csv`, `exclusion_history.xlsx`,
# `exclusion_history.png`; the timeline `exclusion_timeline.csv` and
# `exclusion_timeline.png`.

# %% tags=["parameters"]
exports_dir = "../warehouse/restricted_exports"
output_dir = "../outputs"
first_academic_year = 2017
last_academic_year = None
# The LA named on the workbook and charts. Empty: the LA of the dbt var local_authority_code.
la_name = ""

# %%
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.ticker import MaxNLocator

from cmoe import workbooks
from cmoe.exports import read_report
from cmoe.workbooks import Heading, Sheet, long_date

COLUMNS = {
    "academic_year": "Academic year",
    "permanent_exclusions": "Permanent exclusions",
    "suspensions": "Suspensions",
    "january_headcount": "January headcount",
    "permanent_exclusions_per_100": "Permanent exclusions per 100 pupils",
    "suspensions_per_100": "Suspensions per 100 pupils",
}
RATES = ["Permanent exclusions per 100 pupils", "Suspensions per 100 pupils"]
COUNTS = ["Permanent exclusions", "Suspensions"]
# The registers the history counts, whose extract date is its as-at date.
EXCLUSION_REGISTERS = ("exclusions", "exclusion_notifications")
NOTES = {
    "Permanent exclusion": "A pupil removed from a school's roll for good; rescinded ones are left out.",
    "Suspension": "A pupil excluded for a fixed period (formerly fixed-period exclusion).",
    "Academic year": "The year of the exclusion's start date. Only complete years are shown.",
    "January headcount": "Pupils on roll at the January school census of the academic year.",
    "Per 100 pupils": "Exclusions or suspensions divided by the January headcount, times 100.",
}
# The timeline's measures: rpt_exclusion_benchmark's name, rpt_exclusion_history's column, label.
TIMELINE_MEASURES = {
    "permanent_exclusions_per_100": "Permanent exclusions per 100 pupils",
    "suspensions_per_100": "Suspensions per 100 pupils",
}

# %% [markdown]
# ## Read the published history

# %%
outputs = Path(output_dir).resolve()
history = read_report(exports_dir, "rpt_exclusion_history")
# All phases together: the Total rows, where the report gives a row per phase.
if "education_phase" in history.columns:
    history = history[history["education_phase"] == "Total"]
history = history.assign(academic_year_start=history["academic_year"].str[:4].astype(int))
history = history.sort_values("academic_year_start")
files = read_report(exports_dir, "rpt_extract_reconciliation")
extracted = files.loc[files["source_table"].isin(EXCLUSION_REGISTERS), "extract_date"]
if extracted.empty:
    raise ValueError(f"No exclusions extract in {exports_dir}/rpt_extract_reconciliation: no as-at date")
as_at = pd.Timestamp(extracted.min()).date()
la = la_name or workbooks.local_authority()
history.head()

# %% [markdown]
# ## Choose the complete academic years asked for

# %%
# A year is complete once it has ended; a report without the flag lists complete years only
# once their January census has given them a headcount.
if "is_complete_year" in history.columns:
    complete = history[history["is_complete_year"]]
else:
    complete = history[history["january_headcount"].notna()]
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
years = f"{table['Academic year'].iloc[0]} to {table['Academic year'].iloc[-1]}"
heading = Heading(
    title="Permanent exclusions and suspensions by academic year",
    la_name=la,
    as_at=f"As at {long_date(as_at)} (the exclusions extract); complete academic years {years}",
    source="the LA's CMOE warehouse, rpt_exclusion_history (school census and LA exclusion records)",
)
table.round(dict.fromkeys(RATES, 2))

# %% [markdown]
# ## Write CSV and XLSX
#
# Both keep the rates to 4 decimals; the XLSX shows them to DfE's 2, or to 2
# significant figures under 0.01 so that a rate above zero never reads as 0.00.

# %%
outputs.mkdir(parents=True, exist_ok=True)
rounded = table.round(dict.fromkeys(RATES, 4))
rounded.to_csv(outputs / "exclusion_history.csv", index=False)
kinds = {"Academic year": workbooks.ACADEMIC_YEAR, **dict.fromkeys(RATES, workbooks.RATE_PER_100)}
workbooks.write_workbook(
    outputs / "exclusion_history.xlsx", [Sheet("Exclusion history", rounded, kinds)], heading, NOTES
)

# %% [markdown]
# ## Chart: permanent exclusions and suspensions, and their rates per 100 pupils
#
# The counts above, the rates below; the rates' labels follow the workbook's
# rule, so two exclusions in a year never read as none.

# %%
fig, axes = plt.subplots(2, 2, figsize=(11, 7), sharex=True)
for column, (count, rate, colour) in enumerate(zip(COUNTS, RATES, ("#4472c4", "#ed7d31"), strict=True)):
    bars = axes[0, column].bar(table["Academic year"], table[count], color=colour)
    axes[0, column].bar_label(bars, labels=[f"{value:,}" for value in table[count]], padding=2)
    axes[0, column].yaxis.set_major_locator(MaxNLocator(integer=True))
    axes[0, column].set_title(count)
    below = axes[1, column]
    below.plot(table["Academic year"], rounded[rate], marker="o", color=colour)
    for year, value in zip(table["Academic year"], rounded[rate], strict=True):
        label = workbooks.rate_text(value)
        below.annotate(
            label, (year, value), textcoords="offset points", xytext=(0, 6), ha="center", fontsize=8
        )
    below.set_title(rate)
    below.set_ylim(0, 1.25 * max(rounded[rate].max(), 0.01))  # room above for the labels
    below.set_xlabel("Academic year")
    axes[0, column].margins(y=0.15)
workbooks.save_chart(fig, outputs / "exclusion_history.png", heading)
print(f"Written to {outputs}")

# %% [markdown]
# ## Timeline: the LA's published history beside England and its region, and its own years
#
# DfE's rates are as published (rounded to 2 decimals); the warehouse's own
# years are computed from the LA's registers. Rank: among the LAs with a
# published rate that year, 1 = the lowest; band A is the lowest quartile
# (see `rpt_exclusion_benchmark`).

# %%
benchmark = read_report(exports_dir, "rpt_exclusion_benchmark")
published = benchmark[
    (benchmark["education_phase"] == "Total") & benchmark["measure"].isin(TIMELINE_MEASURES)
].sort_values("academic_year_start")
region_name = published["region_name"].iloc[0] if not published.empty else "Region"

own_years = chosen.melt(
    id_vars=["academic_year", "academic_year_start"],
    value_vars=list(TIMELINE_MEASURES),
    var_name="measure",
    value_name="la_per_100",
).assign(source="Warehouse")
timeline = pd.concat([published.assign(source="DfE published"), own_years], ignore_index=True)
timeline = timeline.sort_values(["measure", "academic_year_start", "source"])
timeline_table = pd.DataFrame(
    {
        "Academic year": timeline["academic_year"],
        "Measure": timeline["measure"].map(TIMELINE_MEASURES),
        "Source": timeline["source"],
        la: timeline["la_per_100"].round(4),
        "England": timeline["england_per_100"],
        region_name: timeline["region_per_100"],
        "Rank (1 = lowest)": timeline["la_rank"].astype("Int64"),
        "Out of": timeline["ranked_las"].astype("Int64"),
        "Quartile band": timeline["quartile_band"],
    }
).reset_index(drop=True)
timeline_table.to_csv(outputs / "exclusion_timeline.csv", index=False)
timeline_table.head(len(TIMELINE_MEASURES) * 2)

# %%
fig, axes = plt.subplots(len(TIMELINE_MEASURES), 1, figsize=(10, 8), sharex=True)
for ax, (measure, label) in zip(axes, TIMELINE_MEASURES.items(), strict=True):
    dfe = published[published["measure"] == measure]
    own = own_years[own_years["measure"] == measure]
    ax.plot(dfe["academic_year_start"], dfe["la_per_100"], marker="o", color="#4472c4", label=f"{la} (DfE)")
    ax.plot(
        dfe["academic_year_start"], dfe["england_per_100"], linestyle="--", color="#7f7f7f", label="England"
    )
    ax.plot(
        dfe["academic_year_start"], dfe["region_per_100"], linestyle=":", color="#ed7d31", label=region_name
    )
    own_label = f"{la} (warehouse)"
    ax.plot(own["academic_year_start"], own["la_per_100"], marker="s", color="#70ad47", label=own_label)
    for row in dfe.dropna(subset=["la_rank"]).itertuples():
        ax.annotate(
            f"{row.quartile_band} {int(row.la_rank)}/{int(row.ranked_las)}",
            (row.academic_year_start, row.la_per_100),
            textcoords="offset points",
            xytext=(0, 7),
            ha="center",
            fontsize=7,
        )
    ax.set_ylabel(label)
    ax.margins(y=0.2)
years = sorted(set(published["academic_year_start"]) | set(own_years["academic_year_start"]))
axes[-1].set_xticks(years, [f"{year}/{(year + 1) % 100:02d}" for year in years], rotation=45, ha="right")
axes[-1].set_xlabel("Academic year (band and rank among the LAs above each published year)")
axes[0].legend(loc="upper right", fontsize=8)
timeline_heading = Heading(
    title="Exclusion rates: DfE's published years and the warehouse's own",
    la_name=la,
    as_at=heading.as_at,
    source="DfE, Suspensions and permanent exclusions in England (rpt_exclusion_benchmark); "
    "the LA's CMOE warehouse (rpt_exclusion_history)",
)
workbooks.save_chart(fig, outputs / "exclusion_timeline.png", timeline_heading)

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
# # DfE termly return: elective home education and children missing education
#
# The LA's return to DfE for one census (voluntary from autumn 2022,
# mandatory from autumn 2024): home-educated children on the census day and
# at any point in the academic year (with the starts by previous school type,
# the returns to school, s437(1) notices and school attendance orders), and
# children missing education on the census day and at any point in the year.
#
# The figures come from the warehouse's published report tables
# `rpt_ehe_census_return`, `rpt_ehe_full_year_return`, `rpt_cme_census_return`
# and `rpt_cme_full_year_return` (raw counts, for the submission: the
# restricted tier, `warehouse/restricted_exports`) and
# `rpt_termly_return_publication` (rounded and suppressed as DfE publishes LA
# figures, for anything shown outside the LA); every counting rule lives in
# the dbt models. The extract dates come from `rpt_extract_reconciliation`.
#
# Outputs (in `output_dir`), named by the academic year and term, e.g.
# `termly_return_2022-23_autumn`: `.csv` (the raw return, the four tables
# long), `_publication.csv` (rounded and suppressed), `.xlsx` (a cover sheet,
# a sheet per table, the publication and the change since the previous term)
# and `.png` (EHE and CME on census day, term by term, to this one); the
# workbook and chart are written by the shared `cmoe.workbooks`.

# %% tags=["parameters"]
exports_dir = "../warehouse/restricted_exports"
output_dir = "../outputs"
# The census to return, e.g. "2022/23" and "autumn". Empty: the latest census
# date the warehouse returns (the last on or before its as-at date).
academic_year = ""
census_term = ""
# The LA named on the workbook and chart. Empty: the LA of the dbt var local_authority_code.
la_name = ""

# %%
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import display

from cmoe import workbooks
from cmoe.exports import read_report
from cmoe.workbooks import Heading, Sheet, long_date

# The census-day tables have one measure, named as in the publication.
CENSUS_MEASURES = {"ehe_census": "EHE on census day", "cme_census": "CME on census day"}
REGISTERS = ("ehe_register", "cme_referrals")
KEYS = ["return_table", "measure", "breakdown_topic", "breakdown"]
ORDER = ["return_table", "measure", "breakdown_topic", "breakdown_order"]
NOTES = {
    "Census day": "Children on the register on the census date.",
    "Full year": "Children on the register at any point from 1 September of the academic year to the "
    "census date; the count starts again each September.",
    "child_count": "Raw counts in the sheets per table, for the submission to DfE. The publication sheet "
    "rounds them half up to the nearest 10 as DfE publishes LA figures: low, a count that rounds to 0 "
    "but is not 0; x, unavailable; z, not applicable.",
    "time_period": "DfE's code of the academic year in its files: 202223 is 2022/23.",
    "change": "Each cell against the same cell of the census before; empty where there was none.",
}

# %% [markdown]
# ## Read the published return

# %%
outputs = Path(output_dir).resolve()
# Each raw table under DfE's name of its file.
tables = {
    "ehe_census": read_report(exports_dir, "rpt_ehe_census_return"),
    "ehe_full_year": read_report(exports_dir, "rpt_ehe_full_year_return"),
    "cme_census": read_report(exports_dir, "rpt_cme_census_return"),
    "cme_full_year": read_report(exports_dir, "rpt_cme_full_year_return"),
}
for name, frame in tables.items():
    if "measure" not in frame:
        frame.insert(3, "measure", CENSUS_MEASURES[name])
raw = pd.concat([frame.assign(return_table=name) for name, frame in tables.items()], ignore_index=True)
raw["census_date"] = pd.to_datetime(raw["census_date"]).dt.date
publication = read_report(exports_dir, "rpt_termly_return_publication")
publication["census_date"] = pd.to_datetime(publication["census_date"]).dt.date
files = read_report(exports_dir, "rpt_extract_reconciliation")

# %% [markdown]
# ## Choose the census, and the one before it

# %%
censuses = raw[["academic_year", "census_term", "census_date"]].drop_duplicates().sort_values("census_date")
if censuses.empty:
    raise ValueError(f"No census date in {exports_dir}/rpt_ehe_census_return")
if academic_year or census_term:
    chosen = censuses[(censuses["academic_year"] == academic_year) & (censuses["census_term"] == census_term)]
    if chosen.empty:
        returned = ", ".join(f"{row.academic_year} {row.census_term}" for row in censuses.itertuples())
        raise ValueError(
            f"No return for {academic_year!r} {census_term!r} in {exports_dir}: the warehouse returns "
            f"{returned}. Build it as at a later date for a later census."
        )
else:
    chosen = censuses.tail(1)
census = chosen.iloc[0]
earlier = censuses[censuses["census_date"] < census["census_date"]]
previous = earlier.iloc[-1] if not earlier.empty else None
stem = f"termly_return_{census['academic_year'].replace('/', '-')}_{census['census_term']}"
census_label = f"{census['academic_year']} {census['census_term']}"
heading = Heading(
    title="Elective home education and children missing education: DfE termly return",
    la_name=la_name or workbooks.local_authority(),
    as_at=f"Census date {long_date(census['census_date'])}, {census_label}",
    source="the LA's CMOE warehouse: the EHE register and CME referrals (rpt_ehe_census_return, "
    "rpt_ehe_full_year_return, rpt_cme_census_return, rpt_cme_full_year_return)",
)
print(f"{census['academic_year']} {census['census_term']} (census date {census['census_date']})")

# %%
this_term = raw[raw["census_date"] == census["census_date"]].sort_values(ORDER)
columns = ["academic_year", "census_term", "census_date", *KEYS, "child_count"]
this_term = this_term[columns].reset_index(drop=True)
published = publication[publication["census_date"] == census["census_date"]].sort_values(ORDER)
published = published.drop(columns=["breakdown_order"]).reset_index(drop=True)
this_term.groupby("return_table", sort=False).size()

# %% [markdown]
# ## The change since the previous term
#
# Each cell against the same cell of the census before (the full-year tables
# start again each September, so an autumn's change is against a smaller
# count of the year before).

# %%
if previous is None:
    before = this_term[KEYS].assign(previous_count=pd.NA)
else:
    before = raw[raw["census_date"] == previous["census_date"]][[*KEYS, "child_count"]]
    before = before.rename(columns={"child_count": "previous_count"})
change = this_term.merge(before, on=KEYS, how="left")
change["previous_count"] = change["previous_count"].astype("Int64")
change["change"] = change["child_count"] - change["previous_count"]
change = change[[*KEYS, "previous_count", "child_count", "change"]]
previous_label = "none" if previous is None else f"{previous['academic_year']} {previous['census_term']}"
change[change["breakdown_topic"] == "Total"]

# %% [markdown]
# ## Write CSV and XLSX

# %%
build_id = Path(exports_dir).resolve().parent.name
extracts = files[files["source_table"].isin(REGISTERS)]
extract_dates = "; ".join(
    f"{row.source_table} {pd.Timestamp(row.extract_date).date()}" for row in extracts.itertuples()
)
cover = pd.DataFrame(
    [
        ("Return", "Elective home education and children missing education (DfE termly collection)"),
        ("Academic year", census["academic_year"]),
        ("Census term", census["census_term"]),
        ("Census date", str(census["census_date"])),
        ("Previous term", previous_label),
        ("Extract date", extract_dates),
        ("Build id", build_id),
        *((f"Rows: {name}", int((this_term["return_table"] == name).sum())) for name in tables),
        ("Rows: publication", len(published)),
        ("Counts", "Sheets per table: raw counts for submission. Publication: rounded to 10, low, x, z."),
    ],
    columns=["Item", "Value"],
)

outputs.mkdir(parents=True, exist_ok=True)
this_term.to_csv(outputs / f"{stem}.csv", index=False)
published.to_csv(outputs / f"{stem}_publication.csv", index=False)
years = {"academic_year": workbooks.ACADEMIC_YEAR}
sheets = [Sheet("Cover", cover)]
for name in tables:
    table = this_term[this_term["return_table"] == name].drop(columns=["return_table"])
    if not name.endswith("full_year"):
        table = table.drop(columns=["measure"])
    sheets.append(Sheet(name, table, years))
sheets += [Sheet("publication", published, years), Sheet("change", change)]
workbooks.write_workbook(outputs / f"{stem}.xlsx", sheets, heading, NOTES)
display(cover)

# %% [markdown]
# ## Chart: EHE and CME on census day, term by term

# %%
totals = raw[
    raw["return_table"].isin(CENSUS_MEASURES)
    & (raw["breakdown_topic"] == "Total")
    & (raw["census_date"] <= census["census_date"])
]
trend = totals.pivot_table(index="census_date", columns="return_table", values="child_count").sort_index()
fig, ax = plt.subplots(figsize=(9, 4.5))
for name, label, colour in (
    ("ehe_census", "EHE on census day", "#4472c4"),
    ("cme_census", "CME on census day", "#ed7d31"),
):
    ax.plot(trend.index, trend[name], marker="o", label=label, color=colour)
ax.axvline(census["census_date"], color="grey", linestyle=":", linewidth=1)
ax.set_ylabel("Children")
ax.legend()
ax.set_ylim(bottom=0)
fig.autofmt_xdate()
chart_title = f"EHE and CME on census day, to {census_label}"
workbooks.save_chart(fig, outputs / f"{stem}.png", heading, chart_title)
print(f"Written to {outputs}: {stem}.csv, {stem}_publication.csv, {stem}.xlsx, {stem}.png")

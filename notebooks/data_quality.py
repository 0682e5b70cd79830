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
# # Data quality of the landed extracts
#
# What was wrong with this run's extracts, before the numbers go to
# committee: every landed file with its rows accounted for (used in the
# warehouse, or held back with a reason), the data-quality rules broken by
# extract, and how that compares with the last run.
#
# The numbers come from the warehouse's published tables
# `rpt_extract_reconciliation` and `rpt_data_quality_summary`; the rules are
# in the dbt models and the Great Expectations suites. The rows themselves
# are in `marts.fct_dq_issue` of the restricted tier's
# `warehouse/restricted.duckdb` (file, line, rule, column, value): the end
# of the page gives a query that lists some of this run's.
#
# Outputs (in `output_dir`): `data_quality.csv`, and `data_quality.html`
# (this page, written by the run).

# %% tags=["parameters"]
exports_dir = "../warehouse/exports"
output_dir = "../outputs"
# The run's quality files, given by `cmoe notebooks` from its workspace; left
# empty, the page says they were not given (it never guesses a folder).
history_file = ""
warnings_file = ""
data_docs_index = ""

# %%
import html
import os
from pathlib import Path

import pandas as pd
from IPython.display import HTML, Markdown, display

from cmoe.exports import read_report
from cmoe.labels import label, rules_in_words
from cmoe.pages import number

outputs = Path(output_dir).resolve()
outputs.mkdir(parents=True, exist_ok=True)


def show(frame: pd.DataFrame) -> None:
    """A table as the page shows it: no row numbers, blanks for nothing, counts as 1,234."""
    counts = frame.select_dtypes("number").columns
    display(HTML(frame.to_html(index=False, na_rep="", border=0, formatters=dict.fromkeys(counts, number))))


def in_words(frame: pd.DataFrame, code_lists: dict[str, str]) -> pd.DataFrame:
    """The frame with each code column's codes replaced by their words (cmoe.labels)."""
    words = {
        column: frame[column].map(lambda code, kind=kind: label(kind, code))
        for column, kind in code_lists.items()
    }
    return frame.assign(**words)


# %% [markdown]
# ## Every landed row, accounted for

# %%
files = read_report(exports_dir, "rpt_extract_reconciliation").sort_values(["source_system", "source_file"])
unreconciled = files[~files["is_reconciled"]]
verdict = (
    "Every landed row is in the warehouse or held back with its reason."
    if unreconciled.empty
    else f"**{len(unreconciled)} file(s) do not reconcile**: {', '.join(unreconciled['source_file'])}."
)
display(Markdown(verdict))
show(
    files[["source_file", "raw_rows", "used_rows", "held_back_rows", "held_back_rules"]]
    .assign(held_back_rules=files["held_back_rules"].map(rules_in_words))
    .rename(
        columns={
            "source_file": "File",
            "raw_rows": "Rows landed",
            "used_rows": "Used",
            "held_back_rows": "Held back",
            "held_back_rules": "Held back because",
        }
    )
)

# %% [markdown]
# ## Rules broken, by extract, against the last run

# %%
summary = read_report(exports_dir, "rpt_data_quality_summary")
previous = pd.DataFrame(columns=["source_table", "rule_code", "last_run"])
if history_file and Path(history_file).is_file():
    history = pd.read_csv(history_file)
    runs = sorted(history["published_at"].astype(str).unique())
    if len(runs) >= 2:
        last = history[history["published_at"].astype(str) == runs[-2]]
        previous = last.rename(columns={"issue_count": "last_run"})[["source_table", "rule_code", "last_run"]]
trend = summary.merge(previous, on=["source_table", "rule_code"], how="outer")
trend["issue_count"] = trend["issue_count"].fillna(0).astype(int)
trend["change"] = trend["issue_count"] - trend["last_run"]
trend = trend.sort_values(["source_table", "severity", "rule_code"])
shown = ["source_table", "rule_name", "severity", "action", "issue_count", "last_run", "change"]
table = trend[shown].rename(
    columns={
        "source_table": "Extract",
        "rule_name": "Rule",
        "severity": "Severity",
        "action": "Action",
        "issue_count": "Rows",
        "last_run": "Last run",
        "change": "Change",
    }
)
table.to_csv(outputs / "data_quality.csv", index=False)
if previous.empty:
    display(Markdown("No earlier run to compare with: the **Last run** column is empty."))
# On the page: words for the codes, and the columns a rule was broken in ("Missing value (UPN)").
rule_names = [
    f"{label('rule_code', code)} ({columns})"
    if isinstance(columns, str) and columns
    else label("rule_code", code)
    for code, columns in zip(trend["rule_code"], trend["column_names"], strict=True)
]
named = in_words(trend, {"source_table": "source_table", "severity": "severity", "action": "action"})
show(named.assign(rule_name=rule_names)[shown].rename(columns=dict(zip(shown, table.columns, strict=True))))

# %% [markdown]
# ## How records were linked to children
#
# Each register's records by the stage that linked them to a child: a key
# shared for certain (a permanent UPN, a person id, a school's own UPN), a
# match on names and date of birth (exact, or scored above the threshold with
# no other child close), a person's decision, or none (a child known from
# that record alone). Pairs in doubt wait in `reporting.rpt_identity_review` of
# `warehouse/restricted.duckdb` (with names, for the reviewer only); a decision goes
# into `seeds/decisions/identity_review_decisions.csv`.

# %%
stages = read_report(exports_dir, "rpt_identity_link_summary")
by_stage = stages.pivot_table(
    index="source_table", columns="link_stage", values="record_count", aggfunc="sum", fill_value=0
)
by_stage["for review"] = stages.groupby("source_table")["source_groups_for_review"].max()
by_stage = by_stage.reset_index().rename(columns={"source_table": "Extract"}).rename_axis(columns=None)
by_stage.to_csv(outputs / "identity_links.csv", index=False)
show(
    in_words(by_stage, {"Extract": "source_table"}).rename(
        columns={stage: label("link_stage", stage) for stage in by_stage.columns[1:-1]}
        | {"for review": "Groups for review"}
    )
)

# %% [markdown]
# ## How the files arrived
#
# What the landing step and the arrival checks noticed about whole files (a
# delimiter, an encoding, a column added or moved, a row count far from the
# last run's). The run went on; read them before the numbers go to committee.

# %%
if warnings_file and Path(warnings_file).is_file():
    file_warnings = pd.read_csv(warnings_file, dtype=str, keep_default_na=False)
    if file_warnings.empty:
        display(Markdown("No file gave a warning on arrival."))
    else:
        show(file_warnings.rename(columns={"found_by": "Found by", "warning": "Warning"}))
else:
    display(Markdown(f"No list of warnings was found (given: `{warnings_file or 'none'}`)."))

# %% [markdown]
# ## The arrival checks in detail
#
# Every check of the extracts as they arrived (and of the reports before
# publishing), with the lines that broke each. `cmoe notebooks` copies them
# beside this page, so the link works wherever the outputs folder is copied.

# %%
docs = Path(data_docs_index) if data_docs_index else None
if docs and docs.is_file():
    link = Path(os.path.relpath(docs.resolve(), outputs)).as_posix()
    display(Markdown(f"The checks' Data Docs for this run: [{link}]({link})"))
else:
    display(Markdown(f"No Data Docs were found (given: `{data_docs_index or 'none'}`)."))

# %% [markdown]
# ## The rows themselves
#
# The restricted tier's `warehouse/restricted.duckdb` lists every row that
# broke a rule, with its file, line, column and value. This query lists
# those of the rule broken most often in this run (open the database with
# the DuckDB command line or a BI tool; it needs the restricted tier's
# rights).

# %%
if summary.empty:
    display(Markdown("No rule was broken in this run: there are no rows to list."))
else:
    top = summary.sort_values(
        ["issue_count", "source_table", "rule_code"], ascending=[False, True, True]
    ).iloc[0]
    query = (
        "select source_file, source_line, column_name, value\n"
        "from marts.fct_dq_issue\n"
        f"where source_table = '{top['source_table']}' and rule_code = '{top['rule_code']}'\n"
        "order by source_file, source_line\nlimit 20;"
    )
    rule, extract = label("rule_code", top["rule_code"]), label("source_table", top["source_table"])
    display(Markdown(f"{rule} in {extract}, {number(top['issue_count'])} row(s):"))
    display(HTML(f'<pre><code id="example-query">{html.escape(query)}</code></pre>'))

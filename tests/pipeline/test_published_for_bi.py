"""The small scenario's public database as a BI tool reads it: every model of the public tier is a
table there, and it and its columns carry their dbt descriptions as comments, in types every BI
connector maps."""

from __future__ import annotations

import json

import duckdb
import pandas as pd
import pytest

from cmoe.publish import DATABASE_FILE, PUBLIC, model_tier

# The types Power BI, Tableau, Metabase and Superset all map: no HUGEINT (DuckDB's sum of
# integers), no unsigned integers, intervals, lists, structs or maps.
BI_TYPES = frozenset({"BOOLEAN", "INTEGER", "BIGINT", "DOUBLE", "DATE", "TIMESTAMP", "VARCHAR"})
BI_TYPE_PREFIXES = ("DECIMAL(",)


@pytest.fixture(scope="module")
def public_models(small_scenario) -> dict[tuple[str, str], dict]:
    """The manifest node of each model of the public tier, by (schema, name)."""
    manifest = json.loads((small_scenario.build.target_path / "manifest.json").read_text())
    return {
        (node["schema"], node["name"]): node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and model_tier(node) == PUBLIC.name
    }


@pytest.fixture(scope="module")
def published_columns(small_scenario, public_models) -> pd.DataFrame:
    """Every column of the published database's report tables, with its table's comment."""
    with duckdb.connect(str(small_scenario.warehouse / DATABASE_FILE), read_only=True) as connection:
        columns = connection.execute(
            """
            select
                columns.schema_name,
                columns.table_name,
                tables.comment as table_comment,
                columns.column_name,
                columns.comment as column_comment,
                columns.data_type
            from duckdb_columns() as columns
            inner join duckdb_tables() as tables
                on columns.table_oid = tables.table_oid
            """
        ).df()
    public = pd.MultiIndex.from_tuples(public_models)
    return columns[pd.MultiIndex.from_frame(columns[["schema_name", "table_name"]]).isin(public)]


def test_every_public_model_is_a_published_table(public_models, published_columns) -> None:
    published = set(zip(published_columns["schema_name"], published_columns["table_name"], strict=True))
    assert ("reporting", "rpt_indicator_snapshot") in public_models
    assert published == set(public_models)


def test_tables_carry_their_descriptions(public_models, published_columns) -> None:
    tables = published_columns.drop_duplicates(["schema_name", "table_name"])[
        ["schema_name", "table_name", "table_comment"]
    ]
    wrong = [
        f"{schema}.{table}"
        for schema, table, comment in tables.itertuples(index=False)
        # As published: the YAML's folded text without its last line break.
        if not comment or comment != public_models[schema, table]["description"].strip()
    ]
    assert wrong == []


def test_columns_carry_their_descriptions(public_models, published_columns) -> None:
    wrong = []
    for schema, table, column, comment in published_columns[
        ["schema_name", "table_name", "column_name", "column_comment"]
    ].itertuples(index=False):
        described = (public_models[schema, table]["columns"].get(column, {}).get("description") or "").strip()
        if not comment or comment != described:
            wrong.append(f"{schema}.{table}.{column}: {comment!r}, YAML {described!r}")
    assert wrong == []


def test_columns_are_types_bi_tools_map(published_columns) -> None:
    unmapped = published_columns[
        ~published_columns["data_type"].isin(BI_TYPES)
        & ~published_columns["data_type"].str.startswith(BI_TYPE_PREFIXES)
    ]
    assert [f"{row.table_name}.{row.column_name}: {row.data_type}" for row in unmapped.itertuples()] == []

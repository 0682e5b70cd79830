"""The public tier, cell by cell: every table of its database and every file of its exports in `cells`."""

from __future__ import annotations

from pathlib import Path

import duckdb

from cmoe.privacy_scan.findings import Finding
from cmoe.privacy_scan.sql import identifier, quoted


def load_public(connection: duckdb.DuckDBPyConnection, database: Path, exports: Path) -> list[Finding]:
    """Every cell of the public tier into `cells` (source, row, column, text, kind); the findings that
    need no value: views and files that are not Parquet tables."""
    connection.execute(
        "create temp table cells (source varchar, row_id bigint, column_name varchar, value varchar, "
        "value_kind varchar)"
    )
    findings: list[Finding] = []
    connection.execute(f"attach {quoted(database)} as public_tier (read_only)")
    objects = connection.execute(
        "select schema_name, table_name, 'table' from duckdb_tables() where database_name = 'public_tier' "
        "union all select schema_name, view_name, 'view' from duckdb_views() "
        "where database_name = 'public_tier' and not internal "
        "union all select schema_name, function_name, 'macro' from duckdb_functions() "
        "where database_name = 'public_tier' and not internal order by all"
    ).fetchall()
    for schema, name, kind in objects:
        where = f"{database.name}: {schema}.{name}"
        if kind != "table":
            findings.append(Finding("view", where, f"a {kind} (the release holds tables only)"))
            continue
        _load_relation(connection, f"public_tier.{identifier(schema)}.{identifier(name)}", where)
    for path in sorted(exports.rglob("*")) if exports.is_dir() else []:
        if path.is_dir():
            continue
        where = f"{exports.name}/{path.relative_to(exports).as_posix()}"
        try:
            _load_relation(connection, f"read_parquet({quoted(path)})", where)
        except duckdb.Error as error:
            findings.append(Finding("unreadable", where, f"not a Parquet table the scan can read ({error})"))
    connection.execute("detach public_tier")
    return findings


def _load_relation(connection: duckdb.DuckDBPyConnection, relation: str, where: str) -> None:
    columns = connection.execute(f"describe select * from {relation}").fetchall()
    connection.execute(
        f"create or replace temp table scanned as select row_number() over () as row_id, * from {relation}"
    )
    for column, column_type, *_ in columns:
        kind = _value_kind(column_type)
        connection.execute(
            f"insert into cells select ?, row_id, ?, cast({identifier(column)} as varchar), ? "
            f"from scanned where {identifier(column)} is not null",
            [where, column, kind],
        )
    connection.execute("drop table scanned")


def _value_kind(column_type: str) -> str:
    upper = column_type.upper()
    if upper.startswith(("DATE", "TIMESTAMP")):
        return "date"
    if (
        upper in ("VARCHAR", "BLOB")
        or upper.startswith(("VARCHAR", "STRUCT", "MAP", "UNION", "JSON"))
        or (upper.endswith("[]"))
    ):
        return "text"  # nested values are read as their text, names and all
    return "other"

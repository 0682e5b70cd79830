"""What the landed extracts say about each child: the contract's personal-data columns, their values,
each with its child's id (the restricted tier's identity links)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from cmoe.contract import FEED_SYSTEM, extract_tables
from cmoe.privacy_scan.sql import NOT_ALNUM, identifier, quoted

PII_TAG = "pii"

# Shorter pieces of names ('Al', 'Jo' are kept; single letters are not) are not compared as words.
MIN_NAME_TOKEN = 2

FULL_NAME = "full_name"


@dataclass(frozen=True)
class IdentifyingColumn:
    """A column of a landed extract that the contract tags as personal data."""

    system: str
    table: str
    column: str
    is_date: bool


def identifying_columns(staging_dir: Path | None = None) -> list[IdentifyingColumn]:
    """The contract's personal-data columns of every extract (tags: [pii] in the sources YAML)."""
    found = []
    tables = extract_tables(staging_dir) if staging_dir else extract_tables()
    for _, source, table in tables:
        for column in table["columns"]:
            config = column.get("config") or {}
            tags = [*(column.get("tags") or []), *(config.get("tags") or [])]
            if PII_TAG not in tags:
                continue
            arrival = (config.get("meta") or {}).get("arrival") or {}
            found.append(
                IdentifyingColumn(
                    source["name"], table["name"], column["name"], arrival.get("type") == "date"
                )
            )
    return found


def load_identifiers(
    connection: duckdb.DuckDBPyConnection,
    landed_root: Path,
    restricted_database: Path,
    columns: list[IdentifyingColumn],
) -> None:
    """`identifiers` (child_id, what, compact value, words) from the landed files' personal-data
    columns; `births` (child_id, date of birth); `child_keys` (key, child_id): every child_id, and
    every landed record's id (`<file>:<line>`), which names its child as well as the id does."""
    _load_child_keys(connection, restricted_database)
    _load_landed_values(connection, landed_root, columns)
    _load_child_values(connection)


def _load_child_keys(connection: duckdb.DuckDBPyConnection, restricted_database: Path) -> None:
    """`links` (record_id, child_id) and `child_keys` from the restricted tier's identity links."""
    connection.execute(f"attach {quoted(restricted_database)} as restricted_tier (read_only)")
    connection.execute(
        "create temp table links as select record_id, child_id from restricted_tier.marts.fct_identity_link"
    )
    connection.execute(
        "create temp table child_keys as select child_id as key, child_id "
        "from restricted_tier.marts.dim_child union select record_id, child_id from links"
    )
    connection.execute("detach restricted_tier")


def _load_landed_values(
    connection: duckdb.DuckDBPyConnection, landed_root: Path, columns: list[IdentifyingColumn]
) -> None:
    """`landed_values` (record_id, what, value, is_date): every personal-data value of the landed files."""
    connection.execute(
        "create temp table landed_values (record_id varchar, what varchar, value varchar, is_date boolean)"
    )
    for (system, table), table_columns in _by_table(columns).items():
        relation = _landed_relation(landed_root, system, table)
        if relation is None:
            continue
        # The feed's marks are linked to children through their registrations, not record by
        # record: its values are compared with the public tier as a whole.
        record = "null" if system == FEED_SYSTEM else "concat(source_file, ':', source_line)"
        for column in table_columns:
            value = f"trim(cast({identifier(column.column)} as varchar))"
            connection.execute(
                f"insert into landed_values select distinct {record}, ?, {value}, ? from {relation} "
                f"where nullif({value}, '') is not null",
                [f"{table}.{column.column}", column.is_date],
            )
        _add_full_names(connection, relation, table, [column.column for column in table_columns])


def _load_child_values(connection: duckdb.DuckDBPyConnection) -> None:
    """`identifiers`, `births` and `name_words`: the landed values, each with its child's id."""
    compact = f"regexp_replace(upper(value), '{NOT_ALNUM}', '', 'g')"
    connection.execute(
        f"""
        create temp table identifiers as
        select distinct links.child_id, landed.what, {compact} as compact, upper(landed.value) as value
        from landed_values as landed
        left join links on landed.record_id = links.record_id
        where not landed.is_date and length({compact}) >= {MIN_NAME_TOKEN}
        """
    )
    connection.execute(
        """
        create temp table births as
        select distinct links.child_id, landed.value as written,
            coalesce(
                try_strptime(landed.value, '%d/%m/%Y'), try_strptime(landed.value, '%Y-%m-%d')
            )::date as birth_date
        from landed_values as landed
        left join links on landed.record_id = links.record_id
        where landed.is_date
        """
    )
    connection.execute(
        f"""
        create temp table name_words as
        select distinct child_id, word
        from (
            select child_id, unnest(regexp_split_to_array(value, '{NOT_ALNUM}+')) as word
            from identifiers where child_id is not null
        )
        where length(word) >= {MIN_NAME_TOKEN} and regexp_full_match(word, '\\p{{L}}+')
        """
    )


def _by_table(columns: list[IdentifyingColumn]) -> dict[tuple[str, str], list[IdentifyingColumn]]:
    grouped: dict[tuple[str, str], list[IdentifyingColumn]] = {}
    for column in columns:
        grouped.setdefault((column.system, column.table), []).append(column)
    return grouped


def _landed_relation(landed_root: Path, system: str, table: str) -> str | None:
    """The landed copies of an extract as a relation: the registers' canonical CSV files (UTF-8,
    text), the feed's Parquet partitions."""
    if system == FEED_SYSTEM:
        files = sorted((landed_root / system).rglob(f"{table}_*.parquet"))
        return (
            f"read_parquet({quoted(str(landed_root / system) + '/**/*.parquet')}, union_by_name = true)"
            if files
            else None
        )
    files = sorted((landed_root / system).glob(f"{table}_*.csv"))
    if not files:
        return None
    pattern = quoted(str(landed_root / system / f"{table}_*.csv"))
    return f"read_csv({pattern}, header = true, all_varchar = true, delim = ',', quote = '\"', escape = '\"')"


def _add_full_names(
    connection: duckdb.DuckDBPyConnection, relation: str, table: str, columns: list[str]
) -> None:
    """A register's forename and surname together, both ways round: a full name is a name too."""
    by_role = {
        role: next((c for c in columns if role in c.lower()), None) for role in ("forename", "surname")
    }
    forename, surname = by_role["forename"], by_role["surname"]
    if not forename or not surname:
        return
    for first, second in ((forename, surname), (surname, forename)):
        connection.execute(
            f"insert into landed_values select concat(source_file, ':', source_line), ?, "
            f"concat_ws(' ', {identifier(first)}, {identifier(second)}), false from {relation} "
            f"where {identifier(first)} is not null and {identifier(second)} is not null",
            [f"{table}.{FULL_NAME}"],
        )

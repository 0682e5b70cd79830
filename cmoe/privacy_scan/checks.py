"""The checks: an identifier anywhere in the public tier, and a child's id beside anything of that child's."""

from __future__ import annotations

import duckdb

from cmoe.privacy_scan.findings import Finding
from cmoe.privacy_scan.landed import FULL_NAME
from cmoe.privacy_scan.sql import NOT_ALNUM

# A value shared by this many rows of the public tier or fewer is followed to the rows that share it.
JOIN_VALUE_MAX_ROWS = 20


def identifiers_anywhere(connection: duckdb.DuckDBPyConnection) -> list[Finding]:
    """A text value that is any child's name, UPN, postcode, address or person id, or a date of birth
    written as the extracts write it."""
    rows = connection.execute(
        f"""
        with public_text as (
            select distinct source, column_name, value,
                regexp_replace(upper(value), '{NOT_ALNUM}', '', 'g') as compact
            from cells where value_kind = 'text'
        ),
        matched as (
            select public_text.source, public_text.column_name, public_text.value,
                min(identifiers.what) as what
            from public_text
            inner join identifiers on public_text.compact = identifiers.compact
            where identifiers.what like '%.{FULL_NAME}'
                or public_text.compact not in (select compact from vocabulary)
            group by all
            union all
            select public_text.source, public_text.column_name, public_text.value, 'a date of birth'
            from public_text
            inner join (select distinct written from births) as written_births
                on trim(public_text.value) = written_births.written
        )
        select source, column_name, count(*) as values_found, min(value) as example, min(what) as what
        from matched group by all order by all
        """
    ).fetchall()
    return [
        Finding(
            "identifier",
            f"{source}.{column}",
            f"{count} value(s) equal to a child's {what} in the landed extracts, e.g. {example!r}",
        )
        for source, column, count, example, what in rows
    ]


def joined_to_a_child(connection: duckdb.DuckDBPyConnection) -> list[Finding]:
    """A row naming a child by id that holds, or joins to a row that holds, that child's name (or a
    word of it), UPN, postcode, person id or date of birth."""
    _load_reached(connection)
    rows = connection.execute(_FOUND_BESIDE_A_CHILD).fetchall()
    return [
        Finding(
            "joined",
            f"{from_source}.{id_column}"
            + (f" -> {source}.{column}" if source != from_source else f" + {column}"),
            f"the child's id joins to {what} for {children} child(ren), e.g. {child}",
        )
        for from_source, id_column, source, column, children, child, what in rows
    ]


def _load_reached(connection: duckdb.DuckDBPyConnection) -> None:
    """`child_rows` (the rows naming a child by id) and `reached`: the rows each child's rows reach."""
    connection.execute(
        """
        create temp table child_rows as
        select distinct cells.source, cells.row_id, child_keys.child_id, cells.column_name as id_column
        from cells inner join child_keys on cells.value = child_keys.key
        where cells.value_kind = 'text'
        """
    )
    connection.execute(
        f"""
        create temp table shared_values as
        select value from cells where value_kind = 'text'
        group by value having count(distinct (source, row_id)) <= {JOIN_VALUE_MAX_ROWS}
        """
    )
    # The rows each child's rows reach: themselves, and those sharing a rare value with them.
    connection.execute(
        """
        create temp table reached as
        select child_rows.child_id, child_rows.source as from_source, child_rows.id_column,
            child_rows.source, child_rows.row_id
        from child_rows
        union
        select child_rows.child_id, child_rows.source, child_rows.id_column, other.source, other.row_id
        from child_rows
        inner join cells as own
            on child_rows.source = own.source and child_rows.row_id = own.row_id
        inner join shared_values on own.value = shared_values.value
        inner join cells as other on own.value = other.value
        where own.value_kind = 'text' and other.value_kind = 'text'
            and own.value not in (select key from child_keys)
        """
    )


# The cells each child's reached rows hold that are the child's: a word of its name, an identifier,
# its date of birth; counted by where the id is and where the value is.
_FOUND_BESIDE_A_CHILD = f"""
        with reached_cells as (
            select reached.child_id, reached.from_source, reached.id_column, cells.source,
                cells.column_name, cells.value, cells.value_kind
            from reached
            inner join cells on reached.source = cells.source and reached.row_id = cells.row_id
        ),
        words as (
            select child_id, from_source, id_column, source, column_name, value,
                unnest(regexp_split_to_array(upper(value), '{NOT_ALNUM}+')) as word
            from reached_cells
            where value_kind = 'text'
                and regexp_replace(upper(value), '{NOT_ALNUM}', '', 'g')
                    not in (select compact from vocabulary)
        ),
        found as (
            select words.*, 'a word of the child''s name' as what
            from words
            inner join name_words
                on words.child_id = name_words.child_id and words.word = name_words.word
            where words.word not in (select word from file_words)
            union all
            select reached_cells.child_id, reached_cells.from_source, reached_cells.id_column,
                reached_cells.source, reached_cells.column_name, reached_cells.value, null,
                concat('the child''s ', identifiers.what)
            from reached_cells
            inner join identifiers
                on reached_cells.child_id = identifiers.child_id
                and regexp_replace(upper(reached_cells.value), '{NOT_ALNUM}', '', 'g') = identifiers.compact
            where reached_cells.value_kind = 'text'
            union all
            select reached_cells.child_id, reached_cells.from_source, reached_cells.id_column,
                reached_cells.source, reached_cells.column_name, reached_cells.value, null,
                'the child''s date of birth'
            from reached_cells
            inner join births
                on reached_cells.child_id = births.child_id
                and births.birth_date = case
                    when value_kind = 'date' then try_cast(try_cast(value as timestamp) as date)
                    when value_kind = 'text' then coalesce(
                        try_strptime(trim(value), '%Y-%m-%d'), try_strptime(trim(value), '%d/%m/%Y')
                    )::date
                end
        )
        select from_source, id_column, source, column_name, count(distinct child_id) as children,
            min(child_id) as example_child, min(what) as what
        from found group by all order by all
        """

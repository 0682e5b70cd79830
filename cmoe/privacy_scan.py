"""The privacy scan of a release's public tier: no value that identifies a child.

It reads every file of the public tier (the database, every table and
column of every schema, and every file of the exports folder) and compares
each value with what the landed extracts hold. The identifying values are
taken from the landed files' contents: each landed register (and the
attendance feed) is read, and its columns that the contract (the sources
YAML) tags `pii` give the values: names, UPNs, postcodes, addresses, the LA
systems' person ids and dates of birth. No column name of the public tier is
trusted: a value is found wherever it is.

What is a finding:

- **identifier**: a text value that is, once case, spaces and punctuation
  are set aside, any child's forename, surname, full name, UPN, postcode,
  address line or person id, or a date of birth as the extracts write it
  (dd/mm/yyyy).
- **joined**: a row that names a child by the pseudonymous id (a value equal
  to a child_id the restricted tier knows, or to a landed record's id,
  `<file>:<line>`, which it links to a child) and that holds, itself or in a row
  it joins to through a rarer shared value (a case reference, a record id),
  anything of that child's: a name or a part of one as a word in a text, a
  UPN, a postcode, a person id, or the exact date of birth, of any type and
  in any common format.
- **view**: a view or a macro: the release holds tables only, nothing that
  could read outside it.
- **unreadable**: a file of the exports folder the scan cannot read as
  Parquet.

A value the project holds itself (a cell of a seed or of DfE's published
files, a string in a model's or macro's SQL: 'summer', 'Current', a school's
name or postcode, an LA's name) is the warehouse's own word, not a child's:
it is no finding when it equals some child's forename, surname or postcode,
and its words are not read as names beside a child's id (nor are the words
of the landed files' names, 'pupil_roll_20221006.csv:12'). A full name is
always a finding, and so is any other text beside a child's id that holds a
word of the child's name.

Dates of birth are matched per child, not against every child: in an LA of
68,000 pupils every day of fifteen years is someone's birthday, so the day
a reason began or a report's as-at date equals some child's date of birth
by chance; a date identifies beside the child it belongs to.

The restricted tier is read for one thing: its identity links
(`marts.fct_identity_link`: each landed record's child_id), to put each
landed value with the pseudonymous id of its child.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from cmoe.contract import FEED_SYSTEM, extract_tables
from cmoe.paths import PROJECT_DIR
from cmoe.publish import PUBLIC, RESTRICTED

PII_TAG = "pii"
# A value shared by this many rows of the public tier or fewer is followed to the rows that share it.
JOIN_VALUE_MAX_ROWS = 20
# Shorter pieces of names ('Al', 'Jo' are kept; single letters are not) are not compared as words.
MIN_NAME_TOKEN = 2
FINDINGS_SHOWN = 20
_NOT_ALNUM = r"[^\p{L}\p{N}]"
_SQL_STRING = re.compile(r"'((?:[^']|'')*)'")
# Where the project's own words are: its reference seeds, and the SQL of its models and macros.
# Never seeds/extracts/: the registers landed there are the children's data the scan looks for.
VOCABULARY_CSV = ("seeds/reference/*.csv",)
VOCABULARY_SQL = ("models/**/*.sql", "macros/**/*.sql")
FULL_NAME = "full_name"


@dataclass(frozen=True)
class Finding:
    """Something in the public tier that identifies a child, or could read outside the release."""

    kind: str  # identifier, joined, view, unreadable
    where: str  # the file, and the table and column
    detail: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.where}: {self.detail}"


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


def scan_release(release: Path, landed_root: Path, staging_dir: Path | None = None) -> list[Finding]:
    """Scan a release folder's public tier (cmoe.duckdb and exports/) against the landed extracts;
    the restricted tier beside it (restricted.duckdb) gives the children's ids."""
    return scan(
        release / PUBLIC.database,
        release / PUBLIC.exports,
        release / RESTRICTED.database,
        landed_root,
        staging_dir,
    )


def scan(
    public_database: Path,
    public_exports: Path,
    restricted_database: Path,
    landed_root: Path,
    staging_dir: Path | None = None,
) -> list[Finding]:
    """Every finding in the public tier's database and exports folder (empty when it is clean)."""
    with duckdb.connect() as connection:
        connection.execute("set preserve_insertion_order = false")
        findings = _load_public(connection, public_database, public_exports)
        _load_identifiers(connection, landed_root, restricted_database, identifying_columns(staging_dir))
        _load_vocabulary(connection, project_vocabulary(PROJECT_DIR, landed_root))
        findings += _identifiers_anywhere(connection)
        findings += _joined_to_a_child(connection)
    return findings


def describe(findings: list[Finding]) -> str:
    """The findings as lines, the first few in full."""
    lines = [str(finding) for finding in findings[:FINDINGS_SHOWN]]
    if len(findings) > FINDINGS_SHOWN:
        lines.append(f"... and {len(findings) - FINDINGS_SHOWN} more")
    return "\n".join(lines)


# --- The public tier, cell by cell ------------------------------------------------------------------


def _load_public(connection: duckdb.DuckDBPyConnection, database: Path, exports: Path) -> list[Finding]:
    """Every cell of the public tier into `cells` (source, row, column, text, kind); the findings that
    need no value: views and files that are not Parquet tables."""
    connection.execute(
        "create temp table cells (source varchar, row_id bigint, column_name varchar, value varchar, "
        "value_kind varchar)"
    )
    findings: list[Finding] = []
    connection.execute(f"attach {_quoted(database)} as public_tier (read_only)")
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
        _load_relation(connection, f"public_tier.{_identifier(schema)}.{_identifier(name)}", where)
    for path in sorted(exports.rglob("*")) if exports.is_dir() else []:
        if path.is_dir():
            continue
        where = f"{exports.name}/{path.relative_to(exports).as_posix()}"
        try:
            _load_relation(connection, f"read_parquet({_quoted(path)})", where)
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
            f"insert into cells select ?, row_id, ?, cast({_identifier(column)} as varchar), ? "
            f"from scanned where {_identifier(column)} is not null",
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


# --- What the landed extracts say about each child --------------------------------------------------


def _load_identifiers(
    connection: duckdb.DuckDBPyConnection,
    landed_root: Path,
    restricted_database: Path,
    columns: list[IdentifyingColumn],
) -> None:
    """`identifiers` (child_id, what, compact value, words) from the landed files' personal-data
    columns; `births` (child_id, date of birth); `child_keys` (key, child_id): every child_id, and
    every landed record's id (`<file>:<line>`), which names its child as well as the id does."""
    connection.execute(f"attach {_quoted(restricted_database)} as restricted_tier (read_only)")
    connection.execute(
        "create temp table links as select record_id, child_id from restricted_tier.marts.fct_identity_link"
    )
    connection.execute(
        "create temp table child_keys as select child_id as key, child_id "
        "from restricted_tier.marts.dim_child union select record_id, child_id from links"
    )
    connection.execute("detach restricted_tier")
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
            value = f"trim(cast({_identifier(column.column)} as varchar))"
            connection.execute(
                f"insert into landed_values select distinct {record}, ?, {value}, ? from {relation} "
                f"where nullif({value}, '') is not null",
                [f"{table}.{column.column}", column.is_date],
            )
        _add_full_names(connection, relation, table, [column.column for column in table_columns])
    compact = f"regexp_replace(upper(value), '{_NOT_ALNUM}', '', 'g')"
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
            select child_id, unnest(regexp_split_to_array(value, '{_NOT_ALNUM}+')) as word
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
            f"read_parquet({_quoted(str(landed_root / system) + '/**/*.parquet')}, union_by_name = true)"
            if files
            else None
        )
    files = sorted((landed_root / system).glob(f"{table}_*.csv"))
    if not files:
        return None
    pattern = _quoted(str(landed_root / system / f"{table}_*.csv"))
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
            f"concat_ws(' ', {_identifier(first)}, {_identifier(second)}), false from {relation} "
            f"where {_identifier(first)} is not null and {_identifier(second)} is not null",
            [f"{table}.{FULL_NAME}"],
        )


def project_vocabulary(project_dir: Path, landed_root: Path) -> set[str]:
    """The values the project holds itself: every cell of its seeds and of the landed DfE statistics
    (landed_root/benchmarks), every string in the SQL of its models and macros, every extract's name."""
    values: set[str] = set()
    files = [path for pattern in VOCABULARY_CSV for path in project_dir.glob(pattern)]
    files += sorted((landed_root / "benchmarks").glob("*.csv"))
    for path in files:
        with path.open(newline="", encoding="utf-8") as handle:
            for row in csv.reader(handle):
                values.update(cell.strip() for cell in row)
    for pattern in VOCABULARY_SQL:
        for path in project_dir.glob(pattern):
            values.update(match.replace("''", "'") for match in _SQL_STRING.findall(path.read_text("utf-8")))
    values.discard("")
    return values


def _load_vocabulary(connection: duckdb.DuckDBPyConnection, values: set[str]) -> None:
    """`vocabulary` (compact value) of the project's own values; `file_words` (word), the words of
    the landed files' names (record ids are `<file>:<line>`)."""
    connection.register("vocabulary_values", pa.table({"value": sorted(values)}))
    connection.execute(
        f"""
        create temp table vocabulary as
        select distinct regexp_replace(upper(value), '{_NOT_ALNUM}', '', 'g') as compact
        from vocabulary_values
        """
    )
    connection.unregister("vocabulary_values")
    names = sorted({table["name"] for _, _, table in extract_tables()})
    words = {word.upper() for name in names for word in re.split(r"[^A-Za-z0-9]+", name)} | {"CSV", "PARQUET"}
    connection.register("file_word_values", pa.table({"word": sorted(words)}))
    connection.execute("create temp table file_words as select * from file_word_values")
    connection.unregister("file_word_values")


# --- The checks --------------------------------------------------------------------------------------


def _identifiers_anywhere(connection: duckdb.DuckDBPyConnection) -> list[Finding]:
    """A text value that is any child's name, UPN, postcode, address or person id, or a date of birth
    written as the extracts write it."""
    rows = connection.execute(
        f"""
        with public_text as (
            select distinct source, column_name, value,
                regexp_replace(upper(value), '{_NOT_ALNUM}', '', 'g') as compact
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


def _joined_to_a_child(connection: duckdb.DuckDBPyConnection) -> list[Finding]:
    """A row naming a child by id that holds, or joins to a row that holds, that child's name (or a
    word of it), UPN, postcode, person id or date of birth."""
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
    rows = connection.execute(
        f"""
        with reached_cells as (
            select reached.child_id, reached.from_source, reached.id_column, cells.source,
                cells.column_name, cells.value, cells.value_kind
            from reached
            inner join cells on reached.source = cells.source and reached.row_id = cells.row_id
        ),
        words as (
            select child_id, from_source, id_column, source, column_name, value,
                unnest(regexp_split_to_array(upper(value), '{_NOT_ALNUM}+')) as word
            from reached_cells
            where value_kind = 'text'
                and regexp_replace(upper(value), '{_NOT_ALNUM}', '', 'g')
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
                and regexp_replace(upper(reached_cells.value), '{_NOT_ALNUM}', '', 'g') = identifiers.compact
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
    ).fetchall()
    return [
        Finding(
            "joined",
            f"{from_source}.{id_column}"
            + (f" -> {source}.{column}" if source != from_source else f" + {column}"),
            f"the child's id joins to {what} for {children} child(ren), e.g. {child}",
        )
        for from_source, id_column, source, column, children, child, what in rows
    ]


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _quoted(text: str | Path) -> str:
    return "'" + str(text).replace("'", "''") + "'"

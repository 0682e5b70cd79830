"""The project's own words (its seeds, DfE's statistics, the strings of its SQL, its extracts' names):
no finding when a child's name or postcode equals one."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import duckdb
import pyarrow as pa

from cmoe.contract import extract_tables
from cmoe.privacy_scan.sql import NOT_ALNUM

_SQL_STRING = re.compile(r"'((?:[^']|'')*)'")

# Where the project's own words are: its reference seeds, and the SQL of its models and macros.
# Never seeds/extracts/: the registers landed there are the children's data the scan looks for.
VOCABULARY_CSV = ("seeds/reference/*.csv",)

VOCABULARY_SQL = ("models/**/*.sql", "macros/**/*.sql")


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


def load_vocabulary(connection: duckdb.DuckDBPyConnection, values: set[str]) -> None:
    """`vocabulary` (compact value) of the project's own values; `file_words` (word), the words of
    the landed files' names (record ids are `<file>:<line>`)."""
    connection.register("vocabulary_values", pa.table({"value": sorted(values)}))
    connection.execute(
        f"""
        create temp table vocabulary as
        select distinct regexp_replace(upper(value), '{NOT_ALNUM}', '', 'g') as compact
        from vocabulary_values
        """
    )
    connection.unregister("vocabulary_values")
    names = sorted({table["name"] for _, _, table in extract_tables()})
    words = {word.upper() for name in names for word in re.split(r"[^A-Za-z0-9]+", name)} | {"CSV", "PARQUET"}
    connection.register("file_word_values", pa.table({"word": sorted(words)}))
    connection.execute("create temp table file_words as select * from file_word_values")
    connection.unregister("file_word_values")

"""What in a model's SQL would not run alike on DuckDB and Spark (tests/lint/test_portable_sql.py).

A model may call a SQL function only if it is on PORTABLE_FUNCTIONS (the functions both engines
have, with the same meaning); anything else goes through a macro (`{{ ... }}`), which dispatches by
engine (`adapter.dispatch`: `default__`, `duckdb__`, `spark__`) or is one of dbt's cross-database
macros (dbt.dateadd, dbt.type_string ...). The SQL is read with the Jinja, comments and string
literals taken out, so that a macro's arguments and a regular expression are not read as calls.
A few constructs are not functions but differ all the same (UNPORTABLE_SYNTAX).
"""

from __future__ import annotations

import re
from pathlib import Path

MODELS_DIR = Path(__file__).resolve().parents[1] / "models"

# On DuckDB and Spark alike (Spark 3.4+), with the same meaning.
PORTABLE_FUNCTIONS = frozenset(
    {
        # types and nulls
        "cast", "try_cast", "coalesce", "nullif", "decimal",
        # text
        "concat", "concat_ws", "lower", "upper", "trim", "length", "lpad", "rpad", "substr",
        "replace", "split_part", "md5",
        # numbers
        "round", "floor", "ceil", "abs", "greatest", "least",
        # dates
        "extract", "year", "month", "day",
        # aggregates
        "count", "sum", "min", "max", "avg", "bool_or", "bool_and", "max_by", "min_by",
        # windows
        "row_number", "rank", "dense_rank", "lag", "lead", "nth_value", "first_value", "last_value",
        # regexp_extract: with its group index (see test_regexp_extract_names_its_group)
        "regexp_extract",
        # table function range(start, stop): a column per value on both engines
        "range",
    }
)  # fmt: skip
# Words followed by a parenthesis that are SQL, not calls.
KEYWORDS = frozenset(
    {
        "and", "or", "not", "in", "exists", "as", "over", "filter", "within", "from", "join", "on",
        "using", "values", "when", "then", "else", "select", "where", "left", "right", "inner", "cross",
        "exclude", "except",
    }
)  # fmt: skip
# DuckDB's spelling where Spark's differs: text types without a length, `* exclude`, `//`, `::`.
UNPORTABLE_SYNTAX = {
    "varchar without a length (use dbt.type_string())": re.compile(r"\bvarchar\b(?!\s*\()", re.I),
    "* exclude (use star_except())": re.compile(r"\*\s*exclude\b", re.I),
    "// integer division (use integer_divide())": re.compile(r"//"),
    ":: cast (use cast())": re.compile(r"::"),
}

_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_COMMENT = re.compile(r"--[^\n]*")
_STRING = re.compile(r"'(?:[^']|'')*'")
_CALL = re.compile(r"\b([A-Za-z_][A-Za-z0-9_]*)\s*\(")
_ALIAS = re.compile(r"\bas\s+$", re.I)  # `as name (columns)`: a CTE's or a table's column list


def plain_sql(text: str) -> str:
    """A model's SQL without its Jinja, comments and string literals (each literal left as '')."""
    return _STRING.sub("''", _COMMENT.sub(" ", _JINJA.sub(" ", text)))


def called_functions(sql: str) -> set[str]:
    """The names called in plain SQL, less keywords and names given to a column list."""
    names = set()
    for call in _CALL.finditer(sql):
        name = call.group(1).lower()
        if name in KEYWORDS or _ALIAS.search(sql[max(0, call.start() - 10) : call.start()]):
            continue
        names.add(name)
    return names


def problems(text: str) -> set[str]:
    """What in a model's SQL would not run alike on DuckDB and Spark."""
    sql = plain_sql(text)
    found = {name for name in called_functions(sql) if name not in PORTABLE_FUNCTIONS}
    return found | {what for what, pattern in UNPORTABLE_SYNTAX.items() if pattern.search(sql)}


def model_problems() -> set[tuple[str, str]]:
    return {
        (path.name, problem)
        for path in sorted(MODELS_DIR.rglob("*.sql"))
        for problem in problems(path.read_text(encoding="utf-8"))
    }

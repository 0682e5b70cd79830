"""The models' SQL runs on DuckDB and on Spark: no engine's own function outside a dispatched macro.

The rules (the portable functions, the constructs that differ) are in
tests/portable_sql.py, which tests/pipeline/test_spark.py reads too.
"""

from __future__ import annotations

import re

import pytest
from portable_sql import MODELS_DIR, model_problems, plain_sql, problems


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("select coalesce(a, b), count(*) from t", set()),
        ("select strftime(d, '%Y') from t", {"strftime"}),
        ("select {{ strip_accents('name') }} from t", set()),
        ("select a -- list(a) in a comment\nfrom t", set()),
        ("select 'damerau_levenshtein(a, b)' as text from t", set()),
        ("with x as (select 1) select * from x as y (a)", set()),
        ("select a, list(b) from t group by a", {"list"}),
        ("select cast(a as varchar) from t", {"varchar without a length (use dbt.type_string())"}),
        ("select cast(a as varchar(20)) from t", set()),
        ("select * exclude (a) from t", {"* exclude (use star_except())"}),
        ("select a // 2 from t", {"// integer division (use integer_divide())"}),
    ],
)
def test_rule(sql: str, expected: set[str]) -> None:
    assert problems(sql) == expected


def test_models_call_portable_functions_only() -> None:
    found = sorted(model_problems())
    assert not found, (
        "engine-specific SQL in a model (call a dispatched macro, or add a function both DuckDB "
        f"and Spark have to PORTABLE_FUNCTIONS): {found}"
    )


def test_regexp_extract_names_its_group() -> None:
    """regexp_extract(text, pattern) is group 0 on DuckDB and group 1 on Spark: name the group."""
    two_arguments = re.compile(r"\bregexp_extract\s*\(\s*[^,()]+(?:\([^()]*\))?[^,()]*,\s*''\s*\)", re.I)
    unnamed = [
        path.name
        for path in sorted(MODELS_DIR.rglob("*.sql"))
        if two_arguments.search(plain_sql(path.read_text(encoding="utf-8")))
    ]
    assert not unnamed, f"regexp_extract without its group index in {unnamed}"

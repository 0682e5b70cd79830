"""Testing rules: primary keys, freshness and test coverage (the evaluator's "testing" category)."""

from __future__ import annotations

from evaluator.project import (
    NOT_NULL_COMBINATION_TESTS,
    NOT_NULL_TESTS,
    TEST_COVERAGE_TARGET,
    UNIQUE_COMBINATION_TESTS,
    UNIQUE_TESTS,
    Node,
    Project,
    below_target,
    violation,
)
from evaluator.registry import rule


def primary_keys_tested(project: Project, model: Node) -> list[frozenset[str]]:
    """Column sets proved unique (unique, unique_combination_of_columns) whose every column is
    proved not null (not_null, not_null_combination, or a not-null constraint of an enforced contract)."""
    tests = [t for t in project.tests_of(model) if t.attached_node == model.unique_id]
    unique_keys = [
        frozenset(t.test_columns) for t in tests if t.test_name in UNIQUE_TESTS | UNIQUE_COMBINATION_TESTS
    ]
    not_null = {
        c for t in tests if t.test_name in NOT_NULL_TESTS | NOT_NULL_COMBINATION_TESTS for c in t.test_columns
    }
    if model.contract_enforced:
        not_null |= {c.name.lower() for c in model.columns if c.has_not_null_constraint}
    return [key for key in unique_keys if key and key <= not_null]


@rule("fct_missing_primary_key_tests", "testing")
def missing_primary_key_tests(project: Project) -> list[str]:
    """A model without a tested primary key [fct_missing_primary_key_tests].

    Accepted: unique + not_null on one column; the project's generic tests
    unique_combination_of_columns + not_null_combination on the same columns;
    or a unique test plus a not-null constraint of an enforced contract.

    Why: Without a tested key, a duplicate row silently doubles every count downstream.
    How to fix: Declare unique + not_null on the key column (or unique_combination_of_columns +
    not_null_combination on the key columns).
    """
    return [
        violation(model, "no primary-key test (unique + not_null, or the combination pair, on one key)")
        for model in project.models
        if not primary_keys_tested(project, model)
    ]


@rule("fct_sources_without_freshness", "testing")
def sources_without_freshness(project: Project) -> list[str]:
    """A source table without freshness [fct_sources_without_freshness].

    Freshness: warn_after or error_after with a count, and a loaded_at_field (or
    loaded_at_query), its own or inherited from the source (dbt resolves both).

    Why: A source without freshness can go stale unnoticed: the reports keep the last figures as
    if they were current.
    How to fix: Give the source table a loaded_at_field (or loaded_at_query) and warn_after /
    error_after.
    """
    return [
        violation(source, "no freshness: needs warn_after or error_after and a loaded_at_field")
        for source in project.sources
        if not source.has_freshness
    ]


@rule("fct_test_coverage", "testing")
def test_coverage(project: Project) -> list[str]:
    """Share of models with at least one data test, below TEST_COVERAGE_TARGET (100%) [fct_test_coverage].

    Why: A model with no test can break without any run failing.
    How to fix: Add at least its primary-key tests in its folder's _<dir>__models.yml.
    """
    return below_target(
        project,
        lambda m: bool(project.tests_of(m)),
        TEST_COVERAGE_TARGET,
        "has no data test",
        "test coverage",
    )

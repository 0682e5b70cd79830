"""dbt-score rules for what this project promises beyond dbt-score's own rules.

Loaded by dbt-score through `rule_namespaces` in pyproject.toml
(`[tool.dbt-score]`); configured there like the built-in rules.

(No `from __future__ import annotations` here: dbt-score reads the type of
each rule's argument at run time to know what the rule applies to.)
"""

from dbt_score import Model, RuleViolation, Severity, rule

# Column names that hold personal data wherever they appear. `postcode` is not
# here: a school's postcode is an address, not personal data.
PERSONAL_DATA_COLUMNS = (
    "forename",
    "surname",
    "date_of_birth",
    "upn",
    "education_person_id",
    "social_care_person_id",
)


def _not_null_columns(model: Model) -> set[str]:
    """Columns a test, or a constraint of an enforced contract (dbt ignores it otherwise), keeps free
    of nulls."""
    enforced = bool((model.config.get("contract") or {}).get("enforced"))
    columns = {
        column.name
        for column in model.columns
        if any(test.type == "not_null" for test in column.tests)
        or (enforced and any(constraint.type == "not_null" for constraint in column.constraints))
    }
    for test in model.tests:
        if test.type == "not_null_combination":
            columns.update(test.kwargs.get("combination_of_columns", []))
    return columns


@rule(severity=Severity.HIGH)
def has_primary_key_test(model: Model) -> RuleViolation | None:
    """A model has a tested primary key: unique and not null, on one column or a combination.

    dbt-score's has_uniqueness_test only looks at declared primary-key
    constraints; the project's models declare their key with tests instead
    (`unique` + `not_null`, or `unique_combination_of_columns` +
    `not_null_combination`; the attendance feed's view, whose rows the file
    reader numbers, `sequential_line_numbers`).
    """
    not_null = _not_null_columns(model)
    for column in model.columns:
        if column.name in not_null and any(test.type == "unique" for test in column.tests):
            return None
    for test in model.tests:
        if test.type == "unique_combination_of_columns":
            key = set(test.kwargs.get("combination_of_columns", []))
        elif test.type == "sequential_line_numbers":
            # Rows numbered by the file reader: (file, line) is the key.
            key = {test.kwargs.get("file_column"), test.kwargs.get("line_column")} - {None}
        else:
            continue
        if key and key <= not_null:
            return None
    return RuleViolation("No primary-key test: unique and not null on one column or a combination.")


@rule
def personal_data_columns_are_tagged(
    model: Model, personal_data_columns: tuple[str, ...] = PERSONAL_DATA_COLUMNS
) -> RuleViolation | None:
    """Columns holding personal data (names, date of birth, UPN, the LA's person ids) are tagged `pii`."""
    untagged = [
        column.name
        for column in model.columns
        if column.name in personal_data_columns and "pii" not in column.tags
    ]
    if untagged:
        return RuleViolation(f"Personal-data columns not tagged pii: {', '.join(untagged)}.")
    return None


@rule
def pii_model_has_governance_note(model: Model) -> RuleViolation | None:
    """A model with columns tagged `pii` says how its personal data is governed.

    The note is `meta.information_governance` (who may see the model and
    where its personal data goes).
    """
    if any("pii" in column.tags for column in model.columns) and not model.meta.get("information_governance"):
        return RuleViolation("Columns tagged pii but no meta.information_governance note.")
    return None

"""Each evaluator rule, shown to fail on a hand-made manifest with exactly its fault.

Every case starts from `clean_manifest()` (which breaks no rule), checks the rule
passes on it, adds one fault, and checks the rule names the offending node.
Boundary cases check that what the rule allows (thresholds, allow-lists,
alternative primary keys, references inside Jinja or comments) is not reported.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from evaluator import (
    ALL_RULES,
    RULES,
    Rule,
    documentation,
    evaluator_name,
    governance,
    modelling,
    performance,
    structure,
    testing,
)
from evaluator.project import ROOT_MODEL_ALLOW_LIST
from evaluator_fixtures import ManifestBuilder, clean_manifest, model_id, seed_id, source_id

Change = Callable[[ManifestBuilder], None]

STAGING = "models/staging/crm"
INTERMEDIATE = "models/intermediate/orders"
CORE = "models/marts/core"
REPORTING = "models/marts/reporting"

CUSTOMERS_SOURCE = source_id("crm", "customers")
ORDERS_SOURCE = source_id("crm", "orders")
STG_CUSTOMERS = model_id("stg_crm__customers")
STG_ORDERS = model_id("stg_crm__orders")
ENRICHED = model_id("int_orders_enriched")
DIM_CUSTOMER = model_id("dim_customer")
FCT_ORDER = model_id("fct_order")
SUMMARY = model_id("rpt_order_summary")


@dataclass(frozen=True)
class Case:
    """A change to the clean manifest and the node the rule must (or must not) report."""

    rule: Rule
    name: str
    change: Change
    offender: str = ""

    @property
    def id(self) -> str:
        return f"{evaluator_name(self.rule)}-{self.name}"


# --- Changes: faults ---------------------------------------------------------------------------------


def with_sql(model: str, sql: str) -> Change:
    def change(builder: ManifestBuilder) -> None:
        builder.node(model)["raw_code"] = sql

    return change


def with_field(unique_id: str, key: str, value: object) -> Change:
    def change(builder: ManifestBuilder) -> None:
        builder.node(unique_id)[key] = value

    return change


def marts_model_on_new_source(folder: str, name: str) -> Change:
    def change(builder: ManifestBuilder) -> None:
        builder.add_model(name, folder, [builder.add_source("crm", "payments")])

    return change


def twin_source_by_identifier(builder: ManifestBuilder) -> None:
    builder.add_source("crm", "customers_raw", identifier="customers")


def twin_source_by_external_location(builder: ManifestBuilder) -> None:
    builder.node(ORDERS_SOURCE)["meta"] = {"external_location": "read_csv('landing/orders_*.csv')"}
    builder.add_source("legacy", "orders", external_location="read_csv('landing/{name}_*.csv')")


def leaf_children(count: int) -> Change:
    def change(builder: ManifestBuilder) -> None:
        for i in range(count):
            builder.add_model(f"rpt_order_report_{i}", REPORTING, [FCT_ORDER])

    return change


def staging_reads_two_sources(builder: ManifestBuilder) -> None:
    builder.add_parent(STG_CUSTOMERS, ORDERS_SOURCE)


def in_between_model(other_child: bool) -> Change:
    """stg_crm__orders -> int_orders_filtered -> int_orders_enriched, and stg_crm__orders -> the same.

    With `other_child`, int_orders_filtered is also read by another model.
    """

    def change(builder: ManifestBuilder) -> None:
        filtered = builder.add_model("int_orders_filtered", INTERMEDIATE, [STG_ORDERS])
        builder.add_parent(ENRICHED, filtered)
        if other_child:
            builder.add_model("fct_filtered_order", CORE, [filtered])

    return change


def parentless_model(builder: ManifestBuilder) -> None:
    builder.add_model("dim_date", CORE, [], sql="select current_date as date_day")


def second_model_on_source(builder: ManifestBuilder) -> None:
    builder.add_model("stg_crm__orders_latest", STAGING, [ORDERS_SOURCE], materialized="view")


def staging_on_marts(builder: ManifestBuilder) -> None:
    builder.add_model("stg_crm__order_totals", STAGING, [FCT_ORDER], materialized="view")


def staging_on_staging(builder: ManifestBuilder) -> None:
    builder.add_model("stg_crm__vip_customers", STAGING, [STG_CUSTOMERS], materialized="view")


def unread_source(builder: ManifestBuilder) -> None:
    builder.add_source("crm", "refunds")


def wide_model(parents: int) -> Change:
    def change(builder: ManifestBuilder) -> None:
        builder.add_model("fct_wide", CORE, [builder.add_seed(f"lookup_{i}") for i in range(parents)])

    return change


def many_joins_sql(joins: int) -> str:
    lines = [f"left join {{{{ ref('stg_crm__customers') }}}} as c{i} using (id)" for i in range(joins)]
    return "\n".join(["select o.* from {{ ref('stg_crm__orders') }} as o", *lines])


def without(unique_id: str) -> Change:
    def change(builder: ManifestBuilder) -> None:
        builder.remove(unique_id)

    return change


def unique_and_not_null_on_different_columns(builder: ManifestBuilder) -> None:
    builder.remove("test.demo.not_null_fct_order_id")
    builder.add_test("not_null", FCT_ORDER, ["order_date"])


def contract_not_enforced(builder: ManifestBuilder) -> None:
    builder.set_contract(DIM_CUSTOMER, enforced=False)


def primary_key_by_not_null_tests_on_combination(builder: ManifestBuilder) -> None:
    builder.remove("test.demo.not_null_combination_rpt_order_summary_customer_id__order_month")
    builder.add_test("not_null", SUMMARY, ["customer_id"])
    builder.add_test("not_null", SUMMARY, ["order_month"])


def primary_key_by_model_level_constraint(builder: ManifestBuilder) -> None:
    entry = builder.node(DIM_CUSTOMER)
    entry["columns"]["id"]["constraints"] = []
    entry["constraints"] = [{"type": "not_null", "columns": ["id"]}]


def untested_model(builder: ManifestBuilder) -> None:
    builder.add_model("dim_region", CORE, [seed_id("countries")])


def source_block_undescribed(builder: ManifestBuilder) -> None:
    for table in (CUSTOMERS_SOURCE, ORDERS_SOURCE):
        builder.node(table)["source_description"] = ""


def model_at(name: str, folder: str, parents: tuple[str, ...] = (STG_ORDERS,)) -> Change:
    def change(builder: ManifestBuilder) -> None:
        builder.add_model(name, folder, parents, materialized="view" if name.startswith("stg_") else "table")

    return change


def staging_model_in_other_source_folder(builder: ManifestBuilder) -> None:
    invoices = builder.add_source("erp", "invoices")
    builder.add_model("stg_erp__invoices", STAGING, [invoices], materialized="view")


def source_declared_in_other_folder(builder: ManifestBuilder) -> None:
    builder.add_source("erp", "invoices", yaml_path=f"{STAGING}/_crm__sources.yml")


def with_patch_path(yaml_path: str) -> Change:
    return with_field(FCT_ORDER, "patch_path", f"demo://{yaml_path}")


def generic_test_in_other_yaml(builder: ManifestBuilder) -> None:
    builder.add_test("accepted_values", FCT_ORDER, ["status"], yaml_path=f"{STAGING}/_crm__models.yml")


def singular_test_at(path: str) -> Change:
    def change(builder: ManifestBuilder) -> None:
        builder.add_singular_test(path, [FCT_ORDER])

    return change


def chain_of_views(views_added: int) -> Change:
    """stg_crm__orders (a view) then `views_added` more views, read by the table fct_order_chained."""

    def change(builder: ManifestBuilder) -> None:
        upstream = STG_ORDERS
        for step in range(views_added):
            upstream = builder.add_model(
                f"int_orders_step_{step}", INTERMEDIATE, [upstream], materialized="view"
            )
        builder.add_model("fct_order_chained", CORE, [upstream])

    return change


def exposure_on(parent: str, materialized: str | None = None) -> Change:
    def change(builder: ManifestBuilder) -> None:
        if materialized:
            builder.node(parent)["config"]["materialized"] = materialized
        builder.add_exposure("ops_dashboard", [parent])

    return change


def public_without_contract(builder: ManifestBuilder) -> None:
    builder.set_contract(SUMMARY, enforced=False)


def public_column_undescribed(builder: ManifestBuilder) -> None:
    builder.node(SUMMARY)["columns"]["order_count"]["description"] = ""


EXPOSURE = "exposure.demo.ops_dashboard"

FAULTS = [
    Case(
        modelling.direct_join_to_source,
        "model-and-source",
        lambda b: b.add_parent(ENRICHED, CUSTOMERS_SOURCE),
        ENRICHED,
    ),
    Case(
        modelling.marts_or_intermediate_dependent_on_source,
        "marts",
        marts_model_on_new_source(CORE, "fct_payment"),
        model_id("fct_payment"),
    ),
    Case(
        modelling.marts_or_intermediate_dependent_on_source,
        "intermediate",
        marts_model_on_new_source(INTERMEDIATE, "int_payments_joined"),
        model_id("int_payments_joined"),
    ),
    Case(
        modelling.marts_or_intermediate_dependent_on_source,
        "reporting",
        marts_model_on_new_source(REPORTING, "rpt_payments"),
        model_id("rpt_payments"),
    ),
    Case(
        modelling.duplicate_sources,
        "identifier",
        twin_source_by_identifier,
        source_id("crm", "customers_raw"),
    ),
    Case(
        modelling.duplicate_sources,
        "external-location",
        twin_source_by_external_location,
        source_id("legacy", "orders"),
    ),
    Case(
        modelling.hard_coded_references,
        "schema-table",
        with_sql(STG_CUSTOMERS, "select * from raw.customers"),
        STG_CUSTOMERS,
    ),
    Case(
        modelling.hard_coded_references,
        "database-schema-table",
        with_sql(
            FCT_ORDER,
            "select * from {{ ref('int_orders_enriched') }} as o\njoin warehouse.crm.customers as c",
        ),
        FCT_ORDER,
    ),
    Case(
        modelling.hard_coded_references,
        "quoted-table",
        with_sql(FCT_ORDER, 'select * from "orders"'),
        FCT_ORDER,
    ),
    Case(
        modelling.hard_coded_references,
        "file-path",
        with_sql(STG_ORDERS, "select * from 'landing/orders_20240101.csv'"),
        STG_ORDERS,
    ),
    Case(
        modelling.hard_coded_references,
        "read-csv",
        with_sql(STG_ORDERS, "select * from read_csv('landing/orders_*.csv', header = true)"),
        STG_ORDERS,
    ),
    Case(
        modelling.hard_coded_references,
        "var",
        with_sql(
            FCT_ORDER,
            "select * from {{ ref('int_orders_enriched') }}\njoin {{ var('customers_table') }} using (id)",
        ),
        FCT_ORDER,
    ),
    Case(modelling.model_fanout, "three-leaves", leaf_children(3), FCT_ORDER),
    Case(modelling.multiple_sources_joined, "two-sources", staging_reads_two_sources, STG_CUSTOMERS),
    Case(
        modelling.rejoining_of_upstream_concepts,
        "single-use-between",
        in_between_model(other_child=False),
        ENRICHED,
    ),
    Case(modelling.root_models, "no-parents", parentless_model, model_id("dim_date")),
    Case(modelling.source_fanout, "two-models", second_model_on_source, ORDERS_SOURCE),
    Case(
        modelling.staging_dependent_on_marts_or_intermediate,
        "on-fct",
        staging_on_marts,
        model_id("stg_crm__order_totals"),
    ),
    Case(
        modelling.staging_dependent_on_staging,
        "on-stg",
        staging_on_staging,
        model_id("stg_crm__vip_customers"),
    ),
    Case(modelling.unused_sources, "unread", unread_source, source_id("crm", "refunds")),
    Case(modelling.too_many_joins, "seven-parents", wide_model(7), model_id("fct_wide")),
    Case(modelling.too_many_joins, "eight-sql-joins", with_sql(STG_ORDERS, many_joins_sql(8)), STG_ORDERS),
    Case(
        testing.missing_primary_key_tests,
        "unique-only",
        without("test.demo.not_null_fct_order_id"),
        FCT_ORDER,
    ),
    Case(
        testing.missing_primary_key_tests,
        "not-null-only",
        without("test.demo.unique_fct_order_id"),
        FCT_ORDER,
    ),
    Case(
        testing.missing_primary_key_tests,
        "different-columns",
        unique_and_not_null_on_different_columns,
        FCT_ORDER,
    ),
    Case(
        testing.missing_primary_key_tests,
        "combination-without-not-null",
        without("test.demo.not_null_combination_rpt_order_summary_customer_id__order_month"),
        SUMMARY,
    ),
    Case(
        testing.missing_primary_key_tests, "constraint-without-contract", contract_not_enforced, DIM_CUSTOMER
    ),
    Case(
        testing.sources_without_freshness,
        "no-freshness",
        with_field(ORDERS_SOURCE, "freshness", None),
        ORDERS_SOURCE,
    ),
    Case(
        testing.sources_without_freshness,
        "no-loaded-at-field",
        with_field(ORDERS_SOURCE, "loaded_at_field", None),
        ORDERS_SOURCE,
    ),
    Case(testing.test_coverage, "untested-model", untested_model, model_id("dim_region")),
    Case(documentation.undocumented_models, "empty", with_field(FCT_ORDER, "description", ""), FCT_ORDER),
    Case(documentation.undocumented_sources, "source-block", source_block_undescribed, "source.demo.crm"),
    Case(
        documentation.undocumented_source_tables,
        "blank",
        with_field(ORDERS_SOURCE, "description", "  "),
        ORDERS_SOURCE,
    ),
    Case(
        documentation.documentation_coverage,
        "one-undescribed",
        with_field(FCT_ORDER, "description", ""),
        FCT_ORDER,
    ),
    Case(
        structure.model_naming_conventions,
        "no-prefix",
        model_at("orders_summary", CORE),
        model_id("orders_summary"),
    ),
    Case(
        structure.model_naming_conventions,
        "fct-in-reporting",
        model_at("fct_report", REPORTING),
        model_id("fct_report"),
    ),
    Case(
        structure.model_naming_conventions,
        "staging-without-double-underscore",
        model_at("stg_crm_customers", STAGING, (CUSTOMERS_SOURCE,)),
        model_id("stg_crm_customers"),
    ),
    Case(
        structure.model_naming_conventions,
        "staging-other-system",
        model_at("stg_erp__customers", STAGING, (CUSTOMERS_SOURCE,)),
        model_id("stg_erp__customers"),
    ),
    Case(
        structure.model_directories,
        "fct-in-intermediate",
        model_at("fct_refund", INTERMEDIATE),
        model_id("fct_refund"),
    ),
    Case(
        structure.model_directories,
        "outside-layers",
        model_at("orders_misc", "models/misc"),
        model_id("orders_misc"),
    ),
    Case(
        structure.model_directories,
        "staging-in-other-source-folder",
        staging_model_in_other_source_folder,
        model_id("stg_erp__invoices"),
    ),
    Case(
        structure.source_directories,
        "other-folder",
        source_declared_in_other_folder,
        source_id("erp", "invoices"),
    ),
    Case(
        structure.resource_yml_naming_conventions,
        "model-yaml-elsewhere",
        with_patch_path("models/marts/_marts__models.yml"),
        FCT_ORDER,
    ),
    Case(
        structure.resource_yml_naming_conventions,
        "model-yaml-misnamed",
        with_patch_path(f"{CORE}/schema.yml"),
        FCT_ORDER,
    ),
    Case(
        structure.resource_yml_naming_conventions,
        "source-yaml-misnamed",
        with_field(ORDERS_SOURCE, "original_file_path", f"{STAGING}/sources.yml"),
        ORDERS_SOURCE,
    ),
    Case(
        structure.test_directories,
        "generic-in-other-yaml",
        generic_test_in_other_yaml,
        "test.demo.accepted_values_fct_order_status",
    ),
    Case(
        structure.test_directories,
        "singular-at-top",
        singular_test_at("tests/assert_orders.sql"),
        "test.demo.assert_orders",
    ),
    Case(
        structure.test_directories,
        "singular-in-other-folder",
        singular_test_at("tests/dbt/marts/reporting/assert_orders.sql"),
        "test.demo.assert_orders",
    ),
    Case(
        performance.chained_views_dependencies, "six-views", chain_of_views(5), model_id("fct_order_chained")
    ),
    Case(performance.exposure_parents_materializations, "view", exposure_on(STG_CUSTOMERS), EXPOSURE),
    Case(
        performance.exposure_parents_materializations,
        "ephemeral",
        exposure_on(FCT_ORDER, "ephemeral"),
        EXPOSURE,
    ),
    Case(performance.exposure_parents_materializations, "source", exposure_on(ORDERS_SOURCE), EXPOSURE),
    Case(governance.public_models_without_contract, "no-contract", public_without_contract, SUMMARY),
    Case(governance.undocumented_public_models, "column", public_column_undescribed, SUMMARY),
    Case(governance.undocumented_public_models, "model", with_field(SUMMARY, "description", ""), SUMMARY),
    Case(governance.undocumented_public_models, "no-columns", with_field(SUMMARY, "columns", {}), SUMMARY),
]

ALLOWED = [
    Case(modelling.model_fanout, "two-leaves", leaf_children(2)),
    Case(
        modelling.rejoining_of_upstream_concepts,
        "between-has-other-child",
        in_between_model(other_child=True),
    ),
    Case(modelling.too_many_joins, "six-parents", wide_model(6)),
    Case(modelling.too_many_joins, "seven-sql-joins", with_sql(STG_ORDERS, many_joins_sql(7))),
    Case(performance.chained_views_dependencies, "five-views", chain_of_views(4)),
    Case(
        testing.missing_primary_key_tests,
        "combination-with-not-null-tests",
        primary_key_by_not_null_tests_on_combination,
    ),
    Case(testing.missing_primary_key_tests, "model-level-constraint", primary_key_by_model_level_constraint),
    Case(
        modelling.hard_coded_references,
        "references-in-comments-and-jinja",
        with_sql(
            STG_ORDERS,
            "-- was: select * from raw.orders\n{# from raw.orders #}\n/* join raw.customers */\n"
            "select extract(year from orders.ordered_at) as order_year, count(distinct orders.id) as n\n"
            "from {{ source('crm', 'orders') }} as orders",
        ),
    ),
    Case(performance.exposure_parents_materializations, "table", exposure_on(FCT_ORDER)),
]


def rule_id(rule: Rule) -> str:
    return evaluator_name(rule)


@pytest.mark.parametrize("rule", ALL_RULES, ids=rule_id)
def test_clean_manifest_breaks_no_rule(rule: Rule) -> None:
    assert rule(clean_manifest().project()) == []


@pytest.mark.parametrize("case", FAULTS, ids=lambda case: case.id)
def test_rule_reports_the_fault(case: Case) -> None:
    builder = clean_manifest()
    assert case.rule(builder.project()) == [], "the clean manifest must pass before the fault is added"
    case.change(builder)
    violations = case.rule(builder.project())
    assert any(v.startswith(f"{case.offender}: ") for v in violations), (
        f"expected a violation naming {case.offender}, got {violations}"
    )


@pytest.mark.parametrize("case", ALLOWED, ids=lambda case: case.id)
def test_rule_allows(case: Case) -> None:
    builder = clean_manifest()
    case.change(builder)
    assert case.rule(builder.project()) == []


def test_every_rule_is_shown_to_fail() -> None:
    untested = [evaluator_name(rule) for rule in ALL_RULES if rule not in {case.rule for case in FAULTS}]
    assert not untested, f"rules with no fault case: {untested}"


def test_root_model_allow_list(monkeypatch: pytest.MonkeyPatch) -> None:
    builder = clean_manifest()
    parentless_model(builder)
    monkeypatch.setitem(ROOT_MODEL_ALLOW_LIST, "dim_date", "a calendar from a date spine")
    assert modelling.root_models(builder.project()) == []


def test_other_packages_are_not_checked() -> None:
    builder = clean_manifest()
    builder.add_model("orphan_model", "models", [], description="", package="some_package")
    assert all(rule(builder.project()) == [] for rule in ALL_RULES)


def test_violation_names_node_and_problem() -> None:
    builder = clean_manifest()
    marts_model_on_new_source(CORE, "fct_case")(builder)
    assert modelling.marts_or_intermediate_dependent_on_source(builder.project()) == [
        "model.demo.fct_case: marts model selects directly from source crm.payments"
    ]


@pytest.mark.parametrize("rule", ALL_RULES, ids=evaluator_name)
def test_each_rule_sits_in_its_category_and_says_why_and_how_to_fix(rule: Rule) -> None:
    assert rule.__module__ == f"evaluator.{RULES[rule].category}"
    assert "Why: " in rule.__doc__ and "How to fix: " in rule.__doc__

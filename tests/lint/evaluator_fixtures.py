"""Hand-made manifests for the evaluator rules' own tests.

`ManifestBuilder` writes the few manifest.json fields the rules read, in dbt's
shape (nodes, sources, exposures, metadata.project_name). `clean_manifest()` is a
small project that breaks no rule; each rule's test adds exactly one fault to it.
"""

from __future__ import annotations

import copy
import posixpath
from collections.abc import Iterable
from typing import Any

from evaluator import Project, load_project

PROJECT = "demo"


def model_id(name: str, package: str = PROJECT) -> str:
    return f"model.{package}.{name}"


def source_id(source_name: str, table: str, package: str = PROJECT) -> str:
    return f"source.{package}.{source_name}.{table}"


def seed_id(name: str, package: str = PROJECT) -> str:
    return f"seed.{package}.{name}"


def default_sql(parents: Iterable[str]) -> str:
    """`select ... from` the first parent, `left join` the others, through ref() and source()."""
    calls = [_jinja_call(parent) for parent in parents]
    if not calls:
        return "select 1 as id"
    joins = [f"left join {{{{ {call} }}}} as p{i} using (id)" for i, call in enumerate(calls[1:], start=1)]
    return "\n".join([f"select p0.* from {{{{ {calls[0]} }}}} as p0", *joins])


def _jinja_call(unique_id: str) -> str:
    parts = unique_id.split(".")
    if parts[0] == "source":
        return f"source('{parts[2]}', '{parts[3]}')"
    return f"ref('{parts[-1]}')"


class ManifestBuilder:
    """Builds a minimal manifest.json dict, one resource at a time."""

    def __init__(self, package: str = PROJECT) -> None:
        self.package = package
        self.manifest: dict[str, Any] = {
            "metadata": {"project_name": package},
            "nodes": {},
            "sources": {},
            "exposures": {},
        }

    # --- resources ---

    def add_source(
        self,
        source_name: str,
        table: str,
        *,
        description: str = "A landed table.",
        source_description: str = "A source system.",
        freshness: bool = True,
        identifier: str | None = None,
        external_location: str | None = None,
        yaml_path: str | None = None,
    ) -> str:
        unique_id = source_id(source_name, table, self.package)
        path = yaml_path or f"models/staging/{source_name}/_{source_name}__sources.yml"
        self.manifest["sources"][unique_id] = {
            **self._base(unique_id, "source", table, path),
            "source_name": source_name,
            "description": description,
            "source_description": source_description,
            "database": "warehouse",
            "schema": source_name,
            "identifier": identifier or table,
            "meta": {"external_location": external_location} if external_location else {},
            "loaded_at_field": "loaded_at" if freshness else None,
            "freshness": {"warn_after": {"count": 1, "period": "day"}, "error_after": {}}
            if freshness
            else None,
        }
        return unique_id

    def add_seed(self, name: str) -> str:
        unique_id = seed_id(name, self.package)
        self.manifest["nodes"][unique_id] = self._base(unique_id, "seed", name, f"seeds/{name}.csv")
        return unique_id

    def add_model(
        self,
        name: str,
        folder: str,
        parents: Iterable[str] = (),
        *,
        sql: str | None = None,
        materialized: str = "table",
        description: str = "A model.",
        columns: dict[str, str] | None = None,
        access: str = "protected",
        contract: bool = False,
        not_null_constraints: Iterable[str] = (),
        yaml_path: str | None = None,
        package: str | None = None,
    ) -> str:
        """A model in `folder` (e.g. models/marts/core), its properties in that folder's YAML."""
        package = package or self.package
        unique_id = model_id(name, package)
        parents = tuple(parents)
        yaml_path = yaml_path or f"{folder}/_{posixpath.basename(folder)}__models.yml"
        constrained = set(not_null_constraints)
        self.manifest["nodes"][unique_id] = {
            **self._base(unique_id, "model", name, f"{folder}/{name}.sql", parents, package),
            "description": description,
            "config": {"materialized": materialized, "access": access, "contract": {"enforced": contract}},
            "access": access,
            "contract": {"enforced": contract},
            "columns": {
                column: {
                    "name": column,
                    "description": text,
                    "constraints": [{"type": "not_null"}] if column in constrained else [],
                }
                for column, text in (columns if columns is not None else {"id": "The key."}).items()
            },
            "raw_code": sql if sql is not None else default_sql(parents),
            "language": "sql",
            "patch_path": f"{package}://{yaml_path}",
        }
        return unique_id

    def add_test(
        self, test_name: str, model: str, columns: Iterable[str], *, yaml_path: str | None = None
    ) -> str:
        """A generic test (unique, not_null, unique_combination_of_columns, ...) attached to `model`."""
        columns = list(columns)
        target = self.node(model)
        path = yaml_path or (target.get("patch_path") or "").split("://")[-1] or target["original_file_path"]
        unique_id = f"test.{self.package}.{test_name}_{target['name']}_{'__'.join(columns)}"
        kwargs: dict[str, Any] = (
            {"combination_of_columns": columns} if "combination" in test_name else {"column_name": columns[0]}
        )
        self.manifest["nodes"][unique_id] = {
            **self._base(unique_id, "test", unique_id.split(".")[-1], path, (model,)),
            "attached_node": model,
            "column_name": None if "combination" in test_name else columns[0],
            "test_metadata": {"name": test_name, "kwargs": kwargs},
        }
        return unique_id

    def add_primary_key_tests(self, model: str, column: str = "id") -> None:
        self.add_test("unique", model, [column])
        self.add_test("not_null", model, [column])

    def add_singular_test(self, path: str, parents: Iterable[str] = ()) -> str:
        name = posixpath.splitext(posixpath.basename(path))[0]
        unique_id = f"test.{self.package}.{name}"
        self.manifest["nodes"][unique_id] = {
            **self._base(unique_id, "test", name, path, tuple(parents)),
            "attached_node": None,
            "test_metadata": None,
        }
        return unique_id

    def add_exposure(self, name: str, parents: Iterable[str]) -> str:
        unique_id = f"exposure.{self.package}.{name}"
        self.manifest["exposures"][unique_id] = self._base(
            unique_id, "exposure", name, "models/marts/reporting/_reporting__exposures.yml", tuple(parents)
        )
        return unique_id

    # --- access ---

    def node(self, unique_id: str) -> dict[str, Any]:
        """The manifest entry of a resource, to change in place."""
        for section in ("nodes", "sources", "exposures"):
            if unique_id in self.manifest[section]:
                return self.manifest[section][unique_id]
        raise KeyError(unique_id)

    def remove(self, unique_id: str) -> None:
        for section in ("nodes", "sources", "exposures"):
            self.manifest[section].pop(unique_id, None)

    def set_contract(self, model: str, enforced: bool) -> None:
        entry = self.node(model)
        entry["contract"] = entry["config"]["contract"] = {"enforced": enforced}

    def add_parent(self, child: str, parent: str) -> None:
        """Make `child` read `parent` too (depends_on and SQL)."""
        entry = self.node(child)
        entry["depends_on"]["nodes"].append(parent)
        if entry["resource_type"] == "model":
            entry["raw_code"] = default_sql(entry["depends_on"]["nodes"])

    def build(self) -> dict[str, Any]:
        return copy.deepcopy(self.manifest)

    def project(self) -> Project:
        """The manifest built so far, loaded as the rules see it."""
        return load_project(self.build())

    def _base(
        self,
        unique_id: str,
        resource_type: str,
        name: str,
        path: str,
        parents: tuple[str, ...] = (),
        package: str | None = None,
    ) -> dict[str, Any]:
        return {
            "unique_id": unique_id,
            "resource_type": resource_type,
            "name": name,
            "package_name": package or self.package,
            "original_file_path": path,
            "depends_on": {"nodes": list(parents), "macros": []},
        }


def clean_manifest() -> ManifestBuilder:
    """A small four-layer project that breaks no rule.

    crm.customers, crm.orders -> stg_crm__customers, stg_crm__orders (views)
      -> int_orders_enriched -> fct_order; stg_crm__customers + countries seed -> dim_customer
      -> rpt_order_summary (public, contracted) -> exposure order_dashboard.
    """
    builder = ManifestBuilder()
    customers = builder.add_source("crm", "customers")
    orders = builder.add_source("crm", "orders")
    countries = builder.add_seed("countries")

    staging = "models/staging/crm"
    stg_customers = builder.add_model("stg_crm__customers", staging, [customers], materialized="view")
    stg_orders = builder.add_model("stg_crm__orders", staging, [orders], materialized="view")
    enriched = builder.add_model(
        "int_orders_enriched", "models/intermediate/orders", [stg_orders, stg_customers]
    )
    dim_customer = builder.add_model(
        "dim_customer",
        "models/marts/core",
        [stg_customers, countries],
        contract=True,
        not_null_constraints=["id"],
    )
    fct_order = builder.add_model("fct_order", "models/marts/core", [enriched, dim_customer])
    summary = builder.add_model(
        "rpt_order_summary",
        "models/marts/reporting",
        [fct_order],
        access="public",
        contract=True,
        columns={"customer_id": "The customer.", "order_month": "The month.", "order_count": "Orders."},
    )

    for model in (stg_customers, stg_orders, enriched, fct_order):
        builder.add_primary_key_tests(model)
    builder.add_test("unique", dim_customer, ["id"])  # not null by its contract's constraint
    builder.add_test("unique_combination_of_columns", summary, ["customer_id", "order_month"])
    builder.add_test("not_null_combination", summary, ["customer_id", "order_month"])
    builder.add_singular_test("tests/dbt/marts/core/assert_order_totals_positive.sql", [fct_order])
    builder.add_singular_test("tests/dbt/macros/assert_cents_to_pounds.sql")
    builder.add_exposure("order_dashboard", [summary])
    return builder

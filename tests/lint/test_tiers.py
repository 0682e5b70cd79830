"""The tiers of publication, as the models' YAML declares them (`config: meta: tier:`).

Every published model declares its tier, public or restricted; a public
model reads no restricted column (one the YAML tags `pii`) of the models it
selects from, unless its description names that column, saying how it
removes the identifier, and it does not pass the column on under its name.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from cmoe.publish import TIERS, ReleaseError, model_tier, published_models

PII_TAG = "pii"


def _models(manifest: dict) -> dict[str, dict]:
    nodes = manifest["nodes"].values()
    return {node["unique_id"]: node for node in nodes if node["resource_type"] == "model"}


def undeclared_tiers(manifest: dict) -> list[str]:
    """Published models (public access, or any tier given) whose tier is missing or unknown."""
    names = {tier.name for tier in TIERS}
    problems = []
    for node in _models(manifest).values():
        tier = model_tier(node)
        if tier is None and node.get("access") == "public":
            problems.append(f"{node['name']}: public access but no tier (config: meta: tier:)")
        elif tier is not None and tier not in names:
            problems.append(f"{node['name']}: tier {tier!r} is neither {' nor '.join(sorted(names))}")
    return sorted(problems)


def _column_tags(column: dict) -> set[str]:
    return {*(column.get("tags") or ()), *((column.get("config") or {}).get("tags") or ())}


def restricted_reads(manifest: dict) -> list[str]:
    """Public models that read a parent's `pii` column without saying how they remove it, or that pass
    it on under its own name."""
    nodes = {**manifest["nodes"], **manifest.get("sources", {})}
    problems = []
    for node in _models(manifest).values():
        if model_tier(node) != "public":
            continue
        code = node.get("raw_code") or ""
        description = node.get("description") or ""
        own_columns = {name.lower() for name in node.get("columns") or {}}
        for parent_id in (node.get("depends_on") or {}).get("nodes") or ():
            parent = nodes.get(parent_id) or {}
            for column_name, column in (parent.get("columns") or {}).items():
                if PII_TAG not in _column_tags(column):
                    continue
                if not re.search(rf"\b{re.escape(column_name)}\b", code, flags=re.IGNORECASE):
                    continue
                where = f"{node['name']} reads {parent['name']}.{column_name}"
                if not re.search(rf"\b{re.escape(column_name)}\b", description, flags=re.IGNORECASE):
                    problems.append(f"{where}, and its description does not say how it removes it")
                if column_name.lower() in own_columns:
                    problems.append(f"{where}, and publishes a column of that name")
    return sorted(problems)


def published_models_from(manifest: dict, folder: Path) -> dict[str, str]:
    """What cmoe.publish publishes from this manifest: each model's tier."""
    path = folder / "manifest.json"
    path.write_text(json.dumps(manifest), encoding="utf-8")
    return {model.name: model.tier for model in published_models(path)}


RESTRICTED_ONLY = (
    "dim_child",
    "fct_dq_issue",
    "fct_identity_link",
    "rpt_cmoe_case_list",
    "rpt_identity_review",
)


def test_every_published_model_declares_a_tier(manifest, tmp_path):
    assert not undeclared_tiers(manifest), "\n".join(undeclared_tiers(manifest))
    tiers = published_models_from(manifest, tmp_path)
    # Every reporting model is published; names, identity links and issue values in the restricted tier only.
    reporting = {node["name"] for node in _models(manifest).values() if node.get("access") == "public"}
    assert reporting <= set(tiers)
    assert {name: tiers[name] for name in RESTRICTED_ONLY} == dict.fromkeys(RESTRICTED_ONLY, "restricted")
    assert tiers["dim_child_public"] == tiers["rpt_indicator_snapshot"] == "public"


def test_a_public_model_reads_no_restricted_column_unless_it_says_how(manifest):
    problems = restricted_reads(manifest)
    assert not problems, "\n".join(problems)


# --- The checks themselves, on a changed manifest ----------------------------------------------------


def _changed(manifest: dict, name: str, **changes) -> dict:
    copied = json.loads(json.dumps(manifest))
    node = next(node for node in copied["nodes"].values() if node["name"] == name)
    for key, value in changes.items():
        node[key] = value
    return copied


def test_a_public_model_without_a_tier_is_caught_and_not_published(manifest, tmp_path):
    node = next(node for node in manifest["nodes"].values() if node["name"] == "rpt_cmoe_cohort")
    config = json.loads(json.dumps(node["config"]))
    config["meta"].pop("tier")
    changed = _changed(manifest, "rpt_cmoe_cohort", config=config, meta={})

    assert undeclared_tiers(changed) == ["rpt_cmoe_cohort: public access but no tier (config: meta: tier:)"]
    with pytest.raises(ReleaseError, match="public models without a tier: rpt_cmoe_cohort"):
        published_models_from(changed, tmp_path)


def test_a_public_model_reading_a_name_is_caught(manifest):
    node = next(node for node in manifest["nodes"].values() if node["name"] == "dim_child_public")
    # A public model that passes the surname on, and whose description says nothing of it.
    code = node["raw_code"].replace(
        "        sex,\n        upper(", "        sex,\n        surname,\n        upper("
    )
    columns = {**node["columns"], "surname": {"name": "surname", "description": "Surname."}}
    changed = _changed(manifest, "dim_child_public", raw_code=code, columns=columns)

    assert restricted_reads(changed) == [
        "dim_child_public reads dim_child.surname, and its description does not say how it removes it",
        "dim_child_public reads dim_child.surname, and publishes a column of that name",
    ]


def test_each_tier_is_an_exposure_of_exactly_the_models_it_publishes(manifest):
    """dbt's docs show what BI tools read: the public tier's exposure depends on the public models, the
    restricted tier's on every published model (it holds them all)."""
    exposures = {node["config"]["meta"].get("tier"): node for node in manifest["exposures"].values()}
    models = _models(manifest)
    for tier in TIERS:
        exposure = exposures[tier.name]
        expected = {
            node["name"]
            for node in models.values()
            if model_tier(node) and (tier.name == "restricted" or model_tier(node) == tier.name)
        }
        assert {models[parent]["name"] for parent in exposure["depends_on"]["nodes"]} == expected, tier.name
        assert exposure["config"]["meta"]["database"] == f"warehouse/{tier.database}"
        assert exposure["config"]["meta"]["exports"] == f"warehouse/{tier.exports}"

"""Governance rules: contracts and descriptions of public models (the evaluator's "governance"
category)."""

from __future__ import annotations

from evaluator.project import Node, Project, is_described, violation
from evaluator.registry import rule


def is_public(model: Node) -> bool:
    return model.access == "public"


@rule("fct_public_models_without_contract", "governance")
def public_models_without_contract(project: Project) -> list[str]:
    """A public model without an enforced contract [fct_public_models_without_contract].

    Why: A public model is an interface BI tools rely on: without an enforced contract a renamed
    or retyped column breaks them silently.
    How to fix: Set contract: {enforced: true} and declare every column's data_type.
    """
    return [
        violation(model, "public model without an enforced contract")
        for model in project.models
        if is_public(model) and not model.contract_enforced
    ]


@rule("fct_undocumented_public_models", "governance")
def undocumented_public_models(project: Project) -> list[str]:
    """A public model undescribed, without columns, or with an undescribed column.

    [fct_undocumented_public_models]

    Why: A public model without descriptions reaches BI tools with no comment on its table or
    columns.
    How to fix: Describe the model and every column in its YAML; they are persisted as database
    comments.
    """
    found = []
    for model in filter(is_public, project.models):
        problems = []
        if not is_described(model):
            problems.append("no description")
        if not model.columns:
            problems.append("no columns declared")
        if undescribed := [c.name for c in model.columns if not c.description]:
            problems.append(f"columns without a description: {', '.join(undescribed)}")
        if problems:
            found.append(violation(model, "public model with " + "; ".join(problems)))
    return found

"""Documentation rules: descriptions of models and sources (the evaluator's "documentation"
category)."""

from __future__ import annotations

from evaluator.project import (
    DOCUMENTATION_COVERAGE_TARGET,
    Project,
    below_target,
    is_described,
    violation,
)
from evaluator.registry import rule


@rule("fct_undocumented_models", "documentation")
def undocumented_models(project: Project) -> list[str]:
    """A model without a description [fct_undocumented_models].

    Why: An analyst or BI developer reading the warehouse cannot tell what an undescribed model
    holds.
    How to fix: Add a description in the model's YAML: what one row is, and where it comes from.
    """
    return [
        violation(model, "model has no description") for model in project.models if not is_described(model)
    ]


@rule("fct_undocumented_sources", "documentation")
def undocumented_sources(project: Project) -> list[str]:
    """A source (the source block, not its tables) without a description [fct_undocumented_sources].

    Why: An undescribed source leaves the reader guessing which system sends it and how.
    How to fix: Describe the source block in its _<dir>__sources.yml: the system and how its
    extracts arrive.
    """
    undescribed = {
        f"source.{s.package}.{s.source_name}": s.file_path
        for s in project.sources
        if not s.source_description.strip()
    }
    return [
        violation(source_id, f"source has no description ({path})") for source_id, path in undescribed.items()
    ]


@rule("fct_undocumented_source_tables", "documentation")
def undocumented_source_tables(project: Project) -> list[str]:
    """A source table without a description [fct_undocumented_source_tables].

    Why: An undescribed source table leaves its extract's meaning to folklore.
    How to fix: Describe the table in its _<dir>__sources.yml: what one row is and when it is
    extracted.
    """
    return [
        violation(source, "source table has no description")
        for source in project.sources
        if not is_described(source)
    ]


@rule("fct_documentation_coverage", "documentation")
def documentation_coverage(project: Project) -> list[str]:
    """Share of models described, below DOCUMENTATION_COVERAGE_TARGET (100%) [fct_documentation_coverage].

    Why: The docs site and the database comments are only as useful as their least described
    model.
    How to fix: Describe every model listed by fct_undocumented_models.
    """
    return below_target(
        project, is_described, DOCUMENTATION_COVERAGE_TARGET, "has no description", "documentation coverage"
    )

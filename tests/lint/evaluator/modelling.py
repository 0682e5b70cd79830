"""Modelling rules: how models depend on sources and on each other (dbt-project-evaluator's
"modeling" category)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection

from evaluator.project import (
    DOWNSTREAM_TYPES,
    MODELS_FANOUT_THRESHOLD,
    ROOT_MODEL_ALLOW_LIST,
    TOO_MANY_JOINS_THRESHOLD,
    Node,
    Project,
    find_hard_coded_references,
    ids,
    is_leaf,
    join_count,
    kind_of,
    names,
    violation,
)
from evaluator.registry import rule


@rule("fct_direct_join_to_source", "modelling")
def direct_join_to_source(project: Project) -> list[str]:
    """A model that reads both a source and another model [fct_direct_join_to_source].

    Why: A source joined beside models skips its staging model: its renames, casts and cleaning
    are done again, or not at all, in the model that joins it.
    How to fix: Read the source through its staging model (stg_<system>__<entity>) and ref()
    that.
    """
    found = []
    for model in project.models:
        sources, models = project.parents_of(model, "source"), project.parents_of(model, "model")
        if sources and models:
            found.append(
                violation(model, f"joins source {names(sources)} directly to model(s) {names(models)}")
            )
    return found


@rule("fct_marts_or_intermediate_dependent_on_source", "modelling")
def marts_or_intermediate_dependent_on_source(project: Project) -> list[str]:
    """An intermediate, marts or reporting model reading a source.

    [fct_marts_or_intermediate_dependent_on_source]

    Why: Only staging reads raw data; a later layer reading a source bypasses the typing and
    cleaning every other model relies on.
    How to fix: Add or reuse the source's staging model and ref() it instead of source().
    """
    return [
        violation(model, f"{kind_of(model)} model selects directly from source {names(sources)}")
        for model in project.models
        if kind_of(model) in DOWNSTREAM_TYPES and (sources := project.parents_of(model, "source"))
    ]


@rule("fct_duplicate_sources", "modelling")
def duplicate_sources(project: Project) -> list[str]:
    """Two source tables for one database.schema.identifier or external location [fct_duplicate_sources].

    Why: Two source entries for one table split its lineage and its tests between two names.
    How to fix: Keep one source table for the relation and point every staging model at it.
    """
    by_location: dict[str, list[Node]] = defaultdict(list)
    for source in project.sources:
        by_location[source.location or ""].append(source)
    return [
        violation(source, f"reads {location}, as does {ids(s for s in same if s is not source)}")
        for location, same in by_location.items()
        if len(same) > 1
        for source in same
    ]


@rule("fct_hard_coded_references", "modelling")
def hard_coded_references(project: Project) -> list[str]:
    """A model naming a relation or file directly instead of ref()/source() [fct_hard_coded_references].

    As the evaluator: `from`/`join` followed by schema.table, database.schema.table,
    a quoted identifier or `{{ var(...) }}`; and (project rule) DuckDB file readers
    such as read_csv/read_parquet, which belong in a source's external_location.

    Why: A relation or file named in SQL is invisible to dbt: no lineage, no build order, and
    the model breaks when the schema or landing folder moves.
    How to fix: Replace it with ref() or source(); a landed file is declared as a source
    (external location) and read through its staging model.
    """
    return [
        violation(model, f"hard-coded relation(s) {', '.join(refs)}: use ref() or source()")
        for model in project.models
        if (refs := find_hard_coded_references(model.raw_code))
    ]


@rule("fct_model_fanout", "modelling")
def model_fanout(project: Project) -> list[str]:
    """A model with MODELS_FANOUT_THRESHOLD (3) or more direct leaf-model children [fct_model_fanout].

    As the evaluator's SQL: leaf children are models with no children at all
    (exposures count as children); flagged at count >= threshold.

    Why: A model feeding many leaf models is usually a report being rebuilt several times over,
    each leaf re-deriving the same logic.
    How to fix: Move the shared logic into one downstream model, or make the leaves read a
    single reporting model.
    """
    found = []
    for model in project.models:
        leaves = [c for c in project.children_of(model, "model") if is_leaf(project, c)]
        if len(leaves) >= MODELS_FANOUT_THRESHOLD:
            found.append(
                violation(
                    model,
                    f"has {len(leaves)} direct leaf children ({names(leaves)}), "
                    f"threshold {MODELS_FANOUT_THRESHOLD}",
                )
            )
    return found


@rule("fct_multiple_sources_joined", "modelling")
def multiple_sources_joined(project: Project) -> list[str]:
    """A model reading more than one source [fct_multiple_sources_joined].

    Why: Joining sources in one model mixes two systems' raw shapes before either is cleaned.
    How to fix: Give each source its own staging model and join the staged models in an
    intermediate model.
    """
    return [
        violation(model, f"joins {len(sources)} sources ({names(sources)})")
        for model in project.models
        if len(sources := project.parents_of(model, "source")) > 1
    ]


@rule("fct_rejoining_of_upstream_concepts", "modelling")
def rejoining_of_upstream_concepts(project: Project) -> list[str]:
    """A→B→C and A→C where B's only child is C [fct_rejoining_of_upstream_concepts].

    Reported on C, the model that rejoins A; B could be a CTE of C. Exposures
    are left out of the graph, as in the evaluator.

    Why: A→B→C with A→C, where B serves only C: B is a step of C split out for no reader, and C
    reads A twice.
    How to fix: Fold B into C as a CTE, or give B a second reader that justifies it.
    """
    found = []
    for child in project.models:
        problems = [
            f"reads {ids(rejoined)} directly and through {between.unique_id}, whose only child it is"
            for between in project.parents_of(child)
            if [c.unique_id for c in _children_without_exposures(project, between)] == [child.unique_id]
            if (rejoined := [p for p in project.parents_of(between) if p.unique_id in child.parents])
        ]
        if problems:
            found.append(violation(child, *problems))
    return found


def _children_without_exposures(project: Project, node: Node) -> list[Node]:
    return [c for c in project.children_of(node) if c.resource_type not in ("exposure", "metric")]


@rule("fct_root_models", "modelling")
def root_models(project: Project) -> list[str]:
    """A model with no parents (no ref, source or seed) [fct_root_models], bar ROOT_MODEL_ALLOW_LIST.

    Why: A model with no parents cannot be traced to any input: its rows come from nowhere dbt
    can see.
    How to fix: Read its inputs with ref(), source() or a seed; a true exception goes in
    ROOT_MODEL_ALLOW_LIST with its reason.
    """
    return [
        violation(model, "has no parents: it reads no ref(), source() or seed")
        for model in project.models
        if not model.parents and model.name not in ROOT_MODEL_ALLOW_LIST
    ]


@rule("fct_source_fanout", "modelling")
def source_fanout(project: Project) -> list[str]:
    """A source read by more than one model [fct_source_fanout].

    Why: A source read by several models is cleaned in several places, which drift apart.
    How to fix: Read the source in one staging model and ref() that model everywhere else.
    """
    return [
        violation(
            source, f"read by {len(children)} models ({names(children)}); only its staging model should"
        )
        for source in project.sources
        if len(children := project.children_of(source, "model")) > 1
    ]


@rule("fct_staging_dependent_on_marts_or_intermediate", "modelling")
def staging_dependent_on_marts_or_intermediate(project: Project) -> list[str]:
    """A staging model reading an intermediate, marts or reporting model.

    [fct_staging_dependent_on_marts_or_intermediate]

    Why: Staging is the first layer: reading a later layer makes a cycle of meaning, and the
    staging model no longer reflects its source.
    How to fix: Move the logic that needs the later model into an intermediate model.
    """
    return _staging_models_reading(project, DOWNSTREAM_TYPES)


@rule("fct_staging_dependent_on_staging", "modelling")
def staging_dependent_on_staging(project: Project) -> list[str]:
    """A staging model reading another staging model [fct_staging_dependent_on_staging].

    Why: One staging model per source table keeps the raw-to-typed step flat; a chain of staging
    models hides a transformation in the wrong layer.
    How to fix: Read the source directly in each staging model, and do joins or derivations in
    intermediate models.
    """
    return _staging_models_reading(project, {"staging"})


def _staging_models_reading(project: Project, kinds: Collection[str]) -> list[str]:
    """One violation per staging model reading models of the given kinds."""
    found = []
    for model in project.models:
        read = [p for p in project.parents_of(model, "model") if kind_of(p) in kinds]
        if kind_of(model) == "staging" and read:
            described = ", ".join(f"{kind_of(p)} model {p.unique_id}" for p in read)
            found.append(violation(model, f"staging model selects from {described}"))
    return found


@rule("fct_unused_sources", "modelling")
def unused_sources(project: Project) -> list[str]:
    """A source table nothing reads (tests aside) [fct_unused_sources].

    Why: A declared source nothing reads is dead contract: it is landed and checked for nothing.
    How to fix: Remove the source, or build the staging model that reads it.
    """
    return [
        violation(source, "source table is declared but no model reads it")
        for source in project.sources
        if not project.children_of(source)
    ]


@rule("fct_too_many_joins", "modelling")
def too_many_joins(project: Project) -> list[str]:
    """A model bringing together too many relations [fct_too_many_joins].

    The evaluator's measure: TOO_MANY_JOINS_THRESHOLD (7) or more distinct direct
    parents. Also (this project's own limit) more than 7 JOIN clauses in its SQL.

    Why: A model bringing together many relations is hard to read and test: each join is a place
    for fan-out or lost rows.
    How to fix: Group related parents in an intermediate model (a union or a prepared join) and
    read that.
    """
    found = []
    for model in project.models:
        problems = []
        if (parents := len(project.parents_of(model))) >= TOO_MANY_JOINS_THRESHOLD:
            problems.append(f"reads {parents} relations (threshold {TOO_MANY_JOINS_THRESHOLD})")
        if (joins := join_count(model.raw_code)) > TOO_MANY_JOINS_THRESHOLD:
            problems.append(f"has {joins} joins in its SQL (more than {TOO_MANY_JOINS_THRESHOLD})")
        if problems:
            found.append(violation(model, *problems))
    return found

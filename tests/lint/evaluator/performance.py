"""Performance rules: chains of views and what exposures read (the evaluator's "performance"
category)."""

from __future__ import annotations

from collections.abc import Iterable

from evaluator.project import CHAINED_VIEWS_THRESHOLD, NON_PHYSICAL_MATERIALIZATIONS, Node, Project, violation
from evaluator.registry import rule


def longest_view_chain(project: Project, model: Node) -> list[Node]:
    """The longest chain of consecutive view/ephemeral models ending at a direct parent of a model."""
    memo: dict[str, list[Node]] = {}

    def chain_to(node: Node) -> list[Node]:
        if node.unique_id not in memo:
            if node.resource_type != "model" or node.materialized not in NON_PHYSICAL_MATERIALIZATIONS:
                memo[node.unique_id] = []
            else:
                memo[node.unique_id] = [*_longest(chain_to(p) for p in project.parents_of(node)), node]
        return memo[node.unique_id]

    return _longest(chain_to(parent) for parent in project.parents_of(model))


def _longest(chains: Iterable[list[Node]]) -> list[Node]:
    return max(chains, key=len, default=[])


@rule("fct_chained_views_dependencies", "performance")
def chained_views_dependencies(project: Project) -> list[str]:
    """A model on a chain of views longer than CHAINED_VIEWS_THRESHOLD (5) [fct_chained_views_dependencies].

    As the evaluator: flagged when the distance from the chain's first view to the
    model exceeds the threshold, i.e. 6 or more views in a row above it.

    Why: A long chain of views is recomputed at every read: the last model pays for all of them,
    every time.
    How to fix: Materialise a model in the middle of the chain as a table.
    """
    return [
        violation(
            model,
            f"depends on a chain of {len(chain)} views ({' -> '.join(n.name for n in chain)}), "
            f"more than {CHAINED_VIEWS_THRESHOLD}",
        )
        for model in project.models
        if len(chain := longest_view_chain(project, model)) > CHAINED_VIEWS_THRESHOLD
    ]


@rule("fct_exposure_parents_materializations", "performance")
def exposure_parents_materializations(project: Project) -> list[str]:
    """An exposure reading a source or a view/ephemeral model [fct_exposure_parents_materializations].

    Why: An exposure (a notebook, a BI tier) reading a view or a source recomputes or reads raw
    data at every refresh.
    How to fix: Point the exposure at table-materialised marts or reporting models.
    """
    found = []
    for exposure in project.exposures:
        bad = [
            p
            for p in project.parents_of(exposure)
            if p.resource_type == "source"
            or (p.resource_type == "model" and p.materialized in NON_PHYSICAL_MATERIALIZATIONS)
        ]
        if bad:
            described = ", ".join(f"{p.unique_id} ({p.materialized or p.resource_type})" for p in bad)
            found.append(violation(exposure, f"reads {described}; exposures should read tables"))
    return found

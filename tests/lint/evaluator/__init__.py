"""dbt Labs' dbt-project-evaluator rules, re-implemented as pure Python over dbt's manifest.json.

The evaluator is a dbt package (it cannot be installed here: `dbt deps` has no
registry), so its rules are rebuilt over `target/manifest.json`, as the NHS North
Central London ICB project does in its CI. `load_project` turns a manifest into
a light graph; each rule is a function `rule(project) -> list[str]` returning one
human-readable violation per offending node, the node's unique id first.

Definitions and default thresholds follow the evaluator's `models/marts/*/fct_*.sql`
and `docs/rules/*.md`; where the project's conventions (README, "Linters")
are stricter or more specific (four layers, `_<dir>__models.yml`, the project's
own composite-key tests), the docstring says so.

Only the root project's nodes are checked (other packages' nodes stay in the
graph as parents and children, but are never reported).

Rules by the evaluator's categories, a module each: modelling, testing, documentation, structure,
performance, governance. Each rule's docstring says why it matters and how to fix what it finds.
"""

from __future__ import annotations

from evaluator import documentation, governance, modelling, performance, structure, testing
from evaluator.project import Project, load_project
from evaluator.registry import RULES, Rule, evaluator_name

CATEGORIES = (modelling, testing, documentation, structure, performance, governance)
# Every rule, once the category modules above have registered theirs.
ALL_RULES: tuple[Rule, ...] = tuple(RULES)

__all__ = ["ALL_RULES", "CATEGORIES", "RULES", "Project", "Rule", "evaluator_name", "load_project"]

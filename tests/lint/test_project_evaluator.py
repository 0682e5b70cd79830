"""dbt-project-evaluator's rules over this project's manifest (`dbt parse`, no database needed).

One test per rule; a failing test lists every violation, one line each.
"""

from __future__ import annotations

import pytest
from evaluator import ALL_RULES, RULES, Project, Rule, evaluator_name, load_project

from cmoe.paths import PROJECT_DIR


@pytest.fixture(scope="session")
def project(manifest: dict) -> Project:
    """The project's graph, from the manifest of `dbt parse` (tests/lint/conftest.py)."""
    return load_project(manifest)


def test_manifest_holds_the_project_models(project: Project) -> None:
    """Guard against rules passing on an empty graph: every models/*.sql file is a checked model."""
    model_files = {
        f"models/{p.relative_to(PROJECT_DIR / 'models')}" for p in (PROJECT_DIR / "models").rglob("*.sql")
    }
    assert model_files
    assert {model.file_path for model in project.models} == model_files
    assert project.sources and project.tests


@pytest.mark.parametrize("rule", ALL_RULES, ids=evaluator_name)
def test_project_follows_rule(project: Project, rule: Rule) -> None:
    violations = rule(project)
    info = RULES[rule]
    assert not violations, (
        f"{info.evaluator_name} ({info.category}): {len(violations)} violation(s)\n" + "\n".join(violations)
    )

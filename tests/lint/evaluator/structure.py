"""Structure rules: names and folders of models, sources, YAML and tests (the evaluator's
"structure" category, with the project's own conventions)."""

from __future__ import annotations

import posixpath

from evaluator.project import (
    DBT_TESTS_DIR,
    FOLDER_OF_LAYER,
    FREE_TEST_FOLDERS,
    LAYER_FOLDERS,
    PREFIX_TYPES,
    STAGING_NAME,
    Node,
    Project,
    layer_of,
    staging_system,
    type_of,
    violation,
)
from evaluator.registry import rule


@rule("fct_model_naming_conventions", "structure")
def model_naming_conventions(project: Project) -> list[str]:
    """A model whose name does not fit its layer's prefix [fct_model_naming_conventions].

    staging stg_<system>__<entity> (system = its folder under models/staging),
    intermediate int_, marts fct_/dim_, reporting rpt_. Models outside the layer
    folders are left to fct_model_directories.

    Why: A model's prefix says its layer at a glance (stg_, int_, fct_/dim_, rpt_); a wrong
    prefix misleads every reader and selector.
    How to fix: Rename the model for its layer (and its folder), updating its refs.
    """
    found = []
    for model in project.models:
        layer = layer_of(model)
        if layer is None:
            continue
        prefixes = [prefix for prefix, kind in PREFIX_TYPES.items() if kind == layer]
        if not model.name.startswith(tuple(prefixes)):
            found.append(violation(model, f"{layer} model should be named {' or '.join(prefixes)}..."))
        elif layer == "staging" and (problem := _staging_name_problem(model)):
            found.append(violation(model, problem))
    return found


def _staging_name_problem(model: Node) -> str | None:
    match = STAGING_NAME.match(model.name)
    if not match:
        return "staging model should be named stg_<system>__<entity>"
    system = staging_system(model)
    if system and match["system"] != system:
        return f"staging model in models/staging/{system} should be named stg_{system}__<entity>"
    return None


@rule("fct_model_directories", "structure")
def model_directories(project: Project) -> list[str]:
    """A model outside the folder of its type [fct_model_directories].

    The type from the prefix must match the layer from the folder; a staging model
    must sit in models/staging/<source_name> of each source it reads.

    Why: Folders carry configuration (schema, materialisation, test severity): a model in the
    wrong folder is built as the wrong kind.
    How to fix: Move the model to the folder of its type: models/staging/<source>,
    models/intermediate/..., models/marts/core or reporting.
    """
    found = []
    for model in project.models:
        problems = []
        declared, layer = type_of(model), layer_of(model)
        if declared and declared != layer:
            problems.append(
                f"{declared} model is in {model.directory}, not under {FOLDER_OF_LAYER[declared]}"
            )
        elif declared is None and layer is None:
            problems.append(f"{model.directory} is not a layer folder ({', '.join(LAYER_FOLDERS)})")
        if declared == "staging":
            problems += [
                f"reads source {source.display_name}, so belongs in {expected}"
                for source in project.parents_of(model, "source")
                if model.directory != (expected := f"{FOLDER_OF_LAYER['staging']}/{source.source_name}")
            ]
        if problems:
            found.append(violation(model, *problems))
    return found


@rule("fct_source_directories", "structure")
def source_directories(project: Project) -> list[str]:
    """A source declared outside models/staging/<source_name> [fct_source_directories].

    Why: A source declared away from its staging models is hard to find and may be configured
    differently.
    How to fix: Declare it in models/staging/<source_name>/_<source_name>__sources.yml.
    """
    return [
        violation(source, f"declared in {source.file_path}, not in {expected}/")
        for source in project.sources
        if source.directory != (expected := f"{FOLDER_OF_LAYER['staging']}/{source.source_name}")
    ]


@rule("fct_resource_yml_naming_conventions", "structure")
def resource_yml_naming_conventions(project: Project) -> list[str]:
    """Properties YAML misplaced or misnamed [fct_resource_yml_naming_conventions, project convention].

    One YAML per folder: a model's properties in its own folder's _<dir>__models.yml,
    a source in its folder's _<dir>__sources.yml.

    Why: One properties file per folder, named for it, is where a newcomer looks first.
    How to fix: Move the model's or source's entry to its own folder's _<dir>__models.yml or
    _<dir>__sources.yml.
    """
    found = []
    for node in [*project.models, *project.sources]:
        yaml_path = node.yaml_path if node.resource_type == "model" else node.file_path
        if yaml_path and (problems := _yaml_problems(node, yaml_path)):
            found.append(violation(node, *problems))
    return found


def _yaml_problems(node: Node, yaml_path: str) -> list[str]:
    directory = node.directory if node.resource_type == "model" else posixpath.dirname(yaml_path)
    expected = f"_{posixpath.basename(directory)}__{node.resource_type}s.yml"
    problems = []
    if posixpath.dirname(yaml_path) != directory:
        problems.append(f"properties in {yaml_path}, not in the model's folder {directory}")
    if posixpath.basename(yaml_path) != expected:
        problems.append(f"properties file {posixpath.basename(yaml_path)} should be named {expected}")
    return problems


@rule("fct_test_directories", "structure")
def test_directories(project: Project) -> list[str]:
    """A test away from its model's folder [fct_test_directories, project convention].

    A generic test must be declared in the YAML of its model's folder (evaluator);
    a singular test must sit in tests/dbt/<folder of a model it reads> (mirroring
    models/) or in tests/dbt/macros or tests/dbt/generic (project convention).

    Why: A test beside its model is found and changed with it; a test elsewhere is forgotten.
    How to fix: Declare generic tests in the YAML of the model's folder; put a singular test
    under tests/dbt/ mirroring a model it reads (or tests/dbt/macros, tests/dbt/generic).
    """
    found = []
    for test in project.tests:
        if test.test_name is not None:
            problem = _generic_test_problem(project, test)
        else:
            problem = _singular_test_problem(project, test)
        if problem:
            found.append(violation(test, problem))
    return found


def _generic_test_problem(project: Project, test: Node) -> str | None:
    model = project.nodes.get(test.attached_node or "")
    if model is None or model.resource_type != "model" or test.directory == model.directory:
        return None
    return f"tests {model.unique_id} but is declared in {test.directory}, not in {model.directory}"


def _singular_test_problem(project: Project, test: Node) -> str | None:
    if test.directory.startswith(FREE_TEST_FOLDERS):
        return None
    mirrors = {
        f"{DBT_TESTS_DIR}/" + m.directory.removeprefix("models/") for m in project.parents_of(test, "model")
    }
    if test.directory in mirrors:
        return None
    expected = " or ".join(sorted(mirrors) + list(FREE_TEST_FOLDERS))
    return f"singular test in {test.directory}, should be in {expected}"

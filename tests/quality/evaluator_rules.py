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
"""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

# --- Thresholds (the evaluator's defaults) -------------------------------------------------------

MODELS_FANOUT_THRESHOLD = 3  # var models_fanout_threshold: flagged at >= 3 direct leaf children
TOO_MANY_JOINS_THRESHOLD = 7  # var too_many_joins_threshold: flagged at >= 7 distinct direct parents
CHAINED_VIEWS_THRESHOLD = 5  # var chained_views_threshold: flagged when the chain distance is > 5
TEST_COVERAGE_TARGET = 100.0  # var test_coverage_target (percent of models with at least one test)
DOCUMENTATION_COVERAGE_TARGET = 100.0  # var documentation_coverage_target (percent described)

# Models allowed to have no parents (fct_root_models), each with its reason. Empty:
# every model of the project reads a ref, a source or a seed. The evaluator's one
# accepted case is a calendar built from a date spine alone; dim_calendar reads the
# term-date, bank-holiday and census-date seeds, so it needs no entry.
ROOT_MODEL_ALLOW_LIST: dict[str, str] = {}

# --- The project's layers --------------------------------------------------------------------------

# Layer of a model from its folder (the deepest folder that matches wins).
LAYER_FOLDERS: dict[str, str] = {
    "models/staging": "staging",
    "models/intermediate": "intermediate",
    "models/marts/core": "marts",
    "models/marts/reporting": "reporting",
}
FOLDER_OF_LAYER: dict[str, str] = {layer: folder for folder, layer in LAYER_FOLDERS.items()}

# Model type from its name's prefix.
PREFIX_TYPES: dict[str, str] = {
    "stg_": "staging",
    "int_": "intermediate",
    "fct_": "marts",
    "dim_": "marts",
    "rpt_": "reporting",
}
DOWNSTREAM_TYPES = frozenset({"intermediate", "marts", "reporting"})
NON_PHYSICAL_MATERIALIZATIONS = frozenset({"view", "ephemeral"})
STAGING_NAME = re.compile(r"^stg_(?P<system>[a-z0-9]+(?:_[a-z0-9]+)*)__(?P<entity>[a-z0-9]+(?:_[a-z0-9]+)*)$")

# Generic tests that make a primary key (names as in the test's test_metadata).
UNIQUE_TESTS = frozenset({"unique"})
# sequential_line_numbers proves (file, line) unique where the file reader numbers the rows
# (the attendance feed's staging view): n rows numbered first..first + n - 1.
UNIQUE_COMBINATION_TESTS = frozenset({"unique_combination_of_columns", "sequential_line_numbers"})
NOT_NULL_TESTS = frozenset({"not_null"})
NOT_NULL_COMBINATION_TESTS = frozenset({"not_null_combination"})

# Singular tests may sit in these folders whatever they test.
FREE_TEST_FOLDERS = ("tests/macros", "tests/generic")


# --- The graph -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A column declared in YAML: its description and whether a not-null constraint guards it."""

    name: str
    description: str
    has_not_null_constraint: bool


@dataclass(frozen=True)
class Node:
    """One resource of the manifest, with the fields the rules read (others left at their defaults)."""

    unique_id: str
    resource_type: str  # model, seed, source, test, exposure, snapshot, ...
    name: str
    package: str
    file_path: str  # original_file_path: the .sql file, or the YAML that declares it
    parents: tuple[str, ...] = ()
    description: str = ""
    # models
    materialized: str | None = None
    access: str | None = None
    contract_enforced: bool = False
    columns: tuple[Column, ...] = ()
    raw_code: str = ""
    yaml_path: str | None = None  # the properties YAML of a model (patch_path)
    # sources
    source_name: str | None = None
    source_description: str = ""
    location: str | None = None  # where the data is: external location, or database.schema.identifier
    has_freshness: bool = False
    # tests
    test_name: str | None = None  # generic test name; None for a singular test
    test_columns: tuple[str, ...] = ()
    attached_node: str | None = None

    @property
    def directory(self) -> str:
        return posixpath.dirname(self.file_path)

    @property
    def display_name(self) -> str:
        """`source_name.table` for sources, the name otherwise."""
        return f"{self.source_name}.{self.name}" if self.resource_type == "source" else self.name


@dataclass
class Project:
    """The manifest as a graph: nodes by id, parents from depends_on.nodes, children derived."""

    name: str
    nodes: dict[str, Node]
    children: dict[str, list[str]] = field(default_factory=dict)

    def __repr__(self) -> str:
        return f"Project({self.name!r}, {len(self.nodes)} nodes)"

    def __post_init__(self) -> None:
        children: dict[str, list[str]] = defaultdict(list)
        for node in self.nodes.values():
            for parent in node.parents:
                children[parent].append(node.unique_id)
        self.children = dict(children)

    def own(self, resource_type: str) -> list[Node]:
        """The root project's nodes of one type, in id order."""
        return sorted(
            (n for n in self.nodes.values() if n.resource_type == resource_type and n.package == self.name),
            key=lambda n: n.unique_id,
        )

    @property
    def models(self) -> list[Node]:
        return self.own("model")

    @property
    def sources(self) -> list[Node]:
        return self.own("source")

    @property
    def tests(self) -> list[Node]:
        return self.own("test")

    @property
    def exposures(self) -> list[Node]:
        return self.own("exposure")

    def parents_of(self, node: Node, *resource_types: str) -> list[Node]:
        """Direct parents (of the given types, if any are given) that are in the manifest."""
        found = (self.nodes[p] for p in dict.fromkeys(node.parents) if p in self.nodes)
        return [p for p in found if not resource_types or p.resource_type in resource_types]

    def children_of(self, node: Node, *resource_types: str) -> list[Node]:
        """Direct children in the DAG (tests are not part of it), of the given types if any."""
        found = (self.nodes[c] for c in dict.fromkeys(self.children.get(node.unique_id, [])))
        return [
            c
            for c in found
            if c.resource_type != "test" and (not resource_types or c.resource_type in resource_types)
        ]

    def tests_of(self, node: Node) -> list[Node]:
        """Tests of a node: generic tests attached to it, and singular tests that read it."""
        return [
            t
            for t in self.tests
            if t.attached_node == node.unique_id or (t.attached_node is None and node.unique_id in t.parents)
        ]


def load_project(manifest: dict[str, Any]) -> Project:
    """The graph of a manifest.json (as a dict); the root project is metadata.project_name."""
    entries = [
        *manifest.get("nodes", {}).values(),
        *manifest.get("sources", {}).values(),
        *manifest.get("exposures", {}).values(),
    ]
    nodes = {entry["unique_id"]: _node(entry) for entry in entries}
    return Project(name=manifest["metadata"]["project_name"], nodes=nodes)


def _node(entry: dict[str, Any]) -> Node:
    config = entry.get("config") or {}
    test_metadata = entry.get("test_metadata") or {}
    contract = entry.get("contract") or config.get("contract") or {}
    return Node(
        unique_id=entry["unique_id"],
        resource_type=entry["resource_type"],
        name=entry["name"],
        package=entry["package_name"],
        file_path=entry.get("original_file_path", ""),
        parents=tuple((entry.get("depends_on") or {}).get("nodes") or ()),
        description=entry.get("description") or "",
        materialized=config.get("materialized"),
        access=entry.get("access") or config.get("access"),
        contract_enforced=bool(contract.get("enforced")),
        columns=_columns(entry),
        raw_code=entry.get("raw_code") or entry.get("raw_sql") or "",
        yaml_path=_strip_package(entry.get("patch_path")),
        source_name=entry.get("source_name"),
        source_description=entry.get("source_description") or "",
        location=_source_location(entry) if entry["resource_type"] == "source" else None,
        has_freshness=_has_freshness(entry),
        test_name=test_metadata.get("name"),
        test_columns=_test_columns(entry),
        attached_node=entry.get("attached_node"),
    )


def _columns(entry: dict[str, Any]) -> tuple[Column, ...]:
    model_not_null = {
        column.lower()
        for constraint in entry.get("constraints") or ()
        if constraint.get("type") == "not_null"
        for column in constraint.get("columns") or ()
    }
    return tuple(
        Column(
            name=name,
            description=(column.get("description") or "").strip(),
            has_not_null_constraint=name.lower() in model_not_null
            or any(c.get("type") == "not_null" for c in column.get("constraints") or ()),
        )
        for name, column in (entry.get("columns") or {}).items()
    )


def _strip_package(patch_path: str | None) -> str | None:
    """`cmoe://models/x/_x__models.yml` -> `models/x/_x__models.yml`."""
    return patch_path.split("://", 1)[-1] if patch_path else None


def _source_location(entry: dict[str, Any]) -> str:
    external = ((entry.get("meta") or {}).get("external_location") or "").strip()
    if external:
        return " ".join(external.replace("{name}", entry["name"]).split()).lower()
    parts = (entry.get("database"), entry.get("schema"), entry.get("identifier") or entry["name"])
    return ".".join(str(part or "").lower() for part in parts)


def _has_freshness(entry: dict[str, Any]) -> bool:
    """A freshness criterion (warn_after or error_after with a count) and a field or query to test."""
    config = entry.get("config") or {}
    freshness = entry.get("freshness") or config.get("freshness") or {}
    has_criterion = any((freshness.get(key) or {}).get("count") for key in ("warn_after", "error_after"))
    has_field = any(entry.get(key) or config.get(key) for key in ("loaded_at_field", "loaded_at_query"))
    return bool(has_criterion and has_field)


def _test_columns(entry: dict[str, Any]) -> tuple[str, ...]:
    kwargs = (entry.get("test_metadata") or {}).get("kwargs") or {}
    columns = (
        kwargs.get("combination_of_columns")
        or [kwargs[key] for key in ("file_column", "line_column") if key in kwargs]
        or [entry.get("column_name") or kwargs.get("column_name")]
    )
    return tuple(str(c).strip().strip('"').lower() for c in columns if c)


# --- Shared helpers ---------------------------------------------------------------------------------


def layer_of(model: Node) -> str | None:
    """The layer a model's folder puts it in (deepest matching folder), None outside them."""
    matches = [
        folder
        for folder in LAYER_FOLDERS
        if model.directory == folder or model.directory.startswith(folder + "/")
    ]
    return LAYER_FOLDERS[max(matches, key=len)] if matches else None


def type_of(model: Node) -> str | None:
    """The model type its name's prefix declares, None for an unknown prefix."""
    return next((kind for prefix, kind in PREFIX_TYPES.items() if model.name.startswith(prefix)), None)


def kind_of(model: Node) -> str | None:
    """The evaluator's model type: from the prefix, else from the folder."""
    return type_of(model) or layer_of(model)


def staging_system(model: Node) -> str | None:
    """The folder right under models/staging holding a model (its source system), if any."""
    prefix = FOLDER_OF_LAYER["staging"] + "/"
    if not model.directory.startswith(prefix):
        return None
    return model.directory.removeprefix(prefix).split("/")[0]


def ids(nodes: Iterable[Node]) -> str:
    return ", ".join(n.unique_id for n in nodes)


def names(nodes: Iterable[Node]) -> str:
    return ", ".join(n.display_name for n in nodes)


def violation(node: Node | str, *problems: str) -> str:
    node_id = node if isinstance(node, str) else node.unique_id
    return f"{node_id}: {'; '.join(problems)}"


def coverage(covered: int, total: int) -> float:
    return 100.0 * covered / total if total else 100.0


def is_leaf(project: Project, node: Node) -> bool:
    return not project.children_of(node)


# SQL scanning: hard-coded relations and join counts are read from the SQL outside Jinja and comments.
_JINJA = re.compile(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", re.DOTALL)
_JINJA_COMMENTS_ONLY = re.compile(r"\{#.*?#\}", re.DOTALL)
_SQL_COMMENT = re.compile(r"--[^\n]*|/\*.*?\*/", re.DOTALL)
_FROM_VAR = re.compile(r"(?<!distinct\s)\b(?:from|join)\s+(\{\{\s*var\s*\([^)]*\)\s*\}\})", re.IGNORECASE)
_PART = r"[\[`\"']?\w+[\]`\"']?"
_HARD_CODED_RELATION = re.compile(
    rf"""(?<!distinct\s)\b(?:from|join)\s+
    (?P<relation>
        {_PART}\.{_PART}(?:\.{_PART})?(?=\s|$)   # schema.table or database.schema.table
      | "[^"\n]+" | '[^'\n]+' | `[^`\n]+` | \[[^\]\n]+\]   # a quoted identifier or file path
    )""",
    re.IGNORECASE | re.VERBOSE,
)
# DuckDB table functions that read files: for sources (external_location), never in models.
_FILE_READER = re.compile(
    r"\b(read_csv(?:_auto)?|read_parquet|parquet_scan|read_json(?:_auto|_objects)?|read_ndjson(?:_auto)?"
    r"|read_text|read_blob|read_xlsx|st_read|delta_scan|iceberg_scan)\s*\(",
    re.IGNORECASE,
)
_JOIN = re.compile(r"\bjoin\b", re.IGNORECASE)


def plain_sql(raw_code: str) -> str:
    """The SQL outside Jinja (each tag replaced by a placeholder word) and without comments."""
    return _SQL_COMMENT.sub(" ", _JINJA.sub(" __jinja__ ", raw_code))


def find_hard_coded_references(raw_code: str) -> list[str]:
    """Relations a model names directly instead of through ref() or source(), in order of appearance."""
    found = [match.group(1) for match in _FROM_VAR.finditer(_JINJA_COMMENTS_ONLY.sub(" ", raw_code))]
    sql = plain_sql(raw_code)
    found += [match.group("relation") for match in _HARD_CODED_RELATION.finditer(sql)]
    found += [f"{match.group(1)}(...)" for match in _FILE_READER.finditer(sql)]
    return list(dict.fromkeys(found))


def join_count(raw_code: str) -> int:
    """Number of JOIN clauses in a model's SQL (outside Jinja and comments)."""
    return len(_JOIN.findall(plain_sql(raw_code)))


# --- Rule registry ------------------------------------------------------------------------------------

Rule = Callable[[Project], list[str]]


@dataclass(frozen=True)
class RuleInfo:
    evaluator_name: str
    category: str


RULES: dict[Rule, RuleInfo] = {}


def rule(name: str, category: str) -> Callable[[Rule], Rule]:
    """Register a rule under the evaluator's name for it and its category (modelling, testing, ...)."""

    def register(function: Rule) -> Rule:
        RULES[function] = RuleInfo(name, category)
        return function

    return register


# --- Modelling ----------------------------------------------------------------------------------------


@rule("fct_direct_join_to_source", "modelling")
def direct_join_to_source(project: Project) -> list[str]:
    """A model that reads both a source and another model [fct_direct_join_to_source]."""
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
    """
    return [
        violation(model, f"{kind_of(model)} model selects directly from source {names(sources)}")
        for model in project.models
        if kind_of(model) in DOWNSTREAM_TYPES and (sources := project.parents_of(model, "source"))
    ]


@rule("fct_duplicate_sources", "modelling")
def duplicate_sources(project: Project) -> list[str]:
    """Two source tables for one database.schema.identifier or external location [fct_duplicate_sources]."""
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
    """A model reading more than one source [fct_multiple_sources_joined]."""
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
    """A model with no parents (no ref, source or seed) [fct_root_models], bar ROOT_MODEL_ALLOW_LIST."""
    return [
        violation(model, "has no parents: it reads no ref(), source() or seed")
        for model in project.models
        if not model.parents and model.name not in ROOT_MODEL_ALLOW_LIST
    ]


@rule("fct_source_fanout", "modelling")
def source_fanout(project: Project) -> list[str]:
    """A source read by more than one model [fct_source_fanout]."""
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
    """
    return _staging_models_reading(project, DOWNSTREAM_TYPES)


@rule("fct_staging_dependent_on_staging", "modelling")
def staging_dependent_on_staging(project: Project) -> list[str]:
    """A staging model reading another staging model [fct_staging_dependent_on_staging]."""
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
    """A source table nothing reads (tests aside) [fct_unused_sources]."""
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


# --- Testing ------------------------------------------------------------------------------------------


def primary_keys_tested(project: Project, model: Node) -> list[frozenset[str]]:
    """Column sets proved unique (unique, unique_combination_of_columns) whose every column is
    proved not null (not_null, not_null_combination, or a not-null constraint of an enforced contract)."""
    tests = [t for t in project.tests_of(model) if t.attached_node == model.unique_id]
    unique_keys = [
        frozenset(t.test_columns) for t in tests if t.test_name in UNIQUE_TESTS | UNIQUE_COMBINATION_TESTS
    ]
    not_null = {
        c for t in tests if t.test_name in NOT_NULL_TESTS | NOT_NULL_COMBINATION_TESTS for c in t.test_columns
    }
    if model.contract_enforced:
        not_null |= {c.name.lower() for c in model.columns if c.has_not_null_constraint}
    return [key for key in unique_keys if key and key <= not_null]


@rule("fct_missing_primary_key_tests", "testing")
def missing_primary_key_tests(project: Project) -> list[str]:
    """A model without a tested primary key [fct_missing_primary_key_tests].

    Accepted: unique + not_null on one column; the project's generic tests
    unique_combination_of_columns + not_null_combination on the same columns;
    or a unique test plus a not-null constraint of an enforced contract.
    """
    return [
        violation(model, "no primary-key test (unique + not_null, or the combination pair, on one key)")
        for model in project.models
        if not primary_keys_tested(project, model)
    ]


@rule("fct_sources_without_freshness", "testing")
def sources_without_freshness(project: Project) -> list[str]:
    """A source table without freshness [fct_sources_without_freshness].

    Freshness: warn_after or error_after with a count, and a loaded_at_field (or
    loaded_at_query), its own or inherited from the source (dbt resolves both).
    """
    return [
        violation(source, "no freshness: needs warn_after or error_after and a loaded_at_field")
        for source in project.sources
        if not source.has_freshness
    ]


def _below_target(
    project: Project, covered: Callable[[Node], bool], target: float, problem: str, measure: str
) -> list[str]:
    """One violation per uncovered model when the models' coverage is below target."""
    missing = [m for m in project.models if not covered(m)]
    percent = coverage(len(project.models) - len(missing), len(project.models))
    if percent >= target:
        return []
    return [violation(m, f"{problem} ({measure} {percent:.1f}% < {target:g}%)") for m in missing]


@rule("fct_test_coverage", "testing")
def test_coverage(project: Project) -> list[str]:
    """Share of models with at least one data test, below TEST_COVERAGE_TARGET (100%) [fct_test_coverage]."""
    return _below_target(
        project,
        lambda m: bool(project.tests_of(m)),
        TEST_COVERAGE_TARGET,
        "has no data test",
        "test coverage",
    )


# --- Documentation ------------------------------------------------------------------------------------


def is_described(node: Node) -> bool:
    return bool(node.description.strip())


@rule("fct_undocumented_models", "documentation")
def undocumented_models(project: Project) -> list[str]:
    """A model without a description [fct_undocumented_models]."""
    return [
        violation(model, "model has no description") for model in project.models if not is_described(model)
    ]


@rule("fct_undocumented_sources", "documentation")
def undocumented_sources(project: Project) -> list[str]:
    """A source (the source block, not its tables) without a description [fct_undocumented_sources]."""
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
    """A source table without a description [fct_undocumented_source_tables]."""
    return [
        violation(source, "source table has no description")
        for source in project.sources
        if not is_described(source)
    ]


@rule("fct_documentation_coverage", "documentation")
def documentation_coverage(project: Project) -> list[str]:
    """Share of models described, below DOCUMENTATION_COVERAGE_TARGET (100%) [fct_documentation_coverage]."""
    return _below_target(
        project, is_described, DOCUMENTATION_COVERAGE_TARGET, "has no description", "documentation coverage"
    )


# --- Structure ----------------------------------------------------------------------------------------


@rule("fct_model_naming_conventions", "structure")
def model_naming_conventions(project: Project) -> list[str]:
    """A model whose name does not fit its layer's prefix [fct_model_naming_conventions].

    staging stg_<system>__<entity> (system = its folder under models/staging),
    intermediate int_, marts fct_/dim_, reporting rpt_. Models outside the layer
    folders are left to fct_model_directories.
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
    """A source declared outside models/staging/<source_name> [fct_source_directories]."""
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
    a singular test must sit in tests/<folder of a model it reads> (mirroring
    models/) or in tests/macros or tests/generic (project convention).
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
    mirrors = {"tests/" + m.directory.removeprefix("models/") for m in project.parents_of(test, "model")}
    if test.directory in mirrors:
        return None
    expected = " or ".join(sorted(mirrors) + list(FREE_TEST_FOLDERS))
    return f"singular test in {test.directory}, should be in {expected}"


# --- Performance --------------------------------------------------------------------------------------


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
    """An exposure reading a source or a view/ephemeral model [fct_exposure_parents_materializations]."""
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


# --- Governance ---------------------------------------------------------------------------------------


def is_public(model: Node) -> bool:
    return model.access == "public"


@rule("fct_public_models_without_contract", "governance")
def public_models_without_contract(project: Project) -> list[str]:
    """A public model without an enforced contract [fct_public_models_without_contract]."""
    return [
        violation(model, "public model without an enforced contract")
        for model in project.models
        if is_public(model) and not model.contract_enforced
    ]


@rule("fct_undocumented_public_models", "governance")
def undocumented_public_models(project: Project) -> list[str]:
    """A public model undescribed, without columns, or with an undescribed column.

    [fct_undocumented_public_models]
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


ALL_RULES: tuple[Rule, ...] = tuple(RULES)


def evaluator_name(function: Rule) -> str:
    return RULES[function].evaluator_name

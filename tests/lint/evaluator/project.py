"""The project as the rules see it: dbt's manifest as a light graph of models, sources, seeds,
tests and exposures, the project's layers, and the helpers the rules share (the evaluator's
thresholds, SQL without comments, joins counted)."""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
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
# The dbt tests' folder (test-paths); pytest modules sit beside it, under tests/.
DBT_TESTS_DIR = "tests/dbt"
FREE_TEST_FOLDERS = (f"{DBT_TESTS_DIR}/macros", f"{DBT_TESTS_DIR}/generic")

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


def below_target(
    project: Project, covered: Callable[[Node], bool], target: float, problem: str, measure: str
) -> list[str]:
    """One violation per uncovered model when the models' coverage is below target."""
    missing = [m for m in project.models if not covered(m)]
    percent = coverage(len(project.models) - len(missing), len(project.models))
    if percent >= target:
        return []
    return [violation(m, f"{problem} ({measure} {percent:.1f}% < {target:g}%)") for m in missing]


def is_described(node: Node) -> bool:
    return bool(node.description.strip())

"""The landed extracts as the sources YAML defines them.

The sources YAML under models/staging/ is the one contract for every extract:
dbt reads it, the landing step and the arrival checks read it, and the
generator writes to it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from cmoe.paths import STAGING_MODELS_DIR

# Sources that are no extracts (written by the pipeline: landing, quality) have no landing_folder.
LANDING_FOLDER = "landing_folder"
FEED_SYSTEM = "attendance"


@dataclass(frozen=True)
class Extract:
    system: str  # dbt source name, also the landing folder
    table: str  # dbt source table, also the file-name prefix
    columns: tuple[str, ...]
    is_feed: bool  # the attendance feed lands in landing/, registers in seeds/extracts/

    def file_name(self, extract_date_text: str, suffix: str = "csv") -> str:
        return f"{self.table}_{extract_date_text}.{suffix}"

    def folder(self, extracts_root: Path, attendance_root: Path) -> Path:
        return attendance_root if self.is_feed else extracts_root / self.system


def declared_tables(staging_dir: Path = STAGING_MODELS_DIR) -> Iterator[tuple[Path, dict, dict]]:
    """Every source table of the sources YAML: (its file, its source, the table), in file order."""
    for path in sorted(staging_dir.glob("*/_*__sources.yml")):
        for source in yaml.safe_load(path.read_text(encoding="utf-8"))["sources"]:
            for table in source["tables"]:
                yield path, source, table


def extract_tables(staging_dir: Path = STAGING_MODELS_DIR) -> Iterator[tuple[Path, dict, dict]]:
    """The source tables that are extracts (their source has a landing_folder), as declared_tables."""
    for path, source, table in declared_tables(staging_dir):
        if ((source.get("config") or {}).get("meta") or {}).get(LANDING_FOLDER):
            yield path, source, table


def load_extracts(staging_dir: Path = STAGING_MODELS_DIR) -> dict[str, Extract]:
    """Every extract, keyed by table name, in the order the YAML lists them."""
    return {
        table["name"]: Extract(
            system=source["name"],
            table=table["name"],
            columns=tuple(column["name"] for column in table["columns"]),
            is_feed=source["name"] == FEED_SYSTEM,
        )
        for _, source, table in extract_tables(staging_dir)
    }


def source_columns(source_name: str, table_name: str) -> tuple[str, ...]:
    """The columns of a source table (one the pipeline writes, such as quality.arrival_issues)."""
    for _, source, table in declared_tables():
        if (source["name"], table["name"]) == (source_name, table_name):
            return tuple(column["name"] for column in table["columns"])
    raise KeyError(f"no source table {source_name}.{table_name} in the sources YAML")

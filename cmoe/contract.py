"""The landed extracts as the sources YAML defines them.

The sources YAML under models/staging/ is the one contract for every extract:
dbt reads it, the landing check reads it, and the generator writes to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from cmoe.paths import STAGING_MODELS_DIR


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


def load_extracts(staging_dir: Path = STAGING_MODELS_DIR) -> dict[str, Extract]:
    """Every extract, keyed by table name, in the order the YAML lists them."""
    extracts: dict[str, Extract] = {}
    for path in sorted(staging_dir.glob("*/_*__sources.yml")):
        for source in yaml.safe_load(path.read_text())["sources"]:
            if not ((source.get("config") or {}).get("meta") or {}).get("landing_folder"):
                continue  # not an extract: written by the pipeline (landing, quality)
            for table in source["tables"]:
                extracts[table["name"]] = Extract(
                    system=source["name"],
                    table=table["name"],
                    columns=tuple(column["name"] for column in table["columns"]),
                    is_feed=source["name"] == "attendance",
                )
    return extracts

"""The tiers of publication, public and restricted, and the models each publishes (as their YAML
declares: `config: meta: tier: public|restricted`)."""

from __future__ import annotations

import json
import stat
from dataclasses import dataclass
from pathlib import Path

DATABASE_FILE = "cmoe.duckdb"

READ_ONLY = stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH

OWNER_READ_ONLY = stat.S_IRUSR

OWNER_ONLY_FOLDER = stat.S_IRWXU

TIER_META = "tier"


@dataclass(frozen=True)
class Tier:
    """A tier of publication: its database file and exports folder, in a release and in warehouse/."""

    name: str
    database: str
    exports: str
    file_mode: int  # of its database and Parquet files
    folder_mode: int | None  # of its exports folder; None: as created


PUBLIC = Tier("public", DATABASE_FILE, "exports", READ_ONLY, None)

RESTRICTED = Tier("restricted", "restricted.duckdb", "restricted_exports", OWNER_READ_ONLY, OWNER_ONLY_FOLDER)

TIERS = (PUBLIC, RESTRICTED)


@dataclass(frozen=True)
class PublishedModel:
    """A model a release publishes, with its tier and the descriptions its tables carry."""

    schema: str
    name: str
    tier: str
    description: str
    column_descriptions: tuple[tuple[str, str], ...]

    def in_tier(self, tier: Tier) -> bool:
        """The restricted tier holds every published model; the public tier its own only."""
        return tier is RESTRICTED or self.tier == PUBLIC.name


class ReleaseError(Exception):
    """A publish or rollback that cannot be done as asked; the live release is left as it was."""


def published_models(manifest_path: Path) -> list[PublishedModel]:
    """Every model whose YAML declares a tier (`config: meta: tier: public|restricted`), from dbt's
    manifest. A model with public access (the reporting models) must declare one: a new report is
    published in neither tier until someone has decided which."""
    manifest = json.loads(manifest_path.read_text())
    found, undeclared = [], []
    for node in manifest["nodes"].values():
        if node["resource_type"] != "model":
            continue
        tier = model_tier(node)
        if tier is None:
            if node.get("access") == "public":
                undeclared.append(node["name"])
            continue
        if tier not in {each.name for each in TIERS}:
            raise ReleaseError(f"model {node['name']} declares tier {tier!r}: public or restricted")
        columns = tuple((name, column.get("description") or "") for name, column in node["columns"].items())
        found.append(
            PublishedModel(node["schema"], node["name"], tier, node.get("description") or "", columns)
        )
    if undeclared:
        raise ReleaseError(
            f"public models without a tier: {', '.join(sorted(undeclared))}; declare one in their YAML "
            "(config: meta: tier: public or restricted)"
        )
    return sorted(found, key=lambda model: (model.schema, model.name))


def model_tier(node: dict) -> str | None:
    """The tier a manifest node declares in its meta, if any."""
    meta = {**(node.get("meta") or {}), **((node.get("config") or {}).get("meta") or {})}
    return meta.get(TIER_META)

"""Publish a green build: readers never open the file dbt writes.

Each publish writes a release, `warehouse/releases/<stamp>/`, in two tiers,
each a database of tables and a folder of Parquet files:

- public (BI tools, the committee): `cmoe.duckdb` and `exports/`, the models
  whose YAML says `meta: {tier: public}`: pseudonymous child ids, month of
  birth, postcode sector, small numbers suppressed; no names or identifiers.
- restricted (caseworkers, the data team): `restricted.duckdb` and
  `restricted_exports/`, every published model (`tier: restricted` and the
  public ones): names, UPNs, dates of birth, the case lists, the data-quality
  rows with their values. Its files are readable by their owner only.

Each tier's database is written afresh from the build, table by table (with
the models' descriptions as comments): no view, nothing that reads outside
the release, none of the build's other tables. With them, `release.json`
(the dbt build's invocation id, when it was published, the extract dates,
each export's row count). The release is written in a hidden folder and
renamed into place whole, then goes live by renames: warehouse/exports and
warehouse/restricted_exports, links, point to its exports, and
warehouse/cmoe.duckdb and warehouse/restricted.duckdb are hard links to its
databases. A reader sees the old release or the new one, never half of each;
a stopped publish leaves a hidden folder, which the next one removes.

The last CMOE_RELEASES_KEPT releases are kept (3 by default), and never the
live one nor the one before it, which `cmoe rollback` puts back live (never
a release published before the tiers, whose one database held everything).

The package's modules: `tiers` (the tiers and the models each publishes),
`writing` (a release written and made live), `releases` (the releases kept,
going live and back, pruning).
"""

from __future__ import annotations

from cmoe.publish.releases import (
    RELEASE_FILE,
    RELEASES_KEPT_VARIABLE,
    Release,
    live_release,
    release_before,
    releases,
    releases_kept,
    rollback,
)
from cmoe.publish.tiers import (
    DATABASE_FILE,
    PUBLIC,
    RESTRICTED,
    TIERS,
    PublishedModel,
    ReleaseError,
    Tier,
    model_tier,
    published_models,
)
from cmoe.publish.writing import (
    publish,
)

# The names the rest of the project imports from cmoe.publish.
__all__ = [
    "DATABASE_FILE",
    "PUBLIC",
    "RELEASES_KEPT_VARIABLE",
    "RELEASE_FILE",
    "RESTRICTED",
    "TIERS",
    "PublishedModel",
    "Release",
    "ReleaseError",
    "Tier",
    "live_release",
    "model_tier",
    "publish",
    "published_models",
    "release_before",
    "releases",
    "releases_kept",
    "rollback",
]

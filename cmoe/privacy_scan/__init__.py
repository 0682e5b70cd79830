"""The privacy scan of a release's public tier: no value that identifies a child.

It reads every file of the public tier (the database, every table and
column of every schema, and every file of the exports folder) and compares
each value with what the landed extracts hold. The identifying values are
taken from the landed files' contents: each landed register (and the
attendance feed) is read, and its columns that the contract (the sources
YAML) tags `pii` give the values: names, UPNs, postcodes, addresses, the LA
systems' person ids and dates of birth. No column name of the public tier is
trusted: a value is found wherever it is.

What is a finding:

- **identifier**: a text value that is, once case, spaces and punctuation
  are set aside, any child's forename, surname, full name, UPN, postcode,
  address line or person id, or a date of birth as the extracts write it
  (dd/mm/yyyy).
- **joined**: a row that names a child by the pseudonymous id (a value equal
  to a child_id the restricted tier knows, or to a landed record's id,
  `<file>:<line>`, which it links to a child) and that holds, itself or in a row
  it joins to through a rarer shared value (a case reference, a record id),
  anything of that child's: a name or a part of one as a word in a text, a
  UPN, a postcode, a person id, or the exact date of birth, of any type and
  in any common format.
- **view**: a view or a macro: the release holds tables only, nothing that
  could read outside it.
- **unreadable**: a file of the exports folder the scan cannot read as
  Parquet.

A value the project holds itself (a cell of a seed or of DfE's published
files, a string in a model's or macro's SQL: 'summer', 'Current', a school's
name or postcode, an LA's name) is the warehouse's own word, not a child's:
it is no finding when it equals some child's forename, surname or postcode,
and its words are not read as names beside a child's id (nor are the words
of the landed files' names, 'pupil_roll_20221006.csv:12'). A full name is
always a finding, and so is any other text beside a child's id that holds a
word of the child's name.

Dates of birth are matched per child, not against every child: in an LA of
68,000 pupils every day of fifteen years is someone's birthday, so the day
a reason began or a report's as-at date equals some child's date of birth
by chance; a date identifies beside the child it belongs to.

The restricted tier is read for one thing: its identity links
(`marts.fct_identity_link`: each landed record's child_id), to put each
landed value with the pseudonymous id of its child.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from cmoe.paths import PROJECT_DIR
from cmoe.privacy_scan.checks import identifiers_anywhere, joined_to_a_child
from cmoe.privacy_scan.findings import Finding, describe
from cmoe.privacy_scan.landed import IdentifyingColumn, identifying_columns, load_identifiers
from cmoe.privacy_scan.public_tier import load_public
from cmoe.privacy_scan.vocabulary import load_vocabulary, project_vocabulary
from cmoe.publish import PUBLIC, RESTRICTED

# The names the rest of the project imports from cmoe.privacy_scan.
__all__ = [
    "Finding",
    "IdentifyingColumn",
    "describe",
    "identifying_columns",
    "project_vocabulary",
    "scan",
    "scan_release",
]


def scan_release(release: Path, landed_root: Path, staging_dir: Path | None = None) -> list[Finding]:
    """Scan a release folder's public tier (cmoe.duckdb and exports/) against the landed extracts;
    the restricted tier beside it (restricted.duckdb) gives the children's ids."""
    return scan(
        release / PUBLIC.database,
        release / PUBLIC.exports,
        release / RESTRICTED.database,
        landed_root,
        staging_dir,
    )


def scan(
    public_database: Path,
    public_exports: Path,
    restricted_database: Path,
    landed_root: Path,
    staging_dir: Path | None = None,
) -> list[Finding]:
    """Every finding in the public tier's database and exports folder (empty when it is clean)."""
    with duckdb.connect() as connection:
        connection.execute("set preserve_insertion_order = false")
        findings = load_public(connection, public_database, public_exports)
        load_identifiers(connection, landed_root, restricted_database, identifying_columns(staging_dir))
        load_vocabulary(connection, project_vocabulary(PROJECT_DIR, landed_root))
        findings += identifiers_anywhere(connection)
        findings += joined_to_a_child(connection)
    return findings

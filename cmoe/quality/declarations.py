"""What the arrival checks check: each extract column's declaration in the contract, and the code lists.

Every column of every extract in the sources YAML (models/staging/*/_*__sources.yml)
declares under `config: {meta: {arrival: {...}}}` what Great Expectations
checks on it when it arrives:

    type: text | date | number | integer | upn | urn    (default text)
    codes: <seed>.<column>      one of the codes of a reference seed's column
    values: [A, B]              one of a short list written here
    required: true              the register always carries a value
    unique: true                the value identifies one row of the extract
    plausible: true             (dates) between 1 January 2000 and the extract date

`date` is a date as dbt reads it (dd/mm/yyyy, day and month with or without a
leading zero, or yyyy-mm-dd); `number` and `integer` a number dbt can cast;
`upn` a unique pupil number of the right shape; `urn` the URN of one of the
LA's schools (the schools seed). Codes, values, UPNs and unique references are
compared as dbt compares them: trimmed, and in upper case unless the list has
lower-case letters (the deletion grounds such as 8(1)(b), the EHE suitability
outcomes), which are compared as written.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from cmoe.contract import FEED_SYSTEM, extract_tables
from cmoe.paths import REFERENCE_SEEDS_DIR, STAGING_MODELS_DIR

TYPES = ("text", "date", "number", "integer", "upn", "urn")
KEYS = frozenset({"type", "codes", "values", "required", "unique", "plausible"})
SCHOOLS = "schools.school_urn"
PLAUSIBLE_FROM = "2000-01-01"  # the first plausible date of a `plausible` column


class DeclarationError(ValueError):
    """A column's arrival declaration is missing or malformed (names the file, extract and column)."""


@dataclass(frozen=True)
class ColumnDeclaration:
    """What the arrival checks check on one column of an extract."""

    name: str
    type: str = "text"
    codes: str | None = None  # <seed>.<column>
    values: tuple[str, ...] = ()
    required: bool = False
    unique: bool = False
    plausible: bool = False
    pii: bool = False

    @property
    def allowed(self) -> tuple[str, ...]:
        """The values the column may hold: the declared list, the seed's codes or the LA's schools."""
        if self.values:
            return self.values
        if self.codes:
            return code_list(self.codes)
        if self.type == "urn":
            return code_list(SCHOOLS)
        return ()

    @property
    def list_name(self) -> str:
        """How a message names the list the values come from."""
        if self.codes:
            return self.codes
        if self.type == "urn":
            return SCHOOLS
        return ", ".join(self.values)

    @property
    def compared_as_code(self) -> bool:
        """Trimmed and upper-cased before comparing (dbt's clean_code), unless the list has lower case."""
        if self.type == "upn" or self.unique:
            return True
        if self.codes or self.values:
            return not any(value != value.upper() for value in self.allowed)
        return False


@dataclass(frozen=True)
class ExtractDeclaration:
    """An extract of the contract (a register or the attendance feed) and its columns' declarations."""

    system: str
    table: str
    is_feed: bool
    columns: tuple[ColumnDeclaration, ...]

    def column(self, name: str) -> ColumnDeclaration:
        return next(column for column in self.columns if column.name == name)


def _flag(value: object, where: str, key: str) -> bool:
    if not isinstance(value, bool):
        raise DeclarationError(f"{where}: {key} must be true or false, not {value!r}")
    return value


def parse_column(raw: dict, where: str) -> ColumnDeclaration:
    """One column of the sources YAML, as a declaration; DeclarationError if it has none or a bad one."""
    config = raw.get("config") or {}
    arrival = (config.get("meta") or {}).get("arrival")
    if not isinstance(arrival, dict):
        raise DeclarationError(f"{where}: no arrival declaration (config: {{meta: {{arrival: {{...}}}}}})")
    if unknown := set(arrival) - KEYS:
        raise DeclarationError(f"{where}: unknown arrival key(s) {', '.join(sorted(unknown))}")
    column_type = arrival.get("type", "text")
    if column_type not in TYPES:
        raise DeclarationError(f"{where}: type must be one of {', '.join(TYPES)}, not {column_type!r}")
    codes, values = arrival.get("codes"), tuple(str(value) for value in arrival.get("values") or ())
    if codes and values:
        raise DeclarationError(f"{where}: declare codes or values, not both")
    if codes:
        code_list(codes)  # raises DeclarationError for an unknown seed or column
    plausible = _flag(arrival.get("plausible", False), where, "plausible")
    if plausible and column_type != "date":
        raise DeclarationError(f"{where}: plausible applies to dates only")
    return ColumnDeclaration(
        name=raw["name"],
        type=column_type,
        codes=codes,
        values=values,
        required=_flag(arrival.get("required", False), where, "required"),
        unique=_flag(arrival.get("unique", False), where, "unique"),
        plausible=plausible,
        pii="pii" in (config.get("tags") or []),
    )


def load_declarations(staging_dir: Path = STAGING_MODELS_DIR) -> dict[str, ExtractDeclaration]:
    """Every extract of the contract with its columns' declarations, keyed by table, in YAML order."""
    return {
        table["name"]: ExtractDeclaration(
            system=source["name"],
            table=table["name"],
            is_feed=source["name"] == FEED_SYSTEM,
            columns=tuple(
                parse_column(column, f"{path.name}: {table['name']}.{column['name']}")
                for column in table["columns"]
            ),
        )
        for path, source, table in extract_tables(staging_dir)
    }


@cache
def code_list(reference: str, seeds_dir: Path = REFERENCE_SEEDS_DIR) -> tuple[str, ...]:
    """The distinct values of a seed's column (`<seed>.<column>`), in the seed's order."""
    seed, _, column = reference.partition(".")
    path = seeds_dir / f"{seed}.csv"
    if not column or not path.is_file():
        raise DeclarationError(f"codes: {reference!r} is not <seed>.<column> of a seed in {seeds_dir}")
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        if column not in (reader.fieldnames or ()):
            raise DeclarationError(f"codes: the {seed} seed has no column {column!r}")
        return tuple(dict.fromkeys(row[column].strip() for row in reader if row[column].strip()))

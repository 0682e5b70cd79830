"""SQL text for DuckDB: a name as an identifier, a value as a string, what comparing sets aside."""

from __future__ import annotations

from pathlib import Path

# Anything not a letter or a digit (of any script): set aside when values are compared.
NOT_ALNUM = r"[^\p{L}\p{N}]"


def identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def quoted(text: str | Path) -> str:
    return "'" + str(text).replace("'", "''") + "'"

"""Reading the published report tables (a tier's Parquet exports: warehouse/exports/*.parquet, the
public tier's, or warehouse/restricted_exports/*.parquet)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd


def read_report(exports_dir: str | Path, name: str) -> pd.DataFrame:
    """One published report table; a clear error if the warehouse has not been published."""
    exports = Path(exports_dir).resolve()
    if not exports.is_dir():
        raise FileNotFoundError(
            f"Exports folder not found: {exports}. Build and publish the warehouse first."
        )
    path = exports / f"{name}.parquet"
    if not path.is_file():
        raise FileNotFoundError(f"Report table not found: {path}")
    return pd.read_parquet(path)

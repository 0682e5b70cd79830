"""Where things live, relative to the project folder."""

from __future__ import annotations

from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
REFERENCE_SEEDS_DIR = PROJECT_DIR / "seeds" / "reference"
EXTRACTS_DIR = PROJECT_DIR / "seeds" / "extracts"
ATTENDANCE_DIR = PROJECT_DIR / "landing" / "attendance"
TRUTH_DIR = PROJECT_DIR / "truth"
WAREHOUSE_DIR = PROJECT_DIR / "warehouse"
BUILD_DATABASE = WAREHOUSE_DIR / "build" / "cmoe.duckdb"
OUTPUTS_DIR = PROJECT_DIR / "outputs"
NOTEBOOKS_DIR = PROJECT_DIR / "notebooks"
STAGING_MODELS_DIR = PROJECT_DIR / "models" / "staging"

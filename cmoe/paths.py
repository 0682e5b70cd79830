"""Where things live, relative to the project folder."""

from __future__ import annotations

from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
REFERENCE_SEEDS_DIR = PROJECT_DIR / "seeds" / "reference"
STAGING_MODELS_DIR = PROJECT_DIR / "models" / "staging"
NOTEBOOKS_DIR = PROJECT_DIR / "notebooks"
WAREHOUSE_DIR = PROJECT_DIR / "warehouse"
OUTPUTS_DIR = PROJECT_DIR / "outputs"

"""The landed files the arrival checks read, from the landing step's inventory."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from cmoe.landing import LANDING_REPORT
from cmoe.quality.declarations import ExtractDeclaration


@dataclass(frozen=True)
class LandedExtract:
    """One landed file of an extract, from the landing step's inventory."""

    extract: ExtractDeclaration
    source_file: str
    extract_date: date
    path: Path
    header_line: int | None  # None for Parquet
    arrived_columns: tuple[str, ...]  # the header as it arrived, matched fields under the contract's names
    landing_warnings: tuple[str, ...]  # what the landing step said of it

    @property
    def label(self) -> str:
        return f"{self.extract.system}/{self.source_file}"

    @property
    def batch(self) -> str:
        return Path(self.source_file).stem


def landed_inventory(landed_root: Path, declarations: dict[str, ExtractDeclaration]) -> list[LandedExtract]:
    """Every file landed (registers' copies and feed files), from `<landed_root>/_landing_report.json`."""
    report = json.loads((landed_root / LANDING_REPORT).read_text(encoding="utf-8"))
    files = []
    for entry in report["files"]:
        files.append(
            LandedExtract(
                declarations[entry["source_table"]],
                entry["source_file"],
                date.fromisoformat(entry["extract_date"]),
                Path(entry["landed_path"] or entry["raw_path"]),
                int(entry["header_line"]) if entry["header_line"] != "" else None,
                tuple(json.loads(entry["arrived_columns"])),
                tuple(entry["warnings"]),
            )
        )
    return files


def latest_files(files: list[LandedExtract]) -> set[str]:
    """The latest file of each register (the one compared with the previous run)."""
    latest: dict[str, LandedExtract] = {}
    for landed in files:
        current = latest.get(landed.extract.table)
        if current is None or (landed.extract_date, landed.source_file) > (
            current.extract_date,
            current.source_file,
        ):
            latest[landed.extract.table] = landed
    return {landed.source_file for landed in latest.values()}

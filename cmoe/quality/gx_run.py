"""Running suites: a GX context per run whose results and Data Docs live in the workspace.

The committed file context under expectations/ holds the suites only and
never collects a result. Each run makes an ephemeral context whose stores are
configured here: suites and validation definitions in memory, validation
results as JSON under `<quality_dir>/validations/`. The Data Docs under
`<quality_dir>/data_docs/` are drawn from those results by
cmoe.quality.data_docs (GX's own site needs the internet to show anything).
The arrival checks start a run afresh (`reset_run_folders`); the report
checks add their results beside them, so the index lists the arrival and
report validations of the last run.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import great_expectations as gx
import pandas as pd
from great_expectations.core import ExpectationSuiteValidationResult
from great_expectations.core.batch_definition import BatchDefinition
from great_expectations.core.run_identifier import RunIdentifier
from great_expectations.data_context import AbstractDataContext
from great_expectations.data_context.types.base import DataContextConfig, ProgressBarsConfig
from great_expectations.data_context.types.resource_identifiers import (
    ExpectationSuiteIdentifier,
    ValidationResultIdentifier,
)

from cmoe.quality.checks import SuiteParts, load_suite, split_suite
from cmoe.quality.data_docs import DOCS_FOLDER, EXTRACT_DATES_FILE, RESULTS_FOLDER, render_site

__all__ = ["DOCS_FOLDER", "GxRun", "context_config", "reset_run_folders"]
DATASOURCE = "cmoe"


def _in_memory(store: str) -> dict:
    return {"class_name": store, "store_backend": {"class_name": "InMemoryStoreBackend"}}


def _on_disk(store: str, folder: Path) -> dict:
    return {
        "class_name": store,
        "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(folder)},
    }


def context_config(quality_dir: Path) -> DataContextConfig:
    """An ephemeral context's configuration: results under quality_dir, the rest in memory (no GX
    Data Docs site: cmoe.quality.data_docs draws them)."""
    return DataContextConfig(
        stores={
            "expectations_store": _in_memory("ExpectationsStore"),
            "validation_results_store": _on_disk("ValidationResultsStore", quality_dir / RESULTS_FOLDER),
            "checkpoint_store": _in_memory("CheckpointStore"),
            "validation_definition_store": _in_memory("ValidationDefinitionStore"),
        },
        expectations_store_name="expectations_store",
        validation_results_store_name="validation_results_store",
        checkpoint_store_name="checkpoint_store",
        analytics_enabled=False,
        progress_bars=ProgressBarsConfig(globally=False),
    )


def reset_run_folders(quality_dir: Path) -> None:
    """A new run: the last run's validation results and Data Docs removed (history files are kept)."""
    for folder in (RESULTS_FOLDER, DOCS_FOLDER):
        shutil.rmtree(quality_dir / folder, ignore_errors=True)
    (quality_dir / EXTRACT_DATES_FILE).unlink(missing_ok=True)


@dataclass
class GxRun:
    """One run of suites (the arrival or the report checks) in its own context, with its Data Docs."""

    quality_dir: Path
    run_name: str

    def __post_init__(self) -> None:
        self.quality_dir.mkdir(parents=True, exist_ok=True)
        self.context: AbstractDataContext = gx.get_context(
            project_config=context_config(self.quality_dir), mode="ephemeral"
        )
        self.run_id = RunIdentifier(run_name=self.run_name, run_time=datetime.now(UTC))
        self.source = self.context.data_sources.add_pandas(DATASOURCE)
        self.identifiers: dict[str, ValidationResultIdentifier] = {}
        self._batches: dict[str, BatchDefinition] = {}
        self._suites: dict[str, SuiteParts] = {}

    def suites(self, name: str) -> SuiteParts:
        """A committed suite in its parts: header, checks, comparisons with the previous run."""
        if name not in self._suites:
            self._suites[name] = split_suite(load_suite(name))
        return self._suites[name]

    def _batch(self, name: str) -> BatchDefinition:
        if name not in self._batches:
            asset = self.source.add_dataframe_asset(name)
            self._batches[name] = asset.add_batch_definition_whole_dataframe(name)
        return self._batches[name]

    def validate(
        self,
        suite: gx.ExpectationSuite,
        batch_name: str,
        frame: pd.DataFrame,
        parameters: dict | None = None,
        index_columns: list[str] | None = None,
    ) -> ExpectationSuiteValidationResult:
        """Validate a DataFrame (a batch named batch_name) against a suite, every unexpected row listed."""
        if suite.name not in {existing.name for existing in self.context.suites.all()}:
            self.context.suites.add(suite)
        suite = self.context.suites.get(suite.name)
        batch = self._batch(batch_name)
        definition = self.context.validation_definitions.add(
            gx.ValidationDefinition(name=f"{suite.name} on {batch_name}", data=batch, suite=suite)
        )
        result_format: dict = {"result_format": "COMPLETE"}
        if index_columns:
            result_format["unexpected_index_column_names"] = index_columns
        result = definition.run(
            batch_parameters={"dataframe": frame},
            expectation_parameters=parameters or {},
            result_format=result_format,
            run_id=self.run_id,
        )
        self.identifiers[f"{suite.name} on {batch_name}"] = ValidationResultIdentifier(
            expectation_suite_identifier=ExpectationSuiteIdentifier(name=suite.name),
            run_id=self.run_id,
            batch_identifier=f"{DATASOURCE}-{batch_name}",
        )
        return result

    def build_docs(self) -> Path:
        """Draw the Data Docs (every stored validation of the run, and the index); the index page's path."""
        return render_site(self.quality_dir)

    def page(self, suite_name: str, batch_name: str) -> Path:
        """The Data Docs page of one validation of this run (drawn by build_docs)."""
        parts = self.identifiers[f"{suite_name} on {batch_name}"].to_tuple()
        return self.quality_dir / DOCS_FOLDER / RESULTS_FOLDER / Path(*parts[:-1]) / f"{parts[-1]}.html"

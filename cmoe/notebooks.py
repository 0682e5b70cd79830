"""Run the reporting notebooks headless with papermill.

The notebooks (``notebooks/*.ipynb``, paired with ``py:percent`` files by
jupytext) read only the warehouse's published Parquet exports and write CSV,
XLSX and PNG files. Each reads the tier it needs (``NOTEBOOK_TIERS``): the
public exports (``warehouse/exports``) where aggregates and pseudonymous ids
will do, the restricted ones (``warehouse/restricted_exports``, which hold
every published table) where it needs the case lists or raw counts. Each
executed copy, with its outputs, is kept in ``<output_dir>/notebooks/`` so a
run can be reviewed afterwards.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from cmoe import pages
from cmoe.pages import PageStamp, release_stamp
from cmoe.paths import NOTEBOOKS_DIR, OUTPUTS_DIR, WAREHOUSE_DIR
from cmoe.publish import PUBLIC, RESTRICTED

# Each notebook and the tier it reads: the committee's indicator table and the
# data-quality page need nothing restricted; the exclusion history and the
# termly return write the raw counts the committee and DfE receive; the
# attendance triggers and the case review are lists of children for their
# officers.
NOTEBOOK_TIERS = {
    "indicator_table": PUBLIC.name,
    "exclusion_history": RESTRICTED.name,
    "attendance_triggers": RESTRICTED.name,
    "data_quality": PUBLIC.name,
    "cmoe_case_review": RESTRICTED.name,
    "termly_return": RESTRICTED.name,
}
NOTEBOOKS = tuple(NOTEBOOK_TIERS)
# Notebooks also written as a web page without their code, for people who do not run them.
HTML_PAGES = ("data_quality",)
DEFAULT_EXPORTS_DIRS = {tier.name: WAREHOUSE_DIR / tier.exports for tier in (PUBLIC, RESTRICTED)}
KERNEL_NAME = "python3"
_RESERVED = frozenset({"exports_dir", "output_dir"})


class NotebookRunError(RuntimeError):
    """A reporting notebook could not be run or stopped with an error."""


def _kernel_config() -> dict[str, Any]:
    """Engine options that encrypt the kernel's local sockets where supported.

    jupyter_client 8.10+ can hand the kernel CurveZMQ keys (without them a
    recent ipykernel warns on every start that it runs unencrypted); older
    versions, or a libzmq without curve, keep the defaults.
    """
    import zmq
    from jupyter_client import KernelManager
    from traitlets.config import Config

    if not zmq.has("curve") or not KernelManager.class_traits().get("transport_encryption"):
        return {}
    return {"config": Config({"KernelManager": {"transport_encryption": "auto"}})}


def run_notebooks(
    exports_dir: Path | Mapping[str, Path] = DEFAULT_EXPORTS_DIRS,
    output_dir: Path = OUTPUTS_DIR,
    parameters: Mapping[str, Mapping[str, Any]] | None = None,
) -> list[Path]:
    """Execute every notebook in ``NOTEBOOKS`` and return the executed copies.

    ``exports_dir`` is the exports folder of each tier, keyed by tier name
    (``{"public": ..., "restricted": ...}``), or one folder for them all;
    each notebook is given its tier's (``NOTEBOOK_TIERS``) as ``exports_dir``.
    It and ``output_dir`` are passed as absolute paths; ``parameters`` adds
    per-notebook parameters, keyed by notebook name,
    e.g. ``{"indicator_table": {"end_of_year_periods": 3}}``. Notebooks run
    with the notebooks folder as working directory and kernel ``python3``.

    Raises ``NotebookRunError`` naming the notebook (and its error) when one
    fails; its executed copy, with the traceback, is still saved.
    """
    extra = dict(parameters or {})
    unknown = sorted(set(extra) - set(NOTEBOOKS))
    if unknown:
        raise ValueError(f"Parameters given for unknown notebooks {unknown}; known: {list(NOTEBOOKS)}")
    for name, values in extra.items():
        clash = sorted(_RESERVED & set(values))
        if clash:
            raise ValueError(f"Pass {clash} as arguments of run_notebooks, not as parameters of {name}")

    if isinstance(exports_dir, Mapping):
        missing = sorted(set(NOTEBOOK_TIERS.values()) - set(exports_dir))
        if missing:
            raise ValueError(f"No exports folder given for the tiers {missing}")
        exports_dirs = {tier: Path(folder).resolve() for tier, folder in exports_dir.items()}
    else:
        exports_dirs = dict.fromkeys(NOTEBOOK_TIERS.values(), Path(exports_dir).resolve())
    output_dir = Path(output_dir).resolve()
    executed_dir = output_dir / "notebooks"
    executed_dir.mkdir(parents=True, exist_ok=True)

    executed: list[Path] = []
    for number, name in enumerate(NOTEBOOKS, start=1):
        source = NOTEBOOKS_DIR / f"{name}.ipynb"
        target = executed_dir / f"{name}.ipynb"
        if not source.is_file():
            raise NotebookRunError(f"Notebook '{name}' not found: {source}")
        notebook_parameters = {
            "exports_dir": str(exports_dirs[NOTEBOOK_TIERS[name]]),
            "output_dir": str(output_dir),
            **extra.get(name, {}),
        }
        print(f"[{number}/{len(NOTEBOOKS)}] notebook {name} ...", end=" ", flush=True)
        started = time.monotonic()
        _execute(name, source, target, notebook_parameters)
        if name in HTML_PAGES:
            stamp = release_stamp(exports_dirs[NOTEBOOK_TIERS[name]])  # the run the page shows
            _write_html(target, output_dir / f"{name}.html", stamp)
        print(f"done in {time.monotonic() - started:.1f}s -> {target}", flush=True)
        executed.append(target)
    return executed


def _execute(name: str, source: Path, target: Path, parameters: dict[str, Any]) -> None:
    """Run one notebook with papermill into target; NotebookRunError naming it when it fails."""
    import papermill  # imported here: slow to import, and only needed to run

    try:
        papermill.execute_notebook(
            str(source),
            str(target),
            parameters=parameters,
            kernel_name=KERNEL_NAME,
            cwd=str(NOTEBOOKS_DIR),
            progress_bar=False,
            log_output=False,
            **_kernel_config(),
        )
    except papermill.PapermillExecutionError as error:
        print("failed", flush=True)
        raise NotebookRunError(
            f"Notebook '{name}' failed: {error.ename}: {error.evalue} "
            f"(executed copy with the traceback: {target})"
        ) from error
    except Exception as error:
        print("failed", flush=True)
        raise NotebookRunError(f"Notebook '{name}' could not run: {error}") from error


def _write_html(executed: Path, page: Path, stamp: PageStamp) -> None:
    """The executed notebook as a web page that works with no network: its text, tables and charts
    (inline images), not its code. nbconvert's "basic" template gives the cells alone, with no
    script or style from a CDN (its full templates load require.js and MathJax from the internet);
    cmoe.pages wraps them with inline style, a title and the run's stamp."""
    import nbformat
    from nbconvert import HTMLExporter

    notebook = nbformat.read(executed, as_version=4)
    exporter = HTMLExporter(
        template_name="basic", exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True
    )
    body, _ = exporter.from_notebook_node(notebook)
    page.write_text(pages.page(notebook_title(notebook, executed.stem), body, stamp), encoding="utf-8")


def notebook_title(notebook: Any, default: str) -> str:
    """The notebook's first heading (its `# Title` line), for the page's title."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return default

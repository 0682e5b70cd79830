"""The one command line: `cmoe <step>`; `cmoe run` does every step.

Every step works in a workspace folder (the project by default, or
`--root DIR`): registers in seeds/extracts/, the attendance feed in
landing/attendance/, the build and its published copy in warehouse/, the
notebooks' outputs in outputs/.
"""

from __future__ import annotations

import argparse
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from cmoe import dfe_statistics, increment, paths
from cmoe.dbt_runner import Build, run_dbt
from cmoe.generator import scenario as scenarios
from cmoe.landing import LandingError, land
from cmoe.pseudonyms import SaltError, ensure_salt
from cmoe.publish import ReleaseError
from cmoe.quality import ArrivalError, ReportError  # cheap: GX is imported when a check runs
from cmoe.spark import NoJava
from cmoe.stopping import DatabaseInUse, Stopped, ensure_not_in_use, stop_on_signals

DEFAULT_SEED = 20221006


@dataclass(frozen=True)
class Workspace:
    root: Path

    @property
    def extracts(self) -> Path:
        return self.root / "seeds" / "extracts"

    @property
    def attendance(self) -> Path:
        return self.root / "landing" / "attendance"

    @property
    def benchmarks(self) -> Path:
        """DfE's published files to compare the LA with: the workspace's own, else the project's."""
        own = self.root / "benchmarks" / "dfe"
        return own if own.is_dir() else dfe_statistics.BENCHMARKS_DIR

    @property
    def warehouse(self) -> Path:
        return self.root / "warehouse"

    @property
    def landed(self) -> Path:
        return self.warehouse / "landed"

    @property
    def quality(self) -> Path:
        """The quality checks' results, Data Docs and previous figures."""
        return self.warehouse / "quality"

    @property
    def outputs(self) -> Path:
        return self.root / "outputs"

    @property
    def truth(self) -> Path:
        return self.root / "truth"

    def attendance_format(self) -> str:
        """The attendance feed's format, from the files that have landed."""
        if any(self.attendance.glob("*.csv")) and not any(self.attendance.glob("*.parquet")):
            return "csv"
        return "parquet"

    def build(self, as_at_date: str | None = None) -> Build:
        return Build(
            extracts_root=self.extracts,
            attendance_root=self.attendance,
            landed_root=self.landed,
            database=self.warehouse / "build" / "cmoe.duckdb",
            target_path=self.root / "target",
            attendance_format=self.attendance_format(),
            as_at_date=as_at_date,
        )


def _step(message: str) -> None:
    print(f"==> {message}", flush=True)


def command_generate(workspace: Workspace, arguments: argparse.Namespace) -> None:
    from cmoe.generator import generate

    _step(f"Generating the {arguments.scenario} scenario (seed {arguments.seed}, scale {arguments.scale})")
    summary = generate(
        arguments.scenario,
        arguments.seed,
        arguments.scale,
        extracts_root=workspace.extracts,
        attendance_root=workspace.attendance,
        truth_root=workspace.truth,
        attendance_format=arguments.attendance_format,
    )
    print(
        f"  done in {summary['seconds']} s: registers in {workspace.extracts}, "
        f"feed in {workspace.attendance}, truth in {workspace.truth}"
    )


def command_check(workspace: Workspace, _: argparse.Namespace) -> None:
    from cmoe.quality import check_arrival

    _step("Landing the extracts (checked, and copied in the form dbt reads)")
    result = land(
        workspace.extracts,
        workspace.attendance,
        workspace.landed,
        workspace.attendance_format(),
        workspace.benchmarks,
    )
    for line in result.summary():
        print(f"  {line}")
    _step("Checking what arrived (Great Expectations)")
    arrival = check_arrival(workspace.landed, workspace.attendance_format(), workspace.quality)
    for line in arrival.summary():
        print(f"  {line}")


# The models built once every other test has run: they read the rows the tests flagged.
READS_TEST_FAILURES = "tag:reads_test_failures"


def command_build(workspace: Workspace, arguments: argparse.Namespace) -> None:
    ensure_not_in_use(workspace.build().database)
    command_check(workspace, arguments)
    ensure_salt(workspace.extracts)  # before dbt makes any pseudonymous id
    build = workspace.build(arguments.as_at)
    plan = increment.plan(build, full_refresh=getattr(arguments, "full_refresh", False))
    how = "adding the new feed files to the last build" if plan.incremental else "every model from the start"
    tests = "every test but those over the whole feed" if plan.incremental else "every test"
    _step(f"Building the warehouse with dbt ({how}: {plan.reason}; then {tests})")
    increment.forget(build)
    if not plan.incremental:
        # Start from an empty database, so that a seed whose columns changed or a model since
        # removed cannot linger into the release.
        for leftover in (build.database, build.database.with_name(build.database.name + ".wal")):
            leftover.unlink(missing_ok=True)
    # An increment rebuilds only what reads the feed: nothing else has changed.
    selection = ("--select", increment.FEED_DESCENDANTS) if plan.incremental else ()
    excluded = (increment.WHOLE_FEED_CHECKS,) if plan.incremental else ()
    # Two steps: every model and test, then the data-quality models that list the rows the
    # staging and intermediate tests flagged (those tests warn; the marts' tests still stop it).
    run_dbt(build, "build", *selection, "--exclude", *excluded, READS_TEST_FAILURES)
    run_dbt(build, "build", "--select", READS_TEST_FAILURES)
    increment.remember(build, plan.state)


def command_spark_build(workspace: Workspace, arguments: argparse.Namespace) -> None:
    from cmoe.spark import build_on_spark, spark_folder

    command_check(workspace, arguments)
    ensure_salt(workspace.extracts)
    build = workspace.build(arguments.as_at)
    _step(f"Building the warehouse on Spark (dbt-spark, a local session) in {spark_folder(build)}")
    seconds = build_on_spark(build, with_tests=not arguments.models_only)
    print(f"  built on Spark in {seconds:.0f} s")


def command_publish(workspace: Workspace, _: argparse.Namespace) -> None:
    from cmoe.publish import publish
    from cmoe.quality import check_reports

    build = workspace.build()
    _refuse_unfinished_build(build)
    _step("Checking the reports before publishing (Great Expectations)")
    reports = check_reports(build.database, workspace.warehouse / "exports", workspace.quality)
    for line in reports.summary():
        print(f"  {line}")
    _step("Publishing the build: the public and restricted tiers (read-only databases and Parquet exports)")
    publish(build.database, build.target_path / "manifest.json", workspace.warehouse)
    for line in _tier_lines(workspace.warehouse):
        print(f"  {line}")


def _tier_lines(warehouse: Path) -> list[str]:
    from cmoe.publish import TIERS

    return [f"{tier.name}: {warehouse / tier.database} and {warehouse / tier.exports}" for tier in TIERS]


def _refuse_unfinished_build(build: Build) -> None:
    """Publish only a build that ended green and that no other build is writing."""
    ensure_not_in_use(build.database)
    if not increment.finished_green(build):
        raise ReleaseError(
            "the last build did not end green (it failed or was stopped): run cmoe build, then cmoe publish"
        )


def command_rollback(workspace: Workspace, _: argparse.Namespace) -> None:
    from cmoe.publish import rollback

    warehouse = workspace.warehouse
    _step("Rolling back to the release published before the live one")
    release = rollback(warehouse)
    print(f"  {release.describe()} is live:")
    for line in _tier_lines(warehouse):
        print(f"    {line}")


def command_docs(workspace: Workspace, arguments: argparse.Namespace) -> None:
    from cmoe.docs_site import write_docs_site
    from cmoe.pages import release_stamp
    from cmoe.publish import PUBLIC

    build = workspace.build(getattr(arguments, "as_at", None))  # the build's vars: a partial parse
    _refuse_unfinished_build(build)
    _step("Writing dbt's docs site of the build (dbt docs generate --static)")
    page = write_docs_site(build, workspace.outputs, release_stamp(workspace.warehouse / PUBLIC.exports))
    print(f"  {page}")


def _copy_data_docs(workspace: Workspace) -> Path:
    """The run's Data Docs copied beside the pages that link to them (outputs/ is copied to shares)."""
    from cmoe.quality.data_docs import DOCS_FOLDER

    copy = workspace.outputs / DOCS_FOLDER
    shutil.rmtree(copy, ignore_errors=True)
    if (workspace.quality / DOCS_FOLDER).is_dir():
        shutil.copytree(workspace.quality / DOCS_FOLDER, copy)
    return copy / "index.html"


def command_notebooks(workspace: Workspace, _: argparse.Namespace) -> None:
    from cmoe.notebooks import run_notebooks
    from cmoe.publish import TIERS

    _step("Running the reporting notebooks")
    quality = workspace.quality
    data_docs = _copy_data_docs(workspace)
    run_notebooks(
        {tier.name: workspace.warehouse / tier.exports for tier in TIERS},
        workspace.outputs,
        {
            "data_quality": {
                "history_file": str(quality / "dq_history.csv"),
                "warnings_file": str(quality / "file_warnings.csv"),
                "data_docs_index": str(data_docs),
            }
        },
    )


def command_evaluate_linking(workspace: Workspace, _: argparse.Namespace) -> None:
    from cmoe.linking_evaluation import report

    build = workspace.build()
    _step(f"Record-to-child links of the last build against the truth in {workspace.truth}")
    for line in report(build.database, workspace.truth, build.target_path):
        print(f"  {line}" if not line.startswith("precision ") else line)


def command_run(workspace: Workspace, arguments: argparse.Namespace) -> None:
    started = time.perf_counter()
    if not any(workspace.extracts.glob("*/*.csv")):
        print("No extracts have landed: generating the default scenario (synthetic data).")
        defaults = argparse.Namespace(
            scenario="default", seed=DEFAULT_SEED, scale=1.0, attendance_format="parquet"
        )
        command_generate(workspace, defaults)
    command_build(workspace, arguments)
    command_publish(workspace, arguments)
    command_docs(workspace, arguments)
    command_notebooks(workspace, arguments)
    print(f"Done in {time.perf_counter() - started:.0f} s. Outputs in {workspace.outputs}:")
    for path in sorted(workspace.outputs.glob("*.*")):
        print(f"  {path.name}")
    for site in ("data_docs", "docs"):  # the web pages' folders, each opened at its index.html
        if (workspace.outputs / site / "index.html").is_file():
            print(f"  {site}/index.html")


def parser() -> argparse.ArgumentParser:
    main_parser = argparse.ArgumentParser(
        prog="cmoe", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    main_parser.add_argument(
        "--root", type=Path, default=paths.PROJECT_DIR, help="workspace folder (default: the project folder)"
    )
    steps = main_parser.add_subparsers(dest="step", required=True)
    generate = steps.add_parser("generate", help="write synthetic extracts from a simulated LA history")
    generate.add_argument("--scenario", default="default", help=f"one of: {', '.join(scenarios.SCENARIOS)}")
    generate.add_argument("--seed", type=int, default=DEFAULT_SEED)
    generate.add_argument("--scale", type=float, default=1.0, help="multiply the population and targets")
    generate.add_argument("--attendance-format", choices=("parquet", "csv"), default="parquet")
    generate.set_defaults(handler=command_generate)
    for name, handler, text in (
        ("check", command_check, "land the extracts and check what arrived (Great Expectations)"),
        ("build", command_build, "land and check the extracts, then dbt build"),
        ("publish", command_publish, "publish the last green build for readers"),
        ("spark-build", command_spark_build, "land and check the extracts, then dbt build on Spark"),
        ("rollback", command_rollback, "make the release published before the live one live again"),
        ("docs", command_docs, "write dbt's docs site of the last green build to outputs/docs/"),
        ("notebooks", command_notebooks, "run the reporting notebooks on the published exports"),
        ("run", command_run, "every step, generating the default scenario if nothing has landed"),
        (
            "evaluate-linking",
            command_evaluate_linking,
            "pairwise precision and recall of the last build's links against a generated scenario's truth",
        ),
    ):
        step = steps.add_parser(name, help=text)
        step.set_defaults(handler=handler)
        if name == "spark-build":
            step.add_argument("--models-only", action="store_true", help="dbt run: the models, no tests")
        if name in ("build", "run", "spark-build"):
            step.add_argument(
                "--as-at",
                metavar="YYYY-MM-DD",
                help="the reports' current date (default: the date the registers were extracted)",
            )
            step.add_argument(
                "--full-refresh",
                action="store_true",
                help="rebuild every model, even when only new attendance feed files came",
            )
    return main_parser


def main(argv: list[str] | None = None) -> int:
    arguments = parser().parse_args(argv)
    try:
        with stop_on_signals():
            arguments.handler(Workspace(arguments.root.resolve()), arguments)
    except (LandingError, ArrivalError, ReportError, DatabaseInUse, ReleaseError, SaltError, NoJava) as error:
        print(f"error: {error}")
        return 2
    except Stopped as stop:
        return _report_stop(stop)
    return 0


def _report_stop(stop: Stopped) -> int:
    """One line for a run stopped by SIGTERM or Ctrl-C, and the shell's exit code for it."""
    print(f"error: {stop}; the run and every process it started have ended; readers see the last release")
    return stop.exit_code

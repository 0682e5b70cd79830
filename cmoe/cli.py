"""The one command line: `cmoe <step>`; `cmoe run` does every step on the default scenario."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from cmoe import paths
from cmoe.dbt_runner import Build, run_dbt
from cmoe.landing import LandingError, check_landing


def default_build(attendance_format: str = "parquet") -> Build:
    return Build(
        extracts_root=paths.EXTRACTS_DIR,
        attendance_root=paths.ATTENDANCE_DIR,
        database=paths.BUILD_DATABASE,
        target_path=paths.PROJECT_DIR / "target",
        attendance_format=attendance_format,
    )


def _step(message: str) -> None:
    print(f"==> {message}", flush=True)


def _landed_format() -> str:
    """The attendance feed's format, from the files that have landed."""
    if any(paths.ATTENDANCE_DIR.glob("*.csv")) and not any(paths.ATTENDANCE_DIR.glob("*.parquet")):
        return "csv"
    return "parquet"


def command_generate(arguments: argparse.Namespace) -> None:
    from cmoe.generator import generate

    root = Path(arguments.output).resolve()
    _step(f"Generating the {arguments.scenario} scenario (seed {arguments.seed}, scale {arguments.scale})")
    summary = generate(
        arguments.scenario,
        arguments.seed,
        arguments.scale,
        extracts_root=root / "seeds" / "extracts",
        attendance_root=root / "landing" / "attendance",
        truth_root=root / "truth",
        attendance_format=arguments.attendance_format,
    )
    print(f"  done in {summary['seconds']} s: extracts under {root / 'seeds' / 'extracts'}, "
          f"feed under {root / 'landing' / 'attendance'}, truth under {root / 'truth'}")


def command_check(_: argparse.Namespace) -> None:
    _step("Checking the landed extracts")
    files = check_landing(paths.EXTRACTS_DIR, paths.ATTENDANCE_DIR, _landed_format())
    print(f"  {len(files)} files, every header as the contract says")


def command_build(arguments: argparse.Namespace) -> None:
    command_check(arguments)
    _step("Building the warehouse with dbt (seeds, models and every test)")
    run_dbt(default_build(_landed_format()), "build")


def command_publish(_: argparse.Namespace) -> None:
    from cmoe.publish import publish

    _step("Publishing the build (read-only copy and Parquet exports)")
    exports = publish(paths.BUILD_DATABASE, paths.PROJECT_DIR / "target" / "manifest.json", paths.WAREHOUSE_DIR)
    print(f"  {paths.WAREHOUSE_DIR / 'cmoe.duckdb'} and {exports}")


def command_notebooks(_: argparse.Namespace) -> None:
    from cmoe.notebooks import run_notebooks

    _step("Running the reporting notebooks")
    run_notebooks(paths.WAREHOUSE_DIR / "exports", paths.OUTPUTS_DIR)


def command_run(arguments: argparse.Namespace) -> None:
    started = time.perf_counter()
    if not any(paths.EXTRACTS_DIR.glob("*/*.csv")):
        print("No extracts have landed: generating the default scenario (synthetic data).")
        command_generate(
            argparse.Namespace(scenario="default", seed=DEFAULT_SEED, scale=1.0, output=paths.PROJECT_DIR,
                               attendance_format="parquet")
        )
    command_build(arguments)
    command_publish(arguments)
    command_notebooks(arguments)
    print(f"Done in {time.perf_counter() - started:.0f} s. Outputs: {paths.OUTPUTS_DIR}")


DEFAULT_SEED = 20221006


def parser() -> argparse.ArgumentParser:
    main_parser = argparse.ArgumentParser(prog="cmoe", description=__doc__)
    steps = main_parser.add_subparsers(dest="step", required=True)
    generate = steps.add_parser("generate", help="write synthetic extracts from a simulated LA history")
    generate.add_argument("--scenario", default="default", help="default or small")
    generate.add_argument("--seed", type=int, default=DEFAULT_SEED)
    generate.add_argument("--scale", type=float, default=1.0, help="multiply the population and targets")
    generate.add_argument("--output", default=str(paths.PROJECT_DIR),
                          help="folder to write seeds/extracts/, landing/attendance/ and truth/ under")
    generate.add_argument("--attendance-format", choices=("parquet", "csv"), default="parquet")
    generate.set_defaults(handler=command_generate)
    for name, handler, text in (
        ("check", command_check, "check that the extracts have landed with the right columns"),
        ("build", command_build, "check the extracts, then dbt build"),
        ("publish", command_publish, "publish the last green build for readers"),
        ("notebooks", command_notebooks, "run the reporting notebooks on the published exports"),
        ("run", command_run, "every step, generating the default scenario if nothing has landed"),
    ):
        steps.add_parser(name, help=text).set_defaults(handler=handler)
    return main_parser


def main(argv: list[str] | None = None) -> int:
    arguments = parser().parse_args(argv)
    try:
        arguments.handler(arguments)
    except LandingError as error:
        print(f"error: {error}")
        return 2
    return 0

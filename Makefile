# Northstar — `make demo` runs the pipeline end to end on DuckDB; `make test` runs every test.
# Both create .venv and install the pinned dependencies on first use (only Python 3.11 needed).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Lint/parse against their own DuckDB file so they never contend with a demo's writer lock.
LINT_ENV := NORTHSTAR_DUCKDB_PATH=target/lint.duckdb

.PHONY: help install demo test lint lint-sql lint-python unit integration ui docs bench clean

help:
	@echo "make demo   run the whole pipeline through Dagster on the embedded DuckDB"
	@echo "make test   lint (sqlfluff, ruff) and run every test (DuckDB and PostgreSQL)"
	@echo "make ui     open the Dagster UI on http://127.0.0.1:3000"
	@echo "make docs   build and serve the dbt docs on http://127.0.0.1:8080"
	@echo "make bench  the benchmark suite (sizes x targets), written into BENCHMARKS.md"

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Northstar needs Python 3.11 (set PYTHON=python3.11)"'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --constraint constraints.txt --editable '.[dev]'
	touch $(STAMP)

install: $(STAMP)

target/manifest.json: $(STAMP) dbt_project.yml profiles.yml $(shell find models macros seeds -type f 2>/dev/null)
	$(LINT_ENV) $(BIN)/dbt parse --profiles-dir . --quiet

demo: $(STAMP) target/manifest.json
	$(BIN)/northstar demo

# The dbt templater lints models and tests (macros are linted where they are used).
lint-sql: $(STAMP)
	$(LINT_ENV) $(BIN)/sqlfluff lint models tests/dbt --processes 2 --disable-progress-bar

PYTHON_DIRS := $(wildcard orchestration tests benchmarks)

lint-python: $(STAMP)
	$(BIN)/ruff check $(PYTHON_DIRS)
	$(BIN)/ruff format --check $(PYTHON_DIRS)

lint: lint-sql lint-python

test: lint target/manifest.json
	$(BIN)/pytest -n 2 --dist loadgroup --durations=15

# The demo materialises everything first; then the UI and daemon (schedules, landing sensor),
# with syncs sent to local destination servers (`northstar ui --help`).
ui: demo
	DAGSTER_HOME=$${DAGSTER_HOME:-$(CURDIR)/.dagster_home} $(BIN)/northstar ui --port 3000

# Sizes and targets: make bench BENCH_ARGS="--persons 100000 --persons 1000000 --target duckdb"
BENCH_ARGS ?= --persons 10000 --persons 100000 --target duckdb --target postgres
bench: $(STAMP) target/manifest.json
	$(BIN)/northstar bench suite $(BENCH_ARGS) --benchmarks-md

docs: $(STAMP)
	$(BIN)/dbt docs generate --profiles-dir .
	$(BIN)/dbt docs serve --profiles-dir . --host 127.0.0.1 --port 8080

clean:
	rm -rf target logs data .dagster_home

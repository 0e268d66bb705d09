# Twinreel: `make demo` installs and runs the whole job offline; `make test` installs and checks.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PYTEST_ARGS ?=

.PHONY: install demo test lint typecheck unit bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip uv
	$(BIN)/uv pip install -q --python $(BIN)/python -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/twinreel demo

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: install
	$(BIN)/mypy

unit: install
	$(BIN)/pytest -q $(PYTEST_ARGS)

test: lint typecheck unit

bench: install
	$(BIN)/uv pip install -q --python $(BIN)/python -e '.[dev,bench]'
	$(BIN)/python -m evals.benchmarks.render
	$(BIN)/python -m evals.benchmarks.memory
	$(BIN)/python -m evals.benchmarks.graph_overhead

clean:
	rm -rf $(VENV) .twinreel .pytest_cache .mypy_cache .ruff_cache

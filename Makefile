PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin

.PHONY: test lint typecheck demo bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(BIN)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev,cli]'
	touch $@

# The demo needs only the client and its `cli` extra (rich), not the test tools.
$(BIN)/.installed-cli: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[cli]'
	touch $@

demo: $(BIN)/.installed-cli
	$(BIN)/python -m scenario_async demo

lint: $(BIN)/.installed
	$(BIN)/ruff check scenario_async tests benchmarks examples
	$(BIN)/ruff format --check scenario_async tests benchmarks examples

typecheck: $(BIN)/.installed
	$(BIN)/mypy

# One test process per core: no test depends on the machine's speed or on another's state.
test: lint typecheck
	$(BIN)/pytest -n auto

# Our client against the official SDK and raw aiohttp, one run, a few minutes; prints a table
# and writes benchmarks/results/bench.json. Not part of `test`: no timing is a test.
bench: $(BIN)/.installed
	$(BIN)/python benchmarks/bench.py

clean:
	rm -rf $(VENV)

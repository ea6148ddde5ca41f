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

test: lint typecheck
	$(BIN)/pytest

clean:
	rm -rf $(VENV)

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin

.PHONY: test lint typecheck demo bench clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

lint: $(BIN)/.installed
	$(BIN)/ruff check scenario_async tests benchmarks
	$(BIN)/ruff format --check scenario_async tests benchmarks

typecheck: $(BIN)/.installed
	$(BIN)/mypy

test: lint typecheck
	$(BIN)/pytest

clean:
	rm -rf $(VENV)

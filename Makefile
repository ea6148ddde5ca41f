# Any Python from 3.11 to 3.13 will do: `python3` when it is one of them, else the newest of
# python3.13, python3.12 and python3.11 that runs here. Name another with PYTHON=/path/to/python.
IS_SUPPORTED := import sys; (3, 11) <= sys.version_info[:2] <= (3, 13) or sys.exit(1)
CANDIDATES := python3 python3.13 python3.12 python3.11
ifeq ($(origin PYTHON),undefined)
PYTHON := $(firstword $(foreach candidate,$(CANDIDATES),\
	$(shell $(candidate) -c '$(IS_SUPPORTED)' >/dev/null 2>&1 && echo $(candidate))))
endif
# What made the venv: a venv of another Python (or version of it) is made anew, not reused.
PYTHON_ID := $(if $(PYTHON),$(shell $(PYTHON) -c '$(IS_SUPPORTED); import platform; \
	print(platform.python_implementation().lower() + "-" + platform.python_version())' 2>/dev/null))

VENV ?= .venv
BIN := $(VENV)/bin
MADE_BY := $(VENV)/.made-by-$(PYTHON_ID)

.PHONY: test test-floor suite lint typecheck demo bench clean python

NO_PYTHON := make needs Python 3.11, 3.12 or 3.13, and \
	$(if $(PYTHON),$(PYTHON) is none of them,none of $(CANDIDATES) runs here): \
	install one, or name it, as in make test PYTHON=/path/to/python3.12

python:
ifeq ($(PYTHON_ID),)
	@echo "$(NO_PYTHON)" >&2
	@exit 2
endif

$(MADE_BY): | python
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	touch $@

# FLOOR_PINS, when set, names a file of pip constraints the install must meet (test-floor's).
$(BIN)/.installed: pyproject.toml $(MADE_BY) $(FLOOR_PINS)
	$(BIN)/pip install --quiet -e '.[dev,cli]' $(if $(FLOOR_PINS),--constraint $(FLOOR_PINS))
	touch $@

# The demo needs only the client and its `cli` extra (rich), not the test tools.
$(BIN)/.installed-cli: pyproject.toml $(MADE_BY)
	$(BIN)/pip install --quiet -e '.[cli]'
	touch $@

demo: $(BIN)/.installed-cli
	$(BIN)/python -m scenario_async demo

lint: $(BIN)/.installed
	$(BIN)/ruff check scenario_async tests benchmarks examples tools
	$(BIN)/ruff format --check scenario_async tests benchmarks examples tools

# mypy and pyright, both strict, on the package and on tests/user_code (code as a user writes
# it); then pyright's check that every public symbol's type is known. pyright finds the venv by
# the `python` on PATH, and is told not to ask PyPI whether it is the newest release.
PYRIGHT := PATH="$(abspath $(BIN)):$$PATH" PYRIGHT_PYTHON_IGNORE_WARNINGS=1 $(BIN)/pyright
typecheck: $(BIN)/.installed
	$(BIN)/mypy
	$(PYRIGHT)
	$(PYRIGHT) --verifytypes scenario_async --ignoreexternal > .verifytypes.txt \
		|| { grep -E "error|score" .verifytypes.txt; exit 1; }

# One test process per core: no test depends on the machine's speed or on another's state.
suite: $(BIN)/.installed
	@$(BIN)/python -c 'import sys; print("Python", sys.version.split()[0], sys.executable)'
	$(BIN)/pytest -n auto

test: lint typecheck suite

# The suite on the oldest releases pyproject admits (each `>=` floor installed exactly), in a
# venv of its own. Lint and types are checked on the newest releases, by `test`.
test-floor:
	$(MAKE) --no-print-directory python
	$(PYTHON) tools/floor_pins.py pyproject.toml > .floor-pins.txt
	$(MAKE) --no-print-directory suite VENV=.venv-floor FLOOR_PINS=.floor-pins.txt

# Our client against the official SDK and raw aiohttp, one run, a few minutes; prints a table
# and writes benchmarks/results/bench.json. Not part of `test`: no timing is a test.
bench: $(BIN)/.installed
	$(BIN)/python benchmarks/bench.py

clean:
	rm -rf $(VENV) .venv-floor .venv-3.* .floor-pins.txt .verifytypes.txt

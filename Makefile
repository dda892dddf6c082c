# One command sets up and runs the main job; one sets up and runs the tests.
VENV ?= .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
PYTHON ?= python3

.PHONY: setup run test check format clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[dev]"
	touch $@

SAMPLE_DB ?= armswatch-sample.db

run: setup
	$(BIN)/armswatch ingest armswatch/samples/corpus --db $(SAMPLE_DB)

test: setup
	$(BIN)/pytest -q

check: setup
	$(BIN)/ruff format --check armswatch tests
	$(BIN)/ruff check armswatch tests
	$(BIN)/mypy
	$(BIN)/pytest -q

format: setup
	$(BIN)/ruff format armswatch tests
	$(BIN)/ruff check --fix armswatch tests

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache

# One command sets up and runs the main job; one sets up and runs the tests.
VENV ?= .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
PYTHON ?= python3

.PHONY: setup run test check format clean

VENDOR := armswatch/serve/static/vendor

setup: $(VENV)/.installed $(VENDOR)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[dev]"
	touch $@

# The dashboard's front-end libraries: pinned in package.json + package-lock.json, from the npm registry, copied
# into the package (static/vendor/ is generated, not committed). Without npm the pages still render, with a notice.
$(VENDOR)/.installed: package.json package-lock.json $(VENV)/.installed
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --no-audit --no-fund --ignore-scripts --loglevel=error && \
		$(PY) -m armswatch.serve.vendor node_modules && touch $@; \
	else \
		echo "npm not found: the dashboard's map, network and timeline need it (install Node.js, then make setup)" >&2; \
	fi

SAMPLE_DB ?= armswatch-sample.db

# Ingest the sample corpus (exit 1 means some items were skipped, each with its reason), then serve it until Ctrl-C.
run: setup
	$(BIN)/armswatch ingest armswatch/samples/corpus --db $(SAMPLE_DB) || test $$? -eq 1
	$(BIN)/armswatch serve --db $(SAMPLE_DB)

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
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache node_modules $(VENDOR)

# Two commands do everything: `make run` and `make test` (see README).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cat requirements.txt constraints.txt | cksum | cut -d' ' -f1)
export CCHC_DB ?= data/warehouse.duckdb
PORT   ?= 8501
# Private by default: only this machine. `HOST=0.0.0.0 make run` serves the office network
# (it needs an account first: see README "Access / Truy cập").
HOST   ?= 127.0.0.1

.PHONY: run test test-fast lint format install init reset bench clean

$(STAMP): requirements.txt constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

# Creates the warehouse with the bundled samples the first time; afterwards only
# migrates it and refreshes the reference data (loads are kept).
init: install
	@if [ -f "$(CCHC_DB)" ]; then $(PY) -m etl init; else $(PY) -m etl init --samples; fi

run: init
	HOST=$(HOST) PORT=$(PORT) FORWARDED_ALLOW_IPS= $(PY) serve.py

test: install
	$(PY) -m pytest -q

# Everything but the browser and the slow corpora: the developer's loop (under 90 s alone).
test-fast: install
	$(PY) -m pytest -q -m "not browser and not slow"

# ruff (lint and format check) and the import-linter layers contract (.importlinter).
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: init
	$(PY) -m benchmarks

# Deletes the warehouse (not the archived uploads) and recreates it with the samples.
reset: install
	rm -f "$(CCHC_DB)" "$(CCHC_DB).wal"
	$(PY) -m etl init --samples

clean:
	rm -rf $(VENV) .pytest_cache test-output

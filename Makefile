# Two commands do all set-up on a fresh machine: `make run` and `make test`.
# Python 3.11 or newer: python3.11 if present, else python3.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3 2>/dev/null)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint migrate demo clean install bench system

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "Shuttle needs Python 3.11 or newer on PATH"; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Shuttle needs Python 3.11 or newer; $(PYTHON) is older"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

## run: migrate, create the demo case on first run, and serve API + worker + embedded Redis
run: $(STAMP)
	$(BIN)/shuttle migrate
	$(BIN)/shuttle demo --if-empty
	$(BIN)/shuttle serve --with-worker

migrate: $(STAMP)
	$(BIN)/shuttle migrate

demo: $(STAMP)
	$(BIN)/shuttle demo

## system: Debian packages used when present (Tesseract for OCR drafts, DejaVu fonts for PDFs)
system:
	@scripts/system-packages

## test: the whole suite, against SQLite and (when reachable) PostgreSQL and Redis
test: $(STAMP) system
	$(BIN)/python -m pytest -q

## bench: every benchmark figure (docs/performance.md), a table and bench/results.json; never asserted in tests
bench: $(STAMP)
	$(BIN)/python bench/run.py

lint: $(STAMP)
	$(BIN)/ruff check shuttle moderation clients tests bench
	$(BIN)/mypy shuttle moderation clients
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache

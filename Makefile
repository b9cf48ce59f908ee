# Two commands do all set-up on a fresh machine: `make run` and `make test`.
# Python 3.11 or newer: python3.11 if present, else python3.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3 2>/dev/null)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Every dependency pinned (`make lock` regenerates it): installs use it as constraints.
LOCK := requirements.lock

.PHONY: run test lint migrate demo clean install bench system lock

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "Shuttle needs Python 3.11 or newer on PATH"; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Shuttle needs Python 3.11 or newer; $(PYTHON) is older"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml $(LOCK)
	$(BIN)/python -m pip install --quiet --upgrade -c $(LOCK) pip
	$(BIN)/python -m pip install --quiet -c $(LOCK) -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

## lock: pin every dependency afresh, at the newest version pyproject.toml allows, in requirements.lock
lock: $(BIN)/python
	$(BIN)/python scripts/lock $(LOCK)

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

## lint: ruff, mypy --strict, import-linter, and pip-audit over the locked dependencies
lint: $(STAMP)
	$(BIN)/ruff check shuttle moderation clients tests bench
	$(BIN)/mypy shuttle moderation clients
	$(BIN)/lint-imports
	@# --strict: a package that could not be checked fails the audit, so it never passes unchecked.
	$(BIN)/pip-audit --strict --requirement $(LOCK) --no-deps --disable-pip --progress-spinner off \
	  || { echo "pip-audit: a locked dependency has a known vulnerability, or could not be checked (it needs https://pypi.org/pypi/<name>/<version>/json); see above"; exit 1; }

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache

# Two commands do everything on a fresh machine: `make demo` and `make test`.
PY      ?= python3.11
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
DEMO    ?= demo-case

.PHONY: demo test check lint typecheck postgres browser bench clean docs

$(BIN)/python:
	$(PY) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

## demo: the whole path on a synthetic case, ending in the report
demo: $(STAMP)
	rm -rf $(DEMO)
	RECKON_PASSPHRASE=$${RECKON_PASSPHRASE:-demo-passphrase} $(BIN)/reckon demo $(DEMO)

## test: what CI runs: lint, types and every test suite (slow, Spark, PostgreSQL included)
test: $(STAMP) postgres browser lint typecheck
	$(BIN)/pytest -n 2 --dist loadgroup -p no:cacheprovider

## check: the quick loop: lint, types and the fast tests
check: $(STAMP) lint typecheck
	$(BIN)/pytest -n 2 -m "not slow and not spark and not browser" -p no:cacheprovider

## lint: style, and the layer and no-cycle contracts of DESIGN.md (pyproject's importlinter)
lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy

## browser: Debian's Chromium and pdftoppm for the report's browser tests, when missing
browser:
	@bash .ci/browser.sh

## postgres: start the local server when it is installed but not running
postgres:
	@bash .ci/postgres.sh

bench: $(STAMP)
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) $(DEMO) .mypy_cache .ruff_cache .pytest_cache

## docs: write docs/cli.md from the commands' own help
docs: $(STAMP)
	$(BIN)/python -m reckon.clidocs > docs/cli.md

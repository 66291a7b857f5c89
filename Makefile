# Every target sets itself up: the first call creates .venv and installs Ombud into it.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
EXAMPLE ?= examples/lean-forum/ombud.yaml

.PHONY: run test test-pg check lint format clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/ombud render policy $(EXAMPLE) --lang sv --format markdown

# The suite on SQLite, then on PostgreSQL ($$OMBUD_TEST_PG_URL, default postgres@127.0.0.1:5432/test).
# Without a reachable server the PostgreSQL run skips the store tests and says why; under CI it fails.
test: $(STAMP)
	$(BIN)/python -m pytest
	OMBUD_TEST_BACKEND=postgresql $(BIN)/python -m pytest

test-pg: $(STAMP)
	OMBUD_TEST_BACKEND=postgresql $(BIN)/python -m pytest

check: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis

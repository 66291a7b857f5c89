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

# Ombud on the embedded SQLite store in var/demo, an example organisation and synthetic
# people; mail is shown at /dev/outbox. The first start prints the console's password.
run: $(STAMP)
	OMBUD_DECLARATION=$(EXAMPLE) OMBUD_DATA_DIR=var/demo $(BIN)/ombud serve --demo

# The suite on SQLite, then on PostgreSQL ($$OMBUD_TEST_PG_URL, default postgres@127.0.0.1:5432/test).
# Without a reachable server the PostgreSQL run skips the store tests and says why; under CI it fails.
test: $(STAMP)
	command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium)
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

# Re-extract the texts to translate into messages.pot, merge them into the sv and en
# catalogs, and fill new English entries with their source text; then translate the
# new Swedish entries (tests/render/test_catalogs.py lists any that are missing).
LOCALE := src/ombud/render/locale
.PHONY: messages
messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k NN_:1,2 -k NP_:1c,2 --no-location --sort-output \
		--omit-header -o $(LOCALE)/messages.pot .
	$(BIN)/pybabel update -i $(LOCALE)/messages.pot -d $(LOCALE) -D ombud --no-fuzzy-matching \
		--ignore-obsolete --ignore-pot-creation-date
	$(BIN)/python scripts/fill_english_catalog.py $(LOCALE)/en/LC_MESSAGES/ombud.po

# KCN: `make run` serves the demo at http://127.0.0.1:8000; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
KCN := $(BIN)/kcn
STAMP := $(VENV)/.installed
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/kcn

.PHONY: install run browsers test test-sqlite test-postgres test-browser lint check bench messages clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test,bench]"
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(KCN) migrate --noinput
	$(KCN) demo
	@echo "KCN is at http://127.0.0.1:8000 (stop with Ctrl+C)"
	$(KCN) runserver 127.0.0.1:8000

browsers:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)
	@[ -d /usr/share/fonts/truetype/liberation ] || (apt-get update -qq && apt-get install -y -qq fonts-liberation >/dev/null)

lint: $(STAMP)
	$(BIN)/ruff check kcn tests bench

check: $(STAMP)
	$(KCN) check
	$(KCN) makemigrations --check --dry-run

# Refresh the English catalogue after changing strings (needs GNU gettext); the compiled .mo is
# committed, like NetBox does, so running KCN needs no gettext.
messages: $(STAMP)
	$(KCN) makemessages -l en --ignore=.venv --ignore=var --ignore=bench --ignore=tests --no-obsolete
	$(KCN) compilemessages --ignore=.venv

test-sqlite: $(STAMP)
	$(BIN)/pytest -q -m "not browser"

test-postgres: $(STAMP)
	DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/pytest -q -m "not browser"

test-browser: $(STAMP) browsers
	$(BIN)/pytest -q -m browser

test: lint check test-sqlite test-postgres test-browser

# The deadline-burst benchmark drives gunicorn with wrk (Debian's package).
bench: $(STAMP)
	@command -v wrk >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq wrk >/dev/null)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) var

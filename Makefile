# The portal's two commands: `make run` serves it, `make test` tests it. Both set themselves up.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Django 6 needs Python 3.12+; the machine's default python3 may be older, so look for 3.13 explicitly.
PYTHON ?= $(shell for candidate in python3.13 $$HOME/.pyenv/versions/3.13*/bin/python3.13 /usr/local/bin/python3.13; do \
	$$candidate -c 'import sys; assert sys.version_info[:2] == (3, 13)' 2>/dev/null && { echo $$candidate; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
TEST_DATABASE_URL := $(or $(DATABASE_URL),postgres://postgres@127.0.0.1:5432/portal)
MANAGE := $(BIN)/python manage.py
# Two workers: each gets its own test database (test_portal_gw0, _gw1); `PYTEST_ARGS=-n0` runs serially.
PYTEST_ARGS ?= -n auto

.PHONY: help run test test-fast test-browser lint format venv bench backup restore soak lighthouse

help:
	@echo "make run           serve the portal with demo content on http://127.0.0.1:$(PORT)"
	@echo "make test          run the whole test suite (PostgreSQL at DATABASE_URL)"
	@echo "make test-browser  run only the real-browser tests"
	@echo "make lint          ruff check, ruff format --check, import contracts, missing migrations, translations"
	@echo "make bench         load-test a generated portal (BENCH_PROGRAMMES, default 2,000; cache off/on, publish storm); results in var/bench/"
	@echo "make backup        dump DATABASE_URL and archive MEDIA_ROOT into var/backups/<timestamp>/"
	@echo "make restore BACKUP=var/backups/<timestamp> [TARGET_DATABASE_URL=...] [TARGET_MEDIA_ROOT=...] [REPLACE=1]"
	@echo "make soak          60 s of wrk (32 connections) against the demo through the production recipe (nginx, gunicorn)"
	@echo "make lighthouse    Lighthouse (from npm, not installed here) on five demo pages, mobile and desktop, at LIGHTHOUSE_URL"

$(BIN)/.installed: requirements.txt requirements-dev.txt
	@test -n "$(PYTHON)" || { echo "Python 3.13 was not found: install python3.13 (or set PYTHON=/path/to/python3.13)." >&2; exit 1; }
	@echo "==> Creating $(VENV) with $(PYTHON)"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "==> Installing dependencies"
	@$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

venv: $(BIN)/.installed

run: venv
	@mkdir -p var
	@echo "==> Migrating the database ($(or $(DATABASE_URL),SQLite file var/portal.sqlite3))"
	@$(MANAGE) migrate --noinput -v0
	@echo "==> Loading the demo content"
	@$(MANAGE) load_demo
	@echo "==> Creating the editorial roles"
	@$(MANAGE) setup_roles
	@echo "==> Collecting static files"
	@$(MANAGE) collectstatic --noinput -v0
	@$(MANAGE) ensure_admin
	@echo "==> Serving on http://127.0.0.1:$(PORT)/ (admin at /admin/); scheduled publishing runs every minute. Ctrl-C stops."
	@( while sleep 60; do $(MANAGE) publish_scheduled >/dev/null; $(MANAGE) run_registration_jobs >/dev/null; done ) & scheduler=$$!; \
		trap 'kill $$scheduler 2>/dev/null' EXIT INT TERM; \
		$(MANAGE) runserver 127.0.0.1:$(PORT) --noreload

test: venv
	@DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/python scripts/check_postgres.py
	@echo "==> Search index and OOAPI feed tests on SQLite, the database of make run: the same results as on PostgreSQL"
	@mkdir -p var && DATABASE_URL=sqlite:///$(CURDIR)/var/test-search.sqlite3 $(BIN)/pytest -n0 -q search/tests/test_engine.py search/tests/test_documents.py ooapi/tests/test_feed.py ooapi/tests/test_demo_content.py
	@echo "==> Running the test suite on $(TEST_DATABASE_URL)"
	@DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/pytest $(PYTEST_ARGS)

test-browser: venv
	@DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/python scripts/check_postgres.py
	@DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/pytest -m browser $(PYTEST_ARGS)

lint: venv
	@echo "==> ruff check"
	@$(BIN)/ruff check .
	@echo "==> ruff format --check"
	@$(BIN)/ruff format --check .
	@echo "==> import contracts (lint-imports: the layers in pyproject.toml)"
	@$(BIN)/lint-imports
	@echo "==> missing migrations"
	@DJANGO_SETTINGS_MODULE=portal.settings.dev DATABASE_URL=sqlite:///:memory: $(MANAGE) makemigrations --check --dry-run
	@echo "==> translations (locale/nl: complete, compiled, current with the code)"
	@$(BIN)/python scripts/check_translations.py

bench: venv
	@$(BIN)/python scripts/bench/run.py

backup: venv
	@$(BIN)/python scripts/backup.py backup

restore: venv
	@test -n "$(BACKUP)" || { echo "Usage: make restore BACKUP=var/backups/<timestamp> [TARGET_DATABASE_URL=...] [TARGET_MEDIA_ROOT=...] [REPLACE=1]" >&2; exit 2; }
	@$(BIN)/python scripts/backup.py restore "$(BACKUP)" $(if $(REPLACE),--replace)

soak: venv
	@scripts/soak.sh

lighthouse: venv
	@LIGHTHOUSE_URL=$(or $(LIGHTHOUSE_URL),http://127.0.0.1:$(PORT)) $(BIN)/python scripts/lighthouse.py

format: venv
	@$(BIN)/ruff check --fix .
	@$(BIN)/ruff format .

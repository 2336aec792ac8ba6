# cspdesk: `make run` starts the desk on 127.0.0.1:8000, `make test` runs the whole suite.
SHELL := /bin/bash
.DEFAULT_GOAL := run

VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Django 6.1 needs Python 3.12 or newer: take the first interpreter found that is new enough.
PYTHON ?= $(shell for p in python3.14 python3.13 python3.12 python3 $(wildcard $(HOME)/.pyenv/versions/3.1[2-9]*/bin/python3) $(wildcard /usr/local/bin/python3.1[2-9]); do \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 && { command -v $$p; break; }; done)
PG_URL ?= postgres://postgres@127.0.0.1:5432/cspdesk

$(STAMP): pyproject.toml requirements.lock
	@test -n "$(PYTHON)" || { echo "cspdesk needs Python 3.12 or newer (Django 6.1); none was found." >&2; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

.PHONY: install
install: $(STAMP)

.PHONY: run
run: $(STAMP)
	$(BIN)/cspdesk migrate --noinput
	$(BIN)/cspdesk demo
	@echo "cspdesk: web http://127.0.0.1:8000/  console http://127.0.0.1:8000/console/  admin http://127.0.0.1:8000/admin/  API http://127.0.0.1:8000/api/v1/docs"
	@echo "cspdesk: Ctrl-C stops it all."
	exec $(BIN)/cspdesk up

.PHONY: test
# Lint first; then the suite on SQLite and on PostgreSQL side by side (separate databases, loopback servers
# on free ports), so the two cores are both used.
test: lint
	$(MAKE) -j2 --output-sync=target test-sqlite test-postgres

.PHONY: lint
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

.PHONY: test-services
test-services:
	scripts/test-services

.PHONY: test-sqlite
test-sqlite: $(STAMP) test-services
	env -u CSPDESK_DATABASE_URL $(BIN)/pytest

.PHONY: test-postgres
test-postgres: $(STAMP) test-services
	CSPDESK_DATABASE_URL=$(PG_URL) $(BIN)/pytest

.PHONY: lock
lock: $(STAMP)
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.12 --universal --generate-hashes -o requirements.lock

.PHONY: messages
messages: $(STAMP)
	cd cspdesk && ../$(BIN)/cspdesk makemessages -l ru && ../$(BIN)/cspdesk compilemessages -l ru

.PHONY: clean
clean:
	rm -rf $(VENV) var .pytest_cache

# Developer workflow. `make run` and `make test` are all a newcomer needs.
#
# Every target works from a fresh clone with only Python 3.11 installed: the
# virtualenv is created on first use and re-installed only when
# pyproject.toml changes.

SHELL := /bin/sh
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
STAMP := $(VENV)/.installed

# python3.11 where installed, else whatever python3 is (pyproject.toml
# rejects anything but 3.11 when installing).
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)

# Parallel test run (pytest-xdist); `make test PYTEST_XDIST=` runs serially.
PYTEST_XDIST ?= -n auto
PYTEST_ARGS ?=

HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help venv install assets messages run test lint typecheck format migrations-check check-deploy ci bench backup restore soak chaos api-fuzz screenshots lock audit

help:
	@echo "make run               install, migrate, load regions and demo data, serve on http://$(HOST):$(PORT)"
	@echo "make assets            fetch ECL and htmx from the npm registry into assets/vendor/ (checksummed)"
	@echo "make messages          compile the French and German catalogues (locale/*/LC_MESSAGES/*.mo)"
	@echo "make test              run the test suite (PYTEST_ARGS='...' passes options to pytest)"
	@echo "make lint              ruff check, ruff format --check and the layers contract (lint-imports)"
	@echo "make typecheck         mypy with django-stubs on the kernel, every services.py and permissions.py"
	@echo "make format            sort imports and format the code with ruff"
	@echo "make migrations-check  fail if a model change has no migration"
	@echo "make check-deploy      Django's deployment checks against the production settings"
	@echo "make ci                lint, typecheck, migrations-check, check-deploy and test"
	@echo "make lock              pin every dependency with its hashes (requirements*.lock) from pyproject.toml"
	@echo "make audit             known vulnerabilities of the locked dependencies (pip-audit)"
	@echo "make backup            pg_dump DATABASE_URL into backups/ (custom format)"
	@echo "make restore FILE=...  pg_restore a backup into DATABASE_URL (replaces its objects)"
	@echo "make soak              fault and soak test: gunicorn, Celery, Redis, PostgreSQL (SOAK_ARGS='...')"
	@echo "make chaos             the fault scenarios one by one on private PostgreSQL, Redis and SMTP (CHAOS_ARGS='...')"
	@echo "make api-fuzz          schemathesis against a live server on a scratch database (API_FUZZ_EXAMPLES=5)"
	@echo "make bench             benchmark on PostgreSQL at scale 1 and 10 (BENCH_ARGS='...'), writes bench/results.md"
	@echo "make screenshots       the main pages on the demo data, at 390 and 1366 px, into docs/screenshots/"

venv: $(PY)

install: $(STAMP) assets messages

# Fast when done: the script returns at once while assets/vendor/ is newer
# than assets.sha512.
assets:
	@scripts/fetch_assets.sh

# The .mo files are build output (git ignores them): compiled from the .po
# catalogues at set-up, and again whenever a catalogue changes.
PO_FILES := $(wildcard locale/*/LC_MESSAGES/django.po)
MO_FILES := $(PO_FILES:.po=.mo)

messages: $(MO_FILES)

%.mo: %.po
	@command -v msgfmt >/dev/null || { echo "msgfmt is needed to compile the translations (Debian: apt-get install -y gettext)." >&2; exit 1; }
	msgfmt --check --output-file $@ $<

$(PY):
	$(PYTHON) -m venv $(VENV)

# Every machine installs the same releases: those of requirements-test.lock,
# checked against their hashes (`make lock` writes it from pyproject.toml).
# The stamp is newer than both once the install succeeded, so repeated make
# calls skip pip entirely.
$(STAMP): pyproject.toml requirements-test.lock | $(PY)
	$(PY) -m pip install --quiet --require-hashes -r requirements-test.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

# requirements-test.lock (what make install and CI install) and
# requirements.lock (the runtime alone, for the Docker image), with hashes,
# from pyproject.toml's ranges: run after changing a dependency.
lock: $(PY)
	$(PY) -m pip install --quiet 'pip-tools>=7.4,<8'
	$(BIN)/pip-compile --quiet --extra test --generate-hashes --strip-extras --allow-unsafe \
		--no-emit-index-url --no-emit-find-links -o requirements-test.lock pyproject.toml
	$(BIN)/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe \
		--no-emit-index-url --no-emit-find-links -c requirements-test.lock \
		-o requirements.lock pyproject.toml

# Known vulnerabilities of the locked releases (pip-audit); see the script for
# what happens on a machine that reaches no vulnerability service.
audit: install
	$(PY) scripts/audit_dependencies.py

run: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_regions
	$(MANAGE) load_partnerships
	$(MANAGE) seed_demo
	$(MANAGE) runserver $(HOST):$(PORT)

test: install
	$(BIN)/pytest $(PYTEST_XDIST) $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

typecheck: install
	$(BIN)/mypy

format: install
	$(BIN)/ruff check --select I --fix .
	$(BIN)/ruff format .

migrations-check: install
	$(MANAGE) makemigrations --check --dry-run

# A throwaway key generated per run: long and random enough for
# security.W009, and never a real secret.
check-deploy: install
	DJANGO_ENV=production ALLOWED_HOSTS=portal.example.eu \
	SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	$(MANAGE) check --deploy --fail-level WARNING

ci: lint typecheck migrations-check check-deploy test

# A scratch database next to DATABASE_URL's (its name plus _fuzz), or a
# temporary SQLite file; see scripts/api_fuzz.py.
API_FUZZ_EXAMPLES ?= 5
api-fuzz: install
	API_FUZZ_EXAMPLES=$(API_FUZZ_EXAMPLES) $(PY) scripts/api_fuzz.py

# Needs a PostgreSQL role that may create databases (BENCH_POSTGRES_URL,
# default postgres://s3p@127.0.0.1:5432); the data sets are built once and
# kept in the databases s3p_bench_1 and s3p_bench_10.
BENCH_ARGS ?=
bench: install
	cd bench && ../$(PY) run.py $(BENCH_ARGS)

# With the browser tests' Chromium, on a scratch SQLite demo.
screenshots: install
	$(PY) scripts/screenshots.py

# DATABASE_URL comes from the environment; SQLite is refused with advice.
backup: $(PY)
	$(PY) scripts/db_backup.py backup

restore: $(PY)
	@test -n "$(FILE)" || { echo "Usage: make restore FILE=backups/s3p-....dump" >&2; exit 2; }
	$(PY) scripts/db_backup.py restore "$(FILE)"

# Minutes of traffic while the worker is killed and Redis restarted; needs
# PostgreSQL (SOAK_POSTGRES_URL, default postgres://s3p@127.0.0.1:5432) and
# redis-server on PATH. Writes bench/soak.md.
SOAK_ARGS ?=
soak: install
	cd bench && ../$(PY) soak.py $(SOAK_ARGS)

# Redis stopped, the worker killed, PostgreSQL restarted and SMTP refusing, in
# turn under traffic, each with its counts. Starts its own PostgreSQL (initdb,
# from Debian's postgresql package), redis-server and SMTP server on other
# ports. Writes bench/chaos.md; exits 1 if a scenario fails.
CHAOS_ARGS ?=
chaos: install
	cd bench && ../$(PY) chaos.py $(CHAOS_ARGS)

# Klynge: `make demo` to try it, `make test` to test it. Needs Python 3.12+, Node 20+ and make.
SHELL := /bin/bash
PORT ?= 8000
# uv from PATH, or else as a module of python3 (installed with pip on first use).
UV := $(shell command -v uv 2>/dev/null)
ifeq ($(UV),)
UV := python3 -m uv
endif
PY := $(UV) run --frozen

.PHONY: demo test test-fast lint format hooks install messages bench bench-scales mutation worker serve clean

.venv/.installed: pyproject.toml uv.lock
	@$(UV) --version >/dev/null 2>&1 || { echo "uv is missing: installing it with pip"; \
	  python3 -m pip install --user --quiet uv || \
	  python3 -m pip install --user --quiet --break-system-packages uv; }
	$(UV) sync --frozen
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

install: .venv/.installed node_modules/.installed

# The compiled catalogues (.mo, not in git): made again only when a .po is newer, so a warm
# `make test` does not start Django for nothing.
PO_FILES := $(shell find klynge -path '*/locale/*/LC_MESSAGES/*.po' 2>/dev/null)
MO_FILES := $(PO_FILES:.po=.mo)

messages: install $(MO_FILES)

$(MO_FILES) &: $(PO_FILES) | .venv/.installed
	DEBUG=1 $(PY) python manage.py compile_translations -v0
	@touch $(MO_FILES)

# The demo: SQLite under var/, e-mails printed in this terminal, MFA not required.
demo: export DEBUG := 1
demo: export KLYNGE_REQUIRE_MFA := 0
demo: export KLYNGE_BASE_URL := http://127.0.0.1:$(PORT)
demo: install messages
	@mkdir -p var
	$(PY) python manage.py migrate --no-input -v0
	$(PY) python manage.py createcachetable
	$(PY) python manage.py collectstatic --no-input -v0
	$(PY) python manage.py demo
	@echo "Serving http://127.0.0.1:$(PORT)/  (the e-mail worker runs in the background; Ctrl-C stops both)"
	@trap 'kill 0' EXIT; \
	  $(PY) python manage.py send_due --loop 15 & \
	  $(PY) python manage.py runserver 127.0.0.1:$(PORT)

# The whole suite: SQLite by default, PostgreSQL when DATABASE_URL is set. Bytecode is cached even
# where the environment turns it off (PYTHONDONTWRITEBYTECODE): compiling Django and the project again
# in every worker costs each of them seconds.
test: export PYTHONDONTWRITEBYTECODE :=
test: install messages
	$(PY) pytest -n auto --dist loadgroup $(PYTEST_ARGS)

test-fast: install
	$(PY) pytest -m "not e2e" -x $(PYTEST_ARGS)

PYFILES = git ls-files '*.py' ':!:**/migrations/*'

lint: install
	$(PY) ruff check .
	$(PY) ruff format --check .
	$(PY) djlint klynge --lint
	$(PYFILES) | xargs $(PY) django-upgrade --target-version 6.1 --check
	DEBUG=1 $(PY) mypy

format: install
	$(PYFILES) | xargs $(PY) django-upgrade --target-version 6.1 --exit-zero-even-if-changed
	$(PY) ruff check --fix .
	$(PY) ruff format .

# Runs the lint tools on each commit (pre-commit, with the project's own versions).
hooks: install
	$(PY) pre-commit install

# The key pages on national data, served by gunicorn (DEBUG off), against the framework's floor:
# SQLite (a database per scale under var/bench/), then PostgreSQL when DATABASE_URL is set (in a
# database of its own per scale, <name>_bench_s<N>, made on first use).
# BENCH_SCALE=N multiplies the clusters; BENCH_ARGS passes options (--seconds, --rounds,
# --no-actions, --queries-only: only count the pages' queries, e.g. BENCH_SCALE=10).
BENCH_SCALE ?= 1
BENCH_ENV = DEBUG=0 KLYNGE_HTTPS=0 KLYNGE_STATIC_MANIFEST=0 KLYNGE_VAR_DIR=var/bench \
  SECRET_KEY=bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz \
  ALLOWED_HOSTS=testserver,127.0.0.1 BENCH_SCALE=$(BENCH_SCALE)
bench: install messages
	@mkdir -p var/bench
	$(BENCH_ENV) DATABASE_URL=sqlite:///$(CURDIR)/var/bench/scale-$(BENCH_SCALE).sqlite3 \
	  $(PY) python manage.py bench $(BENCH_ARGS)
	@if [ -n "$(DATABASE_URL)" ] && [[ "$(DATABASE_URL)" != sqlite* ]]; then \
	  $(BENCH_ENV) DATABASE_URL="$(DATABASE_URL)_bench_s$(BENCH_SCALE)" \
	  $(PY) python manage.py bench $(BENCH_ARGS); fi

# The key pages at BENCH_SCALE and BENCH_AGAINST (10) side by side in one run, two servers answering
# in turn, so that the machine's drift between two runs is not read as growth (target: p50 at 10
# <= 1.1 x p50 at 1; the median of 5 rounds' quotients). Writes var/bench/scales-<database>.json.
# Makes the data it lacks.
BENCH_AGAINST ?= 10
bench-scales: install messages
	@mkdir -p var/bench
	$(BENCH_ENV) DATABASE_URL=sqlite:///$(CURDIR)/var/bench/scale-$(BENCH_SCALE).sqlite3 \
	  $(PY) python manage.py bench --rounds=5 --against-scale=$(BENCH_AGAINST) \
	  --against-url=sqlite:///$(CURDIR)/var/bench/scale-$(BENCH_AGAINST).sqlite3 $(BENCH_ARGS)
	@if [ -n "$(DATABASE_URL)" ] && [[ "$(DATABASE_URL)" != sqlite* ]]; then \
	  $(BENCH_ENV) DATABASE_URL="$(DATABASE_URL)_bench_s$(BENCH_SCALE)" \
	  $(PY) python manage.py bench --rounds=5 --against-scale=$(BENCH_AGAINST) \
	  --against-url="$(DATABASE_URL)_bench_s$(BENCH_AGAINST)" $(BENCH_ARGS); fi

# Mutation testing of the rules (mutmut), one module at a time against its own tests; slow, so not
# part of `make test` or CI. `make mutation MODULES=money-rules` runs one. See mutation/run.py.
mutation: install
	DEBUG=1 $(PY) python mutation/run.py $(MODULES)

clean:
	rm -rf var/test .venv/.installed node_modules/.installed

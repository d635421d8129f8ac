# The one entry point: `make run` (set up everything, serve on 127.0.0.1:8000) and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(shell command -v uv 2>/dev/null || echo $(CURDIR)/$(TOOLS)/bin/uv)
BACKEND := backend
VENV := $(BACKEND)/.venv
FRONTEND := frontend
PYTEST_ARGS ?=
BENCH_DATABASE_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/pms_bench
NPM ?= npm
CHROMIUM ?= /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: help run serve install frontend chromium test test-backend test-frontend lint typecheck bench clean

help:
	@echo "make run    set up everything and serve http://127.0.0.1:8000 (embedded: SQLite, no Redis)"
	@echo "make test   lint, type-check and run every test suite"
	@echo "make test-frontend   only the web app's checks and tests (e2e in Chromium)"
	@echo "make bench  run the benchmarks (PostgreSQL: BENCH_DATABASE_URL=$(BENCH_DATABASE_URL))"

$(TOOLS)/bin/uv:
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# The virtual environment is rebuilt only when the lock file changes.
$(VENV)/.synced: $(BACKEND)/uv.lock $(BACKEND)/pyproject.toml | $(if $(findstring $(TOOLS),$(UV)),$(TOOLS)/bin/uv)
	cd $(BACKEND) && $(UV) sync --frozen --python $(PYTHON)
	touch $@

install: $(VENV)/.synced

# The web app: `npm ci` only when package-lock.json changed; a build only when a source changed.
FRONTEND_DEPS := $(FRONTEND)/node_modules/.installed
FRONTEND_SOURCES := $(shell find $(FRONTEND)/src $(FRONTEND)/public -type f ! -name '*.test.*' \
	! -path '*/src/test/*' 2>/dev/null) $(addprefix $(FRONTEND)/,index.html vite.config.ts \
	tsconfig.json package.json)
SPA := $(FRONTEND)/dist/index.html

$(FRONTEND_DEPS): $(FRONTEND)/package-lock.json
	cd $(FRONTEND) && $(NPM) ci --no-audit --no-fund
	touch $@

$(SPA): $(FRONTEND_DEPS) $(FRONTEND_SOURCES)
	cd $(FRONTEND) && $(NPM) exec -- vite build
	touch $@

frontend: $(SPA)

# The browser of the end-to-end tests: Debian's Chromium, installed when missing.
chromium:
	@test -x $(CHROMIUM) || { echo "Chromium is missing: installing Debian's package"; \
		$(SUDO) apt-get update && $(SUDO) apt-get install -y chromium; }

run: install frontend
	cd $(BACKEND) && .venv/bin/pms serve

test: install lint typecheck test-backend test-frontend

lint: install
	cd $(BACKEND) && .venv/bin/ruff check src tests bench && .venv/bin/ruff format --check src tests bench

typecheck: install
	cd $(BACKEND) && .venv/bin/mypy && .venv/bin/mypy bench

test-backend: install
	cd $(BACKEND) && .venv/bin/pytest -n 2 $(PYTEST_ARGS)

# Lint and format (Biome), types, the generated client's freshness, component tests, then the
# end-to-end tests in Chromium against the real backend serving the fresh build.
test-frontend: install $(FRONTEND_DEPS) $(SPA) chromium
	cd $(FRONTEND) && $(NPM) run lint && $(NPM) run typecheck && $(NPM) run check-client \
		&& $(NPM) test && CHROMIUM_PATH=$(CHROMIUM) $(NPM) run test:e2e

# The analytics layer on data in memory, then GET /portfolio/performance?range=MAX through the app on
# PostgreSQL (a database of its own, created and loaded on first use).
bench: install
	cd $(BACKEND) && .venv/bin/python -m bench.analytics \
		&& .venv/bin/python -m bench.endpoints --database-url '$(BENCH_DATABASE_URL)' \
		&& .venv/bin/python -m bench.imports

clean:
	rm -rf $(TOOLS) $(VENV) $(FRONTEND)/node_modules $(FRONTEND)/dist

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

.PHONY: help run serve install test test-backend lint typecheck bench clean

help:
	@echo "make run    set up everything and serve http://127.0.0.1:8000 (embedded: SQLite, no Redis)"
	@echo "make test   lint, type-check and run every test suite"
	@echo "make bench  run the benchmarks"

$(TOOLS)/bin/uv:
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# The virtual environment is rebuilt only when the lock file changes.
$(VENV)/.synced: $(BACKEND)/uv.lock $(BACKEND)/pyproject.toml | $(if $(findstring $(TOOLS),$(UV)),$(TOOLS)/bin/uv)
	cd $(BACKEND) && $(UV) sync --frozen --python $(PYTHON)
	touch $@

install: $(VENV)/.synced

run: install
	cd $(BACKEND) && .venv/bin/pms serve

test: install lint typecheck test-backend

lint: install
	cd $(BACKEND) && .venv/bin/ruff check src tests && .venv/bin/ruff format --check src tests

typecheck: install
	cd $(BACKEND) && .venv/bin/mypy

test-backend: install
	cd $(BACKEND) && .venv/bin/pytest -n 2 $(PYTEST_ARGS)

bench: install
	cd $(BACKEND) && .venv/bin/python -m bench.imports

clean:
	rm -rf $(TOOLS) $(VENV) $(FRONTEND)/node_modules $(FRONTEND)/dist

# The two commands a new user needs: `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: demo test test-fast bench lint format install clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# Plain HTTP on 127.0.0.1 has no TLS: ACCORDWATCH_INSECURE_HTTP=1 turns off secure-only cookies
# and the HTTPS redirect for the demo only (never set it behind a public proxy).
## demo: create .venv, install, migrate, load the Mali 2017 demo, serve on 127.0.0.1:$(PORT)
demo: $(STAMP)
	ACCORDWATCH_INSECURE_HTTP=1 PORT=$(PORT) $(BIN)/accordwatch demo
	ACCORDWATCH_INSECURE_HTTP=1 PORT=$(PORT) $(BIN)/accordwatch serve --port $(PORT)

## test: every test, browser tests included (chromium must be installed; .ci/run does it)
test: $(STAMP)
	$(BIN)/pytest -n 2 --dist loadfile

## bench: speed and memory figures beside their baselines
bench: $(STAMP)
	$(BIN)/python -m benchmarks

## lint: ruff (lint + format check) and mypy on services and selectors
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	ACCORDWATCH_DEBUG=1 $(BIN)/mypy  # django-stubs loads the settings; mypy needs no real key

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) var

# bobhub: every target bootstraps what it needs from a fresh clone (python3 >= 3.11 and make).
PYTHON ?= python3
VENV := .venv
UV := $(VENV)/bin/uv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
export UV_PYTHON_DOWNLOADS := never

.PHONY: install demo test check lint typecheck fmt bench services clean

# Bootstrap output goes to stderr, so that `make bench` prints nothing but its JSON on stdout.
# Bytecode is compiled at install (packages and src/): where PYTHONDONTWRITEBYTECODE is set, Python
# would otherwise compile every module from source at each start (`bobhub --help`: ~3 s instead of ~1.3 s).
$(VENV)/.synced: pyproject.toml uv.lock
	@test -x $(UV) || { $(PYTHON) -m venv $(VENV) >&2 && $(BIN)/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION) >&2; }
	@$(UV) sync --locked --compile-bytecode --python $(BIN)/python >&2
	@$(BIN)/python -m compileall -q src >&2
	@touch $@

install: $(VENV)/.synced

demo: install
	$(BIN)/bobhub demo

services:
	@scripts/services.sh ensure

test: install services
	$(BIN)/pytest

fmt: install
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

lint: install
	$(BIN)/ruff format --check src tests bench
	$(BIN)/ruff check src tests bench

typecheck: install
	$(BIN)/mypy

check: lint typecheck test

bench: install
	@$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache

# sopgen: every target installs what it needs first, so a fresh clone needs only `make <target>`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
SOPGEN := $(BIN)/sopgen

.PHONY: install test lint validate letters demo template check-templates pdf kirim bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

test: install
	$(SOPGEN) check-templates
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check sopgen tests
	$(BIN)/mypy sopgen

validate: install
	$(SOPGEN) validate

letters: install
	$(SOPGEN) letters

pdf: install
	$(SOPGEN) pdf --semua

kirim: install
	$(SOPGEN) kirim

demo: install
	$(SOPGEN) demo

template: install
	$(SOPGEN) template templates/formulir_pokja.xlsx

check-templates: install
	$(SOPGEN) check-templates

bench: install
	$(BIN)/python tests/bench/bench.py

# Removes only what can be rebuilt: never output/ (the register and issued letters live there).
clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build *.egg-info

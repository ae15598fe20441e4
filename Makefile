# Một Cửa — the README's two commands: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export MOTCUA_INSTANCE_DIR ?= $(CURDIR)/instance

.PHONY: demo test lint bench translations system-packages system-packages-test clean

demo: system-packages $(VENV)/.installed translations
	$(BIN)/motcua init-db
	$(BIN)/motcua demo-data
	$(BIN)/motcua run

test: system-packages-test $(VENV)/.installed-test translations
	$(BIN)/python -m pytest

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .

bench: $(VENV)/.installed
	$(BIN)/python bench/bench_calendar.py

system-packages:
	@scripts/system-packages.sh runtime

system-packages-test:
	@scripts/system-packages.sh test

$(VENV)/bin/pip:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(VENV)/bin/pip setup.cfg pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

translations: $(VENV)/.installed $(wildcard webapp/translations/*/LC_MESSAGES/*.po)
	$(BIN)/pybabel --quiet compile -d webapp/translations

$(VENV)/.installed-test: $(VENV)/bin/pip setup.cfg pyproject.toml
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis

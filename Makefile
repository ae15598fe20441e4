# Một Cửa — the README's two commands: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export MOTCUA_INSTANCE_DIR ?= $(CURDIR)/instance
# `make test` runs in pytest-xdist processes, one per CPU (TEST_WORKERS=0: in one process, as plain pytest does).
TEST_WORKERS ?= auto

.PHONY: demo test bench bench-quick translations messages system-packages system-packages-test clean

# A demo runs as one: the sandbox payment gateway exists in a demo, never in production. (A comment on the line
# below would end up in the value.)
demo: export MOTCUA_ENV ?= demo
demo: system-packages $(VENV)/.installed translations
	$(BIN)/motcua init-db
	$(BIN)/motcua demo-data
	$(BIN)/motcua run

test: system-packages-test $(VENV)/.installed-test translations
	$(BIN)/ruff check --quiet .
	$(BIN)/ruff format --check --quiet .
	$(BIN)/python -m pytest -n $(TEST_WORKERS)


BENCHMARKS := bench_calendar bench_lifecycle bench_scheduler bench_reports

bench: $(VENV)/.installed  ## each ends with its figures, one per line: `figure NAME VALUE`
	@set -e; for b in $(BENCHMARKS); do $(BIN)/python bench/$$b.py; done

bench-quick: $(VENV)/.installed  ## the same at small sizes, each well under a minute
	@set -e; for b in $(BENCHMARKS); do $(BIN)/python bench/$$b.py --quick; done

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

translations: $(VENV)/.installed
	$(BIN)/pybabel --quiet compile -d webapp/translations

messages: $(VENV)/.installed  ## after changing UI text: extract it, then translate the new entries of the .po files
	$(BIN)/pybabel --quiet extract -F babel.cfg -k _l -k lazy_gettext -k N_ --no-location --sort-output --omit-header \
		-o webapp/translations/messages.pot webapp engine forms
	$(BIN)/pybabel --quiet update -i webapp/translations/messages.pot -d webapp/translations --no-fuzzy-matching

$(VENV)/.installed-test: $(VENV)/bin/pip setup.cfg pyproject.toml
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis

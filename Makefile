# The two commands of the README:
#   make run    install what is needed, then start the bot (console chat when no token is set)
#   make test   install what is needed, then lint, validate knowledge/ and run the whole test suite
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: run test test-fast install bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

run: $(STAMP)
	$(PY) -m bot start

test: $(STAMP)
	$(PY) -m ruff check bot tests benchmarks
	$(PY) -m bot check
	$(PY) -m pytest -q

test-fast: $(STAMP)  # the everyday lane: core and unit tests, no bot process or fake server (seconds)
	$(PY) -m pytest -q -m "not e2e"

bench: $(STAMP)
	$(PY) benchmarks/run_all.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis .ruff_cache

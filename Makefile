# The two commands of the README:
#   make run    install what is needed, then start the bot (console chat when no token is set)
#   make test   install what is needed, then lint, validate knowledge/ and run the whole test suite
#
# `make run` / `make install` install the runtime dependencies only (`pip install -e .`);
# `make test` adds the test tools and the chart (`pip install -e ".[test]"`). Each has its own stamp
# in the venv, so switching between them installs nothing again until pyproject.toml changes.
# A package mirror: PIP_INDEX_URL=https://mirrors.example/pypi/simple make run (deploy/README.md).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
RUN_STAMP := $(VENV)/.stamp-run
TEST_STAMP := $(VENV)/.stamp-test

.PHONY: run test test-fast install bench clean

install: $(RUN_STAMP)

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# runtime dependencies only: what production needs
$(RUN_STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

# runtime dependencies and the test extra (which holds them all), so the run stamp is satisfied too
$(TEST_STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@ $(RUN_STAMP)

run: $(RUN_STAMP)
	$(PY) -m bot start

test: $(TEST_STAMP)
	$(PY) -m ruff check bot tests benchmarks
	$(PY) -m bot check
	$(PY) -m pytest -q

test-fast: $(TEST_STAMP)  # the everyday lane: core and unit tests, no bot process or fake server (seconds)
	$(PY) -m pytest -q -m "not e2e"

bench: $(TEST_STAMP)
	$(PY) benchmarks/run_all.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis .ruff_cache

# The two commands: `make run` and `make test`. Both create or refresh the project's
# own virtual environment (.venv) from pyproject.toml pinned by constraints.txt.
PYTHON ?= python3.12
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test bench clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(PY) -m sim

test: $(STAMP)
	$(PY) -m pytest -q

bench: $(STAMP)
	$(PY) -m sim.bench

clean:
	rm -rf $(VENV) outputs multirun .pytest_cache

# The alliance replayed from 1992 (docs/timeline.md): cohesion, trust, membership, 1999 check.
.PHONY: timeline
timeline: $(STAMP)
	$(PY) -m sim mode=timeline

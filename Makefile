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

# --- sweeps (docs/sweeps.md) ---------------------------------------------------------------------
.PHONY: bench-sweep experiments ray-test

bench-sweep: $(STAMP)
	$(PY) -m sim.bench --sweep

experiments: $(STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[discovery]'
	$(PY) experiments/sensitivity.py
	$(PY) experiments/heatmap.py
	$(PY) experiments/discovery.py

# hydra-ray-launcher needs cloudpickle<3 but the pinned joblib needs >=3: Ray gets its own environment.
RAY_VENV := $(VENV)/ray
ray-test:
	$(PYTHON) -m venv $(RAY_VENV)
	$(RAY_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -e . hydra-ray-launcher==1.2.2 pytest
	$(RAY_VENV)/bin/python -m pytest -q tests/test_ray_launcher.py

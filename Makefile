# The two commands: `make run` and `make test`. Both create or refresh the project's
# own virtual environment (.venv) from pyproject.toml pinned by constraints.txt: `make run` with the
# base install only (the model, calibration, the timeline, the commands), `make test` with everything
# the tests need (the `test` extra). One stamp per install, so `make test` after `make run` adds the rest.
PYTHON ?= python3.12
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt
BASE   := $(VENV)/.installed-base
STAMP  := $(BASE)
CHROMIUM := /usr/bin/chromium
SUDO   := $(if $(filter 0,$(shell id -u)),,sudo)
# the test suite on both cores (pytest-xdist); `make test PYTEST_JOBS=0` runs it in one process
PYTEST_JOBS ?= 2

.PHONY: run test lint bench clean seminar notebooks

$(PY):
	$(PYTHON) -m venv $(VENV)

$(BASE): pyproject.toml constraints.txt | $(PY)
	$(PIP) -e .
	touch $@

# an extra: .venv/.installed-app, -cluster, -explore, -discovery, -notebooks, -lab, -test
$(VENV)/.installed-%: pyproject.toml constraints.txt | $(PY)
	$(PIP) -e '.[$*]'
	touch $@

run: $(BASE)
	$(PY) -m sim

test: $(VENV)/.installed-test $(CHROMIUM)
	$(PY) -m pytest -q -n $(PYTEST_JOBS)

# ruff, then mypy on sim (its settings: [tool.mypy] in pyproject.toml)
lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check sim tests experiments notebooks
	$(VENV)/bin/mypy

bench: $(BASE)
	$(PY) -m sim.bench

clean:
	rm -rf $(VENV) outputs multirun .pytest_cache .mypy_cache

# --- the seminar app (docs/seminar.md) -------------------------------------------------------
# The browser test drives Debian's chromium headless; it is installed here, by the test setup,
# never by hand (CI starts on a fresh machine). Needs root or sudo.
$(CHROMIUM):
	$(SUDO) apt-get update -qq
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium

SEMINAR_PORT ?= 8765
seminar: $(VENV)/.installed-app
	@echo "Seminar app: http://127.0.0.1:$(SEMINAR_PORT)  (Ctrl-C stops it)"
	@SOLARA_TELEMETRY_MIXPANEL_ENABLE=false $(VENV)/bin/solara run sim/app/app.py --host 127.0.0.1 \
		--port $(SEMINAR_PORT) --production --no-check-version --no-open

# The role-play (docs/roleplay.md): the class takes the members' seats. On 127.0.0.1 by default (turns
# at the projector); `make roleplay HOST=0.0.0.0` listens on the classroom network, where students
# join with the code the lecturer's screen shows and the lecturer's page needs the key printed here.
# ROLEPLAY_CSV=path/rounds.csv moves the saved rounds (default outputs/roleplay/<date_time>/rounds.csv).
.PHONY: roleplay
ROLEPLAY_PORT ?= 8766
# HOST=... on the command line only (a shell's own HOST variable names the machine, not an address)
ROLEPLAY_HOST ?= $(if $(filter command line,$(origin HOST)),$(HOST),127.0.0.1)
ROLEPLAY_CSV ?=
roleplay: $(VENV)/.installed-app
	@KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(9))'); \
	if [ "$(ROLEPLAY_HOST)" = "127.0.0.1" ] || [ "$(ROLEPLAY_HOST)" = "localhost" ]; then \
		echo "Role-play: http://127.0.0.1:$(ROLEPLAY_PORT)  (Ctrl-C stops it)"; \
	else \
		echo "Role-play on the classroom network, port $(ROLEPLAY_PORT) (Ctrl-C stops it)"; \
		echo "  lecturer's screen (keep this key to yourself): http://127.0.0.1:$(ROLEPLAY_PORT)/?lecturer=$$KEY"; \
		echo "  students: http://<this machine's address>:$(ROLEPLAY_PORT)  and the join code on your screen"; \
	fi; \
	SOLARA_TELEMETRY_MIXPANEL_ENABLE=false ROLEPLAY_HOST=$(ROLEPLAY_HOST) ROLEPLAY_LECTURER_KEY=$$KEY \
		ROLEPLAY_CSV='$(ROLEPLAY_CSV)' $(VENV)/bin/solara run sim/app/roleplay_app.py --host $(ROLEPLAY_HOST) \
		--port $(ROLEPLAY_PORT) --production --no-check-version --no-open

# The seminar's expected answers and the worksheet's tables, generated from the model and the seeds
# (docs/seminar.md, docs/worksheet.md); tests/test_docgen_seminar.py fails when they are stale.
.PHONY: seminar-docs
seminar-docs: $(STAMP)
	$(PY) -m sim.docgen.seminar

# The printable worksheet and its separate answer key (outputs/worksheet.pdf, outputs/worksheet_key.pdf),
# generated afresh from the model (about a minute); not committed.
.PHONY: worksheet
worksheet: $(STAMP)
	$(PY) -m sim.docgen.worksheet

# --- sweeps (docs/sweeps.md) ---------------------------------------------------------------------
.PHONY: bench-sweep bench-cluster experiments

bench-sweep: $(VENV)/.installed-explore
	$(PY) -m sim.bench --sweep

# serial vs a local Dask cluster on a calibration over the whole record (docs/cluster.md)
bench-cluster: $(VENV)/.installed-cluster
	$(PY) -m sim.bench --cluster

experiments: $(VENV)/.installed-discovery
	$(PY) experiments/sensitivity.py
	$(PY) experiments/heatmap.py
	$(PY) experiments/discovery.py

# Fit the decision weights to the historical episodes (docs/calibration.md); rewrites
# configs/decision/calibrated.yaml, which `make run` uses.
.PHONY: calibrate
calibrate: $(STAMP)
	$(PY) -m sim.calibrate

# The alliance replayed from 1992 (docs/timeline.md): cohesion, trust, membership, 1999 check.
.PHONY: timeline timeline-docs
timeline: $(STAMP)
	$(PY) -m sim.timeline_run

# docs/timeline_results.md from a fresh default replay and its forecasts (tests/test_docgen_timeline_results.py
# fails when it is stale).
timeline-docs: $(STAMP)
	$(PY) -m sim.docgen.timeline_results

# The notebooks executed in Jupyter kernels, with their figures: notebooks/executed/*.ipynb.
# `make notebooks NOTEBOOKS_SMALL=--small` for a quick check at small sizes.
NOTEBOOKS_SMALL ?=
notebooks: $(VENV)/.installed-notebooks
	$(PY) -m sim.notebooks $(NOTEBOOKS_SMALL)

# JupyterLab on the notebooks (the `lab` extra: installed into .venv here, not by `make test`).
# Loopback only; the printed address carries the login token. As root (a container) it needs --allow-root.
.PHONY: lab
lab: $(VENV)/.installed-lab
	$(VENV)/bin/jupyter lab notebooks/ --ip 127.0.0.1 --no-browser $(if $(filter 0,$(shell id -u)),--allow-root,)

# Out-of-sample validation on the whole evidence base against naive baselines (docs/validation.md).
.PHONY: validate
validate: $(STAMP)
	$(PY) -m sim.docgen.validation

"""sim.cli's one-line answers inside a command: a MemoryError mapped when the command says how,
and a sweep's jobs composed once each by the precheck."""

from __future__ import annotations

import pytest

import sim.cli as cli
import sim.runs.sweep_check as sweep_check
from sim.errors import InputError
from sim.inputs.schema import register_configs


def test_memory_error_becomes_the_given_line_with_status_2(capsys):
    with pytest.raises(SystemExit) as exc, cli.input_errors(InputError("lanes", "out of memory", "fewer lanes")):
        raise MemoryError
    assert exc.value.code == 2
    assert capsys.readouterr().err.strip() == "error: lanes = 'out of memory': fewer lanes"


def test_memory_error_without_a_mapping_is_not_swallowed():
    with pytest.raises(MemoryError), cli.input_errors():
        raise MemoryError


def test_a_sweep_precheck_composes_each_group_choice_once(monkeypatch):
    register_configs()
    calls: list[list[str]] = []

    def counting(real):
        def compose(name, overrides):
            calls.append(list(overrides))
            return real(name, overrides=overrides)
        return compose

    monkeypatch.setattr(cli, "compose", counting(cli.compose))
    monkeypatch.setattr(sweep_check, "compose", counting(sweep_check.compose))
    assert cli.precheck(["-m", "scenario=kazakhstan_2022,kyrgyzstan_2010", "decision.weights.cost=0,1"]) is None
    assert sorted(map(tuple, calls)) == [("scenario=kazakhstan_2022",), ("scenario=kyrgyzstan_2010",)]

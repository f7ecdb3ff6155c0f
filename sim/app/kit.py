"""The lecturer's kit around the seminar model: how far to trust a number, where each input comes
from, what the record says each member did, and the numbers on screen as a CSV.

One place for the app (sim/app/app.py), the seminar plan (sim/docgen/seminar.py) and the
worksheet (sim/app/worksheet.py), so the three say the same thing in the same words.

Provenance follows where an input is read from: **source** (seeds/: the five sources, each value
citing its paragraph or stating its assumption), **evidence** (seeds/evidence/: the coded record of
episodes and members' actions) and **assumption** (configs/: the scenario's and the model's own
settings, the fitted weights among them).
"""

from __future__ import annotations

import io
from typing import Any

import pandas as pd

from sim.inputs.actions import load_member_actions
from sim.outputs.trust import out_of_sample

PROVENANCE_WORDS: dict[str, str] = {
    "source": "source (seeds/: the five sources, each value cites its paragraph or states its assumption)",
    "evidence": "evidence (seeds/evidence/: the coded historical record)",
    "assumption": "assumption (configs/: set for the model, not read from a source)",
}
OUTCOME_KEYS: tuple[str, ...] = ("troops", "partial", "none")


def _pcts(p: dict[str, float]) -> str:
    return " · ".join(f"{k} {p[k]:.0%}" for k in OUTCOME_KEYS)


def trust_sentences(summary: dict[str, Any], fitted: bool = True) -> list[str]:
    """How far to trust the run's numbers, in plain sentences: for a historical episode the
    in-sample figure (what the requester got) beside the leave-one-out forecast from
    docs/validation.json; for a hypothetical crisis, that there is no record to check against.
    `fitted`: the run uses the calibrated weights and no what-if (else "in sample" is not its name)."""
    oos = out_of_sample(summary.get("episode"))
    if oos is None:
        if summary.get("episode"):
            return ["This episode has no out-of-sample check yet (`make validate` writes docs/validation.json)."]
        return ["A hypothetical crisis: there is no record to check these numbers against. They say what "
                "the fitted weights imply, not what would happen."]
    answer, loo, observed = summary["answer"], oos["model"], oos["observed"]
    likeliest = max(OUTCOME_KEYS, key=lambda k: loo[k])
    verdict = ("its most likely answer is what happened" if likeliest == observed
               else f"its most likely answer ({likeliest}) is not what happened")
    this = "In sample" if fitted else "Your settings (not the fitted ones)"
    return [
        f"{this}: {_pcts(answer)} (what the requester got). Out of sample: {_pcts(loo)}. "
        f"History: {observed}.",
        "In sample means the weights were fitted with this episode in view, so agreement with history is "
        "partly built in. Out of sample (leave-one-out) means the weights were fitted without it and its "
        f"inputs taken as known before its date: the fairer test; {verdict}.",
    ]


def crisis_provenance(spec: Any, scenario: str) -> list[tuple[str, str, str]]:
    """(input, provenance, file) for the crisis panel."""
    c = spec.crisis
    if c.episode:
        kind, where = (("source", "seeds/episodes.yaml") if c.coding == "seeds"
                       else ("evidence", "seeds/evidence/episodes.yaml"))
        rows = [("the crisis: requester, channel, framing, what was asked", kind, where)]
    else:
        rows = [("the crisis (hypothetical)", "assumption", f"configs/scenario/{scenario}.yaml")]
    if c.asked == "forces" and c.channel != "none":
        rows.append(("the number of troops asked", "assumption", f"configs/scenario/{scenario}.yaml"))
    rows.append(("the decision weights (fitted to the record)", "assumption", "configs/decision/"))
    return rows


MEMBER_PROVENANCE: tuple[tuple[str, str, str], ...] = (
    ("threat priorities, forces, shares", "source", "seeds/members.yaml"),
    ("ties", "source", "seeds/ties.csv, seeds/dated.yaml"),
    ("forces committed on the date", "source", "seeds/dated.yaml"),
    ("in history", "evidence", "seeds/evidence/member_actions.yaml"),
)


def provenance_line(rows: tuple[tuple[str, str, str], ...] | list[tuple[str, str, str]]) -> str:
    """One compact line: 'input: provenance (file); ...'."""
    return "Inputs: " + "; ".join(f"{what} = {kind} ({where})" for what, kind, where in rows) + "."


def history_actions(episode: str | None) -> dict[str, str]:
    """Member code -> what the record says it did in the episode (seeds/evidence/member_actions.yaml),
    e.g. 'troops (about 100)'; empty for a hypothetical crisis or an episode without records."""
    if not episode:
        return {}
    out = {}
    for code, a in load_member_actions().get(episode, {}).items():
        if a.action in ("requester", "adversary"):
            out[code] = a.action
        else:
            out[code] = a.action + (f" (about {a.troops:,})" if a.troops else "")
    return out


def export_csv(settings: dict[str, Any], summary: dict[str, Any], member_rows: list[dict[str, Any]]) -> str:
    """What the app shows, as one CSV: a row per member (its choice shares over the replications)
    and a row per outcome distribution, each carrying the scenario, settings, seed and replications,
    so a saved file says what produced it."""
    context = {"scenario": settings["crisis"], "seed": summary.get("seed"),
               "replications": summary["replications"],
               **{f"setting_{k}": v for k, v in sorted(settings.items()) if k != "crisis"}}
    rows = []
    for name in ("outcome", "bilateral", "answer"):
        dist = summary[name]
        rows.append({"table": name, "member": "", **{f"p_{k}": dist.get(k) for k in
                                                      ("troops", "material", "partial", "none")}})
    for r in member_rows:
        rows.append({"table": "members", "member": r["name"], "role": r["role"],
                     **{f"threat_{f}": v for f, v in r["threat"].items()},
                     "available_troops": r["available_troops"], "pledge": r["pledge"],
                     "tie_requester": r["tie_requester"], "tie_adversary": r["tie_adversary"],
                     **{k: r[k] for k in ("p_troops", "p_material", "p_political", "p_object")},
                     "this_replay": r.get("latest"), "in_history": r.get("history")})
    frame = pd.DataFrame(rows)
    for k, v in reversed(context.items()):
        frame.insert(0, k, v)
    buf = io.StringIO()
    frame.to_csv(buf, index=False)
    return buf.getvalue()

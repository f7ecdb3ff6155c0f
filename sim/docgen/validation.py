"""docs/validation.md and docs/validation.json: the out-of-sample validation (sim.calibration.validation).

    python -m sim.docgen.validation                  # validate (make validate), write both and outputs/validation/
    python -m sim.docgen.validation --no-doc         # validate into outputs/validation/ only
    python -m sim.docgen.validation --from-json      # re-render docs/validation.md from docs/validation.json

The page is rendered from the result alone (templates/validation.md.j2), so a saved result renders
the same page without re-running the validation.
"""

from __future__ import annotations

import json
from typing import Any

from sim.calibration.validation import FORECASTERS, load_settings, validate
from sim.docgen.render import render, table, tri
from sim.errors import InputError, OneLineArgumentParser
from sim.inputs.paths import PROJECT_ROOT
from sim.runs.atomic import write_text

DOC = PROJECT_ROOT / "docs" / "validation.md"
JSON_DOC = PROJECT_ROOT / "docs" / "validation.json"  # machine-readable: loo, rolling_origin.<year>, members.loo
TEMPLATE = "validation.md.j2"


def score_table(scored: dict[str, Any], n: int) -> str:
    """The alliance-level scores of every forecaster present."""
    return table([{"forecaster": name, "Brier (lower is better)": f"{scored[name]['brier']:.3f}",
                   "log score per episode": f"{scored[name]['log_score']:.2f}",
                   "modal hits": f"{scored[name]['modal_hits']}/{n}"} for name in FORECASTERS if name in scored],
                 columns=["forecaster", "Brier (lower is better)", "log score per episode", "modal hits"])


def member_score_table(m: dict[str, Any]) -> str:
    """The member-level scores of the model and the member baseline."""
    return table([{"forecaster": name, "Brier, confidence-weighted": f"{m[name]['brier']:.3f}",
                   "Brier, unweighted": f"{m[name]['brier_unweighted']:.3f}",
                   "modal hits": f"{m[name]['modal_hits']}/{m['rows']}"}
                  for name in ("model", "baseline") if name in m],
                 columns=["forecaster", "Brier, confidence-weighted", "Brier, unweighted", "modal hits"])


def episode_table(per_episode: list[dict[str, Any]]) -> str:
    return table([{"date": e["date"], "episode": e["id"], "cell": e["cell"],
                   "observed": f"{e['observed']} ({e['confidence']})",
                   "model P(troops / partial / none)": tri(e["model_loo"]), "cells P": tri(e["cells_loo"]),
                   "model modal hit": "yes" if e["model_modal_hit"] else "**no**",
                   "rule of thumb": f"{e['rule_of_thumb']} ({'hit' if e['rule_hit'] else 'miss'})",
                   "main reasons": ", ".join(e["main_reasons"])} for e in per_episode],
                 columns=["date", "episode", "cell", "observed", "model P(troops / partial / none)", "cells P",
                          "model modal hit", "rule of thumb", "main reasons"])


def member_rows_table(rows: list[dict[str, Any]]) -> str:
    return table([{"episode": r["episode"], "member": r["member"], "recorded": r["recorded"],
                   "model": " / ".join(f"{x:.2f}" for x in r["model"]),
                   "baseline": " / ".join(f"{x:.2f}" for x in r["baseline"])} for r in rows],
                 columns=["episode", "member", "recorded", "model", "baseline"])


def sensitivity_table(sensitivity: dict[str, Any] | None) -> str:
    """P(observed) per episode and the three assumptions that move it most (empty: no table)."""
    if not sensitivity:
        return ""
    rows = []
    for eid, sv in sensitivity.items():
        top = [a for a in sv["assumptions"] if a["swing"] > 0][:3]
        text = "; ".join(f"{a['assumption']} {a['low']:.2f} / {a['high']:.2f}" for a in top) or "none moves it"
        rows.append({"episode": eid, "P(observed)": f"{sv['p_observed']:.2f}",
                     "most influential assumptions (low / high)": text})
    return table(rows, columns=["episode", "P(observed)", "most influential assumptions (low / high)"])


def losses(result: dict[str, Any]) -> list[str]:
    """The bullets of 'Where the model loses': its modal misses and where a baseline beats it."""
    loo, mem = result["loo"], result["members"]["loo"]
    misses = [e for e in result["per_episode"] if not e["model_modal_hit"]]
    rule_only = [e["id"] for e in misses if e["rule_hit"]]
    model_only = [e["id"] for e in result["per_episode"] if e["model_modal_hit"] and not e["rule_hit"]]
    notes = result.get("settings", {}).get("miss_notes") or {}
    return [f"- Modal misses ({len(misses)}): "
            + (", ".join(f"{e['id']} (observed {e['observed']})" for e in misses) or "none") + ".",
            *[f"  - {e['id']}: {notes[e['id']]}" for e in misses if e["id"] in notes],
            f"- The rule of thumb gets right what the model misses: {', '.join(rule_only) or 'none'}.",
            f"- The model gets right what the rule of thumb misses: {', '.join(model_only) or 'none'}.",
            "- Leave-one-out Brier: " + ", ".join(f"{k} {loo[k]['brier']:.3f}" for k in FORECASTERS if k in loo) + ".",
            f"- Members, leave-one-out Brier (weighted): model {mem['model']['brier']:.3f}, member baseline "
            f"{mem['baseline']['brier']:.3f}.",
            *[f"- Rolling origin {year}: model Brier {r['model']['brier']:.3f}; it loses to "
              + (", ".join(f"{k} ({r[k]['brier']:.3f})" for k in FORECASTERS
                           if k != "model" and k in r and r[k]["brier"] < r["model"]["brier"]) or "no baseline")
              + f"; members: model {r['members']['model']['brier']:.3f}, "
                f"baseline {r['members']['baseline']['brier']:.3f}."
              for year, r in result["rolling_origin"].items()],
            "- Seed-article citations are treated as undated background (the five articles were written in "
            "2022-2024 about structure: threat priorities, the treaty); only evidence rows and statistics are "
            "dated. The structural rules rest on the treaty (1992) and on episode C02 (1993)."]


def markdown(result: dict[str, Any]) -> str:
    """docs/validation.md, from the result alone."""
    return render(TEMPLATE, r=result, loo=result["loo"], mem=result["members"]["loo"], h=result["honoured"],
                  loo_table=score_table(result["loo"], result["episodes"]),
                  member_table=member_score_table(result["members"]["loo"]),
                  origins=[{"year": year, "n_train": r["n_train"], "n_test": r["n_test"],
                            "table": score_table(r, r["n_test"]), "members": member_score_table(r["members"])}
                           for year, r in result["rolling_origin"].items()],
                  episode_table=episode_table(result["per_episode"]),
                  member_rows=member_rows_table(result["members"]["loo_rows"]),
                  sensitivity_table=sensitivity_table(result.get("sensitivity")), losses=losses(result))


def main(argv: list[str] | None = None) -> None:
    parser = OneLineArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, help="prior points (default: configs/calibrate.yaml search.samples)")
    parser.add_argument("--no-doc", action="store_true", help="do not rewrite docs/validation.md")
    parser.add_argument("--no-sensitivity", action="store_true", help="skip the one-at-a-time sensitivity runs")
    parser.add_argument("--from-json", action="store_true",
                        help="only re-render docs/validation.md from docs/validation.json (no validation run)")
    args = parser.parse_args(argv)
    if args.from_json:
        write_text(DOC, markdown(json.loads(JSON_DOC.read_text(encoding="utf-8"))))
        print(f"wrote {DOC} from {JSON_DOC}")
        return
    settings = load_settings()
    if args.samples:
        settings.samples = args.samples
    try:
        result = validate(settings, sensitivity=not args.no_sensitivity)
    except InputError as exc:
        parser.exit(2, f"error: {exc}\n")
    out = PROJECT_ROOT / "outputs" / "validation"
    text = json.dumps(result, indent=1) + "\n"
    write_text(out / "validation.json", text)
    if not args.no_doc:
        write_text(JSON_DOC, text)
        write_text(DOC, markdown(result))
    for name, s in result["loo"].items():
        print(f"leave-one-out {name:<14} Brier {s['brier']:.3f}  log {s['log_score']:.2f}  "
              f"hits {s['modal_hits']}/{result['episodes']}")
    m = result["members"]["loo"]
    print(f"leave-one-out members: model Brier {m['model']['brier']:.3f}, "
          f"baseline {m['baseline']['brier']:.3f} ({m['rows']} rows)")
    for year, r in result["rolling_origin"].items():
        print(f"rolling origin {year}: model {r['model']['brier']:.3f}, cells {r['cells']['brier']:.3f}, "
              f"rule {r['rule_of_thumb']['brier']:.3f}; members model {r['members']['model']['brier']:.3f}, "
              f"baseline {r['members']['baseline']['brier']:.3f}")
    print(f"results: {out / 'validation.json'}" + ("" if args.no_doc else f"; {DOC}; {JSON_DOC}"))


if __name__ == "__main__":
    main()

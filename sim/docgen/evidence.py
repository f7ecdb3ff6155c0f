"""docs/evidence.md from the evidence records, so its tables never drift from the data.

    python -m sim.docgen.evidence            # rewrite docs/evidence.md
    python -m sim.docgen.evidence --check    # exit 1 if it is out of date

A test checks that the committed file equals a fresh render.
"""

from __future__ import annotations

import sys
from pathlib import Path

from sim.docgen.command import doc_command
from sim.docgen.render import cell, render, table
from sim.inputs.evidence import DatedValue, Evidence, load_evidence
from sim.inputs.paths import PROJECT_ROOT, SEEDS_DIR

DOC_PATH = PROJECT_ROOT / "docs" / "evidence.md"
TEMPLATE = "evidence.md.j2"


def episode_table(evidence: Evidence) -> str:
    """The episode table: one row per episode, in date order, under the evidence's coding."""
    rows = sorted(evidence.episodes.values(), key=lambda e: (e.date, e.id))
    return table([{"date": e.date.isoformat(), "id": f"`{e.id}` ({e.evidence_id})", "requester": e.requester,
                   "type": e.crisis_type, "channel": e.request, "outcome": e.outcome, "provenance": e.provenance,
                   "confidence": e.confidence} for e in rows],
                 columns=["date", "id", "requester", "type", "channel", "outcome", "provenance", "confidence"])


def coding_differences_table(evidence: Evidence, seeds: Evidence) -> str:
    """Every field the seeds coding changes, with both values."""
    rows = [{"id": f"`{ep.id}`", "field": f, "evidence coding": cell(getattr(evidence.episodes[ep.id], f)),
             "seeds coding": cell(getattr(ep, f))}
            for ep in sorted(seeds.episodes.values(), key=lambda e: (e.date, e.id)) for f in ep.overridden]
    return table(rows, columns=["id", "field", "evidence coding", "seeds coding"])


def _dated_row(rec: DatedValue) -> dict[str, str]:
    basis = ("source" if rec.sources and not rec.assumption
             else ("assumption" if not rec.sources else "source + assumption"))
    return {"kind": rec.kind, "key": "-".join(rec.key), "from": rec.start.isoformat() if rec.start else "…",
            "until": rec.until.isoformat() if rec.until else "…", "value": cell(rec.value),
            "range": "" if rec.range is None else f"[{rec.range[0]:g}, {rec.range[1]:g}]", "basis": basis}


def dated_table(evidence: Evidence) -> str:
    """The dated inputs, one row per range."""
    return table([_dated_row(r) for r in evidence.dated],
                 columns=["kind", "key", "from", "until", "value", "range", "basis"])


def render_evidence_doc(seeds_dir: Path = SEEDS_DIR) -> str:
    """The full text of docs/evidence.md."""
    evidence = load_evidence(seeds_dir, "evidence")
    seeds = load_evidence(seeds_dir, "seeds")
    return render(TEMPLATE, n_episodes=len(evidence.episodes),
                  n_negative=sum(e.negative_control for e in evidence.episodes.values()),
                  episodes=episode_table(evidence), differences=coding_differences_table(evidence, seeds),
                  dated=dated_table(evidence))


def main(argv: list[str] | None = None) -> int:
    return doc_command(argv, "python -m sim.docgen.evidence", lambda: {DOC_PATH: render_evidence_doc(SEEDS_DIR)},
                       "python -m sim.docgen.evidence", description=__doc__.splitlines()[0])


if __name__ == "__main__":
    sys.exit(main())

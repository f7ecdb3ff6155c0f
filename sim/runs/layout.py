"""Which files a run folder holds, by mode: the layout the runners, the collectors and every
writer above them share. It sits in the runs layer, beside the runners that read a finished
folder (sim.runs.sweep, sim.runs.collect), so no layer below sim.outputs imports up for a file name.
"""

from __future__ import annotations

from pathlib import Path

from sim.runs.atomic import SUMMARY

# Every file a scenario run may write: a re-run removes the ones it does not rewrite, so a folder
# never holds one run's summary beside another run's tables or figures.
RUN_FILES: tuple[str, ...] = ("config.yaml", "replications.parquet", "members.parquet", "outcome.png",
                              "members.png", SUMMARY)
# Every file a timeline run (mode=timeline) may write; its summary is timeline.json.
TIMELINE_SUMMARY = "timeline.json"
TIMELINE_FILES: tuple[str, ...] = ("config.yaml", "timeline.parquet", "timeline.png", "trust.png", TIMELINE_SUMMARY)


def remove_unwritten(outdir: Path, written: list[Path], keep: str) -> None:
    """Remove every run file (either mode's) in `outdir` that this run did not write, except the
    summary `keep` about to land: the folder then holds one run's files only."""
    for name in dict.fromkeys(RUN_FILES + TIMELINE_FILES):
        if outdir / name not in written and name != keep:
            (outdir / name).unlink(missing_ok=True)

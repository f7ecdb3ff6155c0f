"""`python -m sim.collect multirun/<sweep> [--partial]`: gather a Hydra multirun into one tidy table.

Writes <sweep>/collected.parquet (one row per job and outcome/member; a timeline sweep's: per job,
date and cohesion/member) and <sweep>/collected.csv (one row per job). The work is done by
sim.runs.collect. A sweep with jobs missing (no folder), incomplete (no summary.json or
timeline.json) or unreadable (a truncated summary) is reported and nothing is written, status 1,
unless --partial: then what is there is collected and the rest listed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from sim.errors import InputError, OneLineArgumentParser
from sim.runs.collect import collect, write


def main(argv: list[str] | None = None) -> None:
    parser = OneLineArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("multirun_dir", type=Path)
    parser.add_argument("--partial", action="store_true",
                        help="collect the finished jobs even if some are missing, incomplete or unreadable")
    args = parser.parse_args(argv)
    try:
        result = collect(args.multirun_dir)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(2)
    problems = ([f"  missing: {name} (no folder)" for name in result.missing]
                + [f"  incomplete: {path}" for path in result.incomplete]
                + [f"  unreadable: {path} (its summary cannot be read)" for path in result.unreadable]
                + ([f"  not counted: jobs that never started ({result.definition_problem})"]
                   if result.definition_problem else []))
    counts = (f"{len(result.summary)} finished of {result.expected if result.expected is not None else '?'} "
              f"expected; {len(result.missing)} missing, {len(result.incomplete)} incomplete, "
              f"{len(result.unreadable)} unreadable")
    if result.definition_problem and not args.partial:
        print(f"error: {result.definition_problem}: the sweep's definition, which Hydra writes when a sweep "
              f"starts; without it jobs that never started cannot be counted (add --partial to collect the "
              f"finished jobs anyway)", file=sys.stderr)
        sys.exit(2)
    if result.summary.empty:
        print(f"error: no finished job under {args.multirun_dir} ({counts})", file=sys.stderr)
        print("\n".join(problems), file=sys.stderr)
        sys.exit(1)
    if problems and not args.partial:
        print(f"error: sweep {args.multirun_dir} is not complete ({counts}); re-run the sweep's command "
              f"to finish it, or add --partial to collect what is there", file=sys.stderr)
        print("\n".join(problems), file=sys.stderr)
        sys.exit(1)
    table_path, csv_path = write(result, args.multirun_dir)
    print(f"collected {len(result.summary)} finished jobs, ignored {len(result.incomplete)} incomplete; "
          f"swept: {', '.join(result.parameters) or 'nothing'}")
    for line in problems:
        print(line)
    print(f"table: {table_path} ({len(result.table)} rows)\nsummary: {csv_path}")


if __name__ == "__main__":
    main()

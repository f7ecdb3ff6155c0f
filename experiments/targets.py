"""The member-level behaviour targets of decision model v3 (issue: "Members act as the record says"),
measured with the calibrated config: prints one line per target with its figure and whether it is met.

    .venv/bin/python experiments/targets.py [--replications 3000] [--seed 20220106]

A benchmark-style report, not a test: tests/test_model_targets.py checks the same targets on small
replication counts with tolerances.
"""

from __future__ import annotations

from sim.errors import InputError, OneLineArgumentParser
from sim.runs.resources import check_size
from sim.runs.targets import measure_targets

BYTES_PER_REPLICATION = 4096  # an upper bound per replication of one target's run (6-9 members' lanes)


def main(argv: list[str] | None = None) -> None:
    parser = OneLineArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replications", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=20220106)
    args = parser.parse_args(argv)
    if args.replications < 1:
        parser.exit(2, f"error: --replications = {args.replications}: a whole number >= 1\n")
    try:
        check_size("--replications", args.replications, BYTES_PER_REPLICATION, "replication")
    except InputError as exc:
        parser.exit(2, f"error: {exc}\n")
    for t in measure_targets(args.replications, args.seed):
        print(f"{'met ' if t.met else 'MISS'}  {t.name:<58} {t.value:7.3f}  (target {t.target})")


if __name__ == "__main__":
    main()

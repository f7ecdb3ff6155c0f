"""`python -m sim.collect multirun/<sweep>`: gather a Hydra multirun into one tidy table.

Writes <sweep>/collected.parquet (one row per job and outcome/member) and <sweep>/collected.csv
(one row per job). The work is done by sim.runs.collect.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sim.errors import InputError
from sim.runs.collect import collect, write


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("multirun_dir", type=Path)
    args = parser.parse_args(argv)
    try:
        result = collect(args.multirun_dir)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(2)
    if result.summary.empty:
        print(f"error: no finished job under {args.multirun_dir} ({len(result.incomplete)} incomplete)",
              file=sys.stderr)
        sys.exit(1)
    table_path, csv_path = write(result, args.multirun_dir)
    print(f"collected {len(result.summary)} finished jobs, ignored {len(result.incomplete)} incomplete; "
          f"swept: {', '.join(result.parameters) or 'nothing'}")
    for path in result.incomplete:
        print(f"  incomplete: {path}")
    print(f"table: {table_path} ({len(result.table)} rows)\nsummary: {csv_path}")


if __name__ == "__main__":
    main()

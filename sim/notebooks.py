"""Execute the Jupytext notebooks as Jupyter does, with their figures: notebooks/executed/*.ipynb.

Each notebook in notebooks/ is a percent-format .py file with one cell tagged `parameters`
(`SMALL`, and the decision config where it matters). papermill injects the chosen parameters
after that cell and runs the notebook in a Jupyter kernel, so figures are inline image outputs,
as a reader sees them.

    python -m sim.notebooks            # full size (make notebooks)
    python -m sim.notebooks --small    # small sizes, a quick check
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sim.errors import OneLineArgumentParser
from sim.extras import missing
from sim.inputs.paths import PROJECT_ROOT

try:
    import jupytext
    import nbformat
    import papermill
except ImportError as exc:
    if __name__ == "__main__":  # the command: one line, no traceback
        raise SystemExit(str(missing("executing the notebooks", "notebooks"))) from None
    raise missing("executing the notebooks", "notebooks") from exc

NOTEBOOK_DIR = PROJECT_ROOT / "notebooks"
EXECUTED_DIR = NOTEBOOK_DIR / "executed"


def notebooks() -> list[Path]:
    return sorted(NOTEBOOK_DIR.glob("*.py"))


def image_outputs(notebook: nbformat.NotebookNode) -> int:
    """How many figures an executed notebook shows."""
    return sum(1 for cell in notebook.cells if cell.cell_type == "code"
               for out in cell.get("outputs", []) if "image/png" in out.get("data", {}))


def execute(source: Path, target: Path, parameters: dict[str, Any], cwd: Path | None = None,
            timeout_s: int = 900) -> nbformat.NotebookNode:
    """Run one notebook in a fresh kernel with `parameters`; write the executed .ipynb to `target`."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        plain = Path(tmp) / (source.stem + ".ipynb")
        nbformat.write(jupytext.read(source), plain)
        # Inline figures: a backend forced through the environment (e.g. Agg in tests) would hide them.
        backend = os.environ.pop("MPLBACKEND", None)
        try:
            papermill.execute_notebook(str(plain), str(target), parameters=parameters, kernel_name="python3",
                                       cwd=str(cwd or tmp), progress_bar=False, execution_timeout=timeout_s)
        finally:
            if backend is not None:
                os.environ["MPLBACKEND"] = backend
    return nbformat.read(target, as_version=4)


def execute_all(sources: Iterable[Path], out_dir: Path, small: bool) -> dict[str, int]:
    """Execute every notebook; return the number of figures each shows."""
    return {src.stem: image_outputs(execute(src, out_dir / f"{src.stem}.ipynb", {"SMALL": small}))
            for src in sources}


def main(argv: list[str] | None = None) -> None:
    parser = OneLineArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="small sizes (a quick check, not for conclusions)")
    parser.add_argument("--out", type=Path, default=EXECUTED_DIR, help=f"where to write (default {EXECUTED_DIR})")
    args = parser.parse_args(argv)
    for name, figures in execute_all(notebooks(), args.out, args.small).items():
        print(f"{args.out / (name + '.ipynb')}: {figures} figures")


if __name__ == "__main__":
    main()

"""examples/tour.ipynb runs top to bottom (nbclient, the venv's own Python kernel)."""

from __future__ import annotations

import shutil

import nbformat
from nbclient import NotebookClient

from .conftest import ROOT


def test_tour_notebook_runs(tmp_path):
    for name in ("tour.ipynb", "papers.jsonl"):
        shutil.copy(ROOT / "examples" / name, tmp_path / name)  # never writes into the repository
    notebook = nbformat.read(tmp_path / "tour.ipynb", as_version=4)
    NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    outputs = {i: cell.outputs for i, cell in enumerate(notebook.cells) if cell.cell_type == "code"}
    assert all(not any(o.output_type == "error" for o in out) for out in outputs.values())
    text = "\n".join(
        str(o.get("data", {}).get("text/html", "")) + str(o.get("data", {}).get("text/plain", ""))
        for out in outputs.values()
        for o in out
    )
    assert "RippleNet" in text and "Long Range Arena" in text  # the beaten_by and leaderboard frames
    assert "image/png" in str(outputs) and "vis-network" in text  # the plot and the picture
    assert (tmp_path / "leaderboard.png").stat().st_size > 5000

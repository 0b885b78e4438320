"""Every notebook runs top to bottom on a fresh kernel (headless)."""

import json
import os
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

NOTEBOOKS = sorted((Path(__file__).resolve().parents[2] / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs(path, tmp_path, monkeypatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")
    notebook = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    errors = [o for c in notebook.cells if c.cell_type == "code" for o in c.get("outputs", [])
              if o.get("output_type") == "error"]
    assert not errors
    assert os.environ.get("MPLBACKEND") == "Agg"
    outputs = [o for c in notebook.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    if path.name == "01_lever_arm.ipynb":  # Result.animate() played inline
        assert any("<div class=\"animation\"" in o.get("data", {}).get("text/html", "")
                   for o in outputs)
    if path.name == "05_explore_a_setup.ipynb":  # the sliders ran a pull and printed its peaks
        assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {})
                   for o in outputs)
        assert "peak moment" in json.dumps(notebook.metadata.get("widgets", {}))


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 2

"""examples/tour.ipynb: a valid nbformat 4 notebook whose cells run in order and show rich values.

The cells are executed as a kernel would (one namespace, in order), and the
value of each cell's last expression -- what Jupyter displays -- is checked
against numbers worked out here by hand or by another route.
"""

from __future__ import annotations

import ast
import json
import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest
import sympy

from _tools import ROOT

NOTEBOOK = ROOT / "examples" / "tour.ipynb"
_ID = re.compile(r"[a-zA-Z0-9_-]{1,64}\Z")
_CELL_KEYS = {
    "code": ({"cell_type", "id", "metadata", "source", "outputs", "execution_count"}, set()),
    "markdown": ({"cell_type", "id", "metadata", "source"}, {"attachments"}),
    "raw": ({"cell_type", "id", "metadata", "source"}, {"attachments"}),
}


@pytest.fixture(scope="module")
def notebook():
    with open(NOTEBOOK, encoding="utf-8") as stream:
        return json.load(stream)


def source(cell) -> str:
    return cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])


def test_the_notebook_is_nbformat_4(notebook):
    """The structure nbformat 4.5 requires (https://nbformat.readthedocs.io, the v4 JSON schema)."""
    assert set(notebook) == {"cells", "metadata", "nbformat", "nbformat_minor"}
    assert notebook["nbformat"] == 4 and notebook["nbformat_minor"] == 5
    assert isinstance(notebook["metadata"], dict)
    assert notebook["metadata"]["kernelspec"]["language"] == "python"
    ids = []
    for cell in notebook["cells"]:
        required, optional = _CELL_KEYS[cell["cell_type"]]
        assert required <= set(cell) <= required | optional, cell
        assert isinstance(cell["metadata"], dict)
        assert isinstance(cell["source"], str) or all(isinstance(line, str) for line in cell["source"])
        if isinstance(cell["source"], list):  # every line but the last ends in a newline
            assert all(line.endswith("\n") for line in cell["source"][:-1])
        assert _ID.match(cell["id"])
        ids.append(cell["id"])
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None  # committed without outputs
            ast.parse(source(cell))
    assert len(ids) == len(set(ids))
    assert NOTEBOOK.read_text(encoding="utf-8").endswith("}\n")


def run_cells(notebook) -> dict:
    """Run every code cell in one namespace; return tag -> the value of its last expression (or None)."""
    namespace = {"__name__": "__main__"}
    shown = {}
    for number, cell in enumerate(c for c in notebook["cells"] if c["cell_type"] == "code"):
        tree = ast.parse(source(cell), filename=f"cell {number}")
        last = tree.body[-1] if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        body = ast.Module(tree.body[:-1] if last else tree.body, type_ignores=[])
        exec(compile(body, f"cell {number}", "exec"), namespace)
        value = eval(compile(ast.Expression(last.value), f"cell {number}", "eval"), namespace) if last else None
        shown[cell["metadata"]["tags"][0]] = value
    return shown


@pytest.fixture(scope="module")
def shown(notebook):
    return run_cells(notebook)


def test_every_code_cell_shows_something(notebook, shown):
    tags = [c["metadata"]["tags"][0] for c in notebook["cells"] if c["cell_type"] == "code"]
    assert list(shown) == tags and all(value is not None for value in shown.values())


def test_geometry(shown):
    sizes, formula = shown["geometry"]
    assert sizes == (3, 3)  # (5 + 2 - 3) // 2 + 1
    i = sympy.Symbol("i", integer=True, positive=True)
    assert [formula.subs(i, n) for n in range(3, 12)] == [(n + 2 - 3) // 2 + 1 for n in range(3, 12)]


def test_numeric_conv_is_the_d2l_example(shown):
    np.testing.assert_array_equal(shown["numeric"], [[19.0, 25.0], [37.0, 43.0]])


def test_derivation_and_expressions_show_as_latex(shown):
    latex = shown["derivation"]._repr_latex_()
    assert latex.startswith("$$") and r"\sum" in latex
    expressions = shown["expressions"]
    assert expressions.shape == (1, 2, 2)  # (C_out, 3 - 2 + 1, 3 - 2 + 1)
    entries = [expressions[0, i, j] for i in range(2) for j in range(2)]
    assert all(len(sympy.Add.make_args(entry)) == 4 for entry in entries)  # one product per kernel tap
    assert expressions._repr_latex_().startswith("$\\displaystyle")


def test_the_matrix_is_the_guide_4x16_and_shows_as_latex(shown):
    C = shown["matrix"]
    assert C.shape == (4, 16) and sum(1 for v in C.values() if v != 0) == 36
    assert C._repr_latex_().startswith("$\\displaystyle")
    numeric = shown["matrix-numeric"]
    # row 0 of the guide's matrix: taps w00 w01 w02 at columns 0-2, w1* at 4-6, w2* at 8-10
    assert list(numeric.row(0)) == [1, 2, 3, 0, 4, 5, 6, 0, 7, 8, 9, 0, 0, 0, 0, 0]
    assert r"1 & 2 & 3 & 0 & 4" in numeric._repr_latex_()


@pytest.mark.parametrize("tag", ["matrix-pattern", "diagram", "rf-figure"])
def test_pictures_show_as_svg(shown, tag):
    svg = shown[tag]._repr_svg_()
    assert ET.fromstring(svg.encode()).tag == "{http://www.w3.org/2000/svg}svg"


def test_the_diagram_is_the_seed_third_figure(shown):
    panel = shown["diagram"].panels[0]
    labels = sorted(panel.graph.nodes[v]["label"] for v in panel.highlight)
    assert labels == ["g3", "h2", "h3", "h4", "x1", "x2", "x3", "x4", "x5"]


def test_the_receptive_field_table_shows_as_markdown(shown):
    rows = shown["rf-table"]._repr_markdown_().splitlines()
    assert rows[-1] == "| pool5 | pool | 7 | 212 | 32 | 90 |"  # Araujo et al., VGG-16
    start, end = shown["rf-figure"].regions[-1]
    assert end - start + 1 == 212


def test_the_identity_holds_and_shows_as_latex(shown):
    assert shown["identity-check"] == (True, True)
    assert shown["identity"]._repr_latex_().startswith("$\\displaystyle")

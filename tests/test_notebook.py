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

# its module-scope fixtures are costly: under pytest-xdist (the README's test command) one worker runs them
pytestmark = pytest.mark.xdist_group("test_notebook")

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


# ---------------------------------------------------------------------------- the animation, the strip, the explorer


def _d2l_outputs():
    """The d2l example by its definition: y[r, c] = sum over the 2x2 window of x * w (cross-correlation)."""
    x, w = np.arange(9).reshape(3, 3), np.arange(4).reshape(2, 2)
    return [int((x[r : r + 2, c : c + 2] * w).sum()) for r in range(2) for c in range(2)]


def test_the_animation_is_the_d2l_example_in_numbers(shown):
    animation = shown["animation"]
    assert animation[:6] == b"GIF89a" and animation.n_frames == 4
    assert [int(caption.rsplit("= ", 1)[1]) for caption in animation.captions] == _d2l_outputs() == [19, 25, 37, 43]
    assert 'class="symconv-animation"' in animation._repr_html_()


def test_the_strip_shows_the_transposed_key_frames_with_the_matrix(shown):
    strip = shown["strip"]
    assert strip.steps == (0, 1, 5, 24)  # a 5x5 output: first, next, first of the next row, last
    assert all("matrix" in drawn for drawn in strip.drawn)
    assert ET.fromstring(strip._repr_svg_().encode()).tag == "{http://www.w3.org/2000/svg}svg"


def test_the_explorer_cell_shows_the_explorer_or_its_formula(shown):
    explorer = shown["explorer"]
    formula = "o = floor((i + 2*p - k)/s) + 1 = floor((5 + 2*1 - 3)/2) + 1 = 3"
    if isinstance(explorer, str):  # no ipywidgets
        assert explorer == formula
    else:
        assert explorer.view.formula == formula and explorer.view.state.step == 4


# ---------------------------------------------------------------------------- a real kernel


@pytest.fixture(scope="module")
def executed():
    """The notebook run top to bottom by a real IPython kernel (nbclient), headless, as CI runs it."""
    import os

    from _tools import need_module

    nbclient, nbformat = need_module("nbclient"), need_module("nbformat")
    need_module("ipykernel")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    with pytest.MonkeyPatch.context() as patch:
        # the kernel imports this checkout's symconv (not an installed copy) and draws headless
        patch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
        patch.setenv("MPLBACKEND", "Agg")
        client = nbclient.NotebookClient(notebook, timeout=600, kernel_name="python3",
                                         resources={"metadata": {"path": str(ROOT)}})
        client.execute()
    return notebook


def _outputs(executed, tag):
    (cell,) = [c for c in executed.cells if c.cell_type == "code" and c.metadata["tags"][0] == tag]
    return cell.outputs


def test_a_kernel_runs_every_cell_without_an_error(executed):
    for cell in executed.cells:
        if cell.cell_type != "code":
            continue
        kinds = [output.output_type for output in cell.outputs]
        assert "error" not in kinds, cell.outputs
        assert "execute_result" in kinds, (cell.metadata["tags"], kinds)  # every cell shows something
        assert not any(o.output_type == "stream" and o.name == "stderr" and "Traceback" in o.text for o in cell.outputs)


def test_the_kernel_shows_the_animation_player_with_the_d2l_numbers(executed):
    (result,) = [o for o in _outputs(executed, "animation") if o.output_type == "execute_result"]
    html = result.data["text/html"]
    assert 'class="symconv-animation"' in html and "<script>" in html
    assert not re.search(r"(src|href)=\"(https?:)?//", html)  # nothing fetched from the network
    frames = re.search(r"var frames = \[(.*?)\];", html, re.S).group(1)
    assert frames.count("data:image/png;base64,") == 4
    captions = json.loads("[" + re.search(r"var captions = \[(.*?)\];", html, re.S).group(1) + "]")
    assert [int(caption.rsplit("= ", 1)[1]) for caption in captions] == _d2l_outputs() == [19, 25, 37, 43]
    assert captions[0] == "0\u00b70 + 1\u00b71 +\n3\u00b72 + 4\u00b73 = 19"
    assert re.fullmatch(r"<Animation: GIF, 4 frames, \d+x\d+ pixels>", result.data["text/plain"])


def test_the_kernel_shows_the_strip_and_the_explorer(executed):
    from _tools import tools_required

    (strip,) = [o for o in _outputs(executed, "strip") if o.output_type == "execute_result"]
    assert ET.fromstring(strip.data["image/svg+xml"].encode()).tag == "{http://www.w3.org/2000/svg}svg"
    (explorer,) = [o for o in _outputs(executed, "explorer") if o.output_type == "execute_result"]
    widget = "application/vnd.jupyter.widget-view+json"
    if widget in explorer.data or tools_required():  # CI installs ipywidgets: the widgets must be there
        assert widget in explorer.data and explorer.data[widget]["model_id"]
        assert executed.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    else:
        assert "floor((5 + 2*1 - 3)/2) + 1 = 3" in explorer.data["text/plain"]

"""The explorer (symconv.plots.explorer): its state -> view logic, without a front end, then its widgets.

The formula is checked against the output size by plain integer arithmetic; the row of C against the window's
definition (output (r, c) of a direct convolution reads input (r*s - p + u*d, c*s - p + v*d) through tap (u, v));
the numeric value against symconv.numeric.
"""

import re
import sys

import numpy as np
import pytest
import sympy
from _tools import need_module

from symconv import Geometry, SymconvError, numeric
from symconv.plots.explorer import EXTRA, SLIDER_RANGES, Explorer, ExplorerState, explore, explorer_view


def _size(i, k, s, p, d):
    return (i + 2 * p - d * (k - 1) - 1) // s + 1


def _direct_row(i, k, s, p, d, step):
    """Row `step` of C by the window's definition: tap (u, v) -> the input cell it reads."""
    o = _size(i, k, s, p, d)
    r, c = divmod(step, o)
    row = [0] * (i * i)
    for u in range(k):
        for v in range(k):
            y, x = r * s - p + u * d, c * s - p + v * d
            if 0 <= y < i and 0 <= x < i:
                row[y * i + x] = f"w_{u}{v}"
    return row


@pytest.mark.parametrize("i, k, s, p, d", [(5, 3, 1, 0, 1), (5, 3, 2, 1, 1), (7, 3, 1, 0, 2), (6, 2, 3, 2, 1)])
def test_a_direct_state_gives_its_size_formula_and_row(i, k, s, p, d):
    o = _size(i, k, s, p, d)
    for step in sorted({0, o * o // 2, o * o - 1}):
        view = explorer_view(ExplorerState(input_size=i, kernel_size=k, stride=s, padding=p, dilation=d, step=step))
        assert view.error is None and view.geometry == Geometry(k, s, p, d, ndim=2)
        assert (view.output_size, view.n_steps) == (o, o * o)
        left, general, substituted, value = view.formula.split(" = ")
        assert left == "o" and int(value) == o
        assert str(o) == view.formula_latex.rsplit(" = ", 1)[1]
        # the numbers put into the guide's form evaluate to the size, symbols as the numbers are read
        assert sympy.sympify(substituted.replace("floor", "floor")).doit() == o
        assert ("floor" in general) == (s != 1) and ("p" in general) == (p != 0) and ("d" in general) == (d != 1)
        assert [str(entry) if entry != 0 else 0 for entry in view.row] == _direct_row(i, k, s, p, d, step)
        assert view.row_text.startswith(f"row {step} of C: ")


def test_a_transposed_state_reads_the_row_of_c_transposed():
    # kernel 3, stride 2, padding 1, output padding 1: 3 -> 6, the guide's odd transposed case
    state = ExplorerState(input_size=3, kernel_size=3, stride=2, padding=1, transposed=True, output_padding=1,
                          numeric=True, step=7)
    view = explorer_view(state)
    assert view.output_size == 6 == (3 - 1) * 2 - 2 * 1 + 3 + 1
    assert view.formula == "o' = s*(i' - 1) + a + k - 2*p = 2*(3 - 1) + 1 + 3 - 2*1 = 6"
    x, w = np.arange(9).reshape(1, 1, 3, 3), np.arange(9).reshape(1, 1, 3, 3)
    expected = numeric.conv_transpose(x, w, stride=2, padding=1, output_padding=1)[0, 0].ravel()
    assert view.value == expected[7] == 12
    # row 7 of C^T: input j reaches output 7 = (1, 1) through tap (1 - 2*jr + 1, 1 - 2*jc + 1) when in range
    row = []
    for j in range(9):
        jr, jc = divmod(j, 3)
        u, v = 1 + 1 - 2 * jr, 1 + 1 - 2 * jc
        row.append(int(w[0, 0, u, v]) if 0 <= u < 3 and 0 <= v < 3 else 0)
    assert list(view.row) == row
    assert view.row_text == "row 7 of Cᵀ (column 7 of C): " + " ".join(map(str, row)) + " · x = 12"


def test_numeric_mode_agrees_with_the_frame_and_numeric_conv():
    state = ExplorerState(input_size=4, kernel_size=2, stride=2, padding=1, numeric=True)
    x, w = np.arange(16).reshape(1, 1, 4, 4), np.arange(4).reshape(1, 1, 2, 2)
    expected = numeric.conv(x, w, stride=2, padding=1)[0, 0].ravel()
    for step in range(expected.size):
        view = explorer_view(ExplorerState(**{**state.__dict__, "step": step}))
        assert view.value == expected[step] == int(np.dot(view.row, x.ravel()))
        drawing = view.drawing()
        assert drawing.value == expected[step] and drawing.step == step
        assert "matrix" in drawing  # the matrix view beside the frame


def test_the_step_follows_the_geometry_and_bad_states_say_why():
    view = explorer_view(ExplorerState(input_size=5, kernel_size=3, step=100))
    assert view.state.step == 8 and view.row_text.startswith("row 8 of C")
    for state, message in [
        (ExplorerState(input_size=2, kernel_size=5), "kernel_size: effective kernel 5"),
        (ExplorerState(input_size=5, stride=2, transposed=True, output_padding=2), "output_padding"),
        (ExplorerState(input_size=5, kernel_size=2, padding=2, transposed=True), "padding: .*at most 1, got 2"),
        # (11*4 + 4*6 + 1 + 3)^2 outputs by 12^2 inputs
        (ExplorerState(input_size=12, kernel_size=7, stride=4, dilation=4, transposed=True, output_padding=3),
         "matrix: C has 746,496 cells"),
    ]:
        view = explorer_view(state)
        assert view.geometry is None and view.n_steps == 0 and view.drawing() is None and view.png() is None
        assert re.search(message, view.error), view.error
    # without the matrix view the large one is fine
    large = ExplorerState(input_size=12, kernel_size=7, stride=4, dilation=4, transposed=True, output_padding=3,
                          matrix=False)
    assert explorer_view(large).n_steps == 72 * 72


def test_the_view_draws_its_frame():
    view = explorer_view(ExplorerState(input_size=5, kernel_size=3, stride=2, padding=1, step=4))
    png = view.png()
    assert png[:4] == b"\x89PNG"
    drawing = view.drawing()
    assert drawing["title"].get_text() == "conv  i=5 k=3 s=2 p=1  \u2192  o=3" and drawing.step == 4


@pytest.mark.parametrize(
    "values, error, match",
    [
        ({"input_size": 0}, SymconvError, "input_size: expected a positive int, got 0"),
        ({"padding": -1}, SymconvError, "padding: expected a non-negative int, got -1"),
        ({"stride": 1.5}, TypeError, "stride: expected a positive int"),
        ({"transposed": 1}, TypeError, "transposed: expected a bool"),
        ({"step": -1}, SymconvError, "step: expected a non-negative int"),
        ({"kernel_size": sympy.Symbol("k", positive=True, integer=True)}, TypeError, "kernel_size: expected an int"),
    ],
)
def test_state_errors(values, error, match):
    with pytest.raises(error, match=match):
        ExplorerState(**values)


def test_view_errors():
    with pytest.raises(TypeError, match="state: expected an ExplorerState, got dict"):
        explorer_view({"input_size": 5})


# ---------------------------------------------------------------------------- the widgets


def test_without_ipywidgets_explore_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "ipywidgets", None)  # import ipywidgets raises ImportError
    with pytest.raises(ModuleNotFoundError, match=r'explore needs the package ipywidgets, .*pip install "symconv\[widgets\]"'):
        explore()
    assert EXTRA == 'pip install "symconv[widgets]"'
    with pytest.raises(TypeError, match="explore: unknown field 'size'"):
        explore(size=3)


def test_the_widgets_move_the_view():
    need_module("ipywidgets")
    explorer = explore(input_size=5, kernel_size=3, stride=2, padding=1, step=4)
    assert isinstance(explorer, Explorer)
    assert set(explorer.controls) == {*SLIDER_RANGES, "transposed", "numeric", "matrix", "step"}
    assert explorer.controls["step"].max == 8 and explorer.controls["step"].value == 4
    assert explorer.image.value[:4] == b"\x89PNG"
    assert "\\left\\lfloor" in explorer.formula.value and "= 3$$" in explorer.formula.value
    view = explorer.set(numeric=True, padding=0, stride=1)
    assert view.output_size == 3 and explorer.controls["step"].max == 8
    # padding 0 at stride 2 left 2x2 outputs on the way, so the step came back to 3 and stayed
    assert view.state.step == explorer.controls["step"].value == 3
    expected = numeric.conv(np.arange(25).reshape(1, 1, 5, 5), np.arange(9).reshape(1, 1, 3, 3))[0, 0].ravel()
    assert view.value == expected[3]
    assert "· x = " in explorer.row.value
    view = explorer.set(input_size=3)  # a 1x1 output: the step comes back to 0
    assert view.n_steps == 1 and explorer.controls["step"].value == 0 and explorer.controls["step"].max == 0
    view = explorer.set(kernel_size=5)  # no output: the error instead of a frame
    assert view.error and explorer.image.value == b"" and "kernel_size" in explorer.row.value
    bundle = explorer._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    with pytest.raises(SymconvError, match="changes: expected fields of ExplorerState .* got size"):
        explorer.set(size=3)

"""An interactive explorer of one convolution: sliders for its geometry, and what they give.

Input size, kernel size, stride, padding, dilation, transposed or not, output
padding, numeric mode and the output cell are read into one
:class:`symconv.Geometry`; from it the explorer shows

- the frame of the animation for that output cell (:func:`symconv.plots.animate.draw_step`,
  with the matrix view beside it),
- the output-size formula as the convolution-arithmetic guide writes it, first
  in symbols, then with the numbers put in (:func:`symconv.shapes.guide_form`), then its
  value (:func:`symconv.conv_output_size` or :func:`symconv.conv_transpose_output_size`),
- the row of the convolution matrix ``C`` that computes this output cell
  (:func:`symconv.conv_matrix`; for a transposed convolution the row of ``Cᵀ``,
  that is the column of ``C``), in kernel symbols ``w_ab`` or, in numeric
  mode, in the kernel's numbers, with its product with the input.

The logic is plain Python and needs no front end: :func:`explorer_view` maps an
:class:`ExplorerState` to an :class:`ExplorerView`, which the tests check.
:func:`explore` puts sliders on it with ipywidgets, an optional extra::

    pip install "symconv[widgets]"

Examples
--------
>>> view = explorer_view(ExplorerState(input_size=3, kernel_size=2, numeric=True, step=1))
>>> view.output_size, view.n_steps, view.value
(2, 4, 25)
>>> print(view.formula)
o = i - k + 1 = 3 - 2 + 1 = 2
>>> print(view.row_text)
row 1 of C: 0 0 1 0 2 3 0 0 0 · x = 25
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from .._errors import SymconvError
from .._validate import as_bool, as_size
from ..geometry import Geometry

__all__ = ["ExplorerState", "ExplorerView", "Explorer", "explorer_view", "explore", "SLIDER_RANGES", "EXTRA"]

#: How to install what :func:`explore` needs.
EXTRA = 'pip install "symconv[widgets]"'

#: The sliders' ranges (inclusive), by field of :class:`ExplorerState`.
SLIDER_RANGES = {
    "input_size": (1, 12),
    "kernel_size": (1, 7),
    "stride": (1, 4),
    "padding": (0, 6),
    "dilation": (1, 4),
    "output_padding": (0, 3),
}

_MINIMUM = {"input_size": 1, "kernel_size": 1, "stride": 1, "padding": 0, "dilation": 1, "output_padding": 0, "step": 0}


@dataclass(frozen=True)
class ExplorerState:
    """What the sliders say: a square 2-D convolution (the guide's pictures) and the output cell shown.

    Parameters
    ----------
    input_size, kernel_size, stride, padding, dilation, output_padding : int
        The geometry, one value for both axes (``output_padding`` only when transposed).
    transposed : bool
        A transposed convolution, drawn as the guide draws it.
    numeric : bool
        Numbers in the frame (inputs and kernel ``0, 1, 2, ...``), the row of ``C`` in numbers.
    matrix : bool
        Draw ``C`` beside the frame.
    step : int
        The output cell, row by row; a step past the last cell shows the last.
    """

    input_size: int = 5
    kernel_size: int = 3
    stride: int = 1
    padding: int = 0
    dilation: int = 1
    transposed: bool = False
    output_padding: int = 0
    numeric: bool = False
    matrix: bool = True
    step: int = 0

    def __post_init__(self):
        for name, minimum in _MINIMUM.items():
            object.__setattr__(self, name, as_size(getattr(self, name), name, minimum=minimum))
        for name in ("transposed", "numeric", "matrix"):
            object.__setattr__(self, name, as_bool(getattr(self, name), name))
        for name in _MINIMUM:
            if not isinstance(getattr(self, name), int):
                raise TypeError(f"{name}: expected an int, got {getattr(self, name)!r}")

    def geometry(self) -> Geometry:
        """The one :class:`Geometry` everything shown is read from (2-D, square)."""
        return Geometry(self.kernel_size, self.stride, self.padding, self.dilation,
                        output_padding=self.output_padding, transposed=self.transposed, ndim=2)


@dataclass(frozen=True)
class ExplorerView:
    """What the explorer shows for one state.

    Attributes
    ----------
    state : ExplorerState
        The state shown, its step brought into range.
    geometry : Geometry or None
        None when the state is no valid convolution (``error`` says why).
    output_size : int or None
        Per axis.
    n_steps : int
        Output cells (frames); 0 for an invalid state.
    formula, formula_latex : str
        ``o = floor((i + 2*p - k)/s) + 1 = floor((5 + 2*1 - 3)/2) + 1 = 3`` (text and LaTeX); for a
        transposed convolution ``o' = s*(i' - 1) + a + k - 2*p = ...``.
    row : tuple
        The row of ``C`` (of ``Cᵀ`` when transposed) for this output cell, one entry per input cell
        (SymPy symbols ``w_ab``, or the kernel's numbers in numeric mode, 0 elsewhere).
    row_text : str
        ``row 4 of C: 0 w_00 w_01 ...`` (and ``· x = 25`` in numeric mode).
    value : number or None
        Numeric mode: the output cell's value, ``row · x``.
    error : str or None
        Why the state is no valid convolution (the geometry's message), else None.
    """

    state: ExplorerState
    geometry: Geometry | None
    output_size: int | None
    n_steps: int
    formula: str
    formula_latex: str
    row: tuple
    row_text: str
    value: object
    error: str | None

    def drawing(self):
        """The frame (a :class:`symconv.plots.animate.StepDrawing`), or None for an invalid state."""
        if self.geometry is None:
            return None
        from .animate import draw_step

        state = self.state
        return draw_step(state.step, self.geometry, state.input_size, numeric=state.numeric, matrix=state.matrix)

    def png(self, dpi: int = 110) -> bytes | None:
        """The frame as PNG bytes (None for an invalid state)."""
        drawing = self.drawing()
        if drawing is None:
            return None
        from .._output.savefig import figure_bytes

        return figure_bytes(drawing.figure, "png", dpi=dpi)


def _formula(state: ExplorerState, output_size: int) -> tuple:
    """The guide's formula in symbols, with the numbers put in, and its value: text and LaTeX."""
    import sympy

    from ..shapes import guide_form, relationship_symbols

    S = relationship_symbols()
    numbers = dict(stride=state.stride, padding=state.padding, dilation=state.dilation)
    # a symbol where the number is not the one the guide's simpler relationships drop (s = 1, p = 0, d = 1)
    symbols = dict(stride=S["s"] if state.stride != 1 else 1, padding=S["p"] if state.padding else 0,
                   dilation=S["d"] if state.dilation != 1 else 1)
    if state.transposed:
        left, i = "o'", S["i'"]
        extra = dict(transposed=True)
        numbers.update(extra, output_padding=state.output_padding)
        symbols.update(extra, output_padding=S["a"] if state.output_padding else 0)
    else:
        left, i = "o", S["i"]
    general = guide_form(i, S["k"], **symbols)
    substituted = guide_form(state.input_size, state.kernel_size, **numbers)
    if substituted.doit() != output_size:  # two routes to one size: the guide's form and the geometry
        raise AssertionError(f"guide_form gives {substituted.doit()}, the geometry {output_size}")
    text = f"{left} = {sympy.sstr(general, order='none')} = {sympy.sstr(substituted, order='none')} = {output_size}"
    latex = (f"{left} = {sympy.latex(general, order='none')} = "
             f"{sympy.latex(substituted, order='none', mul_symbol='dot')} = {output_size}")
    return text, latex


def _row(state: ExplorerState, geometry: Geometry, output_size: int) -> tuple:
    """This output cell's row of ``C`` (``Cᵀ`` when transposed), and its product with the input in numeric mode."""
    import numpy as np
    import sympy

    from ..matrix import conv_matrix

    k = state.kernel_size
    if state.numeric:
        weights = np.arange(k * k).reshape(1, 1, k, k)
    else:
        weights = sympy.Array([[[[sympy.Symbol(f"w_{a}{b}") for b in range(k)] for a in range(k)]]])
    matrix = conv_matrix((1, state.input_size, state.input_size), weights, stride=state.stride,
                         padding=state.padding, dilation=state.dilation, transposed=state.transposed,
                         output_padding=state.output_padding, format="dense")
    if state.numeric:
        row = tuple(int(v) for v in np.asarray(matrix)[state.step])
        x = np.arange(state.input_size ** 2)
        return row, int(np.dot(row, x))
    return tuple(matrix.row(state.step)), None


def explorer_view(state: ExplorerState) -> ExplorerView:
    """What the explorer shows for ``state``: the geometry, the formula, the row of ``C``, the frame.

    A state that is no valid convolution (a kernel wider than the padded input, an output padding not smaller
    than the stride, a transposed padding past ``d(k-1)``, a matrix view too large) gives a view whose ``error``
    says why, with no frame.

    Parameters
    ----------
    state : ExplorerState

    Returns
    -------
    ExplorerView

    Raises
    ------
    TypeError
        ``state`` is not an :class:`ExplorerState`.

    Examples
    --------
    >>> view = explorer_view(ExplorerState(input_size=5, kernel_size=3, stride=2, padding=1, step=4))
    >>> print(view.formula)
    o = floor((i + 2*p - k)/s) + 1 = floor((5 + 2*1 - 3)/2) + 1 = 3
    >>> [str(entry) for entry in view.row if entry != 0]
    ['w_00', 'w_01', 'w_02', 'w_10', 'w_11', 'w_12', 'w_20', 'w_21', 'w_22']
    >>> explorer_view(ExplorerState(input_size=2, kernel_size=5)).error
    'kernel_size: effective kernel 5 (kernel 5, dilation 1) is larger than the padded input 2 ...'
    """
    if not isinstance(state, ExplorerState):
        raise TypeError(f"state: expected an ExplorerState, got {type(state).__name__}")
    from .animate import MAX_MATRIX_CELLS

    try:
        geometry = state.geometry()
        (output_size, _) = geometry.output_size((state.input_size, state.input_size))
        if state.transposed:  # drawn as the guide draws it: a padding past d(k-1) would crop the picture
            limit = state.dilation * (state.kernel_size - 1)
            if state.padding > limit:
                raise SymconvError(f"padding: a transposed convolution is drawn over the zero-inserted input "
                                   f"padded by d(k-1)-p; expected padding of at most {limit}, got {state.padding}",
                                   parameter="padding")
        if state.matrix and (output_size * state.input_size) ** 2 > MAX_MATRIX_CELLS:
            raise SymconvError(f"matrix: C has {(output_size * state.input_size) ** 2:,} cells, more than the "
                               f"{MAX_MATRIX_CELLS:,} the matrix view draws", parameter="matrix")
    except SymconvError as error:
        return ExplorerView(replace(state, step=0), None, None, 0, "", "", (), "", None, str(error))
    n_steps = output_size * output_size
    state = replace(state, step=min(state.step, n_steps - 1))
    formula, latex = _formula(state, output_size)
    row, value = _row(state, geometry, output_size)
    name = f"row {state.step} of Cᵀ (column {state.step} of C)" if state.transposed else f"row {state.step} of C"
    row_text = f"{name}: " + " ".join(str(entry) for entry in row)
    if value is not None:
        row_text += f" · x = {value}"
    return ExplorerView(state, geometry, output_size, n_steps, formula, latex, row, row_text, value, None)


# ----------------------------------------------------------------------------
# the front end: ipywidgets
# ----------------------------------------------------------------------------


def _ipywidgets():
    try:
        import ipywidgets
    except ImportError as err:
        raise ModuleNotFoundError(f"explore needs the package ipywidgets, an optional extra of symconv: {EXTRA}",
                                  name="ipywidgets") from err
    return ipywidgets


class Explorer:
    """The widgets of :func:`explore`: sliders and checkboxes, the frame, the formula and the row of ``C``.

    Attributes
    ----------
    widget : ipywidgets.VBox
        What the notebook shows (this object shows it too).
    controls : dict
        Field of :class:`ExplorerState` -> its slider or checkbox.
    view : ExplorerView
        What is shown now.
    """

    def __init__(self, state: ExplorerState):
        widgets = _ipywidgets()
        self.controls = {}
        for name, (low, high) in SLIDER_RANGES.items():
            value = getattr(state, name)
            self.controls[name] = widgets.IntSlider(value=value, min=low, max=max(high, value),
                                                    description=name.replace("_", " "), continuous_update=False)
        for name in ("transposed", "numeric", "matrix"):
            label = "matrix C" if name == "matrix" else name
            self.controls[name] = widgets.Checkbox(value=getattr(state, name), description=label)
        first = explorer_view(state)  # the step slider's range is the number of output cells
        self.controls["step"] = widgets.IntSlider(value=first.state.step, min=0, max=max(first.n_steps - 1, 0),
                                                  description="step")
        self.image = widgets.Image(format="png")
        self.formula = widgets.HTMLMath()
        self.row = widgets.HTML()
        sliders = widgets.VBox([self.controls[name] for name in (*SLIDER_RANGES, "step")])
        boxes = widgets.VBox([self.controls[name] for name in ("transposed", "numeric", "matrix")])
        self.widget = widgets.VBox([widgets.HBox([sliders, boxes]), self.formula, self.row, self.image])
        self.state = state
        self._updating = False
        self._update()
        for control in self.controls.values():
            control.observe(self._changed, names="value")

    def _changed(self, change) -> None:
        if not self._updating:  # the step slider moved by _update itself is no new request
            self._update()

    def _update(self) -> None:
        import html

        values = {name: control.value for name, control in self.controls.items()}
        self.state = ExplorerState(**values)
        self.view = view = explorer_view(self.state)
        step = self.controls["step"]
        self._updating = True
        try:
            step.max = max(view.n_steps - 1, 0)
            step.value = view.state.step
        finally:
            self._updating = False
        if view.error is not None:
            self.formula.value = ""
            self.row.value = f"<b>{html.escape(view.error)}</b>"
            self.image.value = b""
            return
        self.formula.value = f"$${view.formula_latex}$$"
        self.row.value = f"<code>{html.escape(view.row_text)}</code>"
        self.image.value = view.png()

    def set(self, **changes) -> ExplorerView:
        """Move the controls (``set(stride=2, numeric=True)``), as a user would; returns the view."""
        unknown = set(changes) - set(self.controls)
        if unknown:
            raise SymconvError(f"changes: expected fields of ExplorerState ({', '.join(self.controls)}), got "
                               f"{', '.join(sorted(unknown))}", parameter="changes")
        for name, value in changes.items():
            self.controls[name].value = value
        return self.view

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


def explore(**state) -> Explorer:
    """Sliders for one convolution's geometry, with its frame, output-size formula and row of ``C``.

    Parameters
    ----------
    **state
        Initial values of the fields of :class:`ExplorerState` (``input_size=5``, ``stride=2``, ...).

    Returns
    -------
    Explorer
        Shown by a notebook as the widgets; its logic is :func:`explorer_view`.

    Raises
    ------
    ModuleNotFoundError
        Without ipywidgets, naming ``pip install "symconv[widgets]"``.
    TypeError, SymconvError
        An unknown field, or a value of the wrong kind or below its minimum.

    Examples
    --------
    In a notebook (with ipywidgets installed)::

        from symconv.plots.explorer import explore
        explore(input_size=5, kernel_size=3, stride=2, padding=1)
    """
    known = {f.name for f in fields(ExplorerState)}
    unknown = set(state) - known
    if unknown:
        raise TypeError(f"explore: unknown field {sorted(unknown)[0]!r}; expected some of {', '.join(sorted(known))}")
    _ipywidgets()  # the clear error before anything else
    return Explorer(ExplorerState(**state))

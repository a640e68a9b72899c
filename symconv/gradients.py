"""Gradients of convolution, derived with SymPy and computed with the NumPy backend.

For ``Y = conv(X, W) + b`` and a loss ``L`` with upstream gradient
``G = dL/dY``:

* ``dL/dX`` is the transposed convolution of ``G`` with the same ``W``
  (``= C^T G`` for the convolution matrix ``C``);
* ``dL/dW`` is the cross-correlation of ``X`` with ``G`` (stride and dilation
  trade places);
* ``dL/db`` is the sum of ``G`` over the batch and every spatial position.

:func:`conv_grad_input`, :func:`conv_grad_weight` and :func:`conv_grad_bias`
compute them for any geometry (stride, padding, dilation, groups, any number
of spatial axes) with :func:`symconv.numeric.conv_transpose` and
:func:`symconv.numeric.conv`; :func:`gradient_derivation` derives them with
SymPy on small symbolic sizes.  Then the notes' learning example
(:func:`learn_edge_kernel`, seed 002 after *Dive into Deep Learning* 6.2) and
the answer to the notes' question why a 2x2 kernel "does not converge"
(:func:`two_by_two_answer`).

SymPy is imported only by the derivations, never by the numeric functions.

References
----------
.. [1] Seed note 002, section 6.2 (learning a kernel; the 2x2 question).
.. [2] A. Zhang et al., *Dive into Deep Learning*, section 7.2.4.
.. [3] V. Dumoulin, F. Visin, "A guide to convolution arithmetic for deep
   learning", arXiv:1603.07285, section 4 (transposed convolution is the
   gradient of convolution).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ._errors import SymconvError
from .geometry import Geometry
from ._validate import as_shape, as_size, is_sequence, plain

__all__ = [
    "conv_grad_input",
    "conv_grad_weight",
    "conv_grad_bias",
    "gradient_derivation",
    "check_gradients_symbolic",
    "LearningRun",
    "learn_edge_kernel",
    "edge_example",
    "learning_derivation",
    "two_by_two_answer",
]


# ----------------------------------------------------------------------------
# numeric gradients
# ----------------------------------------------------------------------------


def _eq(lhs, rhs):
    """An unevaluated equation (SymPy would turn ``Eq(symbol, Matrix)`` into ``False``)."""
    import sympy

    return sympy.Eq(lhs, rhs, evaluate=False)


def _shape(value, name, length, *, batch=False):
    """A shape of ``length`` positive ints (a tuple, list or 1-D NumPy array); with ``batch`` the first may be 0."""
    shape = as_shape(value, name, ndim=length, minimum=0, scalar=False)
    as_shape(shape[1:] if batch else shape, name)  # only a batch may be empty
    return shape


def _geometry(kernel_size, stride, padding, dilation, groups):
    return Geometry(tuple(kernel_size), stride, padding, dilation, groups, ndim=len(kernel_size)).require_concrete()


def _arrays(**named):
    """The named operands as integer or float arrays (complex gradients would need a conjugation convention)."""
    from .numeric._windows import as_numeric_array

    return [as_numeric_array(value, name, allow_complex=False) for name, value in named.items()]


def _check_grad_output(grad_output, expected, layout):
    if tuple(grad_output.shape) != tuple(expected):
        raise SymconvError(f"grad_output: expected shape {tuple(expected)} {layout}, got {tuple(grad_output.shape)}", parameter="grad_output")


def conv_grad_input(input_shape, w, grad_output, *, stride=1, padding=0, dilation=1, groups=1):
    """``dL/dX`` of ``Y = conv(X, W)``: the transposed convolution of ``dL/dY`` with ``W``.

    ``output_padding`` is chosen so that the transposed convolution returns
    exactly ``input_shape`` (the rows a strided convolution never read get
    gradient 0).

    Parameters
    ----------
    input_shape : tuple of int
        ``(N, C_in, *spatial)`` of ``X`` (a 1-D NumPy array too); ``N`` may
        be 0.
    w : array_like, shape (C_out, C_in // groups, *k)
    grad_output : array_like, shape (N, C_out, *out)
        ``dL/dY``.
    stride, padding, dilation, groups
        The forward geometry, as for :func:`symconv.numeric.conv`.

    Returns
    -------
    numpy.ndarray, shape ``input_shape``

    Raises
    ------
    SymconvError
        ``grad_output`` whose shape is not the forward output shape, or a
        bad geometry.
    TypeError
        ``w`` or ``grad_output`` not an integer or float array, or a
        symbolic geometry value.

    Examples
    --------
    >>> import numpy as np
    >>> w = np.array([[[1.0, 2.0]]])
    >>> conv_grad_input((1, 1, 3), w, np.array([[[1.0, 10.0]]]))
    array([[[ 1., 12., 20.]]])

    See Also
    --------
    symconv.numeric.conv_transpose, symconv.conv_matrix : ``C^T G``.
    """
    from .numeric import conv_transpose

    w, grad_output = _arrays(w=w, grad_output=grad_output)
    if w.ndim < 3:
        raise SymconvError(f"w: expected a weight (C_out, C_in // groups, *kernel), got shape {w.shape}", parameter="w")
    input_shape = _shape(input_shape, "input_shape", w.ndim, batch=True)
    geometry = _geometry(w.shape[2:], stride, padding, dilation, groups)
    n, c_in, *spatial = input_shape
    geometry.check_channels(c_in, w.shape[0])
    if w.shape[1] * geometry.groups != c_in:
        raise SymconvError(
            f"w: expected {c_in // geometry.groups} input channels per group in w.shape[1], got {w.shape[1]}", parameter="w"
        )
    out = geometry.output_size(spatial)
    _check_grad_output(grad_output, (n, w.shape[0], *out), "(N, C_out, *out)")
    pads = geometry.pads(spatial)
    # the forward pass reads up to (o-1)s + d(k-1) of the padded input; the rest of it is output padding here
    output_padding = tuple(
        i + before + after - ((o - 1) * s + keff)
        for i, (before, after), o, s, keff in zip(spatial, pads, out, geometry.stride, geometry.effective_kernel_size)
    )
    return conv_transpose(
        grad_output,
        w,
        stride=geometry.stride,
        padding=pads,
        output_padding=output_padding,
        dilation=geometry.dilation,
        groups=geometry.groups,
    )


def conv_grad_weight(x, weight_shape, grad_output, *, stride=1, padding=0, dilation=1, groups=1):
    """``dL/dW`` of ``Y = conv(X, W)``: the cross-correlation of ``X`` with ``dL/dY``.

    ``dW[o, c, a] = sum_{n, i} G[n, o, i] Xpad[n, c', i*s + a*d]``: for
    each kernel tap ``a``, the input read by that tap (stride ``s`` from
    offset ``a*d``) correlated with ``G`` over batch and positions -- one
    GEMM per tap.  (Stride and dilation trade places: as a convolution of the
    padded input with ``G`` as the kernel it has stride ``d`` and dilation
    ``s``.)

    Parameters
    ----------
    x : array_like, shape (N, C_in, *spatial)
    weight_shape : tuple of int
        ``(C_out, C_in // groups, *k)``.
    grad_output : array_like, shape (N, C_out, *out)
    stride, padding, dilation, groups
        The forward geometry.

    Returns
    -------
    numpy.ndarray, shape ``weight_shape``

    Raises
    ------
    SymconvError
        Shapes that do not fit the forward convolution, a bad geometry, or
        a padded input larger than the physical memory.
    TypeError
        ``x`` or ``grad_output`` not an integer or float array, or a
        symbolic geometry value.

    Examples
    --------
    >>> import numpy as np
    >>> conv_grad_weight(np.array([[[1.0, 2.0, 3.0]]]), (1, 1, 2), np.array([[[1.0, 10.0]]]))
    array([[[21., 32.]]])

    See Also
    --------
    conv_grad_input, symconv.numeric.correlate
    """
    x, grad_output = _arrays(x=x, grad_output=grad_output)
    if x.ndim < 3:
        raise SymconvError(f"x: expected an input (N, C_in, *spatial), got shape {x.shape}", parameter="x")
    weight_shape = _shape(weight_shape, "weight_shape", x.ndim)
    c_out, per_group, *kernel = weight_shape
    geometry = _geometry(kernel, stride, padding, dilation, groups)
    n, c_in, *spatial = x.shape
    geometry.check_channels(c_in, c_out)
    g = geometry.groups
    if per_group * g != c_in:
        raise SymconvError(f"weight_shape: expected {c_in // g} input channels per group, got {per_group}", parameter="weight_shape")
    out = geometry.output_size(spatial)
    _check_grad_output(grad_output, (n, c_out, *out), "(N, C_out, *out)")
    from ._layout import relevant_steps
    from .numeric._windows import compute_dtype, placement, refuse_large

    result = np.result_type(x, grad_output)
    dtype = compute_dtype(result)
    length = int(np.prod(out))
    # only the part of the padded input that some window reads: (o - 1) s + d (k - 1) + 1 cells per axis
    strides, dilations = relevant_steps(out, kernel, geometry.stride, geometry.dilation)
    lengths = [(o - 1) * s + d * (k - 1) + 1 for o, s, d, k in zip(out, strides, dilations, kernel)]
    refuse_large([("a padded input", (n, c_in, *lengths))], dtype)
    padded = np.zeros((n, c_in, *lengths), dtype)
    source, target = placement(spatial, [before for before, _ in geometry.pads(spatial)], lengths)
    padded[(slice(None), slice(None), *target)] = x[(slice(None), slice(None), *source)]
    # G as (groups, C_out/g, N*L), once; then one GEMM per kernel tap against the window that tap reads
    g_matrix = grad_output.astype(dtype, copy=False).reshape(n, g, c_out // g, length)
    g_matrix = g_matrix.transpose(1, 2, 0, 3).reshape(g, c_out // g, n * length)
    taps = list(np.ndindex(*kernel))
    grad = np.empty((g, c_out // g, per_group, len(taps)), dtype)
    for t, tap in enumerate(taps):
        window = padded[
            (slice(None), slice(None))
            + tuple(slice(a * d, a * d + s * (o - 1) + 1, s) for a, d, s, o in zip(tap, dilations, strides, out))
        ]
        columns = window.reshape(n, g, per_group, length).transpose(1, 2, 0, 3).reshape(g, per_group, n * length)
        grad[..., t] = np.matmul(g_matrix, columns.transpose(0, 2, 1))
    return grad.reshape(c_out, per_group, *kernel).astype(result, copy=False)


def conv_grad_bias(grad_output):
    """``dL/db``: the sum of ``dL/dY`` over the batch and every spatial position.

    Parameters
    ----------
    grad_output : array_like, shape (N, C_out, *out)

    Returns
    -------
    numpy.ndarray, shape (C_out,)

    Raises
    ------
    SymconvError
        An array with fewer than 3 axes.
    TypeError
        Not an integer or float array (bool, complex, object, strings).

    Examples
    --------
    >>> import numpy as np
    >>> conv_grad_bias(np.ones((2, 3, 4, 5)))
    array([40., 40., 40.])
    """
    (grad_output,) = _arrays(grad_output=grad_output)
    if grad_output.ndim < 3:
        raise SymconvError(f"grad_output: expected (N, C_out, *out), got shape {grad_output.shape}", parameter="grad_output")
    return grad_output.sum(axis=(0, *range(2, grad_output.ndim)))


# ----------------------------------------------------------------------------
# symbolic derivation
# ----------------------------------------------------------------------------


def _symbolic_layer(input_shape, kernel_shape, stride, padding, dilation, groups):
    """Symbols X, W, b, G and the loss L = sum(G * Y) of one small layer."""
    import sympy

    from .symbolic import conv_expressions, symbol_array
    from .symbolic.variants import as_array

    def named(name, shape, leading):
        # one channel: leave the channel indices out of the names, as conv_expressions does
        short = shape[leading:] if all(n == 1 for n in shape[:leading]) else shape
        return as_array(symbol_array(name, short)).reshape(shape)

    X = named("X", input_shape, 1)
    W = named("W", kernel_shape, 2)
    b = as_array(symbol_array("b", (kernel_shape[0],)))
    Y = as_array(
        conv_expressions(X, W, stride=stride, padding=padding, dilation=dilation, groups=groups, bias=b)
    )
    G = named("G", Y.shape, 1)
    L = sympy.Add(*(G * Y).ravel().tolist())
    return X, W, b, Y, G, L


def _grad(L, symbols):
    import sympy

    out = np.empty(symbols.shape, dtype=object)
    for index in np.ndindex(*symbols.shape):
        out[index] = sympy.expand(sympy.diff(L, symbols[index]))
    return out


def _same(a, b) -> bool:
    import sympy

    a, b = np.asarray(a, dtype=object), np.asarray(b, dtype=object)
    return a.shape == b.shape and all(sympy.expand(p - q) == 0 for p, q in zip(a.ravel(), b.ravel()))


def _symbolic_routes(X, W, G, stride, padding, dilation, groups):
    """dL/dX by the transposed convolution and by C^T G; dL/dW by correlating X with G."""
    import sympy

    from .matrix import conv_matrix
    from .symbolic import conv_expressions
    from .symbolic.variants import as_array

    geometry = _geometry(W.shape[2:], stride, padding, dilation, groups)
    spatial = X.shape[1:]
    pads = geometry.pads(spatial)
    out = G.shape[1:]
    output_padding = tuple(
        i + before + after - ((o - 1) * s + keff)
        for i, (before, after), o, s, keff in zip(spatial, pads, out, geometry.stride, geometry.effective_kernel_size)
    )
    by_transpose = as_array(
        conv_expressions(
            G, W, transposed=True, stride=geometry.stride, padding=pads, output_padding=output_padding,
            dilation=geometry.dilation, groups=geometry.groups,
        )
    )
    C = conv_matrix(
        X.shape, W, stride=geometry.stride, padding=pads, dilation=geometry.dilation, groups=geometry.groups,
        format="sympy",
    )
    by_matrix = np.array(list(C.T * sympy.Matrix(G.ravel().tolist())), dtype=object).reshape(X.shape)
    c_out, per_group = W.shape[:2]
    out_per_group = c_out // geometry.groups
    by_correlation = np.empty(W.shape, dtype=object)
    for o in range(c_out):
        for c in range(per_group):
            channel = (o // out_per_group) * per_group + c
            corr = as_array(
                conv_expressions(
                    X[channel : channel + 1], G[o][None, None], stride=geometry.dilation, dilation=geometry.stride,
                    padding=pads,
                )
            )[0]
            by_correlation[o, c] = corr[tuple(slice(0, k) for k in W.shape[2:])]
    return by_transpose, by_matrix, by_correlation


def check_gradients_symbolic(input_shape=(1, 3, 3), kernel_shape=(1, 1, 2, 2), *, stride=1, padding=0, dilation=1,
                             groups=1) -> dict:
    """Differentiate ``L = sum(G * conv(X, W) + b)`` with SymPy and compare with the three rules.

    Parameters
    ----------
    input_shape : tuple
        ``(C_in, *spatial)`` (no batch axis; keep it small).
    kernel_shape : tuple
        ``(C_out, C_in // groups, *k)``.
    stride, padding, dilation, groups
        The forward geometry.

    Returns
    -------
    dict of str to bool
        ``dL/dX = transposed conv``, ``dL/dX = C^T G``, ``dL/dW = corr(X, G)``,
        ``dL/db = sum G``.

    Examples
    --------
    >>> all(check_gradients_symbolic((2, 4, 3), (2, 1, 2, 2), stride=2, padding=1, groups=2).values())
    True
    """
    import sympy

    X, W, b, _, G, L = _symbolic_layer(input_shape, kernel_shape, stride, padding, dilation, groups)
    by_transpose, by_matrix, by_correlation = _symbolic_routes(X, W, G, stride, padding, dilation, groups)
    dX, dW, db = _grad(L, X), _grad(L, W), _grad(L, b)
    sums = np.array([sympy.Add(*G[o].ravel().tolist()) for o in range(G.shape[0])], dtype=object)
    return {
        "dL/dX = conv_transpose(G, W)": _same(dX, by_transpose),
        "dL/dX = C^T G": _same(dX, by_matrix),
        "dL/dW = corr(X, G)": _same(dW, by_correlation),
        "dL/db = sum G": _same(db, sums),
    }


def gradient_derivation(input_size=(3, 3), kernel_size=(2, 2)):
    """The gradients of a one-channel 2-D convolution, derived with SymPy.

    Parameters
    ----------
    input_size, kernel_size : tuple of 2 ints, default (3, 3) and (2, 2)

    Returns
    -------
    Derivation
        Forward expressions, the loss ``L = sum G Y``, then ``dL/dX``,
        ``dL/dW`` and ``dL/db`` each shown equal to its rule; ``check()``
        reruns :func:`check_gradients_symbolic` (also with stride, padding,
        dilation and groups).

    Examples
    --------
    >>> d = gradient_derivation()
    >>> [step.title for step in d][:2]
    ['Forward pass', 'Loss and upstream gradient']
    >>> all(d.check().values())
    True
    """
    import sympy

    from .symbolic import Derivation, Step

    input_size = _shape(input_size, "input_size", 2)
    kernel_size = _shape(kernel_size, "kernel_size", 2)
    X, W, b, Y, G, L = _symbolic_layer((1, *input_size), (1, 1, *kernel_size), 1, 0, 1, 1)
    by_transpose, _, by_correlation = _symbolic_routes(X, W, G, 1, 0, 1, 1)
    dX, dW = _grad(L, X), _grad(L, W)

    def mat(a):
        return sympy.Matrix(a.reshape(a.shape[-2:]).tolist())

    Ys, Ls = sympy.Symbol("Y"), sympy.Symbol("L")
    dXs, dWs, dbs = (sympy.Symbol(rf"\frac{{\partial L}}{{\partial {n}}}") for n in "XWb")
    Gs = sympy.Symbol("G")
    Gi, Yi = sympy.IndexedBase("G"), sympy.IndexedBase("Y")
    i, j = sympy.symbols("i j", integer=True)
    steps = [
        Step(
            "Forward pass",
            [_eq(Ys, mat(Y))],
            "Each output is a weighted sum of one window of {X} plus the bias {b}.",
            None,
            {"X": sympy.Symbol("X"), "b": b[0]},
        ),
        Step(
            "Loss and upstream gradient",
            [_eq(Ls, sympy.Sum(Gi[i, j] * Yi[i, j], (i, 0, Y.shape[-2] - 1), (j, 0, Y.shape[-1] - 1)))],
            "Whatever the loss, the chain rule only needs {G}; L is linear in {Y} with these coefficients.",
            None,
            {"G": _eq(Gs, sympy.Symbol(r"\partial L / \partial Y")), "Y": Ys},
        ),
        Step(
            "Gradient with respect to the input",
            [_eq(dXs, mat(dX)), _eq(sympy.Function("conv^T")(Gs, sympy.Symbol("W")), mat(by_transpose))],
            "Differentiating entry by entry gives the transposed convolution of {G} with the same kernel: "
            "each input receives the kernel taps of every window that read it (the product with {CT}).",
            None,
            {"G": Gs, "CT": sympy.Symbol("C^T")},
        ),
        Step(
            "Gradient with respect to the weights",
            [_eq(dWs, mat(dW)), _eq(sympy.Function("corr")(sympy.Symbol("X"), Gs), mat(by_correlation))],
            "Each weight multiplies one shifted copy of {X}, so its gradient is the cross-correlation of {X} with {G}.",
            None,
            {"X": sympy.Symbol("X"), "G": Gs},
        ),
        Step(
            "Gradient with respect to the bias",
            [_eq(dbs, sympy.expand(sympy.diff(L, b[0])))],
            "The bias is added to every output, so its gradient is the sum of {G}.",
            None,
            {"G": Gs},
        ),
    ]

    def check():
        results = check_gradients_symbolic((1, *input_size), (1, 1, *kernel_size))
        general = check_gradients_symbolic((2, 4, 3), (2, 1, 2, 2), stride=2, padding=(1, 0), dilation=1, groups=2)
        results.update({f"{name} (stride 2, padding, groups 2)": ok for name, ok in general.items()})
        dilated = check_gradients_symbolic((1, 5), (2, 1, 2), stride=2, padding=1, dilation=2)
        results.update({f"{name} (1-D, dilation 2)": ok for name, ok in dilated.items()})
        return results

    return Derivation(
        "Gradients of convolution",
        steps,
        introduction=(
            "Backpropagation through Y = X * W + b (cross-correlation), derived with SymPy on a "
            f"{input_size[0]}x{input_size[1]} input and a {kernel_size[0]}x{kernel_size[1]} kernel."
        ),
        checker=check,
    )


# ----------------------------------------------------------------------------
# the notes' learning example and the 2x2 question
# ----------------------------------------------------------------------------


class LearningRun(NamedTuple):
    """The trajectory of :func:`learn_edge_kernel`."""

    kernel: np.ndarray  #: the learned kernel, shape (k_h, k_w)
    kernels: list  #: the kernel before each step, then the final one
    losses: list  #: the loss before each step, then the final loss
    start: np.ndarray  #: the starting kernel


def edge_example():
    """The notes' data: ``X = ones(6, 8)`` with columns 2-5 zero, ``K = [1, -1]``, ``Y = corr(X, K)``.

    Returns
    -------
    (X, K, Y) : numpy arrays of shapes (6, 8), (1, 2), (6, 7)

    Examples
    --------
    >>> X, K, Y = edge_example()
    >>> Y[0]
    array([ 0.,  1.,  0.,  0.,  0., -1.,  0.])
    """
    from .numeric import conv

    X = np.ones((6, 8))
    X[:, 2:6] = 0
    K = np.array([[1.0, -1.0]])
    Y = conv(X[None, None], K[None, None])[0, 0]
    return X, K, Y


def learn_edge_kernel(kernel_size=(1, 2), *, steps=10, lr=3e-2, seed=0, target=None) -> LearningRun:
    """Learn the edge kernel by gradient descent, with symconv's own gradient (seed 002, D2L 7.2.4).

    The loss is ``sum((conv(X, K) - Y)**2)``; its gradient is
    :func:`conv_grad_weight` of ``2 (conv(X, K) - Y)``.  The start is
    uniform on ``+-1/sqrt(fan_in)`` (PyTorch's ``Conv2d`` default) from
    ``numpy.random.default_rng(seed)``; no bias, as in the notes.

    Parameters
    ----------
    kernel_size : (int, int), default (1, 2)
    steps : int, default 10
    lr : float, default 3e-2
    seed : int, default 0
    target : array_like, optional
        The target ``Y``; default the notes' ``corr(X, [1, -1])`` (6 x 7).

    Returns
    -------
    LearningRun

    Raises
    ------
    SymconvError
        A target whose shape is not the output shape of ``kernel_size`` on
        the 6 x 8 input (the first half of the 2x2 answer).

    Examples
    --------
    >>> run = learn_edge_kernel()
    >>> np.round(run.kernel, 2)
    array([[ 0.98, -1.  ]])
    >>> learn_edge_kernel((2, 2))
    Traceback (most recent call last):
    ...
    symconv._errors.SymconvError: target: expected shape (5, 7) (the output of a (2, 2) kernel on the 6x8 input), got (6, 7)
    """
    from .numeric import conv

    X, _, Y = edge_example()
    kernel_size = _shape(kernel_size, "kernel_size", 2)
    Y = Y if target is None else np.asarray(target, dtype=float)
    out = Geometry(kernel_size, ndim=2).output_size(X.shape)
    if Y.shape != out:
        raise SymconvError(
            f"target: expected shape {out} (the output of a {kernel_size} kernel on the 6x8 input), got {Y.shape}", parameter="target"
        )
    steps = as_size(steps, "steps", minimum=0)
    rng = np.random.default_rng(seed)
    bound = 1 / np.sqrt(np.prod(kernel_size))
    K = rng.uniform(-bound, bound, size=kernel_size)
    start = K.copy()
    x = X[None, None]
    kernels, losses = [], []
    for _ in range(steps + 1):
        error = conv(x, K[None, None])[0, 0] - Y
        kernels.append(K.copy())
        losses.append(float((error**2).sum()))
        if len(losses) > steps:
            break
        K = K - lr * conv_grad_weight(x, (1, 1, *kernel_size), 2 * error[None, None])[0, 0]
    return LearningRun(K, kernels, losses, start)


def _design_matrix(X, kernel_size):
    """Rows: the flattened windows of X (one per output); ``conv(X, K) = A @ K.ravel()``."""
    from .matrix import conv_matrix

    # the conv matrix of X read the other way round: column t of A is X shifted by tap t
    rows = []
    for tap in np.ndindex(*kernel_size):
        e = np.zeros((1, 1, *kernel_size))
        e[(0, 0, *tap)] = 1
        rows.append(conv_matrix((1, *X.shape), e, format="csr") @ X.ravel())
    return np.array(rows).T


def _hessian_symbol():
    """``H = 2 A^T A`` as a SymPy relation, for the prose."""
    import sympy

    A = sympy.MatrixSymbol("A", sympy.Symbol("m"), sympy.Symbol("n"))
    return _eq(sympy.Symbol("H"), 2 * A.T * A)


def _hessian_facts(kernel_size, lr):
    """Exact Hessian eigenvalues of the sum-of-squares loss and the step factors ``1 - lr*lambda``."""
    import sympy

    X, _, _ = edge_example()
    A = sympy.Matrix(_design_matrix(X, kernel_size).astype(int))
    hessian = 2 * A.T * A
    eigenvalues = sorted(hessian.eigenvals(multiple=True), reverse=True)
    rate = sympy.nsimplify(lr)
    factors = [1 - rate * lam for lam in eigenvalues]
    return A, hessian, eigenvalues, factors


def learning_derivation(*, steps=10, lr=3e-2, seed=0):
    """The learning example as a derivation: data, gradient, trajectory and why it converges.

    Returns
    -------
    Derivation
        Its ``check()`` reports whether the learned kernel is within the
        contraction bound ``max|1 - lr*lambda|**steps * |K0 - K|`` of
        ``[1, -1]`` and whether the loss decreased.

    Examples
    --------
    >>> d = learning_derivation()
    >>> d.check()
    {'within the contraction bound': True, 'loss decreased': True}
    """
    import sympy

    from .symbolic import Derivation, Step

    X, K_true, Y = edge_example()
    run = learn_edge_kernel(steps=steps, lr=lr, seed=seed)
    A, hessian, eigenvalues, factors = _hessian_facts((1, 2), lr)
    contraction = max(abs(f) for f in factors)
    Ks = sympy.Symbol("K")
    lam, rho = sympy.Symbol(r"\lambda"), sympy.Symbol(r"\rho")
    trajectory = sympy.Matrix(
        [[i, sympy.Float(loss, 6), *(sympy.Float(v, 6) for v in k.ravel())] for i, (loss, k) in enumerate(zip(run.losses, run.kernels))]
    )
    steps_list = [
        Step(
            "Data",
            [_eq(sympy.Symbol("X"), sympy.Matrix(X.astype(int))), _eq(sympy.Symbol("Y"), sympy.Matrix(Y.astype(int)))],
            "A 6x8 image, dark in columns 2-5; the target is its cross-correlation with {K}: +1 and -1 at the edges.",
            None,
            {"K": sympy.Matrix(K_true.astype(int))},
        ),
        Step(
            "Gradient",
            [_eq(sympy.Symbol(r"\frac{\partial L}{\partial K}"), sympy.Symbol(r"\operatorname{corr}(X, 2(X \star K - Y))"))],
            "With L the sum of squared errors, the weight gradient is the cross-correlation of X with 2(X*K - Y) "
            "(`symconv.gradients.conv_grad_weight`); each step is K <- K - {lr} dL/dK.",
            None,
            {"lr": sympy.nsimplify(lr)},
        ),
        Step(
            "Why it converges",
            [_eq(sympy.Symbol("H"), hessian), _eq(lam, sympy.FiniteSet(*eigenvalues)),
             _eq(rho, contraction), _eq(rho**steps, sympy.Float(float(contraction) ** steps, 4))],
            "The loss is quadratic with Hessian {H} (A: the windows of X as rows). Gradient descent multiplies "
            "the error along each eigenvector by 1 - lr * lambda, at most {rho} in size, so after {n} steps the kernel "
            "error shrinks by at least {bound}.",
            None,
            {"rho": contraction, "n": sympy.Integer(steps), "bound": sympy.Float(float(contraction) ** steps, 3),
             "H": _hessian_symbol()},
        ),
        Step(
            "Trajectory",
            [_eq(sympy.Symbol(r"\text{step, loss}, K_{0}, K_{1}"), trajectory)],
            "The loss before each step and the kernel it used (seed {seed}); the last row is after step {n}.",
            None,
            {"seed": sympy.Integer(seed), "n": sympy.Integer(steps)},
        ),
    ]

    def check():
        bound = float(contraction) ** steps * np.linalg.norm(run.start - K_true)
        return {
            "within the contraction bound": bool(np.linalg.norm(run.kernel - K_true) <= bound + 1e-12),
            "loss decreased": run.losses[-1] < run.losses[0],
        }

    return Derivation(
        "Learning the edge kernel",
        steps_list,
        introduction="Seed note 002, section 6.2: gradient descent recovers the kernel [1, -1] from X and Y.",
        checker=check,
    )


def two_by_two_answer(*, lr=3e-2, seed=0):
    """Why a 2x2 kernel "does not converge" on the notes' example -- answered with symconv.

    Three reasons, each computed:

    1. The shapes: a 2x2 kernel on the 6x8 input gives a 5x7 output; the
       6x7 target of the 1x2 kernel no longer fits, so the loss is not even
       defined (PyTorch refuses to subtract them).
    2. With a target that fits (``Y = corr(X, [[1, -1], [-4, 2]])``, the
       kernel commented out in the notes), the step is too large: the
       Hessian of the sum of squares is ``2 A^T A`` with eigenvalues
       ``100, 20, 0, 0``; gradient descent needs ``lr < 2/100`` but the notes
       use ``0.03``, so the error along the top eigenvector is multiplied by
       ``1 - 0.03 * 100 = -2`` every step and the loss explodes.
    3. Even with a stable step the kernel is not identifiable: every row of
       ``X`` is the same, so the design matrix ``A`` (rows: the 2x2 windows)
       has rank 2, and ``K + a [[1, 0], [-1, 0]] + b [[0, 1], [0, -1]]`` gives
       the same output for every ``a, b``; only the column sums of the
       kernel are determined.

    Returns
    -------
    Derivation
        Its ``check()`` confirms each claim numerically (the shape error,
        a diverging run at ``lr``, a converging run at ``lr = 0.01`` whose
        column sums approach the target's).

    Examples
    --------
    >>> d = two_by_two_answer()
    >>> all(d.check().values())
    True
    """
    import sympy

    from .symbolic import Derivation, Step

    X, _, Y6 = edge_example()
    from .numeric import conv

    K2 = np.array([[1.0, -1.0], [-4.0, 2.0]])
    Y5 = conv(X[None, None], K2[None, None])[0, 0]
    A, hessian, eigenvalues, factors = _hessian_facts((2, 2), lr)
    A_sym = A
    rank = A_sym.rank()
    null = A_sym.nullspace()
    out = Geometry((2, 2), ndim=2).output_size(X.shape)
    lam = sympy.Symbol(r"\lambda")
    k = sympy.Matrix(2, 2, [sympy.Symbol(f"k_{{{r},{c}}}") for r in range(2) for c in range(2)])
    a, b = sympy.symbols("alpha beta")
    moved = k + a * sympy.Matrix(null[0]).reshape(2, 2) + b * sympy.Matrix(null[1]).reshape(2, 2)
    steps_list = [
        Step(
            "The shapes no longer match",
            [_eq(sympy.Symbol(r"\operatorname{shape}(X \star K_{2 \times 2})"), sympy.Tuple(*out)),
             _eq(sympy.Symbol(r"\operatorname{shape}(Y)"), sympy.Tuple(*Y6.shape))],
            "A 2x2 kernel on the 6x8 input has {o} outputs per column, but the target made with the 1x2 kernel has 6: "
            "the loss cannot be formed at all.",
            None,
            {"o": sympy.Integer(out[0])},
        ),
        Step(
            "With a matching target the step is too large",
            [_eq(sympy.Symbol("H"), hessian), _eq(lam, sympy.Tuple(*eigenvalues)),
             _eq(sympy.Symbol(r"1 - \eta \lambda"), sympy.Tuple(*factors))],
            "Take Y = X * {K2} (5x7). The loss is quadratic with Hessian {H}; its largest eigenvalue is "
            "{lmax}, so gradient descent is stable only for a step below {limit}. At {lr} the error along that "
            "direction is multiplied by {factor} each step: the loss grows instead of falling.",
            None,
            {"K2": sympy.Matrix(K2.astype(int)), "lmax": eigenvalues[0], "limit": 2 / eigenvalues[0], "H": _hessian_symbol(),
             "lr": sympy.nsimplify(lr), "factor": factors[0]},
        ),
        Step(
            "Only the column sums are identifiable",
            [_eq(sympy.Symbol(r"\operatorname{rank} A"), rank),
             _eq(sympy.Symbol(r"\ker A"), sympy.Tuple(*(sympy.Matrix(v).reshape(2, 2) for v in null))),
             _eq(sympy.Symbol(r"X \star K'"), sympy.Symbol(r"X \star K")),
             _eq(sympy.Symbol("K'"), moved)],
            "Every row of X is the same, so a 2x2 window holds the same pair twice and A (one window per row, "
            "35 x 4) has rank {rank}. Moving weight between the two rows of a column leaves every output unchanged; "
            "only the column sums {sums} of the kernel are fixed by the data.",
            None,
            {"rank": sympy.Integer(rank), "sums": sympy.Matrix([K2.sum(axis=0).astype(int).tolist()])},
        ),
    ]

    def check():
        try:
            learn_edge_kernel((2, 2), target=Y6)
            shape_refused = False
        except SymconvError:
            shape_refused = True
        diverging = learn_edge_kernel((2, 2), lr=lr, seed=seed, target=Y5)
        stable = learn_edge_kernel((2, 2), lr=1e-2, steps=200, seed=seed, target=Y5)
        return {
            "6x7 target refused for a 2x2 kernel": shape_refused,
            f"loss grows at lr={lr}": diverging.losses[-1] > 1e3 * diverging.losses[0],
            "rank 2 design matrix": bool(rank == 2 and np.linalg.matrix_rank(np.array(A.tolist(), dtype=float)) == 2),
            "column sums recovered at lr=0.01": bool(np.allclose(stable.kernel.sum(axis=0), K2.sum(axis=0), atol=1e-6)),
            "kernel itself not recovered": not np.allclose(stable.kernel, K2, atol=1e-2),
        }

    return Derivation(
        'Why a 2x2 kernel "does not converge"',
        steps_list,
        introduction=(
            "Seed note 002, section 6.2 asks why training with a 2x2 kernel fails where the 1x2 kernel succeeds. "
            "Every number below is computed by symconv."
        ),
        checker=check,
    )

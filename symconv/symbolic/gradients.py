"""Gradients of convolution, derived with SymPy on small symbolic layers.

For ``Y = conv(X, W) + b`` and the loss ``L = sum(G * Y)`` (``G`` stands
for the upstream gradient ``dL/dY`` of any loss), SymPy differentiates ``L``
entry by entry, and :func:`check_gradients_symbolic` compares the result with
the three rules that :mod:`symconv.numeric.gradients` computes:

* ``dL/dX`` is the transposed convolution of ``G`` with the same ``W``, and
  also ``C^T G`` for the convolution matrix ``C``;
* ``dL/dW`` is the cross-correlation of ``X`` with ``G`` (stride and dilation
  trade places);
* ``dL/db`` is the sum of ``G``.

:func:`gradient_expressions` returns every expression involved, for the
derivation page (:mod:`symconv.pages.gradients`) and the identity catalogue.

References
----------
.. [1] V. Dumoulin, F. Visin, "A guide to convolution arithmetic for deep
   learning", arXiv:1603.07285, section 4 (transposed convolution is the
   gradient of convolution).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import sympy

from .._layout import resolve_layer
from .._validate import as_concrete_shape, refuse_count
from ..geometry import Geometry
from ..matrix import conv_matrix
from .expressions import conv_expressions, symbol_array
from .variants import as_array

__all__ = ["GradientExpressions", "gradient_expressions", "check_gradients_symbolic"]


class GradientExpressions(NamedTuple):
    """The symbols and expressions of one small layer and its gradients (object arrays)."""

    X: np.ndarray  #: the input symbols, ``(C_in, *spatial)``
    W: np.ndarray  #: the weight symbols, ``(C_out, C_in // groups, *k)``
    b: np.ndarray  #: the bias symbols, ``(C_out,)``
    Y: np.ndarray  #: the forward expressions
    G: np.ndarray  #: the upstream-gradient symbols, shaped like ``Y``
    L: sympy.Expr  #: ``sum(G * Y)``
    dX: np.ndarray  #: ``dL/dX`` by differentiation
    dW: np.ndarray  #: ``dL/dW`` by differentiation
    db: np.ndarray  #: ``dL/db`` by differentiation
    by_transpose: np.ndarray  #: the transposed convolution of ``G`` with ``W``
    by_matrix: np.ndarray  #: ``C^T G``
    by_correlation: np.ndarray  #: the cross-correlation of ``X`` with ``G``


#: The most products (output, tap and input channel) of a layer whose gradients are differentiated
#: symbolically: the cost grows about with their square (12 x 12 inputs, a 3 x 3 kernel, 900 products: ~2 s).
MAX_GRADIENT_TERMS = 1000


def _symbolic_layer(input_shape, kernel_shape, stride, padding, dilation, groups):
    """Symbols X, W, b, G and the loss L = sum(G * Y) of one small layer; refused before any symbol if it is not small."""
    kernel_shape = as_concrete_shape(kernel_shape, "kernel_shape")  # text and floats refused, not read digit by digit
    layout = resolve_layer(input_shape, kernel_shape, who="kernel_shape", caller="the symbolic gradients",
                           stride=stride, padding=padding, dilation=dilation, groups=groups)
    refuse_count(layout.n_terms, MAX_GRADIENT_TERMS, "input_shape", "products differentiated symbolically",
                 "use a smaller input or kernel, or symconv.numeric.conv_grad_input / conv_grad_weight for numbers")

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
    out = np.empty(symbols.shape, dtype=object)
    for index in np.ndindex(*symbols.shape):
        out[index] = sympy.expand(sympy.diff(L, symbols[index]))
    return out


def _same(a, b) -> bool:
    a, b = np.asarray(a, dtype=object), np.asarray(b, dtype=object)
    return a.shape == b.shape and all(sympy.expand(p - q) == 0 for p, q in zip(a.ravel(), b.ravel()))


def _symbolic_routes(X, W, G, stride, padding, dilation, groups):
    """dL/dX by the transposed convolution and by C^T G; dL/dW by correlating X with G."""
    geometry = Geometry(
        tuple(W.shape[2:]), stride, padding, dilation, groups, ndim=W.ndim - 2
    ).require_concrete()
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


def gradient_expressions(input_shape=(1, 3, 3), kernel_shape=(1, 1, 2, 2), *, stride=1, padding=0, dilation=1,
                         groups=1) -> GradientExpressions:
    """The gradients of ``L = sum(G * (conv(X, W) + b))``, by differentiation and by the three rules.

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
    GradientExpressions

    Examples
    --------
    >>> g = gradient_expressions((1, 2), (1, 1, 2))
    >>> g.Y
    array([[W_{0}*X_{0} + W_{1}*X_{1} + b_{0}]], dtype=object)
    >>> g.dW
    array([[[G_{0}*X_{0}, G_{0}*X_{1}]]], dtype=object)
    >>> g.by_correlation
    array([[[G_{0}*X_{0}, G_{0}*X_{1}]]], dtype=object)
    """
    X, W, b, Y, G, L = _symbolic_layer(input_shape, kernel_shape, stride, padding, dilation, groups)
    by_transpose, by_matrix, by_correlation = _symbolic_routes(X, W, G, stride, padding, dilation, groups)
    return GradientExpressions(
        X, W, b, Y, G, L, _grad(L, X), _grad(L, W), _grad(L, b), by_transpose, by_matrix, by_correlation
    )


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
    g = gradient_expressions(input_shape, kernel_shape, stride=stride, padding=padding, dilation=dilation,
                             groups=groups)
    sums = np.array([sympy.Add(*g.G[o].ravel().tolist()) for o in range(g.G.shape[0])], dtype=object)
    return {
        "dL/dX = conv_transpose(G, W)": _same(g.dX, g.by_transpose),
        "dL/dX = C^T G": _same(g.dX, g.by_matrix),
        "dL/dW = corr(X, G)": _same(g.dW, g.by_correlation),
        "dL/db = sum G": _same(g.db, sums),
    }

"""The notes' learning example: recover the edge kernel ``[1, -1]`` by gradient descent.

Seed note 002, section 6.2 (after *Dive into Deep Learning* 7.2.4) makes a
6 x 8 image dark in columns 2-5, cross-correlates it with ``K = [1, -1]`` and
learns ``K`` back from the image and the result.  :func:`learn_edge_kernel`
does it with symconv's own forward pass (:func:`symconv.numeric.conv`) and
weight gradient (:func:`symconv.numeric.conv_grad_weight`).  The pages that
explain why it converges, and why a 2x2 kernel does not, are
:mod:`symconv.pages.learning_example` and :mod:`symconv.pages.two_by_two`.

References
----------
.. [1] Seed note 002, section 6.2 (learning a kernel; the 2x2 question).
.. [2] A. Zhang et al., *Dive into Deep Learning*, section 7.2.4.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .._errors import SymconvError
from .._validate import as_real, as_size, refuse_count
from ..geometry import Geometry
from ._windows import as_numeric_array
from .conv import conv
from .gradients import _shape, conv_grad_weight

__all__ = ["LearningRun", "edge_example", "learn_edge_kernel"]


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
    X = np.ones((6, 8))
    X[:, 2:6] = 0
    K = np.array([[1.0, -1.0]])
    Y = conv(X[None, None], K[None, None])[0, 0]
    return X, K, Y


#: The most gradient steps one call takes (a few seconds on the notes' 6 x 8 example).
MAX_STEPS = 100_000


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
        At most :data:`MAX_STEPS`.
    lr : float, default 3e-2
        The learning rate: a finite positive number.
    seed : int, default 0
        A non-negative int, or None for fresh randomness.
    target : array_like, optional
        The target ``Y``, finite numbers; default the notes' ``corr(X, [1, -1])`` (6 x 7).

    Returns
    -------
    LearningRun

    Raises
    ------
    SymconvError
        A target whose shape is not the output shape of ``kernel_size`` on
        the 6 x 8 input (the first half of the 2x2 answer), or with NaN or
        infinite values; an ``lr`` that is not finite and positive (NaN or
        infinity would give a NaN kernel, a negative one climbs the loss);
        more than :data:`MAX_STEPS` steps.
    TypeError
        An argument of the wrong kind (a string, a bool for a number).

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
    X, _, Y = edge_example()
    kernel_size = _shape(kernel_size, "kernel_size", 2)
    lr = as_real(lr, "lr")
    steps = as_size(steps, "steps", minimum=0)
    refuse_count(steps, MAX_STEPS, "steps", "gradient steps", "take fewer steps (or a larger lr)")
    if seed is not None:
        seed = as_size(seed, "seed", minimum=0)
    if target is not None:
        target = as_numeric_array(target, "target", allow_complex=False).astype(float)
        if not np.isfinite(target).all():
            raise SymconvError("target: expected finite values, got NaN or infinity", parameter="target")
    Y = Y if target is None else target
    out = Geometry(kernel_size, ndim=2).output_size(X.shape)
    if Y.shape != out:
        raise SymconvError(
            f"target: expected shape {out} (the output of a {kernel_size} kernel on the 6x8 input), got {Y.shape}", parameter="target"
        )
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

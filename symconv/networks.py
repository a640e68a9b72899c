"""Layer stacks: how a network's spatial layers are described, with examples.

A *layer stack* is what :func:`symconv.receptive_field` and
:func:`symconv.graphs.connectivity_graph` read.  Each layer is one of

* a :class:`~symconv.Geometry`;
* a ``(kernel, stride, padding[, dilation])`` tuple or a dict of
  :class:`~symconv.Geometry` keyword arguments (``ceil_mode`` included);
* a :class:`Layer`, which adds a name and whether the layer is a convolution
  or a pooling layer.

A whole stack may also be a mapping ``{name: layer}``, which names its layers.

Pooling layers move a window exactly as a convolution with the same kernel,
stride, padding and dilation does, so receptive fields treat them alike; they
differ in having **no parameters**, which the graphs show (their edges carry a
tap but no shared parameter).  A layer counts as pooling when it is a
``Layer(kind="pool")`` (see :func:`pool`) or its geometry has
``ceil_mode=True`` (only pooling rounds up).

The examples are the feature extractors of three classic networks, as 2-D
stacks (spatial geometry only; channels do not change receptive fields).

References
----------
.. [1] Y. LeCun, L. Bottou, Y. Bengio, P. Haffner, "Gradient-based learning
   applied to document recognition", Proc. IEEE 86(11), 1998 (LeNet-5).
.. [2] A. Krizhevsky, I. Sutskever, G. Hinton, "ImageNet classification with
   deep convolutional neural networks", NeurIPS 2012 (AlexNet); the layer
   sizes follow ``torchvision.models.alexnet`` and TF-Slim ``alexnet_v2``.
.. [3] K. Simonyan, A. Zisserman, "Very deep convolutional networks for
   large-scale image recognition", ICLR 2015 (VGG-16, configuration D).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ._errors import SymconvError
from .geometry import Geometry
from ._validate import is_sequence, short

__all__ = ["Layer", "conv", "pool", "layer_stack", "lenet5", "alexnet", "vgg16"]

_KINDS = ("conv", "pool")


@dataclass(frozen=True)
class Layer:
    """One spatial layer of a stack: its geometry, a name and its kind.

    Parameters
    ----------
    geometry : Geometry, tuple or dict
        Anything :meth:`symconv.Geometry.coerce` accepts.
    name : str, optional
        Shown in receptive-field tables (``"conv1"``, ``"pool5"``).
    kind : {"conv", "pool"}, default "conv"
        Pooling layers have no parameters; their receptive field is that of a
        convolution with the same geometry.

    Examples
    --------
    >>> Layer((3, 2, 1), name="c1").geometry.stride
    (2,)
    >>> Layer(Geometry(2, 2, ceil_mode=True)).kind
    'pool'
    """

    geometry: Geometry
    name: str | None = None
    kind: str = "conv"

    def __post_init__(self):
        geometry = Geometry.coerce(self.geometry)
        object.__setattr__(self, "geometry", geometry)
        if not isinstance(self.kind, str) or self.kind not in _KINDS:
            raise SymconvError(f"kind: expected one of {_KINDS}, got {short(self.kind)}", parameter="kind")
        if geometry.ceil_mode and self.kind != "pool":
            object.__setattr__(self, "kind", "pool")
        if self.name is not None and not isinstance(self.name, str):
            raise TypeError(f"name: expected a str or None, got {type(self.name).__name__} {self.name!r}")

    @property
    def has_parameters(self) -> bool:
        """True for convolutions, False for pooling."""
        return self.kind == "conv"


def conv(kernel_size, stride=1, padding=0, dilation=1, *, name=None, ndim=None) -> Layer:
    """A convolution layer (spatial geometry only).

    Parameters
    ----------
    kernel_size, stride, padding, dilation
        As for :class:`symconv.Geometry`.
    name : str, optional
    ndim : int, optional
        Number of spatial axes (inferred from tuples, else 1).

    Returns
    -------
    Layer
        With ``kind="conv"``.

    Raises
    ------
    SymconvError, TypeError
        Whatever :class:`symconv.Geometry` refuses.

    Examples
    --------
    >>> conv(3, padding=1, ndim=2, name="conv1_1").geometry.padding
    ((1, 1), (1, 1))
    """
    return Layer(Geometry(kernel_size, stride, padding, dilation, ndim=ndim), name, "conv")


def pool(kernel_size, stride=None, padding=0, dilation=1, *, ceil_mode=False, name=None, ndim=None) -> Layer:
    """A pooling layer; ``stride`` defaults to ``kernel_size`` as in PyTorch.

    Parameters
    ----------
    kernel_size, stride, padding, dilation, ceil_mode
        As for :class:`symconv.Geometry`.
    name : str, optional
    ndim : int, optional

    Returns
    -------
    Layer
        With ``kind="pool"``: no parameters, the receptive field of a
        convolution with the same geometry.

    Raises
    ------
    SymconvError, TypeError
        Whatever :class:`symconv.Geometry` refuses.

    Examples
    --------
    >>> p = pool(2, ndim=2)
    >>> p.kind, p.geometry.stride
    ('pool', (2, 2))
    """
    stride = kernel_size if stride is None else stride
    return Layer(Geometry(kernel_size, stride, padding, dilation, ceil_mode=ceil_mode, ndim=ndim), name, "pool")


def _coerce_one(layer, index: int, ndim):
    where = f"layers[{index}]"
    try:
        if isinstance(layer, Layer):
            if ndim is not None and layer.geometry.ndim != ndim:
                raise SymconvError(f"expected a layer with {ndim} spatial axes, got {layer.geometry!r}")
            return layer
        if isinstance(layer, (Geometry, dict)) or is_sequence(layer):
            return Layer(Geometry.coerce(layer, ndim=ndim))
        raise TypeError(
            "expected a Geometry, a Layer, a dict of Geometry keyword arguments or a tuple "
            f"(kernel, stride, padding[, dilation]), got {type(layer).__name__} {layer!r}"
        )
    except SymconvError as err:
        raise SymconvError(f"{where}: {err}", parameter=err.parameter or "layers", layer=index) from err
    except TypeError as err:
        raise TypeError(f"{where}: {err}") from err


def _coerce_all(layers, ndim, *, keep=()):
    """Every layer coerced (None for the kinds in ``keep``); a layer object repeated in the list
    (``[(3, 2, 1)] * depth``) is read once, so a deep stack costs one lookup per repeat."""
    seen = {}
    out = []
    for index, raw in enumerate(layers):
        if isinstance(raw, keep):
            out.append(None)
            continue
        key = id(raw)
        if key not in seen:
            seen[key] = _coerce_one(raw, index, ndim)
        out.append(seen[key])
    return out


def layer_stack(layers, *, ndim: int | None = None) -> list[Layer]:
    """Normalise a layer stack to a list of :class:`Layer`.

    Parameters
    ----------
    layers : sequence or mapping
        A list of layers (geometries, tuples, dicts or :class:`Layer`), or a
        mapping ``{name: layer}`` that names them.
    ndim : int, optional
        Number of spatial axes.  By default the largest number found in the
        stack; int-only tuples and dicts are broadcast to it.

    Returns
    -------
    list of Layer

    Raises
    ------
    SymconvError
        An empty stack, a malformed layer, or layers with different numbers of
        spatial axes; the message names the layer (``layers[2]: ...``).
    TypeError
        A stack that is not a sequence or mapping, or a layer of a wrong kind.

    Examples
    --------
    >>> [layer.geometry.kernel_size for layer in layer_stack([(3, 1, 1), ((2, 2), 2, 0)])]
    [(3, 3), (2, 2)]
    >>> [layer.name for layer in layer_stack({"c1": (5, 1, 0), "s2": pool(2)})]
    ['c1', 's2']
    >>> layer_stack([(3, 1)])
    Traceback (most recent call last):
    ...
    symconv._errors.SymconvError: layers[0]: layer: expected a Geometry, ...
    """
    names = None
    if isinstance(layers, Mapping):
        names = list(layers)
        layers = list(layers.values())
    elif isinstance(layers, (Geometry, Layer)) or not is_sequence(layers):
        hint = " (to give one layer, wrap it in a list: [layer])" if isinstance(layers, (Geometry, Layer)) else ""
        raise TypeError(f"layers: expected a list of layers or a mapping {{name: layer}}{hint}, got {layers!r}")
    if len(layers) == 0:
        raise SymconvError("layers: expected at least one layer, got an empty stack", parameter='layers')
    if all(isinstance(item, int) and not isinstance(item, bool) for item in layers):
        raise SymconvError(
            f"layers: expected a list of layers, got the tuple of ints {tuple(layers)!r}; "
            "to give one layer, wrap it in a list: [(kernel, stride, padding)]", parameter="layers"
        )
    stack = _coerce_all(layers, ndim)
    if ndim is None:
        ndim = max(layer.geometry.ndim for layer in stack)
        if ndim > 1:
            # int-only tuples and dicts mean "the same on every axis": broadcast them
            again = _coerce_all(layers, ndim, keep=(Layer, Geometry))
            stack = [layer if redone is None else redone for layer, redone in zip(stack, again)]
        for index, layer in enumerate(stack):
            if layer.geometry.ndim != ndim:
                raise SymconvError(
                    f"layers[{index}]: expected a layer with {ndim} spatial axes like the rest of the stack, "
                    f"got {layer.geometry!r}",
                    parameter="layers",
                    layer=index,
                )
    if names is not None:
        stack = [Layer(layer.geometry, str(name), layer.kind) for layer, name in zip(stack, names)]
    return stack


def _forward_only(stack, purpose: str) -> None:
    """Refuse transposed convolutions in a stack that ``purpose`` cannot handle."""
    for index, layer in enumerate(stack):
        if layer.geometry.transposed:
            raise SymconvError(
                f"layers[{index}]: expected a convolution or pooling layer; {purpose} does not cover transposed "
                f"convolution, got {layer.geometry!r}",
                parameter="layers",
                layer=index,
            )


def lenet5() -> list[Layer]:
    """LeNet-5's feature extractor C1-S2-C3-S4-C5 on a 32x32 input.

    C5 is a 5x5 convolution whose output is 1x1: its receptive field is the
    whole 32x32 input.

    Returns
    -------
    list of Layer
        Named ``C1, S2, C3, S4, C5``; 2-D.

    Examples
    --------
    >>> from symconv import receptive_field
    >>> [(rf.name, rf.size, rf.stride) for rf in receptive_field(lenet5())]
    [('C1', (5, 5), (1, 1)), ('S2', (6, 6), (2, 2)), ('C3', (14, 14), (2, 2)), ('S4', (16, 16), (4, 4)), ('C5', (32, 32), (4, 4))]
    """
    return [
        conv(5, ndim=2, name="C1"),
        pool(2, ndim=2, name="S2"),
        conv(5, ndim=2, name="C3"),
        pool(2, ndim=2, name="S4"),
        conv(5, ndim=2, name="C5"),
    ]


def alexnet(variant: str = "torchvision") -> list[Layer]:
    """AlexNet's feature extractor: five convolutions and three max-pools.

    Parameters
    ----------
    variant : {"torchvision", "tf-slim"}, default "torchvision"
        ``"torchvision"`` pads conv1 by 2 (``torchvision.models.alexnet``);
        ``"tf-slim"`` is TF-Slim's ``alexnet_v2`` (conv1 unpadded), the
        network of the receptive-field tables of Araujo et al.

    Returns
    -------
    list of Layer
        Named ``conv1, pool1, .. pool5``; 2-D.

    Raises
    ------
    SymconvError
        An unknown variant.

    Examples
    --------
    >>> from symconv import receptive_field
    >>> rf = receptive_field(alexnet("tf-slim"))[-1]
    >>> rf.name, rf.size, rf.stride, rf.padding
    ('pool5', (195, 195), (32, 32), (64, 64))
    >>> from symconv.receptive import receptive_field_table
    >>> print(receptive_field_table(alexnet(), input_size=224))
    | layer | kind | output size | receptive field | effective stride | effective padding |
    |---|---|---|---|---|---|
    | conv1 | conv | 55 | 11 | 4 | 2 |
    | pool1 | pool | 27 | 19 | 8 | 2 |
    | conv2 | conv | 27 | 51 | 8 | 18 |
    | pool2 | pool | 13 | 67 | 16 | 18 |
    | conv3 | conv | 13 | 99 | 16 | 34 |
    | conv4 | conv | 13 | 131 | 16 | 50 |
    | conv5 | conv | 13 | 163 | 16 | 66 |
    | pool5 | pool | 6 | 195 | 32 | 66 |
    """
    if not isinstance(variant, str) or variant not in ("torchvision", "tf-slim"):
        raise SymconvError(f"variant: expected 'torchvision' or 'tf-slim', got {short(variant)}", parameter="variant")
    conv1_padding = 2 if variant == "torchvision" else 0
    return [
        conv(11, 4, conv1_padding, ndim=2, name="conv1"),
        pool(3, 2, ndim=2, name="pool1"),
        conv(5, 1, 2, ndim=2, name="conv2"),
        pool(3, 2, ndim=2, name="pool2"),
        conv(3, 1, 1, ndim=2, name="conv3"),
        conv(3, 1, 1, ndim=2, name="conv4"),
        conv(3, 1, 1, ndim=2, name="conv5"),
        pool(3, 2, ndim=2, name="pool5"),
    ]


def vgg16() -> list[Layer]:
    """VGG-16's feature extractor: thirteen 3x3 convolutions, five 2x2 max-pools.

    Returns
    -------
    list of Layer
        Named ``conv1_1 .. conv5_3`` and ``pool1 .. pool5``; 2-D.

    Examples
    --------
    >>> from symconv import receptive_field
    >>> rf = receptive_field(vgg16())[-1]
    >>> rf.name, rf.size, rf.stride, rf.padding
    ('pool5', (212, 212), (32, 32), (90, 90))

    Every layer, on a 224x224 image:

    >>> from symconv.receptive import receptive_field_table
    >>> print(receptive_field_table(vgg16(), input_size=224))
    | layer | kind | output size | receptive field | effective stride | effective padding |
    |---|---|---|---|---|---|
    | conv1_1 | conv | 224 | 3 | 1 | 1 |
    | conv1_2 | conv | 224 | 5 | 1 | 2 |
    | pool1 | pool | 112 | 6 | 2 | 2 |
    | conv2_1 | conv | 112 | 10 | 2 | 4 |
    | conv2_2 | conv | 112 | 14 | 2 | 6 |
    | pool2 | pool | 56 | 16 | 4 | 6 |
    | conv3_1 | conv | 56 | 24 | 4 | 10 |
    | conv3_2 | conv | 56 | 32 | 4 | 14 |
    | conv3_3 | conv | 56 | 40 | 4 | 18 |
    | pool3 | pool | 28 | 44 | 8 | 18 |
    | conv4_1 | conv | 28 | 60 | 8 | 26 |
    | conv4_2 | conv | 28 | 76 | 8 | 34 |
    | conv4_3 | conv | 28 | 92 | 8 | 42 |
    | pool4 | pool | 14 | 100 | 16 | 42 |
    | conv5_1 | conv | 14 | 132 | 16 | 58 |
    | conv5_2 | conv | 14 | 164 | 16 | 74 |
    | conv5_3 | conv | 14 | 196 | 16 | 90 |
    | pool5 | pool | 7 | 212 | 32 | 90 |
    """
    stack = []
    for block, convs in enumerate((2, 2, 3, 3, 3), start=1):
        stack += [conv(3, 1, 1, ndim=2, name=f"conv{block}_{i}") for i in range(1, convs + 1)]
        stack.append(pool(2, ndim=2, name=f"pool{block}"))
    return stack

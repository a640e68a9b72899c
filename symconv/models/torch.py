"""Read a PyTorch ``nn.Module`` into a network graph, through ``torch.fx``.

PyTorch is an optional extra (``pip install "symconv[torch]"``), imported
when :func:`from_torch` is called.  The module is traced symbolically
(``torch.fx.symbolic_trace``: nothing is computed, so symbolic input sizes
work); every call in the trace becomes a layer whose output shape symconv
works out from its :class:`~symconv.Geometry`.

What is read
------------
* modules: ``Conv1d/2d/3d`` (every ``padding_mode``, kept in the layer's
  geometry; ``padding`` an int, a tuple, ``"same"`` or ``"valid"``), ``ConvTranspose1d/2d/3d``,
  ``MaxPool``/``AvgPool`` (``ceil_mode``, ``count_include_pad``),
  ``AdaptiveAvgPool``/``AdaptiveMaxPool`` to 1 (a global pool) or to a size
  that divides the input, ``Upsample`` (nearest, integer scale),
  ``ZeroPad``/``ConstantPad`` (zeros), ``Flatten``, ``Linear``, and as
  pass-through the activations, normalisations, ``Dropout`` and ``Identity``
  of :data:`PASS_THROUGH_MODULES`;
* functions and tensor methods: ``+``, ``*``, ``-``, ``/``,
  ``torch.add/mul/sub/div``, ``torch.cat``, ``torch.flatten``,
  ``x.flatten``, ``x.view``/``x.reshape`` to ``(N, -1)``, ``F.pad``
  (constant zeros), ``F.interpolate`` (nearest, integer scale),
  ``F.max_pool*``/``F.avg_pool*``/``F.adaptive_*_pool*``, ``x.mean`` over
  the spatial axes, and the activation functions of
  :data:`PASS_THROUGH_FUNCTIONS`.

A convolution's ``padding_mode`` changes no output shape, count or
receptive field (a field is the span of the windows, as with zero padding);
its pads must fit the input as PyTorch requires (reflect: each pad smaller
than the input, circular: at most the input).  Near the border a reflect or
replicate layer reads input cells inside the span again, and a circular one
reads the far end of the input, which a span does not show.

Normalisation layers are read as pass-through, as in the usual
receptive-field analysis (their statistics are not counted as reach).
"""

from __future__ import annotations

import operator

from .._errors import SymconvError
from .._validate import as_shape, is_sympy, short
from ..geometry import Geometry
from .network import NetworkBuilder

__all__ = ["PASS_THROUGH_MODULES", "PASS_THROUGH_FUNCTIONS", "from_torch"]

#: ``torch.nn`` classes read as pass-through (shape and receptive field kept).
PASS_THROUGH_MODULES = frozenset({
    "AlphaDropout", "BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "CELU", "Dropout", "Dropout1d", "Dropout2d",
    "Dropout3d", "ELU", "GELU", "GroupNorm", "Hardsigmoid", "Hardswish", "Hardtanh", "Identity", "InstanceNorm1d",
    "InstanceNorm2d", "InstanceNorm3d", "LayerNorm", "LeakyReLU", "LogSigmoid", "LogSoftmax", "Mish", "PReLU",
    "ReLU", "ReLU6", "RReLU", "SELU", "SiLU", "Sigmoid", "Softmax", "Softmax2d", "Softplus", "Softsign", "Tanh",
    "Tanhshrink", "Threshold",
})

#: Function and tensor-method names read as pass-through.
PASS_THROUGH_FUNCTIONS = frozenset({
    "batch_norm", "celu", "clamp", "clip", "contiguous", "clone", "detach", "dropout", "dropout1d", "dropout2d",
    "dropout3d", "elu", "exp", "gelu", "group_norm", "hardsigmoid", "hardswish", "hardtanh", "instance_norm",
    "layer_norm", "leaky_relu", "log_softmax", "mish", "neg", "relu", "relu6", "relu_", "selu", "sigmoid", "silu",
    "softmax", "softplus", "sqrt", "tanh", "abs",
})

_MERGE_FUNCTIONS = {
    "add": "add", "iadd": "add", "mul": "mul", "imul": "mul", "sub": "sub", "isub": "sub", "truediv": "div",
    "div": "div", "maximum": "max", "minimum": "min",
}

_EXTRA = 'pip install "symconv[torch]"'


def _import_torch():
    try:
        import torch
        import torch.fx  # noqa: F401
    except ImportError as err:
        raise ModuleNotFoundError(
            f"from_torch needs the package torch, an optional extra of symconv: {_EXTRA}", name="torch"
        ) from err
    return torch


def from_torch(module, input_shape, *, pass_through=()):
    """Read a PyTorch module into a network graph.

    Parameters
    ----------
    module : torch.nn.Module
        Traced with ``torch.fx.symbolic_trace`` (its ``forward`` must not
        branch on tensor values).
    input_shape : tuple
        ``(N, C, *spatial)`` of the one input; sizes may be SymPy symbols.
    pass_through : iterable of str, optional
        More module class names, function or method names to read as
        pass-through (element-wise, shape kept).

    Returns
    -------
    networkx.DiGraph
        The network graph of :mod:`symconv.models.network`; layers are named
        by their module path (``layer1.0.conv1``) or the traced function's
        name (``add_1``); ``op`` is the class or function name.

    Raises
    ------
    ModuleNotFoundError
        ``torch`` is not installed.
    SymconvError
        A module that ``torch.fx`` cannot trace, an unsupported layer (the
        message names it, says what is supported and how to add
        pass-through names) or a geometry that is not kept exactly
        (``parameter="module"``); a bad ``input_shape``
        (``parameter="input_shape"``).
    TypeError
        ``module`` is not an ``nn.Module``.

    Examples
    --------
    >>> import torch  # doctest: +SKIP
    >>> net = torch.nn.Sequential(torch.nn.Conv2d(3, 8, 3, stride=2, padding=1), torch.nn.ReLU())  # doctest: +SKIP
    >>> G = from_torch(net, (1, 3, 32, 32))  # doctest: +SKIP
    >>> [(G.nodes[v]["op"], G.nodes[v]["output_shape"]) for v in G]  # doctest: +SKIP
    [('Input', (1, 3, 32, 32)), ('Conv2d', (1, 8, 16, 16)), ('ReLU', (1, 8, 16, 16))]

    See Also
    --------
    symconv.models.from_onnx
    """
    torch = _import_torch()
    if not isinstance(module, torch.nn.Module):
        raise TypeError(f"module: expected a torch.nn.Module, got {type(module).__name__}")
    shape = as_shape(input_shape, "input_shape", scalar=False)
    if len(shape) < 3:
        raise SymconvError(
            f"input_shape: expected (N, C, *spatial) with at least one spatial axis, got {short(shape)}",
            parameter="input_shape",
        )
    if isinstance(pass_through, str):
        pass_through = [pass_through]
    extra = frozenset(pass_through)
    if not all(isinstance(name, str) for name in extra):
        raise TypeError(f"pass_through: expected names (str), got {short(pass_through)}")
    if not list(module.children()) and type(module).__module__.startswith("torch.nn"):
        module = torch.nn.Sequential(module)  # a lone built-in layer is read as a layer, not traced into
    try:
        traced = torch.fx.symbolic_trace(module)
    except Exception as err:  # torch.fx raises many kinds (TraceError, TypeError, ...)
        message = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise SymconvError(f"module: torch.fx cannot trace {type(module).__name__} ({message})",
                           parameter="module") from None
    return _Reader(torch, traced, shape, extra).read()


class _Helper:
    """A traced value that is not a layer's output (a size, a shape)."""


class _Reader:
    def __init__(self, torch, traced, shape, extra):
        self.torch = torch
        self.nn = torch.nn
        self.traced = traced
        self.shape = shape
        self.modules = PASS_THROUGH_MODULES | extra
        self.functions = PASS_THROUGH_FUNCTIONS | extra
        self.builder = NetworkBuilder(source="torch")
        self.values = {}  # fx node -> layer name or _Helper
        self.names = set()

    def fail(self, node, message):
        raise SymconvError(f"module: {self.describe(node)}: {message}", parameter="module")

    def describe(self, node) -> str:
        if node.op == "call_module":
            return f"layer {node.target!r} ({type(self.traced.get_submodule(node.target)).__name__})"
        return f"call {node.name!r} ({_target_name(node.target)})"

    def layer_name(self, wanted: str) -> str:
        name, n = wanted, 1
        while name in self.names:
            name, n = f"{wanted}_{n}", n + 1
        self.names.add(name)
        return name

    def layer(self, node, value, what="input"):
        """The layer name an argument refers to."""
        fx = self.torch.fx
        if isinstance(value, fx.Node):
            found = self.values.get(value)
            if isinstance(found, str):
                return found
        self.fail(node, f"its {what} {short(value)} is not a layer's output")

    def is_layer(self, value) -> bool:
        return isinstance(value, self.torch.fx.Node) and isinstance(self.values.get(value), str)

    def arg(self, node, index, name, default=None):
        if len(node.args) > index:
            return node.args[index]
        return node.kwargs.get(name, default)

    def spatial(self, layer):
        return self.builder.graph.nodes[layer]["output_shape"][2:]

    def read(self):
        placeholders = [n for n in self.traced.graph.nodes if n.op == "placeholder"]
        if len(placeholders) != 1:
            raise SymconvError(
                f"module: forward takes {len(placeholders)} inputs; from_torch reads modules of one input",
                parameter="module",
            )
        outputs = []
        for node in self.traced.graph.nodes:
            if node.op == "placeholder":
                self.values[node] = self.builder.input(self.layer_name(node.name), self.shape)
            elif node.op == "get_attr":
                self.values[node] = _Helper()
            elif node.op == "output":
                outputs = [v for v in _flatten(node.args[0]) if self.is_layer(v)]
            else:
                try:
                    self.values[node] = self.read_node(node)
                except SymconvError as err:
                    if err.parameter == "module":
                        raise
                    raise SymconvError(f"module: {self.describe(node)}: {err}", parameter="module") from err
        if not outputs:
            raise SymconvError("module: forward returns no layer's output", parameter="module")
        self.builder.output(*dict.fromkeys(self.values[v] for v in outputs))
        return self.builder.build()

    # -- dispatch ----------------------------------------------------------------

    def read_node(self, node):
        if node.op == "call_module":
            return self.read_module(node, self.traced.get_submodule(node.target))
        name = _target_name(node.target)
        layer_args = [a for a in _flatten(node.args) + _flatten(list(node.kwargs.values())) if self.is_layer(a)]
        if not layer_args:
            return _Helper()  # sizes, shapes and constants
        if node.op == "call_method" and name == "size":
            return _Helper()
        if name in _MERGE_FUNCTIONS:
            layers = list(dict.fromkeys(self.values[a] for a in layer_args))
            if len(layer_args) >= 2:
                return self.builder.merge(self.layer_name(node.name), [self.values[a] for a in layer_args],
                                          op=name)
            return self.builder.pass_through(self.layer_name(node.name), layers[0], op=name)
        if name in ("cat", "concat", "concatenate"):
            tensors = self.arg(node, 0, "tensors")
            dim = self.arg(node, 1, "dim", 0)
            return self.builder.concat(self.layer_name(node.name), [self.layer(node, t) for t in tensors],
                                       axis=dim, op=name)
        source = self.layer(node, node.args[0] if node.args else None)
        out = self.layer_name(node.name)
        if name in self.functions:
            return self.builder.pass_through(out, source, op=name)
        if name == "flatten":
            start = self.arg(node, 1, "start_dim", 0)
            end = self.arg(node, 2, "end_dim", -1)
            return self.flatten(node, out, source, start, end)
        if name in ("view", "reshape"):
            return self.reshape(node, out, source)
        if name == "pad":
            return self.pad(node, out, source, self.arg(node, 1, "pad"), self.arg(node, 2, "mode", "constant"),
                            self.arg(node, 3, "value", None))
        if name == "interpolate":
            return self.upsample(node, out, source, self.arg(node, 1, "size"), self.arg(node, 2, "scale_factor"),
                                 self.arg(node, 3, "mode", "nearest"))
        if name.startswith(("max_pool", "avg_pool")) and name[-2:] in ("1d", "2d", "3d"):
            kernel = self.arg(node, 1, "kernel_size")
            stride = self.arg(node, 2, "stride") or kernel
            padding = self.arg(node, 3, "padding", 0)
            if name.startswith("max"):
                dilation = self.arg(node, 4, "dilation", 1)
                ceil_mode = self.arg(node, 5, "ceil_mode", False)
                return self.pool(node, out, source, kernel, stride, padding, dilation, ceil_mode, "max", name, {})
            ceil_mode = self.arg(node, 4, "ceil_mode", False)
            include = self.arg(node, 5, "count_include_pad", True)
            return self.pool(node, out, source, kernel, stride, padding, 1, ceil_mode, "avg", name,
                             {"count_include_pad": include})
        if name.startswith(("adaptive_avg_pool", "adaptive_max_pool")):
            return self.adaptive(node, out, source, self.arg(node, 1, "output_size"),
                                 "max" if "max" in name else "avg", name)
        if name == "mean" or name == "amax":
            dims = self.arg(node, 1, "dim")
            keepdim = self.arg(node, 2, "keepdim", False)
            rank = len(self.builder.graph.nodes[source]["output_shape"])
            dims = [dims] if isinstance(dims, int) else list(dims or [])
            if {d % rank for d in dims} != set(range(2, rank)):
                self.fail(node, f"a reduction over dims {dims} is read only over every spatial axis (a global pool)")
            return self.builder.global_pool(out, source, op=name, mode="avg" if name == "mean" else "max",
                                            keepdims=bool(keepdim))
        self.unsupported(node, name)

    def unsupported(self, node, name):
        modules = ", ".join(sorted(_STRUCTURAL_MODULES | self.modules))
        functions = ", ".join(sorted(set(_MERGE_FUNCTIONS) | _STRUCTURAL_FUNCTIONS | self.functions))
        raise SymconvError(
            f"module: {self.describe(node)} is not supported; supported modules: {modules}; functions and "
            f"methods: {functions}; an element-wise layer that keeps the shape can be read as pass-through "
            f"with pass_through=[{name!r}]",
            parameter="module",
        )

    # -- modules -----------------------------------------------------------------

    def read_module(self, node, module):
        nn = self.nn
        cls = type(module).__name__
        name = self.layer_name(node.target)
        source = self.layer(node, node.args[0] if node.args else None)
        if len(node.args) > 1 or node.kwargs:
            self.fail(node, "is called with more than its input")
        if isinstance(module, nn.modules.conv._ConvNd):
            return self.conv(node, name, source, module)
        if isinstance(module, (nn.MaxPool1d, nn.MaxPool2d, nn.MaxPool3d)):
            if module.return_indices:
                self.fail(node, "return_indices=True is not read")
            return self.pool(node, name, source, module.kernel_size, module.stride or module.kernel_size,
                             module.padding, module.dilation, module.ceil_mode, "max", cls, {})
        if isinstance(module, (nn.AvgPool1d, nn.AvgPool2d, nn.AvgPool3d)):
            return self.pool(node, name, source, module.kernel_size, module.stride or module.kernel_size,
                             module.padding, 1, module.ceil_mode, "avg", cls,
                             {"count_include_pad": bool(module.count_include_pad)})
        if cls.startswith(("AdaptiveAvgPool", "AdaptiveMaxPool")):
            return self.adaptive(node, name, source, module.output_size, "max" if "Max" in cls else "avg", cls)
        if isinstance(module, nn.Upsample):
            return self.upsample(node, name, source, module.size, module.scale_factor, module.mode, op=cls)
        if isinstance(module, (nn.ZeroPad1d, nn.ZeroPad2d, nn.ZeroPad3d, nn.ConstantPad1d, nn.ConstantPad2d,
                               nn.ConstantPad3d)):
            return self.pad(node, name, source, module.padding, "constant", getattr(module, "value", 0), op=cls)
        if isinstance(module, nn.Flatten):
            return self.flatten(node, name, source, module.start_dim, module.end_dim, op=cls)
        if isinstance(module, nn.Linear):
            shape = self.builder.graph.nodes[source]["output_shape"]
            if len(shape) == 2 and not is_sympy(shape[1]) and shape[1] != module.in_features:
                self.fail(node, f"expects {module.in_features} features, its input has {shape[1]}")
            return self.builder.dense(name, source, module.out_features, op=cls, bias=module.bias is not None)
        if cls in self.modules:
            params = sum(p.numel() for p in module.parameters() if p.requires_grad)
            return self.builder.pass_through(name, source, op=cls, params=params)
        self.unsupported(node, cls)

    def conv(self, node, name, source, module):
        transposed = bool(module.transposed)
        options = {"output_padding": tuple(module.output_padding), "transposed": True} if transposed else {}
        try:
            # the mode changes what the padding holds, not which inputs a tap reaches: sizes and reach are the same
            geometry = Geometry(tuple(module.kernel_size), tuple(module.stride), _padding(module.padding),
                                tuple(module.dilation), module.groups, padding_mode=module.padding_mode,
                                ndim=len(module.kernel_size), **options)
        except SymconvError as err:
            self.fail(node, str(err))
        channels = self.builder.graph.nodes[source]["output_shape"][1]
        if not is_sympy(channels) and channels != module.in_channels:
            self.fail(node, f"expects {module.in_channels} input channels, its input has {channels}")
        return self.builder.conv(name, source, geometry, module.out_channels, op=type(module).__name__,
                                 bias=module.bias is not None)

    # -- shared ------------------------------------------------------------------

    def pool(self, node, name, source, kernel, stride, padding, dilation, ceil_mode, mode, op, attrs):
        ndim = len(self.spatial(source))
        try:
            geometry = Geometry(_tuple(kernel), _tuple(stride), _padding(padding), _tuple(dilation),
                                ndim=ndim, ceil_mode=bool(ceil_mode))
        except SymconvError as err:
            self.fail(node, str(err))
        return self.builder.pool(name, source, geometry, op=op, mode=mode, attrs={"ceil_mode": bool(ceil_mode), **attrs})

    def adaptive(self, node, name, source, output_size, mode, op):
        spatial = self.spatial(source)
        wanted = output_size if isinstance(output_size, (tuple, list)) else (output_size,) * len(spatial)
        wanted = tuple(n if o is None else o for o, n in zip(wanted, spatial))
        if all(o == 1 for o in wanted):
            return self.builder.global_pool(name, source, op=op, mode=mode)
        if any(is_sympy(n) or n % o for n, o in zip(spatial, wanted)):
            self.fail(node, f"output size {list(wanted)} does not divide the input {list(spatial)}; an adaptive pool "
                            "is read only as a global pool or with equal windows")
        kernel = tuple(n // o for n, o in zip(spatial, wanted))
        return self.builder.pool(name, source, Geometry(kernel, kernel, ndim=len(kernel)), op=op, mode=mode)

    def upsample(self, node, name, source, size, scale, mode, op="interpolate"):
        if mode != "nearest":
            self.fail(node, f"mode {mode!r}: only nearest-neighbour upsampling by an integer scale is read")
        spatial = self.spatial(source)
        if scale is not None:
            scales = scale if isinstance(scale, (tuple, list)) else (scale,) * len(spatial)
            if any(float(s) != int(s) or s < 1 for s in scales):
                self.fail(node, f"scale_factor {scale}: only integer upsampling factors are read")
            factors = tuple(int(s) for s in scales)
        elif size is not None:
            sizes = size if isinstance(size, (tuple, list)) else (size,) * len(spatial)
            if any(is_sympy(n) or s % n for s, n in zip(sizes, spatial)):
                self.fail(node, f"size {size} is not an integer multiple of the input {list(spatial)}")
            factors = tuple(s // n for s, n in zip(sizes, spatial))
        else:
            self.fail(node, "has neither size nor scale_factor")
        return self.builder.upsample(name, source, factors, op=op)

    def pad(self, node, name, source, pads, mode, value, op="pad"):
        if mode != "constant":
            self.fail(node, f"mode {mode!r}: only constant (zero) padding is read")
        if value not in (None, 0, 0.0):
            self.fail(node, f"pads with the value {value}; only zeros are read")
        spatial = self.spatial(source)
        pads = tuple(pads) if isinstance(pads, (tuple, list)) else (pads,) * (2 * len(spatial))
        if len(pads) % 2 or len(pads) // 2 > len(spatial):
            self.fail(node, f"pad {list(pads)} does not fit {len(spatial)} spatial axes")
        # PyTorch lists (before, after) from the last axis backwards
        pairs = [(0, 0)] * len(spatial)
        for i in range(len(pads) // 2):
            pairs[len(spatial) - 1 - i] = (pads[2 * i], pads[2 * i + 1])
        if any(p < 0 for pair in pairs for p in pair):
            self.fail(node, f"negative pads {list(pads)} (cropping) are not supported")
        return self.builder.pad(name, source, tuple(pairs), op=op)

    def flatten(self, node, name, source, start, end, op="flatten"):
        shape = self.builder.graph.nodes[source]["output_shape"]
        if len(shape) == 2:
            return self.builder.pass_through(name, source, op=op)
        if start % len(shape) != 1 or end % len(shape) != len(shape) - 1:
            self.fail(node, f"flattens dims {start}..{end}; only (N, C, *spatial) -> (N, features) is read")
        return self.builder.flatten(name, source, op=op)

    def reshape(self, node, name, source):
        dims = _flatten(list(node.args[1:]))
        if len(dims) == 1 and isinstance(dims[0], (tuple, list)):
            dims = list(dims[0])
        shape = self.builder.graph.nodes[source]["output_shape"]
        if len(dims) == 2 and (dims[1] == -1 or dims[0] == -1 or isinstance(dims[0], self.torch.fx.Node)):
            if len(shape) == 2:
                return self.builder.pass_through(name, source, op=_target_name(node.target))
            return self.builder.flatten(name, source, op=_target_name(node.target))
        self.fail(node, f"a reshape to {short(dims)} is read only as (N, -1)")


_STRUCTURAL_MODULES = frozenset({
    "Conv1d", "Conv2d", "Conv3d", "ConvTranspose1d", "ConvTranspose2d", "ConvTranspose3d", "MaxPool1d", "MaxPool2d",
    "MaxPool3d", "AvgPool1d", "AvgPool2d", "AvgPool3d", "AdaptiveAvgPool1d", "AdaptiveAvgPool2d",
    "AdaptiveAvgPool3d", "AdaptiveMaxPool1d", "AdaptiveMaxPool2d", "AdaptiveMaxPool3d", "Upsample", "ZeroPad1d",
    "ZeroPad2d", "ZeroPad3d", "ConstantPad1d", "ConstantPad2d", "ConstantPad3d", "Flatten", "Linear",
})
_STRUCTURAL_FUNCTIONS = frozenset({
    "cat", "flatten", "view", "reshape", "pad", "interpolate", "max_pool1d", "max_pool2d", "max_pool3d",
    "avg_pool1d", "avg_pool2d", "avg_pool3d", "adaptive_avg_pool1d", "adaptive_avg_pool2d", "adaptive_avg_pool3d",
    "adaptive_max_pool1d", "adaptive_max_pool2d", "adaptive_max_pool3d", "mean", "amax", "size",
})


def _target_name(target) -> str:
    if isinstance(target, str):
        return target
    if target in (operator.add, operator.iadd):
        return "add"
    name = getattr(target, "__name__", str(target))
    return name.lstrip("_") if name.startswith("__") else name


def _tuple(value):
    return tuple(value) if isinstance(value, (tuple, list)) else value


def _padding(value):
    if isinstance(value, str):
        return value
    return tuple(value) if isinstance(value, (tuple, list)) else value


def _flatten(values) -> list:
    out = []
    if isinstance(values, dict):
        values = list(values.values())
    if isinstance(values, (tuple, list)):
        for v in values:
            out += _flatten(v)
    else:
        out.append(values)
    return out


"""Read an ONNX model into a network graph of :class:`~symconv.Geometry` layers.

The package ``onnx`` is an optional extra (``pip install "symconv[onnx]"``),
imported when :func:`from_onnx` is called.  Only the model's structure is
read: shapes of weights (for channel counts) and the few constants that set
a geometry (``Pad``'s pads, ``Resize``'s scales, ``Reshape``'s shape); no
weight values, no external data files.

What is read
------------
* ``Conv`` and ``ConvTranspose`` (grouped and depthwise included):
  ``kernel_shape`` (or the weight's shape), ``strides``, ``dilations``,
  ``group``, ``pads`` (asymmetric pads are kept as ``(before, after)``
  pairs), ``auto_pad`` (``SAME_UPPER`` is :class:`~symconv.Geometry`'s
  ``"same"``; ``SAME_LOWER`` puts the odd extra pad *before*, worked out
  from the input size, symbolically if the size is a symbol; ``VALID``),
  ``output_padding``, and ``ConvTranspose``'s ``output_shape``, which sets the
  pads by the rule of the ONNX operator documentation: ``total = s(i-1) +
  output_padding + d(k-1) + 1 - output_shape``, the odd extra pad at the
  end for ``SAME_UPPER`` and at the start otherwise.
* ``MaxPool``, ``AveragePool``, ``LpPool`` (``ceil_mode``,
  ``count_include_pad``, ``dilations``; ONNX's default stride is 1),
  ``GlobalAveragePool``, ``GlobalMaxPool``, ``GlobalLpPool``, and
  ``ReduceMean``/``ReduceMax`` over every spatial axis (a global pool).
* ``Resize`` and ``Upsample`` in ``nearest`` mode with an integer scale per
  spatial axis (1 on batch and channels) whose coordinate rule repeats
  input ``o // scale`` (``asymmetric`` with ``floor``, every ``half_pixel``
  rounding, ...).
* ``Pad`` with constant zeros on the spatial axes.
* Element-wise operations and activations, read as pass-through (the shape
  and the receptive field are kept): :data:`PASS_THROUGH`, which the
  ``pass_through`` argument extends.
* ``Add``, ``Sum``, ``Mul``, ``Sub``, ``Div``, ``Max``, ``Min``, ``Mean``
  of two or more branches (a merge); with one branch and a constant they are
  pass-through (a bias, a scale).  ``Concat`` along channels.
* At the head: ``Flatten``, ``Reshape`` to ``(N, features)``, ``Gemm``,
  ``MatMul``.
* ``Constant`` nodes are read as constants.

References
----------
.. [1] ONNX operators ``Conv``, ``ConvTranspose``, ``MaxPool``, ``Resize``:
   the ONNX operator documentation (onnx/docs/Operators.md).
"""

from __future__ import annotations

import math
import os
from fractions import Fraction

from .._errors import SymconvError
from .._validate import as_shape, is_sympy, short, sympy_module
from ..geometry import Geometry
from . import _exact
from .network import NetworkBuilder

__all__ = ["PASS_THROUGH", "SUPPORTED", "from_onnx"]

#: ONNX ops read as pass-through: they keep the shape and the receptive field.
PASS_THROUGH = frozenset({
    "Abs", "BatchNormalization", "Cast", "Ceil", "Celu", "Clip", "DequantizeLinear", "Dropout", "Elu", "Erf",
    "Exp", "Floor", "Gelu", "HardSigmoid", "HardSwish", "Hardmax", "Identity", "InstanceNormalization", "LRN",
    "LeakyRelu", "Log", "LogSoftmax", "Mish", "Neg", "PRelu", "QuantizeLinear", "Reciprocal", "Relu", "Round",
    "Selu", "Shrink", "Sigmoid", "Sign", "Softmax", "Softplus", "Softsign", "Sqrt", "Tanh", "ThresholdedRelu",
})

_MERGES = frozenset({"Add", "Sum", "Mul", "Sub", "Div", "Max", "Min", "Mean", "Pow"})
_POOLS = {"MaxPool": "max", "AveragePool": "avg", "LpPool": "lp"}
_GLOBAL_POOLS = {"GlobalAveragePool": "avg", "GlobalMaxPool": "max", "GlobalLpPool": "lp"}
_REDUCE_POOLS = {"ReduceMean": "avg", "ReduceMax": "max"}
_STRUCTURAL = frozenset({
    "Conv", "ConvTranspose", "Resize", "Upsample", "Pad", "Concat", "Flatten", "Reshape", "Gemm", "MatMul", "Constant",
    *_POOLS, *_GLOBAL_POOLS, *_REDUCE_POOLS,
})

#: Every op :func:`from_onnx` reads without help (``pass_through`` adds more).
SUPPORTED = frozenset(_STRUCTURAL | _MERGES | PASS_THROUGH)

_EXTRA = 'pip install "symconv[onnx]"'


def _import_onnx():
    try:
        import onnx
    except ImportError as err:
        raise ModuleNotFoundError(
            f"from_onnx needs the package onnx, an optional extra of symconv: {_EXTRA}", name="onnx"
        ) from err
    return onnx


def from_onnx(model, *, input_shape=None, pass_through=()):
    """Read an ONNX model into a network graph.

    Parameters
    ----------
    model : str, os.PathLike, bytes or onnx.ModelProto
        A ``.onnx`` file, its bytes, or a loaded model.
    input_shape : tuple or dict, optional
        ``(N, C, *spatial)`` of the model's input (ints or SymPy symbols), or
        ``{input name: shape}`` for several inputs.  Needed where the model
        leaves a size open without a name; sizes the model names
        (``dim_param``) become SymPy symbols of that name unless given here.
        A batch size left open without a name counts as 1.
    pass_through : iterable of str, optional
        More op types to read as pass-through (element-wise, shape kept),
        added to :data:`PASS_THROUGH`.

    Returns
    -------
    networkx.DiGraph
        The network graph described in :mod:`symconv.models.network`;
        ``op`` is the ONNX op type, layer names are the ONNX node names
        (``<op>_<index>`` where a node has none) and graph inputs keep their
        names.

    Raises
    ------
    ModuleNotFoundError
        ``onnx`` is not installed.
    SymconvError
        A file that is not ONNX or is truncated, an unsupported op (the
        message names the op, the node, the supported ops and the
        ``pass_through`` argument), a geometry this reader cannot keep exactly
        (``parameter="model"``); an input size that is missing or does not fit
        the model (``parameter="input_shape"``); branches whose shapes cannot
        be merged (``parameter="model"``).
    TypeError
        ``model`` of another kind.

    Examples
    --------
    >>> import onnx.helper as oh  # doctest: +SKIP
    >>> from onnx import TensorProto, numpy_helper  # doctest: +SKIP
    >>> import numpy as np  # doctest: +SKIP
    >>> w = numpy_helper.from_array(np.zeros((8, 3, 3, 3), np.float32), "w")  # doctest: +SKIP
    >>> graph = oh.make_graph(
    ...     [oh.make_node("Conv", ["x", "w"], ["y"], name="conv", pads=[1, 1, 1, 1], strides=[2, 2])],
    ...     "g", [oh.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, "h", "h"])],
    ...     [oh.make_tensor_value_info("y", TensorProto.FLOAT, None)], [w])  # doctest: +SKIP
    >>> G = from_onnx(oh.make_model(graph))  # doctest: +SKIP
    >>> G.nodes["conv"]["output_shape"]  # doctest: +SKIP
    (1, 8, floor(h/2 - 1/2) + 1, floor(h/2 - 1/2) + 1)

    See Also
    --------
    symconv.models.from_torch, symconv.models.receptive_fields, symconv.models.summary
    """
    onnx = _import_onnx()
    extra = _pass_through(pass_through)
    proto = _load(model, onnx)
    return _Reader(proto, onnx, input_shape, extra).read()


def _pass_through(pass_through) -> frozenset:
    if isinstance(pass_through, str):
        pass_through = [pass_through]
    try:
        names = list(pass_through)
    except TypeError:
        raise TypeError(f"pass_through: expected an iterable of op type names, got {short(pass_through)}") from None
    for name in names:
        if not isinstance(name, str) or not name:
            raise TypeError(f"pass_through: expected op type names (str), got {short(name)}")
    return frozenset(names)


def _load(model, onnx):
    if isinstance(model, onnx.ModelProto):
        proto, what = model, "the model"
    else:
        if isinstance(model, (bytes, bytearray)):
            data, what = bytes(model), "the bytes given"
        elif isinstance(model, (str, os.PathLike)):
            path = os.fspath(model)
            what = repr(path)
            try:
                with open(path, "rb") as handle:
                    data = handle.read()
            except OSError as err:
                raise SymconvError(f"model: cannot read {path!r} ({err.strerror or err})", parameter="model") from None
        else:
            raise TypeError(
                f"model: expected a path to a .onnx file, its bytes or an onnx.ModelProto, got {type(model).__name__}"
            )
        proto = onnx.ModelProto()
        try:
            proto.ParseFromString(data)
        except Exception as err:  # google.protobuf.message.DecodeError and friends
            raise SymconvError(
                f"model: {what} is not an ONNX model or is truncated ({type(err).__name__}: {err})", parameter="model"
            ) from None
    if not proto.ir_version or not proto.HasField("graph") or not proto.graph.node:
        raise SymconvError(
            f"model: {what} is not an ONNX model or is truncated (no graph of nodes in it)", parameter="model"
        )
    return proto


class _Reader:
    def __init__(self, proto, onnx, input_shape, extra):
        self.onnx = onnx
        self.graph = proto.graph
        self.opset = next((o.version for o in proto.opset_import if o.domain in ("", "ai.onnx")), 1)
        self.input_shape = input_shape
        self.pass_through = PASS_THROUGH | extra
        self.initializers = {t.name: t for t in self.graph.initializer}
        self.constants = {}  # Constant node outputs -> numpy arrays
        self.producers = {}  # tensor name -> layer name
        self.builder = NetworkBuilder(source="onnx")
        self.names = set()

    # -- plumbing ---------------------------------------------------------------

    def fail(self, node, message):
        raise SymconvError(f"model: node {node.name or node.op_type!r} ({node.op_type}): {message}", parameter="model")

    def layer_name(self, wanted: str) -> str:
        name, n = wanted, 1
        while name in self.names:
            name, n = f"{wanted}_{n}", n + 1
        self.names.add(name)
        return name

    def is_constant(self, tensor: str) -> bool:
        return tensor in self.initializers or tensor in self.constants

    def value(self, node, tensor: str):
        if tensor in self.constants:
            return self.constants[tensor]
        if tensor in self.initializers:
            from onnx import numpy_helper

            return numpy_helper.to_array(self.initializers[tensor])
        self.fail(node, f"input {tensor!r} must be a constant (an initializer or a Constant node) for its geometry")

    def dims(self, node, tensor: str) -> tuple:
        if tensor in self.initializers:
            return tuple(int(d) for d in self.initializers[tensor].dims)
        if tensor in self.constants:
            return tuple(self.constants[tensor].shape)
        self.fail(node, f"weight {tensor!r} must be an initializer or a Constant (its shape gives the channels)")

    def attrs(self, node) -> dict:
        from onnx import helper

        out = {}
        for attribute in node.attribute:
            value = helper.get_attribute_value(attribute)
            out[attribute.name] = value.decode() if isinstance(value, bytes) else value
        return out

    def data_inputs(self, node) -> list[str]:
        """The layers that a node reads, in input order (constants and empty optional inputs left out)."""
        out = []
        for tensor in node.input:
            if not tensor or self.is_constant(tensor):
                continue
            if tensor not in self.producers:
                self.fail(node, f"reads tensor {tensor!r}, which no input, initializer or earlier node produces")
            out.append(self.producers[tensor])
        return out

    def one_input(self, node) -> str:
        inputs = self.data_inputs(node)
        if len(inputs) != 1:
            self.fail(node, f"expected one data input, got {len(inputs)}")
        return inputs[0]

    def shape(self, layer: str) -> tuple:
        return self.builder.graph.nodes[layer]["output_shape"]

    # -- the model --------------------------------------------------------------

    def read(self):
        self.read_inputs()
        for index, node in enumerate(self.graph.node):
            if node.op_type == "Constant":
                self.read_constant(node)
                continue
            inputs = [t for t in node.input if t]
            if inputs and all(self.is_constant(t) for t in inputs):
                self.fold_constant(node)  # e.g. an Identity of a weight, as exporters write
                continue
            wanted = node.name or f"{node.op_type}_{index}"
            name = self.layer_name(wanted)
            try:
                layer = self.read_node(node, name)
            except SymconvError as err:
                if err.parameter == "model":
                    raise
                raise SymconvError(f"model: node {wanted!r} ({node.op_type}): {err}", parameter="model") from err
            for tensor in node.output:
                if tensor:
                    self.producers[tensor] = layer
        outputs = []
        for value in self.graph.output:
            if value.name not in self.producers:
                raise SymconvError(f"model: the graph output {value.name!r} is produced by no node", parameter="model")
            outputs.append(self.producers[value.name])
        self.builder.output(*dict.fromkeys(outputs))
        return self.builder.build()

    def read_inputs(self):
        inputs = [v for v in self.graph.input if v.name not in self.initializers]
        if not inputs:
            raise SymconvError("model: the graph has no input that is not an initializer", parameter="model")
        given = self.input_shape
        if given is not None and not isinstance(given, dict):
            if len(inputs) != 1:
                names = ", ".join(repr(v.name) for v in inputs)
                raise SymconvError(
                    f"input_shape: the model has {len(inputs)} inputs ({names}); give {{name: shape}}",
                    parameter="input_shape",
                )
            given = {inputs[0].name: given}
        given = dict(given or {})
        unknown = set(given) - {v.name for v in inputs}
        if unknown:
            raise SymconvError(
                f"input_shape: the model has no input named {sorted(unknown)[0]!r}; its inputs are "
                f"{[v.name for v in inputs]}",
                parameter="input_shape",
            )
        for value in inputs:
            shape = self.input_dims(value, given.get(value.name))
            name = self.layer_name(value.name)
            self.builder.input(name, shape)
            self.producers[value.name] = name

    def input_dims(self, value, given):
        tensor = value.type.tensor_type
        if not value.type.HasField("tensor_type"):
            raise SymconvError(f"model: input {value.name!r} is not a tensor", parameter="model")
        model_dims = []
        if tensor.HasField("shape"):
            for dim in tensor.shape.dim:
                if dim.HasField("dim_value") and dim.dim_value > 0:
                    model_dims.append(int(dim.dim_value))
                elif dim.HasField("dim_param") and dim.dim_param:
                    model_dims.append(_symbol(dim.dim_param))
                else:
                    model_dims.append(None)
        if given is not None:
            shape = as_shape(given, "input_shape", scalar=False)
            if tensor.HasField("shape") and len(shape) != len(model_dims):
                raise SymconvError(
                    f"input_shape: input {value.name!r} has rank {len(model_dims)} in the model, got {short(shape)}",
                    parameter="input_shape",
                )
            for axis, (mine, theirs) in enumerate(zip(model_dims, shape)):
                if isinstance(mine, int) and not is_sympy(theirs) and mine != theirs:
                    raise SymconvError(
                        f"input_shape: the model fixes axis {axis} of input {value.name!r} to {mine}, got {theirs}",
                        parameter="input_shape",
                    )
            return shape
        if not tensor.HasField("shape"):
            raise SymconvError(
                f"input_shape: the model gives no shape for input {value.name!r}; give input_shape=(N, C, *spatial)",
                parameter="input_shape",
            )
        dims = list(model_dims)
        if dims and dims[0] is None:
            dims[0] = 1
        for axis, dim in enumerate(dims):
            if dim is None:
                what = "channels" if axis == 1 else f"spatial axis {axis}"
                raise SymconvError(
                    f"input_shape: input {value.name!r} has a dynamic size without a name on axis {axis} ({what}); "
                    "give the size, e.g. input_shape=(1, 3, 224, 224), or a SymPy symbol",
                    parameter="input_shape",
                )
        return tuple(dims)

    def fold_constant(self, node):
        """A node of constants only gives constants: an Identity keeps its value, others are evaluated."""
        if node.op_type == "Identity":
            value = self.value(node, node.input[0])
            self.constants[node.output[0]] = value
            return
        from onnx.reference import ReferenceEvaluator

        feeds = {t: self.value(node, t) for t in node.input if t}
        try:
            results = ReferenceEvaluator(node).run(None, feeds)
        except Exception as err:  # the reference implementation's own errors
            self.fail(node, f"cannot evaluate this node of constants ({type(err).__name__}: {err})")
        for tensor, value in zip(node.output, results):
            self.constants[tensor] = value

    def read_constant(self, node):
        from onnx import numpy_helper
        import numpy as np

        attrs = {a.name: a for a in node.attribute}
        if "value" in attrs:
            array = numpy_helper.to_array(attrs["value"].t)
        else:
            values = self.attrs(node)
            key = next((k for k in ("value_ints", "value_int", "value_floats", "value_float") if k in values), None)
            if key is None:
                self.fail(node, f"a Constant with attributes {sorted(values)} is not read; expected value or value_ints")
            array = np.asarray(values[key])
        for tensor in node.output:
            self.constants[tensor] = array

    # -- nodes ------------------------------------------------------------------

    def read_node(self, node, name):
        op = node.op_type
        b = self.builder
        if node.domain not in ("", "ai.onnx"):
            self.unsupported(node, f"op {op!r} of domain {node.domain!r}")
        if op in ("Conv", "ConvTranspose"):
            return self.read_conv(node, name)
        if op in _POOLS:
            return self.read_pool(node, name)
        if op in _GLOBAL_POOLS:
            return b.global_pool(name, self.one_input(node), op=op, mode=_GLOBAL_POOLS[op])
        if op in _REDUCE_POOLS:
            return self.read_reduce(node, name)
        if op in ("Resize", "Upsample"):
            return self.read_resize(node, name)
        if op == "Pad":
            return self.read_pad(node, name)
        if op == "Concat":
            inputs = self.data_inputs(node)
            if len(inputs) < len([t for t in node.input if t]):
                self.fail(node, "concatenates a constant; only layers' outputs are read")
            return b.concat(name, inputs, axis=self.attrs(node).get("axis", 1), op=op)
        if op in ("Flatten", "Reshape"):
            return self.read_flatten(node, name)
        if op in ("Gemm", "MatMul"):
            return self.read_dense(node, name)
        if op in _MERGES or op in self.pass_through:
            inputs = self.data_inputs(node)
            if not inputs:
                self.fail(node, "reads only constants")
            if len(inputs) >= 2:
                return b.merge(name, inputs, op=op)
            return b.pass_through(name, inputs[0], op=op, params=self.pass_through_params(node))
        self.unsupported(node, f"op {op!r}")

    def unsupported(self, node, what):
        supported = ", ".join(sorted(SUPPORTED | self.pass_through))
        raise SymconvError(
            f"model: node {node.name or node.op_type!r}: {what} is not supported; supported: {supported}; "
            f"an element-wise op that keeps the shape can be read as pass-through with "
            f"pass_through=[{node.op_type!r}]",
            parameter="model",
        )

    def pass_through_params(self, node) -> int:
        op = node.op_type
        if op in ("BatchNormalization", "InstanceNormalization"):
            return sum(math.prod(self.dims(node, t)) for t in node.input[1:3] if t and self.is_constant(t))
        if op == "PRelu" and len(node.input) > 1 and self.is_constant(node.input[1]):
            return math.prod(self.dims(node, node.input[1]))
        return 0

    def spatial(self, layer) -> tuple:
        return self.shape(layer)[2:]

    def geometry_attrs(self, node, ndim, kernel):
        attrs = self.attrs(node)
        strides = tuple(attrs.get("strides", (1,) * ndim))
        dilations = tuple(attrs.get("dilations", (1,) * ndim))
        pads = attrs.get("pads", (0,) * (2 * ndim))
        for key, value, n in (("strides", strides, ndim), ("dilations", dilations, ndim), ("pads", pads, 2 * ndim)):
            if len(value) != n:
                self.fail(node, f"{key} {list(value)} has {len(value)} values, expected {n} for {ndim} spatial axes")
        if any(p < 0 for p in pads):
            self.fail(node, f"negative pads {list(pads)} (cropping) are not supported")
        pairs = tuple((pads[a], pads[a + ndim]) for a in range(ndim))
        return attrs, strides, dilations, pairs

    def padding(self, node, attrs, pairs, spatial, kernel, strides, dilations):
        """The padding for Geometry: "same" for SAME_UPPER, explicit pairs for SAME_LOWER, else the pads."""
        auto = attrs.get("auto_pad", "NOTSET") or "NOTSET"
        if auto == "NOTSET":
            return pairs
        if auto == "VALID":
            return ((0, 0),) * len(spatial)
        if auto == "SAME_UPPER":
            return "same"
        if auto == "SAME_LOWER":
            upper = Geometry(kernel, strides, "same", dilations, ndim=len(spatial)).pads(spatial)
            return tuple((after, before) for before, after in upper)  # the odd extra pad goes before
        self.fail(node, f"auto_pad {auto!r} is not one of NOTSET, SAME_UPPER, SAME_LOWER, VALID")

    def read_conv(self, node, name):
        if len(node.input) < 2 or not node.input[1]:
            self.fail(node, "has no weight input")
        weight = self.dims(node, node.input[1])
        source = self.one_input(node)
        spatial = self.spatial(source)
        ndim = len(spatial)
        if len(weight) != ndim + 2:
            self.fail(node, f"weight shape {list(weight)} does not fit an input with {ndim} spatial axes")
        kernel = tuple(weight[2:])
        attrs, strides, dilations, pairs = self.geometry_attrs(node, ndim, kernel)
        if "kernel_shape" in attrs and tuple(attrs["kernel_shape"]) != kernel:
            self.fail(node, f"kernel_shape {list(attrs['kernel_shape'])} differs from the weight's {list(kernel)}")
        groups = int(attrs.get("group", 1))
        bias = len(node.input) > 2 and bool(node.input[2])
        c_in = self.shape(source)[1]
        transposed = node.op_type == "ConvTranspose"
        if transposed:
            c_out = weight[1] * groups
            if not is_sympy(c_in) and weight[0] != c_in:
                self.fail(node, f"weight shape {list(weight)} expects {weight[0]} input channels, the input has {c_in}")
            output_padding = tuple(attrs.get("output_padding", (0,) * ndim))
            padding = self.transposed_padding(node, attrs, pairs, spatial, kernel, strides, dilations, output_padding)
            geometry = self.make_geometry(node, kernel, strides, padding, dilations, groups,
                                          output_padding=output_padding, transposed=True)
        else:
            c_out = weight[0]
            if not is_sympy(c_in) and weight[1] * groups != c_in:
                self.fail(node, f"weight shape {list(weight)} with group {groups} expects {weight[1] * groups} input "
                                f"channels, the input has {c_in}")
            padding = self.padding(node, attrs, pairs, spatial, kernel, strides, dilations)
            geometry = self.make_geometry(node, kernel, strides, padding, dilations, groups)
        return self.builder.conv(name, source, geometry, c_out, op=node.op_type, bias=bias,
                                 attrs={"auto_pad": attrs.get("auto_pad", "NOTSET")})

    def make_geometry(self, node, kernel, strides, padding, dilations, groups=1, **options):
        try:
            return Geometry(kernel, strides, padding, dilations, groups, ndim=len(kernel), **options)
        except SymconvError as err:
            self.fail(node, f"{err.parameter}: {err.detail}")

    def transposed_padding(self, node, attrs, pairs, spatial, kernel, strides, dilations, output_padding):
        auto = attrs.get("auto_pad", "NOTSET") or "NOTSET"
        if auto not in ("NOTSET", "VALID", "SAME_UPPER", "SAME_LOWER"):
            self.fail(node, f"auto_pad {auto!r} is not one of NOTSET, SAME_UPPER, SAME_LOWER, VALID")
        if auto == "VALID":
            return ((0, 0),) * len(spatial)
        wanted = attrs.get("output_shape")
        if wanted is None and auto == "NOTSET":
            return pairs
        if wanted is None:
            wanted = tuple(i * s for i, s in zip(spatial, strides))  # SAME: output = input * stride
        wanted = tuple(wanted)[-len(spatial):]
        out = []
        for axis, (i, k, s, d, op, o) in enumerate(zip(spatial, kernel, strides, dilations, output_padding, wanted)):
            total = _exact.norm(s * (i - 1) + op + d * (k - 1) + 1 - o)
            half = _floor_half(total)
            pair = (half, total - half) if auto == "SAME_UPPER" else (total - half, half)
            if any(not is_sympy(p) and p < 0 for p in pair):
                self.fail(node, f"output_shape {list(wanted)} needs negative pads {pair} on axis {axis}; "
                                "use output_padding for a longer output")
            out.append(pair)
        return tuple(out)

    def read_pool(self, node, name):
        source = self.one_input(node)
        spatial = self.spatial(source)
        ndim = len(spatial)
        attrs = self.attrs(node)
        if "kernel_shape" not in attrs:
            self.fail(node, "has no kernel_shape")
        kernel = tuple(attrs["kernel_shape"])
        if len(kernel) != ndim:
            self.fail(node, f"kernel_shape {list(kernel)} does not fit an input with {ndim} spatial axes")
        attrs, strides, dilations, pairs = self.geometry_attrs(node, ndim, kernel)
        padding = self.padding(node, attrs, pairs, spatial, kernel, strides, dilations)
        ceil_mode = bool(attrs.get("ceil_mode", 0))
        try:
            geometry = Geometry(kernel, strides, padding, dilations, ndim=ndim, ceil_mode=ceil_mode)
        except SymconvError as err:
            self.fail(node, f"{err.parameter}: {err.detail}")
        extra = {"ceil_mode": ceil_mode}
        if node.op_type == "AveragePool":
            extra["count_include_pad"] = bool(attrs.get("count_include_pad", 0))
        return self.builder.pool(name, source, geometry, op=node.op_type, mode=_POOLS[node.op_type], attrs=extra)

    def read_reduce(self, node, name):
        source = self.one_input(node)
        attrs = self.attrs(node)
        rank = len(self.shape(source))
        axes = attrs.get("axes")
        if axes is None and len(node.input) > 1 and node.input[1]:
            axes = [int(a) for a in self.value(node, node.input[1]).ravel()]
        spatial_axes = set(range(2, rank))
        if axes is None or {a % rank for a in axes} != spatial_axes:
            self.fail(node, f"reduces axes {axes}; only a reduction over every spatial axis {sorted(spatial_axes)} "
                            "(a global pool) is read")
        keepdims = bool(attrs.get("keepdims", 1))
        return self.builder.global_pool(name, source, op=node.op_type, mode=_REDUCE_POOLS[node.op_type],
                                        keepdims=keepdims)

    def read_resize(self, node, name):
        source = self.one_input(node)
        attrs = self.attrs(node)
        shape = self.shape(source)
        mode = attrs.get("mode", "nearest")
        if mode != "nearest":
            self.fail(node, f"mode {mode!r}: only nearest-neighbour upsampling by an integer scale is read")
        scales = attrs.get("scales")
        sizes = None
        if scales is None:
            # Upsample-9: (X, scales); Resize-10: (X, scales); Resize-11+: (X, roi, scales, sizes)
            slots = (1,) if node.op_type == "Upsample" or self.opset < 11 else (2,)
            for slot in slots:
                if len(node.input) > slot and node.input[slot] and self.value(node, node.input[slot]).size:
                    scales = [float(v) for v in self.value(node, node.input[slot]).ravel()]
            if scales is None and node.op_type == "Resize" and len(node.input) > 3 and node.input[3]:
                sizes = [int(v) for v in self.value(node, node.input[3]).ravel()]
        if scales is None and sizes is None:
            self.fail(node, "has neither scales nor sizes")
        if sizes is not None:
            if len(sizes) != len(shape):
                self.fail(node, f"sizes {sizes} does not fit an input of rank {len(shape)}")
            factors = []
            for size, n in zip(sizes, shape):
                if is_sympy(n) or size % n:
                    self.fail(node, f"sizes {sizes} are not integer multiples of the input shape")
                factors.append(size // n)
        else:
            if len(scales) != len(shape):
                self.fail(node, f"scales {scales} do not fit an input of rank {len(shape)}")
            if any(s != int(s) or s < 1 for s in scales):
                self.fail(node, f"scales {scales}: only integer upsampling factors are read")
            factors = [int(s) for s in scales]
        if factors[:2] != [1, 1]:
            self.fail(node, f"scales {factors} resize the batch or channel axis")
        if node.op_type == "Resize":
            rule = attrs.get("coordinate_transformation_mode", "half_pixel")
            rounding = attrs.get("nearest_mode", "round_prefer_floor")
            for factor, length in set(zip(factors[2:], shape[2:])):
                if not _repeats(rule, rounding, factor, length):
                    self.fail(node, f"coordinate_transformation_mode {rule!r} with nearest_mode {rounding!r} does not "
                                    f"repeat each input {factor} times")
        return self.builder.upsample(name, source, tuple(factors[2:]), op=node.op_type)

    def read_pad(self, node, name):
        source = self.one_input(node)
        attrs = self.attrs(node)
        shape = self.shape(source)
        mode = attrs.get("mode", "constant")
        if mode != "constant":
            self.fail(node, f"mode {mode!r}: only constant (zero) padding is read")
        if "pads" in attrs:
            pads = list(attrs["pads"])
            value = attrs.get("value", 0.0)
        else:
            if len(node.input) < 2 or not node.input[1]:
                self.fail(node, "has no pads")
            pads = [int(v) for v in self.value(node, node.input[1]).ravel()]
            value = 0.0
            if len(node.input) > 2 and node.input[2]:
                constant = self.value(node, node.input[2]).ravel()
                value = float(constant[0]) if constant.size else 0.0
        if value != 0:
            self.fail(node, f"pads with the value {value}; only zeros are read")
        rank = len(shape)
        axes = list(range(rank))
        if len(node.input) > 3 and node.input[3]:
            axes = [int(a) % rank for a in self.value(node, node.input[3]).ravel()]
        n = len(axes)
        if len(pads) != 2 * n:
            self.fail(node, f"pads {pads} has {len(pads)} values, expected {2 * n}")
        by_axis = {axis: (pads[i], pads[i + n]) for i, axis in enumerate(axes)}
        if any(by_axis.get(axis, (0, 0)) != (0, 0) for axis in (0, 1)):
            self.fail(node, f"pads {pads} pad the batch or channel axis")
        pairs = tuple(by_axis.get(axis, (0, 0)) for axis in range(2, rank))
        if any(p < 0 for pair in pairs for p in pair):
            self.fail(node, f"negative pads {pads} (cropping) are not supported")
        return self.builder.pad(name, source, pairs, op=node.op_type)

    def read_flatten(self, node, name):
        source = self.one_input(node)
        shape = self.shape(source)
        if node.op_type == "Flatten":
            axis = self.attrs(node).get("axis", 1) % max(len(shape), 1)
            if axis != 1:
                self.fail(node, f"axis {axis}: only Flatten(axis=1), (N, C, *spatial) -> (N, features), is read")
            if len(shape) == 2:
                return self.builder.pass_through(name, source, op=node.op_type)
            return self.builder.flatten(name, source, op=node.op_type)
        target = [int(v) for v in self.value(node, node.input[1]).ravel()] if len(node.input) > 1 else []
        if len(target) == len(shape) and all(t in (0, s) for t, s in zip(target, shape)):
            return self.builder.pass_through(name, source, op=node.op_type)
        features = _exact.product(shape[1:])
        if len(target) == 2 and target[0] in (0, -1, shape[0]) and target[1] in (-1, features):
            if len(shape) == 2:
                return self.builder.pass_through(name, source, op=node.op_type)
            return self.builder.flatten(name, source, op=node.op_type)
        self.fail(node, f"shape {target} on an input {list(shape)}: only a reshape to (N, features) is read")

    def read_dense(self, node, name):
        source = self.one_input(node)
        attrs = self.attrs(node)
        if len(node.input) < 2 or not self.is_constant(node.input[1]):
            self.fail(node, "the second input must be a weight (an initializer)")
        weight = self.dims(node, node.input[1])
        if len(weight) != 2:
            self.fail(node, f"weight shape {list(weight)} is not a matrix")
        if node.op_type == "Gemm" and attrs.get("transA", 0):
            self.fail(node, "transA=1 is not read")
        transposed = node.op_type == "Gemm" and attrs.get("transB", 0)
        n_in, n_out = (weight[1], weight[0]) if transposed else weight
        shape = self.shape(source)
        if len(shape) == 2 and not is_sympy(shape[1]) and shape[1] != n_in:
            self.fail(node, f"weight shape {list(weight)} expects {n_in} features, the input has {shape[1]}")
        bias = node.op_type == "Gemm" and len(node.input) > 2 and bool(node.input[2])
        return self.builder.dense(name, source, n_out, op=node.op_type, bias=bias)


def _symbol(name: str):
    import sympy

    return sympy.Symbol(name, integer=True, positive=True)


def _floor_half(value):
    if is_sympy(value):
        return _exact.norm(sympy_module().floor(value / 2))
    return value // 2


def _source_index(rule: str, rounding: str, o: int, factor: int, length: int) -> int | None:
    """Which input a nearest Resize reads for output ``o`` (ONNX's coordinate rules), or None if unknown."""
    scale = Fraction(factor)
    if rule in ("half_pixel", "pytorch_half_pixel"):
        x = (o + Fraction(1, 2)) / scale - Fraction(1, 2)
    elif rule == "asymmetric":
        x = o / scale
    elif rule == "tf_half_pixel_for_nn":
        x = (o + Fraction(1, 2)) / scale
    elif rule == "align_corners":
        x = Fraction(o * (length - 1), length * factor - 1)
    else:
        return None
    if rounding == "floor":
        index = math.floor(x)
    elif rounding == "ceil":
        index = math.ceil(x)
    elif rounding == "round_prefer_ceil":
        index = math.floor(x + Fraction(1, 2))
    elif rounding == "round_prefer_floor":
        index = math.ceil(x - Fraction(1, 2))
    else:
        return None
    return min(max(index, 0), length - 1)


def _repeats(rule: str, rounding: str, factor: int, length) -> bool:
    """True if output ``o`` reads input ``o // factor`` under this rule, for every ``o``.

    Some rules (``align_corners``) depend on the length: a symbolic length is checked for 1..32.
    """
    lengths = range(1, 33) if is_sympy(length) else (length,)
    return all(_source_index(rule, rounding, o, factor, n) == o // factor for n in lengths for o in range(n * factor))

"""Issue 15's command-line cases that had no test of their own (the audit of issues 15 and 10).

- every ``draw`` kind whose size refusal holds a number of more than 4,300 digits (Python refuses to print such
  an int): one line, exit 2, the number written ``~d.dde+N`` -- the exponents worked out by hand below;
- ``rf --layers`` with 80 and 120 strided ``'same'`` layers and no ``--input-size``: a table, one ceiling per
  term, equal at concrete sizes to the padding worked out layer by layer with TensorFlow's 'same' rule;
- ``draw indirect-interaction`` of 3,000 layers: the cone worked out by hand, and the work (Python calls counted,
  not seconds) growing linearly with the depth.
"""

from __future__ import annotations

import re
import sys

import pytest
import sympy

from ._helpers import mermaid_parts, run

N = "9" * 4300  # 10^4300 - 1: its products and squares have more than 4,300 digits


# ----------------------------------------------------------------------------
# size messages holding numbers too long to print
# ----------------------------------------------------------------------------

# (argv, the number the message must hold, worked out by hand)
HUGE = [
    # kernel 3, padding 1, stride 1: N outputs with 3 taps each, 3N edges ~ 3.00e+4300
    (["sparse-from-below", "--input", N, "-o", "a.mmd"], r"--input: .*reached ~3\.00e\+4300 "),
    (["indirect-interaction", "--input", N, "-o", "a.mmd"], r"--input: .*reached ~3\.00e\+4300 "),
    # transposed, 5 inputs, stride N: (5 - 1) N - 2 + 3 = 4N + 1 outputs, 3 taps each: ~1.20e+4301 edges
    (["sparse-from-below", "--transposed", "--stride", N, "--input", "5", "-o", "a.mmd"],
     r"--input, --stride: .*reached ~1\.20e\+4301 "),
    # stride N over N inputs: one output, but N input nodes ~ 1.00e+4300
    (["parameter-sharing", "--input", N, "--stride", N, "-o", "a.dot"], r"--input, --stride: .*reached ~1\.00e\+4300"),
    # the frame draws the padded N x N input: (N + 2)^2 ~ 1.00e+8600 cells
    (["animation", "--input", N, "-o", "a.gif"], r"--input: a frame would draw ~1\.00e\+8600 cells"),
    # the conv matrix of an N x N input is N^2 x N^2 ... a 1-D --input N: N x N
    (["matrix", "--input", N, "-o", "a.svg"], r"--input: the matrix would be ~1\.00e\+4300 x ~1\.00e\+4300"),
    # kernel N: receptive field 1 + (N - 1) = N
    (["receptive-field", "--layers", f"{N}:1:0", "-o", "a.svg"], r"--layers: .*receptive field of ~1\.00e\+4300 "),
]


@pytest.mark.parametrize("argv, message", HUGE, ids=[" ".join(a[:2]) + f"[{i}]" for i, (a, _) in enumerate(HUGE)])
def test_draw_size_messages_with_numbers_past_4300_digits_are_one_short_line(capsys, tmp_path, monkeypatch, argv,
                                                                               message):
    monkeypatch.chdir(tmp_path)
    digits = sys.get_int_max_str_digits()
    status, out, err = run(capsys, "draw", *argv)
    assert (status, out) == (2, "")
    assert err.startswith("symconv: error: ") and err.count("\n") == 1, err[:300]
    assert re.search(message, err), err[:400]
    assert len(err) < 400 and N[:61] not in err  # no number written out whole
    assert "Traceback" not in err and "internal error" not in err
    assert sys.get_int_max_str_digits() == digits  # not lifted to print them
    assert not any(tmp_path.iterdir())


# ----------------------------------------------------------------------------
# rf of 80 and 120 strided 'same' layers without --input-size
# ----------------------------------------------------------------------------


def _same_padding_by_hand(depth, i):
    """Effective padding of ``depth`` layers of kernel 3, stride 2, 'same', input size ``i``.

    'same' keeps ceil(n / 2) outputs and pads (out - 1) 2 + 3 - n in all, the smaller half first (TensorFlow's
    rule); the effective padding is sum_l p_l prod_{m<l} s_m (Araujo et al.).
    """
    total, jump, n = 0, 1, i
    for _ in range(depth):
        out = -(-n // 2)
        before = max(0, (out - 1) * 2 + 3 - n) // 2
        total += before * jump
        jump *= 2
        n = out
    return total


def _table(out):
    lines = out.splitlines()
    header = [c.strip() for c in lines[0].strip("|").split("|")]
    return [dict(zip(header, (c.strip() for c in line.strip("|").split("|")))) for line in lines[2:]]


@pytest.mark.parametrize("depth", [80, 120])
def test_rf_of_deep_strided_same_layers_without_an_input_size_prints_compact_padding(capsys, depth):
    status, out, err = run(capsys, "rf", "--layers", ",".join(["3:2:same"] * depth))
    assert (status, err) == (0, "")
    rows = _table(out)
    assert len(rows) == depth
    last = rows[-1]
    # effective stride 2^L, receptive field 1 + sum_l 2 * 2^(l-1) = 2^(L+1) - 1, by hand
    assert last["effective stride"] == str(2**depth)
    assert last["receptive field"] == str(2 ** (depth + 1) - 1)
    padding = last["effective padding"]
    assert "ceiling(ceiling" not in padding and "floor(floor" not in padding  # one rounding per term
    assert padding.count("ceiling(") <= 2 * depth
    # the printed expression (our own output, parsed in the test) at concrete sizes, against the loop above
    i = sympy.Symbol("i", integer=True, positive=True)
    expression = sympy.parse_expr(padding, local_dict={"i": i})
    for n in (1, 2, 3, 7, 1000, 2**40 + 3, 2**depth + 5):
        assert expression.subs(i, n) == _same_padding_by_hand(depth, n), n


# ----------------------------------------------------------------------------
# diagrams linear in the number of layers
# ----------------------------------------------------------------------------


def _calls(callback):
    """How many Python function calls ``callback`` makes (a count of work, not of seconds)."""
    count = 0

    def profile(frame, event, arg):
        nonlocal count
        if event == "call":
            count += 1

    sys.setprofile(profile)
    try:
        callback()
    finally:
        sys.setprofile(None)
    return count


def test_indirect_interaction_of_3000_layers_highlights_the_cone_by_hand(capsys, tmp_path):
    path = tmp_path / "x.mmd"
    status, out, err = run(capsys, "draw", "indirect-interaction", "--depth", "3000", "-o", str(path))
    assert (status, err) == (0, "")
    nodes, edges, filled = mermaid_parts(path.read_text())
    # 5 units a row (kernel 3, padding 1 keeps the size) in 3,001 rows; 13 edges a layer (3 taps, 2 at the ends)
    assert (len(nodes), len(edges)) == (5 * 3001, 13 * 3000)
    # the middle top unit reads 3 units below it, then all 5 in each of the 2,999 rows further down
    assert len(filled) == 1 + 3 + 5 * 2999


def test_indirect_interaction_work_grows_linearly_with_the_depth(capsys, tmp_path):
    def draw(depth):
        return lambda: run(capsys, "draw", "indirect-interaction", "--depth", str(depth), "-o", str(tmp_path / "x.mmd"))

    draw(10)()  # imports and caches warmed outside the count
    small, large = _calls(draw(300)), _calls(draw(1200))
    # four times the layers: four times the calls if linear, sixteen if each layer walked all layers (the bug)
    assert large < 5 * small, (small, large)

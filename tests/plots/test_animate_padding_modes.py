"""Animations with reflect, replicate and circular padding (issue 13): padding cells show what they copy.

Independent routes: torch's ``F.pad(mode=...)`` gives what each padding cell holds, torch's ``nn.Conv2d(padding_mode=)``
the output values the frames write.
"""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from symconv import Geometry, SymconvError
from symconv.plots.animate import COPIED_COLOR, EMPTY_COLOR, conv_animation, draw_step

from _tools import need_module

MODES = ("reflect", "replicate", "circular")


@pytest.mark.parametrize("mode", MODES)
def test_numeric_frames_write_what_torch_pads_and_computes(mode):
    torch = need_module("torch")
    geometry = Geometry(3, padding=(2, 1), padding_mode=mode, ndim=2)
    values = np.arange(20.0).reshape(4, 5)
    weights = np.arange(9.0).reshape(3, 3) - 4
    padded = torch.nn.functional.pad(torch.tensor(values)[None, None], (1, 1, 2, 2), mode=mode)[0, 0].numpy()
    conv = torch.nn.Conv2d(1, 1, 3, padding=(2, 1), padding_mode=mode, bias=False).double()
    with torch.no_grad():
        conv.weight.copy_(torch.tensor(weights)[None, None])
    expected = conv(torch.tensor(values)[None, None])[0, 0].detach().numpy()
    from symconv.plots._sweep import Sweep

    sweep = Sweep(geometry, (4, 5), numeric=True, values=values, weights=weights)
    # every cell of the drawn plane holds what torch's padding puts there (x: column, y: row; padding negative)
    for kind in ("input", "padding"):
        for x, y in sweep.cells[kind]:
            assert sweep.value(x, y) == padded[y + 2, x + 1], (kind, x, y)
    assert [sweep.result(step)[0] for step in range(sweep.n_steps)] == pytest.approx(expected.ravel())
    drawn = draw_step(0, geometry, (4, 5), values=values, weights=weights)
    texts = {t.get_text() for t in drawn["input"].axes.texts}
    written = " ".join(texts).replace("\u2212", "-")  # numbers are written with a true minus sign
    assert f"= {expected[0, 0]:g}" in written and mode in written  # the output's sum and the title


def test_a_copying_mode_draws_numbers_by_default_and_tints_padding_without_them():
    drawn = draw_step(0, Geometry(3, padding=1, padding_mode="circular", ndim=2), 4)
    texts = [t.get_text() for t in drawn["input"].axes.texts]
    # the default values 0..15: the padding cell before (0, 0) wraps to the last row and column, value 15
    assert "15" in texts and texts.count("15") >= 2
    plain = draw_step(0, Geometry(3, padding=1, padding_mode="circular", ndim=2), 4, numeric=False)
    from matplotlib.colors import to_rgba

    assert tuple(plain["padding"].get_facecolor()[0]) == pytest.approx(to_rgba(COPIED_COLOR))
    zeros = draw_step(0, Geometry(3, padding=1, ndim=2), 4, numeric=False)
    assert tuple(zeros["padding"].get_facecolor()[0]) == pytest.approx(to_rgba(EMPTY_COLOR))


def test_the_gif_has_a_frame_per_output_and_names_the_mode():
    zeros = Image.open(io.BytesIO(bytes(conv_animation(4, 3, padding=1, numeric=False))))
    circular = Image.open(io.BytesIO(bytes(conv_animation(4, 3, padding=1, padding_mode="circular", numeric=False))))
    assert zeros.n_frames == circular.n_frames == 16
    assert circular.size[0] > zeros.size[0]  # the title is longer by the mode's name


def test_refusals():
    with pytest.raises(SymconvError, match="padding_mode: transposed convolution pads only with zeros"):
        conv_animation(3, 3, stride=2, transposed=True, padding_mode="reflect")
    with pytest.raises(SymconvError, match="reflect padding needs each pad smaller than the input"):
        conv_animation(3, 3, padding=3, padding_mode="reflect")
    with pytest.raises(SymconvError, match="matrix: the matrix view"):
        conv_animation(4, 3, padding=1, padding_mode="circular", matrix=True)
    with pytest.raises(SymconvError, match="padding_mode: pooling pads with zeros"):
        draw_step(0, Geometry(3, padding=1, padding_mode="reflect", ndim=2), 4, operation="max")

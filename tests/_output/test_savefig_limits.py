"""GIF frame times: a GIF keeps them in 16 bits of hundredths of a second, so fps is refused up front past that."""

from __future__ import annotations

import io
import time

import numpy as np
import pytest
from PIL import Image

from symconv import SymconvError
from symconv._output.savefig import MAX_GIF_DURATION_MS, frame_duration_ms, gif_bytes

FRAMES = [np.zeros((2, 2, 3), np.uint8), np.full((2, 2, 3), 255, np.uint8)]


@pytest.mark.parametrize("fps", [1e-9, 1e-3, float("inf"), float("nan"), 0, -2])
def test_fps_outside_what_a_gif_holds_is_refused(fps):
    with pytest.raises(SymconvError) as info:
        gif_bytes(FRAMES, fps=fps)
    assert info.value.parameter == "fps"


@pytest.mark.parametrize("duration", [float("inf"), MAX_GIF_DURATION_MS + 1, 10**30])
def test_durations_past_sixteen_bits_are_refused(duration):
    with pytest.raises(SymconvError) as info:
        gif_bytes(FRAMES, duration_ms=duration)
    assert info.value.parameter == "duration_ms"


def test_the_longest_frame_is_written_and_read_back():
    data = gif_bytes(FRAMES, duration_ms=MAX_GIF_DURATION_MS)
    assert Image.open(io.BytesIO(data)).info["duration"] == MAX_GIF_DURATION_MS
    assert frame_duration_ms(fps=1000 / MAX_GIF_DURATION_MS) == pytest.approx(MAX_GIF_DURATION_MS)


def test_an_animation_refuses_its_fps_before_drawing_a_frame():
    from symconv.plots.animate import conv_animation

    start = time.process_time()
    with pytest.raises(SymconvError, match="fps"):
        conv_animation(7, 3, fps=1e-9)
    assert time.process_time() - start < 0.5

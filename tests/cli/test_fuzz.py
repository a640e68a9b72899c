"""Hostile command lines: every command's options with values chosen to break them.

Whatever arrives, a command ends with a result, or with one line on stderr
(exit status 2) -- never a traceback or an internal error -- quickly, and
leaves no temporary file behind.  The run is small by default;
``SYMCONV_FUZZ_EXAMPLES=5000`` tries more.
"""

from __future__ import annotations

import os
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ._helpers import run

EXAMPLES = int(os.environ.get("SYMCONV_FUZZ_EXAMPLES", "150"))

HOSTILE = [
    "0", "-1", "1", "2", "3", "9" * 4300, "9" * 4301, "9" * 400, "9" * 25, str(2**53 + 1), "1,2", "1,2,3",
    ",".join(["2"] * 300), "", " ", "x", "nan", "inf", "1e999", "0.5", "same", "full", "valid", "SAME", "0:1",
    "1:0,0:1", "t3:2:1", "3:2:1", "3:2:same,3:2:1", "3:1:1:1:1", "t3:1000000000:1", "__import__('os')", "\n", "é",
    "-", "a" * 100_000, "x3", "s2,2", "W", "1,-1", "2,3", "LR", "vgg16", "lenet5", "padding_strides", "zh", "en",
    "fc-to-conv", "convolution-commutes", "main", "*",
]

# command -> its options (flags take no value)
OPTIONS = {
    "shape": ["--input", "--kernel", "--stride", "--padding", "--dilation", "--output-padding", "--transposed",
              "--pool", "--ceil-mode", "--from", "--auto-pad", "--pads", "--output-shape"],
    "matrix": ["--input", "--kernel", "--stride", "--padding", "--dilation", "--channels", "--groups", "--transposed",
               "--output-padding", "--weights", "--symbolic", "--latex"],
    "rf": ["--layers", "--network", "--input-size"],
    "draw": ["--input", "--kernel", "--stride", "--padding", "--dilation", "--layers", "--depth", "--node", "--tap",
             "--full", "--no-full", "--show-padding", "--direction", "--transposed", "--output-padding", "--config",
             "--channels", "--groups", "--network", "--lang"],
    "derive": ["--format", "--lang", "--list"],
    "verify": ["--only", "--seed", "--impl", "--cases"],
    "build": ["--only", "--lang"],
}
FLAGS = {"--transposed", "--pool", "--ceil-mode", "--latex", "--full", "--no-full", "--show-padding", "--list"}
# what each command is given before the hostile options (build only lists: checking renders the whole table)
BASE = {
    "shape": ["--input", "5", "--kernel", "3"],
    "matrix": ["--input", "4", "--kernel", "2"],
    "rf": ["--layers", "3:1:1"],
    "derive": ["fc-to-conv"],
    "verify": ["--only", "convolution-commutes"],
    "build": ["--list"],
}
KINDS = {
    "sparse-from-below": ["mmd", "dot", "tex", "svg", "gif"],
    "sparse-from-above": ["mmd", "png"],
    "indirect-interaction": ["mmd", "tex"],
    "parameter-sharing": ["dot", "pdf"],
    "animation": ["gif"],
    "matrix": ["svg", "mmd"],
    "receptive-field": ["svg", "png"],
}


@st.composite
def command_lines(draw):
    command = draw(st.sampled_from(sorted(OPTIONS)))
    if command == "draw":
        kind = draw(st.sampled_from(sorted(KINDS)))
        argv = ["draw", kind, "-o", f"out.{draw(st.sampled_from(KINDS[kind]))}"]
    else:
        argv = [command, *BASE[command]]
    for option in draw(st.lists(st.sampled_from(OPTIONS[command]), min_size=1, max_size=3, unique=True)):
        argv += [option] if option in FLAGS else [option, draw(st.sampled_from(HOSTILE))]
    return argv


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(argv=command_lines())
def test_a_result_or_one_line_quickly_and_no_litter(capsys, tmp_path, monkeypatch, argv):
    monkeypatch.chdir(tmp_path)
    started = time.monotonic()
    status, out, err = run(capsys, *argv)
    seconds = time.monotonic() - started
    shown = [a if len(a) < 40 else f"{a[:20]}...({len(a)} characters)" for a in argv]
    assert status in (0, 2), (shown, status, err[:300])
    assert "internal error" not in err and "Traceback" not in err, (shown, err[:300])
    if status == 2:
        assert out == "" and err.startswith("symconv: error: ") and err.count("\n") == 1, (shown, err[:300])
        assert len(err) < 5000, shown
    assert seconds < 20, (shown, seconds)
    assert not list(tmp_path.rglob("*.tmp")), shown
    for written in tmp_path.iterdir():
        written.unlink()

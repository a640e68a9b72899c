import doctest
import os
import sys
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

from hypothesis import settings

settings.register_profile("ci", max_examples=60, deadline=None)
settings.register_profile("dev", max_examples=30, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

sys.path.append(str(Path(__file__).parent / "tests"))  # the tests' helpers, for the doctest hook below

#: ``# doctest: +NEEDS_CHINESE_FONT`` marks a docstring example that draws Chinese: it runs where matplotlib has a
#: font with Chinese glyphs and is skipped where none is (and fails under SYMCONV_REQUIRE_TOOLS, as the tests do);
#: the docstring's other examples run either way.
NEEDS_CHINESE_FONT = doctest.register_optionflag("NEEDS_CHINESE_FONT")

_skipped_examples = {}  # why -> ["<doctest> (<how many examples>)", ...], for the summary


def pytest_runtest_setup(item):
    if not isinstance(item, pytest.DoctestItem):
        return
    flagged = [example for example in item.dtest.examples if example.options.get(NEEDS_CHINESE_FONT)]
    if not flagged:
        return
    from _chinese import need_chinese_font

    try:
        need_chinese_font()  # fails here under SYMCONV_REQUIRE_TOOLS without the font
    except pytest.skip.Exception as skip:
        if len(flagged) == len(item.dtest.examples):
            raise  # skipped whole, with the reason
        for example in flagged:
            example.options[doctest.SKIP] = True
        _skipped_examples.setdefault(skip.msg, []).append(f"{item.nodeid} ({len(flagged)})")


def pytest_terminal_summary(terminalreporter):
    for reason, doctests in _skipped_examples.items():
        terminalreporter.section("doctest examples skipped")
        terminalreporter.line(f"the examples marked NEEDS_CHINESE_FONT did not run ({reason}) in")
        for name in doctests:
            terminalreporter.line(f"  {name}")

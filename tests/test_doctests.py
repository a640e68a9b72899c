"""The doctest option NEEDS_CHINESE_FONT (conftest.py): an example drawing Chinese runs where a font has the glyphs.

The option is tried on a module written here, in a pytest run of its own: once as this machine is, once with
the fonts hidden (a ``sitecustomize`` that empties the font search of :mod:`symconv._output.fonts`, as on a bare
machine), once more with ``SYMCONV_REQUIRE_TOOLS`` set.  The examples' expected outputs are wrong on purpose, so
an example that runs shows up as a failure naming what it expected.
"""

from __future__ import annotations

import doctest
import importlib
import os
import pkgutil
import re
import subprocess
import sys

from _chinese import need_chinese_font
from _tools import ROOT

import symconv

EXAMPLES = '''
def mixed():
    """
    >>> 1 + 1  # doctest: +NEEDS_CHINESE_FONT
    3
    >>> 2 * 3
    7
    """


def only_chinese():
    """
    >>> 2 + 2  # doctest: +NEEDS_CHINESE_FONT
    5
    """
'''

NO_FONT = """
import symconv._output.fonts as _fonts

_fonts._candidates = lambda: iter(())
_fonts._fandol_family = lambda: None
"""


def run_examples(tmp_path, *, font: bool, require: bool = False) -> subprocess.CompletedProcess:
    """pytest on EXAMPLES with this repository's conftest.py, with or without the fonts."""
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    (tmp_path / "examples.py").write_text(EXAMPLES)
    paths = [str(ROOT)]
    if not font:
        (tmp_path / "site").mkdir()
        (tmp_path / "site" / "sitecustomize.py").write_text(NO_FONT)
        paths.append(str(tmp_path / "site"))
    env = {key: value for key, value in os.environ.items() if key != "SYMCONV_REQUIRE_TOOLS"}
    env["PYTHONPATH"] = os.pathsep.join([*paths, env.get("PYTHONPATH", "")])
    if require:
        env["SYMCONV_REQUIRE_TOOLS"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "conftest", "-p", "no:cacheprovider", "--doctest-modules", "-rs"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def expected(output: str) -> list:
    """The expected outputs of the examples that ran and failed, in the order reported."""
    return re.findall(r"^Expected:\n\s+(\S+)\nGot:", output, re.MULTILINE)


def test_with_a_font_the_chinese_examples_run(tmp_path):
    need_chinese_font()
    run = run_examples(tmp_path, font=True)
    assert run.returncode == 1, run.stdout
    assert expected(run.stdout) == ["3", "5"]  # the first failure of each docstring: its font example
    assert "2 failed" in run.stdout


def test_without_a_font_they_are_skipped_and_the_others_run(tmp_path):
    run = run_examples(tmp_path, font=False)
    assert expected(run.stdout) == ["7"]  # mixed: the example without the option ran, the one with it did not
    assert re.search(r"SKIPPED \[1\] .*a font with Chinese glyphs .* is not installed", run.stdout), run.stdout
    assert "1 failed, 1 skipped" in run.stdout
    summary = run.stdout.split("doctest examples skipped", 1)[1]
    assert "examples.py::examples.mixed (1)" in summary


def test_without_a_font_they_fail_when_the_tools_are_required(tmp_path):
    run = run_examples(tmp_path, font=False, require=True)
    assert expected(run.stdout) == []  # nothing ran
    assert run.stdout.count("Failed: SYMCONV_REQUIRE_TOOLS is set but a font with Chinese glyphs") == 2
    assert "2 errors" in run.stdout


def chinese_examples():
    """Every docstring example that draws Chinese with matplotlib or looks for the font.

    Those are in the modules that fall back to the font (they use ``family_for``); Chinese text elsewhere (the
    derivation pages, the Mermaid and TikZ graphs) needs no font.
    """
    finder = doctest.DocTestFinder()
    for info in pkgutil.walk_packages(symconv.__path__, "symconv."):
        if info.name.endswith(".__main__"):  # runs the command line
            continue
        module = importlib.import_module(info.name)
        if not hasattr(module, "family_for"):
            continue
        for test in finder.find(module):
            for example in test.examples:
                if 'lang="zh"' in example.source or re.search(r"(?<!use_)chinese_family\(", example.source):
                    yield test.name, example


def test_the_package_marks_its_chinese_examples_to_run_where_a_font_is():
    found = list(chinese_examples())
    assert {name.rsplit(".", 1)[0] for name, _ in found} == {
        "symconv._output.fonts", "symconv.plots.animate", "symconv.plots.matrix", "symconv.plots.receptive"
    }
    flag = doctest.OPTIONFLAGS_BY_NAME["NEEDS_CHINESE_FONT"]
    for name, example in found:
        assert example.options.get(flag) and not example.options.get(doctest.SKIP), (name, example.source)

"""symconv.testing.plugin: the fixtures in a pytest run of someone's test file, the entry point, and the README's example.

Each run is a separate ``python -m pytest`` with plugin autoloading off and
the plugin named (``-p symconv.testing.plugin``), so the result does not
depend on whether this checkout is installed.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_pytest(path: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1", "MPLBACKEND": "Agg",
           "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "_hypothesis_pytestplugin", "-p", "symconv.testing.plugin",
               "-p", "no:cacheprovider", str(path), *args]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_the_fixtures_in_a_test_file_of_ones_own(tmp_path):
    test_file = tmp_path / "test_mine.py"
    test_file.write_text(textwrap.dedent('''
        import numpy as np
        import pytest
        from hypothesis import given, settings
        from symconv.testing import conv_cases, pool_cases

        def my_conv(x, w, bias=None, **kwargs):
            import symconv
            return symconv.numeric.conv(x, w, bias, **kwargs)

        def flipped(x, w, bias=None, **kwargs):
            return my_conv(x, w[..., ::-1], bias, **kwargs)

        @settings(max_examples=25, deadline=None)
        @given(case=conv_cases(ndim=1))
        def test_with_hypothesis(case, assert_conv_matches):
            assert_conv_matches(my_conv, *case.args, **case.kwargs)

        def test_without_hypothesis(symconv_cases, assert_max_pool_matches, conv_reference):
            cases = symconv_cases.max_pool(10)
            assert len(cases) == 10
            for case in cases:
                assert_max_pool_matches(conv_reference.max_pool, *case.args, **case.kwargs)

        def test_the_same_cases_every_run(symconv_cases):
            print("FIRST", symconv_cases.conv(1)[0].seed)

        def test_check_implementation(check_implementation):
            report = check_implementation(conv=my_conv, cases=5, identities=False)
            assert report.passed

        def test_every_assertion_is_a_fixture(request):
            for name in ("conv", "conv_transpose", "max_pool", "avg_pool", "deform_conv2d", "conv_grad_input",
                         "conv_grad_weight", "conv_grad_bias", "correlate", "convolve"):
                assert callable(request.getfixturevalue(f"assert_{name}_matches"))

        @settings(max_examples=25, deadline=None)
        @given(case=conv_cases(ndim=1, padding_forms=("int",)))
        def test_a_bug_fails(case, assert_conv_matches):
            assert_conv_matches(flipped, *case.args, **case.kwargs)
    '''))
    first = run_pytest(test_file, "-s", cwd=tmp_path)
    assert re.search(r"^1 failed, 5 passed", first.stdout, re.M), first.stdout + first.stderr
    assert "FAILED test_mine.py::test_a_bug_fails" in first.stdout
    assert "looks like: the kernel flipped" in first.stdout
    second = run_pytest(test_file, "-s", "-k", "same_cases", cwd=tmp_path)
    seeds = [re.findall(r"FIRST (\d+)", out.stdout) for out in (first, second)]
    assert seeds[0] == seeds[1] and len(seeds[0]) == 1


def test_the_plugin_can_be_turned_off(tmp_path):
    test_file = tmp_path / "test_off.py"
    test_file.write_text("def test_it(assert_conv_matches):\n    pass\n")
    env = {**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1", "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(test_file)], cwd=tmp_path,
                         env=env, capture_output=True, text=True, timeout=300)
    assert "fixture 'assert_conv_matches' not found" in out.stdout


def test_pyproject_declares_the_entry_point():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["entry-points"]["pytest11"] == {"symconv": "symconv.testing.plugin"}
    assert "hypothesis>=6" in project["optional-dependencies"]["test"]


def test_the_installed_entry_point_names_the_plugin_where_symconv_is_installed():
    from importlib.metadata import entry_points

    found = [ep for ep in entry_points(group="pytest11") if ep.name == "symconv"]
    if not found:
        pytest.skip("this checkout is not installed with its pytest11 entry point (pip install -e . adds it)")
    assert found[0].value == "symconv.testing.plugin"


def test_the_readme_example_file_runs_and_catches_its_bug():
    """examples/test_your_conv.py: the fixed convolution passes, the buggy one is caught and named."""
    out = run_pytest(ROOT / "examples" / "test_your_conv.py", cwd=ROOT)
    assert out.returncode == 0 and "3 passed" in out.stdout, out.stdout + out.stderr


def test_importing_symconv_imports_neither_the_testing_room_nor_hypothesis():
    code = ("import sys, symconv, symconv.numeric; print('hypothesis' in sys.modules, 'symconv.testing' in sys.modules); "
            "import symconv.testing; print('hypothesis' in sys.modules); symconv.testing.conv_cases; "
            "print('hypothesis' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT).stdout
    assert out.split() == ["False", "False", "False", "True"]

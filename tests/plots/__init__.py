"""Tests of symconv.plots (a package: tests/test_matrix.py and tests/test_receptive.py test other modules)."""

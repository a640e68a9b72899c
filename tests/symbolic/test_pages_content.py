"""The old module path symconv.symbolic.pages_content: a shim re-exporting each page's make()."""

import importlib

from symconv.symbolic import pages_content

MOVED = {
    "shape_arithmetic": "shape_arithmetic", "cross_correlation": "cross_correlation",
    "padding_stride_dilation": "padding_stride_dilation", "channels": "channels", "pooling": "pooling",
    "groups_separable": "groups_separable", "transposed": "transposed", "deformable": "deformable",
    "receptive_fields": "receptive_fields", "equivariance": "equivariance", "parameter_counting": "parameter_counting",
}  # fmt: skip


def test_every_old_function_is_the_page_modules_make():
    assert sorted(pages_content.__all__) == sorted(MOVED)
    for old, module in MOVED.items():
        assert getattr(pages_content, old) is importlib.import_module(f"symconv.pages.{module}").make, old
    from symconv.pages import cross_correlation, parameter_counting, receptive_fields

    assert pages_content.NOTES_OUTPUT is cross_correlation.NOTES_OUTPUT
    assert pages_content.LENET5_PUBLISHED is parameter_counting.LENET5_PUBLISHED
    assert pages_content.PUBLISHED_RECEPTIVE_FIELDS is receptive_fields.PUBLISHED_RECEPTIVE_FIELDS

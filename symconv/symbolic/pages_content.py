"""Moved: each derivation page is a module of :mod:`symconv.pages` (its ``make()``).

This path re-exports the old functions for one release.
"""

from ..pages.channels import make as channels  # noqa: F401
from ..pages.cross_correlation import NOTES_INPUT, NOTES_KERNEL, NOTES_OUTPUT  # noqa: F401
from ..pages.cross_correlation import make as cross_correlation  # noqa: F401
from ..pages.deformable import make as deformable  # noqa: F401
from ..pages.equivariance import make as equivariance  # noqa: F401
from ..pages.groups_separable import make as groups_separable  # noqa: F401
from ..pages.padding_stride_dilation import make as padding_stride_dilation  # noqa: F401
from ..pages.parameter_counting import LENET5_PUBLISHED  # noqa: F401
from ..pages.parameter_counting import make as parameter_counting  # noqa: F401
from ..pages.pooling import make as pooling  # noqa: F401
from ..pages.receptive_fields import PUBLISHED_RECEPTIVE_FIELDS  # noqa: F401
from ..pages.receptive_fields import make as receptive_fields  # noqa: F401
from ..pages.shape_arithmetic import make as shape_arithmetic  # noqa: F401
from ..pages.transposed import make as transposed  # noqa: F401

__all__ = [
    "shape_arithmetic",
    "cross_correlation",
    "padding_stride_dilation",
    "channels",
    "pooling",
    "groups_separable",
    "transposed",
    "deformable",
    "receptive_fields",
    "equivariance",
    "parameter_counting",
]

"""build.entries names the parameter for every kind of ``only`` it cannot read."""

from __future__ import annotations

import pytest

from symconv.build import entries


@pytest.mark.parametrize("only", [5, 2.5, b"pooling", {"pooling": 1}, object()])
def test_only_of_the_wrong_kind_is_a_type_error_naming_it(only):
    with pytest.raises(TypeError, match=r"^only: expected an entry name or an iterable of names"):
        entries(only=only)


def test_names_and_iterables_still_select():
    assert [e.name for e in entries(only="pooling", lang="en")] == ["pooling"]
    assert [e.name for e in entries(only=("pooling",), lang="en")] == ["pooling"]
    with pytest.raises(TypeError, match="only: expected entry names"):
        entries(only=[5])

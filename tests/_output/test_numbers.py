"""symconv._output.numbers: integers written out while short, ~d.dde+N past 60 digits, never through str() then."""

from __future__ import annotations

import sys
from decimal import Decimal, localcontext

import pytest

from symconv._output.numbers import MAX_DIGITS, int_text, shorten_numbers


def scientific(value: int) -> str:
    """The expected text by another route: Decimal rounds to three significant digits (half-even)."""
    with localcontext() as context:
        context.prec = 3
        mantissa, exponent = f"{+Decimal(abs(value)):.2e}".split("e")
    return f"~{'-' if value < 0 else ''}{mantissa}e+{int(exponent)}"


@pytest.mark.parametrize("value", [0, 7, -7, 10**59, 10**60 - 1, -(10**60 - 1), 123_456_789])
def test_up_to_60_digits_written_out(value):
    assert int_text(value) == str(value)
    assert int_text(value, grouped=True) == f"{value:,}"


@pytest.mark.parametrize(
    "value",
    [10**60, -(10**60), 2**200, 3**1000, 2**14_400, 7 * 10**5000 + 3, -(5 * 10**9000), 10**20_000 - 1],
    ids=["10^60", "-10^60", "2^200", "3^1000", "2^14400", "7*10^5000+3", "-5*10^9000", "10^20000-1"],
)
def test_past_60_digits_scientific(value):
    digits = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)  # the expected text may read the digits; int_text must not
    try:
        expected = scientific(value)
    finally:
        sys.set_int_max_str_digits(digits)
    assert int_text(value) == expected
    assert int_text(value, grouped=True) == expected


def test_no_digits_are_printed_for_a_huge_number():
    # 10^100000 - 1 has 100,000 digits: far past what Python prints; the text comes from its logarithm
    assert int_text(10**100_000 - 1) == "~1.00e+100000"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("no numbers", "no numbers"),
        ("reached " + "9" * 61 + " edges", "reached ~1.00e+61 edges"),
        ("exactly 60: " + "9" * 60, "exactly 60: " + "9" * 60),
        ("leading zeros " + "0" * 70 + "12", "leading zeros 12"),
        ("zeros " + "0" * 70, "zeros 0"),
        (f"{10 ** 80:,} x 2,100", "~1.00e+80 x 2,100"),
        (f"{10 ** 59:,} x {12345 * 10 ** 70}", f"{10 ** 59:,} x ~1.23e+74"),
        ("a=" + "5" * 100 + ", b=" + "1" * 3, "a=~5.56e+99, b=111"),
    ],
)
def test_shorten_numbers_in_text(text, expected):
    assert shorten_numbers(text) == expected


def test_the_bound_is_sixty():
    assert MAX_DIGITS == 60

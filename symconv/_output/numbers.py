"""Integers as text for people: exact while they are short, abbreviated when they are too long to read.

Python refuses to turn an int of more than 4300 digits into text (and a
table of such numbers could not be read anyway), so tables and messages
write a number of more than :data:`MAX_DIGITS` digits in scientific form,
``~1.27e+4334``, computed from its logarithm, never from its digits.
"""

from __future__ import annotations

import math
import re

__all__ = ["MAX_DIGITS", "int_text", "shorten_numbers"]

#: Longest number written out digit by digit.
MAX_DIGITS = 60

# more than MAX_DIGITS digits, written out or in groups of three (12,345,...)
_LONG_RUN = re.compile(rf"\d{{1,3}}(?:,\d{{3}}){{{MAX_DIGITS // 3},}}(?!\d)|\d{{{MAX_DIGITS + 1},}}")


def _scientific(negative: bool, log10: float) -> str:
    exponent = math.floor(log10)
    mantissa = f"{10 ** (log10 - exponent):.2f}"
    if mantissa == "10.00":  # 9.996... rounds up
        mantissa, exponent = "1.00", exponent + 1
    return f"~{'-' if negative else ''}{mantissa}e+{exponent}"


def int_text(value: int, *, grouped: bool = False) -> str:
    """``value`` written out, or ``~d.dde+N`` when it has more than :data:`MAX_DIGITS` digits.

    Parameters
    ----------
    value : int
    grouped : bool, default False
        Thousands separated by commas (``12,000``) when written out.

    Examples
    --------
    >>> int_text(12000), int_text(12000, grouped=True)
    ('12000', '12,000')
    >>> int_text(2 ** 14400)
    '~6.79e+4334'
    >>> int_text(-(10 ** 100))
    '~-1.00e+100'
    """
    value = int(value)
    bound = 10**MAX_DIGITS
    if -bound < value < bound:
        return f"{value:,}" if grouped else str(value)
    return _scientific(value < 0, math.log10(abs(value)))


def shorten_numbers(text: str) -> str:
    """``text`` with every number of more than :data:`MAX_DIGITS` digits (plain or grouped by commas) as ``~d.dde+N``.

    For text that already holds the digits (a message, a table); the run is
    read from its first digits and its length.

    Examples
    --------
    >>> shorten_numbers("reached " + "9" * 70 + " edges")
    'reached ~1.00e+70 edges'
    >>> shorten_numbers(f"the matrix would be {10 ** 80:,} x 2,100")
    'the matrix would be ~1.00e+80 x 2,100'
    >>> shorten_numbers("12 x 34")
    '12 x 34'
    """

    def short(match) -> str:
        digits = match.group().replace(",", "").lstrip("0")
        if len(digits) <= MAX_DIGITS:
            return digits or "0"
        head = digits[:16]
        return _scientific(False, math.log10(int(head)) + len(digits) - len(head))

    return _LONG_RUN.sub(short, text)

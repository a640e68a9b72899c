"""The page parameter-counting: LeNet-5 as published and the notes' photograph."""

from __future__ import annotations

import re


def test_parameter_counting_page_has_lenet_and_the_notes_example(render):
    text = render("parameter-counting")
    # LeCun et al. 1998: C3 has 1,516 trainable parameters and 151,600 connections
    assert re.search(r"^\| C3 \| \$16 \\times 10 \\times 10\$ \| 1,516 \| 150,000 \| 151,600 \|", text, re.M)
    assert "3,600,000,000" in text and "3.6 \\cdot 10^{9}" in text
    assert "| 7,500 |" in text

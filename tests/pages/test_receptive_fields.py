"""The page receptive-fields: the published receptive fields of LeNet-5, AlexNet and VGG-16."""

from __future__ import annotations


def test_receptive_field_page_has_the_published_tables(render):
    text = render("receptive-fields")
    # Araujo et al. (Distill 2019) and the networks' own docs: VGG-16 pool5 212 / 32 / 90 on 224
    assert "| pool5 | pool | 7 | 212 | 32 | 90 |" in text
    assert "| C5 | conv | 1 | 32 | 4 | 0 |" in text  # LeNet-5
    assert "| conv1 | conv | 55 | 11 | 4 | 2 |" in text  # torchvision AlexNet
    assert "| pool5 | 池化 | 7 | 212 | 32 | 90 |" in render("receptive-fields", "zh")
